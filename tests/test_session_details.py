"""The review session's details: titles, role order, what a grade and an undo log, and the summary."""

from __future__ import annotations

import pytest

from drill.review import Limits, Reviewer
from drill.session import NEW, ReviewSession
from drill.sync import Source, sync
from tests.test_queue import deck


@pytest.fixture
def reviewer(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 4))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def today(store, reviewer, **kwargs):
    return ReviewSession.today(store, reviewer, Limits(new_per_day=3), **kwargs)


def test_a_session_has_a_title(store, reviewer):
    assert today(store, reviewer).title == "All decks"
    assert today(store, reviewer, title="Alpha").title == "Alpha"
    ahead = ReviewSession.ahead(store, reviewer, days=3)
    assert ahead.title == "Reviewing ahead (next 3 days)" and ahead.off_schedule is True
    assert ReviewSession.ahead(store, reviewer, days=1).title == "Reviewing ahead (next 1 day)"
    assert today(store, reviewer).off_schedule is False


def test_a_target_role_comes_first_in_a_session(store, clock, calendar, user_decks):
    (user_decks / "r.md").write_text(
        "# Roles\n\n## Generic?\n<!-- id: generic01; roles: data-scientist -->\nA.\n\n"
        "## Vision?\n<!-- id: vision001; roles: computer-vision -->\nB.\n")
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    assert today(store, reviewer).pending == ["generic01", "vision001"]
    assert today(store, reviewer, prefer_role="computer-vision").pending == [
        "vision001", "generic01"]


def test_review_ahead_takes_30_cards_unless_told(store, clock, calendar, user_decks):
    (user_decks / "b.md").write_text(deck("Beta", 32))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    for number in range(32):
        reviewer.grade(f"beta{number:04d}", 5)
    assert len(ReviewSession.ahead(store, reviewer).pending) == 30
    assert len(ReviewSession.ahead(store, reviewer, limit=32).pending) == 32


def test_a_grade_logs_its_time_and_session_and_an_undo_its_session(store, reviewer):
    s = today(store, reviewer)
    step = s.grade(4, 4_321)
    row = store.log.row(step.uid)
    assert (row.duration_ms, row.session, row.kind) == (4_321, s.id, "review")
    s.undo()
    assert store.log.rows(step.card_id)[-1].session == s.id


def test_undoing_a_suspend_puts_the_card_back_in_its_count(store, reviewer):
    s = today(store, reviewer)
    s.suspend()
    s.undo()
    assert s.remaining() == {NEW: 3} and store.flags.of(s.current) == (False, None)


def test_an_empty_session_says_so():
    s = ReviewSession(store=None, reviewer=None)  # type: ignore[arg-type]
    with pytest.raises(IndexError, match="^no card to review$"):
        s.grade(4)


def test_summary_counts_buries_suspends_whole_seconds_and_fails(store, reviewer):
    s = today(store, reviewer)
    s.grade(3, 1_500)  # a pass (with difficulty): not an "again"
    s.bury()
    s.suspend()
    summary = s.summary()
    assert (summary.reviewed, summary.again, summary.seconds) == (1, 0, 1)
    assert (summary.buried, summary.suspended) == (1, 1)
    assert summary.grades == {3: 1}


def test_review_ahead_looks_a_week_ahead_unless_told(store, reviewer, clock):
    reviewer.grade("alph0000", 5)
    clock.advance(days=1)
    reviewer.grade("alph0000", 5)  # due in 6 days: 2026-03-09
    reviewer.grade("alph0001", 5)
    clock.advance(days=1)
    reviewer.grade("alph0001", 5)  # due 2026-03-10: 7 days from 2026-03-03
    reviewer.grade("alph0002", 5)
    clock.advance(days=1)
    reviewer.grade("alph0002", 5)  # due 2026-03-11: 8 days from 2026-03-03
    clock.set(clock.now().replace(day=3))  # back to 2026-03-03: a week ahead ends on 03-10
    assert ReviewSession.ahead(store, reviewer).pending == ["alph0000", "alph0001"]


def test_a_grade_without_a_time_logs_none_spent(store, reviewer):
    s = today(store, reviewer)
    step = s.grade(5)
    assert step.duration_ms == 0 and store.log.row(step.uid).duration_ms == 0
    assert s.summary().seconds == 0
