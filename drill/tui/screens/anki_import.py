"""Import from Anki: a package path (and an optional single deck title), then what was imported."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from drill.tui.saving import reports_store_errors
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter


class AnkiImportScreen(ModalScreen[bool]):
    """Dismissed with True when something was imported (the caller re-reads the decks)."""

    BINDINGS = [Binding("escape", "close", "Close", id="anki-import.close")]

    def __init__(self) -> None:
        super().__init__()
        self.imported = False

    def compose(self) -> ComposeResult:
        with Vertical(id="anki-import", classes="dialog"):
            yield Static("Import from Anki — an .apkg or .colpkg file, with its review history",
                         classes="dialog-title")
            yield Input(placeholder="path to the package, e.g. ~/Downloads/deck.apkg",
                        id="anki-path")
            yield Input(placeholder="one deck title for every card (optional)", id="anki-deck")
            yield Static("", id="anki-result", markup=False)
            yield DrillFooter()

    def on_mount(self) -> None:
        self.query_one("#anki-path", Input).focus()

    def action_close(self) -> None:
        self.dismiss(self.imported)

    @reports_store_errors
    def on_input_submitted(self, event: Input.Submitted) -> None:
        from drill.anki_import import AnkiImportError, import_package

        text = self.query_one("#anki-path", Input).value.strip()
        result = self.query_one("#anki-result", Static)
        if not text:
            result.update(plain("Type the path of an Anki package first."))
            return
        ctx = self.app.ctx  # type: ignore[attr-defined]
        title = self.query_one("#anki-deck", Input).value.strip() or None
        try:
            plan, notes = import_package(Path(text).expanduser(), ctx.store,
                                         ctx.locations.decks_dir, ctx.calendar, ctx.clock.now(),
                                         title)
        except (AnkiImportError, OSError) as exc:
            result.update(plain(f"Nothing was imported: {exc}"))
            return
        self.imported = self.imported or bool(plan.card_count or plan.rows)
        lines = [f"{deck.title}: {len(deck.cards)} cards → {deck.target.path}"
                 for deck in plan.decks]
        lines.append(f"Imported {plan.card_count} cards and {len(plan.rows)} review-history rows"
                     + (f" ({plan.known} were already imported)" if plan.known else "") + ".")
        lines += [f"skipped: {line}" for line in plan.skipped + notes]
        result.update(plain("\n".join(lines)))
