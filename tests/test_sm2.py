"""SM-2 as the design note specifies it, checked against the worked examples and an exact reference."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drill.sm2 import SM2Scheduler, SM2State, review

DAY = date(2026, 1, 1)


def run(grades):
    state, seen = SM2State(), []
    for grade in grades:
        state = review(state, grade, DAY)
        seen.append(state)
    return seen


def test_new_card():
    state = SM2State()
    assert (state.repetitions, state.easiness, state.interval, state.due) == (0, 2.5, 0, None)


def test_worked_example_perfect_grades():
    states = run([5, 5, 5, 5])
    assert [s.interval for s in states] == [1, 6, 17, 48]
    assert [s.easiness for s in states] == [2.6, 2.7, 2.8, 2.9]
    assert [s.repetitions for s in states] == [1, 2, 3, 4]


def test_worked_example_blackouts_then_recovery():
    states = run([0, 0, 4, 4, 4])
    assert [s.easiness for s in states] == [1.7, 1.3, 1.3, 1.3, 1.3]
    assert [s.interval for s in states] == [1, 1, 1, 6, 8]


def test_due_is_today_plus_interval():
    assert review(SM2State(), 4, DAY).due == date(2026, 1, 2)
    assert review(SM2State(repetitions=1, interval=1), 4, DAY).due == date(2026, 1, 7)


def test_a_lapse_resets_repetitions_and_interval():
    state = review(SM2State(repetitions=5, easiness=2.5, interval=40), 2, DAY)
    assert (state.repetitions, state.interval, state.easiness) == (0, 1, 2.18)


@pytest.mark.parametrize("grade", [-1, 6, 2.5, "4", None, True])
def test_grades_outside_0_to_5_are_rejected(grade):
    with pytest.raises(ValueError, match=f"^grade must be an integer from 0 to 5, not {grade!r}$"):
        review(SM2State(), grade, DAY)


def reference(grades):
    """SM-2 in exact rational arithmetic, written separately from the implementation."""
    reps, ef, interval, out = 0, Fraction(5, 2), 0, []
    for q in grades:
        if q >= 3:
            interval = 1 if reps == 0 else 6 if reps == 1 else min(math.ceil(interval * ef), 36_500)
            reps += 1
        else:
            reps, interval = 0, 1
        ef = max(Fraction(13, 10), ef + Fraction(1, 10) - (5 - q) * (Fraction(8, 100)
                                                                      + (5 - q) * Fraction(2, 100)))
        out.append((reps, ef, interval))
    return out


def test_intervals_are_capped_at_a_century_so_dates_stay_valid():
    states = run([5] * 40)
    assert states[-1].interval == 36_500
    assert states[-1].due == date(2125, 12, 8)


@given(st.lists(st.integers(0, 5), min_size=1, max_size=60))
def test_long_sequences_match_the_exact_reference(grades):
    for state, (reps, ef, interval) in zip(run(grades), reference(grades), strict=True):
        assert state.repetitions == reps
        assert state.interval == interval
        assert state.easiness == float(ef)  # exactly the 2-decimal value


def test_scheduler_previews_every_grade_without_changing_state():
    scheduler = SM2Scheduler()
    state = review(SM2State(), 5, DAY).to_dict()
    when = datetime(2026, 1, 2, 9, tzinfo=UTC)
    assert scheduler.preview(state, when, date(2026, 1, 2)) == {0: 1, 1: 1, 2: 1, 3: 6, 4: 6, 5: 6}
    graded = scheduler.grade(state, 4, when, date(2026, 1, 2))
    assert (graded.interval, graded.due) == (6, date(2026, 1, 8))
    assert SM2State.from_dict(graded.state) == review(SM2State.from_dict(state), 4, date(2026, 1, 2))


def test_state_round_trips_through_its_dict():
    state = SM2State(repetitions=3, easiness=1.8, interval=10, due=date(2026, 3, 5))
    data = state.to_dict()
    assert data == {"repetitions": 3, "ef100": 180, "interval": 10, "due": "2026-03-05"}
    assert SM2State.from_dict(data) == state


def test_a_new_cards_state_has_no_due_day_either_way():
    assert SM2State().to_dict() == {"repetitions": 0, "ef100": 250, "interval": 0, "due": None}
    assert SM2State.from_dict(SM2State().to_dict()) == SM2State()
    assert SM2State.from_dict(None) == SM2State() == SM2State.from_dict({})
