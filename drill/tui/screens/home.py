"""Home: today's counts per deck, start a review, turn decks on and off."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from drill.review import Filters, TodayQueue, build_queue
from drill.tui.saving import reports_store_errors

TOTAL = "\x00total"  # row key of the totals row (no deck can have this title)


def _number(value: int | None, style: str = "") -> Text:
    return Text("–" if value is None else str(value), style=style, justify="right")


def humanize_wait(now: datetime, when: datetime) -> str:
    """'in 3 h', 'in 25 min', 'in 2 days'."""
    seconds = max(0, int((when - now).total_seconds()))
    if seconds < 3600:
        return f"in {max(1, seconds // 60)} min"
    if seconds < 48 * 3600:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} days"


class TagPicker(ModalScreen[str | None]):
    """Pick a tag to review."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, tags: list[str]) -> None:
        super().__init__()
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-picker", classes="dialog"):
            yield Static("Review cards with the tag…", classes="dialog-title")
            yield OptionList(*[Option(tag, id=tag) for tag in self.tags], id="tags")
            yield Footer(compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#tags", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class HomeScreen(Screen[None]):
    """Today's decks. The screen a user returns to."""

    BINDINGS = [
        Binding("enter", "review_selected", "Review", id="home.review_deck", priority=True),
        Binding("r", "review_all", "All", id="home.review_all"),
        Binding("space", "toggle_deck", "On/off", id="home.toggle"),
        Binding("t", "review_tag", "Tag", id="home.tag"),
        Binding("a", "review_ahead", "Ahead", id="home.ahead"),
        Binding("m", "mock", "Mock", id="home.mock"),
        Binding("b", "browse", "Browse", id="home.browse"),
        Binding("p", "app.switch_mode('roadmap')", "Roadmap", id="home.roadmap"),
        Binding("u", "unsuspend", "Suspended", id="home.suspended"),
        Binding("g", "app.open_stats", "Stats", id="home.stats"),
        Binding("s", "app.switch_mode('settings')", "Settings", id="home.settings"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: TodayQueue | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="today")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty-state")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("On", key="on", width=3)
        table.add_column("Deck", key="deck", width=30)
        for name in ("Due", "New", "Repeat", "Cards"):
            table.add_column(Text(name, justify="right"), key=name.lower(), width=7)
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def decks_changed(self) -> None:
        self.refresh_counts()

    def deck_in_view(self) -> str | None:
        return self._selected_deck()

    @property
    def ctx(self):
        return self.app.ctx  # type: ignore[attr-defined]

    def today(self) -> date:
        return self.ctx.calendar.day(self.ctx.clock.now())

    def refresh_counts(self) -> None:
        """Recount from the store (after a review, a settings change, a deck toggle)."""
        ctx = self.ctx
        today = self.today()
        self.queue = queue = build_queue(ctx.store, today, ctx.limits,
                                         prefer_role=ctx.store.target_role())
        self.sub_title = today.strftime("%A %d %B")
        disabled = ctx.store.disabled_decks()
        sizes = ctx.store.decks()
        table = self.query_one("#decks", DataTable)
        selected = self._selected_deck()
        table.clear()
        for deck, size in sizes.items():
            on = deck not in disabled
            counts = queue.per_deck.get(deck)
            due, new, repeat = (counts.due, counts.new, counts.repeat) if counts else (0, 0, 0)
            style = "" if on else "dim"
            table.add_row("●" if on else "○", Text(deck, style=style),
                          *(_number(n if on else None, style) for n in (due, new, repeat)),
                          _number(size, style), key=deck)
        totals = queue.totals
        table.add_row("", Text("Total", style="bold"),
                      *(_number(n, "bold") for n in (totals.due, totals.new, totals.repeat)),
                      _number(sum(sizes.values()), "bold"), key=TOTAL)
        if selected is not None and selected in sizes:
            table.move_cursor(row=list(sizes).index(selected))
        suspended = ctx.store.suspended_count()
        notes = (f" · {suspended} suspended (u)" if suspended else "")
        notes += (f" · {len(queue.leeches)} leech{'es' if len(queue.leeches) != 1 else ''}"
                      if queue.leeches else "")
        self.query_one("#today", Static).update(
            f"[b]Today[/]: {totals.due} due · {totals.new} new · {totals.repeat} repeat"
            f"   [dim]({queue.new_left} of {ctx.settings.new_per_day} new cards left today"
            f"{notes})[/]\n{self._roadmap_line()}")
        self._update_empty_state(queue, sizes)
        self.refresh_bindings()

    def _roadmap_line(self) -> str:
        from drill.roadmap import load
        from drill.roadmap_pages import ROLE_TITLES, plan_progress

        store = self.ctx.store
        done, total = plan_progress(load(), store.roadmap_done())
        role = store.target_role()
        target = f"target role [b]{ROLE_TITLES.get(role, role)}[/]" if role else \
            "no target role yet"
        return f"[b]Roadmap[/]: action plan {done}/{total} done · {target}  [dim](p opens it)[/]"

    def _update_empty_state(self, queue: TodayQueue, sizes: dict[str, int]) -> None:
        empty = self.query_one("#empty-state", Static)
        if len(queue):
            empty.display = False
            return
        ctx = self.ctx
        now = ctx.clock.now()
        if not sizes:
            message = ("[b]No decks yet.[/] Add Markdown decks to "
                       f"[u]{ctx.locations.decks_dir}[/] (see [b]?[/] for the format).")
        else:
            next_day = ctx.store.next_due_after(queue.day)
            rollover = ctx.calendar.next_rollover(now)
            if next_day is not None:
                when = ctx.calendar.day_start(date.fromisoformat(next_day))
                upcoming = f"next card {humanize_wait(now, when)}"
            elif queue.new_available:
                upcoming = f"more new cards {humanize_wait(now, rollover)}"
            else:
                upcoming = "every card is learned and none is due"
            message = (f"[b]Nothing due[/] — {upcoming}.\n"
                       "Press [b]a[/] to review ahead, or add cards of your own to "
                       f"[u]{ctx.locations.decks_dir}[/].")
        empty.update(message)
        empty.display = True

    def _selected_deck(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no row under the cursor
            return None
        return None if key == TOTAL else key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_deck":
            return self._selected_deck() is not None or None
        if action == "unsuspend":
            return self.ctx.store.suspended_count() > 0
        if action == "review_all":
            return bool(self.queue and len(self.queue)) or None
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_review_selected()

    def action_review_selected(self) -> None:
        deck = self._selected_deck()
        if deck is None:
            self.action_review_all()
            return
        if deck in self.ctx.store.disabled_decks():
            self.notify(f"{deck} is off. Press space to turn it on.", title="Deck off")
            return
        counts = self.queue.per_deck.get(deck) if self.queue else None
        if counts is None or not counts.total:
            self.notify(f"Nothing due in {deck} today. Press a to review ahead.",
                        title="Nothing due")
            return
        self.app.start_session(Filters(deck=deck))  # type: ignore[attr-defined]

    def action_review_all(self) -> None:
        if not self.queue or not len(self.queue):
            self.notify("Nothing due today. Press a to review ahead.", title="Nothing due")
            return
        self.app.start_session(Filters())  # type: ignore[attr-defined]

    @reports_store_errors
    def action_toggle_deck(self) -> None:
        deck = self._selected_deck()
        if deck is None:
            return
        store = self.ctx.store
        enabled = deck in store.disabled_decks()
        store.set_deck_enabled(deck, enabled)
        self.notify(f"{deck} is {'on' if enabled else 'off'} for review.", timeout=3)
        self.refresh_counts()

    def action_review_tag(self) -> None:
        tags = self.ctx.store.tags()
        if not tags:
            self.notify("No card has a tag yet.")
            return

        def chosen(tag: str | None) -> None:
            if tag:
                self.app.start_session(Filters(tag=tag))  # type: ignore[attr-defined]

        self.app.push_screen(TagPicker(tags), chosen)

    def action_browse(self) -> None:
        self.app.open_browser()  # type: ignore[attr-defined]

    def action_mock(self) -> None:
        self.app.open_mock_setup()  # type: ignore[attr-defined]

    def action_unsuspend(self) -> None:
        from drill.tui.screens.suspended import SuspendedScreen

        self.app.push_screen(SuspendedScreen())

    def action_review_ahead(self) -> None:
        self.app.start_ahead()  # type: ignore[attr-defined]
