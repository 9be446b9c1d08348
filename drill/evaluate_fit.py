"""FSRS with parameters fitted to the learner's own history, for `drill evaluate`.

py-fsrs's optimizer needs PyTorch, which drill does not depend on (`pip install 'drill[optimizer]'`
adds it). The fit never sees the reviews it is scored on: the history is split in time order into
PERIODS parts with equally many reviews; a review in part k (k >= 1) is predicted with parameters
fitted on every review before part k began (an expanding window, as the open srs-benchmark's
time-series split). Reviews of the first part have nothing earlier to fit on and are not scored by
this model, so the report also compares every model on the later parts alone.
"""

from __future__ import annotations

import importlib.util
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from drill.evaluate import Review

PERIODS = 3  # so the optimizer runs twice: on the first third, then on the first two thirds
NAME = "fsrs-fitted"

Fit = Callable[[list[Review]], Sequence[float]]


def optimizer_installed() -> bool:
    """Whether py-fsrs's optimizer can run here (it needs torch, pandas and tqdm)."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "pandas", "tqdm"))


def fit_parameters(reviews: list[Review]) -> tuple[float, ...]:
    """FSRS parameters fitted by py-fsrs's optimizer on `reviews` (its defaults when they are
    too few for it to fit anything)."""
    from fsrs import Optimizer, ReviewLog

    from drill.fsrs_scheduler import rating

    numbers: dict[str, int] = {}
    logs = [ReviewLog(numbers.setdefault(r.card_id, len(numbers)), rating(r.grade), r.when, None)
            for r in reviews]
    return tuple(float(p) for p in Optimizer(logs).compute_optimal_parameters())


def period_starts(reviews: Sequence[Review], periods: int = PERIODS) -> list[datetime]:
    """When each part after the first begins: the time of its first review, with the reviews in
    time order cut into `periods` parts of (nearly) equal size."""
    if periods < 2:
        raise ValueError("a fitted model needs at least two periods")
    times = sorted(r.when for r in reviews)
    return [times[k * len(times) // periods] for k in range(1, periods)] if times else []


class FittedFSRSModel:
    """One FSRS state per fitted parameter set, each replaying the card's whole history; a
    review is predicted by the parameters of its period (fitted on reviews before it)."""

    name = NAME

    def __init__(self, starts: list[datetime], parameters: list[Sequence[float]],
                 desired_retention: float = 0.9) -> None:
        from drill.fsrs_scheduler import FSRSScheduler

        if len(starts) != len(parameters):
            raise ValueError("one parameter set per period after the first")
        self.starts = starts
        self.parameters = [tuple(p) for p in parameters]
        self.schedulers = [FSRSScheduler(desired_retention, p, fuzz=False)
                           for p in self.parameters]

    def period(self, when: datetime) -> int:
        """0 for the first part (not scored), k for the part beginning at starts[k - 1]."""
        return bisect_right(self.starts, when)

    def predict(self, state: list[Any], review: Review) -> float | None:
        k = self.period(review.when)
        if k == 0:
            return None
        return self.schedulers[k - 1].recall(state[k - 1], review.day)

    def update(self, state: list[Any] | None, review: Review, same_day: bool) -> list[Any]:
        state = state or [None] * len(self.schedulers)
        return [scheduler.grade(each, review.grade, review.when, review.day).state
                for scheduler, each in zip(self.schedulers, state, strict=True)]


def fitted_model(reviews: Sequence[Review], desired_retention: float = 0.9,
                 fit: Fit | None = None, periods: int = PERIODS,
                 progress: Callable[[str], None] | None = None) -> FittedFSRSModel | None:
    """The fitted model over `reviews` (fitted by `fit`, py-fsrs's optimizer unless given),
    or None when there are too few to split."""
    fit = fit or fit_parameters
    starts = period_starts(reviews, periods)
    if len(reviews) < periods or len(set(starts)) < len(starts):
        return None
    parameters = []
    for start in starts:
        earlier = [r for r in reviews if r.when < start]
        if progress is not None:
            progress(f"fitting FSRS to the {len(earlier)} reviews before {start:%Y-%m-%d}…")
        parameters.append(fit(earlier))
    return FittedFSRSModel(starts, parameters, desired_retention)
