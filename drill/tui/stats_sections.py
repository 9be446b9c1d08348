"""The statistics screen's sections (drill/tui/screens/stats.py): built once, as the screen is,
and filled from the figures (`drill.stats.Stats`), mounted or not yet. User text (deck titles,
prompts, tags, plan stages) goes in as plain `Text`, never parsed as markup."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Static

from drill.stats import Recall, Stats
from drill.text import count
from drill.tui.charts import Chart, Heatmap, TextTable, add_row, clip, new_table, percent
from drill.tui.text import plain

W = TypeVar("W", bound=Widget)
STATE_ROWS = 40  # decks with a row of their own in the card states table


class StatsSections:
    """Every section of the screen in one container (`self.view`), its widgets by id in
    `self.parts`."""

    def __init__(self) -> None:
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
        self.view = Vertical(*parts, id="stats-sections")

    def part(self, selector: str, kind: type[W]) -> W:
        part = self.parts[selector]
        assert isinstance(part, kind)
        return part

    def show(self, stats: Stats, width: int) -> None:
        """Every figure; the hardest cards' prompts cut to fit `width` columns."""
        self._activity(stats)
        self._readiness(stats)
        self._retention(stats)
        self._forecast(stats)
        self._states(stats)
        self._distributions(stats)
        self.hardest(stats, width)
        self._mock(stats)

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
        row (500 rows would bury the sections below it)."""
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

    def hardest(self, stats: Stats, width: int) -> None:
        table = self.part("#stats-hardest", DataTable)
        table.clear()
        # The prompt gets what the other columns leave (no sideways scrolling at 80 columns).
        room = max(20, min(80, width - 38))
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
