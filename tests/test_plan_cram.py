"""The study plan's final-week cramming pass (issue 20): which cards come back, how they are
graded, and that none comes back twice."""

from __future__ import annotations

import math
from datetime import timedelta

from drill.cram import CRAM_DAYS
from drill.plan import Interview
from drill.plan_file import save as save_plan
from drill.plan_material import linked_cards
from drill.review import build_queue
from drill.session import CRAM, ReviewSession

INTERVIEW_IN = 9  # days from day 0: the final week starts on day 2


def _setup(make_ctx, clock):
    """Day 0: six cards `learned` (passed on days 0 and 1, next due on day 7), one `overdue`
    (passed on day 0 only, due on day 1), one `practised` and one `suspended` like the learned
    ones. The clock is left on day 2, the first day of the final week."""
    ctx = make_ctx()
    ctx.sync()
    day0 = ctx.calendar.day(ctx.clock.now())
    save_plan(ctx.locations.config_file.with_name("plan.toml"),
              [Interview(day0 + timedelta(days=INTERVIEW_IN))])
    linked = linked_cards(ctx.store.conn)  # cards without siblings: grading one buries none
    order = [card for card in ctx.limits.new_order if card not in linked]
    learned, overdue, practised, suspended = list(order[:6]), order[6], order[7], order[8]
    twice = learned + [practised, suspended]
    reviewer = ctx.reviewer()
    for card in twice + [overdue]:
        reviewer.grade(card, 5)
    clock.advance(days=1)
    for card in twice:
        reviewer.grade(card, 5)
    clock.advance(days=1)
    ctx.store.flags.set_suspended(suspended, True)
    today = ctx.calendar.day(ctx.clock.now())
    assert today == day0 + timedelta(days=INTERVIEW_IN - CRAM_DAYS)
    return ctx, learned, overdue, practised, suspended


def _state(progress):
    return (progress.state, progress.due, progress.interval, progress.lapses)


def test_the_final_week_brings_each_seen_card_back_once_spread_over_the_days(make_ctx, clock):
    ctx, learned, overdue, practised, suspended = _setup(make_ctx, clock)
    reviewer = ctx.reviewer()
    reviewer.grade(practised, 4, off_schedule=True)  # reviewed ahead today: not crammed
    limits = ctx.limits
    # The pool: every seen planned card not graded since the final week began (today's grades
    # still count, so the day's share holds all day), in the plan's order; a suspended card is
    # not planned.
    assert list(limits.cram) == [*learned, overdue, practised]
    assert suspended not in limits.new_order
    assert limits.cram_per_day == math.ceil(8 / CRAM_DAYS) == 2
    crammed: list[str] = []
    on_schedule: set[str] = set()
    per_day: list[int] = []
    for day in range(CRAM_DAYS):
        queue = build_queue(ctx.store, ctx.calendar.day(ctx.clock.now()), ctx.limits)
        assert len(queue.cram) <= ctx.limits.cram_per_day
        assert not set(queue.cram) & (set(queue.due) | set(queue.new) | set(queue.repeats))
        assert queue.order[len(queue.order) - len(queue.cram):] == queue.cram  # last
        if day == 0:
            assert overdue in queue.due and overdue not in queue.cram  # due: on schedule
            assert queue.cram_text() == ("Final week before your interview: 1 seen card comes "
                                         "back once today (a pass does not move them).\n")
        for card in queue.due:
            reviewer.grade(card, 4)
        on_schedule |= set(queue.due)
        for card in queue.cram:
            reviewer.grade(card, 4, off_schedule=True)
        crammed += queue.cram
        per_day.append(len(queue.cram))
        # Graded today: the queue built again holds no more cramming than the day's share.
        again = build_queue(ctx.store, ctx.calendar.day(ctx.clock.now()), ctx.limits)
        assert not set(again.cram) & set(crammed)
        clock.advance(days=1)
    # Nothing twice, only learned cards (the overdue card was reviewed on schedule on day 2,
    # the practised one reviewed ahead, the suspended one is out of review). Reviewing ahead
    # counted in day 2's share, and each day's share is worked out from what is left: one a
    # day from day 2 to day 6; the last learned card fell due on day 7 and was reviewed then.
    assert len(crammed) == len(set(crammed)) == 5 and set(crammed) < set(learned)
    assert set(learned) - set(crammed) <= on_schedule
    assert per_day == [1, 1, 1, 1, 1, 0, 0]


def test_a_cram_pass_is_practice_and_a_fail_a_lapse_in_a_session(make_ctx, clock):
    ctx, learned, *_ = _setup(make_ctx, clock)
    limits = ctx.limits._replace(new_per_day=0)
    session = ReviewSession.today(ctx.store, ctx.reviewer(), limits)
    while session.current is not None and session.slots[session.current] != CRAM:
        session.grade(4)  # the due card, on schedule
    passed = session.current
    assert passed in learned and session.off_schedule_for(passed)
    before = ctx.store.log.progress(passed)
    session.grade(4)
    after = ctx.store.log.progress(passed)
    assert _state(after) == _state(before)  # SM-2 state untouched
    assert ctx.store.log.rows(passed)[-1].kind == "practice"
    failed = session.current
    assert failed in learned and session.slots[failed] == CRAM
    before = ctx.store.log.progress(failed)
    session.grade(1)
    after = ctx.store.log.progress(failed)
    assert ctx.store.log.rows(failed)[-1].kind == "practice"
    assert after.lapses == before.lapses + 1 and after.due != before.due  # rescheduled
    assert after.state != before.state
    # The same day the failed card is a same-day repeat, on schedule: it is not crammed again.
    queue = build_queue(ctx.store, ctx.calendar.day(ctx.clock.now()), ctx.limits)
    assert failed not in queue.cram and passed not in queue.cram
    clock.advance(days=1)
    queue = build_queue(ctx.store, ctx.calendar.day(ctx.clock.now()), ctx.limits)
    assert failed not in queue.cram and passed not in queue.cram
    assert passed not in ctx.limits.cram  # graded in the final week: out of the pool


def test_no_cramming_outside_the_final_week(make_ctx, clock):
    ctx = make_ctx()
    ctx.sync()
    day0 = ctx.calendar.day(ctx.clock.now())
    plan = ctx.locations.config_file.with_name("plan.toml")
    save_plan(plan, [Interview(day0 + timedelta(days=CRAM_DAYS + 2))])
    reviewer = ctx.reviewer()
    for card in ctx.limits.new_order[:3]:
        reviewer.grade(card, 5)
    clock.advance(days=1)
    assert ctx.limits.cram == ()  # 8 days before: not yet
    clock.advance(days=1)
    assert len(ctx.limits.cram) == 3  # 7 days before: the final week
    save_plan(plan, [])
    ctx.plan_changed()
    assert ctx.limits.cram == ()  # no plan, no pass


async def test_home_and_the_review_show_the_final_week(make_ctx, clock):
    from textual.content import Content
    from textual.widgets import Static

    from drill.tui.app import make_app
    from drill.tui.screens.review import ReviewScreen

    def plain(widget: Static) -> str:
        return Content.from_markup(str(widget.content)).plain

    ctx, *_ = _setup(make_ctx, clock)
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(120, 40)) as pilot:
        today = plain(app.screen.query_one("#today", Static))
        assert "repeat · 2 final-week" in today, today
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.remaining()[CRAM] == 2
        status = plain(app.screen.query_one("#progress", Static))
        assert status.endswith("new · 2 final-week"), status


def test_the_forecast_crams_a_share_a_day_in_the_final_week_only():
    """drill.plan's forecast of the final week: each day takes ⌈left to cram ÷ days left⌉ of the
    cards not seen since the week began, leaving out those due that day, and nothing outside
    the week."""
    from datetime import date, timedelta

    from drill.plan import _cram

    week, interview = date(2026, 12, 14), date(2026, 12, 21)
    before = week - timedelta(days=10)
    last = {0: before, 1: before, 2: before, 3: week}  # 3 already seen this week
    assert _cram(last, week, week - timedelta(days=1), interview, set()) == 0  # not yet
    assert _cram(last, week, interview, interview, set()) == 0  # the day itself
    assert last == {0: before, 1: before, 2: before, 3: week}  # nothing taken
    assert _cram(last, week, week, interview, due={0}) == 1  # ⌈3 / 7⌉, card 0 due anyway
    assert last[1] == week and last[0] == last[2] == before
    eve = interview - timedelta(days=1)
    assert _cram(last, week, eve, interview, set()) == 2  # ⌈2 / 1⌉: all that is left
    assert last[0] == last[2] == eve
