"""Adding cards to the user's deck files: validated, stamped with an id, written atomically.

A card for a bundled deck goes into the user's deck of the same title (design decision 3), which is
created if needed. Every existing byte of the file is kept; the card is appended at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from drill.decks import (
    DIFFICULTIES,
    KINDS,
    TAG_RE,
    Card,
    derive_id,
    format_card,
    parse_deck,
    split_lines,
)
from drill.editing import changed_message, open_user_deck, write_user_deck
from drill.files import atomic_write

TEMPLATE_PROMPT = "Write the question here"
TEMPLATE_ANSWER = "Write the answer here, in Markdown."


@dataclass
class NewCard:
    deck: str
    prompt: str
    answer: str
    tags: list[str] = field(default_factory=list)
    kind: str = "concept"
    difficulty: str = "medium"


@dataclass(frozen=True)
class Added:
    card_id: str
    path: Path
    line: int
    created: bool  # a new deck file was made


def parse_tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def validate(card: NewCard, prompts_in_deck: set[str]) -> dict[str, str]:
    """Field -> what is wrong with it (empty when the card can be saved)."""
    problems: dict[str, str] = {}
    if not card.deck.strip():
        problems["deck"] = "choose a deck, or type the title of a new one"
    if not card.prompt.strip():
        problems["prompt"] = "the question is empty"
    elif "\n" in card.prompt.strip():
        problems["prompt"] = "the question must be one line (put details in the answer)"
    elif _normalise(card.prompt) in {_normalise(p) for p in prompts_in_deck}:
        problems["prompt"] = f"{card.deck} already has this question"
    if not card.answer.strip():
        problems["answer"] = "the answer is empty"
    else:
        check = parse_deck(f"# X\n\n## Q\n\n{card.answer.strip()}\n")
        bad = [p for p in check.errors]
        if bad or len(check.cards) != 1:
            problems["answer"] = ("the answer must not contain '# ' or '## ' headings (use "
                                  "'###') and every code fence must be closed")
    bad_tags = [t for t in card.tags if not TAG_RE.fullmatch(t)]
    if bad_tags:
        problems["tags"] = (f"{bad_tags[0]!r}: tags are lower case letters, digits, '-', '/' or "
                            "'.', separated by commas")
    if card.kind not in KINDS:
        problems["kind"] = f"use one of: {', '.join(KINDS)}"
    if card.difficulty not in DIFFICULTIES:
        problems["difficulty"] = f"use one of: {', '.join(DIFFICULTIES)}"
    return problems


def add_card(card: NewCard, user_decks: Path, taken_ids: set[str]) -> Added:
    """Append the card to the user's deck of its title. Raises OSError if the file is busy."""
    target = open_user_deck(card.deck, user_decks)
    deck = parse_deck(target.text, str(target.path))
    taken = set(taken_ids) | {c.id for c in deck.cards if c.id}
    card_id = derive_id(card.deck, card.prompt, taken)
    eol = "\r\n" if "\r\n" in target.text else "\n"
    new = Card(id=card_id, prompt=card.prompt.strip(), answer=card.answer.strip("\n"),
               deck=card.deck, kind=card.kind, difficulty=card.difficulty,
               tags=tuple(t for t in card.tags if t not in deck.defaults.tags),
               roles=deck.defaults.roles)
    text = target.text + eol
    line = text.count("\n") + 1
    write_user_deck(target, text + format_card(new, deck.defaults).replace("\n", eol))
    return Added(card_id, target.path, line, target.created)


def template(deck: str) -> str:
    """What `drill add` opens in $EDITOR when no prompt is given."""
    return (f"# {deck}\n\n"
            "<!-- Write one card (or several): a '## ' question line, then the answer below it.\n"
            "     Optional metadata goes on the line right below the question, for example:\n"
            "     <!-- tags: statistics; kind: concept; difficulty: easy -->\n"
            "     Save and close to add; close without changing anything to add nothing. -->\n\n"
            f"## {TEMPLATE_PROMPT}\n\n{TEMPLATE_ANSWER}\n")


def _card_block(lines: list[bytes], deck, card_id: str) -> tuple[int, int]:
    """Line indexes [start, end) of a card's heading through the end of its answer."""
    cards = deck.cards
    for i, card in enumerate(cards):
        if card.id == card_id:
            start = card.line - 1
            end = cards[i + 1].line - 1 if i + 1 < len(cards) else len(lines)
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1  # keep the blank lines that separate it from the next card
            return start, end
    raise KeyError(card_id)


def _load_card(path: Path, card_id: str):
    """A deck file's bytes, parsed deck and lines, and where the card is in it."""
    original = path.read_bytes()
    deck = parse_deck(original, str(path))
    if not deck.ok:
        raise OSError(f"{path} has errors; fix them first (drill check {path})")
    lines = split_lines(original)
    return original, deck, lines, _card_block(lines, deck, card_id)


def replace_card(path: Path, card_id: str, card: NewCard) -> int:
    """Rewrite one card (same id) in its file; every other byte stays. Returns its line."""
    original, deck, lines, (start, end) = _load_card(path, card_id)
    eol = "\r\n" if lines[start].endswith(b"\r\n") else "\n"
    new = Card(id=card_id, prompt=card.prompt.strip(), answer=card.answer.strip("\n"),
               deck=card.deck, kind=card.kind, difficulty=card.difficulty,
               tags=tuple(t for t in card.tags if t not in deck.defaults.tags),
               roles=next(c.roles for c in deck.cards if c.id == card_id))
    block = format_card(new, deck.defaults).replace("\n", eol).encode("utf-8")
    if end == len(lines) and not lines[-1].endswith(b"\n"):
        block = block.rstrip(b"\r\n")  # the file had no final newline; keep it that way
    data = b"".join(lines[:start]) + block + b"".join(lines[end:])
    written = atomic_write(path, data, expected=original)
    if not written:
        raise OSError(changed_message(path, "saving the card", written))
    return start + 1


def remove_card(path: Path, card_id: str) -> None:
    """Delete one card's text from its file (its history stays in the store, as an orphan)."""
    original, deck, lines, (start, end) = _load_card(path, card_id)
    while end < len(lines) and not lines[end].strip():
        end += 1  # take the blank lines after it, so no gap is left
    data = b"".join(lines[:start]) + b"".join(lines[end:])
    written = atomic_write(path, data, expected=original)
    if not written:
        raise OSError(changed_message(path, "deleting the card", written))
