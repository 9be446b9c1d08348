"""Statistics: activity heatmap and streaks, reviews and minutes per day, true retention, the
forecast, card states, the hardest cards, mock scores, and readiness for the target role.

The figures come from drill/stats.py (SQL aggregates); this screen only draws them, in its
sections (drill/tui/stats_sections.py). Charts are Textual's `Sparkline` and a heatmap of our
own; user text (deck titles, prompts, tags) is shown as plain `Text`, never parsed as markup.
"""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from drill.review import Filters
from drill.stats import Stats, add_detail, compute, date_range
from drill.store import open_reader
from drill.text import count
from drill.tui.fresh import StyledOnce
from drill.tui.stats_job import StatsJob, StatsRequest, in_thread
from drill.tui.stats_sections import StatsSections
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

RANGES = (30, 90, 365)  # the date ranges `r` cycles through, in days


class StatsScreen(StyledOnce, Screen[None]):
    """Progress at a glance; one deck or all, over a date range.

    For a collection of up to IN_PLACE_ROWS review rows and cards, the figures are computed on
    the UI thread as the screen is built, and its first paint has every one. Otherwise, and
    whenever a filter changes, they are computed in a thread on a read-only connection of its
    own, so the screen shows at once (its frame, the filter line saying "computing…") and fills
    in; the slower figures (retention per deck, kind and tag, the distributions) are computed
    meanwhile on a second connection, and every section comes with every figure, laid out and
    drawn once. Changing a filter starts a new computation and interrupts the stale one (an
    exclusive worker group)."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="stats.close"),
        Binding("d", "next_deck", "Deck", tooltip="next deck (all decks, then each deck)",
                id="stats.deck"),
        Binding("r", "next_range", "Range", tooltip="date range: the last 30, 90 or 365 days",
                id="stats.range"),
        Binding("f", "filter", "Filter", tooltip="choose a deck and type a date range (from, to)",
                id="stats.filter"),
        Binding("p", "practise_hardest", "Practise hardest",
                tooltip="practise the hardest cards (off schedule)", id="stats.practise"),
        Binding("w", "review_weakest", "Review weakest",
                tooltip="review the weakest readiness row's cards", id="stats.weakest"),
        Binding("k", "mock_weakest", "Mock weakest",
                tooltip="a mock round on the weakest readiness row", id="stats.mock"),
    ]
    # Below 100 columns these leave the footer (help and the readiness note name them).
    FOOTER_WIDTH = 115  # every key of the footer (tests/test_footer_fit.py checks it)
    FOOTER_SECONDARY = frozenset({"review_weakest", "mock_weakest"})
    WORKERS = "statistics"  # the worker group: one computation at a time
    # Up to this many review rows and cards (`store.stats.size()`), the screen is built with its
    # figures, computed on the UI thread: ~20 ms at 10,000 cards and 100,000 reviews, where a
    # thread cost more (its connection reads with a cold cache, and the frame drawn meanwhile
    # shares the GIL): every figure was drawn ~80 ms after the key, against ~120 ms.
    IN_PLACE_ROWS = 250_000

    def __init__(self) -> None:
        super().__init__()
        self.deck: str | None = None
        self.days = RANGES[0]
        self.range: tuple[date, date] | None = None  # typed in the filter dialog
        self.stats: Stats | None = None
        self.job: StatsJob | None = None
        self.worker: Worker[Stats] | None = None
        self.filtering = False  # the filter dialog is open above this screen
        self.early: Future[Stats] | None = None  # the first figures, started as it is built
        self.resumed = False  # shown once: each later show computes the figures again
        # Built now, mounted with the first figures (`_show`): each section laid out
        # and drawn once, full (drawn empty first, then full, took ~20 ms more at 10k cards).
        self.sections = StatsSections()
        self.sections_mounted = False
        self.filter_line = Static(id="stats-filters")  # the filters and "computing…"
        # Its width class now: from its first resize, it restyled every widget (~10 ms).
        self.add_class(self.app.width_class(), update=False)  # type: ignore[attr-defined]

    @property
    def ctx(self):
        return self.app.ctx  # type: ignore[attr-defined]

    @property
    def computing(self) -> bool:
        """True until every figure of the current filters is on screen."""
        return self.job is not None

    def compose(self) -> ComposeResult:
        self.job = job = StatsJob(self.request())
        if self._in_place():
            self._compute_here(job)
        else:  # started before the widgets are built (~40 ms sooner than the first resume)
            self.early = in_thread(partial(self._compute, job), "statistics")
            self._filters(job.request)
        yield Header()
        yield self.filter_line  # outside the scroll
        self.sections_mounted = self.stats is not None  # the figures are in: mounted with them
        yield VerticalScroll(*([self.sections.view] if self.sections_mounted else []), id="stats")
        yield DrillFooter()

    def _in_place(self) -> bool:
        """Whether the figures are computed on the UI thread (IN_PLACE_ROWS): always for an
        in-memory store, which has no second connection."""
        store = self.ctx.store
        return store.path is None or store.stats.size() <= self.IN_PLACE_ROWS

    def on_mount(self) -> None:
        """The figures come when the screen shows (and each time it shows again, after a
        review started here). Computed in a thread, the sections mount with the figures
        (`_show`): one layout of them, full, and none while the figures are computed
        (its Python work slowed their threads)."""
        self.title = "Statistics"

    def on_screen_resume(self) -> None:
        if self.filtering:  # back from the filter dialog: its choice refreshes, if any
            self.filtering = False
            return
        if not self.resumed:  # the first show: the figures are in, or under way
            self.resumed = True
            if self.early is not None and self.job is not None:
                self._wait(self.early)
                self.early = None
            return
        self.refresh_figures()

    def on_unmount(self) -> None:
        if self.job is not None:
            self.job.stop()

    def on_resize(self) -> None:
        if self.stats is not None:
            self.sections.hardest(self.stats, self._width())

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def decks_changed(self) -> None:
        self.refresh_figures()

    # --- figures -----------------------------------------------------------------------------

    def request(self) -> StatsRequest:
        first, last = self.range or (None, None)
        return StatsRequest(self.deck, self.days, first, last)

    def refresh_figures(self, range_only: bool = False) -> None:
        """Compute the figures for the current filters off the UI thread (where a key that
        changes them again drops the stale computation: `r r` showed the last 365 days ~30 ms
        sooner at 10k cards than computing each in place); the screen says "computing…" until
        they are all in. `range_only`: only the date range changed, so the figures as of today
        (card states, forecast, readiness...) are kept."""
        if self.job is not None:
            self.job.stop()
        self.early = None  # superseded, if the first figures were still to be shown
        request = self.request()
        shown = self.stats if range_only and self.stats and self.stats.detailed else None
        self.job = job = StatsJob(request, shown)
        if self.ctx.store.path is None:  # in memory: no second connection, so compute here
            self._compute_here(job)
            return
        self._filters(request)
        # The computation starts now, in a thread of its own (a worker's thread starts only once
        # the event loop is free, after the screen's first layout); the worker waits for it.
        self._wait(in_thread(partial(self._compute, job), "statistics"))

    def _compute_here(self, job: StatsJob) -> None:
        """The figures computed here, on the UI thread and the app's connection, and shown (or
        what went wrong said)."""
        try:
            stats = self._compute(job, self.ctx.store)
        except Exception as exc:  # noqa: BLE001 - said on screen, as a worker's error is
            self._failed(job, exc)
            return
        self._show(stats)

    def _failed(self, job: StatsJob, error: BaseException | None) -> None:
        self.job = None
        self._filters(job.request, f"could not compute the figures: {error}")

    def _wait(self, figures: Future[Stats]) -> None:
        """A worker waits for the figures and tells the screen (`on_worker_state_changed`)."""
        self.worker = self.run_worker(figures.result, name="statistics",
                                      group=self.WORKERS, exclusive=True, thread=True,
                                      exit_on_error=False)

    def _compute(self, job: StatsJob, store=None) -> Stats:
        """Every figure. Runs in a thread of its own, on a connection of its own unless `store`
        is given; the detail meanwhile in a third thread, on another connection
        (`StatsJob.start_detail`)."""
        ctx = self.ctx
        if job.stopped:  # stale before it started: spare the (shared, few) cores
            raise RuntimeError("the filters changed")
        reader = store or open_reader(ctx.store)
        job.conns.append(reader.conn)
        try:
            request, now = job.request, ctx.clock.now()
            if store is None:
                job.start_detail(ctx.store, ctx.calendar.day(now))
            stats = compute(reader, ctx.calendar, now, request.days, request.deck,
                            detail=False, first=request.first, last=request.last,
                            reuse=job.reuse, weak=ctx.weak_stages())
            # Every figure at once: one redraw, not two (the detail is rarely much slower).
            add_detail(reader, stats, job.detail.result() if job.detail else None)
            return stats
        finally:
            job.conns.remove(reader.conn)
            if store is None:
                reader.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, job = event.worker, self.job
        if worker is not self.worker or job is None or job.stopped:
            return  # a stale computation
        if event.state == WorkerState.SUCCESS:
            stats = worker.result
            assert stats is not None
            self._show(stats)
        elif event.state == WorkerState.ERROR:
            self._failed(job, worker.error)

    def _filters(self, request: StatsRequest, problem: str = "") -> None:
        """The filter line: deck, date range, and whether the figures are still coming."""
        today = self.ctx.calendar.day(self.ctx.clock.now())
        try:
            first, last = date_range(today, request.days, request.first, request.last)
            span = f" · {first} to {last} ({count((last - first).days + 1, 'day')})"
        except ValueError:
            span = ""
        state = (plain(f" · {problem}", "bold red") if problem else
                 Text(" · computing…", style="italic") if self.computing else Text(""))
        self.filter_line.update(Text.assemble(
            plain(request.deck or "All decks", "bold"), span, state))

    def _show(self, stats: Stats) -> None:
        """Every figure, at once; the sections mount with them if they are not yet (compose
        mounts them itself)."""
        self.stats = stats
        self.job = None
        self.sections.show(stats, self._width())
        self._filters(self.request())
        self.refresh_bindings()
        if not self.sections_mounted and self.is_mounted:
            self.sections_mounted = True
            self.query_one("#stats", VerticalScroll).mount(self.sections.view)

    # --- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "practise_hardest":
            return bool(self.stats and self.stats.hardest) or None
        if action in ("review_weakest", "mock_weakest"):
            return bool(self.stats and self.stats.readiness and self.stats.readiness.weakest) \
                or None
        return True

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_next_deck(self) -> None:
        decks = [None, *self.ctx.store.cards.decks()]
        position = decks.index(self.deck) if self.deck in decks else 0
        self.deck = decks[(position + 1) % len(decks)]
        self.refresh_figures()

    def action_next_range(self) -> None:
        if self.range is None:  # after a typed range, back to the first preset
            self.days = RANGES[(RANGES.index(self.days) + 1) % len(RANGES)]
        self.range = None
        self.refresh_figures(range_only=True)

    def action_filter(self) -> None:
        from drill.tui.screens.stats_filter import StatsFilter, StatsFilterScreen

        def chosen(choice: StatsFilter | None) -> None:
            if choice is not None:
                same_deck = choice.deck == self.deck
                self.deck, self.range = choice.deck, choice.range
                self.refresh_figures(range_only=same_deck)

        today = self.ctx.calendar.day(self.ctx.clock.now())
        self.filtering = True
        self.app.push_screen(StatsFilterScreen(list(self.ctx.store.cards.decks()), self.deck,
                                               self.range, today), chosen)

    def _practise(self, cards: list[str], title: str) -> None:
        from drill.session import AHEAD, ReviewSession
        from drill.tui.screens.review import ReviewScreen

        if not cards:
            self.notify("No cards to practise.", title=title)
            return
        ctx = self.ctx
        session = ReviewSession(ctx.store, ctx.reviewer(), list(cards),
                                dict.fromkeys(cards, AHEAD), off_schedule=True, title=title)
        self.app.push_screen(ReviewScreen(session))

    def action_practise_hardest(self) -> None:
        if self.stats is not None:
            self._practise([card["id"] for card in self.stats.hardest], "Hardest cards")

    def action_review_weakest(self) -> None:

        row = self.stats.readiness.weakest if self.stats and self.stats.readiness else None
        if row is not None:
            cards = self.ctx.store.stats.material_cards(list(row.decks), list(row.tags))
            self._practise(cards, f"Weakest: {row.name}")

    def action_mock_weakest(self) -> None:
        row = self.stats.readiness.weakest if self.stats and self.stats.readiness else None
        if row is None:
            return
        if row.mock_format is not None:
            self.app.open_mock(row.mock_format)  # type: ignore[attr-defined]
        elif row.decks:
            self.app.open_mock(filters=Filters(deck=row.decks[0]), questions=3)  # type: ignore
        elif row.tags:
            self.app.open_mock(filters=Filters(tag=row.tags[0]), questions=3)  # type: ignore

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from drill.tui.screens.card_info import CardInfoScreen

        if event.data_table.id == "stats-hardest" and event.row_key.value:
            event.stop()
            self.app.push_screen(CardInfoScreen(event.row_key.value))
