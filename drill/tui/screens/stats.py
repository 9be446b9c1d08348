"""Statistics: activity heatmap and streaks, reviews and minutes per day, true retention, the
forecast, card states, the hardest cards, mock scores, and readiness for the target role.

The figures come from drill/stats.py (SQL aggregates); this screen only draws them. Charts are
Textual's `Sparkline` and a heatmap of our own; user text (deck titles, prompts, tags) is shown
as plain `Text`, never parsed as markup.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from datetime import date
from functools import partial
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from drill.review import Filters
from drill.stats import Recall, Stats, add_detail, compute, date_range
from drill.store import open_reader
from drill.text import count
from drill.tui.charts import Chart, Heatmap, TextTable, add_row, clip, new_table, percent
from drill.tui.fresh import StyledOnce
from drill.tui.stats_job import StatsJob, StatsRequest, in_thread
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

W = TypeVar("W", bound=Widget)
RANGES = (30, 90, 365)  # the date ranges `r` cycles through, in days
STATE_ROWS = 40  # decks with a row of their own in the card states table
class StatsScreen(StyledOnce, Screen[None]):
    """Progress at a glance; one deck or all, over a date range.

    The figures are computed in a thread worker on a read-only connection of their own, so the
    screen shows at once (its frame, the filter line saying "computing…") and fills in; the
    slower ones (retention per deck, kind and tag, the distributions) are computed meanwhile on
    a second connection, and every section comes with every figure, laid out and drawn once.
    Changing a filter starts a new computation and interrupts the stale one (an exclusive
    worker group)."""

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

    def __init__(self) -> None:
        super().__init__()
        self.deck: str | None = None
        self.days = RANGES[0]
        self.range: tuple[date, date] | None = None  # typed in the filter dialog
        self.stats: Stats | None = None
        self.job: StatsJob | None = None
        self.worker: Worker[Stats] | None = None
        self.shown_at: float | None = None  # perf_counter() of the first paint (benchmarks)
        self.drawn_at: float | None = None  # ... and of every figure drawn (benchmarks)
        self.filtering = False  # the filter dialog is open above this screen
        self.early: Future[Stats] | None = None  # the first figures, started as it is built
        self.parts: dict[str, Widget] = {}
        self.sections_mounted = False
        # Its width class now: from its first resize, it restyled every widget (~10 ms).
        self.add_class(self.app.width_class(), update=False)  # type: ignore[attr-defined]
        self.sections: Vertical | None = self._sections()  # until it is mounted

    @property
    def ctx(self):
        return self.app.ctx  # type: ignore[attr-defined]

    @property
    def computing(self) -> bool:
        """True until every figure of the current filters is on screen."""
        return self.job is not None

    def compose(self) -> ComposeResult:
        # The first figures start before the widgets are built (~40 ms before the screen's
        # first resume at 10,000 cards), in a thread of their own.
        if self.ctx.store.path is not None:
            self.job = StatsJob(self.request())
            self.early = in_thread(partial(self._compute, self.job), "statistics")
        yield Header()
        yield Static(id="stats-filters")  # outside the scroll: the filters and "computing…"
        yield VerticalScroll(id="stats")
        yield DrillFooter()

    def _sections(self) -> Vertical:
        """Every section, built now and mounted with the first figures (`_mount_sections`), so
        that the screen shows sooner and each section is laid out and drawn once, full (drawn
        empty first, then again, the activity section took ~20 ms more of the UI thread at
        10,000 cards); `self.parts` holds them by id."""
        parts = (
            Static("Activity", classes="stats-heading"),
            Static(id="stats-streak"),
            Heatmap({}, "2000-01-01", id="stats-heatmap"),
            Chart("", [], id="stats-reviews"),
            Chart("", [], id="stats-minutes"),
            Static("Readiness for your target role", classes="stats-heading"),
            Static(id="stats-readiness-note"),
            new_table("stats-readiness"),
            Static("Retention (scheduled reviews of learned cards; pass = grade 3+)",
                   classes="stats-heading"),
            new_table("stats-retention"),
            Static(id="stats-retention-weeks"),
            Static("Forecast", classes="stats-heading"),
            Chart("", [], id="stats-forecast"),
            Static("Card states", classes="stats-heading"),
            new_table("stats-states"),
            Static(id="stats-distributions"),
            Static("Hardest cards (enter: card info, p: practise them)", classes="stats-heading"),
            new_table("stats-hardest", cursor=True),
            Static("Mock rounds", classes="stats-heading"),
            new_table("stats-mock"))
        self.parts = {f"#{part.id}": part for part in parts if part.id}
        return Vertical(*parts, id="stats-sections")

    def on_mount(self) -> None:
        """The figures come when the screen shows (and each time it shows again, after a
        review started here). The sections mount with the first figures (`_show`): one
        layout of them, full, not one empty and one full, and no layout while the figures are
        computed (its Python work slowed their threads)."""
        self.title = "Statistics"
        self.call_after_refresh(self._painted)

    async def _mount_sections(self) -> None:
        if self.sections is not None:
            sections, self.sections = self.sections, None
            await self.query_one("#stats", VerticalScroll).mount(sections)
            self.sections_mounted = True
            if not self.computing:  # the figures came first: drawn with it
                self.call_after_refresh(self._drawn)

    def part(self, selector: str, kind: type[W]) -> W:
        """A widget of the sections, mounted or not yet (`_sections`)."""
        part = self.parts[selector]
        assert isinstance(part, kind)
        return part

    def _painted(self) -> None:
        self.shown_at = time.perf_counter()

    def _drawn(self) -> None:
        self.drawn_at = time.perf_counter()

    def on_screen_resume(self) -> None:
        if self.filtering:  # back from the filter dialog: its choice refreshes, if any
            self.filtering = False
            return
        if self.early is not None and self.job is not None:  # the first show: under way
            self._filters(self.job.request)
            self._wait(self.early)
            self.early = None
            return
        self.refresh_figures()

    def on_unmount(self) -> None:
        if self.job is not None:
            self.job.stop()

    def on_resize(self) -> None:
        if self.stats is not None:
            self._hardest(self.stats)

    def decks_changed(self) -> None:
        self.refresh_figures()

    # --- figures -----------------------------------------------------------------------------

    def request(self) -> StatsRequest:
        first, last = self.range or (None, None)
        return StatsRequest(self.deck, self.days, first, last)

    def refresh_figures(self, range_only: bool = False) -> None:
        """Compute the figures for the current filters off the UI thread; the screen says
        "computing…" until they are all in. `range_only`: only the date range changed, so the
        figures as of today (card states, forecast, readiness...) are kept."""
        if self.job is not None:
            self.job.stop()
        self.early = None  # superseded, if the first figures were still to be shown
        self.drawn_at = None
        request = self.request()
        shown = self.stats if range_only and self.stats and self.stats.detailed else None
        self.job = job = StatsJob(request, shown)
        self._filters(request)
        if self.ctx.store.path is None:  # in memory: no second connection, so compute here
            stats = self._compute(job, self.ctx.store)
            self._show(stats)
            self._show_detail(stats)
            return
        # The computation starts now, in a thread of its own (a worker's thread starts only once
        # the event loop is free, after the screen's first layout); the worker waits for it.
        self._wait(in_thread(partial(self._compute, job), "statistics"))

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
            self._show_detail(stats)
        elif event.state == WorkerState.ERROR:
            self.job = None
            self._filters(job.request, f"could not compute the figures: {worker.error}")

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
        self.query_one("#stats-filters", Static).update(Text.assemble(
            plain(request.deck or "All decks", "bold"), span, state))

    def _show(self, stats: Stats) -> None:
        """Every figure but the detail (`_show_detail`, which follows: retention and the
        distributions, drawn once); the sections mount with them if not mounted yet."""
        self.stats = stats
        self._activity(stats)
        self._readiness(stats)
        self._forecast(stats)
        self._states(stats)
        self._hardest(stats)
        self._mock(stats)
        self.refresh_bindings()
        if self.sections is not None:
            self.call_next(self._mount_sections)

    def _show_detail(self, stats: Stats) -> None:
        self.stats = stats
        self.job = None
        self._retention(stats)
        self._distributions(stats)
        self._filters(self.request())
        if self.sections_mounted:  # else once they are (`_mount_sections`)
            self.call_after_refresh(self._drawn)

    def _activity(self, stats: Stats) -> None:
        reviews = sum(n for _, n, _ in stats.activity)
        minutes = sum(ms for _, _, ms in stats.activity) / 60000
        self.part("#stats-streak", Static).update(
            f"Streak: {count(stats.streak_current, 'day')} (longest {stats.streak_longest}) · "
            f"{count(reviews, 'review')} in {minutes:.0f} min over "
            f"{count(stats.range_days, 'day')} · "
            f"{sum(stats.heatmap.values())} in the last year")
        self.part("#stats-heatmap", Heatmap).update(stats.heatmap, stats.today)
        daily = stats.daily()
        top = max((n for _, n, _ in daily), default=0)
        top_min = max((ms for _, _, ms in daily), default=0) / 60000
        self.part("#stats-reviews", Chart).update(
            f"Reviews per day, {stats.first} to {stats.last} (most {top})",
            [n for _, n, _ in daily])
        self.part("#stats-minutes", Chart).update(
            f"Minutes per day (most {top_min:.0f})", [ms / 60000 for _, _, ms in daily])

    def _retention(self, stats: Stats) -> None:
        table = self.part("#stats-retention", TextTable)
        table.clear()
        rows: list[tuple[Text, dict]] = [(Text("All", style="bold"), stats.retention)]
        for group in ("deck", "kind", "tag"):
            by_name: dict[str, dict] = {}
            for name, age, recall in stats.retention_groups[group]:
                by_name.setdefault(name, {})[age] = recall
            shown = sorted(by_name.items(), key=lambda item: -sum(
                r.reviews for r in item[1].values()))
            for name, ages in shown[:8 if group == "tag" else 20]:
                label = plain(clip(f"{group}: {name}" if group != "deck" else name, 30))
                rows.append((label, ages))
        for label, ages in rows:
            young, mature = ages.get("young", Recall()), ages.get("mature", Recall())
            every = Recall(young.passed + mature.passed, young.reviews + mature.reviews)
            add_row(table, label, *(cell for r in (young, mature, every)
                                   for cell in (percent(r.rate), str(r.reviews))))
        weeks: dict[str, list[int]] = {}
        for week, _, recall in stats.retention_weeks:
            passed, total = weeks.setdefault(week, [0, 0])
            weeks[week] = [passed + recall.passed, total + recall.reviews]
        shown = [f"{week[5:]}: {100 * p / n:.0f}% of {n}" for week, (p, n) in weeks.items()
                 if n][-8:]
        self.part("#stats-retention-weeks", Static).update(Text.assemble(
            ("By week (from Monday) ", "bold"),
            " · ".join(shown) if shown else "no reviews of learned cards in this range"))

    def _forecast(self, stats: Stats) -> None:
        values = [n for _, n in stats.forecast]
        self.part("#stats-forecast", Chart).update(
            f"Due per day, next {len(values)} days: today {values[0]} "
            f"(overdue {stats.overdue}), 7 days {sum(values[:7])}, all {sum(values)}", values)

    def _states(self, stats: Stats) -> None:
        """A row per deck, the largest first; past STATE_ROWS decks the rest are summed in one
        row (500 rows would bury the sections below it). The distributions below it come with
        the detail (`_show_detail`)."""
        table = self.part("#stats-states", TextTable)
        table.clear()
        names = ("new", "learning", "young", "mature", "suspended", "buried", "leeches")
        ordered = sorted(stats.states, key=lambda row: (-row["total"], row["deck"]))
        shown, rest = ordered[:STATE_ROWS], ordered[STATE_ROWS:]
        for row in sorted(shown, key=lambda row: row["deck"]):
            add_row(table, plain(clip(row["deck"], 24)), *(str(row[n]) for n in names))
        if rest:
            add_row(table, Text(f"{len(rest)} more decks (f: choose one)", style="italic"),
                          *(str(sum(row[n] for row in rest)) for n in names))

    def _distributions(self, stats: Stats) -> None:
        waiting = "…" if not stats.detailed else "–"  # filled by the second computation
        ease = " ".join(f"{b / 100:.1f}:{n}" for b, n in stats.ease) or waiting
        labels = {1: "1d", 2: "2-6d", 7: "7-20d", 21: "21-59d", 60: "60-179d", 180: "180d+"}
        intervals = " ".join(f"{labels[b]}:{n}" for b, n in stats.intervals) or waiting
        self.part("#stats-distributions", Static).update(Text.assemble(
            ("Easiness ", "bold"), ease, "\n", ("Intervals ", "bold"), intervals))

    def _hardest(self, stats: Stats) -> None:
        table = self.part("#stats-hardest", DataTable)
        table.clear()
        # The prompt gets what the other columns leave (no sideways scrolling at 80 columns).
        room = max(20, min(80, (self.size.width or self.app.size.width) - 38))
        for card in stats.hardest:
            ef = "–" if card["ef100"] is None else f"{card['ef100'] / 100:.2f}"
            add_row(table, str(card["lapses"]), ef, plain(clip(card["deck"], 18)),
                          plain(clip(card["prompt"], room)), key=card["id"])
        if not stats.hardest:
            add_row(table, "–", "–", "", Text("No lapses yet.", style="dim"))

    def _mock(self, stats: Stats) -> None:
        table = self.part("#stats-mock", TextTable)
        table.clear()
        for row in stats.mock[-12:]:
            used = f"{row['used_s'] // 60}/{row['limit_s'] // 60} min"
            add_row(table, row["day"], row["format"], row["kind"], f"{row['mean']:.1f}/5", used)
        if not stats.mock:
            add_row(table, "–", Text("No mock rounds scored in this range.", style="dim"), "", "",
                          "")

    def _readiness(self, stats: Stats) -> None:
        from drill.roadmap import ROLE_TITLES

        readiness = stats.readiness
        table = self.part("#stats-readiness", TextTable)
        table.clear()
        if readiness is None:
            return
        role = readiness.role
        overall = "–" if readiness.overall is None else f"{readiness.overall:.0f}/100"
        who = ROLE_TITLES.get(role, role) if role else "any role (set a target role on the " \
            "roadmap's roles page)"
        weakest = readiness.weakest
        self.part("#stats-readiness-note", Static).update(Text.assemble(
            ("Overall ", "bold"), overall, " for ", plain(who),
            ("\nscore = 50% mature share + 30% recent retention + 20% mock (README)", "dim"),
            *((("\n! weak in an interview (your debrief): weighs double", "dim"),)
              if any(row.weak for row in readiness.rows) else ()),
            *((("\nw: review ", "dim"), plain(weakest.name), (" · k: mock it", "dim"))
              if weakest else ())))
        for row in readiness.rows:
            # a stage that went badly in an interview, or a skill of its decks (weighs double)
            name = Text.assemble(("! ", "bold"), plain(row.name)) if row.weak else plain(row.name)
            if row.score is None:
                add_row(table, name, Text("no material", style="dim"), "", "", "")
                continue
            mock = "–" if row.mock_mean is None else f"{row.mock_mean:.1f}/5"
            add_row(table, name, f"{row.score:.0f}", f"{row.mature}/{row.cards}",
                          f"{percent(row.recall.rate)} of {row.recall.reviews}", mock)

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
