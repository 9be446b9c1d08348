"""The argument parser a command line needs: `drill due` builds the parser of `due` alone (and
imports no other command's module), where argparse would build some thirty parsers to use one."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from drill.deckfile.words import KINDS


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size()` finds it: $COLUMNS, else the
    terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, as wide as the terminal, measured without importing shutil:
    argparse makes a formatter for every option it adds, and the first would import shutil,
    and with it bz2, lzma and zlib (some 1.5 ms of every command), for help seldom printed."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """drill's argument parser (its commands' parsers are of the same class): help laid out by
    `_Formatter`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class _Skipped:
    """A command's parser that is not built: every call on it (add_argument, set_defaults,
    add_subparsers, add_parser...) is absorbed."""

    def __getattr__(self, name: str) -> Callable[..., _Skipped]:
        return self._absorb

    def _absorb(self, *args: object, **kwargs: object) -> _Skipped:
        return self


def built(parser: object) -> bool:
    """False for a parser `OneCommand` did not build (another command was named)."""
    return not isinstance(parser, _Skipped)


class OneCommand:
    """The `commands` action as the `register` functions see it when the command line names one
    command: only that command's parser is built. argparse would otherwise build some thirty
    parsers, a sixth of `drill due`'s time, to use one."""

    def __init__(self, commands: argparse._SubParsersAction, name: str | None) -> None:
        self.commands, self.name, self.found = commands, name, False

    def add_parser(self, name: str, **kwargs: object):
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.commands.add_parser(name, **kwargs)  # type: ignore[arg-type]


# The commands registered by their own modules (each module's `register`), in the help's order.
COMMAND_MODULES = {"stats": "cli_stats", "export": "cli_stats", "plan": "cli_plan",
                   "evaluate": "cli_fsrs", "simulate": "cli_fsrs", "share": "cli_share",
                   "story": "cli_stories", "stories": "cli_stories"}
_VALUED = ("--db", "--decks")  # drill's own options that take a value


def command_named(argv: list[str]) -> str | None:
    """The command `argv` names (the first word that is not an option or an option's value),
    "" when it names none, or None when every command's parser is needed: for help."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help") or word == "--":
            return None
        if word.startswith("-") and word != "-":
            if any(option.startswith(word) for option in _VALUED):
                next(words, None)  # its value (argparse accepts --dec for --decks)
            continue
        return word
    return ""


def add_common(parser: argparse.ArgumentParser, default: object) -> None:
    """drill's own options, on the top parser (default None) and on each command's (default
    SUPPRESS: an option given before the command is not overwritten)."""
    parser.add_argument("--db", type=Path, metavar="FILE", default=default,
                        help="the progress database for this run (default: the usual place)")
    parser.add_argument("--decks", type=Path, metavar="DIR", default=default,
                        help="also read the decks in this folder")


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The options choosing cards by deck, tag or kind."""
    parser.add_argument("--deck", metavar="NAME", help="only this deck (its title)")
    parser.add_argument("--tag", metavar="TAG", help="only cards with this tag")
    parser.add_argument("--kind", choices=KINDS, help="only cards of this kind")
