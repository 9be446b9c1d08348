"""Import: an Anki package (.apkg/.colpkg) or a CSV/TSV file, with an optional single deck title.

The import runs in a thread worker on its own database connection (sqlite connections belong to
the thread that opened them), so the screen stays responsive and says "Importing…" meanwhile. A
CSV/TSV file whose header names no columns gets a preview of its first rows and a column mapping
(front, back, tags) chosen with the keyboard before it is imported.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static
from textual.worker import Worker, WorkerState

from drill.tui.fresh import StyledOnce
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

NO_COLUMN = -1
PREVIEW_WIDTH = 24  # characters of each field shown in the preview


def _run_import(db_path: Path | None, store, decks_dir: Path, calendar, now: datetime,
                path: Path, title: str | None, mapping) -> tuple[bool, list[str]]:
    """Import one file; (something imported, lines to show). Runs in the worker's thread: with
    a database file it opens its own connection there."""
    from drill.anki_import import AnkiImportError, import_package
    from drill.csv_io import SUFFIXES, TextImportError, import_text_file
    from drill.store import Store, StoreError

    own = Store.open(db_path) if db_path is not None else None
    target = own or store
    try:
        if path.suffix.casefold() in SUFFIXES:
            text_plan = import_text_file(path, target, decks_dir, title, mapping)
            return bool(text_plan.card_count), [*text_plan.deck_lines("→"),
                                                f"{text_plan.summary(history=False)}."]
        plan, notes = import_package(path, target, decks_dir, calendar, now, title)
    except (AnkiImportError, TextImportError, StoreError, OSError) as exc:
        return False, [f"Nothing was imported: {exc}"]
    finally:
        if own is not None:
            own.close()
    lines = [*plan.deck_lines("→"), f"{plan.summary()}."]
    lines += [f"skipped: {line}" for line in plan.skipped + notes]
    return bool(plan.card_count or plan.rows), lines


class AnkiImportScreen(StyledOnce, ModalScreen[bool]):
    """Dismissed with True when something was imported (the caller re-reads the decks)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="anki-import.close"),
        Binding("ctrl+s", "start_import", "Import", id="anki-import.start"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.imported = False
        self.busy = False
        self.previewed: Path | None = None  # the CSV/TSV file whose mapping is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="anki-import", classes="dialog"):
            yield Static("Import — an Anki package (.apkg, .colpkg) with its review history, "
                         "or a CSV/TSV file", classes="dialog-title")
            yield Input(placeholder="path to the file, e.g. ~/Downloads/deck.apkg",
                        id="anki-path")
            yield Input(placeholder="one deck title for every card (optional)", id="anki-deck")
            with Vertical(id="anki-mapping"):
                yield Static("", id="anki-preview", markup=False)
                with Horizontal(id="anki-columns"):
                    yield Select([(plain("column 1"), 0)], prompt="front", id="map-front",
                                 allow_blank=False)
                    yield Select([(plain("column 1"), 0)], prompt="back", id="map-back",
                                 allow_blank=False)
                    yield Select([(plain("column 1"), 0)], prompt="tags", id="map-tags",
                                 allow_blank=False)
            yield Static("", id="anki-result", markup=False)
            yield DrillFooter()

    def on_mount(self) -> None:
        self.query_one("#anki-mapping").display = False
        self.query_one("#anki-path", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_import":
            return not self.busy
        return True

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.imported)

    def _path(self) -> Path | None:
        text = self.query_one("#anki-path", Input).value.strip()
        return Path(text).expanduser() if text else None

    def _show(self, text: str) -> None:
        self.query_one("#anki-result", Static).update(plain(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start_import()

    def action_start_import(self) -> None:
        from drill.csv_io import SUFFIXES

        if self.busy:
            return
        path = self._path()
        if path is None:
            self._show("Type the path of an Anki package or a CSV/TSV file first.")
            return
        mapping = None
        if path.suffix.casefold() in SUFFIXES:
            if path != self.previewed and not self._preview(path):
                return
            mapping = self._mapping()
        else:  # a package: no columns to map
            self.query_one("#anki-mapping").display = False
            self.previewed = None
        self._start(path, mapping)

    def _preview(self, path: Path) -> bool:
        """Read the file's header and first rows. True when it can be imported as it is (its
        header names the columns); otherwise show the preview and the mapping to choose."""
        from drill.csv_io import PREVIEW_ROWS, TextImportError, read_text_file

        try:
            text_file = read_text_file(path, limit=PREVIEW_ROWS)
        except TextImportError as exc:
            self._show(f"Nothing was imported: {exc}")
            return False
        panel = self.query_one("#anki-mapping")
        if text_file.mapping is not None or not text_file.records:
            panel.display = False
            self.previewed = None
            return True
        width = text_file.width
        rows = [" | ".join(f[:PREVIEW_WIDTH] for f in fields).replace("\n", " ")
                for _, fields in text_file.records]
        self.query_one("#anki-preview", Static).update(plain(
            f"The first rows of {path.name} (no header names its columns):\n" + "\n".join(rows)))
        first = text_file.records[0][1]
        options = [(plain(f"{i + 1}: {first[i][:12] if i < len(first) else ''}"
                          .replace("\n", " ")), i) for i in range(width)]
        choices = {"#map-front": (options, 0), "#map-back": (options, min(1, width - 1)),
                   "#map-tags": ([(plain("tags: none"), NO_COLUMN), *options],
                                 2 if width >= 3 else NO_COLUMN)}
        for selector, (values, value) in choices.items():
            select = self.query_one(selector, Select)
            select.set_options(values)
            select.value = value
        panel.display = True
        self.previewed = path
        self.query_one("#map-front", Select).focus()
        self._show("Choose the columns (enter opens a list; tab moves on), then press ctrl+s "
                   "to import.")
        return False

    def _mapping(self):
        from drill.csv_io import Mapping

        if self.previewed is None:
            return None
        front, back, tags = (self.query_one(s, Select).value
                             for s in ("#map-front", "#map-back", "#map-tags"))
        return Mapping(int(front), int(back), None if tags == NO_COLUMN else int(tags))

    def _start(self, path: Path, mapping) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        title = self.query_one("#anki-deck", Input).value.strip() or None
        if mapping is not None and mapping.front == mapping.back:
            self._show("The front and the back must be different columns.")
            return
        self.busy = True
        for widget in self.query("Input, Select"):
            widget.disabled = True
        self._show(f"Importing {path.name}…")
        self.refresh_bindings()
        args = (ctx.store.path, ctx.store, ctx.locations.decks_dir, ctx.calendar, ctx.clock.now(),
                path, title, mapping)
        if ctx.store.path is not None:
            self.run_worker(lambda: _run_import(*args), group="import", thread=True,
                            exit_on_error=False)
        else:  # an in-memory database lives on this thread: import here
            async def run() -> tuple[bool, list[str]]:
                return _run_import(*args)

            self.run_worker(run, group="import", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import" or event.state not in (
                WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        self.busy = False
        for widget in self.query("Input, Select"):
            widget.disabled = False
        self.refresh_bindings()
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            imported, lines = event.worker.result
            self.imported = self.imported or imported
            self._show("\n".join(lines))
            if imported:
                self.query_one("#anki-mapping").display = False
                self.previewed = None
        else:
            self._show(f"Nothing was imported: {event.worker.error or 'the import stopped'}")
        self.query_one("#anki-path", Input).focus()
