"""`drill evaluate` and `drill simulate`: SM-2 and FSRS on the user's own history (no Textual)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from drill.text import count

GRADED = ("review", "repeat", "practice", "import")


def reviews_from_store(store) -> Iterator:
    """Every grade in the log that still counts (not undone), as `Review`s: drill's own reviews,
    repeats and practice, and reviews imported from another tool (import rows with a grade)."""
    from drill.evaluate import Review

    undone = {uid for (uid,) in store.conn.execute(
        "SELECT undoes FROM reviews WHERE kind = 'undo' AND undoes IS NOT NULL")}
    marks = ", ".join("?" for _ in GRADED)
    rows = store.conn.execute(
        f"SELECT uid, card_id, time_ms, day, grade FROM reviews WHERE kind IN ({marks}) "
        "AND grade IS NOT NULL", GRADED)
    for uid, card_id, time_ms, day, grade in rows:
        if uid not in undone:
            yield Review(card_id, datetime.fromtimestamp(time_ms / 1000, UTC),
                         date.fromisoformat(day), grade)


def _figure(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


LABELS = {"sm2": "SM-2", "fsrs": "FSRS", "fsrs-fitted": "FSRS fitted"}


def _table(scores: dict) -> list[str]:
    lines = [f"{'':12}{'reviews':>9}{'log loss':>10}{'RMSE':>8}{'AUC':>8}"]
    for name, score in scores.items():
        f = score.figures()
        lines.append(f"{LABELS.get(name, name):12}{f['reviews']:>9}{_figure(f['log_loss']):>10}"
                     f"{_figure(f['rmse_bins']):>8}{_figure(f['auc']):>8}")
    return lines


def _verdict(scores: dict) -> str | None:
    losses = {name: s.figures()["log_loss"] for name, s in scores.items()}
    if any(loss is None for loss in losses.values()):
        return None
    best = min(losses, key=losses.__getitem__)
    return f"On this history {LABELS.get(best, best)} predicts your recall best."


def format_evaluation(scores: dict, source: str, fitted=None, fit_note: str = "") -> str:
    """The figures as a table; with a fitted FSRS (`fitted`), a second table compares every
    model on the reviews the fitted one could be scored on."""
    lines = [f"Predicting recall on {source}", "", *_table(scores), "",
             "Lower log loss and RMSE, higher AUC: better predictions.",
             "A card's first review and same-day reviews are not scored."]
    figures = [score.figures() for score in scores.values()]
    if not any(f["reviews"] for f in figures):
        lines.append("Not enough history yet: a card needs reviews on two different days.")
        return "\n".join(lines)
    if fitted is None:
        verdict = _verdict(scores)
        if verdict:
            lines.append(verdict)
    else:
        start = fitted.starts[0]
        later = {name: score.since(start) for name, score in scores.items()}
        lines += ["", "FSRS fitted: parameters fitted by py-fsrs's optimizer on the reviews "
                      "before each period,", "never on the ones it predicts. All three again, on "
                      f"the reviews it predicted (from {start:%Y-%m-%d} on):", "", *_table(later)]
        verdict = _verdict(later)
        if verdict:
            lines.append(verdict)
    if fit_note:
        lines.append(fit_note)
    return "\n".join(lines)


def _evaluation_json(scores: dict, fitted) -> dict:
    result: dict = {name: score.figures() for name, score in scores.items()}
    if fitted is not None:
        start = fitted.starts[0]
        result[fitted.name] |= {"periods_from": [s.isoformat() for s in fitted.starts],
                                "parameters": [list(p) for p in fitted.parameters]}
        result["from_first_fitted_period"] = {name: score.since(start).figures()
                                              for name, score in scores.items()}
    return result


def _cmd_evaluate(args: argparse.Namespace) -> int:
    import sys

    from drill.cli import EXIT_ERRORS, EXIT_OK, _context
    from drill.evaluate import FSRSModel, LogFileError, SM2Model, evaluate, reviews_from_csv
    from drill.evaluate_fit import fitted_model, optimizer_installed
    from drill.text import escape_control

    if args.log is not None:
        try:
            reviews = list(reviews_from_csv(args.log))
        except LogFileError as error:
            print(escape_control(f"drill: {error}"), flush=True)
            return EXIT_ERRORS
        source = str(args.log)
    else:
        ctx = _context(args)
        try:
            reviews = list(reviews_from_store(ctx.store))
        finally:
            ctx.close()
        source = "your review log"
    models: list = [SM2Model(), FSRSModel(args.retention)]
    fitted, note = None, ""
    if not args.fit:
        pass
    elif not optimizer_installed():
        note = ("FSRS ran with its default parameters. To fit them to this history, install "
                "the optimizer's extra (it needs PyTorch): pip install 'drill[optimizer]'.")
    else:
        fitted = fitted_model(reviews, args.retention, progress=lambda text: print(
            text, file=sys.stderr, flush=True))
        if fitted is None:
            note = "Too few reviews to fit FSRS's parameters: it ran with its defaults."
        else:
            models.append(fitted)
    scores = evaluate(reviews, models)
    if args.json:
        print(json.dumps(_evaluation_json(scores, fitted), indent=2))
    else:
        print(escape_control(format_evaluation(scores, source, fitted, note)))
    return EXIT_OK


def _cmd_simulate(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_OK, UsageError, _context
    from drill.simulate import simulate

    if not 1 <= args.days <= 3650:
        raise UsageError("--days must be from 1 to 3650")
    ctx = _context(args)
    try:
        ctx.sync()
        histories: dict[str, list] = {}
        for review in reviews_from_store(ctx.store):
            histories.setdefault(review.card_id, []).append(review)
        for history in histories.values():
            history.sort(key=lambda r: r.when)
        suspended = {card.id for card in ctx.store.flags.suspended_cards()}
        active = {card.id for card in ctx.store.cards.list()} - suspended
        histories = {card_id: h for card_id, h in histories.items() if card_id in active}
        new_cards = len(active - histories.keys())
        today = ctx.calendar.day(ctx.clock.now())
        projections = simulate(histories, new_cards, today, args.days,
                               ctx.settings.new_per_day, args.retention, args.seed)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({p.scheduler: {"per_day": p.per_day, "total": p.total, "peak": p.peak}
                          for p in projections}, indent=2))
        return EXIT_OK
    print(f"Reviews per day over the next {count(args.days, 'day')} "
          f"({count(len(histories), 'card')} reviewed so "
          f"far, {new_cards} new at {ctx.settings.new_per_day} a day; FSRS at "
          f"{args.retention:.0%} retention)\n")
    print(f"{'':10}" + "".join(f"{p.scheduler.upper():>8}" for p in projections))
    for start in range(0, args.days, 7):
        end = min(start + 7, args.days)
        label = f"days {start + 1}-{end}"
        print(f"{label:10}" + "".join(f"{sum(p.per_day[start:end]) / (end - start):>8.1f}"
                                      for p in projections))
    print(f"{'total':10}" + "".join(f"{p.total:>8}" for p in projections))
    print(f"{'peak day':10}" + "".join(f"{p.peak:>8}" for p in projections))
    return EXIT_OK


def _retention(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value > 1:
        value /= 100  # 90 means 90 %
    if not 0.7 <= value <= 0.99:
        raise argparse.ArgumentTypeError("retention must be from 0.7 to 0.99 (or 70 to 99)")
    return value


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    evaluate = commands.add_parser(
        "evaluate", parents=[common], help="how well SM-2 and FSRS predict your recall",
        description="Replay your review log (or another tool's, with --log) in time order and "
                    "report, for SM-2 and FSRS, how well each predicted whether you would "
                    "recall a card: log loss, RMSE over bins and AUC. Nothing is changed.")
    evaluate.add_argument("--log", type=Path, metavar="FILE.csv",
                          help="another tool's review log: a CSV with card_id, review_time "
                               "(ISO-8601 with offset) and review_rating (1-4) columns")
    evaluate.add_argument("--retention", type=_retention, default=0.9, metavar="R",
                          help="FSRS's desired retention (default 0.9)")
    evaluate.add_argument("--no-fit", dest="fit", action="store_false",
                          help="don't fit FSRS's parameters even when the optimizer is installed "
                               "(fitting takes a minute or so on 10,000 reviews)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=_cmd_evaluate)

    simulate = commands.add_parser(
        "simulate", parents=[common], help="reviews per day under SM-2 and under FSRS",
        description="Project the reviews per day each scheduler would give you, starting from "
                    "your own history, with new cards at your daily limit. Nothing is changed.")
    simulate.add_argument("--days", type=int, default=90, metavar="N",
                          help="how many days ahead (default 90)")
    simulate.add_argument("--retention", type=_retention, default=0.9, metavar="R",
                          help="FSRS's desired retention (default 0.9)")
    simulate.add_argument("--seed", type=int, default=0, help="the draws' seed (default 0)")
    simulate.add_argument("--json", action="store_true", help="print the figures as JSON")
    simulate.set_defaults(handler=_cmd_simulate)
