"""What a headless app shows: the rendered screen as plain text, row by row."""

from __future__ import annotations

import re


def rendered_rows(app) -> list[str]:
    """Each row of the screen as a person would see it (the compositor's output, not widget
    state: a widget clipped by its parent's height is not in here)."""
    strips = app.screen._compositor.render_strips()
    return [strip.text for strip in strips]


def rendered_text(app) -> str:
    return "\n".join(rendered_rows(app))


def words(text: str) -> str:
    """Text reduced to its words, single-spaced: compares across wrapping and Markdown styling."""
    return " ".join(re.findall(r"[\w'’.,:;()=+\-*/<>%]+", text))
