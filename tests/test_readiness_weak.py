"""A debrief's weak stages in readiness: those stages and the skill rows with cards in their decks
are marked, come first, and such skill rows weigh WEAK_FACTOR times their stars overall."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from drill.clock import Calendar
from drill.roadmap_types import InterviewStage, Material, SkillMaterial
from drill.stats import WEAK_FACTOR, readiness
from tests.test_stats import add_cards, learned, log, store  # noqa: F401  (the fixture)

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def roadmap():
    def stage(number, name, decks):
        return InterviewStage(number, name, "30 min", (30, 30), (), (), decks, "technical")

    return SimpleNamespace(
        skill_material=(SkillMaterial("Alpha", Material(decks=("A",))),
                        SkillMaterial("Beta", Material(tags=("b",))),
                        SkillMaterial("Delta", Material(decks=("D",)))),
        matrix=SimpleNamespace(ratings={"Alpha": {"r1": 2}, "Beta": {"r1": 1},
                                        "Delta": {"r1": 1}}),
        interview=SimpleNamespace(stages=(stage(1, "Screen", ("A",)),
                                          stage(2, "Onsite", ("B",)))))


@pytest.fixture
def history(store):  # noqa: F811
    add_cards(store, [("a1", "A", "concept", ()), ("b1", "B", "concept", ("b",)),
                      ("d1", "D", "concept", ())])
    log(store, "a1", "2026-02-01", 4, after=learned(30, "2026-04-01"))  # mature: Alpha 50+
    log(store, "d1", "2026-02-01", 4, after=learned(30, "2026-04-01"))  # mature: Delta 50+
    return store


def scores(result):
    return {row.name: row.score for row in result.rows}


def test_without_weak_stages_nothing_changes(history):
    result = readiness(history, Calendar(UTC, 4), NOW, "r1", roadmap())
    assert not any(row.weak for row in result.rows) and result.weak_stages == ()
    assert [row.name for row in result.rows][:3] == ["Beta", "Alpha", "Delta"]  # weakest first
    s = scores(result)
    assert result.overall == pytest.approx(round((2 * s["Alpha"] + s["Beta"] + s["Delta"]) / 4, 1))


def test_a_weak_stage_marks_its_skills_by_deck_or_tag_and_weighs_them_more(history):
    plain = readiness(history, Calendar(UTC, 4), NOW, "r1", roadmap())
    result = readiness(history, Calendar(UTC, 4), NOW, "r1", roadmap(), weak=(2,))
    weak = {row.name for row in result.rows if row.weak}
    assert weak == {"Beta", "Stage 2: Onsite"}  # Beta's tagged card is in deck B, stage 2's
    assert scores(result) == scores(plain)  # rows keep their scores; only the weights change
    s = scores(result)
    expected = (2 * s["Alpha"] + WEAK_FACTOR * s["Beta"] + s["Delta"]) / (3 + WEAK_FACTOR)
    assert result.overall == pytest.approx(round(expected, 1))
    assert result.overall < plain.overall  # Beta, 0, weighs more
    assert [row.name for row in result.rows] == ["Beta", "Alpha", "Delta", "Stage 2: Onsite",
                                                 "Stage 1: Screen"]
    assert result.to_json()["weak_stages"] == [2]
    assert [row["weak"] for row in result.to_json()["rows"]][:2] == [True, False]


def test_a_weak_stage_puts_its_skill_first_though_it_scores_higher(history):
    result = readiness(history, Calendar(UTC, 4), NOW, "r1", roadmap(), weak=(1,))
    assert [(row.name, row.weak) for row in result.rows][:2] == [("Alpha", True), ("Beta", False)]
    s = scores(result)
    assert s["Alpha"] > s["Beta"]
    expected = (2 * WEAK_FACTOR * s["Alpha"] + s["Beta"] + s["Delta"]) / (2 * WEAK_FACTOR + 2)
    assert result.overall == pytest.approx(round(expected, 1))


def test_drill_stats_reads_the_weak_stages_from_the_debriefed_plan(isolated_home, monkeypatch,
                                                                    capsys):
    from drill.cli import main

    monkeypatch.setenv("DRILL_TEST_NOW", "2026-12-01T10:00:00+00:00")
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "plan.toml").write_text(
        "[[interview]]\ndate = 2026-11-20\ndebriefed = true\nweak_stages = [1]\n")
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["readiness"]
    assert data["weak_stages"] == [1]
    weak = [row["name"] for row in data["rows"] if row["weak"]]
    assert "Stage 1: Phone Screen" in weak and "Communication" in weak  # Behavioural (STAR)
    assert data["rows"][0]["name"] == "Communication"  # the only weak skill comes first
    assert main(["stats"]) == 0
    assert "Communication" in [line.split("  ")[1] for line in capsys.readouterr().out.splitlines()
                               if line.endswith("weak in an interview")]


@pytest.mark.parametrize("role", [None, "ml-engineer", "computer-vision", "nlp-llm"])
@pytest.mark.parametrize("weak", [(), (2,), (1, 4)])
def test_the_plain_facts_give_the_records_readiness(store, role, weak):  # noqa: F811
    """Readiness from drill/roadmap.py's plain copy (what `drill stats` uses) is the readiness
    from the roadmap's records, on cards of every bundled deck title and tag that a row names."""
    from drill.roadmap import load, readiness_facts

    skills, _, stages = readiness_facts()
    decks = sorted({d for _, (ds, _), by in skills for d in ds}
                   | {d for _, _, ds, _ in stages for d in ds}
                   | {d for _, _, by in skills for ds, _ in by.values() for d in ds})
    tags = sorted({t for _, (_, ts), by in skills for t in ts}
                  | {t for _, _, by in skills for _, ts in by.values() for t in ts})
    add_cards(store, [(f"d{n}", deck, "concept", ()) for n, deck in enumerate(decks)]
              + [(f"t{n}", "Other", "concept", (tag,)) for n, tag in enumerate(tags)])
    for n in range(0, len(decks), 2):
        log(store, f"d{n}", "2026-03-05", 4, interval=3, after=learned(30, "2026-04-01"))
    for n in range(0, len(tags), 3):
        log(store, f"t{n}", "2026-03-06", 2, interval=25, after=learned(1, "2026-03-07"))
    calendar = Calendar(UTC, 4)
    fast = readiness(store, calendar, NOW, role, weak=weak)
    slow = readiness(store, calendar, NOW, role, load(), weak=weak)
    assert fast == slow
    assert fast.to_json() == slow.to_json() and fast.overall is not None
