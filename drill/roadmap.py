"""The ML career roadmap: the one way in to its content.

The record types are in drill/roadmap_types.py, the records in drill/roadmap_content/ (which
imports only the types), so nothing imports in a circle. The user's progress (ticked items, the
target role) is kept by the store (`store.roadmap`); drill/roadmap_pages.py lays the content out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
