"""FSRS behind drill's scheduler interface, and `drill evaluate` / `drill simulate` (issue 27)."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating
from fsrs import Scheduler as PyFSRS

from drill import sm2
from drill.evaluate import (
    FSRSModel,
    LogFileError,
    Review,
    SM2Model,
    auc,
    evaluate,
    log_loss,
    reviews_from_csv,
    rmse_bins,
)
from drill.fsrs_scheduler import FSRSScheduler, fuzzed, moment, rating
from drill.simulate import simulate

START = date(2026, 1, 5)


def grade_sequence(seed: int, count: int = 200) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    day, out = START, []
    for _ in range(count):
        day += timedelta(days=rng.choice([0, 1, 1, 2, 3, 7, 15, 40]))
        out.append((day, rng.choice(range(6))))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_drills_fsrs_matches_py_fsrs_run_directly(seed):
    ours = FSRSScheduler(desired_retention=0.85, fuzz=False)
    theirs = PyFSRS(desired_retention=0.85, learning_steps=(), relearning_steps=(),
                    enable_fuzzing=False, maximum_interval=sm2.MAX_INTERVAL)
    state, card = None, Card()
    for day, grade in grade_sequence(seed):
        at = moment(day)
        scheduled = ours.grade(json.loads(json.dumps(state)) if state else None, grade,
                               at + timedelta(hours=15), day)
        card, _ = theirs.review_card(card, rating(grade), at)
        assert scheduled.state["stability"] == card.stability
        assert scheduled.state["difficulty"] == card.difficulty
        assert scheduled.due == card.due.date() == day + timedelta(days=scheduled.interval)
        state = scheduled.state


def test_grades_map_to_ratings():
    assert [rating(g) for g in range(6)] == [Rating.Again] * 3 + [Rating.Hard, Rating.Good,
                                                                  Rating.Easy]
    for bad in (-1, 6, True, 2.0):
        with pytest.raises(ValueError):
            rating(bad)


def test_preview_gives_what_each_grade_would_give():
    scheduler = FSRSScheduler(fuzz=False)
    state = scheduler.grade(None, 4, moment(START), START).state
    later = START + timedelta(days=5)
    preview = scheduler.preview(state, moment(later), later)
    assert preview == {g: scheduler.grade(state, g, moment(later), later).interval
                       for g in range(6)}
    assert preview[0] == preview[1] == preview[2] < preview[3] < preview[4] < preview[5]


def test_fuzz_is_seeded_by_the_uid_and_stays_in_fsrs_range():
    assert fuzzed(2, "a") == 2 and fuzzed(1, "b") == 1  # short intervals are not moved
    draws = {fuzzed(100, f"uid-{n}") for n in range(200)}
    assert fuzzed(100, "uid-7") == fuzzed(100, "uid-7")
    assert draws == set(range(93, 108))  # ±(1 + 0.15·4.5 + 0.1·13 + 0.05·80) ≈ ±7 days
    scheduler = FSRSScheduler(fuzz=True)
    state = {"stability": 80.0, "difficulty": 5.0, "last": START.isoformat()}
    day = START + timedelta(days=80)
    one = scheduler.grade(state, 4, moment(day), day, seed="row-1")
    assert one == scheduler.grade(state, 4, moment(day), day, seed="row-1")  # a rebuild agrees
    plain = FSRSScheduler(fuzz=False).grade(state, 4, moment(day), day)
    assert one.interval == fuzzed(plain.interval, "row-1")
    assert one.due == day + timedelta(days=one.interval)


def test_retention_out_of_range_is_refused():
    for bad in (0.5, 1.0):
        with pytest.raises(ValueError, match="retention"):
            FSRSScheduler(desired_retention=bad)


# --- the figures ---------------------------------------------------------------------------------


def test_log_loss_rmse_and_auc_on_known_values():
    assert log_loss([0.5, 0.5], [1, 0]) == pytest.approx(math.log(2))
    assert log_loss([0.9], [0]) == pytest.approx(-math.log(0.1))
    assert log_loss([1.0], [0]) == pytest.approx(-math.log(1e-4))  # clipped, not infinite
    assert log_loss([], []) is None
    assert rmse_bins([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0]) == pytest.approx(0.1)
    assert rmse_bins([0.81, 0.84], [1, 0]) == pytest.approx(0.325)  # one bin: |0.5 − 0.825|
    assert auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1.0
    assert auc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]) == 0.0
    assert auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5  # ties share their rank
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert auc([0.3, 0.6], [1, 1]) is None


def review(card, day_offset, grade, hour=10):
    day = START + timedelta(days=day_offset)
    return Review(card, datetime(day.year, day.month, day.day, hour, tzinfo=UTC), day,
                  grade)


def test_first_and_same_day_reviews_are_not_scored_and_nothing_peeks_ahead():
    history = [review("a", 0, 4), review("a", 0, 5, hour=11), review("a", 1, 4),
               review("a", 7, 1), review("b", 3, 4)]
    scores = evaluate(history, [SM2Model(), FSRSModel()])
    assert scores["sm2"].outcomes == scores["fsrs"].outcomes == [1, 0]
    assert scores["sm2"].predictions[0] == pytest.approx(0.9)  # due after 1 day, seen after 1
    assert scores["sm2"].predictions[1] == pytest.approx(0.9 ** (6 / 6))
    late = evaluate([review("c", 0, 4), review("c", 1, 3), review("c", 10, 5)], [SM2Model()])
    assert late["sm2"].outcomes == [1, 1]  # a 3 is a pass
    assert late["sm2"].predictions[1] == pytest.approx(0.9 ** (9 / 6))  # 9 days into 6
    # the prediction of a review does not change when later reviews are added or removed
    shorter = evaluate(history[:3], [SM2Model(), FSRSModel()])
    assert shorter["fsrs"].predictions == scores["fsrs"].predictions[:1]


def synthetic(world: str, seed: int = 5, cards: int = 150) -> list[Review]:
    """A log whose true recall follows `world`'s model: each review's outcome is drawn from that
    model's prediction, and the learner reviews at random gaps around the model's due date."""
    rng = random.Random(seed)
    model = SM2Model() if world == "sm2" else FSRSModel()
    reviews = []
    for n in range(cards):
        day, state = START, None
        for _ in range(8):
            if state is None:
                grade = 4
            else:
                due = state[0].due if world == "sm2" else date.fromisoformat(state["due"])
                gap = max(1, round((due - day).days * rng.uniform(0.3, 3.0)))
                day += timedelta(days=gap)
                probe = Review(str(n), moment(day), day, 4)
                p = model.predict(state, probe)
                grade = 4 if rng.random() < p else 1
            item = Review(str(n), moment(day), day, grade)
            reviews.append(item)
            state = model.update(state, item, False)
    return reviews


class Constant:
    name = "constant"

    def predict(self, state, review):
        return 0.8

    def update(self, state, review, same_day):
        return state


@pytest.mark.parametrize("world", ["sm2", "fsrs"])
def test_evaluate_ranks_the_true_model_first(world):
    scores = evaluate(synthetic(world), [SM2Model(), FSRSModel(), Constant()])
    loss = {name: s.figures()["log_loss"] for name, s in scores.items()}
    others = [value for name, value in loss.items() if name != world]
    assert loss[world] < min(others), loss


# --- another tool's log ----------------------------------------------------------------------------


def test_reading_another_tools_log(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("\ufeffcard_id,review_rating,review_time,review_duration\n"
                    "c1,3,2024-03-29T20:32:32.250000+00:00,25060\n"
                    "c1,1,2024-03-31T02:00:00+00:00,100\n", encoding="utf-8")
    first, second = list(reviews_from_csv(path))
    assert (first.card_id, first.grade, first.day) == ("c1", 4, date(2024, 3, 29))
    assert (second.grade, second.day) == (1, date(2024, 3, 30))  # before 4 am: the day before


@pytest.mark.parametrize(("text", "message"), [
    ("card_id,review_time\nc,2024-01-01T00:00:00+00:00\n", ":1: the header lacks review_rating"),
    ("card_id,review_time,review_rating\nc,2024-01-01T00:00:00+00:00,5\n",
     ":2: review_rating must be 1, 2, 3 or 4, not '5'"),
    ("card_id,review_time,review_rating\nc,2024-01-01T00:00:00+00:00,3\nc,yesterday,3\n",
     ":3: review_time must be an ISO-8601 time"),
    ("card_id,review_time,review_rating\nc,2024-01-01T00:00:00,3\n", ":2: review_time "),
    ("card_id,review_time,review_rating\n,2024-01-01T00:00:00+00:00,3\n", ":2: card_id is empty"),
])
def test_a_bad_log_says_where_and_what(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LogFileError, match=message.replace("(", r"\(")):
        list(reviews_from_csv(path))


def test_drill_evaluate_on_a_log_file_prints_the_figures_without_textual(tmp_path):
    path = tmp_path / "log.csv"
    rows = ["card_id,review_time,review_rating"]
    for review_ in synthetic("fsrs", cards=40):
        rows.append(f"{review_.card_id},{review_.when.isoformat()},"
                    f"{ {1: 1, 4: 3}[review_.grade] }")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code = ("import sys; from drill.cli import main; code = main(['evaluate', '--log', sys.argv[1],"
            " '--json']); assert 'textual' not in sys.modules; sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["fsrs"]["reviews"] == figures["sm2"]["reviews"] == 40 * 7
    assert figures["fsrs"]["log_loss"] < figures["sm2"]["log_loss"]


def test_drill_evaluate_with_a_bad_file_exits_1_with_the_line(tmp_path, capsys):
    from drill.cli import main

    path = tmp_path / "bad.csv"
    path.write_text("card_id,review_time,review_rating\nc,now,3\n", encoding="utf-8")
    assert main(["evaluate", "--log", str(path)]) == 1
    assert f"{path}:2: review_time" in capsys.readouterr().out
    assert main(["evaluate", "--log", str(tmp_path / "missing.csv")]) == 1


# --- simulate -------------------------------------------------------------------------------------


def test_simulate_is_repeatable_and_brings_new_cards_in_at_the_limit():
    histories = {"a": [review("a", 0, 4), review("a", 1, 4)]}
    one = simulate(histories, new_cards=30, today=START + timedelta(days=2), days=20,
                   new_per_day=5, seed=3)
    again = simulate(histories, new_cards=30, today=START + timedelta(days=2), days=20,
                     new_per_day=5, seed=3)
    assert [p.per_day for p in one] == [p.per_day for p in again]
    assert [p.scheduler for p in one] == ["sm2", "fsrs"]
    for projection in one:
        assert projection.per_day[0] >= 5  # five new cards on the first day
        assert projection.total >= 30  # every new card came in at least once
    lower = simulate(histories, 30, START + timedelta(days=2), 60, 5, retention=0.75, seed=3)
    higher = simulate(histories, 30, START + timedelta(days=2), 60, 5, retention=0.97, seed=3)
    assert lower[1].total < higher[1].total  # asking for more retention costs more reviews
    assert lower[0].per_day == higher[0].per_day  # SM-2 ignores the retention setting


# --- what mutation testing asked for -------------------------------------------------------------


def test_fuzz_ranges_at_the_small_end():
    seeds = [f"s{n}" for n in range(300)]
    assert {fuzzed(3, s) for s in seeds} == {2, 3, 4}  # ±(1 + 0.15·0.5), never below 2
    assert {fuzzed(5, s) for s in seeds} == {4, 5, 6}  # ±1.375


def test_fuzz_is_on_by_default_and_needs_a_seed():
    state = {"stability": 80.0, "difficulty": 5.0, "last": START.isoformat()}
    day = START + timedelta(days=80)
    plain = FSRSScheduler(fuzz=False).grade(state, 4, moment(day), day)
    seeds = [f"row-{n}" for n in range(20)]
    fuzzed_by_default = {FSRSScheduler().grade(state, 4, moment(day), day, seed=s).interval
                         for s in seeds}
    assert len(fuzzed_by_default) > 1  # on by default
    assert FSRSScheduler().grade(state, 4, moment(day), day) == plain  # no seed: no fuzz
    assert {FSRSScheduler(fuzz=False).grade(state, 4, moment(day), day, seed=s).interval
            for s in seeds} == {plain.interval}  # fuzz off: the seed changes nothing


def test_custom_parameters_and_the_retention_bounds():
    custom = list(PyFSRS().parameters)
    custom[0] = custom[0] * 3  # a longer first stability after Again
    ours = FSRSScheduler(parameters=tuple(custom), fuzz=False).grade(None, 1, moment(START), START)
    theirs, _ = PyFSRS(parameters=custom, learning_steps=(), relearning_steps=(),
                       enable_fuzzing=False).review_card(Card(), Rating.Again, moment(START))
    default = FSRSScheduler(fuzz=False).grade(None, 1, moment(START), START)
    assert ours.state["stability"] == theirs.stability != default.state["stability"]
    for edge in (0.7, 0.99):
        assert FSRSScheduler(desired_retention=edge).fsrs.desired_retention == edge
    with pytest.raises(ValueError, match="0 to 5"):
        rating(7)


def test_recall_is_fsrs_forgetting_curve_on_the_day_asked():
    scheduler = FSRSScheduler(fuzz=False)
    state = {"stability": 10.0, "difficulty": 5.0, "last": START.isoformat()}
    decay = -scheduler.fsrs.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    for days in (0, 10, 30):
        expected = (1 + factor * days / 10.0) ** decay
        assert scheduler.recall(state, START + timedelta(days=days)) == pytest.approx(expected)
    assert scheduler.recall(state, START + timedelta(days=10)) == pytest.approx(0.9)
    assert scheduler.recall(None, START) is None


def test_fsrs_model_follows_the_card_and_its_parameters():
    history = [review("a", 0, 4), review("a", 3, 4), review("a", 20, 1), review("a", 25, 5)]
    direct, state = [], None
    scheduler = FSRSScheduler(fuzz=False)
    for item in history:
        if state is not None:
            direct.append(scheduler.recall(state, item.day))
        state = scheduler.grade(state, item.grade, item.when, item.day).state
    assert evaluate(history, [FSRSModel()])["fsrs"].predictions == pytest.approx(direct)
    custom = list(PyFSRS().parameters)
    custom[2] = custom[2] * 2  # the first stability after Good
    other = evaluate(history, [FSRSModel(parameters=tuple(custom))])["fsrs"].predictions
    assert other != pytest.approx(direct)


def test_the_figures_and_bins_in_detail():
    scores = evaluate([review("a", 0, 4), review("a", 2, 1)], [SM2Model()])["sm2"]
    assert set(scores.figures()) == {"reviews", "log_loss", "rmse_bins", "auc"}
    assert scores.figures()["reviews"] == 1 and scores.figures()["auc"] is None
    assert scores.figures()["rmse_bins"] == pytest.approx(0.9 ** 2)
    assert rmse_bins([0.97, 1.0], [1, 0]) == pytest.approx(0.485)  # 1.0 shares the top bin
    assert rmse_bins([0.92, 0.97], [1, 0]) == pytest.approx(
        math.sqrt(((1 - 0.92) ** 2 + 0.97 ** 2) / 2))  # two bins
    assert auc([0.2, 0.5, 0.5, 0.9], [0, 1, 0, 1]) == pytest.approx(0.875)


def test_a_log_file_with_an_offset_and_the_exact_messages(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        path = tmp_path / "log.csv"
        path.write_text("card_id,review_time,review_rating\nc,2024-03-30T01:00:00+05:00,4\n")
        (only,) = reviews_from_csv(path)
        assert only.when == datetime(2024, 3, 29, 20, tzinfo=UTC)
        assert only.day == date(2024, 3, 29)  # 20:00 UTC, after the 4 am turn: that day
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    path.write_text("card_id,review_time,review_rating\nc,yesterday,4\n")
    with pytest.raises(LogFileError, match="not 'yesterday'"):
        list(reviews_from_csv(path))
    path.write_text("card_id,when\n")
    with pytest.raises(LogFileError) as lacks:
        list(reviews_from_csv(path))
    assert str(lacks.value) == (f"{path}:1: the header lacks review_time, review_rating; it "
                                "needs card_id, review_time, review_rating (review_rating 1-4)")
    with pytest.raises(LogFileError, match=r"can't read it \(Is a directory\)"):
        list(reviews_from_csv(tmp_path))
    good = b"c,2024-03-30T01:00:00+00:00,3\n" * 2000  # past the first read of the file
    path.write_bytes(b"card_id,review_time,review_rating\n" + good + b"\xff\xfe,x,1\n")
    with pytest.raises(LogFileError, match=r":\d+: 'utf-8' codec can't decode"):
        list(reviews_from_csv(path))
    path.write_bytes(b"\xff\xfecard_id\n")
    with pytest.raises(LogFileError, match=r":1: not a CSV file"):
        list(reviews_from_csv(path))
