"""The end of a session: how it went, how long it took, and what tomorrow holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from drill.session import DUE, NEW, REPEAT, ReviewSession
from drill.sm2 import GRADE_WORDS
from drill.text import count
from drill.tui.fresh import StyledOnce
from drill.tui.text import markup
from drill.tui.widgets import DrillFooter


def time_up_line(session: ReviewSession) -> str:
    """"Time's up: 12 due cards left for later (and 5 new)."."""
    counts = session.remaining()
    due = counts[DUE] + counts[REPEAT]
    text = f"Time's up: {count(due, 'due card')} left for later"
    new = counts[NEW]
    return text + (f" (and {new} new)." if new else ".")


class SummaryScreen(StyledOnce, Screen[None]):
    BINDINGS = [
        Binding("enter", "home", "Home",
                tooltip="back to Home", id="summary.home"),
        Binding("escape", "home", "Home", show=False),
        Binding("a", "ahead", "Review ahead",
                tooltip="review ahead: practise cards due in the next week", id="summary.ahead"),
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

    def _text(self) -> Content:
        s = self.session.summary()
        minutes, seconds = divmod(s.seconds, 60)
        repeats = s.reviewed - s.cards
        answers = (f" ({s.reviewed} answers: {count(repeats, 'same-day repeat')})"
                   if repeats else "")
        lines = [f"[b]$title: {count(s.cards, 'card')} "
                 f"reviewed[/]{answers} in {minutes} min {seconds:02d} s", ""]
        top = max(s.grades.values(), default=1)
        for grade in range(5, -1, -1):
            graded = s.grades.get(grade, 0)
            bar = "█" * round(20 * graded / top) if graded else ""
            lines.append(f"  {grade} {GRADE_WORDS[grade]:<36} {graded:>3} {bar}")
        lines.append("")
        if s.again:
            later = (f" {s.back_today} still come{'s' if s.back_today == 1 else ''} back later "
                     "today." if s.back_today else "")
            lines.append(f"{s.again} missed (graded below 3): from tomorrow on a 1-day "
                         f"interval.{later}")
        if s.buried or s.suspended:
            lines.append(f"{s.buried} buried, {s.suspended} suspended.")
        left = len(self.session.pending)
        if s.time_up:
            lines.append(time_up_line(self.session))
        elif left:
            where = "in this session" if self.session.off_schedule else "for today"
            lines.append(f"{count(left, 'card')} left {where}.")
        lines.append(f"Due tomorrow: [b]{s.due_tomorrow}[/].")
        return markup("\n".join(lines), title=self.session.title)

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_ahead(self) -> None:
        self.app.pop_screen()
        self.app.start_ahead()  # type: ignore[attr-defined]
