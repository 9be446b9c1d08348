"""Statistics: activity heatmap and streaks, reviews and minutes per day, true retention, the
forecast, card states, the hardest cards, mock scores, and readiness for the target role.

The figures come from drill/stats.py (SQL aggregates); this screen only draws them. Charts are
Textual's `Sparkline` and a heatmap of our own; user text (deck titles, prompts, tags) is shown
as plain `Text`, never parsed as markup.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from drill.check import escape_control
from drill.review import Filters
from drill.stats import Recall, Stats, add_detail, compute
from drill.tui.context import UsesContext

RANGES = (30, 90, 365)  # the date ranges `r` cycles through, in days
LEVELS = "░▒▓█"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def plain(text: object, style: str = "") -> Text:
    """User text for display: never markup, no control characters."""
    return Text(escape_control(str(text)), style=style)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


class Heatmap(Widget):
    """Reviews per day as a calendar: a column per week, a row per weekday, darker = more.
    Shows as many of the latest weeks as fit its width (a year from 57 columns)."""

    DEFAULT_CSS = """
    Heatmap {
        height: 9;
        color: $success;
    }
    """

    def __init__(self, counts: dict[str, int], today: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts = counts
        self.today = date.fromisoformat(today)

    def update(self, counts: dict[str, int], today: str) -> None:
        self.counts = counts
        self.today = date.fromisoformat(today)
        self.refresh()

    def render(self) -> Text:
        weeks = max(1, min(53, (self.size.width or 57) - 4))
        last_monday = self.today - timedelta(days=self.today.weekday())
        first = last_monday - timedelta(weeks=weeks - 1)
        top = max(self.counts.values(), default=0)
        months = [" "] * weeks
        for column in range(weeks):
            monday = first + timedelta(weeks=column)
            if monday.day <= 7 and column + 3 <= weeks:
                months[column:column + 3] = list(monday.strftime("%b"))
        out = Text("    " + "".join(months)[:weeks] + "\n", style="dim")
        for weekday in range(7):
            out.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
            for column in range(weeks):
                day = first + timedelta(weeks=column, days=weekday)
                if day > self.today:
                    out.append(" ")
                    continue
                n = self.counts.get(day.isoformat(), 0)
                if n <= 0:
                    out.append("·", style="dim")
                else:
                    out.append(LEVELS[min(3, (4 * n - 1) // top)])
            out.append("\n")
        out.append(f"    less · {' '.join(LEVELS)} more (most: {top} reviews a day)", style="dim")
        return out


class Chart(Widget):
    """A titled bar chart: a caption, then a Sparkline."""

    DEFAULT_CSS = """
    Chart {
        height: auto;
    }
    Chart > Sparkline {
        height: 3;
        margin: 0 0 0 4;
    }
    """

    def __init__(self, caption: str, data: list[float], **kwargs) -> None:
        super().__init__(**kwargs)
        self.caption, self.data = caption, data

    def compose(self) -> ComposeResult:
        yield Static(self.caption, markup=False, classes="chart-caption")
        yield Sparkline(self.data)

    def update(self, caption: str, data: list[float]) -> None:
        self.query_one(Static).update(caption)
        self.query_one(Sparkline).data = data


def _table(id: str, cursor: bool = False) -> DataTable:
    return DataTable(id=id, cursor_type="row" if cursor else "none", zebra_stripes=True,
                     show_cursor=cursor)


class StatsScreen(UsesContext, Screen[None]):
    """Progress at a glance; one deck or all, over a date range."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="stats.close"),
        Binding("d", "next_deck", "Deck", id="stats.deck"),
        Binding("r", "next_range", "Range", id="stats.range"),
        Binding("p", "practise_hardest", "Practise hardest", id="stats.practise"),
        Binding("w", "review_weakest", "Review weakest", id="stats.weakest"),
        Binding("k", "mock_weakest", "Mock weakest", id="stats.mock"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.deck: str | None = None
        self.days = RANGES[0]
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(id="stats-filters")
            yield Static("Activity", classes="stats-heading")
            yield Static(id="stats-streak")
            yield Heatmap({}, "2000-01-01", id="stats-heatmap")
            yield Chart("", [], id="stats-reviews")
            yield Chart("", [], id="stats-minutes")
            yield Static("Readiness for your target role", classes="stats-heading")
            yield Static(id="stats-readiness-note")
            yield _table("stats-readiness", cursor=True)
            yield Static("Retention (scheduled reviews of learned cards; pass = grade 3+)",
                         classes="stats-heading")
            yield _table("stats-retention")
            yield Static(id="stats-retention-weeks")
            yield Static("Forecast", classes="stats-heading")
            yield Chart("", [], id="stats-forecast")
            yield Static("Card states", classes="stats-heading")
            yield _table("stats-states")
            yield Static(id="stats-distributions")
            yield Static("Hardest cards (enter: card info, p: practise them)",
                         classes="stats-heading")
            yield _table("stats-hardest", cursor=True)
            yield Static("Mock rounds", classes="stats-heading")
            yield _table("stats-mock")
        yield Footer(compact=True)

    COLUMNS = {
        "#stats-readiness": ("Skill or stage", "Score", "Mature", "Recent", "Mock"),
        "#stats-retention": ("Cards", "Young", "n", "Mature", "n", "All", "n"),
        "#stats-states": ("Deck", "New", "Learning", "Young", "Mature", "Suspended", "Buried",
                          "Leeches"),
        "#stats-hardest": ("Lapses", "EF", "Deck", "Prompt"),
        "#stats-mock": ("Day", "Format", "Kind", "Score", "Time used"),
    }

    def on_mount(self) -> None:
        """Columns once; the figures come when the screen shows (and each time it shows again,
        after a review started here)."""
        self.title = "Statistics"
        for selector, columns in self.COLUMNS.items():
            self.query_one(selector, DataTable).add_columns(*columns)

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def decks_changed(self) -> None:
        self.refresh_figures()

    # --- figures -----------------------------------------------------------------------------

    def refresh_figures(self) -> None:
        ctx = self.ctx
        # The slower figures (retention per deck, kind and tag; distributions) come after the
        # first paint, so the screen opens at once on a large collection.
        self.stats = stats = compute(ctx.store, ctx.calendar, ctx.clock.now(), self.days,
                                     self.deck, detail=False)
        where = self.deck or "All decks"
        filters = self.query_one("#stats-filters", Static)
        filters.update(Text.assemble(
            plain(where, "bold"), f" · {stats.first} to {stats.today} ({self.days} days)",
            ("   d: deck · r: range", "dim")))
        self._activity(stats)
        self._readiness(stats)
        self._retention(stats)
        self._forecast(stats)
        self._states(stats)
        self._hardest(stats)
        self._mock(stats)
        self.refresh_bindings()
        self.call_after_refresh(self._detail, stats)

    def _detail(self, stats: Stats) -> None:
        if stats is not self.stats or not self.is_attached:
            return  # the filters changed meanwhile, or the screen closed
        add_detail(self.ctx.store, stats)
        self._retention(stats)
        self._states(stats)

    def _activity(self, stats: Stats) -> None:
        reviews = sum(n for _, n, _ in stats.activity)
        minutes = sum(ms for _, _, ms in stats.activity) / 60000
        self.query_one("#stats-streak", Static).update(
            f"Streak: {stats.streak_current} days (longest {stats.streak_longest}) · "
            f"{reviews} reviews in {minutes:.0f} min over {self.days} days · "
            f"{sum(stats.heatmap.values())} in the last year")
        self.query_one("#stats-heatmap", Heatmap).update(stats.heatmap, stats.today)
        daily = stats.daily()
        top = max((n for _, n, _ in daily), default=0)
        top_min = max((ms for _, _, ms in daily), default=0) / 60000
        self.query_one("#stats-reviews", Chart).update(
            f"Reviews per day, last {self.days} days (most {top})", [n for _, n, _ in daily])
        self.query_one("#stats-minutes", Chart).update(
            f"Minutes per day (most {top_min:.0f})", [ms / 60000 for _, _, ms in daily])

    def _retention(self, stats: Stats) -> None:
        table = self.query_one("#stats-retention", DataTable)
        table.clear()
        rows: list[tuple[Text, dict]] = [(Text("All", style="bold"), stats.retention)]
        for group in ("deck", "kind", "tag"):
            by_name: dict[str, dict] = {}
            for name, age, recall in stats.retention_groups[group]:
                by_name.setdefault(name, {})[age] = recall
            shown = sorted(by_name.items(), key=lambda item: -sum(
                r.reviews for r in item[1].values()))
            for name, ages in shown[:8 if group == "tag" else 20]:
                label = plain(f"{group}: {name}" if group != "deck" else name)
                rows.append((label, ages))
        for label, ages in rows:
            young, mature = ages.get("young", Recall()), ages.get("mature", Recall())
            every = Recall(young.passed + mature.passed, young.reviews + mature.reviews)
            table.add_row(label, *(cell for r in (young, mature, every)
                                   for cell in (percent(r.rate), str(r.reviews))))
        weeks: dict[str, list[int]] = {}
        for week, _, recall in stats.retention_weeks:
            passed, total = weeks.setdefault(week, [0, 0])
            weeks[week] = [passed + recall.passed, total + recall.reviews]
        shown = [f"{week[5:]}: {100 * p / n:.0f}% of {n}" for week, (p, n) in weeks.items()
                 if n][-8:]
        self.query_one("#stats-retention-weeks", Static).update(Text.assemble(
            ("By week (from Monday) ", "bold"),
            " · ".join(shown) if shown else "no reviews of learned cards in this range"))

    def _forecast(self, stats: Stats) -> None:
        values = [n for _, n in stats.forecast]
        self.query_one("#stats-forecast", Chart).update(
            f"Due per day, next {len(values)} days: today {values[0]} "
            f"(overdue {stats.overdue}), 7 days {sum(values[:7])}, all {sum(values)}", values)

    def _states(self, stats: Stats) -> None:
        table = self.query_one("#stats-states", DataTable)
        table.clear()
        names = ("new", "learning", "young", "mature", "suspended", "buried", "leeches")
        for row in stats.states:
            table.add_row(plain(row["deck"]), *(str(row[n]) for n in names))
        waiting = "…" if not stats.detailed else "–"  # filled just after the first paint
        ease = " ".join(f"{b / 100:.1f}:{n}" for b, n in stats.ease) or waiting
        labels = {1: "1d", 2: "2-6d", 7: "7-20d", 21: "21-59d", 60: "60-179d", 180: "180d+"}
        intervals = " ".join(f"{labels[b]}:{n}" for b, n in stats.intervals) or waiting
        self.query_one("#stats-distributions", Static).update(Text.assemble(
            ("Easiness ", "bold"), ease, "\n", ("Intervals ", "bold"), intervals))

    def _hardest(self, stats: Stats) -> None:
        table = self.query_one("#stats-hardest", DataTable)
        table.clear()
        for card in stats.hardest:
            ef = "–" if card["ef100"] is None else f"{card['ef100'] / 100:.2f}"
            prompt = card["prompt"] if len(card["prompt"]) <= 60 else card["prompt"][:59] + "…"
            table.add_row(str(card["lapses"]), ef, plain(card["deck"]), plain(prompt),
                          key=card["id"])
        if not stats.hardest:
            table.add_row("–", "–", "", Text("No lapses yet.", style="dim"))

    def _mock(self, stats: Stats) -> None:
        table = self.query_one("#stats-mock", DataTable)
        table.clear()
        for row in stats.mock[-12:]:
            used = f"{row['used_s'] // 60}/{row['limit_s'] // 60} min"
            table.add_row(row["day"], row["format"], row["kind"], f"{row['mean']:.1f}/5", used)
        if not stats.mock:
            table.add_row("–", Text("No mock rounds scored in this range.", style="dim"), "", "",
                          "")

    def _readiness(self, stats: Stats) -> None:
        from drill.roadmap_pages import ROLE_TITLES

        readiness = stats.readiness
        table = self.query_one("#stats-readiness", DataTable)
        table.clear()
        if readiness is None:
            return
        role = readiness.role
        overall = "–" if readiness.overall is None else f"{readiness.overall:.0f}/100"
        who = ROLE_TITLES.get(role, role) if role else "any role (set a target role on the " \
            "roadmap's roles page)"
        weakest = readiness.weakest
        self.query_one("#stats-readiness-note", Static).update(Text.assemble(
            ("Overall ", "bold"), overall, " for ", plain(who),
            ("\nscore = 50% mature share + 30% recent retention + 20% mock (README)", "dim"),
            *((("\nw: review ", "dim"), plain(weakest.name), (" · k: mock it", "dim"))
              if weakest else ())))
        for row in readiness.rows:
            if row.score is None:
                table.add_row(plain(row.name), Text("no material", style="dim"), "", "", "",
                              key=row.name)
                continue
            mock = "–" if row.mock_mean is None else f"{row.mock_mean:.1f}/5"
            table.add_row(plain(row.name), f"{row.score:.0f}", f"{row.mature}/{row.cards}",
                          f"{percent(row.recall.rate)} of {row.recall.reviews}", mock,
                          key=row.name)

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
        self.days = RANGES[(RANGES.index(self.days) + 1) % len(RANGES)]
        self.refresh_figures()

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
