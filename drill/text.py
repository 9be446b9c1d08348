"""User text made safe to show: the one place that escapes terminal control characters (and
`count`, a number with its noun, for the text around it).

Deck text, paths and messages that quote them may hold ESC sequences (which retitle the window,
clear the screen, or hide a hyperlink), other C0/C1 controls, or bidi overrides that reorder what
the reader sees. Everything drill shows from user text passes through `escape_control` first,
whether printed by a command or shown on a screen. No Textual here.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069) with the two marks U+200E/200F.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """Show control characters (and bidi overrides) as visible escapes such as `\\x1b`."""
    return _UNSAFE.sub(_escape, text)


def has_control(text: str) -> bool:
    """True when `escape_control` would change the text."""
    return _UNSAFE.search(text) is not None


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes and backslashes escaped, control characters as
    `\\uXXXX` (so a hand-readable file never holds a raw control character)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def count(number: int, noun: str, plural: str = "") -> str:
    """`number` and `noun`, plural unless it is one: "1 day", "0 days", "30 days" (`plural` when
    it is not `noun` + "s": "stories")."""
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"
