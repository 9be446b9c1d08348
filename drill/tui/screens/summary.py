"""The end of a session: how it went, how long it took, and what tomorrow holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from drill.session import ReviewSession
from drill.sm2 import GRADE_WORDS
from drill.tui.widgets import DrillFooter


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "home", "Home", id="summary.home"),
        Binding("escape", "home", "Home", show=False),
        Binding("a", "ahead", "Review ahead", id="summary.ahead"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary", classes="panel"):
            yield Static(self._text(), id="summary-text")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Session summary"

    def _text(self) -> str:
        s = self.session.summary()
        minutes, seconds = divmod(s.seconds, 60)
        lines = [f"[b]{self.session.title}: {s.reviewed} card{'s' if s.reviewed != 1 else ''} "
                 f"reviewed[/] in {minutes} min {seconds:02d} s", ""]
        top = max(s.grades.values(), default=1)
        for grade in range(5, -1, -1):
            count = s.grades.get(grade, 0)
            bar = "█" * round(20 * count / top) if count else ""
            lines.append(f"  {grade} {GRADE_WORDS[grade]:<36} {count:>3} {bar}")
        lines.append("")
        if s.again:
            lines.append(f"{s.again} missed (graded below 3): back later today, and from "
                         "tomorrow on a 1-day interval.")
        if s.buried or s.suspended:
            lines.append(f"{s.buried} buried, {s.suspended} suspended.")
        left = len(self.session.pending)
        if left:
            lines.append(f"{left} card{'s' if left != 1 else ''} left for today.")
        lines.append(f"Due tomorrow: [b]{s.due_tomorrow}[/].")
        return "\n".join(lines)

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_ahead(self) -> None:
        self.app.pop_screen()
        self.app.start_ahead()  # type: ignore[attr-defined]
