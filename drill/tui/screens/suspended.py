"""Suspended cards: pick one to put it back into review."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from drill.tui.fresh import StyledOnce
from drill.tui.saving import reports_store_errors
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter


class SuspendedScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="suspended.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="suspended", classes="dialog"):
            yield Static("Suspended cards — enter puts one back into review", classes="dialog-title")
            yield OptionList(id="suspended-list")
            yield DrillFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        store = self.app.ctx.store  # type: ignore[attr-defined]
        options = self.query_one(OptionList)
        options.clear_options()
        cards = store.flags.suspended_cards()
        for card in cards:
            prompt = card.prompt if len(card.prompt) <= 70 else card.prompt[:69] + "…"
            options.add_option(Option(plain(f"{card.deck} · {prompt}"), id=card.id))
        if not cards:
            options.add_option(Option("No suspended cards.", disabled=True))
        else:
            options.highlighted = 0
        options.focus()

    @reports_store_errors
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        store = self.app.ctx.store  # type: ignore[attr-defined]
        if event.option.id is None:
            return
        store.flags.set_suspended(event.option.id, False)
        self.notify("Back in review.", timeout=2)
        self.reload()
