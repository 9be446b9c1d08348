"""`drill export apkg`, `csv` and `stories`, and what `drill import` says: of CSV/TSV files, and of
Anki packages (no Textual)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drill.text import count, escape_control


def _check_target(target: Path, example: str) -> None:
    from drill.cli import UsageError

    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name, e.g. {target / example}")
    if not target.parent.is_dir():
        raise UsageError(f"no such folder: {target.parent}")


def _cmd_export_apkg(args: argparse.Namespace) -> int:
    from drill.anki_export import ExportError, export_apkg
    from drill.cli import EXIT_OK, UsageError, _context, _report_sync_problems

    _check_target(args.file, "drill.apkg")
    try:
        import genanki  # noqa: F401
    except ImportError:
        raise UsageError("exporting to Anki needs genanki: pip install genanki") from None
    ctx = _context(args)
    try:
        _report_sync_problems(ctx.sync())
        try:
            result = export_apkg(ctx.store, args.file, ctx.calendar, ctx.clock.now(), args.deck,
                                 args.with_schedule)
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
    finally:
        ctx.close()
    print(escape_control(
        f"Wrote {count(result.cards, 'card')} in {count(result.decks, 'deck')} to {args.file}"
        + (f", with {count(result.scheduled, 'schedule')} and {count(result.reviews, 'review')}"
           if args.with_schedule else "") + "."))
    return EXIT_OK


def _cmd_export_csv(args: argparse.Namespace) -> int:
    from drill.anki_export import ExportError
    from drill.cli import EXIT_OK, UsageError, _context, _report_sync_problems
    from drill.csv_io import export_csv

    _check_target(args.file, "cards.csv")
    ctx = _context(args)
    try:
        _report_sync_problems(ctx.sync())
        try:
            result = export_csv(ctx.store, args.file, args.deck)
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
    finally:
        ctx.close()
    print(escape_control(f"Wrote {count(result.cards, 'card')} in "
                         f"{count(result.decks, 'deck')} to {args.file}."))
    return EXIT_OK


def import_text(args: argparse.Namespace, ctx) -> int:
    """`drill import FILE.csv|.tsv|.txt` (the context is open and synced)."""
    from drill.cli import EXIT_ERRORS, EXIT_OK
    from drill.csv_io import TextImportError, import_text_file

    try:
        plan = import_text_file(args.file, ctx.store, ctx.locations.decks_dir, args.deck)
    except TextImportError as exc:
        for line in str(exc).splitlines():
            print(escape_control(f"drill: {line}"), file=sys.stderr)
        print("drill: nothing was imported", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(escape_control(f"drill: {exc.strerror or exc}{where}; nothing was imported"),
              file=sys.stderr)
        return EXIT_ERRORS
    ctx.sync()
    for line in plan.deck_lines("->"):
        print(escape_control(line))
    print(escape_control(f"{plan.summary(history=False)}."))
    return EXIT_OK


def report_package(plan, notes: list[str], media_dir: Path) -> None:
    """What `drill import FILE.apkg|.colpkg` did: each deck file written, the cards and history
    imported, the media copied, and what was skipped."""
    for line in plan.deck_lines("->"):
        print(escape_control(line))
    print(escape_control(plan.summary() + (
        f"; {count(len(plan.media), 'media file')} in {media_dir}" if plan.media else "")))
    for line in plan.skipped + notes:
        print(escape_control(f"skipped: {line}"))


def register(what: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add `apkg` and `csv` to the `drill export` family."""
    apkg = what.add_parser(
        "apkg", parents=[common], help="cards as an Anki package (.apkg), optionally with "
                                       "schedules and review history",
        description="Write your cards (all, or one deck) as an Anki package that Anki, AnkiDroid "
                    "and AnkiMobile import: one note per card (front/back, Markdown as HTML), "
                    "tags, the kind as the tag kind::KIND, decks (A::B kept); each note's guid "
                    "is the drill card id, so importing the package back into drill (after "
                    "reviewing in Anki) finds the same cards. The file is replaced atomically.")
    apkg.add_argument("file", type=Path, metavar="FILE.apkg")
    apkg.add_argument("--deck", metavar="TITLE", help="only this deck")
    apkg.add_argument("--with-schedule", action="store_true",
                      help="also the cards' intervals, ease, due dates and the review log "
                           "(grades 0-2 Again, 3 Hard, 4 Good, 5 Easy)")
    apkg.set_defaults(handler=_cmd_export_apkg)
    text = what.add_parser(
        "csv", parents=[common], help="cards as CSV/TSV in Anki's text-file convention",
        description="Write your cards (all, or one deck) as a text file with Anki's header "
                    "lines: comma-separated, or tab-separated for .tsv/.txt. Columns: guid (the "
                    "card id), deck, front, back (Markdown, #html:false) and tags (the kind as "
                    "kind::KIND). `drill import` reads it back. The file is replaced atomically.")
    text.add_argument("file", type=Path, metavar="FILE.csv")
    text.add_argument("--deck", metavar="TITLE", help="only this deck")
    text.set_defaults(handler=_cmd_export_csv)
    from drill.cli_stories import cmd_export_stories

    stories = what.add_parser(
        "stories", parents=[common], help="your STAR story bank as one Markdown document",
        description="Write every story of your story bank as one document to read before an "
                    "interview (`-` prints it). The file is replaced atomically.")
    stories.add_argument("file", type=Path, metavar="FILE.md")
    stories.set_defaults(handler=cmd_export_stories)
