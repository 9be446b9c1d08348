"""`drill stats` and the `drill export` family (no Textual: they need no screen)."""

from __future__ import annotations

import argparse
from pathlib import Path

from drill.gcpause import paused_collection


@paused_collection()  # figures printed, then the process ends: nothing for it to free
def _cmd_stats(args: argparse.Namespace) -> int:
    import json

    from drill.cli import EXIT_OK, UsageError, _context, _report_sync_problems
    from drill.stats import MAX_RANGE_DAYS, compute, date_range, format_report, parse_day
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
        stats = compute(ctx.store, ctx.calendar, now, deck=deck, detail=args.json,
                        first=first, last=last, weak=ctx.weak_stages())
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(stats.to_json(), indent=2, ensure_ascii=False))
    else:
        print(escape_control(format_report(stats)))
    return EXIT_OK


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
    what = export.add_subparsers(title="what", metavar="WHAT", required=True)
    log = what.add_parser(
        "log", parents=[common], help="the whole review log as CSV",
        description="Write the whole review log as CSV: one row per log entry, every field "
                    "(states as JSON). The file is replaced atomically.")
    log.add_argument("file", type=Path, metavar="FILE.csv")
    log.set_defaults(handler=_cmd_export_log)
    from drill.cli_export import register as register_exports

    register_exports(what, common)


