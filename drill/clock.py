"""Time, injectable: everything that schedules takes a `Clock`, so tests never read the wall clock.

A drill *day* runs from the rollover hour (default 4 am local time, as in Anki) to the next, so a
late-night session still counts for the evening's day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

from drill.record import Record

DEFAULT_ROLLOVER_HOUR = 4


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment as an aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """The wall clock moved to start at a given moment; it runs on from there in real time.

    Only for tests of the real `drill` process: `DRILL_TEST_NOW` (an ISO 8601 moment with a UTC
    offset, e.g. `2026-12-01T10:00:00+00:00`) makes every run start on that day, while countdowns
    and answer timers still move.
    """

    def __init__(self, start: datetime) -> None:
        import time

        if start.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._monotonic = time.monotonic
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


TEST_NOW_VARIABLE = "DRILL_TEST_NOW"


class FakeNowError(ValueError):
    """`DRILL_TEST_NOW` holds something that is not an aware ISO 8601 moment."""


def clock_from_env(environ: dict[str, str]) -> Clock:
    """The system clock, unless the test-only `DRILL_TEST_NOW` variable names a start moment."""
    value = environ.get(TEST_NOW_VARIABLE)
    if not value:
        return SystemClock()
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise FakeNowError(f"{TEST_NOW_VARIABLE}={value!r}: give an ISO 8601 moment with a UTC "
                         "offset, e.g. 2026-12-01T10:00:00+00:00 (a variable for tests only)")
    return ShiftedClock(start)


class FixedClock:
    """A clock for tests: stands still until moved."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)


def _local_zone() -> tzinfo:
    """The machine's time zone: its tz database entry (TZ, or /etc/localtime) through zoneinfo,
    a fifth of what importing dateutil.tz costs every command; dateutil's tzlocal where there
    is none (TZ set to a POSIX rule, Windows)."""
    import os

    try:
        from zoneinfo import ZoneInfo

        name = os.environ.get("TZ")
        if name is None:
            with open("/etc/localtime", "rb") as file:
                return ZoneInfo.from_file(file, key="localtime")
        if name.removeprefix(":"):
            return ZoneInfo(name.removeprefix(":"))
    except (OSError, ValueError, KeyError):  # KeyError: ZoneInfoNotFoundError
        pass
    from dateutil import tz

    return tz.tzlocal()


class Calendar(Record):
    """Turns moments into drill days, in a time zone (the machine's when not given), with a
    rollover hour."""

    def __init__(self, zone: tzinfo | None = None,
                 rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> None:
        self.zone = _local_zone() if zone is None else zone
        self.rollover_hour = rollover_hour

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def day(self, when: datetime) -> date:
        """The drill day a moment belongs to: local date, minus the hours before rollover."""
        return (self.local(when) - timedelta(hours=self.rollover_hour)).date()

    def utc_offset_minutes(self, when: datetime) -> int:
        offset = self.local(when).utcoffset() or timedelta(0)
        return int(offset.total_seconds() // 60)

    def day_start(self, day: date) -> datetime:
        """When a drill day begins, as an aware UTC datetime (DST-aware through the zone)."""
        local = datetime.combine(day, time(self.rollover_hour), tzinfo=self.zone)
        return local.astimezone(UTC)

    def next_rollover(self, when: datetime) -> datetime:
        return self.day_start(self.day(when) + timedelta(days=1))


def epoch_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def from_epoch_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)
