"""The ML career roadmap's record types (no Textual, no content).

Facts and figures (roles, skills, ratings, timelines, salary ranges, tiers, stages) follow the
roadmap reference exactly; every sentence is drill's own. The records themselves live in
`drill/roadmap_content/`, which imports these types; screens read them through
`drill.roadmap.load()`. Checkable items have stable ids, so ticks survive edits to the wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLE_SLUGS = ("ml-engineer", "data-scientist", "research-scientist", "mlops", "computer-vision",
              "nlp-llm")  # the same names the decks use in their `roles` metadata


@dataclass(frozen=True)
class Item:
    """One checkable line. `id` is stable and unique across the whole roadmap."""

    id: str
    text: str


@dataclass(frozen=True)
class Block:
    """A titled group of lines: plain `lines` (to read) and `items` (to tick off)."""

    title: str
    lines: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Section:
    """A page of blocks (portfolio, job search, resources, tips...)."""

    slug: str
    title: str
    intro: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Role:
    slug: str  # one of ROLE_SLUGS
    title: str
    summary: str
    what_they_do: tuple[str, ...]
    typical_day: tuple[tuple[str, tuple[str, ...]], ...]  # (part of the day, activities)
    required_skills: tuple[str, ...]
    background: tuple[str, ...]
    entry_points: tuple[str, ...]  # job titles people start with


@dataclass(frozen=True)
class SkillMatrix:
    skills: tuple[str, ...]
    roles: tuple[str, ...]  # role slugs, in column order
    ratings: dict[str, dict[str, int]]  # skill -> role slug -> stars (1-5)


@dataclass(frozen=True)
class Week:
    weeks: tuple[int, int]  # first and last week, within its period
    title: str
    items: tuple[Item, ...]
    resources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    months: tuple[int, int]  # first and last month of the path
    title: str
    weeks: tuple[Week, ...] = ()
    items: tuple[Item, ...] = ()  # for periods not split into weeks
    outcome: str = ""


@dataclass(frozen=True)
class LearningPath:
    slug: str
    title: str
    months: tuple[int, int]  # how long the path takes: from, to
    summary: str
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class Money:
    """A yearly range in US dollars (whole dollars)."""

    low: int
    high: int


@dataclass(frozen=True)
class SalaryLevel:
    level: str
    years: tuple[int, int | None]  # experience, None = open-ended
    base: Money
    stock: Money  # per year
    bonus: Money
    total: Money
    top_companies_total: Money | None = None
    base_by_location: dict[str, Money] = field(default_factory=dict)


@dataclass(frozen=True)
class CompanyTier:
    tier: int
    name: str
    companies: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Salary:
    source: str  # where and when the figures come from
    levels: tuple[SalaryLevel, ...]
    tiers: tuple[CompanyTier, ...]
    other_figures: tuple[Block, ...]  # any further figures in the reference, in our words
    negotiation_do: tuple[str, ...]
    negotiation_dont: tuple[str, ...]
    script: tuple[str, ...]  # a negotiation script, line by line


@dataclass(frozen=True)
class LadderStep:
    title: str
    years: tuple[int, int | None]
    track: str  # "shared", "technical" or "management"
    parent: str | None  # title of the step it grows from


@dataclass(frozen=True)
class Advancement:
    step: str  # e.g. "Junior → Mid-level"
    skills: tuple[str, ...]


@dataclass(frozen=True)
class InterviewStage:
    number: int
    name: str
    duration: str  # as the reference gives it, e.g. "30-45 min", "4-8 hours"
    minutes: tuple[int, int]  # the same duration in minutes (low, high)
    what_happens: tuple[str, ...]
    prep: tuple[Item, ...]
    decks: tuple[str, ...]  # deck titles that practise this stage
    mock_format: str | None  # a drill mock format name ("recruiter", "technical", "onsite")


@dataclass(frozen=True)
class StudyArea:
    name: str
    topics: tuple[str, ...]
    targets: tuple[str, ...]  # e.g. "100 easy problems", time to spend
    deck: str  # the deck that practises it


@dataclass(frozen=True)
class QuestionGroup:
    area: str
    questions: tuple[str, ...]
    deck: str


@dataclass(frozen=True)
class InterviewPrep:
    stages: tuple[InterviewStage, ...]
    study: tuple[StudyArea, ...]
    design_framework: tuple[str, ...]
    star: tuple[str, ...]
    story_themes: tuple[str, ...]
    questions: tuple[QuestionGroup, ...]


@dataclass(frozen=True)
class Material:
    """What practises a skill or a stage: whole decks, and cards with any of some tags."""

    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.decks and not self.tags


@dataclass(frozen=True)
class SkillMaterial:
    """The cards that practise one skill-matrix row (for readiness); a role may have its own."""

    skill: str  # a row of the skill matrix
    material: Material
    by_role: dict[str, Material] = field(default_factory=dict)

    def for_role(self, role: str | None) -> Material:
        return self.by_role.get(role or "", self.material)


@dataclass(frozen=True)
class PlanMonth:
    months: tuple[int, int]
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Roadmap:
    roles: tuple[Role, ...]
    matrix: SkillMatrix
    paths: tuple[LearningPath, ...]
    portfolio: Section
    job_search: Section
    interview: InterviewPrep
    ladder: tuple[LadderStep, ...]
    advancement: tuple[Advancement, ...]
    continuous_learning: Section
    salary: Salary
    action_plan: tuple[PlanMonth, ...]
    resources: Section
    final_tips: Section
    skill_material: tuple[SkillMaterial, ...] = ()  # each skill-matrix row -> decks and tags

    def items(self) -> list[Item]:
        """Every checkable item, in reading order."""
        found: list[Item] = []
        for path in self.paths:
            for period in path.periods:
                found += period.items
                for week in period.weeks:
                    found += week.items
        for section in (self.portfolio, self.job_search, self.continuous_learning,
                        self.resources, self.final_tips):
            for block in section.blocks:
                found += block.items
        for stage in self.interview.stages:
            found += stage.prep
        for month in self.action_plan:
            found += month.items
        return found

