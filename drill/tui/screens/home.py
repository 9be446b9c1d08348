"""Home: today's counts per deck, start a review, turn decks on and off."""

from __future__ import annotations

import functools
from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from drill.review import Filters, TodayQueue, build_queue
from drill.text import count
from drill.tui.context import UsesContext
from drill.tui.deck_table import DeckTable
from drill.tui.footer import DrillFooter
from drill.tui.fresh import StyledOnce
from drill.tui.saving import reports_store_errors
from drill.tui.text import markup, markup_escape, plain

TOTAL = "\ntotal"  # row key of the totals row (a title is one line: no deck has this one)


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


def day_title(calendar, now: datetime) -> str:
    """The drill day's name; after midnight and before the rollover, when that day ends (it is
    still the evening's drill day)."""
    today = calendar.day(now)
    title = today.strftime("%A %d %B")
    if calendar.local_date(now) != today:
        title += f" (until {calendar.rollover_hour:02d}:00)"
    return title


def catch_up_line(queue: TodayQueue, new_while_catching_up: bool) -> str:
    """Home's catching-up line and a line break (TodayQueue.catch_up_text), or nothing."""
    text = queue.catch_up_text(new_while_catching_up)
    return f"[b]Catching up[/]{text.removeprefix('Catching up')}\n" if text else ""


class TagPicker(StyledOnce, ModalScreen[str | None]):
    """Pick a tag to review."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, tags: list[str]) -> None:
        super().__init__()
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-picker", classes="dialog"):
            yield Static("Review cards with the tag…", classes="dialog-title")
            yield OptionList(*[Option(tag, id=tag) for tag in self.tags], id="tags")
            yield DrillFooter()

    def on_mount(self) -> None:
        options = self.query_one("#tags", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class MoreNewScreen(StyledOnce, ModalScreen[bool]):
    """The day's new cards are used up: say why, and offer more for today (y) or not (n)."""

    BINDINGS = [Binding("y,enter", "dismiss(True)", "Study them", id="more_new.yes"),
                Binding("n,escape", "dismiss(False)", "Not today", id="more_new.no")]

    def __init__(self, message: Text) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="more-new", classes="dialog"):
            yield Static(self.message, classes="dialog-title")
            yield DrillFooter()


class HomeScreen(StyledOnce, UsesContext, Screen[None]):
    """Today's decks. The screen a user returns to."""

    BINDINGS = [
        Binding("enter", "review_selected", "Review",
                tooltip="review today's cards of the selected deck", id="home.review_deck"),
        Binding("r", "review_all", "All",
                tooltip="review everything due today, in every deck that is on", id="home.review_all"),
        Binding("space", "toggle_deck", "On/off",
                tooltip="turn the selected deck on or off (decks that are off are skipped by r)",
                id="home.toggle"),
        Binding("t", "review_tag", "Tag",
                tooltip="review the cards with one tag", id="home.tag"),
        Binding("a", "review_ahead", "Ahead",
                tooltip="review ahead: practise cards due in the next week (passes do not move them)",
                id="home.ahead"),
        Binding("c", "custom_study", "Custom",
                tooltip="custom study: more new cards, forgotten cards, a tag or difficulty, "
                "cram a deck or tag, review N days ahead", id="home.custom"),
        Binding("m", "mock", "Mock",
                tooltip="mock interview: pick a format, resume a round, or see past rounds", id="home.mock"),
        Binding("b", "browse", "Browse",
                tooltip="browse every card: search, sort, history, edit, suspend, reset, delete",
                id="home.browse"),
        Binding("p", "app.switch_mode('roadmap')", "Roadmap",
                tooltip="the career roadmap", id="home.roadmap"),
        Binding("u", "unsuspend", "Suspended", show=False,
                tooltip="suspended cards: put one back into review", id="home.suspended"),
        Binding("y", "app.open_stories", "Stories", show=False,
                tooltip="your STAR story bank: coverage; write, read and edit stories",
                id="home.stories"),
        Binding("i", "app.open_plan", "Plan",
                tooltip="the study plan: interview dates and the pace to them", id="home.plan"),
        Binding("g", "app.open_stats", "Stats",
                tooltip="statistics: progress, retention, forecast and readiness", id="home.stats"),
        Binding("s", "app.switch_mode('settings')", "Settings",
                tooltip="settings: daily limits, the hour a day starts, grade buttons, theme",
                id="home.settings"),
        Binding("q", "app.quit", "Quit",
                tooltip="quit drill", id="home.quit"),
    ]
    FOOTER_WIDTH = 140  # every key of the footer (tests/test_footer_fit.py checks it)
    FOOTER_SECONDARY = frozenset({"toggle_deck", "review_tag", "review_ahead",
                                  "custom_study"})

    def __init__(self) -> None:
        super().__init__()
        self.queue: TodayQueue | None = None
        self._counted_on_mount = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="today")
            yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty-state")
        yield DrillFooter()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        # Text, not str: DataTable reads a str as Rich markup (and loads Rich's emoji table).
        table.add_column(Text("On"), key="on", width=3)
        table.add_column(Text("Deck"), key="deck", width=30)
        for name in ("Due", "New", "Repeat", "Cards"):
            table.add_column(Text(name, justify="right"), key=name.lower(), width=7)
        self.refresh_counts()
        self._counted_on_mount = True

    def on_screen_resume(self) -> None:
        if self._counted_on_mount:  # the first resume comes just after the mount's count
            self._counted_on_mount = False
            return
        self.refresh_counts()

    def decks_changed(self) -> None:
        self.refresh_counts()

    def deck_in_view(self) -> str | None:
        return self._selected_deck()

    def today(self) -> date:
        return self.ctx.calendar.day(self.ctx.clock.now())

    def refresh_counts(self) -> None:
        """Recount from the store (after a review, a settings change, a deck toggle)."""
        ctx = self.ctx
        today = self.today()
        limits = ctx.limits  # worked out from the settings and the study plan: once here
        self.queue = queue = build_queue(ctx.store, today, limits,
                                         prefer_role=ctx.store.roadmap.target_role())
        self.sub_title = day_title(ctx.calendar, ctx.clock.now())
        disabled = ctx.store.prefs.disabled_decks()
        sizes = ctx.store.cards.decks()
        table = self.query_one("#decks", DataTable)
        selected = self._selected_deck()
        table.clear()
        # One Text for each number, dot and style: the same few fill most cells (500 decks:
        # ~5 ms less), and nothing changes a cell's Text once it is in the table.
        number = functools.cache(_number)
        dot = {True: Text("●"), False: Text("○")}
        for deck, size in sizes.items():
            on = deck not in disabled
            counts = queue.per_deck.get(deck)
            due, new, repeat = (counts.due, counts.new, counts.repeat) if counts else (0, 0, 0)
            style = "" if on else "dim"
            table.add_row(dot[on], plain(deck, style),
                          *(number(n if on else None, style) for n in (due, new, repeat)),
                          number(size, style), key=deck)
        totals = queue.totals
        table.add_row(Text(), Text("Total", style="bold"),
                      *(number(n, "bold") for n in (totals.due, totals.new, totals.repeat)),
                      number(sum(sizes.values()), "bold"), key=TOTAL)
        if selected is not None and selected in sizes:
            table.move_cursor(row=list(sizes).index(selected))
        allowed = limits.new_per_day + ctx.store.prefs.extra_new_on(queue.day)
        suspended = ctx.store.flags.suspended_count()
        notes = (f" · {suspended} suspended (u)" if suspended else "")
        notes += f" · {count(queue.leeches, 'leech', 'leeches')}" if queue.leeches else ""
        self.query_one("#today", Static).update(
            f"[b]Today[/]: {totals.due} due · {totals.new} new · {totals.repeat} repeat"
            f"{f' · {len(queue.cram)} final-week' if queue.cram else ''}"
            f"   [dim]({queue.new_left} of {allowed} new cards left today, shared by all decks"
            f"{notes})[/]\n{catch_up_line(queue, limits.new_while_catching_up)}"
            f"{self._plan_line()}{self._roadmap_line()}")
        self._update_empty_state(queue, sizes)
        self.refresh_bindings()

    def _plan_line(self) -> str:
        """The study plan at a glance, with a line break after it (empty without a plan)."""
        pace = self.ctx.plan_pace()
        if pace is None:
            return ""
        interview = pace.interview
        days = pace.days_left
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        label = f" ({markup_escape(interview.label)})" if interview.label else ""
        fits = "[b]on track[/]" if pace.on_track else "[b $warning]does not fit[/] (i: what would)"
        return (f"Interview {when}{label} · plan: {pace.new_today} new a day, every card seen "
                f"by {pace.cutoff:%-d %b} · {fits}\n")

    def _roadmap_line(self) -> str:
        from drill.roadmap import ROLE_TITLES, plan_progress

        store = self.ctx.store
        done, total = plan_progress(store.roadmap.done())
        role = store.roadmap.target_role()
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
            message = markup("[b]No decks yet.[/] Add Markdown decks to [u]$folder[/] (see "
                             "[b]?[/] for the format).", folder=ctx.locations.decks_dir)
        else:
            next_day = ctx.store.queue.next_due_after(queue.day)
            rollover = ctx.calendar.next_rollover(now)
            if next_day is not None:
                when = ctx.calendar.day_start(date.fromisoformat(next_day))
                upcoming = f"next card {humanize_wait(now, when)}"
            elif queue.new_available:
                upcoming = f"more new cards {humanize_wait(now, rollover)}"
            else:
                upcoming = "every card is learned and none is due"
            message = markup(f"[b]Nothing due[/] — {upcoming}.\n"
                             "Press [b]a[/] to review ahead, or add cards of your own to "
                             "[u]$folder[/].", folder=ctx.locations.decks_dir)
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
            return self.ctx.store.flags.suspended_count() > 0
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
        if deck in self.ctx.store.prefs.disabled_decks():
            self.notify(f"{deck} is off. Press space to turn it on.", title="Deck off")
            return
        counts = self.queue.per_deck.get(deck) if self.queue is not None else None
        if counts is not None and not counts.total and counts.new_waiting:
            self._offer_more_new(Filters(deck=deck), counts.new_waiting)
            return
        if counts is None or not counts.total:
            self.notify(f"Nothing due in {deck} today. Press a to review ahead.",
                        title="Nothing due")
            return
        self.app.start_session(Filters(deck=deck))  # type: ignore[attr-defined]

    def action_review_all(self) -> None:
        if self.queue is not None and not len(self.queue) and self.queue.new_available:
            self._offer_more_new(Filters(), self.queue.new_available)
            return
        if not self.queue or not len(self.queue):
            self.notify("Nothing due today. Press a to review ahead.", title="Nothing due")
            return
        self.app.start_session(Filters())  # type: ignore[attr-defined]

    def _offer_more_new(self, filters: Filters, waiting: int) -> None:
        """Nothing to do here today, but new cards wait behind the daily limit: say so, and
        offer to study more of them today (the allowance is stored for the day)."""
        ctx = self.ctx
        limit = ctx.settings.new_per_day
        more = min(waiting, max(limit, 1))
        where = Text(filters.deck) if filters.deck else Text("your decks")
        why = (f"Today's new cards are used up ({limit} a day, shared by all decks; Settings "
               "changes the limit). ")
        if self.queue is not None and self.queue.catching_up:
            why = "New cards pause while you catch up (Settings changes this). "
        message = Text.assemble(why, where,
            f" has {count(waiting, 'new card')} waiting.\n\n",
            (f"Study {count(more, 'more new card')} today?", "bold"))

        def chosen(yes: bool | None) -> None:
            if yes:
                ctx.store.prefs.allow_extra_new(self.today().isoformat(), more)
                self.refresh_counts()
                self.app.start_session(filters)  # type: ignore[attr-defined]

        self.app.push_screen(MoreNewScreen(message), chosen)

    @reports_store_errors
    def action_toggle_deck(self) -> None:
        deck = self._selected_deck()
        if deck is None:
            return
        store = self.ctx.store
        enabled = deck in store.prefs.disabled_decks()
        store.prefs.set_deck_enabled(deck, enabled)
        self.notify(f"{deck} is {'on' if enabled else 'off'} for review.", timeout=3)
        self.refresh_counts()

    def action_review_tag(self) -> None:
        tags = self.ctx.store.cards.tags()
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

    def action_custom_study(self) -> None:
        from drill.tui.screens.custom_study import open_custom_study

        open_custom_study(self.app)

    def action_review_ahead(self) -> None:
        self.app.start_ahead()  # type: ignore[attr-defined]
