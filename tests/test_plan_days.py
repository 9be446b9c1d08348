"""The plan's days are drill days: they start at the rollover hour, in local time, across DST
changes (issue 20, "Done when": pacing across DST and the rollover hour, several dates)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from dateutil import tz

from drill.clock import Calendar
from drill.plan import Interview
from drill.plan_file import save
from drill.plan_material import current_pace

BERLIN = tz.gettz("Europe/Berlin")


@pytest.mark.parametrize("utc, day", [
    # autumn: at 01:00 UTC on 25 Oct clocks go back from 03:00 CEST to 02:00 CET
    ("2026-10-25T01:30:00+00:00", date(2026, 10, 24)),  # 02:30 CET: still the evening before
    ("2026-10-25T02:59:00+00:00", date(2026, 10, 24)),  # 03:59 CET
    ("2026-10-25T03:00:00+00:00", date(2026, 10, 25)),  # 04:00 CET: the new day
    # spring: at 01:00 UTC on 29 Mar clocks go forward from 02:00 CET to 03:00 CEST
    ("2026-03-29T01:59:00+00:00", date(2026, 3, 28)),  # 03:59 CEST
    ("2026-03-29T02:00:00+00:00", date(2026, 3, 29)),  # 04:00 CEST
])
def test_the_pace_counts_drill_days_across_dst_and_the_rollover_hour(make_ctx, clock, utc, day):
    ctx = make_ctx()
    ctx.calendar = Calendar(BERLIN, 4)
    clock.set(datetime.fromisoformat(utc))
    ctx.sync()
    interview = Interview(date.fromordinal(day.toordinal() + 14), "Acme")
    save(ctx.locations.config_file.with_name("plan.toml"), [interview])
    result, found = current_pace(ctx, [interview])
    assert result.today == day and result.days_left == 14
    assert result.cutoff == date.fromordinal(day.toordinal() + 7)
    assert result.new_today == math.ceil(len(found.unseen) / 8)  # today to the cut-off: 8 days
    assert result.reason.startswith(f"14 days left, {len(found.unseen)} unseen cards: "
                                    f"{result.new_today} new today")
    assert ctx.plan_today().new_per_day == result.new_today  # today's queue follows it


def test_several_dates_pace_to_the_nearest_then_the_next(make_ctx, clock):
    ctx = make_ctx()
    ctx.sync()
    first, second = Interview(date(2026, 3, 20), "first"), Interview(date(2026, 4, 10), "second")
    path = ctx.locations.config_file.with_name("plan.toml")
    save(path, [second, first])
    clock.set(datetime.fromisoformat("2026-03-01T12:00:00+00:00"))
    assert current_pace(ctx, [second, first])[0].interview == first
    clock.set(datetime.fromisoformat("2026-03-20T12:00:00+00:00"))  # the day itself: still it
    result = current_pace(ctx, [second, first])[0]
    assert result.interview == first and result.new_today == 0 and "today" in result.reason
    clock.set(datetime.fromisoformat("2026-03-21T03:59:00+00:00"))  # before the rollover: still
    assert current_pace(ctx, [second, first])[0].interview == first
    clock.set(datetime.fromisoformat("2026-03-21T04:00:00+00:00"))
    assert current_pace(ctx, [second, first])[0].interview == second
    assert ctx.plan_today().interview == second
