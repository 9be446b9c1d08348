"""The roadmap records: figures and ratings exactly as the reference gives them; stable item ids."""

from __future__ import annotations

import pytest

from drill.roadmap import ACTION_PLAN_IDS, load, plan_progress
from drill.roadmap_pages import pages, search
from drill.roadmap_types import ROLE_SLUGS, Money

K = 1000


@pytest.fixture(scope="module")
def roadmap():
    return load()


# Every salary figure of the reference (United States, 2024), in dollars a year.
SALARY = {
    "Junior ML Engineer": dict(years=(0, 2), base=(100 * K, 150 * K), stock=(20 * K, 50 * K),
                               bonus=(10 * K, 30 * K), total=(130 * K, 230 * K), top=None),
    "ML Engineer": dict(years=(2, 4), base=(150 * K, 200 * K), stock=(50 * K, 100 * K),
                        bonus=(20 * K, 50 * K), total=(220 * K, 350 * K), top=(300 * K, 450 * K)),
    "Senior ML Engineer": dict(years=(4, 7), base=(180 * K, 250 * K), stock=(100 * K, 300 * K),
                               bonus=(30 * K, 80 * K), total=(310 * K, 630 * K),
                               top=(400 * K, 700 * K)),
    "Staff ML Engineer": dict(years=(7, 10), base=(220 * K, 300 * K), stock=(200 * K, 500 * K),
                              bonus=(50 * K, 150 * K), total=(470 * K, 950 * K),
                              top=(600 * K, 1_200 * K)),
}
JUNIOR_BASE_BY_LOCATION = {"SF Bay Area": (140 * K, 200 * K), "Seattle": (130 * K, 180 * K),
                           "NYC": (130 * K, 190 * K), "Austin": (110 * K, 150 * K),
                           "Remote": (100 * K, 140 * K)}

# The skill matrix: skill -> stars for ML Eng, Data Sci, Research Sci, MLOps, CV Eng, NLP Eng.
MATRIX = {
    "Programming": (5, 4, 4, 5, 5, 5),
    "Math/Stats": (4, 5, 5, 2, 4, 4),
    "ML Algorithms": (5, 4, 5, 3, 5, 5),
    "Software Eng": (5, 3, 3, 5, 4, 4),
    "DevOps": (4, 2, 2, 5, 3, 3),
    "Communication": (3, 5, 4, 3, 3, 3),
    "Research": (2, 3, 5, 1, 3, 3),
    "Domain Specific": (2, 3, 3, 2, 5, 5),
}


def as_pair(m: Money | None):
    return None if m is None else (m.low, m.high)


def test_every_salary_figure(roadmap):
    levels = {level.level: level for level in roadmap.salary.levels}
    assert set(levels) == set(SALARY)
    for name, expected in SALARY.items():
        level = levels[name]
        assert level.years == expected["years"], name
        assert (as_pair(level.base), as_pair(level.stock), as_pair(level.bonus),
                as_pair(level.total)) == (expected["base"], expected["stock"],
                                          expected["bonus"], expected["total"]), name
        assert as_pair(level.top_companies_total) == expected["top"], name
    junior = levels["Junior ML Engineer"].base_by_location
    assert {place: as_pair(m) for place, m in junior.items()} == JUNIOR_BASE_BY_LOCATION
    assert "2024" in roadmap.salary.source and "United States" in roadmap.salary.source


def test_company_tiers(roadmap):
    tiers = {tier.tier: tier.companies for tier in roadmap.salary.tiers}
    assert sorted(tiers) == [1, 2, 3, 4]
    for company in ("Meta", "Google", "OpenAI", "Anthropic", "DeepMind", "Databricks"):
        assert company in tiers[1]
    for company in ("Microsoft", "Nvidia", "Uber", "Stripe", "Coinbase"):
        assert company in tiers[2]


def test_every_skill_matrix_rating(roadmap):
    matrix = roadmap.matrix
    assert matrix.roles == ROLE_SLUGS
    assert list(matrix.skills) == list(MATRIX)
    for skill, stars in MATRIX.items():
        assert tuple(matrix.ratings[skill][role] for role in ROLE_SLUGS) == stars, skill
        assert all(isinstance(v, int) for v in matrix.ratings[skill].values())


def test_roles_paths_ladder_and_stages(roadmap):
    assert [role.slug for role in roadmap.roles] == list(ROLE_SLUGS)
    assert [(p.slug, p.months) for p in roadmap.paths] == [("beginner-to-mle", (12, 18)),
                                                           ("swe-to-mle", (6, 12))]
    beginner = roadmap.paths[0]
    assert beginner.periods[0].months == (1, 2) and beginner.periods[-1].months[1] == 18
    ladder = {step.title: step for step in roadmap.ladder}
    assert ladder["Junior ML Engineer"].years == (0, 2)
    assert ladder["Distinguished Engineer"].years == (15, None)
    assert ladder["VP of ML / Head of ML"].track == "management"
    stages = roadmap.interview.stages
    assert [(s.number, s.minutes) for s in stages] == [(1, (30, 45)), (2, (45, 60)),
                                                       (3, (240, 480)), (4, (240, 360))]
    assert [s.mock_format for s in stages] == ["recruiter", "technical", None, "onsite"]
    assert len(roadmap.interview.design_framework) == 7
    assert sum(len(g.questions) for g in roadmap.interview.questions) == 25


def test_item_ids_are_unique_and_every_deck_link_exists(roadmap):
    ids = [item.id for item in roadmap.items()]
    assert len(ids) == len(set(ids)) and len(ids) > 150
    from tests.test_bundled_decks import TITLES

    decks = {deck for stage in roadmap.interview.stages for deck in stage.decks}
    decks |= {area.deck for area in roadmap.interview.study}
    decks |= {group.deck for group in roadmap.interview.questions}
    assert decks <= set(TITLES)


def test_every_reference_section_has_a_page(roadmap):
    slugs = [page.slug for page in pages(roadmap)]
    for slug in ("roles", "matrix", "path:beginner-to-mle", "path:swe-to-mle", "portfolio",
                 "job-search", "interview", "ladder", "salary", "plan", "resources", "tips"):
        assert slug in slugs
    assert [s for s in slugs if s.startswith("role:")] == [f"role:{r}" for r in ROLE_SLUGS]


def test_search_and_plan_progress(roadmap):
    found = search(pages(roadmap), "negotiate")
    assert "salary" in [page.slug for page, _ in found]
    assert search(pages(roadmap), "zzzz-not-there") == []
    first = roadmap.action_plan[0].items[0].id
    assert plan_progress({first, "path.not-a-plan-item"}) == (1, 24)


def test_home_knows_the_action_plan_items_without_loading_the_roadmap(roadmap):
    content = tuple(item.id for month in roadmap.action_plan for item in month.items)
    assert content == ACTION_PLAN_IDS


def test_readiness_facts_are_the_contents(roadmap):
    """`drill stats` reads readiness's plain copy of the roadmap: it must be the records' own
    skills, materials (and each role's), stars and interview stages."""
    from drill.roadmap import readiness_facts

    assert readiness_facts() == readiness_facts(roadmap)
    skills, ratings, stages = readiness_facts()
    assert [skill for skill, _, _ in skills] == [item.skill for item in roadmap.skill_material]
    assert ratings == roadmap.matrix.ratings
    assert len(stages) == len(roadmap.interview.stages)
