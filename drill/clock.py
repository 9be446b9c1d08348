"""Time, injectable: everything that schedules takes a `Clock`, so tests never read the wall clock.

A drill *day* runs from the rollover hour (default 4 am local time, as in Anki) to the next, so a
late-night session still counts for the evening's day.
"""

from __future__ import annotations

import os
import time as _time
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


def system_day(when: datetime, rollover_hour: int) -> date:
    """`Calendar.day` in the zone the C library uses (TZ as at the last `time.tzset`, else
    /etc/localtime)."""
    tm = _time.localtime(when.timestamp())
    hour = datetime(tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour)  # (rollovers are whole hours)
    return (hour - timedelta(hours=rollover_hour)).date()


class Calendar(Record):
    """Turns moments into drill days, in a time zone (the machine's when not given), with a
    rollover hour."""

    def __init__(self, zone: tzinfo | None = None,
                 rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> None:
        self._zone = zone  # None: the machine's, loaded when first needed (see `day`)
        self.rollover_hour = rollover_hour

    @property
    def zone(self) -> tzinfo:
        if self._zone is None:
            self._zone = _local_zone()
        return self._zone

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return (self.zone, self.rollover_hour) == (other.zone, other.rollover_hour)

    def __repr__(self) -> str:
        return f"Calendar(zone={self.zone!r}, rollover_hour={self.rollover_hour})"

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.zone)

    def day(self, when: datetime) -> date:
        """The drill day a moment belongs to: local date, minus the hours before rollover.
        In the machine's zone from /etc/localtime, not loaded yet, the C library's local time
        (the same file, read at start): `drill due` and Home's first screen need only today's
        date, and zoneinfo costs some 3.5 ms to import (tests/test_clock.py holds both to
        agree)."""
        return self._date(when, self.rollover_hour)

    def local_date(self, when: datetime) -> date:
        """The local date of a moment (what `day` gives with no rollover; Home's title)."""
        return self._date(when, 0)

    def _date(self, when: datetime, hours: int) -> date:
        if self._zone is None and "TZ" not in os.environ:
            return system_day(when, hours)
        return (self.local(when) - timedelta(hours=hours)).date()

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
