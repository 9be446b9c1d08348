"""A card's details and its whole review history."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from drill.clock import from_epoch_ms
from drill.sm2 import SM2State
from drill.tui.fresh import StyledOnce
from drill.tui.text import markup, plain
from drill.tui.widgets import DrillFooter


def describe_day(day: str | None, today: date) -> str:
    """'today', 'tomorrow', or the date with how far it is (a drill day: see the rollover)."""
    if day is None:
        return "—"
    days = (date.fromisoformat(day) - today).days
    words = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if days in words:
        return words[days]
    return f"{day} ({'in ' if days > 0 else ''}{abs(days)} days{' ago' if days < 0 else ''})"


class CardInfoScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape,i,q", "dismiss", "Close", id="info.close")]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        with Vertical(id="card-info", classes="dialog"):
            yield Static(id="info-text")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield DrillFooter()

    @staticmethod
    def _memory(ctx, progress, today) -> str:
        """What the card's scheduler knows of it: SM-2's easiness, or FSRS's memory model."""
        if progress.state and "stability" in progress.state:
            from drill.fsrs_scheduler import FSRSScheduler

            scheduler = ctx.scheduler()
            if not isinstance(scheduler, FSRSScheduler):
                scheduler = FSRSScheduler()
            recall = scheduler.recall(progress.state, today)
            return (f"FSRS stability {progress.state['stability']:.1f} d · difficulty "
                    f"{progress.state['difficulty']:.1f} / 10 · recall today {recall:.0%}")
        state = SM2State.from_dict(progress.state)
        return f"easiness {state.easiness:.2f} · repetitions {state.repetitions}"

    def on_mount(self) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        card = ctx.store.cards.get(self.card_id)
        progress = ctx.store.log.progress(self.card_id)
        suspended, buried = ctx.store.flags.of(self.card_id)
        lines: list[str | Content] = [
            markup("[b]$prompt[/]", prompt=card.prompt if card else self.card_id), ""]
        if card:
            lines.append(markup("Deck: $what", what=f"{card.deck} · {card.kind} · {card.difficulty}"
                                + (f" · tags: {', '.join(card.tags)}" if card.tags else "")))
            lines.append(markup("Id: $id" + (" · [i]orphan[/]" if card.is_orphan else ""),
                                id=card.id))
            # The path on a line of its own, so a narrow screen breaks it only if it must.
            lines.append(markup("File:\n$where", where=f"{card.path}:{card.line}"))
        if progress.is_new:
            lines.append("New: not reviewed yet.")
        else:
            today = ctx.calendar.day(ctx.clock.now())
            lines.append(f"Due: {describe_day(progress.due, today)} (a drill day starts at "
                         f"{ctx.calendar.rollover_hour:02d}:00) · interval {progress.interval} d · "
                         + self._memory(ctx, progress, today))
        lines.append(f"Reviews: {progress.reviews} · lapses: {progress.lapses}"
                     + (" · [b $warning]leech[/]: rewrite, split or suspend it"
                        if progress.is_leech else ""))
        flags = [name for name, on in (("suspended", suspended), (f"buried ({buried})", buried))
                 if on]
        if flags:
            lines.append("Flags: " + ", ".join(flags))
        self.query_one("#info-text", Static).update(
            Content("\n").join(Content.from_markup(line) if isinstance(line, str) else line
                                for line in lines))
        table = self.query_one("#history", DataTable)
        table.add_columns("When", "Kind", "Grade", "Time", "Interval after")
        rows = ctx.store.log.rows(self.card_id)
        undone = {row.undoes for row in rows if row.kind == "undo"}
        for row in reversed(rows):
            when = ctx.calendar.local(from_epoch_ms(row.time_ms)).strftime("%Y-%m-%d %H:%M")
            kind = row.kind + (" (undone)" if row.uid in undone else "")
            grade = "" if row.grade is None else str(row.grade)
            took = "" if row.duration_ms is None else f"{row.duration_ms / 1000:.0f} s"
            after = (row.state_after or {}).get("interval")
            # undo and import rows restore a state rather than schedule one
            restores = row.kind in ("undo", "import") or after is None
            after_text = "" if restores else f"{after} d"
            if row.kind == "import" and row.source:
                kind += " (schedule reset)" if row.source == "reset" else f" (from {row.source})"
            table.add_row(when, plain(kind), grade, took, after_text)
        if not rows:
            table.display = False
