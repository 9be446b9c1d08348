"""The statistics' filter dialog: all decks or one, and a date range typed as two dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from drill.stats import date_range, parse_day
from drill.tui.fresh import StyledOnce
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

ALL_DECKS = ""  # the deck choice meaning every deck


@dataclass(frozen=True)
class StatsFilter:
    deck: str | None
    range: tuple[date, date] | None  # None: keep the preset (the last 30, 90 or 365 days)


class StatsFilterScreen(StyledOnce, ModalScreen[StatsFilter | None]):
    """Dismissed with the chosen filter (enter in a date field), or None (escape).

    Dates are read by python-dateutil (2026-03-01, 1 March 2026, Mar 1, today); an empty "to" is
    today, and both empty keep the preset range. A date that cannot be read, or a range that
    ends before it starts, is said under the fields and the dialog stays open."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="stats-filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", tooltip="apply the filter (enter in a date field too)",
                id="stats-filter.apply"),
    ]

    def __init__(self, decks: list[str], deck: str | None, chosen: tuple[date, date] | None,
                 today: date) -> None:
        super().__init__()
        self.decks, self.deck, self.chosen, self.today = decks, deck, chosen, today

    def compose(self) -> ComposeResult:
        options = [("All decks", ALL_DECKS)] + [(plain(name), name) for name in self.decks]
        first, last = self.chosen or (None, None)
        with Vertical(id="stats-filter", classes="dialog"):
            yield Static("Statistics: which deck, which dates", classes="dialog-title")
            yield Label("Deck")
            yield Select(options, value=self.deck if self.deck in self.decks else ALL_DECKS,
                         allow_blank=False, id="stats-filter-deck")
            yield Label("From (e.g. 2026-03-01; empty with To empty: keep the 30/90/365 days)")
            yield Input(value=first.isoformat() if first else "", id="stats-filter-from",
                        placeholder="YYYY-MM-DD")
            yield Label("To (empty: today)")
            yield Input(value=last.isoformat() if last else "", id="stats-filter-to",
                        placeholder="YYYY-MM-DD")
            yield Static("", id="stats-filter-error", classes="error")
            yield DrillFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-filter-from", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        deck = self.query_one("#stats-filter-deck", Select).value
        error = self.query_one("#stats-filter-error", Static)
        try:
            chosen = self._range()
        except ValueError as exc:
            error.update(plain(str(exc)))
            return
        self.dismiss(StatsFilter(deck if isinstance(deck, str) and deck != ALL_DECKS else None,
                                 chosen))

    def _range(self) -> tuple[date, date] | None:
        """The typed range (None when both fields are empty); ValueError saying what is wrong."""
        days: dict[str, date | None] = {}
        for name, label in (("from", "From"), ("to", "To")):
            text = self.query_one(f"#stats-filter-{name}", Input).value.strip()
            try:
                days[name] = parse_day(text, self.today) if text else None
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        if days["from"] is None:
            if days["to"] is None:
                return None
            raise ValueError("From: give the first day of the range as well")
        return date_range(self.today, first=days["from"], last=days["to"])
