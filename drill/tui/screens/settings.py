"""Settings: daily limits, rollover hour, the order of new cards, grade buttons, scheduler,
theme and the shared folder; applied and saved at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, Static

from drill.settings import NEW_CARD_ORDERS, validate
from drill.tui.fresh import StyledOnce
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

NUMBERS = {
    "new_per_day": ("New cards a day", "How many new cards a day may bring (0–9999).", 0, 9999),
    "review_cap": ("Review cap", "Most reviews of learned cards a day; 0 means no cap.", 0, 9999),
    "rollover_hour": ("Day starts at", "The hour (0–23, local time) when a new drill day begins.",
                      0, 23),
    **{f"timer_{kind}": (f"Timer: {kind}", f"Seconds to answer a {kind} card before the "
                         "suggested grade drops; 0 means no timer.", 0, 3600)
       for kind in ("concept", "design", "star", "coding", "story")},
    "retention": ("FSRS retention", "With FSRS: the share of cards you want to recall when they "
                  "come due (70–99 %). Higher means more reviews.", 70, 99),
}


class SettingsScreen(StyledOnce, Screen[None]):
    BINDINGS = [Binding("escape", "app.switch_mode('home')", "Back",
                        tooltip="back to Home (changes are saved as you make them)",
                        id="settings.back")]

    def compose(self) -> ComposeResult:
        settings = self.app.ctx.settings  # type: ignore[attr-defined]
        yield Header()
        with VerticalScroll(id="settings"):
            for key, (label, hint, low, high) in NUMBERS.items():
                yield _setting(label, hint, _field(Input(
                    str(getattr(settings, key)), id=key, type="integer",
                    validators=[Integer(minimum=low, maximum=high)], valid_empty=False)))
            yield _setting(
                "New cards while catching up", "After a break, with more due than a day's work: "
                "pause new cards until the backlog is cleared, or keep them coming.",
                Select([("Pause them", "pause"), ("Keep them coming", "keep")],
                       value="keep" if settings.new_while_catching_up else "pause",
                       allow_blank=False, id="new_while_catching_up"))
            yield _setting(
                "Order of new cards", "Decks in turn: one card of each deck in turn. File order: "
                "deck by deck, as the cards are written. A study plan's cards come first either "
                "way.",
                Select([("Decks in turn", "decks-in-turn"), ("File order", "file-order")],
                       value=settings.new_card_order, allow_blank=False, id="new_card_order"))
            yield _setting(
                "Grade buttons", "SM-2 grades 0–5, or Anki's Again / Hard / Good / Easy.",
                Select([("SM-2 grades 0–5", "sm2"), ("Anki buttons 1–4", "anki")],
                       value=settings.grade_buttons, allow_blank=False, id="grade_buttons"))
            yield _setting(
                "Scheduler", "SM-2, or FSRS (see `drill evaluate` for which predicts your recall "
                "better). Changing it replays your whole log.",
                Select([("SM-2", "sm2"), ("FSRS", "fsrs")], value=settings.scheduler,
                       allow_blank=False, id="scheduler"))
            yield _setting(
                "Theme", "Colours of the whole app (also in the command palette).",
                Select([(name, name) for name in sorted(self.app.available_themes)],
                       value=self.app.theme, allow_blank=False, id="theme"))
            yield _setting(
                "Shared folder", "A folder you sync between machines (Syncthing, Dropbox, git): "
                "reviews merge through it. Enter links it; empty unlinks.",
                _field(Input(settings.share_folder, id="share_folder", placeholder="~/Sync/drill")))
            yield Static(plain(f"Saved to {self.app.ctx.locations.config_file}"),  # type: ignore[attr-defined]
                         classes="hint", id="settings-path")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Settings"

    def on_input_changed(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        if key not in NUMBERS:
            return
        error = self.query_one(f"#{key}-error", Static)
        if event.validation_result is not None and not event.validation_result.is_valid:
            low, high = NUMBERS[key][2:]
            error.update(f"Enter a whole number from {low} to {high}; not saved.")
            return
        value, problem = validate(key, int(event.value))
        if problem:
            error.update(problem)
            return
        error.update("")
        if value != getattr(self.app.ctx.settings, key):  # type: ignore[attr-defined]
            self.app.save_settings(**{key: value})  # type: ignore[attr-defined]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "share_folder":
            return
        from drill.tui.sharing import link_folder

        error = self.query_one("#share_folder-error", Static)
        if link_folder(self.app, event.value):  # type: ignore[arg-type]
            error.update("")
            event.input.value = self.app.ctx.settings.share_folder  # type: ignore[attr-defined]
        else:
            error.update("Not linked: no such folder.")

    def on_select_changed(self, event: Select.Changed) -> None:
        settings = self.app.ctx.settings  # type: ignore[attr-defined]
        if (event.select.id == "new_while_catching_up" and event.value in ("pause", "keep")
                and (event.value == "keep") != settings.new_while_catching_up):
            self.app.save_settings(new_while_catching_up=event.value == "keep")  # type: ignore[attr-defined]
        elif (event.select.id == "new_card_order" and event.value in NEW_CARD_ORDERS
              and event.value != settings.new_card_order):
            self.app.save_settings(new_card_order=event.value)  # type: ignore[attr-defined]
        elif (event.select.id == "grade_buttons" and event.value in ("sm2", "anki")
                and event.value != settings.grade_buttons):
            self.app.save_settings(grade_buttons=event.value)  # type: ignore[attr-defined]
        elif (event.select.id == "scheduler" and event.value in ("sm2", "fsrs")
              and event.value != settings.scheduler):
            self.app.save_settings(scheduler=event.value)  # type: ignore[attr-defined]
        elif (event.select.id == "theme" and isinstance(event.value, str)
              and event.value != self.app.theme):
            self.app.theme = event.value


def _setting(label: str, hint: str, control: Widget) -> Horizontal:
    """One row of the screen: the setting's name and what it does, then its control."""
    return Horizontal(Vertical(Label(f"[b]{label}[/]"), Static(hint, classes="hint"),
                               classes="setting-label"), control, classes="setting")


def _field(box: Input) -> Vertical:
    """A typed setting: its input, with the line under it where a bad value is explained."""
    return Vertical(box, Static("", id=f"{box.id}-error", classes="error"),
                    classes="setting-field")
