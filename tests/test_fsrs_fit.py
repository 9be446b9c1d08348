"""FSRS with parameters fitted on earlier reviews (`drill evaluate`, issue 27).

The split and the bookkeeping are tested with a stand-in fit, so they run everywhere; the real
optimizer needs PyTorch (not a dependency, not in CI) and its test is skipped without it."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from fsrs import Scheduler as PyFSRS

from drill import cli_fsrs, evaluate_fit
from drill.cli import main
from drill.evaluate import FSRSModel, Review, SM2Model, evaluate
from drill.evaluate_fit import FittedFSRSModel, fitted_model, period_starts
from drill.fsrs_scheduler import moment

START = date(2026, 1, 5)
DEFAULTS = tuple(PyFSRS().parameters)


def review(card: str, day: int, grade: int) -> Review:
    when = START + timedelta(days=day)
    return Review(card, moment(when), when, grade)


def history(cards: int = 6, days: int = 12) -> list[Review]:
    """Each card reviewed every other day, grades cycling; 36 reviews a 12-day stretch."""
    return [review(f"c{n}", day, (4, 3, 1, 5)[(n + day) % 4])
            for day in range(0, days, 2) for n in range(cards)]


def test_period_starts_cut_the_history_into_equal_parts_in_time_order():
    reviews = history()
    shuffled = random.Random(3).sample(reviews, len(reviews))
    starts = period_starts(shuffled, 3)
    times = sorted(r.when for r in reviews)
    assert starts == [times[12], times[24]]
    assert period_starts(shuffled, 2) == [times[18]]
    assert period_starts([], 3) == []
    with pytest.raises(ValueError):
        period_starts(reviews, 1)


def test_each_fit_sees_only_the_reviews_before_its_period():
    reviews = history()
    seen: list[list[Review]] = []

    def fit(earlier):
        seen.append(earlier)
        return DEFAULTS

    model = fitted_model(reviews, fit=fit, periods=3)
    assert model is not None and len(seen) == 2
    for start, earlier in zip(model.starts, seen, strict=True):
        assert earlier and all(r.when < start for r in earlier)
        assert len(earlier) == sum(r.when < start for r in reviews)  # and every one of them
    assert len(seen[0]) < len(seen[1])


def test_the_fitted_model_predicts_each_review_with_its_periods_parameters():
    reviews = history()
    faster = list(DEFAULTS)
    faster[2] *= 3  # the first stability after Good: recall falls slower
    model = fitted_model(reviews, fit=lambda earlier: faster if len(earlier) > 20 else DEFAULTS,
                         periods=3)
    scores = evaluate(reviews, [FSRSModel(), model])  # one model per name
    fitted, default = scores["fsrs-fitted"], scores["fsrs"]
    first, second = model.starts
    assert all(when >= first for when in fitted.times)  # the first period is never scored
    assert fitted.count == default.since(first).count > 0
    # the middle period follows the defaults, the last the faster parameters
    middle = [p for p, when in zip(fitted.predictions, fitted.times, strict=True) if when < second]
    assert middle == pytest.approx([p for p, when in zip(default.predictions, default.times,
                                                         strict=True) if first <= when < second])
    fast_scores = evaluate(reviews, [FSRSModel(parameters=tuple(faster))])["fsrs"].since(second)
    last = [p for p, when in zip(fitted.predictions, fitted.times, strict=True) if when >= second]
    assert last == pytest.approx(fast_scores.predictions)
    assert last != pytest.approx(default.since(second).predictions)


def test_too_few_reviews_to_split_give_no_fitted_model():
    assert fitted_model([review("a", 0, 4), review("a", 3, 4)], fit=lambda r: DEFAULTS) is None
    same_time = [review(f"c{n}", 0, 4) for n in range(9)]  # every period would start at once
    assert fitted_model(same_time, fit=lambda r: DEFAULTS) is None


def test_a_fitted_model_needs_one_parameter_set_per_period():
    with pytest.raises(ValueError):
        FittedFSRSModel([moment(START)], [DEFAULTS, DEFAULTS])


def test_scores_since_keep_only_the_later_reviews():
    scores = evaluate(history(), [SM2Model()])["sm2"]
    cut = sorted(scores.times)[len(scores.times) // 2]
    later = scores.since(cut)
    assert later.count == sum(when >= cut for when in scores.times) < scores.count
    assert later.times == [when for when in scores.times if when >= cut]
    kept = [(p, y) for p, y, when in zip(scores.predictions, scores.outcomes, scores.times,
                                         strict=True) if when >= cut]
    assert list(zip(later.predictions, later.outcomes, strict=True)) == kept


def write_log(path, reviews):
    rows = ["card_id,review_time,review_rating"]
    rows += [f"{r.card_id},{r.when.isoformat()},{ {1: 1, 3: 2, 4: 3, 5: 4}[r.grade] }"
             for r in reviews]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_without_the_optimizer_the_report_says_how_to_fit(tmp_path, capsys, monkeypatch):
    write_log(tmp_path / "log.csv", history())
    monkeypatch.setattr(evaluate_fit, "optimizer_installed", lambda: False)
    assert main(["evaluate", "--log", str(tmp_path / "log.csv")]) == 0
    out = capsys.readouterr().out
    assert "pip install 'drill[optimizer]'" in out and "FSRS fitted" not in out
    assert main(["evaluate", "--log", str(tmp_path / "log.csv"), "--no-fit"]) == 0
    assert "drill[optimizer]" not in capsys.readouterr().out


def test_with_the_optimizer_the_report_compares_all_three_on_the_later_reviews(
        tmp_path, capsys, monkeypatch):
    write_log(tmp_path / "log.csv", history())
    calls = []
    monkeypatch.setattr(evaluate_fit, "optimizer_installed", lambda: True)
    monkeypatch.setattr(evaluate_fit, "fit_parameters",
                        lambda earlier: calls.append(len(earlier)) or DEFAULTS)
    assert main(["evaluate", "--log", str(tmp_path / "log.csv")]) == 0
    captured = capsys.readouterr()
    assert calls == [12, 24]
    assert "fitting FSRS to the 12 reviews before" in captured.err
    assert "FSRS fitted" in captured.out and "(from 2026-01-09 on)" in captured.out
    assert main(["evaluate", "--log", str(tmp_path / "log.csv"), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    later = figures["from_first_fitted_period"]
    assert later["fsrs-fitted"]["reviews"] == later["fsrs"]["reviews"] == later["sm2"]["reviews"]
    assert later["fsrs-fitted"]["log_loss"] == pytest.approx(later["fsrs"]["log_loss"])
    assert figures["fsrs-fitted"]["parameters"] == [list(DEFAULTS)] * 2
    assert figures["fsrs-fitted"]["periods_from"][0].startswith("2026-01-09")
    assert cli_fsrs.LABELS["fsrs-fitted"] == "FSRS fitted"


def skewed_world(cards: int = 400, seed: int = 11) -> list[Review]:
    """A learner whose memory follows FSRS with stability growing much slower after a success
    than the defaults say (enough reviews that py-fsrs fits: it keeps its defaults below 512
    spaced reviews)."""
    truth = list(DEFAULTS)
    truth[8] *= 0.3  # w8: how much a successful review multiplies stability
    model = FSRSModel(parameters=tuple(truth))
    rng = random.Random(seed)
    reviews = []
    for n in range(cards):
        day, state = START, None
        for _ in range(8):
            if state is None:
                grade = 4
            else:
                day += timedelta(days=rng.choice([1, 2, 4, 8, 16, 30, 60]))
                p = model.predict(state, Review(str(n), moment(day), day, 4))
                grade = 4 if rng.random() < p else 1
            item = Review(str(n), moment(day), day, grade)
            reviews.append(item)
            state = model.update(state, item, False)
    return reviews


def test_the_real_optimizer_fits_a_skewed_learner_better_than_the_defaults():
    pytest.importorskip("torch")
    pytest.importorskip("pandas")
    reviews = skewed_world()
    model = fitted_model(reviews)
    assert model is not None and all(tuple(p) != DEFAULTS for p in model.parameters)
    scores = evaluate(reviews, [FSRSModel(), model])
    later = {name: s.since(model.starts[0]).figures()["log_loss"] for name, s in scores.items()}
    assert later["fsrs-fitted"] < later["fsrs"], later
