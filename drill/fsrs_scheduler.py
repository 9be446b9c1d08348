"""FSRS behind drill's scheduler interface, using py-fsrs (the FSRS authors' reference code).

drill schedules whole days and keeps same-day repeats itself, so py-fsrs runs with no learning or
relearning steps: every grade gives a whole number of days. Its own fuzz is off (it draws from the
global random generator, so a replay would not give the same dates); drill's fuzz uses the same
ranges, drawn from a generator seeded by the log row's uid, so rebuilding the cache from the log
gives the same due dates.

drill counts time in its own days (turning over at the rollover hour), so FSRS sees each review
at the start of its day: the days elapsed between two reviews are the days between them on the
user's calendar, as the spacing the user lived, and a review late one evening and another early
next morning are a day apart, not "the same day" by a 24-hour clock.

The state kept per card: FSRS stability (days) and difficulty (1-10), the day of the last review
and the due day.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, State
from fsrs import Scheduler as PyFSRS
from fsrs.scheduler import FUZZ_RANGES

from drill.sm2 import GRADES, MAX_INTERVAL, Scheduled

DEFAULT_RETENTION = 0.9


def rating(grade: int) -> Rating:
    """drill's 0-5 grade as an FSRS rating: 0-2 Again, 3 Hard, 4 Good, 5 Easy."""
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise ValueError(f"grade must be an integer from 0 to 5, not {grade!r}")
    return (Rating.Again, Rating.Again, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)[grade]


def fuzzed(interval: int, seed: str) -> int:
    """`interval` moved by up to a few percent, as FSRS's fuzz does, drawn from a generator
    seeded by `seed` (a log row's uid). Intervals under 3 days are not moved."""
    if interval < 3:
        return interval
    delta = 1.0
    for band in FUZZ_RANGES:
        delta += band["factor"] * max(min(float(interval), band["end"]) - band["start"], 0.0)
    low = max(2, round(interval - delta))
    high = min(round(interval + delta), MAX_INTERVAL)
    low = min(low, high)
    return random.Random(seed).randint(low, high)


def moment(day: date) -> datetime:
    """The instant FSRS is told a review on drill day `day` happened."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class FSRSScheduler:
    """FSRS with py-fsrs's default parameters (or fitted ones) and a desired retention."""

    name = "fsrs"

    def __init__(self, desired_retention: float = DEFAULT_RETENTION,
                 parameters: tuple[float, ...] | None = None, fuzz: bool = True) -> None:
        if not 0.7 <= desired_retention <= 0.99:
            raise ValueError(f"desired retention must be between 0.7 and 0.99, "
                             f"not {desired_retention}")
        options: dict[str, Any] = {} if parameters is None else {"parameters": parameters}
        self.fsrs = PyFSRS(desired_retention=desired_retention, learning_steps=(),
                           relearning_steps=(), maximum_interval=MAX_INTERVAL,
                           enable_fuzzing=False, **options)
        self.fuzz = fuzz

    @staticmethod
    def card(state: dict[str, Any] | None) -> Card:
        """py-fsrs's card for drill's state (a new card when `state` is None or not FSRS's)."""
        if not state or "stability" not in state:
            return Card(card_id=0)
        return Card(card_id=0, state=State.Review, step=None, stability=state["stability"],
                    difficulty=state["difficulty"],
                    last_review=moment(date.fromisoformat(state["last"])))

    def grade(self, state: dict[str, Any] | None, grade: int, when: datetime,
              today: date, seed: str = "") -> Scheduled:
        at = moment(today)
        after, _ = self.fsrs.review_card(self.card(state), rating(grade), at)
        interval = max(1, (after.due - at).days)
        if self.fuzz and seed:
            interval = fuzzed(interval, seed)
        due = today + timedelta(days=interval)
        return Scheduled({"stability": after.stability, "difficulty": after.difficulty,
                          "last": today.isoformat(), "due": due.isoformat()}, due, interval)

    def preview(self, state: dict[str, Any] | None, when: datetime,
                today: date) -> dict[int, int]:
        at = moment(today)
        card = self.card(state)
        return {grade: max(1, (self.fsrs.review_card(card, rating(grade), at)[0].due - at).days)
                for grade in GRADES}

    def recall(self, state: dict[str, Any] | None, today: date) -> float | None:
        """The predicted chance of recalling the card on `today` (None for a new card)."""
        if not state or "stability" not in state:
            return None
        return self.fsrs.get_card_retrievability(self.card(state), moment(today))
