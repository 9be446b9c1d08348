"""How well each scheduler predicts recall on a real review history (`drill evaluate`).

Each card's reviews are replayed in time order. Before each review, every model predicts the
chance the user recalls the card; the review then tells what happened (recalled: grade 3 or more)
and the model learns from it. A model never sees a review before predicting it. As in the open
srs-benchmark, a card's first review (nothing to predict from) and reviews on the same day as the
card's previous one (short-term memory, not spacing) are not scored.

- SM-2 predicts 0.9^(elapsed / interval): by construction it expects 90 % recall on the due day.
- FSRS predicts its retrievability from the stability and difficulty it has fitted to the card.

The figures: log loss (lower is better; 0.693 is a coin flip), RMSE between predicted and actual
recall over 20 bins of the prediction (lower is better; calibration), and AUC (the chance a
recalled review got a higher prediction than a forgotten one; 0.5 is chance, higher is better).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from drill import sm2

CLIP = 1e-4  # predictions are kept inside [CLIP, 1 - CLIP] so a confident miss costs a finite loss
BINS = 20
ROLLOVER_HOURS = 4  # a foreign log's day, by drill's default rollover (4 am, UTC)


@dataclass(frozen=True)
class Review:
    card_id: str
    when: datetime  # aware
    day: date  # the learner's day (drill's rollover)
    grade: int  # 0-5


class Model(Protocol):
    name: str

    def predict(self, state: Any, review: Review) -> float | None: ...

    def update(self, state: Any, review: Review, same_day: bool) -> Any: ...


class SM2Model:
    """SM-2 as drill runs it: a second review on the same day leaves the schedule alone."""

    name = "sm2"

    def predict(self, state: tuple[sm2.SM2State, date], review: Review) -> float | None:
        elapsed = (review.day - state[1]).days
        return 0.9 ** (elapsed / state[0].interval)

    def update(self, state: tuple[sm2.SM2State, date] | None, review: Review,
               same_day: bool) -> tuple[sm2.SM2State, date]:
        if state is not None and same_day:
            return state
        current = state[0] if state is not None else sm2.SM2State()
        return sm2.review(current, review.grade, review.day), review.day


class FSRSModel:
    name = "fsrs"

    def __init__(self, desired_retention: float = 0.9,
                 parameters: tuple[float, ...] | None = None) -> None:
        from drill.fsrs_scheduler import FSRSScheduler

        self.scheduler = FSRSScheduler(desired_retention, parameters, fuzz=False)

    def predict(self, state: dict, review: Review) -> float | None:
        return self.scheduler.recall(state, review.day)

    def update(self, state: dict | None, review: Review, same_day: bool) -> dict:
        return self.scheduler.grade(state, review.grade, review.when, review.day).state


@dataclass
class Scores:
    predictions: list[float] = field(default_factory=list)
    outcomes: list[int] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)  # when each scored review happened

    def since(self, start: datetime) -> Scores:
        """The scores of the reviews at or after `start` alone."""
        kept = [n for n, when in enumerate(self.times) if when >= start]
        return Scores([self.predictions[n] for n in kept], [self.outcomes[n] for n in kept],
                      [self.times[n] for n in kept])

    @property
    def count(self) -> int:
        return len(self.outcomes)

    def figures(self) -> dict[str, float | int | None]:
        return {"reviews": self.count, "log_loss": log_loss(self.predictions, self.outcomes),
                "rmse_bins": rmse_bins(self.predictions, self.outcomes),
                "auc": auc(self.predictions, self.outcomes)}


def log_loss(predictions: list[float], outcomes: list[int]) -> float | None:
    if not outcomes:
        return None
    total = 0.0
    for p, y in zip(predictions, outcomes, strict=True):
        p = min(max(p, CLIP), 1 - CLIP)
        total -= math.log(p) if y else math.log(1 - p)
    return total / len(outcomes)


def rmse_bins(predictions: list[float], outcomes: list[int], bins: int = BINS) -> float | None:
    """sqrt(Σ n_b (mean recalled_b − mean predicted_b)² / N) over equal-width bins of the
    prediction: how far the predicted recall is from the recall seen, review-weighted."""
    if not outcomes:
        return None
    sums: dict[int, list[float]] = {}
    for p, y in zip(predictions, outcomes, strict=True):
        entry = sums.setdefault(min(int(p * bins), bins - 1), [0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += p
        entry[2] += y
    squares = sum(n * (recalled / n - predicted / n) ** 2 for n, predicted, recalled in sums.values())
    return math.sqrt(squares / len(outcomes))


def auc(predictions: list[float], outcomes: list[int]) -> float | None:
    """The area under the ROC curve, by ranks (ties share their average rank)."""
    positives = sum(outcomes)
    negatives = len(outcomes) - positives
    if not positives or not negatives:
        return None
    order = sorted(range(len(predictions)), key=predictions.__getitem__)
    ranks = [0.0] * len(order)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and predictions[order[end + 1]] == predictions[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    rank_sum = sum(rank for rank, y in zip(ranks, outcomes, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def evaluate(reviews: Iterable[Review], models: list[Model]) -> dict[str, Scores]:
    """Replay each card's reviews in time order through every model; score the predictions."""
    by_card: dict[str, list[Review]] = {}
    for review in reviews:
        by_card.setdefault(review.card_id, []).append(review)
    scores = {model.name: Scores() for model in models}
    for history in by_card.values():
        history.sort(key=lambda r: r.when)
        states: dict[str, Any] = {model.name: None for model in models}
        last: Review | None = None
        for review in history:
            same_day = last is not None and review.day == last.day
            for model in models:
                if last is not None and not same_day:
                    p = model.predict(states[model.name], review)
                    if p is not None:
                        scores[model.name].predictions.append(p)
                        scores[model.name].outcomes.append(int(review.grade >= 3))
                        scores[model.name].times.append(review.when)
                states[model.name] = model.update(states[model.name], review, same_day)
            last = review
    return scores


# --- where reviews come from ---------------------------------------------------------------------

ANKI_RATING_GRADES = {1: 1, 2: 3, 3: 4, 4: 5}  # Again, Hard, Good, Easy (as `drill import`)
COLUMNS = ("card_id", "review_time", "review_rating")


class LogFileError(ValueError):
    """A review-log file drill can't read; the message says where and how to fix it."""


def reviews_from_csv(path: Path) -> Iterator[Review]:
    """Reviews from another tool's log: a CSV with a header naming at least `card_id`,
    `review_time` (ISO-8601 with a UTC offset) and `review_rating` (1-4); `review_duration` and
    other columns are ignored. The day is the UTC date, turning over at 4 am."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise LogFileError(f"{path}: can't read it ({error.strerror or error})") from error
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as error:
            raise LogFileError(f"{path}:1: not a CSV file ({error})") from error
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise LogFileError(f"{path}:1: the header lacks {', '.join(missing)}; it needs "
                               f"{', '.join(COLUMNS)} (review_rating 1-4)")
        try:
            for row in reader:
                yield _review_from_row(path, reader.line_num, row)
        except (csv.Error, UnicodeDecodeError) as error:
            raise LogFileError(f"{path}:{reader.line_num}: {error}") from error


def _review_from_row(path: Path, line: int, row: dict[str, str]) -> Review:
    try:
        rating = int(row["review_rating"])
        grade = ANKI_RATING_GRADES[rating]
    except (KeyError, ValueError, TypeError):
        raise LogFileError(f"{path}:{line}: review_rating must be 1, 2, 3 or 4, "
                           f"not {row.get('review_rating')!r}") from None
    try:
        when = datetime.fromisoformat(row["review_time"])
    except (ValueError, TypeError):
        raise LogFileError(f"{path}:{line}: review_time must be an ISO-8601 time such as "
                           f"2024-03-29T20:32:32+00:00, not {row.get('review_time')!r}") from None
    if when.tzinfo is None:
        raise LogFileError(f"{path}:{line}: review_time {row['review_time']!r} has no UTC "
                           f"offset; add one (e.g. +00:00)")
    card_id = row["card_id"] or ""
    if not card_id:
        raise LogFileError(f"{path}:{line}: card_id is empty")
    return Review(card_id, when, (when.astimezone(UTC)
                                  - timedelta(hours=ROLLOVER_HOURS)).date(), grade)
