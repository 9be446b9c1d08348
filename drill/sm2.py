"""SM-2 exactly as drill's design note states it, as a pure function, plus the scheduler interface.

Easiness is kept in integer hundredths internally, so no result depends on float error:
`SM2State.easiness` is always a two-decimal value such as 2.6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

GRADES = range(6)
GRADE_WORDS = {
    5: "perfect",
    4: "correct after a moment's thought",
    3: "correct with serious difficulty",
    2: "wrong, but the answer felt familiar",
    1: "wrong, but remembered on seeing it",
    0: "blackout",
}
ANKI_BUTTONS = {"again": 1, "hard": 3, "good": 4, "easy": 5}
START_EF100 = 250
MIN_EF100 = 130
# Not in SM-2 itself: without a cap, about 30 perfect grades in a row would push a due date past
# year 9999. A century is far beyond any real review and keeps every date representable.
MAX_INTERVAL = 36_500


@dataclass(frozen=True)
class SM2State:
    """A card's SM-2 state. `SM2State()` is a new card (never reviewed, no due date)."""

    repetitions: int = 0
    easiness: float = START_EF100 / 100
    interval: int = 0
    due: date | None = None

    @property
    def ef100(self) -> int:
        return round(self.easiness * 100)

    def to_dict(self) -> dict[str, Any]:
        return {"repetitions": self.repetitions, "ef100": self.ef100, "interval": self.interval,
                "due": self.due.isoformat() if self.due else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SM2State:
        if not data:
            return cls()
        due = data.get("due")
        return cls(repetitions=int(data["repetitions"]), easiness=int(data["ef100"]) / 100,
                   interval=int(data["interval"]), due=date.fromisoformat(due) if due else None)


def _check_grade(grade: int) -> None:
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise ValueError(f"grade must be an integer from 0 to 5, not {grade!r}")


def review(state: SM2State, grade: int, today: date) -> SM2State:
    """The state after grading a card `grade` (0-5) on `today`."""
    _check_grade(grade)
    ef = state.ef100
    if grade >= 3:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # ceil(interval × EF), with the EF from before this grade
            interval = min(-(-state.interval * ef // 100), MAX_INTERVAL)
        repetitions = state.repetitions + 1
    else:
        repetitions, interval = 0, 1
    miss = 5 - grade
    ef = max(MIN_EF100, ef + 10 - miss * (8 + miss * 2))
    return SM2State(repetitions=repetitions, easiness=ef / 100, interval=interval,
                    due=today + timedelta(days=interval))


# --- the scheduler interface --------------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    """What a scheduler decided: its own state (JSON-able), the due day and the interval."""

    state: dict[str, Any]
    due: date
    interval: int


class Scheduler(Protocol):
    """What the queue and the store need from a scheduler; SM-2 is the first, others can follow."""

    name: str

    def grade(self, state: dict[str, Any] | None, grade: int, when: datetime,
              today: date, seed: str = "") -> Scheduled:
        """Apply a grade given at `when` (aware datetime) on drill day `today`. `seed` (the log
        row's uid) seeds any randomness, so replaying the log gives the same result."""
        ...

    def preview(self, state: dict[str, Any] | None, when: datetime,
                today: date) -> dict[int, int]:
        """The interval in days each grade would give, without changing anything."""
        ...


class SM2Scheduler:
    name = "sm2"

    def grade(self, state: dict[str, Any] | None, grade: int, when: datetime,
              today: date, seed: str = "") -> Scheduled:
        after = review(SM2State.from_dict(state), grade, today)
        assert after.due is not None
        return Scheduled(after.to_dict(), after.due, after.interval)

    def preview(self, state: dict[str, Any] | None, when: datetime,
                today: date) -> dict[int, int]:
        current = SM2State.from_dict(state)
        return {grade: review(current, grade, today).interval for grade in GRADES}


SCHEDULERS: dict[str, Scheduler] = {"sm2": SM2Scheduler()}


def scheduler_named(name: str, retention: float = 0.9) -> Scheduler:
    """The scheduler called `name` (`sm2` or `fsrs`); FSRS is imported only when asked for."""
    if name == "fsrs":
        from drill.fsrs_scheduler import FSRSScheduler

        return FSRSScheduler(desired_retention=retention)
    if name not in SCHEDULERS:
        raise ValueError(f"no scheduler called {name!r} (known: sm2, fsrs)")
    return SCHEDULERS[name]
