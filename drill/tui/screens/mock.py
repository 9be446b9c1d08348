"""Mock interview rounds: choose a format (or resume a round, or see the history) and start.

The round itself is drill/tui/screens/mock_round.py; its summary and the history of rounds are
drill/tui/screens/mock_results.py."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import (
    Header,
    Input,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from drill.mock import (
    FORMATS,
    MockRound,
    custom_format,
    with_minutes,
)
from drill.review import Filters
from drill.store import StoreError
from drill.tui.fresh import StyledOnce
from drill.tui.saving import report_store_error
from drill.tui.screens.mock_results import MockHistoryScreen
from drill.tui.screens.mock_round import MockRoundScreen
from drill.tui.text import markup
from drill.tui.widgets import DrillFooter

RESUME, HISTORY = "\x00resume", "\x00history"


class MockSetupScreen(StyledOnce, Screen[None]):
    """Pick a format (or resume the round in progress)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back",
                tooltip="back", id="mock.back"),
        Binding("h", "history", "History",
                tooltip="past rounds with their scores and notes", id="mock.history"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="mock-setup", classes="panel"):
            yield Static("[b]Mock interview[/] — answer aloud against the clock, then score "
                         "yourself against the model answer.", id="mock-intro")
            yield OptionList(id="formats")
            with Horizontal(id="custom-fields"):
                yield Label("Custom: questions")
                yield Input("5", id="custom-questions", type="integer",
                            validators=[Integer(minimum=1, maximum=50)])
                yield Label("minutes each")
                yield Input("5", id="custom-minutes", type="integer",
                            validators=[Integer(minimum=1, maximum=90)])
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Mock interview"
        options = self.query_one("#formats", OptionList)
        store = self.app.ctx.store  # type: ignore[attr-defined]
        active = store.mock.active()
        if active is not None:
            row = store.mock.round(active)
            answers = store.mock.answers(active)
            options.add_option(Option(markup(
                f"[b]Resume[/] $title — question {row['position'] + 1} of {len(answers)}",
                title=row["title"]), id=RESUME))
        for fmt in FORMATS.values():
            options.add_option(Option(f"[b]{fmt.title}[/] ({fmt.minutes} min) — "
                                      f"{fmt.description}", id=fmt.name))
        options.add_option(Option("[b]Custom round[/] — your decks on review; set the number "
                                  "of questions and minutes below", id="custom"))
        options.add_option(Option("[b]History[/] — past rounds, scores and notes", id=HISTORY))
        options.highlighted = 0
        self.set_focus(options)

    def action_history(self) -> None:
        self.app.push_screen(MockHistoryScreen())

    @on(OptionList.OptionSelected, "#formats")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        app = self.app
        if choice == HISTORY:
            self.action_history()
            return
        if choice == RESUME:
            app.open_mock(resume=True)  # type: ignore[attr-defined]
            return
        if choice == "custom":
            fields = [self.query_one(f"#custom-{n}", Input) for n in ("questions", "minutes")]
            if not all(field.is_valid for field in fields):
                self.notify("Questions 1–50 and minutes 1–90.", severity="error")
                return
            app.open_mock(questions=int(fields[0].value),  # type: ignore[attr-defined]
                          minutes=int(fields[1].value))
            return
        app.open_mock(format_name=choice)  # type: ignore[attr-defined]


def start_round(app, format_name: str | None = None, filters: Filters = Filters(),
                questions: int | None = None, minutes: int | None = None,
                seed: int | None = None, resume: bool = False) -> MockRoundScreen | None:
    """Make (or resume) a round and return its screen; None (with a notification) if no cards."""
    ctx = app.ctx
    store = ctx.store
    active = store.mock.active()
    if resume and active is not None:
        return MockRoundScreen(MockRound.load(store, ctx.clock, ctx.calendar, active))
    if format_name is not None and format_name in FORMATS:
        fmt = FORMATS[format_name] if minutes is None else with_minutes(FORMATS[format_name],
                                                                         minutes)
    else:
        fmt = custom_format(questions or 5, minutes or 5)
    try:
        round_ = MockRound.create(store, ctx.clock, ctx.calendar, fmt, filters, seed)
        if active is not None:  # one round at a time; the older one stays in the history
            store.mock.update_round(active, status="abandoned")
    except ValueError as exc:
        app.notify(str(exc), title="Mock interview", severity="error")
        return None
    except StoreError as exc:
        report_store_error(app, exc)
        return None
    return MockRoundScreen(round_)
