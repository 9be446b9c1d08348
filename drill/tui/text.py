"""User text on screen: never parsed as markup, never carrying terminal control characters.

Every widget that shows deck text, paths or messages quoting them gets it through one of these.
`markup` is for drill's own templates with user text in `$name` slots: the template is markup,
the values are plain text.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from drill.text import escape_control


def plain(text: object, style: str = "") -> Text:
    """User text as a plain (never markup) renderable, controls escaped."""
    return Text(escape_control(str(text)), style=style)


def markup(template: str, **values: object) -> Content:
    """Drill's markup `template` with user text filled into its `$name` slots as plain text."""
    return Content.from_markup(template, **{k: escape_control(str(v)) for k, v in values.items()})


def markdown(source: str) -> str:
    """Markdown source for a Markdown widget, controls escaped (Markdown is not Textual markup)."""
    return escape_control(source)


def markup_escape(text: object) -> str:
    """User text for an API that only takes markup strings (the command palette): every `[` is
    escaped, so nothing in it is a tag, and controls are escaped."""
    return escape_control(str(text)).replace("[", "\\[")
