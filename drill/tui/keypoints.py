"""The key points of a revealed answer, as a checklist ticked with letter keys.

Lives inside each CardView, docked to its bottom so it stays in view while the answer scrolls,
and is filled when the card is drawn (also in the hidden view): revealing only makes it visible,
a repaint, never a new layout. Point text is user text: shown as plain text, never markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

# Letters that clash with no review key (grades 0-5, b, e, i, j, k, r, u, x, o).
TICK_KEYS = ("a", "s", "d", "f", "g")


class KeyPoints(Static):
    DEFAULT_CSS = """
    KeyPoints { dock: bottom; height: auto; padding: 0 0 0 0; border-top: solid $primary; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.points: list[str] = []
        self.ticked: set[int] = set()
        self.suggestion: int | None = None

    def set_points(self, points: list[str]) -> None:
        self.points = list(points[: len(TICK_KEYS)])
        self.ticked = set()
        self.suggestion = None
        self.display = bool(self.points)
        self._draw()

    def toggle(self, index: int) -> bool:
        """Tick or untick a point; returns whether it is now ticked."""
        if not 0 <= index < len(self.points):
            return False
        self.ticked ^= {index}
        self._draw()
        return index in self.ticked

    def show_suggestion(self, grade: int | None) -> None:
        self.suggestion = grade
        self._draw()

    def _draw(self) -> None:
        keys = " ".join(TICK_KEYS[: len(self.points)])
        head = f"Key points ({keys} tick what you said)"
        if self.suggestion is not None:
            head += f" · space gives {self.suggestion}"
        parts: list[str | Content | tuple[str, str]] = [(head, "bold")]
        for index, point in enumerate(self.points):
            glyph = "[x]" if index in self.ticked else "[ ]"
            style = "bold" if index in self.ticked else ""
            parts.extend(["\n", (f"{TICK_KEYS[index]} ", "bold"), (f"{glyph} ", style), point])
        self.update(Content.assemble(*parts))
