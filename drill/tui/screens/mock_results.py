"""After mock rounds: one round's summary, and the history of past rounds with their scores."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Sparkline,
    Static,
)

from drill.clock import from_epoch_ms
from drill.mock import (
    MockRound,
    clock_text,
)
from drill.text import count, escape_control
from drill.tui.fresh import StyledOnce
from drill.tui.text import markup, plain
from drill.tui.widgets import DrillFooter


class MockSummaryScreen(StyledOnce, Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "app.pop_screen", "Done",
                tooltip="done", id="mock.summary.done"),
        Binding("h", "history", "History",
                tooltip="every past round", id="mock.summary.history"),
    ]

    def __init__(self, round_: MockRound) -> None:
        super().__init__()
        self.round = round_

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="mock-summary", classes="panel"):
            yield Static(id="mock-summary-head")
            yield DataTable(id="mock-results", zebra_stripes=True, cursor_type="row")
            yield Static(id="mock-summary-notes")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.round.title}: summary"
        summary = self.round.summary()
        mean = "—" if summary.mean_score is None else f"{summary.mean_score:.1f} / 5"
        self.query_one("#mock-summary-head", Static).update(
            markup(f"[b]$title[/] — mean score {mean}", title=self.round.title))
        table = self.query_one("#mock-results", DataTable)
        # The question takes what the other columns leave (padding, scrollbar, 2 per column).
        question = max(20, self.app.size.width - 4 - 2 - 10 - (2 + 13 + 6 + 7))
        table.add_column("#", width=2)
        table.add_column("Question", width=question)
        for label, width in (("Time / limit", 13), ("Rubric", 6), ("Score", 7)):
            table.add_column(label, width=width)
        for i, row in enumerate(summary.rows, 1):
            over = row["elapsed_s"] > row["limit_s"]
            spent = f"{clock_text(row['elapsed_s'])} / {clock_text(row['limit_s'])}"
            prompt = row["prompt"] if len(row["prompt"]) <= question else \
                row["prompt"][:question - 1] + "…"
            table.add_row(str(i), plain(prompt), f"[b $error]{spent}[/]" if over else spent,
                          f"{row['ticked']}/{row['rubric']}",
                          "skipped" if row["skipped"] else str(row["score"]))
        lines: list[Content] = []
        if summary.weakest_tags:
            lines.append(markup("[b]Weakest topics[/] (lowest mean score): $tags", tags=", ".join(
                f"{tag} {score:.1f}" for tag, score in summary.weakest_tags)))
        if summary.moved:
            cards = {c.id: c for c in self.app.ctx.store.cards.list(  # type: ignore[attr-defined]
                [card_id for card_id, _, _ in summary.moved])}
            lines.append(markup("\n[b]Schedule changes[/] (a score below 3 counts as a lapse):"))
            for card_id, before, after in summary.moved:
                prompt = cards[card_id].prompt if card_id in cards else card_id
                lines.append(markup(f"  $prompt: due {before or 'new'} → {after}",
                                    prompt=prompt[:60]))
        else:
            lines.append(markup("\nNo schedule changed: passes in a mock round count as "
                                "practice."))
        self.query_one("#mock-summary-notes", Static).update(Content("\n").join(lines))

    def action_history(self) -> None:
        self.app.switch_screen(MockHistoryScreen())


class MockHistoryScreen(StyledOnce, Screen[None]):
    """Past rounds with their scores over time; open one to reread its notes."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="mock.history.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="mock-history", classes="panel"):
            yield Static(id="history-head")
            yield Sparkline([], id="history-trend")
            yield DataTable(id="rounds", zebra_stripes=True, cursor_type="row")
            with VerticalScroll(id="round-notes-scroll"):  # tab reaches it; arrows scroll
                yield Static(id="round-notes")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Mock history"
        ctx = self.app.ctx  # type: ignore[attr-defined]
        rounds = ctx.store.mock.rounds()
        scores = [r["mean_score"] for r in reversed(rounds) if r["mean_score"] is not None]
        trend = self.query_one("#history-trend", Sparkline)
        trend.data = scores or [0]
        trend.display = len(scores) >= 2
        trend_text = (" · mean scores over time, oldest first: "
                      + " ".join(f"{s:.1f}" for s in scores[-12:])) if scores else \
            " · no scored round yet"
        self.query_one("#history-head", Static).update(
            f"[b]{count(len(rounds), 'round')}[/]{trend_text}")
        table = self.query_one("#rounds", DataTable)
        table.add_columns("Started", "Round", "Questions", "Mean score", "Status")
        for r in rounds:
            when = ctx.calendar.local(from_epoch_ms(r["started_ms"])).strftime("%Y-%m-%d %H:%M")
            mean = "—" if r["mean_score"] is None else f"{r['mean_score']:.1f}"
            table.add_row(when, plain(r["title"]), str(r["questions"]), mean, r["status"],
                          key=r["id"])
        if not rounds:
            self.query_one("#round-notes", Static).update("No rounds yet.")

    @on(DataTable.RowHighlighted, "#rounds")
    async def show_notes(self, event: DataTable.RowHighlighted) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        round_id = event.row_key.value
        answers = ctx.store.mock.answers(round_id)
        cards = {c.id: c for c in ctx.store.cards.list([a["card_id"] for a in answers])}
        parts = []
        for a in answers:
            card = cards.get(a["card_id"])
            prompt = card.prompt if card else a["card_id"]
            score = "skipped" if a["skipped"] else ("—" if a["score"] is None else a["score"])
            notes = a["notes"].strip() or "(no notes)"
            # Plain text, so notes wrap to the screen and are never read as Markdown or markup.
            parts.append(Text.assemble((f"{a['position'] + 1}. ", "bold"),
                                       (escape_control(prompt), "bold"),
                                       f" — score {score}\n", escape_control(notes)))
        self.query_one("#round-notes", Static).update(Text("\n\n").join(parts))
