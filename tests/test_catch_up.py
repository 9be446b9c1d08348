"""Catching up after a break: a backlog of more than a day's work is spread over the next days,
most at risk first, with nothing left out for ever; new cards pause meanwhile (a setting). And a
time-boxed session: due cards by risk, then new, ending once the time is up."""

from __future__ import annotations

import pytest

from drill.review import DEFAULT_DAILY_REVIEWS, Limits, Reviewer, build_queue, risk
from drill.session import DUE, NEW, ReviewSession
from drill.sync import Source, sync


def deck(title, count):
    return f"# {title}\n" + "".join(
        f"\n## {title} question {i}?\n<!-- id: {title.lower()[:4]}{i:04d} -->\nAnswer {i}.\n"
        for i in range(count))


@pytest.fixture
def reviewer(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 260))
    (user_decks / "n.md").write_text(deck("News", 5))  # never studied: new cards
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def learn(reviewer, cards):
    for card in cards:
        reviewer.grade(card, 5)


def alpha(n):
    return [f"alph{i:04d}" for i in range(n)]


def do_each_days_queue(store, reviewer, clock, limits, days):
    """The user does each day's whole queue (every card passed) for `days` days; returns the
    cards reviewed, day by day."""
    reviewed = []
    for _ in range(days):
        queue = build_queue(store, reviewer.today(), limits)
        learn(reviewer, queue.due)
        reviewed.append(queue.due)
        clock.advance(days=1)
    return reviewed


def test_a_three_day_gap_is_spread_over_three_days_and_nothing_is_left_out(store, reviewer,
                                                                            clock):
    learn(reviewer, alpha(250))  # all due tomorrow
    clock.advance(days=3)
    limits = Limits(new_per_day=10)
    queue = build_queue(store, reviewer.today(), limits)
    assert queue.catching_up and queue.backlog == 250 and queue.budget == DEFAULT_DAILY_REVIEWS
    assert queue.catch_up_days == 3
    assert len(queue.due) == 100 and queue.new == [] and queue.new_left == 0
    days = do_each_days_queue(store, reviewer, clock, limits, 3)
    assert [len(day) for day in days] == [100, 100, 50]
    assert sorted(sum(days, [])) == alpha(250)  # every one, once, within the promised 3 days
    queue = build_queue(store, reviewer.today(), limits)
    assert not queue.catching_up and len(queue.new) == 10  # new cards come back


def test_a_thirty_day_gap_reviews_the_most_at_risk_first_and_every_card_in_time(store,
                                                                                 reviewer, clock):
    learn(reviewer, alpha(200))  # interval 1
    clock.advance(days=1)
    learn(reviewer, alpha(200)[::2])  # the even ones again: interval 6, the odd ones 1 day late
    clock.advance(days=30)
    limits = Limits(new_per_day=10, review_cap=60)
    queue = build_queue(store, reviewer.today(), limits)
    assert queue.catching_up and queue.backlog == 200 and queue.catch_up_days == 4
    # The odd cards (interval 1, a month late) are far more at risk than the even ones
    # (interval 6): they all come first.
    rows = {row["id"]: row for row in store.queue.rows(queue.day)}
    risks = [risk(rows[card], reviewer.today()) for card in queue.due]
    assert risks == sorted(risks, reverse=True)
    assert set(queue.due) <= set(alpha(200)[1::2])
    assert risk(rows["alph0001"], reviewer.today()) > risk(rows["alph0000"], reviewer.today())
    days = do_each_days_queue(store, reviewer, clock, limits, 4)
    assert [len(day) for day in days] == [60, 60, 60, 20]
    assert sorted(sum(days, [])) == alpha(200)
    assert set(days[0] + days[1][:40]) == set(alpha(200)[1::2])  # the odd ones, first


def test_a_card_left_today_comes_first_another_day(store, reviewer, clock):
    learn(reviewer, alpha(3))
    clock.advance(days=1)
    learn(reviewer, ["alph0000"])  # interval 6, due in 6 days
    clock.advance(days=6)  # alph0001, alph0002 overdue 6 days (interval 1); alph0000 due today
    limits = Limits(new_per_day=0, review_cap=1)
    first = build_queue(store, reviewer.today(), limits)
    assert first.due == ["alph0001"] and first.catch_up_days == 3
    learn(reviewer, first.due)
    clock.advance(days=1)
    assert build_queue(store, reviewer.today(), limits).due == ["alph0002"]
    reviewer.grade("alph0002", 5)
    clock.advance(days=1)
    # The card due a week ago, left for two days, now comes first before newly due ones.
    assert build_queue(store, reviewer.today(), limits).due == ["alph0000"]


def test_new_cards_keep_coming_when_the_setting_says_so(store, reviewer, clock):
    learn(reviewer, alpha(120))
    clock.advance(days=2)
    queue = build_queue(store, reviewer.today(), Limits(new_per_day=3,
                                                        new_while_catching_up=True))
    assert queue.catching_up and len(queue.due) == 100 and len(queue.new) == 3


def test_within_a_days_work_nothing_changes(store, reviewer, clock):
    learn(reviewer, alpha(100))
    clock.advance(days=2)
    queue = build_queue(store, reviewer.today(), Limits(new_per_day=2))
    assert not queue.catching_up and len(queue.due) == 100 and len(queue.new) == 2
    assert queue.due == alpha(100)  # most overdue first, then file order, as before


def test_the_setting_is_read_and_checked(tmp_path):
    from drill.settings import load_settings

    path = tmp_path / "config.toml"
    path.write_text("new_while_catching_up = true\n")
    assert load_settings(path)[0].new_while_catching_up is True
    path.write_text("new_while_catching_up = 1\n")
    settings, problems = load_settings(path)
    assert settings.new_while_catching_up is False and "true or false" in problems[0]


def test_a_time_box_orders_by_risk_then_new_and_ends_after_its_minutes(store, reviewer, clock):
    learn(reviewer, ["alph0000", "alph0001", "alph0002"])
    clock.advance(days=1)
    learn(reviewer, ["alph0000"])  # interval 6: less at risk than the two 1-day cards
    clock.advance(days=6)
    session = ReviewSession.today(store, reviewer, Limits(new_per_day=2), minutes=20)
    assert session.title == "All decks · 20 min"
    assert session.pending[:3] == ["alph0001", "alph0002", "alph0000"]
    assert [session.slots[c] for c in session.pending] == [DUE, DUE, DUE, NEW, NEW]
    assert session.seconds_left == 20 * 60
    clock.advance(minutes=19, seconds=59)
    assert not session.time_up and session.seconds_left == 1
    session.grade(5, 1000)
    clock.advance(seconds=1)
    assert session.time_up and session.summary().time_up
    assert session.remaining() == {DUE: 2, NEW: 2}


def test_without_a_box_time_is_never_up(store, reviewer, clock):
    learn(reviewer, ["alph0000"])
    clock.advance(days=1)
    session = ReviewSession.today(store, reviewer, Limits())
    clock.advance(hours=5)
    assert not session.time_up and session.seconds_left is None
    assert session.title == "All decks"


def test_catching_up_is_judged_on_every_deck_even_when_reviewing_one(store, reviewer, clock):
    from drill.review import Filters

    learn(reviewer, alpha(120))
    clock.advance(days=2)
    queue = build_queue(store, reviewer.today(), Limits(new_per_day=3), Filters(deck="News"))
    assert queue.catching_up and queue.backlog == 120 and queue.new == []


def test_a_days_work_without_a_cap_is_the_minutes_over_the_users_pace(make_ctx, clock):
    """No review cap: a day's work is the minutes a day (the plan's, or 30) ÷ the median
    seconds per card (45 s until there are 20 timed answers)."""
    from datetime import timedelta

    from drill.plan import Interview
    from drill.plan_file import save as save_plan

    ctx = make_ctx()
    ctx.sync()
    assert ctx.limits.daily_reviews == 40  # 30 min × 60 ÷ 45 s
    reviewer = ctx.reviewer()
    for card in ctx.store.cards.list()[:25]:
        reviewer.grade(card.id, 5, duration_ms=20_000)
    assert ctx.limits.daily_reviews == 40  # worked out once a day
    clock.advance(days=1)
    assert ctx.limits.daily_reviews == 90  # 30 min ÷ 20 s
    today = ctx.calendar.day(ctx.clock.now())
    save_plan(ctx.locations.config_file.with_name("plan.toml"),
              [Interview(today + timedelta(days=20), minutes_per_day=60)])
    assert ctx.limits.daily_reviews == 180  # the plan's 60 minutes ÷ 20 s
