"""`drill stats` and the `drill export` family (no Textual: they need no screen)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from drill.cli_args import built
from drill.gcpause import paused_collection

if TYPE_CHECKING:
    from drill.stats import Stats


@paused_collection()  # figures printed, then the process ends: nothing for it to free
def _cmd_stats(args: argparse.Namespace) -> int:
    import json

    from drill.cli import EXIT_OK, UsageError, _context, _report_sync_problems
    from drill.stats import MAX_RANGE_DAYS, compute, date_range, parse_day
    from drill.text import escape_control

    if not 1 <= args.days <= MAX_RANGE_DAYS:
        raise UsageError(f"--days must be from 1 to {MAX_RANGE_DAYS}")
    ctx = _context(args)
    try:
        now = ctx.clock.now()
        today = ctx.calendar.day(now)
        try:
            first = None if args.first is None else parse_day(args.first, today)
        except ValueError as exc:
            raise UsageError(f"--from: {exc}") from None
        try:
            last = None if args.last is None else parse_day(args.last, today)
        except ValueError as exc:
            raise UsageError(f"--to: {exc}") from None
        try:
            first, last = date_range(today, args.days, first, last)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        _report_sync_problems(ctx.sync())
        deck = args.deck
        if deck is not None:
            known = {name.casefold(): name for name in ctx.store.cards.decks()}
            if deck.casefold() not in known:
                raise UsageError(f"no deck called {deck!r}; decks: " + ", ".join(known.values()))
            deck = known[deck.casefold()]
        # `aside`: the slowest figures read on second connections meanwhile (two cores).
        stats = compute(ctx.store, ctx.calendar, now, deck=deck, detail=args.json,
                        first=first, last=last, weak=ctx.weak_stages(), aside=True)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(stats.to_json(), indent=2, ensure_ascii=False))
    else:
        print(escape_control(format_report(stats)))
    return EXIT_OK


def format_report(stats: Stats) -> str:
    """`drill stats` as text: the headline figures, a few lines each."""
    from drill.stats import FORECAST_DAYS
    from drill.text import count

    lines = []
    reviews = sum(n for _, n, _ in stats.activity)
    minutes = sum(ms for _, _, ms in stats.activity) / 60000
    where = f"deck {stats.deck}" if stats.deck else "all decks"
    lines.append(f"{where}, {stats.first} to {stats.last} ({count(stats.range_days, 'day')})")
    lines.append(f"reviews: {reviews} in {minutes:.0f} min on {count(len(stats.activity), 'day')}; "
                 f"streak {count(stats.streak_current, 'day')} (longest {stats.streak_longest})")
    for age in ("young", "mature", "all"):
        r = stats.retention[age]
        rate = "–" if r.rate is None else f"{100 * r.rate:.1f}%"
        lines.append(f"retention {age:<6} {rate:>6}  ({r.passed}/{r.reviews} reviews)")
    week = sum(n for _, n in stats.forecast[:7])
    lines.append(f"due today {stats.forecast[0][1]} (overdue {stats.overdue}), next 7 days "
                 f"{week}, next {FORECAST_DAYS} days {sum(n for _, n in stats.forecast)}")
    lines.append("")
    lines.append(f"{'deck':<24} {'new':>5} {'learn':>5} {'young':>5} {'mature':>6} {'susp':>5} "
                 f"{'bury':>5} {'leech':>5}")
    for s in stats.states:
        name = s["deck"] if len(s["deck"]) <= 24 else s["deck"][:23] + "…"
        lines.append(f"{name:<24} {s['new']:>5} {s['learning']:>5} {s['young']:>5} "
                     f"{s['mature']:>6} {s['suspended']:>5} {s['buried']:>5} {s['leeches']:>5}")
    if stats.hardest:
        lines.append("")
        lines.append("hardest cards:")
        for card in stats.hardest[:5]:
            prompt = card["prompt"] if len(card["prompt"]) <= 60 else card["prompt"][:59] + "…"
            ef = "–" if card["ef100"] is None else f"{card['ef100'] / 100:.2f}"
            lines.append(f"  {card['id']}  {count(card['lapses'], 'lapse')}, EF {ef}  {prompt}")
    if stats.readiness is not None:
        r = stats.readiness
        lines.append("")
        overall = "–" if r.overall is None else f"{r.overall:.0f}/100"
        lines.append(f"readiness for {r.role or 'any role (no target role set)'}: {overall}")
        for row in r.rows:
            score = "no material" if row.score is None else f"{row.score:5.1f}"
            mark = "  weak in an interview" if row.weak else ""
            lines.append(f"  {row.name:<34} {score}{mark}")
    return "\n".join(lines)


LOG_COLUMNS = ("uid", "card_id", "kind", "time_ms", "day", "utc_offset", "grade", "duration_ms",
               "scheduler", "state_before", "state_after", "undoes", "source", "session",
               "device", "seq")


def _cmd_export_log(args: argparse.Namespace) -> int:
    """Every row of the review log, every field, as CSV, written atomically."""
    import csv
    import os
    import tempfile

    from drill.cli import EXIT_OK, UsageError, _context

    target: Path = args.file
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name, e.g. {target / 'log.csv'}")
    if not target.parent.is_dir():
        raise UsageError(f"no such folder: {target.parent}")
    ctx = _context(args)
    try:
        cursor = ctx.store.log.stored_rows()
        names = [d[0] for d in cursor.description]
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        count = 0
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(names)
                for row in cursor:
                    writer.writerow(row)
                    count += 1
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
    finally:
        ctx.close()
    print(f"Wrote {count} log rows to {target}.")
    return EXIT_OK


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `stats` and `export` to drill's command parser."""
    stats = commands.add_parser(
        "stats", parents=[common], help="progress: streaks, retention, forecast, readiness",
        description="Print progress figures: reviews and minutes per day, streaks, true "
                    "retention (young and mature cards), a 30-day forecast, card states per "
                    "deck, the hardest cards, and readiness for your target role. --json prints "
                    "every figure (the README documents its fields).")
    stats.add_argument("--json", action="store_true", help="print every figure as JSON")
    stats.add_argument("--deck", metavar="NAME", help="only this deck (its title)")
    stats.add_argument("--days", type=int, default=30, metavar="N",
                       help="the date range: the last N days, today included (default 30); "
                            "with --to, the N days up to that date")
    stats.add_argument("--from", dest="first", metavar="DATE",
                       help="the date range starts on this day (e.g. 2026-03-01); it ends on "
                            "--to, or today")
    stats.add_argument("--to", dest="last", metavar="DATE",
                       help="the date range ends on this day (default today)")
    stats.set_defaults(handler=_cmd_stats)

    export = commands.add_parser(
        "export", help="write your data to files: the log, Anki packages, CSV",
        description="Write drill's data to files.")
    if not built(export):  # `drill stats`: the exports' modules stay unloaded
        return
    what = export.add_subparsers(title="what", metavar="WHAT", required=True)
    log = what.add_parser(
        "log", parents=[common], help="the whole review log as CSV",
        description="Write the whole review log as CSV: one row per log entry, every field "
                    "(states as JSON). The file is replaced atomically.")
    log.add_argument("file", type=Path, metavar="FILE.csv")
    log.set_defaults(handler=_cmd_export_log)
    from drill.cli_export import register as register_exports

    register_exports(what, common)


