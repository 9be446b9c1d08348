"""The `drill` command: parses arguments and starts the TUI only when a command needs it.

Commands that need no screen (`check`, ...) never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path

from drill import __version__
from drill.cli_args import (
    COMMAND_MODULES,
    KINDS,
    OneCommand,
    Parser,
    add_common,
    add_filters,
    command_named,
)
from drill.gcpause import paused_collection
from drill.text import count, escape_control

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: printed as `drill: message` with exit status 2."""


def _cmd_check(args: argparse.Namespace) -> int:
    from drill.check import default_targets, format_report, run_check
    from drill.paths import Locations

    if args.paths:
        missing = [p for p in args.paths if not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {missing[0]}")
        targets = list(args.paths)
    else:
        decks = getattr(args, "decks", None)
        if decks is not None and not decks.is_dir():
            raise UsageError(f"--decks {decks}: no such folder")
        targets = default_targets(Locations.from_env().decks_dir) + ([decks] if decks else [])
    report = run_check(targets, fix=args.fix)
    print(report.to_json() if args.json else format_report(report))
    return EXIT_ERRORS if report.error_count else EXIT_OK


def _context(args: argparse.Namespace):
    from drill.clock import FakeNowError
    from drill.context import open_context
    from drill.store import StoreError

    decks = getattr(args, "decks", None)
    if decks is not None and not decks.is_dir():
        raise UsageError(f"--decks {decks}: no such folder")
    try:
        ctx = open_context(db=getattr(args, "db", None), decks=[decks] if decks else None)
    except (StoreError, FakeNowError) as exc:
        raise UsageError(str(exc)) from exc
    for warning in ctx.warnings:
        print(escape_control(f"drill: {warning}"), file=sys.stderr)
    return ctx


def _report_sync_problems(report) -> None:
    for problem in report.problems:
        print(escape_control(f"drill: {problem}"), file=sys.stderr)
    for orphan_id, new_id in report.suggested:
        print(escape_control(f"drill: card {new_id} took the place of {orphan_id}, whose id line "
                             "is gone; to give it that card's history: "
                             f"drill orphans --reattach {orphan_id} {new_id}"), file=sys.stderr)
    if any(problem.severity == "error" for problem in report.problems):
        print("drill: cards of files with errors are kept as they were; "
              "`drill check` lists every problem", file=sys.stderr)


def _mock_request(args: argparse.Namespace) -> dict:
    """What `drill mock` asks for: {} opens the format picker; otherwise a round to start."""
    from drill.mock import FORMATS
    from drill.review import Filters

    if args.format is not None and args.format not in (*FORMATS, "custom"):
        raise UsageError(f"--format {args.format}: use one of {', '.join([*FORMATS, 'custom'])}")
    for name in ("questions", "minutes"):
        value = getattr(args, name)
        if value is not None and not 1 <= value <= 90:
            raise UsageError(f"--{name} must be from 1 to 90")
    custom = any(v is not None for v in (args.deck, args.tag, args.questions))
    if args.format not in (None, "custom") and custom:
        raise UsageError("--deck, --tag and --questions make a custom round; leave out --format "
                         "(or use --format custom)")
    if args.format is None and not custom and args.seed is None and args.minutes is None:
        return {}
    return {"format_name": args.format if args.format != "custom" else None,
            "filters": Filters(deck=args.deck, tag=args.tag), "questions": args.questions,
            "minutes": args.minutes, "seed": args.seed}


def _cmd_add(args: argparse.Namespace) -> int:
    import os
    import subprocess
    import tempfile

    from drill.authoring import NewCard, add_card, parse_tags, template, validate
    from drill.decks import parse_deck
    from drill.editing import editor_command

    if args.answer is not None and args.answer_file is not None:
        raise UsageError("give --answer or --answer-file, not both")
    answer = args.answer
    if args.answer_file is not None:
        try:
            answer = args.answer_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--answer-file {args.answer_file}: {exc}") from exc
    ctx = _context(args)
    try:
        ctx.sync()
        title = next((d for d in ctx.store.cards.decks() if d.casefold() == args.deck.casefold()),
                     args.deck.strip())
        if args.prompt is not None:
            cards = [NewCard(title, args.prompt, answer or "", parse_tags(args.tags or ""),
                             args.kind, args.difficulty)]
        else:
            command = editor_command()
            if command is None:
                raise UsageError("no --prompt given and no $EDITOR set to write the card in")
            text = template(title)
            fd, name = tempfile.mkstemp(prefix="drill-add-", suffix=".md")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            subprocess.run([*command, name], check=False)
            saved = Path(name).read_text(encoding="utf-8")
            if saved == text:
                os.unlink(name)
                print("Nothing added: the template came back unchanged.")
                return EXIT_OK
            deck = parse_deck(saved, name)
            if deck.errors:
                for problem in deck.errors:
                    print(escape_control(str(problem)), file=sys.stderr)
                print(f"drill: nothing added; your text is kept in {name}", file=sys.stderr)
                return EXIT_ERRORS
            os.unlink(name)
            cards = [NewCard(title, c.prompt, c.answer, list(c.tags), c.kind, c.difficulty)
                     for c in deck.cards if c.prompt != "Write the question here"]
            if not cards:
                print("Nothing added: no card was written in the template.")
                return EXIT_OK
        prompts = set(ctx.store.cards.deck_prompts(title).values())
        bundled = ctx.store.cards.deck_is_bundled(title)
        taken = set(ctx.store.cards.index())
        for card in cards:
            problems = validate(card, prompts)
            if problems:
                for name, message in problems.items():
                    print(escape_control(f"drill: {name}: {message}"), file=sys.stderr)
                return EXIT_USAGE if args.prompt is not None else EXIT_ERRORS
            added = add_card(card, ctx.locations.decks_dir, taken)
            taken.add(added.card_id)
            prompts.add(card.prompt)
            where = f"{added.path}:{added.line}"
            note = " (your deck of that title: bundled decks are never written)" if bundled else ""
            print(escape_control(f"Added {added.card_id} to {title}: {where}{note}"))
        ctx.sync()
    finally:
        ctx.close()
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from drill.anki_import import AnkiImportError, import_package
    from drill.csv_io import SUFFIXES

    ctx = _context(args)
    try:
        ctx.sync()
        if args.file.suffix.casefold() in SUFFIXES:
            from drill.cli_export import import_text

            return import_text(args, ctx)
        try:
            plan, notes = import_package(args.file, ctx.store, ctx.locations.decks_dir,
                                         ctx.calendar, ctx.clock.now(), args.deck)
        except AnkiImportError as exc:
            print(escape_control(f"drill: {exc}; nothing was imported"), file=sys.stderr)
            return EXIT_ERRORS
        except OSError as exc:  # a deck folder or file drill cannot write
            where = f" ({exc.filename})" if exc.filename else ""
            print(escape_control(f"drill: {exc.strerror or exc}{where}; nothing was imported"),
                  file=sys.stderr)
            return EXIT_ERRORS
        ctx.sync()
    finally:
        ctx.close()
    from drill.cli_export import report_package

    report_package(plan, notes, ctx.locations.decks_dir / "_anki-media")
    return EXIT_OK


@paused_collection()  # a count that exits when done: ~20 young collections of nothing to free
def _cmd_due(args: argparse.Namespace) -> int:
    import json

    from drill.review import Filters, build_queue

    ctx = _context(args)
    try:
        report = ctx.sync()
        _report_sync_problems(report)
        today = ctx.calendar.day(ctx.clock.now())
        queue = build_queue(ctx.store, today, ctx.limits, Filters(args.deck, args.tag, args.kind))
        titles = list(ctx.store.cards.decks()) if args.deck is not None else []
    finally:
        ctx.close()
    if args.deck is not None and args.deck.casefold() not in {t.casefold() for t in titles}:
        print(escape_control(f"drill: no deck is called {args.deck!r}. Decks: "
                             + (", ".join(titles) or "none yet")), file=sys.stderr)
        return EXIT_ERRORS
    totals = queue.totals
    if args.json:
        print(json.dumps({
            "day": queue.day,
            "decks": [{"deck": name, "due": c.due, "new": c.new, "repeat": c.repeat}
                      for name, c in queue.per_deck.items()],
            "total": {"due": totals.due, "new": totals.new, "repeat": totals.repeat},
            "new_left_today": queue.new_left,
            "final_week": len(queue.cram),
            "catching_up": {"overdue": queue.backlog, "days": queue.catch_up_days,
                            "per_day": queue.budget} if queue.catching_up else None,
        }, indent=2))
        return EXIT_OK
    if not queue.per_deck:
        print("No decks match." if (args.deck or args.tag or args.kind) else "No decks yet.")
        return EXIT_OK
    names = {name: escape_control(name) for name in queue.per_deck}
    width = max(len("total"), *(len(shown) for shown in names.values()))
    print(f"{'deck':<{width}}  {'due':>5}  {'new':>5}  {'repeat':>6}")
    for name, c in queue.per_deck.items():
        print(f"{names[name]:<{width}}  {c.due:>5}  {c.new:>5}  {c.repeat:>6}")
    print(f"{'total':<{width}}  {totals.due:>5}  {totals.new:>5}  {totals.repeat:>6}")
    limit = ctx.settings.new_per_day
    print(f"\n{queue.new_left} of {limit} new cards left today, shared by all decks (a deck's "
          f"row shows what reviewing it alone brings); the day rolls over at "
          f"{ctx.settings.rollover_hour:02d}:00.")
    if queue.catching_up:
        print(queue.catch_up_text(ctx.settings.new_while_catching_up) + ".")
    print(queue.cram_text(), end="")
    return EXIT_OK


def _cmd_orphans(args: argparse.Namespace) -> int:
    import json

    from drill.clock import from_epoch_ms
    from drill.sync import ReattachError, reattach

    ctx = _context(args)
    try:
        _report_sync_problems(ctx.sync())
        if args.reattach:
            orphan_id, new_id = args.reattach
            try:
                reattach(ctx.store, orphan_id, new_id, ctx.clock.now(), ctx.calendar)
            except ReattachError as exc:
                raise UsageError(str(exc)) from exc
            print(escape_control(f"{new_id} now carries the history of {orphan_id}."))
            return EXIT_OK
        if args.purge:
            orphans = {card.id for card, _ in ctx.store.cards.orphans()}
            unknown = [i for i in args.purge if i not in orphans]
            if unknown:
                raise UsageError(f"{unknown[0]} is not an orphan; nothing was purged "
                                 "(`drill orphans` lists them)")
            folder = ctx.locations.backups_dir
            folder.mkdir(parents=True, exist_ok=True)
            for card_id in args.purge:
                removed = ctx.store.cards.export(card_id)
                stamp = ctx.clock.now().strftime("%Y%m%d-%H%M%S")
                backup = folder / f"purged-{card_id}-{stamp}.json"
                # The copy is written (and must succeed) before anything is deleted.
                backup.write_text(json.dumps(removed, indent=2), encoding="utf-8")
                ctx.store.cards.purge(card_id)
                print(f"purged {card_id} ({len(removed['reviews'])} log rows; "
                      f"saved to {backup})")
            return EXIT_OK
        orphans = ctx.store.cards.orphans()
    finally:
        ctx.close()
    if not orphans:
        print("No orphans: every card in the store is in a deck file.")
        return EXIT_OK
    for card, reviews in orphans:
        gone = from_epoch_ms(card.orphaned_ms or 0).date().isoformat()
        prompt = card.prompt if len(card.prompt) <= 60 else card.prompt[:59] + "…"
        print(escape_control(f"{card.id}  {card.deck} · {prompt}  ({count(reviews, 'review')}; "
                             f"gone from {card.path} since {gone})"))
    print(f"\n{count(len(orphans), 'orphan')}. "
          "`drill orphans --reattach ORPHAN_ID NEW_ID` moves a history to a card; "
          "`drill orphans --purge ID` deletes it (a JSON copy goes to your backups folder).")
    return EXIT_OK


def _cmd_tui(args: argparse.Namespace) -> int:
    from drill.review import Filters
    from drill.tui.run import run_tui

    review = mock = None
    minutes = extra_new = 0
    if getattr(args, "command", None) == "review":
        review = Filters(deck=args.deck, tag=args.tag, kind=args.kind)
        minutes, extra_new = args.minutes or 0, args.extra_new or 0
        if args.minutes is not None and not 1 <= args.minutes <= 600:
            raise UsageError("--minutes must be from 1 to 600")
        if args.extra_new is not None and not 1 <= args.extra_new <= 9999:
            raise UsageError("--extra-new must be from 1 to 9999")
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError("the app needs a terminal; for scripts use `drill due`, `drill check`")
    elif getattr(args, "command", None) == "mock":
        mock = _mock_request(args)
    ctx = _context(args)
    try:
        if review is not None and review.deck is not None:
            ctx.sync()
            known = {deck.casefold(): deck for deck in ctx.store.cards.decks()}
            if review.deck.casefold() not in known:
                raise UsageError(f"no deck called {review.deck!r}; decks: "
                                 + ", ".join(known.values()))
        if extra_new:  # "N more new cards today", stored for the day like Home's offer
            today = ctx.calendar.day(ctx.clock.now()).isoformat()
            ctx.store.prefs.allow_extra_new(today, extra_new)
        return run_tui(ctx, review, mock, minutes)
    finally:
        ctx.close()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """drill's argument parser: with `only`, the parser of that one command (of none for "")
    and drill's own options; a name that is no command gets every command's parser, for the
    message listing them."""
    parser = Parser(
        prog="drill",
        description="Spaced-repetition practice for ML and AI job interviews. "
                    "Run `drill` with no command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"drill {__version__}")
    add_common(parser, None)
    common = Parser(add_help=False)
    add_common(common, argparse.SUPPRESS)
    parser.set_defaults(handler=_cmd_tui)
    every = parser.add_subparsers(title="commands", metavar="COMMAND")
    commands = every if only is None else OneCommand(every, only)

    check = commands.add_parser(
        "check", parents=[common], help="check deck files for mistakes (read-only unless --fix)",
        description="Check the bundled decks and your decks, or the given files and folders. "
                    "Prints every problem as path:line: message. Exit 0 when there are no "
                    "errors, 1 when there are, 2 on bad usage.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="deck files or folders (default: bundled decks and your decks)")
    check.add_argument("--fix", action="store_true",
                       help="stamp missing ids into your deck files (never into bundled decks)")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=_cmd_check)

    review = commands.add_parser(
        "review", parents=[common], help="open the app straight into today's review",
        description="Open drill straight into a review of today's cards, of one deck, one tag "
                    "or one kind.")
    add_filters(review)
    review.add_argument("--minutes", type=int, metavar="M",
                        help="a time box: due cards most at risk first, then new ones, ending "
                             "after M minutes once the card in hand is done")
    review.add_argument("--extra-new", type=int, metavar="N",
                        help="study N more new cards today, on top of the daily limit")
    review.set_defaults(handler=_cmd_tui, command="review")

    mock = commands.add_parser(
        "mock", parents=[common], help="a timed mock interview round",
        description="Open a timed mock interview round: recruiter screen, technical screen, "
                    "on-site loop, or a custom round of your decks or tags. With no options, "
                    "choose in the app (or resume the round in progress).")
    mock.add_argument("--format", metavar="NAME",
                      help="recruiter, technical, onsite or custom")
    mock.add_argument("--deck", metavar="NAME", help="custom round: questions from this deck")
    mock.add_argument("--tag", metavar="TAG", help="custom round: questions with this tag")
    mock.add_argument("--questions", type=int, metavar="N", help="custom round: how many")
    mock.add_argument("--minutes", type=int, metavar="M",
                      help="minutes for each question (any format)")
    mock.add_argument("--seed", type=int, metavar="N", help="the same questions every time")
    mock.set_defaults(handler=_cmd_tui, command="mock")

    add = commands.add_parser(
        "add", parents=[common], help="add a card to one of your decks (or $EDITOR a template)",
        description="Add a card to your deck with this title (created if needed; a bundled "
                    "deck's title adds to your deck of the same title). With no --prompt, "
                    "$EDITOR opens a template; nothing is added if it comes back unchanged.")
    add.add_argument("--deck", required=True, metavar="NAME", help="the deck's title")
    add.add_argument("--prompt", metavar="TEXT", help="the question (one line)")
    add.add_argument("--answer", metavar="TEXT", help="the answer, in Markdown")
    add.add_argument("--answer-file", type=Path, metavar="F", help="read the answer from a file")
    add.add_argument("--tags", metavar="a,b", help="comma-separated tags")
    add.add_argument("--kind", choices=KINDS, default="concept", help="the card's kind")
    add.add_argument("--difficulty", choices=("easy", "medium", "hard"), default="medium")
    add.set_defaults(handler=_cmd_add)

    anki = commands.add_parser(
        "import", parents=[common],
        help="import an Anki package with its history, or a CSV/TSV file",
        description="Import the notes of an Anki package as cards in your deck folder (one deck "
                    "file per Anki deck) and its review history, so schedules continue. "
                    "Importing the same package again adds nothing twice. A .csv, .tsv or .txt "
                    "file is read in Anki's text-file convention (#separator:, #html:, #deck:, "
                    "#tags:, #columns: header lines; without them the columns are front, back "
                    "and tags); any problem is reported as file:line and nothing is imported.")
    anki.add_argument("file", type=Path, metavar="FILE",
                      help="the .apkg, .colpkg, .csv, .tsv or .txt file")
    anki.add_argument("--deck", metavar="TITLE", help="put every card in this one deck")
    anki.set_defaults(handler=_cmd_import)

    due = commands.add_parser(
        "due", parents=[common], help="count due, new and repeat cards per deck",
        description="Count the cards to review today, per deck. Syncs your deck files first "
                    "(unchanged files are not re-read).")
    due.add_argument("--json", action="store_true", help="print the counts as JSON")
    add_filters(due)
    due.set_defaults(handler=_cmd_due)

    orphans = commands.add_parser(
        "orphans", parents=[common], help="list cards gone from their deck files; purge or reattach",
        description="Cards that disappeared from their deck files keep their history in the "
                    "store. List them, move a history to another card, or delete one for good.")
    action = orphans.add_mutually_exclusive_group()
    action.add_argument("--purge", nargs="+", metavar="ID", help="delete these orphans and their "
                        "history (a JSON copy is saved to your backups folder)")
    action.add_argument("--reattach", nargs=2, metavar=("ORPHAN_ID", "NEW_ID"),
                        help="give card NEW_ID the history of ORPHAN_ID")
    orphans.set_defaults(handler=_cmd_orphans)

    import importlib

    for module in dict.fromkeys(COMMAND_MODULES.values()):  # in the order of `drill --help`
        if only is None or COMMAND_MODULES.get(only) == module:
            importlib.import_module(f"drill.{module}").register(commands, common)
    if only and not commands.found:  # type: ignore[union-attr]
        return build_parser()  # not a command: argparse's message lists them all
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is not None:  # (tests: a run inside a process that goes on)
        return _run(argv)
    try:
        return _run(sys.argv[1:])
    finally:  # the process ends next: Python's last collection walks no object (~6 ms a command)
        gc.freeze()


def _run(argv: list[str]) -> int:
    args = build_parser(command_named(argv)).parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        print(escape_control(f"drill: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `drill check | head`); not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        # Database failures first (some are OSErrors), then other OS errors; anything else is a
        # bug and keeps its traceback.
        from drill.store.errors import database_failure

        message = database_failure(exc)
        if message is not None:
            print(f"drill: {message}", file=sys.stderr)
            return EXIT_ERRORS
        if isinstance(exc, OSError):
            where = f" ({exc.filename})" if exc.filename else ""
            print(escape_control(f"drill: {exc.strerror or exc}{where}"), file=sys.stderr)
            return EXIT_ERRORS
        raise
