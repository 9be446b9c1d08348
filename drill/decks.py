"""Deck files: parse Markdown decks into cards, format them back, and stamp missing ids.

The format is documented in `decks/README.md`. Parsing never raises: every problem becomes a
`Problem` carrying the file, the line, what is wrong and how to fix it. Nothing here imports
Textual or touches the database. This module is the deck files' public face; the code lives in
drill/deckfile/, one module per concern (see its __init__), and atomic writes in drill/files.py.
"""

from __future__ import annotations

from drill.deckfile.format import format_card, format_deck
from drill.deckfile.model import (
    CARD_KEYS,
    DECK_KEYS,
    DEFAULT_DIFFICULTY,
    DEFAULT_KIND,
    DIFFICULTIES,
    ID_RE,
    KEY_POINTS,
    KINDS,
    MAX_KEY_POINT_CHARS,
    MAX_KEY_POINTS,
    MIN_KEY_POINTS,
    ROLES,
    TAG_RE,
    Card,
    Deck,
    DeckDefaults,
    Problem,
    Severity,
)
from drill.deckfile.parse import (
    answer_sections,
    decode_deck,
    key_points,
    parse_deck,
    parse_file,
    split_key_points,
)
from drill.deckfile.stamp import StampResult, derive_id, split_lines, stamp_ids
from drill.deckfile.walk import DeckWalk, find_deck_files, is_deck_file
from drill.files import atomic_write

__all__ = [
    "CARD_KEYS", "DECK_KEYS", "DEFAULT_DIFFICULTY", "DEFAULT_KIND", "DIFFICULTIES", "ID_RE",
    "KEY_POINTS", "KINDS", "MAX_KEY_POINTS", "MAX_KEY_POINT_CHARS", "MIN_KEY_POINTS", "ROLES",
    "TAG_RE", "Card", "Deck", "DeckDefaults", "DeckWalk", "Problem", "Severity", "StampResult",
    "answer_sections", "atomic_write", "decode_deck", "derive_id", "find_deck_files",
    "format_card", "format_deck", "is_deck_file", "key_points", "parse_deck", "parse_file",
    "split_key_points", "split_lines", "stamp_ids",
]
