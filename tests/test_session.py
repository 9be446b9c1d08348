"""The review session: order, same-day repeats, bury/suspend, and undo back to the start."""

from __future__ import annotations

import pytest

from drill.review import Filters, Limits, Reviewer, build_queue
from drill.session import AHEAD, DUE, NEW, REPEAT, ReviewSession
from drill.sync import Source, sync
from tests.test_queue import deck


@pytest.fixture
def reviewer(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 4))
    (user_decks / "b.md").write_text(deck("Beta", 4))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def session(store, reviewer, new=3, filters=Filters()):
    return ReviewSession.today(store, reviewer, Limits(new_per_day=new), filters)


def test_a_session_walks_the_queue_and_requeues_failed_cards(store, reviewer):
    s = session(store, reviewer)
    assert s.pending == ["alph0000", "beta0000", "alph0001"]
    step = s.grade(2, 4_000)
    assert step.requeued and s.pending == ["beta0000", "alph0001", "alph0000"]
    assert s.remaining() == {NEW: 2, REPEAT: 1}
    s.grade(5)
    s.grade(4)
    s.grade(4)  # the repeat passes
    assert s.current is None and s.done == 4


def test_undo_goes_back_step_by_step_to_the_start(store, reviewer, clock):
    s = session(store, reviewer)
    allowance = build_queue(store, reviewer.today(), Limits(new_per_day=3)).new_left
    states = {card: store.log.progress(card) for card in s.pending}
    s.grade(2)
    clock.advance(seconds=30)
    s.grade(5)
    s.bury()
    clock.advance(seconds=30)
    s.grade(1)  # the repeat of alph0000 fails again
    for _ in range(4):
        assert s.undo() is not None
    assert s.undo() is None
    assert s.pending == ["alph0000", "beta0000", "alph0001"]
    assert {card: store.log.progress(card) for card in s.pending} == states
    assert store.flags.of("alph0001") == (False, None)
    assert build_queue(store, reviewer.today(), Limits(new_per_day=3)).new_left == allowance
    assert s.remaining() == {NEW: 3}


def test_bury_and_suspend_take_the_card_out_and_undo_restores_it(store, reviewer):
    s = session(store, reviewer)
    s.bury()
    s.suspend()
    assert store.flags.of("alph0000")[1] == reviewer.today().isoformat()
    assert store.flags.of("beta0000")[0] is True
    assert "alph0000" not in build_queue(store, reviewer.today(), Limits(new_per_day=9)).order
    s.undo()
    assert store.flags.of("beta0000") == (False, None) and s.current == "beta0000"
    s.undo()
    assert store.flags.of("alph0000") == (False, None) and s.current == "alph0000"


def test_summary(store, reviewer, clock):
    s = session(store, reviewer)
    s.grade(5, 10_000)
    s.grade(1, 20_000)
    s.grade(4, 5_000)
    s.grade(4, 5_000)
    summary = s.summary()
    assert (summary.reviewed, summary.again, summary.seconds) == (4, 1, 40)
    assert (summary.cards, summary.back_today) == (3, 0)  # the missed card came back, passed
    assert summary.grades == {1: 1, 4: 2, 5: 1}
    assert summary.due_tomorrow == 3  # all three: the failed one is due tomorrow too


def test_review_ahead_is_off_schedule(store, reviewer, clock):
    s = session(store, reviewer)
    s.grade(5)  # due tomorrow
    ahead = ReviewSession.ahead(store, reviewer, days=3)
    assert ahead.pending == ["alph0000"] and ahead.remaining() == {AHEAD: 1}
    before = store.log.progress("alph0000")
    ahead.grade(4)
    assert store.log.rows("alph0000")[-1].kind == "practice"
    assert store.log.progress("alph0000").state == before.state


def test_disabled_decks_are_left_out_unless_asked_for(store, reviewer):
    store.prefs.set_deck_enabled("Beta", False)
    assert session(store, reviewer, new=9).slots.keys() == {
        "alph0000", "alph0001", "alph0002", "alph0003"}
    assert set(session(store, reviewer, new=9, filters=Filters(deck="Beta")).pending) == {
        "beta0000", "beta0001", "beta0002", "beta0003"}


def test_due_cards_are_labelled_due(store, reviewer, clock):
    session(store, reviewer, new=1).grade(5)
    clock.advance(days=1)
    s = session(store, reviewer, new=0)
    assert s.pending == ["alph0000"] and s.remaining() == {DUE: 1}


def test_summary_says_which_missed_cards_still_come_back_today(store, reviewer):
    s = session(store, reviewer)
    s.grade(1, 1_000)  # missed: it is queued again for later today
    summary = s.summary()
    assert (summary.reviewed, summary.cards, summary.again, summary.back_today) == (1, 1, 1, 1)
