"""Drill days: the rollover hour and DST, with an injected clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dateutil import tz

from drill.clock import Calendar, FixedClock

NEW_YORK = tz.gettz("America/New_York")


@pytest.mark.parametrize(("local_time", "day"), [
    ("2026-03-03T03:59", date(2026, 3, 2)),
    ("2026-03-03T04:01", date(2026, 3, 3)),
    ("2026-03-03T00:30", date(2026, 3, 2)),
])
def test_the_day_rolls_over_at_4_am_local_time(local_time, day):
    calendar = Calendar(NEW_YORK, 4)
    when = datetime.fromisoformat(local_time).replace(tzinfo=NEW_YORK)
    assert calendar.day(when) == day


def test_rollover_hour_is_configurable():
    calendar = Calendar(UTC, 0)
    assert calendar.day(datetime(2026, 3, 3, 0, 1, tzinfo=UTC)) == date(2026, 3, 3)


def test_dst_change_keeps_days_and_offsets_right():
    calendar = Calendar(NEW_YORK, 4)
    # US clocks went forward at 02:00 local on 2026-03-08: 06:59 UTC is 01:59 EST, 07:01 is 03:01 EDT.
    before = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)
    after = datetime(2026, 3, 8, 7, 1, tzinfo=UTC)
    assert calendar.utc_offset_minutes(before) == -300
    assert calendar.utc_offset_minutes(after) == -240
    assert calendar.day(before) == calendar.day(after) == date(2026, 3, 7)
    # The day that starts on the DST date begins at 04:00 EDT, i.e. 08:00 UTC.
    assert calendar.day_start(date(2026, 3, 8)) == datetime(2026, 3, 8, 8, tzinfo=UTC)
    assert calendar.day_start(date(2026, 3, 7)) == datetime(2026, 3, 7, 9, tzinfo=UTC)


def test_fixed_clock_moves_only_when_told():
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    assert clock.now() == clock.now()
    clock.advance(hours=25)
    assert clock.now() == datetime(2026, 1, 2, 1, tzinfo=UTC)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 1, 1))
