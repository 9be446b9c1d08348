"""Today's queue: due first (most overdue first), new within the daily limit, then repeats."""

from __future__ import annotations

import pytest

from drill.review import Filters, Limits, Reviewer, build_queue
from drill.sync import Source, sync


def deck(title, count, tags="", kind=""):
    meta = "; ".join(x for x in (f"tags: {tags}" if tags else "", f"kind: {kind}" if kind else "")
                     if x)
    head = f"# {title}\n" + (f"<!-- {meta} -->\n" if meta else "")
    return head + "".join(f"\n## {title} question {i}?\n<!-- id: {title.lower()[:4]}{i:04d} -->\n"
                          f"Answer {i}.\n" for i in range(count))


@pytest.fixture
def setup(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 8, tags="stats"))
    (user_decks / "b.md").write_text(deck("Beta", 8, kind="coding"))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def today(reviewer):
    return reviewer.today()


def test_new_cards_are_limited_per_day_and_alternate_between_decks(store, setup):
    queue = build_queue(store, today(setup), Limits(new_per_day=4))
    assert queue.new == ["alph0000", "beta0000", "alph0001", "beta0001"]
    assert queue.new_available == 16 and queue.new_left == 4


def test_new_card_allowance_is_counted_from_the_store(store, setup):
    for card in ["alph0000", "beta0000", "alph0001"]:
        setup.grade(card, 5)
    queue = build_queue(store, today(setup), Limits(new_per_day=4))
    assert queue.new_left == 1 and queue.new == ["alph0002"]
    # A "restart" rebuilds everything from the store: still one left.
    assert build_queue(store, today(setup), Limits(new_per_day=4)).new_left == 1


def test_undoing_an_introduction_gives_the_allowance_back(store, setup):
    uid = setup.grade("alph0000", 5)
    assert build_queue(store, today(setup), Limits(new_per_day=1)).new_left == 0
    setup.undo(uid)
    assert build_queue(store, today(setup), Limits(new_per_day=1)).new == ["alph0000"]


def test_due_cards_come_first_most_overdue_first(store, setup, clock):
    setup.grade("alph0000", 5)  # due in 1 day
    clock.advance(days=1)
    setup.grade("beta0000", 5)  # due the day after
    clock.advance(days=3)
    queue = build_queue(store, today(setup), Limits(new_per_day=1))
    assert queue.due == ["alph0000", "beta0000"]
    assert queue.order[:3] == ["alph0000", "beta0000", queue.new[0]]


def test_a_card_graded_below_4_comes_back_today_as_a_repeat(store, setup, clock):
    setup.grade("alph0000", 3)
    queue = build_queue(store, today(setup), Limits(new_per_day=0))
    assert queue.repeats == ["alph0000"]
    clock.advance(minutes=2)
    setup.grade("alph0000", 2)  # still failing: stays a repeat, schedule untouched
    progress = store.log.progress("alph0000")
    assert store.log.rows("alph0000")[-1].kind == "repeat"
    assert build_queue(store, today(setup), Limits(new_per_day=0)).repeats == ["alph0000"]
    setup.grade("alph0000", 4)
    assert build_queue(store, today(setup), Limits(new_per_day=0)).repeats == []
    assert store.log.progress("alph0000").state == progress.state


def test_repeats_survive_a_restart_but_not_the_rollover(store, setup, clock):
    setup.grade("alph0000", 1)
    assert build_queue(store, today(setup)).repeats == ["alph0000"]
    clock.advance(hours=16, minutes=1)  # 12:00 UTC + 16:01 = 04:01 next day
    queue = build_queue(store, today(setup))
    assert queue.repeats == [] and queue.due == ["alph0000"]


def test_review_cap_limits_due_cards(store, setup, clock):
    for card in ["alph0000", "alph0001", "alph0002"]:
        setup.grade(card, 5)
    clock.advance(days=1)
    queue = build_queue(store, today(setup), Limits(new_per_day=0, review_cap=2))
    assert queue.due == ["alph0000", "alph0001"]
    setup.grade("alph0000", 5)
    assert build_queue(store, today(setup), Limits(new_per_day=0, review_cap=2)).due == [
        "alph0001"]


def test_suspended_and_buried_cards_are_left_out_and_burying_ends_at_rollover(store, setup,
                                                                              clock):
    store.flags.set_suspended("alph0000", True)
    store.flags.set_buried("beta0000", today(setup).isoformat())
    queue = build_queue(store, today(setup), Limits(new_per_day=20))
    assert "alph0000" not in queue.order and "beta0000" not in queue.order
    clock.advance(days=1)
    queue = build_queue(store, today(setup), Limits(new_per_day=20))
    assert "alph0000" not in queue.order and "beta0000" in queue.order


def test_a_card_with_eight_lapses_is_a_leech(store, setup, clock):
    setup.grade("alph0000", 5)
    for _ in range(8):
        clock.advance(days=2)
        setup.grade("alph0000", 1)
        setup.grade("alph0000", 4)  # the same-day repeat passes
    assert store.log.progress("alph0000").lapses == 8
    assert store.log.progress("alph0000").is_leech
    assert build_queue(store, today(setup)).leeches == 1
    assert build_queue(store, today(setup), filters=Filters(deck="Beta")).leeches == 0
    assert build_queue(store, today(setup), filters=Filters(deck="Alpha")).leeches == 1
    store.flags.set_suspended("alph0000", True)  # a suspended leech is not counted
    assert build_queue(store, today(setup)).leeches == 0


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(deck="alpha"), {"Alpha"}),
    (Filters(tag="stats"), {"Alpha"}),
    (Filters(kind="coding"), {"Beta"}),
    (Filters(tag="nope"), set()),
])
def test_filters_by_deck_tag_and_kind(store, setup, filters, expected):
    queue = build_queue(store, today(setup), Limits(new_per_day=20), filters)
    assert set(queue.per_deck) == expected


def test_off_schedule_grades(store, setup, clock):
    setup.grade("alph0000", 5)
    schedule = store.log.progress("alph0000")
    clock.advance(hours=1)
    setup.grade("alph0000", 3, off_schedule=True)  # a pass before it is due: practice
    assert store.log.rows("alph0000")[-1].kind == "practice"
    assert store.log.progress("alph0000").state == schedule.state
    setup.grade("alph0000", 2, off_schedule=True)  # a fail: a lapse
    after = store.log.progress("alph0000")
    assert after.lapses == 1 and after.state["repetitions"] == 0 and after.interval == 1


def test_preview_shows_the_interval_each_grade_gives(store, setup, clock):
    assert setup.preview("alph0000") == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    setup.grade("alph0000", 5)
    clock.advance(days=1)
    assert setup.preview("alph0000") == {0: 1, 1: 1, 2: 1, 3: 6, 4: 6, 5: 6}


def test_per_deck_counts(store, setup):
    setup.grade("alph0000", 2)
    queue = build_queue(store, today(setup), Limits(new_per_day=3))
    # Two of three new cards are left today; each deck's row says what reviewing it alone brings.
    assert queue.new == ["alph0001", "beta0000"]
    assert {name: (c.due, c.new, c.repeat) for name, c in queue.per_deck.items()} == {
        "Alpha": (0, 2, 1), "Beta": (0, 2, 0)}


def test_a_target_role_orders_cards_but_never_hides_due_ones(store, clock, calendar, user_decks):
    (user_decks / "r.md").write_text(
        "# Roles\n\n## Generic?\n<!-- id: generic01; roles: data-scientist -->\nA.\n\n"
        "## Vision?\n<!-- id: vision001; roles: computer-vision -->\nB.\n\n"
        "## Generic two?\n<!-- id: generic02; roles: data-scientist -->\nC.\n")
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    today = reviewer.today()
    assert build_queue(store, today, Limits(new_per_day=1)).new == ["generic01"]
    assert build_queue(store, today, Limits(new_per_day=1),
                       prefer_role="computer-vision").new == ["vision001"]
    for card in ("generic01", "vision001", "generic02"):
        reviewer.grade(card, 5)
    clock.advance(days=1)
    queue = build_queue(store, reviewer.today(), Limits(), prefer_role="computer-vision")
    assert queue.due == ["vision001", "generic01", "generic02"]
