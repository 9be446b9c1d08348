"""Deck files' records: cards, decks and their problems, and the words the format allows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from drill.deckfile.words import (  # noqa: F401 (the format's words, named here too)
    CARD_KEYS,
    DECK_KEYS,
    DEFAULT_DIFFICULTY,
    DEFAULT_KIND,
    DIFFICULTIES,
    KEY_POINTS,
    KINDS,
    MAX_KEY_POINT_CHARS,
    MAX_KEY_POINTS,
    MIN_KEY_POINTS,
    ROLES,
)

ID_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
TAG_RE = re.compile(r"[a-z0-9][a-z0-9._/-]*")

Severity = Literal["error", "warning"]


@cache
def _sha256():
    """hashlib.sha256, imported on first use (it loads OpenSSL: only for a deck file read, not at
    start), then kept: an import statement per card cost a tenth of a cold sync."""
    from hashlib import sha256

    return sha256


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file, at a line, with a hint on how to fix it."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path  # 0: a folder, no line
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


@dataclass(frozen=True)
class Card:
    """One prompt and its answer, with the metadata that applies to it (deck defaults included)."""

    id: str | None
    prompt: str
    answer: str
    deck: str
    kind: str = DEFAULT_KIND
    difficulty: str = DEFAULT_DIFFICULTY
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    replaces: tuple[str, ...] = ()  # ids of cards merged into this one (their history moves here)
    of: str | None = None  # a recall card: the id of its reference card

    @property
    def content_hash(self) -> str:
        """A hash of what the card says (not where it is or its id): tells an edit from no change."""
        tags, roles = self.tags, self.roles
        # The prompt, answer, kind, difficulty, tags and roles joined by \x1f (an f-string: a
        # tenth faster than a tuple joined, once per card in a cold sync).
        text = (f"{normalise(self.prompt)}\x1f{self.answer.strip()}\x1f{self.kind}"
                f"\x1f{self.difficulty}"
                f"\x1f{','.join(sorted(tags)) if len(tags) > 1 else ''.join(tags)}"
                f"\x1f{','.join(sorted(roles)) if len(roles) > 1 else ''.join(roles)}")
        return _sha256()(text.encode("utf-8")).hexdigest()[:32]

    def same_content(self, other: Card) -> bool:
        """Equal in everything a user wrote (used by the round-trip tests)."""
        return (self.id, self.prompt, self.answer, self.deck, self.kind, self.difficulty,
                self.tags, self.roles, self.replaces, self.of) == (
                    other.id, other.prompt, other.answer, other.deck, other.kind,
                    other.difficulty, other.tags, other.roles, other.replaces, other.of)


@dataclass(frozen=True)
class DeckDefaults:
    kind: str = DEFAULT_KIND
    difficulty: str = DEFAULT_DIFFICULTY
    tags: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass
class Deck:
    """A parsed deck file. `ok` is False when it has errors; its cards are then not to be trusted."""

    path: str
    title: str | None = None
    description: str = ""
    defaults: DeckDefaults = field(default_factory=DeckDefaults)
    cards: list[Card] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors



def normalise(text: str) -> str:
    """Case and spacing folded: what counts as the same prompt (content hashes and ids)."""
    return " ".join(text.casefold().split())
