"""A card's progress as a pure fold over its review log: the same function grades live and rebuilds.

The log is the truth (design decision 4); `CardProgress` is the cached result of replaying it. Kinds:
- `review`: a scheduled grade (due or new card); the scheduler moves the card.
- `repeat`: a same-day repeat of a card graded below 4 earlier that day; logged, schedule untouched.
- `practice`: a grade off schedule (mock round, cramming). Below 3 it is a lapse and reschedules;
  3 or more leaves the schedule alone.
- `import`: history taken over from elsewhere (an orphan, another tool); sets the whole progress.
- `undo`: cancels an earlier row; replay skips both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drill.sm2 import Scheduler

KINDS = ("review", "repeat", "practice", "import", "undo")
GRADED = ("review", "repeat", "practice")  # the kinds a grade makes
LEECH_LAPSES = 8
PASS_FOR_REPEAT = 4  # below this a scheduled grade brings the card back the same day


@dataclass(frozen=True)
class CardProgress:
    """Everything the queue needs about one card's history. `state is None` means new."""

    scheduler: str = "sm2"
    state: dict[str, Any] | None = None
    due: str | None = None  # ISO day
    interval: int = 0
    lapses: int = 0
    reviews: int = 0
    last_ms: int | None = None
    last_grade: int | None = None
    first_day: str | None = None  # the day the card was first reviewed (it stopped being new)
    repeat_day: str | None = None  # the day on which the card still needs a same-day repeat

    @property
    def is_new(self) -> bool:
        return self.state is None

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> CardProgress:
        return cls(**data) if data else cls()


@dataclass(frozen=True)
class LogEntry:
    """The parts of a log row that replay needs."""

    kind: str
    day: str
    time_ms: int
    grade: int | None = None
    state_after: dict[str, Any] | None = None  # only read for `import` rows
    scheduler: str = "sm2"  # the scheduler the grade was given under
    off_schedule: bool = False  # a practice grade given off schedule by choice (mock, cram)


def classify(progress: CardProgress, today: date, off_schedule: bool = False) -> str:
    """Which kind of log row a grade given on `today` makes.

    `off_schedule` is for mock rounds and cramming: a new card graded there is practice, not an
    introduction. A card not yet due is always practice, so grading early never pulls it forward.
    """
    day = today.isoformat()
    if progress.repeat_day == day:
        return "repeat"
    if progress.is_new:
        return "practice" if off_schedule else "review"
    if progress.due is not None and progress.due > day:
        return "practice"
    return "review"


def advance(progress: CardProgress, entry: LogEntry, when: datetime,
            scheduler: Scheduler | None = None, seed: str = "") -> CardProgress:
    """The progress after one log row. Pure: replaying the log through it rebuilds the cache."""
    if entry.kind == "import":
        return CardProgress.from_dict(entry.state_after)
    if entry.kind not in ("review", "repeat", "practice") or entry.grade is None:
        return progress
    if scheduler is None:
        from drill.sm2 import scheduler_named  # here: counting cards (`drill due`) never needs it

        scheduler = scheduler_named(progress.scheduler)
    grade, day = entry.grade, entry.day
    base = replace(progress, reviews=progress.reviews + 1, last_ms=entry.time_ms, last_grade=grade)
    if entry.kind == "repeat":
        return replace(base, repeat_day=day if grade < PASS_FOR_REPEAT else None)
    if entry.kind == "practice" and grade >= 3:
        return base
    scheduled = scheduler.grade(progress.state, grade, when, date.fromisoformat(day), seed=seed)
    lapse = not progress.is_new and grade < 3
    repeat_day = day if entry.kind == "review" and grade < PASS_FOR_REPEAT else None
    return replace(
        base,
        scheduler=scheduler.name,
        state=scheduled.state,
        due=scheduled.due.isoformat(),
        interval=scheduled.interval,
        lapses=progress.lapses + lapse,
        first_day=progress.first_day or (day if entry.kind == "review" else None),
        repeat_day=repeat_day,
    )
