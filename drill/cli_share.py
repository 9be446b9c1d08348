"""`drill share`: link this device to a synced folder and merge the others' review logs through
it (no Textual)."""

from __future__ import annotations

import argparse
import sys

from drill.text import count, escape_control


def _say(text: str, err: bool = False) -> None:
    print(escape_control(text), file=sys.stderr if err else sys.stdout)


def print_report(report) -> None:
    """A merge's outcome: rows added, and every problem (path:line), conflicted copy, clash."""
    for line in report.problems + report.clashes:
        _say(f"drill: {line}", err=True)
    for line in report.conflicted:
        _say(f"conflicted copy: {line}")
    cards = len(report.cards)
    _say(f"Merged {count(report.new, 'new review-log row')} from "
         f"{count(report.files, 'file')}"
         + (f"; {count(cards, 'card')} replayed." if cards else "."))


def _when(time_ms: int | None) -> str:
    if time_ms is None:
        return "no rows yet"
    from drill.clock import from_epoch_ms

    return "last " + from_epoch_ms(time_ms).astimezone().strftime("%Y-%m-%d %H:%M")


def print_status(share) -> None:
    _say(f"Sharing through {share.folder} (this device: {share.store.device}).")
    found = share.status()
    if not found:
        _say("No device files there yet.")
    for item in found:
        who = "this device" if item.own else f"device {item.file.device}"
        if item.file.conflicted:
            who += f", conflicted copy {item.file.path.name}"
        extra = "" if item.own else f", {item.merged} merged here"
        if item.bad:
            extra += f", {count(item.bad, 'bad line')}"
        if item.unfinished:
            extra += ", an unfinished last line (read once whole)"
        _say(f"  {who}: {count(item.rows, 'row')}, "
             f"{_when(item.last_ms)}{extra}")
    if share.error:
        _say(f"drill: could not write this device's file: {share.error}", err=True)


def _cmd_share(args: argparse.Namespace) -> int:
    from drill.cli import EXIT_ERRORS, EXIT_OK, UsageError, _context
    from drill.share import ShareError, link, merge_now

    given = [args.folder is not None, args.now, args.status, args.off]
    if sum(given) > 1:
        raise UsageError("give one of FOLDER, --now, --status, --off")
    ctx = _context(args)
    try:
        if args.folder is not None or args.off:
            try:
                share, report = link(ctx, "" if args.off else str(args.folder))
            except ShareError as exc:
                raise UsageError(str(exc)) from exc
            if share is None:
                _say("Not sharing any more. This device's file stays in the folder; the rows "
                     "merged from other devices stay in your log.")
                return EXIT_OK
            _say(f"Linked to {share.folder}: this device writes {share.own_path.name} there, "
                 "and merges the other devices' files at start, on focus, every few minutes "
                 "and with `drill share --now`.")
            print_report(report)
            return EXIT_ERRORS if report.problems or report.clashes else EXIT_OK
        share = ctx.share
        if share is None:
            _say("Not sharing. Link a folder you sync between machines (Syncthing, Dropbox, a "
                 "git repository): drill share FOLDER")
            return EXIT_OK if not args.now else EXIT_ERRORS
        if args.now:
            report = merge_now(ctx)
            print_report(report)
            return EXIT_ERRORS if report.problems or report.clashes else EXIT_OK
        print_status(share)
        return EXIT_OK
    finally:
        ctx.close()


def register(commands, common) -> None:
    from pathlib import Path

    share = commands.add_parser(
        "share", parents=[common], help="merge reviews with other machines via a synced folder",
        description="Link this device to a folder you already sync between machines "
                    "(Syncthing, Dropbox, a git repository). Each device appends its review log "
                    "to its own file there and merges the others': at the app's start, on "
                    "focus, every few minutes, and with --now. With no option: the status.")
    share.add_argument("folder", nargs="?", type=Path, metavar="FOLDER",
                       help="the shared folder to link (writes this device's whole log there)")
    share.add_argument("--now", action="store_true", help="merge the other devices' files now")
    share.add_argument("--status", action="store_true",
                       help="what each device has contributed (rows, last time)")
    share.add_argument("--off", action="store_true", help="stop sharing (files stay)")
    share.set_defaults(handler=_cmd_share)
