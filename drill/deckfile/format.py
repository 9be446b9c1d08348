"""Format cards and decks back into Markdown (parsing the result gives the same cards)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from drill.deckfile.model import DEFAULT_DIFFICULTY, DEFAULT_KIND, Card, Deck, DeckDefaults


def _meta_comment(pairs: Iterable[tuple[str, str]]) -> str:
    body = "; ".join(f"{key}: {value}" for key, value in pairs if value)
    return f"<!-- {body} -->" if body else ""


def format_card(card: Card, defaults: DeckDefaults = DeckDefaults()) -> str:
    """The Markdown for one card, with only the metadata that differs from the deck's defaults."""
    prompt = card.prompt
    if re.search(r"[ \t]#+$", prompt):
        prompt += " #"  # a closing sequence keeps a trailing ' #' part of the prompt
    own_tags = [t for t in card.tags if t not in defaults.tags]
    meta = _meta_comment([
        ("id", card.id or ""),
        ("tags", ", ".join(own_tags)),
        ("kind", card.kind if card.kind != defaults.kind else ""),
        ("difficulty", card.difficulty if card.difficulty != defaults.difficulty else ""),
        ("roles", ", ".join(card.roles) if card.roles != defaults.roles else ""),
        ("replaces", ", ".join(card.replaces)),
        ("of", card.of or ""),
    ])
    head = f"## {prompt}\n" + (f"{meta}\n" if meta else "")
    return f"{head}\n{card.answer}\n"


def format_deck(deck: Deck) -> str:
    """Markdown for a whole deck; parsing it again gives the same cards."""
    d = deck.defaults
    meta = _meta_comment([
        ("kind", d.kind if d.kind != DEFAULT_KIND else ""),
        ("tags", ", ".join(d.tags)),
        ("difficulty", d.difficulty if d.difficulty != DEFAULT_DIFFICULTY else ""),
        ("roles", ", ".join(d.roles)),
    ])
    parts = [f"# {deck.title or ''}\n" + (f"{meta}\n" if meta else "")]
    if deck.description:
        parts.append(deck.description + "\n")
    parts.extend(format_card(card, d) for card in deck.cards)
    return "\n".join(parts)
