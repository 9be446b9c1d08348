"""`drill simulate`: the reviews per day each scheduler would ask of the user, projected.

Every card starts where the user's own log leaves it under that scheduler. Each simulated day the
cards due are reviewed and new cards come in at the daily limit. Whether the user recalls a card
is drawn from one memory model for both schedulers, so only the scheduling differs: FSRS's
retrievability with its default parameters (the better-calibrated predictor on real logs; see
`drill evaluate`). A recalled card is graded 4, a forgotten one 1, and a forgotten card is seen
once more that day (drill's same-day repeat), which counts as a review. Draws come from a seeded
generator: the same history and seed give the same projection.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from typing import Any

from drill.evaluate import FSRSModel, Review, SM2Model
from drill.fsrs_scheduler import FSRSScheduler


@dataclass
class Projection:
    scheduler: str
    per_day: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.per_day)

    @property
    def peak(self) -> int:
        return max(self.per_day, default=0)


def _due(name: str, state: Any) -> date:
    if name == "sm2":
        sm2_state, _ = state
        return sm2_state.due
    return date.fromisoformat(state["due"])


def simulate(histories: dict[str, list[Review]], new_cards: int, today: date, days: int,
             new_per_day: int, retention: float = 0.9, seed: int = 0) -> list[Projection]:
    """Project `days` days from `today` under SM-2 and FSRS. `histories`: each reviewed card's
    reviews in time order; `new_cards`: how many cards were never reviewed."""
    truth = FSRSScheduler(fuzz=False)
    projections = []
    for model in (SM2Model(), FSRSModel(desired_retention=retention)):
        rng = random.Random(seed)
        cards: list[list[Any]] = []  # [scheduler state, memory state]
        for history in histories.values():
            state = memory = None
            last: Review | None = None
            for review in history:
                same_day = last is not None and review.day == last.day
                state = model.update(state, review, same_day)
                memory = truth.grade(memory, review.grade, review.when, review.day).state
                last = review
            cards.append([state, memory])
        waiting = new_cards
        projection = Projection(model.name)
        for offset in range(days):
            day = today + timedelta(days=offset)
            count = 0
            fresh = min(new_per_day, waiting)
            waiting -= fresh
            cards.extend([None, None] for _ in range(fresh))
            for card in cards:
                state, memory = card
                if state is not None and _due(model.name, state) > day:
                    continue
                recall = truth.recall(memory, day)
                recalled = recall is None or rng.random() < recall
                grade = 4 if recalled else 1
                review = Review("", _noon(day), day, grade)
                card[0] = model.update(state, review, False)
                card[1] = truth.grade(memory, grade, review.when, day).state
                count += 1 if recalled else 2  # a forgotten card comes back the same day
            projection.per_day.append(count)
        projections.append(projection)
    return projections


def _noon(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
