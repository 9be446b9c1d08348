"""The queue's rules that a plausible slip would break: orphans, the review cap after an undo, the
new-card allowance, review-ahead, lapses and undoing a bury."""

from __future__ import annotations

import pytest

from drill.review import Limits, Reviewer, build_queue
from drill.session import ReviewSession
from drill.sync import Source, sync
from tests.test_queue import deck


@pytest.fixture
def reviewer(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 4))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def queue(store, reviewer, **limits):
    return build_queue(store, reviewer.today(), Limits(**limits))


def test_an_orphaned_card_is_never_queued(store, reviewer, clock, calendar, user_decks):
    reviewer.grade("alph0000", 5)
    reviewer.grade("alph0001", 1)  # a same-day repeat, due today
    text = deck("Alpha", 4)
    for card in ("alph0000", "alph0001", "alph0002"):
        start = text.index(f"\n## Alpha question {card[-1]}?")
        end = text.index("\n## ", start + 1)
        text = text[:start] + text[end:]
    (user_decks / "a.md").write_text(text)
    report = sync(store, [Source(user_decks)], clock.now(), calendar)
    assert sorted(report.orphaned) == ["alph0000", "alph0001", "alph0002"]
    assert queue(store, reviewer, new_per_day=9).order == ["alph0003"]
    clock.advance(days=1)
    assert queue(store, reviewer, new_per_day=9).order == ["alph0003"]


def test_an_undone_review_frees_its_place_under_the_review_cap(store, reviewer, clock):
    for card in ("alph0000", "alph0001", "alph0002"):
        reviewer.grade(card, 5)
    clock.advance(days=1)
    assert queue(store, reviewer, new_per_day=0, review_cap=2).due == ["alph0000", "alph0001"]
    uid = reviewer.grade("alph0000", 5)
    assert queue(store, reviewer, new_per_day=0, review_cap=2).due == ["alph0001"]
    reviewer.undo(uid)
    assert queue(store, reviewer, new_per_day=0, review_cap=2).due == ["alph0000", "alph0001"]


def test_introducing_new_cards_does_not_count_against_the_review_cap(store, reviewer):
    reviewer.grade("alph0000", 5)
    assert store.queue.scheduled_reviews_on(reviewer.today().isoformat()) == 0


def test_reviewing_due_cards_does_not_use_the_new_card_allowance(store, reviewer, clock):
    for card in ("alph0000", "alph0001"):
        reviewer.grade(card, 5)
    clock.advance(days=1)
    assert queue(store, reviewer, new_per_day=2).new_left == 2
    for card in ("alph0000", "alph0001"):
        reviewer.grade(card, 5)
    q = queue(store, reviewer, new_per_day=2)
    assert q.new_left == 2 and q.new == ["alph0002", "alph0003"]
    assert store.log.progress("alph0000").first_day == "2026-03-02"


def test_practising_a_new_card_off_schedule_does_not_introduce_it(store, reviewer):
    reviewer.grade("alph0000", 2, off_schedule=True)
    assert store.log.progress("alph0000").first_day is None
    assert queue(store, reviewer, new_per_day=1).new_left == 1


def test_review_ahead_leaves_out_cards_due_today(store, reviewer, clock):
    reviewer.grade("alph0000", 5)  # due tomorrow
    clock.advance(days=1)
    reviewer.grade("alph0001", 5)  # due the day after: tomorrow from here
    ahead = ReviewSession.ahead(store, reviewer, days=3)
    assert ahead.pending == ["alph0001"]  # alph0000 is due today: the normal queue has it
    assert queue(store, reviewer, new_per_day=0).due == ["alph0000"]


def test_review_ahead_stops_after_the_days_asked_for(store, reviewer, clock):
    reviewer.grade("alph0000", 5)
    clock.advance(days=1)
    reviewer.grade("alph0000", 5)  # interval 6: due on day 1 + 6
    assert ReviewSession.ahead(store, reviewer, days=5).pending == []
    assert ReviewSession.ahead(store, reviewer, days=6).pending == ["alph0000"]
    assert ReviewSession.ahead(store, reviewer, days=6, limit=0).pending == []


def test_a_new_card_failed_on_its_first_review_has_no_lapse(store, reviewer, clock):
    reviewer.grade("alph0000", 1)
    assert store.log.progress("alph0000").lapses == 0
    reviewer.grade("alph0000", 5)  # its same-day repeat
    clock.advance(days=1)
    reviewer.grade("alph0000", 2)  # a learned card forgotten: that is a lapse
    assert store.log.progress("alph0000").lapses == 1


def test_undoing_a_bury_restores_the_earlier_bury_day(store, reviewer, clock):
    yesterday = "2026-03-01"
    store.flags.set_buried("alph0000", yesterday)  # buried yesterday: back in today's queue
    session = ReviewSession.today(store, reviewer, Limits(new_per_day=4))
    assert session.current == "alph0000"
    session.bury()
    assert store.flags.of("alph0000") == (False, "2026-03-02")
    session.undo()
    assert store.flags.of("alph0000") == (False, yesterday)
    assert session.current == "alph0000"
