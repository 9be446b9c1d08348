"""Card ids: derive them from a card's content, and stamp missing ones into a deck file by an
atomic rewrite that changes nothing else (design decision 2)."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drill.deckfile.model import normalise
from drill.deckfile.parse import parse_deck
from drill.files import atomic_write


def derive_id(deck_title: str, prompt: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An id from the deck title and prompt: the same card gets the same id on every machine.

    Eight base-32 characters, lengthened one at a time while the id is already taken.
    """
    from hashlib import sha256  # loads OpenSSL: only when an id is made

    digest = sha256(f"{normalise(deck_title)}\n{normalise(prompt)}".encode()).digest()
    alphabet = base64.b32encode(digest).decode("ascii").rstrip("=").lower()
    for length in range(8, len(alphabet) + 1):
        candidate = alphabet[:length]
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{alphabet}-{counter}" in taken:
        counter += 1
    return f"{alphabet}-{counter}"


@dataclass(frozen=True)
class StampResult:
    """What stamping one file did: the ids it added (card line -> id), or why it did nothing."""

    path: Path
    stamped: dict[int, str] = field(default_factory=dict)
    skipped: str = ""
    unwritable: bool = False  # skipped because the file or its folder cannot be written
    recovered: Path | None = None  # a save of the user's displaced by the write, kept here


def split_lines(data: bytes) -> list[bytes]:
    """Split on LF exactly as the parser does, keeping line ends so joining restores the bytes."""
    parts = data.split(b"\n")
    return [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def stamp_ids(path: Path, taken: Iterable[str] = ()) -> StampResult:
    """Add an `<!-- id: ... -->` line below every card heading that has no id.

    Only added lines change. The file is replaced atomically, and left alone if it has errors or
    changed on disk while we worked.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return StampResult(path, skipped=f"cannot read file: {exc.strerror or exc}")
    deck = parse_deck(data, str(path))
    if not deck.ok:
        return StampResult(path, skipped="the file has errors; fix them first")
    missing = [card for card in deck.cards if card.id is None]
    if not missing:
        return StampResult(path)
    used = set(taken) | {card.id for card in deck.cards if card.id}
    lines = split_lines(data)
    stamped: dict[int, str] = {}
    for card in reversed(missing):  # bottom up (the order ids have always been derived in)
        new_id = derive_id(deck.title or "", card.prompt, used)
        used.add(new_id)
        stamped[card.line] = new_id
    out: list[bytes] = []
    for lineno, line in enumerate(lines, start=1):
        new_id = stamped.get(lineno)
        if new_id is not None:
            eol = b"\r\n" if line.endswith(b"\r\n") else b"\n"
            line = line if line.endswith(b"\n") else line + eol
            out += [line, f"<!-- id: {new_id} -->".encode() + eol]
        else:
            out.append(line)
    try:
        written = atomic_write(path, b"".join(out), expected=data)
    except OSError as exc:
        return StampResult(path, skipped=f"cannot write: {exc.strerror or exc}", unwritable=True)
    if not written:
        kept = f" (a save of yours it displaced is kept in {written.recovered})" \
            if written.recovered else ""
        return StampResult(path, skipped="the file changed while drill was stamping it; "
                                         f"try again{kept}", recovered=written.recovered)
    return StampResult(path, dict(sorted(stamped.items())))
