"""The `drill` command: parses arguments and starts the TUI only when a command needs it.

Commands that need no screen (`check`, ...) never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from drill import __version__

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
        locations = Locations.from_env()
        targets = default_targets(args.decks or locations.decks_dir)
    report = run_check(targets, fix=args.fix)
    print(report.to_json() if args.json else format_report(report))
    return EXIT_ERRORS if report.error_count else EXIT_OK


def _cmd_tui(args: argparse.Namespace) -> int:
    from drill.tui.run import run_tui

    return run_tui(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drill",
        description="Spaced-repetition practice for ML and AI job interviews. "
                    "Run `drill` with no command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"drill {__version__}")
    parser.set_defaults(handler=_cmd_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check deck files for mistakes (read-only unless --fix)",
        description="Check the bundled decks and your decks, or the given files and folders. "
                    "Prints every problem as path:line: message. Exit 0 when there are no "
                    "errors, 1 when there are, 2 on bad usage.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="deck files or folders (default: bundled decks and your decks)")
    check.add_argument("--fix", action="store_true",
                       help="stamp missing ids into your deck files (never into bundled decks)")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--decks", type=Path, metavar="DIR",
                       help="your deck folder for this run (default: the usual place)")
    check.set_defaults(handler=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UsageError as exc:
        print(f"drill: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `drill check | head`); not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"drill: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ERRORS
