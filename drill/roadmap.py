"""The ML career roadmap: the one way in to its content.

The record types are in drill/roadmap_types.py, the records in drill/roadmap_content/ (which
imports only the types), so nothing imports in a circle. The user's progress (ticked items, the
target role) is kept by the store (`store.roadmap`); drill/roadmap_pages.py lays the content out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drill.roadmap_types import Roadmap

ROLE_TITLES = {"ml-engineer": "ML Engineer", "data-scientist": "Data Scientist",
               "research-scientist": "Research Scientist", "mlops": "MLOps Engineer",
               "computer-vision": "CV Engineer", "nlp-llm": "NLP/LLM Engineer"}

# The action plan's items, for Home's line "action plan 3/24 done": Home needs no more of the
# roadmap, whose records take ~20 ms to load. tests/test_roadmap.py checks they are the content's.
ACTION_PLAN_IDS = tuple(f"plan.{months}.{name}" for months, names in (
    ("m01-03", ("python", "libraries", "math", "projects")),
    ("m04-06", ("course", "sklearn", "projects", "kaggle")),
    ("m07-09", ("course", "framework", "cnn-project", "nlp-project")),
    ("m10-12", ("specialize", "projects", "blog", "profiles")),
    ("m13-15", ("leetcode", "ml-review", "system-design", "mocks")),
    ("m16-18", ("apply", "network", "interview", "offer")),
) for name in names)


def load() -> Roadmap:
    """The roadmap (imported on first use: the app only needs it on the roadmap screens)."""
    from drill.roadmap_content import ROADMAP

    return ROADMAP


def plan_progress(done: set[str]) -> tuple[int, int]:
    """How many of the action plan's items are ticked in `done`, and how many it has."""
    return sum(item in done for item in ACTION_PLAN_IDS), len(ACTION_PLAN_IDS)


# Readiness's facts (drill/stats.py) as plain data, so `drill stats` and the statistics screen
# need not load the roadmap's records (their 21 record types alone take ~14 ms to create).
# tests/test_roadmap.py checks they are the content's: the skill-matrix rows with their material
# (decks, tags) and any role's own, each skill's stars per role, and the interview stages
# (number, name, decks, mock format).
_CODING, _ML, _DL, _DESIGN = ("Coding patterns", "ML fundamentals", "Deep learning",
                              "ML system design")
_OPS, _STAR, _LLM = "MLOps and LLMs", "Behavioural (STAR)", "LLMs and generative AI"
DecksTags = tuple[tuple[str, ...], tuple[str, ...]]  # a material: (decks, tags)
READINESS_SKILLS: tuple[tuple[str, DecksTags, dict[str, DecksTags]], ...] = (
    ("Programming", ((_CODING,), ()), {}),
    ("Math/Stats", ((), ("statistics", "ab-testing", "experimentation", "causal-inference",
                         "bias-variance", "dimensionality-reduction", "pca", "loss-functions",
                         "backpropagation")), {}),
    ("ML Algorithms", ((_ML, _DL), ()), {}),
    ("Software Eng", ((_DESIGN,), ("testing",)), {}),
    ("DevOps", ((_OPS,), ()), {}),
    ("Communication", ((_STAR,), ()), {}),
    ("Research", ((), ("architectures", "generative-models", "efficient-training",
                       "training-stability")), {}),
    ("Domain Specific", ((), ()), {
        "computer-vision": ((), ("cnn", "object-detection", "data-augmentation", "resnet",
                                 "case-visual-search")),
        "nlp-llm": ((_LLM,), ("nlp", "transformers", "attention", "language-models", "llm",
                              "rag", "embeddings"))}),
)
_ROLES = ("ml-engineer", "data-scientist", "research-scientist", "mlops", "computer-vision",
          "nlp-llm")
READINESS_RATINGS: dict[str, dict[str, int]] = {
    skill: dict(zip(_ROLES, stars, strict=True)) for skill, stars in (
        ("Programming", (5, 4, 4, 5, 5, 5)), ("Math/Stats", (4, 5, 5, 2, 4, 4)),
        ("ML Algorithms", (5, 4, 5, 3, 5, 5)), ("Software Eng", (5, 3, 3, 5, 4, 4)),
        ("DevOps", (4, 2, 2, 5, 3, 3)), ("Communication", (3, 5, 4, 3, 3, 3)),
        ("Research", (2, 3, 5, 1, 3, 3)), ("Domain Specific", (2, 3, 3, 2, 5, 5)))}
READINESS_STAGES: tuple[tuple[int, str, tuple[str, ...], str | None], ...] = (
    (1, "Phone Screen", (_STAR,), "recruiter"),
    (2, "Technical Phone Screen", (_CODING, _ML, _DL, _DESIGN), "technical"),
    (3, "Take-Home Assignment", (_ML, _OPS), None),
    (4, "On-Site / Virtual On-Site", (_CODING, _ML, _DL, _DESIGN, _STAR, _LLM), "onsite"),
)


def readiness_facts(roadmap: Any = None) -> tuple[
        tuple[tuple[str, DecksTags, dict[str, DecksTags]], ...], dict[str, dict[str, int]],
        tuple[tuple[int, str, tuple[str, ...], str | None], ...]]:
    """(skills, ratings, stages) as READINESS_SKILLS, READINESS_RATINGS and READINESS_STAGES
    give them: those, or the same facts read from `roadmap`'s records (a roadmap of a test's
    own)."""
    if roadmap is None:
        return READINESS_SKILLS, READINESS_RATINGS, READINESS_STAGES
    skills = tuple((item.skill, (item.material.decks, item.material.tags),
                    {role: (m.decks, m.tags) for role, m in item.by_role.items()})
                   for item in roadmap.skill_material)
    stages = tuple((stage.number, stage.name, stage.decks, stage.mock_format)
                   for stage in roadmap.interview.stages)
    return skills, roadmap.matrix.ratings, stages
