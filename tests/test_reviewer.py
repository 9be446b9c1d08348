"""The reviewer and the queue in detail: previews off schedule, what grades, resets and undos log,
per-deck counts and the order of same-day repeats."""

from __future__ import annotations

from datetime import date

import pytest

from drill.review import Limits, Reviewer, build_queue
from drill.sm2 import Scheduled, SM2Scheduler
from drill.sync import Source, sync
from tests.test_queue import deck


@pytest.fixture
def reviewer(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 4))
    (user_decks / "b.md").write_text(deck("Beta", 2))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    return Reviewer(store, clock, calendar)


def queue(store, reviewer, **limits):
    return build_queue(store, reviewer.today(), Limits(**limits))


def test_the_queue_knows_its_day_and_length(store, reviewer):
    q = queue(store, reviewer, new_per_day=3)
    assert q.day == "2026-03-02" and len(q) == 3 == q.totals.total


def test_per_deck_due_and_repeat_counts(store, reviewer, clock):
    for card in ("alph0000", "alph0001", "alph0002", "beta0000"):
        reviewer.grade(card, 5)
    clock.advance(days=1)
    reviewer.grade("alph0002", 1)  # a lapse: a repeat today
    reviewer.grade("beta0000", 2)
    reviewer.grade("alph0003", 0)  # a new card failed: a repeat too
    q = queue(store, reviewer, new_per_day=0)
    counts = {name: (c.due, c.new, c.repeat) for name, c in q.per_deck.items()}
    assert counts == {"Alpha": (2, 0, 2), "Beta": (0, 0, 1)}
    assert len(q) == 5 == len(q.order)


def test_repeats_come_back_in_the_order_they_were_last_failed(store, reviewer, clock):
    reviewer.grade("alph0000", 1)
    clock.advance(minutes=1)
    reviewer.grade("alph0001", 1)
    clock.advance(minutes=1)
    reviewer.grade("alph0000", 2)  # failed again, after alph0001
    assert queue(store, reviewer, new_per_day=0).repeats == ["alph0001", "alph0000"]


def test_a_reached_review_cap_leaves_no_due_card(store, reviewer, clock):
    for card in ("alph0000", "alph0001"):
        reviewer.grade(card, 5)
    clock.advance(days=1)
    reviewer.grade("alph0000", 5)
    assert queue(store, reviewer, new_per_day=0, review_cap=1).due == []


def test_grades_are_checked_with_a_clear_message(store, reviewer):
    for bad in (6, -1, True, 2.5):
        with pytest.raises(ValueError, match=f"^grade must be an integer from 0 to 5, not {bad!r}$"):
            reviewer.grade("alph0000", bad)
    assert store.log.rows("alph0000") == []


def test_answer_times_are_never_negative(store, reviewer):
    assert store.log.row(reviewer.grade("alph0000", 5, duration_ms=0)).duration_ms == 0
    assert store.log.row(reviewer.grade("alph0001", 5, duration_ms=-40)).duration_ms == 0
    assert store.log.row(reviewer.grade("alph0002", 5)).duration_ms is None


def test_the_reviewers_scheduler_is_the_one_that_grades(store, clock, calendar, reviewer):
    class Fixed(SM2Scheduler):
        name = "fixed"

        def grade(self, state, grade, when, today, seed=""):
            assert when == clock.now()
            return Scheduled({"fixed": grade}, date(2026, 3, 9), 7)

    uid = Reviewer(store, clock, calendar, Fixed()).grade("alph0000", 4)
    progress = store.log.progress("alph0000")
    assert (progress.scheduler, progress.state, progress.due, progress.interval) == (
        "fixed", {"fixed": 4}, "2026-03-09", 7)
    assert store.log.row(uid).scheduler == "fixed"


def test_preview_of_a_card_not_yet_due_moves_it_only_on_a_lapse(store, reviewer, clock):
    reviewer.grade("alph0000", 5)
    clock.advance(days=1)
    reviewer.grade("alph0000", 5)  # interval 6: due on 2026-03-09
    clock.advance(days=2)  # 2026-03-05: due in 4 days
    assert reviewer.preview("alph0000") == {0: 1, 1: 1, 2: 1, 3: 4, 4: 4, 5: 4}


def test_preview_of_an_overdue_card_moves_it_on_every_grade(store, reviewer, clock):
    reviewer.grade("alph0000", 5)
    clock.advance(days=5)  # 4 days overdue
    assert reviewer.preview("alph0000") == {0: 1, 1: 1, 2: 1, 3: 6, 4: 6, 5: 6}


def test_preview_of_a_same_day_repeat_never_moves_it(store, reviewer):
    reviewer.grade("alph0000", 2)  # due tomorrow, and a repeat today
    assert reviewer.preview("alph0000") == dict.fromkeys(range(6), 1)


def test_preview_off_schedule_treats_a_new_card_as_practice(store, reviewer):
    assert reviewer.preview("alph0000", off_schedule=True) == {0: 1, 1: 1, 2: 1, 3: 0, 4: 0,
                                                               5: 0}
    assert reviewer.preview("alph0000") == dict.fromkeys(range(6), 1)


def test_a_reset_logs_the_progress_it_replaced_and_undo_brings_it_back(store, reviewer):
    reviewer.grade("alph0000", 5)
    before = store.log.progress("alph0000")
    uid = reviewer.reset("alph0000")
    row = store.log.row(uid)
    assert (row.kind, row.source, row.state_before) == ("import", "reset", before.to_dict())
    assert store.log.progress("alph0000").is_new
    reviewer.undo(uid, session="s1")
    undo = store.log.rows("alph0000")[-1]
    assert (undo.kind, undo.undoes, undo.session) == ("undo", uid, "s1")
    assert store.log.progress("alph0000") == before
    graded = reviewer.grade("alph0001", 4)
    after_grade = store.log.progress("alph0001")
    reviewer.undo(graded)
    assert store.log.rows("alph0001")[-1].state_before == after_grade.to_dict()


def test_what_cannot_be_undone_says_so(store, reviewer, clock, calendar):
    from drill.sync import reattach

    with pytest.raises(ValueError, match="^nothing to undo for nosuchuid$"):
        reviewer.undo("nosuchuid")
    uid = reviewer.grade("alph0000", 5)
    reviewer.undo(uid)
    undo_uid = store.log.rows("alph0000")[-1].uid
    with pytest.raises(ValueError, match=f"^nothing to undo for {undo_uid}$"):
        reviewer.undo(undo_uid)
    store.cards.mark_orphaned(["beta0000"], 1)
    reviewer.grade("beta0000", 5)
    reattach(store, "beta0000", "beta0001", clock.now(), calendar)
    imported = store.log.rows("beta0001")[-1]
    assert imported.kind == "import" and imported.source == "beta0000"
    with pytest.raises(ValueError, match="^nothing to undo for "):
        reviewer.undo(imported.uid)
