"""`advance` and `classify`, the pure fold the log is replayed through, tested row by row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from drill.progress import CardProgress, LogEntry, advance, classify
from drill.sm2 import Scheduled, SM2Scheduler

DAY = "2026-03-02"
WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)
T = 1_772_452_800_123


def grade(progress, grade, day=DAY, kind="review", at=T):
    return advance(progress, LogEntry(kind, day, at, grade), WHEN)


def learned():
    """A card reviewed once (interval 1), now due."""
    return grade(CardProgress(), 5)


def test_a_grade_records_when_and_what():
    after = grade(CardProgress(), 4, at=T + 7)
    assert (after.reviews, after.last_ms, after.last_grade) == (1, T + 7, 4)
    again = grade(after, 2, day="2026-03-03", at=T + 99)
    assert (again.reviews, again.last_ms, again.last_grade) == (2, T + 99, 2)


def test_the_second_review_uses_the_cards_state():
    second = grade(learned(), 5, day="2026-03-03")
    assert (second.interval, second.due, second.state["repetitions"]) == (6, "2026-03-09", 2)


def test_only_a_learned_card_graded_below_3_lapses():
    card = learned()
    assert grade(card, 5, day="2026-03-03").lapses == 0
    assert grade(card, 3, day="2026-03-03").lapses == 0
    assert grade(card, 2, day="2026-03-03").lapses == 1
    assert grade(CardProgress(), 0).lapses == 0


def test_an_import_row_sets_the_whole_progress():
    imported = CardProgress(state={"repetitions": 4, "ef100": 200, "interval": 20,
                                   "due": "2026-04-01"}, due="2026-04-01", interval=20, lapses=3,
                            reviews=9, last_ms=5, last_grade=4, first_day="2025-01-01")
    entry = LogEntry("import", DAY, T, None, imported.to_dict())
    assert advance(learned(), entry, WHEN) == imported


def test_rows_without_a_grade_or_of_another_kind_change_nothing():
    card = learned()
    assert advance(card, LogEntry("review", DAY, T, None), WHEN) == card
    assert advance(card, LogEntry("undo", DAY, T, 4), WHEN) == card


def test_progress_round_trips_through_its_dict():
    card = grade(learned(), 1, day="2026-03-03")
    assert CardProgress.from_dict(card.to_dict()) == card
    assert CardProgress.from_dict(None) == CardProgress() == CardProgress.from_dict({})


def test_the_scheduler_that_graded_is_recorded():
    class Other(SM2Scheduler):
        name = "other"

        def grade(self, state, grade, when, today, seed=""):
            return Scheduled({"x": 1}, date(2026, 3, 4), 2)

    after = advance(CardProgress(), LogEntry("review", DAY, T, 5), WHEN, Other())
    assert (after.scheduler, after.state, after.due, after.interval) == (
        "other", {"x": 1}, "2026-03-04", 2)


def test_classify_without_off_schedule_is_on_schedule():
    today = date.fromisoformat(DAY)
    assert classify(CardProgress(), today) == "review"
    assert classify(CardProgress(), today, off_schedule=True) == "practice"
    card = learned()  # passed: due tomorrow, no same-day repeat
    assert classify(card, today) == "practice"
    assert classify(grade(CardProgress(), 3), today) == "repeat"
    assert classify(card, date(2026, 3, 3)) == "review"
    assert classify(card, date(2026, 3, 4)) == "review"
