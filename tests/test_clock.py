"""Drill days: the rollover hour and DST, with an injected clock."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil import tz

from drill.clock import (
    DEFAULT_ROLLOVER_HOUR,
    Calendar,
    FixedClock,
    SystemClock,
    epoch_ms,
    from_epoch_ms,
    system_day,
)
from drill.settings import load_settings

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
    with pytest.raises(ValueError, match="^FixedClock needs an aware datetime$"):
        FixedClock(datetime(2026, 1, 1))


def test_epoch_ms_keeps_the_milliseconds():
    when = datetime(2026, 3, 2, 12, 0, 0, 123_456, tzinfo=UTC)
    assert epoch_ms(when) == 1_772_452_800_123
    assert from_epoch_ms(epoch_ms(when)) == when.replace(microsecond=123_000)


def test_a_calendar_without_a_rollover_hour_rolls_over_at_4_am():
    calendar = Calendar(UTC)
    assert calendar.rollover_hour == DEFAULT_ROLLOVER_HOUR == 4
    assert calendar.day(datetime(2026, 3, 3, 3, 59, tzinfo=UTC)) == date(2026, 3, 2)
    assert calendar.day(datetime(2026, 3, 3, 4, 0, tzinfo=UTC)) == date(2026, 3, 3)


def test_no_rollover_setting_means_4_am(tmp_path):
    (tmp_path / "config.toml").write_text("new_per_day = 5\n")
    settings, problems = load_settings(tmp_path / "config.toml")
    assert problems == [] and settings.rollover_hour == 4
    assert load_settings(tmp_path / "missing.toml")[0].rollover_hour == 4


def test_day_start_and_next_rollover_use_the_rollover_hour():
    calendar = Calendar(NEW_YORK, 5)
    assert calendar.day_start(date(2026, 1, 10)) == datetime(2026, 1, 10, 10, tzinfo=UTC)
    # 04:30 EST on Jan 11 still belongs to Jan 10; the next day starts at 05:00 EST.
    assert calendar.next_rollover(datetime(2026, 1, 11, 9, 30, tzinfo=UTC)) == datetime(
        2026, 1, 11, 10, tzinfo=UTC)
    assert calendar.next_rollover(datetime(2026, 1, 11, 10, 0, tzinfo=UTC)) == datetime(
        2026, 1, 12, 10, tzinfo=UTC)


def test_utc_offset_is_in_whole_minutes_including_half_hour_zones():
    calendar = Calendar(tz.gettz("Asia/Kolkata"))
    assert calendar.utc_offset_minutes(datetime(2026, 3, 2, 12, tzinfo=UTC)) == 330
    assert Calendar(UTC).utc_offset_minutes(datetime(2026, 3, 2, 12, tzinfo=UTC)) == 0


def test_fixed_clock_set_and_advance_keep_utc():
    clock = FixedClock(datetime(2026, 1, 1, 12, tzinfo=NEW_YORK))
    assert clock.now() == datetime(2026, 1, 1, 17, tzinfo=UTC) and clock.now().tzinfo == UTC
    assert clock.advance(minutes=90) == datetime(2026, 1, 1, 18, 30, tzinfo=UTC)
    clock.set(datetime(2026, 2, 1, tzinfo=NEW_YORK))
    assert clock.now() == datetime(2026, 2, 1, 5, tzinfo=UTC) and clock.now().tzinfo == UTC


def test_the_system_clock_is_aware_and_utc():
    now = SystemClock().now()
    assert now.tzinfo == UTC


@pytest.fixture
def local_zone_new_york(monkeypatch):
    """The machine's local zone set to New York, so 'local' and UTC differ."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_utc_stays_utc_whatever_the_machines_zone(local_zone_new_york):
    start = datetime(2026, 1, 1, 12, tzinfo=NEW_YORK)
    clock = FixedClock(start)
    assert clock.now().utcoffset().total_seconds() == 0
    clock.set(start)
    assert clock.now().utcoffset().total_seconds() == 0
    begins = Calendar(NEW_YORK, 4).day_start(date(2026, 1, 10))
    assert begins.utcoffset().total_seconds() == 0 and begins.hour == 9


def test_a_calendar_keeps_the_zone_it_is_given_and_defaults_to_the_machines(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        given, default = Calendar(NEW_YORK, 4), Calendar(rollover_hour=4)
        assert given.zone is NEW_YORK and given.rollover_hour == 4
        assert default.zone.utcoffset(datetime(2026, 1, 10)) == timedelta(hours=9)  # a zone
        assert given.day_start(date(2026, 1, 10)) == datetime(2026, 1, 10, 9, tzinfo=UTC)
        assert default.day_start(date(2026, 1, 10)) == datetime(2026, 1, 9, 19, tzinfo=UTC)
        assert given != default and given == Calendar(NEW_YORK, 4) != Calendar(NEW_YORK, 5)
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("zone", ["America/New_York", ":America/New_York", "EST5EDT,M3.2.0,M11.1.0"])
def test_the_machines_zone_keeps_its_summer_time(monkeypatch, zone):
    """The default zone (zoneinfo from TZ, dateutil's tzlocal for a POSIX rule) is the one the
    C library uses, summer time included, on both sides of a change."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        calendar = Calendar()
        for when in (datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC),
                     datetime(2026, 3, 8, 6, 30, tzinfo=UTC), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)):
            assert calendar.utc_offset_minutes(when) == time.localtime(when.timestamp()).tm_gmtoff // 60
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Asia/Kolkata",
                                  "Australia/Lord_Howe", "Pacific/Chatham"])
@pytest.mark.parametrize("rollover", [0, 4])
def test_the_c_librarys_day_is_zoneinfos_day(monkeypatch, zone, rollover):
    """`Calendar.day` before the machine's zone is loaded asks the C library (system_day): every
    quarter hour of 2026 it gives zoneinfo's day, across summer time changes of an hour and of
    half an hour (Lord Howe), in a zone half an hour off the hour (Kolkata) and a quarter hour
    off (Chatham)."""
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        calendar = Calendar(ZoneInfo(zone), rollover)
        start = datetime(2025, 12, 31, 12, tzinfo=UTC)
        for quarter in range(366 * 24 * 4):
            when = start + timedelta(minutes=15 * quarter)
            assert system_day(when, rollover) == calendar.day(when), when
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_machines_day_needs_no_zone_loaded(monkeypatch):
    """With TZ unset, a default calendar's day comes from the C library and leaves the zone to
    load when something needs it (today's date is all `drill due` needs); then it is the same."""
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()
    try:
        calendar = Calendar(rollover_hour=4)
        # Every hour of a day: one of them is just after local midnight, whatever the zone.
        moments = [datetime(2026, 7, 1, 0, 30, tzinfo=UTC) + timedelta(hours=n) for n in range(24)]
        days = [calendar.day(when) for when in moments]
        dates = [calendar.local_date(when) for when in moments]  # Home's title
        assert calendar._zone is None  # not loaded
        assert days == [system_day(when, 4) for when in moments]
        zone = calendar.zone  # loaded now, and used from now on
        assert calendar._zone is zone and [calendar.day(when) for when in moments] == days
        assert days == [(calendar.local(when) - timedelta(hours=4)).date() for when in moments]
        assert dates == [calendar.local(when).date() for when in moments]
        assert calendar == Calendar(zone, 4) != Calendar(zone, 5)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_with_tz_set_the_day_comes_from_the_zone_it_names(monkeypatch):
    """TZ set (read again by zoneinfo, while the C library keeps what it read at start unless
    told): the zone is loaded for the day."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # (no tzset: the C library still has the old zone)
    calendar = Calendar(rollover_hour=0)
    assert calendar.day(datetime(2026, 1, 1, 16, tzinfo=UTC)) == date(2026, 1, 2)
    assert calendar._zone is not None
