"""Editing cards in the user's own editor, safely for their files (no Textual here).

Bundled decks are never written: editing a bundled card first copies it, with its id, into the
user's deck of the same title (design decision 3), where it overrides the bundled text and keeps
its history.
"""

from __future__ import annotations

import errno
import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

from drill.decks import Card, find_deck_files, format_card, parse_file
from drill.files import WriteResult, atomic_write
from drill.store import StoredCard


@dataclass(frozen=True)
class EditTarget:
    path: Path
    line: int
    copied: bool = False  # the card was copied from a bundled deck into this file
    # For a copy: the file's bytes before (None: drill created it) and after the copy, so an
    # editor that changes nothing leaves the user's files as they were (`undo_unchanged_copy`).
    before: bytes | None = None
    written: bytes = b""


def editor_command() -> list[str] | None:
    """The user's editor from $VISUAL or $EDITOR (with its arguments), or a common fallback."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return None


def editor_argv(command: list[str], path: Path, line: int) -> list[str]:
    """Open `path` at `line`: `+LINE FILE` works in vi, vim, nvim, nano, emacs, micro, kak."""
    name = Path(command[0]).name
    if name in ("code", "code-insiders", "codium", "subl", "zed"):
        flag = ["--goto"] if name.startswith(("code", "codium")) else []
        return [*command, *flag, f"{path}:{line}"]
    return [*command, f"+{line}", str(path)]


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "deck"


def user_deck_for(title: str, user_decks: Path) -> Path | None:
    """The user's deck file with this title, if there is one. Raises PermissionError when a deck
    file cannot be read (it might be the one)."""
    if not user_decks.is_dir():
        return None
    unreadable = None
    for path in find_deck_files(user_decks):
        deck = parse_file(path)
        if (deck.title or "").casefold() == title.casefold():
            return path
        if deck.title is None and deck.problems and "cannot read" in deck.problems[0].message:
            unreadable = path
    if unreadable is not None:  # it may be this deck: never make a second file of one title
        raise PermissionError(errno.EACCES, "cannot read it, so drill cannot tell whether it "
                              "is this deck; make it readable (chmod u+r)", str(unreadable))
    return None


@dataclass(frozen=True)
class UserDeck:
    """The user's deck file for a title, as it is now (`original` is b"" for a new file)."""

    path: Path
    original: bytes
    text: str  # what to append to: ends with a newline
    created: bool


def open_user_deck(title: str, user_decks: Path) -> UserDeck:
    """The user's deck with this title, or a new file for it (not written yet)."""
    path = user_deck_for(title, user_decks)
    if path is None:
        user_decks.mkdir(parents=True, exist_ok=True)
        path = user_decks / f"{slug(title)}.md"
        counter = 2
        while path.exists():
            path = user_decks / f"{slug(title)}-{counter}.md"
            counter += 1
        return UserDeck(path, b"", f"# {title.strip()}\n", created=True)
    original = path.read_bytes()
    text = original.decode("utf-8")  # a BOM stays as U+FEFF and is written back unchanged
    if not text.endswith("\n"):
        text += "\r\n" if "\r\n" in text else "\n"
    return UserDeck(path, original, text, created=False)


def changed_message(path: Path, doing: str, written: WriteResult) -> str:
    kept = f"; a save of yours it displaced is kept in {written.recovered}" \
        if written.recovered else ""
    return f"{path} changed while drill was {doing}; try again{kept}"


def write_user_deck(deck: UserDeck, text: str) -> None:
    """Write the deck's new text atomically; refuses if the file changed since it was read."""
    expected = None if deck.created else deck.original
    written = atomic_write(deck.path, text.encode("utf-8"), expected=expected, new=deck.created)
    if not written:
        raise OSError(changed_message(deck.path, "writing to it", written))


def edit_target(card: StoredCard, user_decks: Path) -> EditTarget:
    """Where to edit a card: its own file, or (for a bundled card) a copy in the user's deck."""
    if card.origin != "bundled":
        return EditTarget(Path(card.path), card.line)
    deck = open_user_deck(card.deck, user_decks)
    if not deck.created:
        existing = next((c for c in parse_file(deck.path).cards if c.id == card.id), None)
        if existing is not None:  # already overridden: edit the user's copy
            return EditTarget(deck.path, existing.line)
    copy = Card(id=card.id, prompt=card.prompt, answer=card.answer, deck=card.deck,
                kind=card.kind, difficulty=card.difficulty, tags=card.tags, roles=card.roles)
    text = deck.text + "\n"
    line = text.count("\n") + 1
    written = text + format_card(copy)
    write_user_deck(deck, written)
    return EditTarget(deck.path, line, copied=True, before=None if deck.created else deck.original,
                      written=written.encode("utf-8"))


def undo_unchanged_copy(target: EditTarget) -> bool:
    """After the editor: if a bundled card's copy was left exactly as drill wrote it, put the
    user's file back as it was (remove it if drill created it). True if it was undone. A file
    the user changed in any way is kept."""
    if not target.copied:
        return False
    try:
        if target.path.read_bytes() != target.written:
            return False
        if target.before is None:
            target.path.unlink()
            return True
    except OSError:
        return False
    return atomic_write(target.path, target.before, expected=target.written)
