"""After an interview, how it went: the questions asked (one per line, after the stage number)
and the stages that went badly (`weak: 2, 4`), typed in a text area. The same text and rules as
`drill plan debrief` (drill/plan.py `parse_debrief`, drill/debrief.py); opened from the plan
screen, which saves it."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from drill.plan import Debrief, parse_debrief
from drill.tui.fresh import StyledOnce
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter


class DebriefForm(StyledOnce, ModalScreen[bool]):
    """`save` records the debrief and returns an error message, or "" when it was saved (then
    the form closes with True)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="save the debrief: the questions become "
                "cards of your Debrief deck", id="debrief.save"),
        Binding("escape", "dismiss(False)", "Cancel", tooltip="close without saving",
                id="debrief.cancel"),
    ]

    def __init__(self, title: str, template: str, stages: set[int],
                 save: Callable[[Debrief], str]) -> None:
        super().__init__()
        self.title_text = title
        self.template = template
        self.stages = stages
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="debrief-form", classes="dialog"):
            yield Static(plain(f"How did {self.title_text} go?"), classes="dialog-title")
            yield TextArea(self.template, id="debrief-text", soft_wrap=True,
                           tab_behavior="focus")
            yield Static(classes="error", id="debrief-error")
            yield DrillFooter()

    def on_mount(self) -> None:
        area = self.query_one("#debrief-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)  # after "weak: ", the questions go above it
        self._error("")

    def _error(self, message: str) -> None:
        shown = self.query_one("#debrief-error", Static)
        shown.update(plain(message))
        shown.display = bool(message)

    def action_save(self) -> None:
        debrief = parse_debrief(self.query_one("#debrief-text", TextArea).text, self.stages)
        if debrief.problems:
            self._error("\n".join(debrief.problems) + "\nNothing saved: fix those lines.")
            area = self.query_one("#debrief-text", TextArea)
            self.call_after_refresh(area.scroll_cursor_visible)  # the area is shorter now
            return
        problem = self.save(debrief)
        self._error(problem)
        if not problem:
            self.dismiss(True)
