"""A time-boxed session: due cards most at risk first, then new, ending once the time is up and
the card in hand is done."""

from __future__ import annotations

from drill.review import Limits
from drill.session import DUE, NEW, ReviewSession
from tests.test_catch_up import learn, reviewer  # noqa: F401 (the fixture)


def test_a_time_box_orders_by_risk_then_new_and_ends_after_its_minutes(store, reviewer, clock):
    learn(reviewer, ["alph0000", "alph0001", "alph0002"])
    clock.advance(days=1)
    learn(reviewer, ["alph0000"])  # interval 6: less at risk than the two 1-day cards
    clock.advance(days=6)
    session = ReviewSession.today(store, reviewer, Limits(new_per_day=2), minutes=20)
    assert session.title == "All decks · 20 min"
    assert session.pending[:3] == ["alph0001", "alph0002", "alph0000"]
    assert [session.slots[c] for c in session.pending] == [DUE, DUE, DUE, NEW, NEW]
    clock.advance(minutes=19, seconds=59)
    assert not session.time_up
    session.grade(5, 1000)
    clock.advance(seconds=1)
    assert session.time_up and session.summary().time_up
    assert session.remaining() == {DUE: 2, NEW: 2}


def test_without_a_box_time_is_never_up(store, reviewer, clock):
    learn(reviewer, ["alph0000"])
    clock.advance(days=1)
    session = ReviewSession.today(store, reviewer, Limits())
    clock.advance(hours=5)
    assert not session.time_up and session.title == "All decks"
