"""The card browser: search, sort, open a card's history, edit, suspend, reset, delete."""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Button, DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from drill.authoring import remove_card
from drill.browse import SYNTAX, QueryError, compile_query
from drill.store import Store, StoreError, open_reader
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.saving import reports_store_errors
from drill.tui.text import markup, plain
from drill.tui.typeahead import TypeAhead
from drill.tui.widgets import DrillFooter

# (key, label, width); deck and prompt (width 0) share what the others leave.
COLUMNS = (("deck", "Deck", 0), ("prompt", "Prompt", 0), ("kind", "Kind", 7),
           ("difficulty", "Diff", 6), ("due", "Due", 10), ("interval", "Ivl", 5),
           ("ef100", "EF", 4), ("lapses", "Laps", 4), ("reviews", "Revs", 4))
NARROW_HIDDEN = {"difficulty", "lapses", "reviews"}  # below 100 columns (card info has them)
# Rows the table is given at a time, and how close to its last row the cursor (or the view)
# comes before the next are added: a DataTable measures every row it holds, ~0.2 ms a row, so
# 10,000 cards given at once took seconds to show, and again at each key typed in the search.
CHUNK = 200
NEAR_END = 20
# Past this many cards a search waits until typing pauses for SEARCH_DELAY seconds (100,000
# cards took ~0.4 s a search: the keys typed meanwhile waited); fewer search at each key.
SEARCH_ROWS = 5000
SEARCH_DELAY = 0.2
# Past this many cards every row is read in a thread, on a connection of its own (100,000 cards
# took ~1 s, the screen frozen): the first CHUNK, in file order, show at once, and a search or a
# sort waits for the rest.
BACKGROUND_ROWS = 5000


def _read_rows(store: Store) -> list[dict]:
    """Every card's row, on a connection of this thread's own (`BACKGROUND_ROWS`)."""
    reader = open_reader(store)
    assert reader is not None  # (a file: in memory, the rows are read at once)
    try:
        return reader.browser.rows()
    finally:
        reader.close()


class ConfirmScreen(StyledOnce, ModalScreen[bool]):
    """Yes or no."""

    BINDINGS = [Binding("y", "dismiss(True)", "Yes"), Binding("n,escape", "dismiss(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static(plain(self.question), classes="dialog-title")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")
            yield DrillFooter()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class BrowseScreen(StyledOnce, TypeAhead, UsesContext, Screen[None]):
    BINDINGS = [
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("enter", "info", "History", tooltip="the card's details and whole review history",
                id="browse.info"),
        Binding("e", "edit", "Edit", tooltip="edit the card in your $EDITOR", id="browse.edit"),
        Binding("E", "edit_form", "Edit here", tooltip="edit the card here, in the card form",
                id="browse.edit_form"),
        Binding("x", "suspend", "Suspend", tooltip="suspend the card, or put it back into review",
                id="browse.suspend"),
        Binding("R", "reset", "Reset", tooltip="reset the schedule: the card becomes new (logged)",
                id="browse.reset"),
        Binding("u", "undo", "Undo reset", tooltip="undo the last reset", id="browse.undo"),
        Binding("d", "delete", "Delete", tooltip="delete one of your cards from its file, after "
                "you confirm; its history stays", id="browse.delete"),
        Binding("o", "sort", "Sort", tooltip="sort by the next column (or click a column)",
                id="browse.sort"),
        Binding("escape", "back", "Back", tooltip="back to where you came from",
                id="browse.back"),
    ]
    FOOTER_WIDTH = 115  # every key of the footer (tests/test_footer_fit.py checks it)
    FOOTER_SECONDARY = frozenset({"edit_form", "reset", "undo"})

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.rows: list[dict] = []
        self.complete = True  # `rows` holds every card (else the first few, the rest coming)
        self.total = 0  # cards in all (while the rows are coming)
        self.reading: Worker[list[dict]] | None = None  # every row, read in a thread
        self.by_id: dict[str, dict] = {}  # the rows by card id
        self.shown: list[dict] = []  # the rows the search matches, sorted; the table has
        self.loaded = 0  # ... the first `loaded` of them
        self.resumed = False  # shown once already (its first show loads in on_mount)
        self.pending: Timer | None = None  # a search waiting for the typing to pause
        self.columns: list[str] = []  # the keys of the table's columns
        self.longest = 10  # the longest deck title among the rows
        self.laid_out_for: tuple[int, int] | None = None  # ... laid out for (width, longest)
        self.sort_key = "deck"
        self.reverse = False
        self.resets: list[str] = []  # uids of resets made here, for undo

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="browse"):
            yield Input(self.initial_query, placeholder=f"Search: {SYNTAX}", id="query")
            yield Static(id="browse-status")
            yield DataTable(id="card-table", cursor_type="row", zebra_stripes=True)
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Browse cards"
        self.reload()
        table = self.query_one("#card-table", DataTable)
        table.focus()
        self.watch(table, "scroll_y", self._scrolled, init=False)

    def on_resize(self) -> None:
        if (self.size.width, self.longest) != self.laid_out_for:
            self.refill()  # the columns take the new width

    def _lay_out_columns(self) -> None:
        """Size the columns to the screen: fixed widths for the short ones, the rest shared by
        deck (a third) and prompt; narrow screens leave out the least needed columns."""
        table = self.query_one("#card-table", DataTable)
        width = self.size.width
        if (width, self.longest) == self.laid_out_for:  # (what the columns depend on)
            return
        keys = [key for key, _, _ in COLUMNS if width >= 100 or key not in NARROW_HIDDEN]
        self.laid_out_for = width, self.longest
        fixed = {key: w for key, _, w in COLUMNS if w}
        # the screen's padding and the scrollbar (3), 2 of cell padding per column
        free = max(30, width - 3 - 2 * len(keys) - sum(fixed.get(k, 0) for k in keys))
        deck = max(8, min(self.longest, free // 3))
        flexible = {"deck": deck, "prompt": free - deck}
        table.clear(columns=True)
        for key, label, _ in COLUMNS:
            if key in keys:
                table.add_column(label, key=key, width=fixed.get(key) or flexible[key])
        self.columns = keys

    def decks_changed(self) -> None:
        self.reload()

    def deck_in_view(self) -> str | None:
        row = self.selected()
        return row["deck"] if row else None

    def on_screen_resume(self) -> None:
        if self.resumed:  # back from a card's history, its edit...: what changed shows
            self.reload()
        self.resumed = True

    # --- the table ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Every card's row, read again; past BACKGROUND_ROWS cards in a thread (the first show
        lists the first CHUNK meanwhile; later ones keep what they list until the rows come)."""
        store = self.ctx.store
        self.total = store.browser.count()
        if store.path is None or self.total <= BACKGROUND_ROWS:
            self._rows_in(store.browser.rows())
            return
        if not self.rows:
            self._rows_in(store.browser.rows(limit=CHUNK), complete=False)
        self.call_after_refresh(self._read_aside, store)

    def _read_aside(self, store: Store) -> None:
        """Every row, read in a thread once the screen is drawn (making a dict a row holds
        Python's one core: it slowed the first paint by a third at 10,000 cards)."""
        self.reading = self.run_worker(partial(_read_rows, store), name="browser rows",
                                       group="browser rows", exclusive=True, thread=True,
                                       exit_on_error=False)

    def _rows_in(self, rows: list[dict], complete: bool = True) -> None:
        """`rows` are the browser's now (every card's, or the first few of `total`), listed."""
        self.rows, self.complete = rows, complete
        if complete:  # (else `total` is the count `reload` took)
            self.total = len(rows)
        self.by_id = {row["id"]: row for row in rows}
        self.longest = max((len(row["deck"]) for row in rows), default=10)
        self.refill()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.reading:
            return
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self.reading = None
            self._rows_in(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.reading = None
            self.query_one("#browse-status", Static).update(
                plain(f"could not read the cards: {event.worker.error}", "bold red"))

    def refill(self) -> None:
        table = self.query_one("#card-table", DataTable)
        status = self.query_one("#browse-status", Static)
        today = self.ctx.calendar.day(self.ctx.clock.now()).isoformat()
        query = self.query_one("#query", Input).value
        try:
            match = compile_query(query, today)
        except QueryError as exc:
            status.update(markup("[b $error]$problem[/]", problem=exc))
            return
        if not self.complete and (query.strip() or (self.sort_key, self.reverse) != ("deck", False)):
            status.update(f"Reading all {self.total} cards for the search and the sort…")
            return  # (`_rows_in` searches and sorts once they are in)
        shown = [row for row in self.rows if match(row)]
        shown.sort(key=lambda r: (r[self.sort_key] is None, r[self.sort_key] or 0)
                   if self.sort_key not in ("deck", "prompt", "kind", "difficulty")
                   else str(r[self.sort_key]).casefold(), reverse=self.reverse)
        selected = self.selected_id()
        self._lay_out_columns()
        table.clear()
        self.shown, self.loaded = shown, 0
        at = next((index for index, row in enumerate(shown) if row["id"] == selected), None)
        self._load(upto=0 if at is None else at + 1)
        if at is not None:
            table.move_cursor(row=at)
        self.refresh_bindings()

    def _load(self, upto: int = 0) -> None:
        """The next CHUNK of the matching rows into the table (as many chunks as reach row
        `upto`), and the status line saying how many there are."""
        table = self.query_one("#card-table", DataTable)
        end = min(len(self.shown), max(self.loaded + CHUNK, -(-upto // CHUNK) * CHUNK))
        for row in self.shown[self.loaded:end]:
            flags = "⏸ " if row["suspended"] else ("✗ " if row["orphaned_ms"] else "")
            ef = "" if row["ef100"] is None else f"{row['ef100'] / 100:.2f}"
            style = "dim" if row["suspended"] or row["orphaned_ms"] else ""
            cells = {  # Text, never markup
                "deck": plain(row["deck"], style), "prompt": plain(flags + row["prompt"], style),
                "kind": plain(row["kind"]), "difficulty": plain(row["difficulty"]),
                "due": plain(row["due"] or "new"),
                "interval": plain("" if row["interval"] is None else row["interval"]),
                "ef100": plain(ef), "lapses": plain(row["lapses"] or 0),
                "reviews": plain(row["reviews"] or 0)}
            table.add_row(*(cells[key] for key in self.columns), key=row["id"])
        self.loaded = end
        direction = "↓" if self.reverse else "↑"
        label = dict((k, lab) for k, lab, _ in COLUMNS)[self.sort_key]
        more = (f" (the first {self.loaded} listed; more as you scroll)"
                if self.loaded < len(self.shown) else "")
        shown = (f"{len(self.shown)} of {self.total} cards{more}" if self.complete else
                 f"the first {self.loaded} of {self.total} cards (reading the rest…)")
        self.query_one("#browse-status", Static).update(
            f"{shown} · sorted by {label} {direction}"
            " · ⏸ suspended · ✗ orphan (gone from its file; history kept)")

    def _more_if_near_end(self, row: int) -> None:
        if self.loaded < len(self.shown) and row >= self.loaded - NEAR_END:
            self._load()

    def _scrolled(self, scroll_y: float) -> None:
        """The view scrolled (the wheel, a page key): rows come before its last row reaches
        the end, as for the cursor."""
        table = self.query_one("#card-table", DataTable)
        rows = table.scrollable_content_region.height - table.header_height
        self._more_if_near_end(int(scroll_y) + rows - 1)

    def selected_id(self) -> str | None:
        table = self.query_one("#card-table", DataTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no row under the cursor
            return None

    def selected(self) -> dict | None:
        card_id = self.selected_id()
        return None if card_id is None else self.by_id.get(card_id)

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self.total <= SEARCH_ROWS:
            self.search_now()
            return
        if self.pending is not None:
            self.pending.stop()
        self.pending = self.set_timer(SEARCH_DELAY, self.search_now)

    def search_now(self) -> None:
        """The search typed so far, now (the typing paused, or enter was pressed)."""
        if self.pending is not None:
            self.pending.stop()
            self.pending = None
        self.refill()

    @on(Input.Submitted, "#query")
    def _query_done(self) -> None:
        if self.pending is not None:
            self.search_now()
        self.query_one("#card-table", DataTable).focus()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        self.reverse = not self.reverse if key == self.sort_key else False
        self.sort_key = key
        self.refill()

    @on(DataTable.RowSelected)
    def _row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_info()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._more_if_near_end(event.cursor_row)
        self.refresh_bindings()

    # --- actions --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.selected() if self.is_mounted else None
        if action in ("info", "edit", "edit_form", "suspend", "reset"):
            return row is not None and not row["orphaned_ms"] or None
        if action == "delete":
            return (row is not None and row["origin"] == "user" and not row["orphaned_ms"]) \
                or None
        if action == "undo":
            return bool(self.resets) or None
        return True

    def action_search(self) -> None:
        self.set_focus(self.query_one("#query", Input))  # at once (`TypeAhead`)

    def action_back(self) -> None:
        if self.focused is self.query_one("#query", Input):
            self.query_one("#card-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def action_sort(self) -> None:
        keys = [key for key, _, _ in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.reverse = False
        self.refill()

    def action_info(self) -> None:
        from drill.tui.screens.card_info import CardInfoScreen

        row = self.selected()
        if row is not None:
            self.app.push_screen(CardInfoScreen(row["id"]))

    def action_edit(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.edit_in_editor(row["id"])  # type: ignore[attr-defined]

    def action_edit_form(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.edit_card(row["id"])  # type: ignore[attr-defined]

    @reports_store_errors
    def action_suspend(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.ctx.store.flags.set_suspended(row["id"], not row["suspended"])
        self.notify("Unsuspended." if row["suspended"] else "Suspended.", timeout=2)
        self.reload()

    def action_reset(self) -> None:
        row = self.selected()
        if row is None:
            return

        @reports_store_errors
        def confirmed(self, yes: bool | None) -> None:
            if yes:
                self.resets.append(self.ctx.reviewer().reset(row["id"]))
                self.notify("Schedule reset: the card is new again (u undoes).", timeout=3)
                self.reload()

        self.app.push_screen(ConfirmScreen(
            f"Reset the schedule of “{row['prompt'][:60]}”? It becomes a new card; its history "
            "stays in the log."), lambda yes: confirmed(self, yes))

    @reports_store_errors
    def action_undo(self) -> None:
        if self.resets:
            self.ctx.reviewer().undo(self.resets.pop())
            self.notify("Reset undone.", timeout=2)
            self.reload()

    def action_delete(self) -> None:
        row = self.selected()
        if row is None or row["origin"] != "user":
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove_card(Path(row["path"]), row["id"])
            except (OSError, KeyError) as exc:
                self.notify(str(exc), title="Not deleted", severity="error")
                return
            with contextlib.suppress(StoreError):  # the deck watch retries
                self.ctx.sync()
            self.notify(f"Deleted from {row['path']}. Its history stays: `drill orphans` "
                        "lists it, and adding the same card back restores it.", timeout=6)
            self.reload()

        self.app.push_screen(ConfirmScreen(
            f"Delete “{row['prompt'][:60]}” from {Path(row['path']).name}? Its review history "
            "is kept."), confirmed)
