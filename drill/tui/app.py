"""The drill app: sections as modes, screens pushed on top, one stylesheet, the command palette."""

from __future__ import annotations

import contextlib
import gc
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual._time import get_time  # the clock of every event's `time`
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import AwaitMount

from drill.context import Context
from drill.review import Filters
from drill.settings import save_settings
from drill.store import StoreError
from drill.sync import SyncReport
from drill.text import count, escape_control, has_control
from drill.tui.key_intake import KeyIntake
from drill.tui.saving import reports_store_errors
from drill.tui.screens.home import HomeScreen
from drill.tui.sharing import merge_shared, start_sharing

WELCOMED = "welcomed"
DECK_WATCH_SECONDS = 2.0
SCREENS_CSS = Path(__file__).absolute().with_name("screens.tcss")  # see drill.tcss's first lines


def flush_terminal_input() -> None:
    """Discard what was typed into the terminal and not read yet (nothing without a terminal)."""
    try:
        import termios  # Unix only
    except ImportError:
        return
    with contextlib.suppress(OSError, ValueError, termios.error):
        termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)


# Screens other than Home are imported when first opened, so start-up does not load them.
def _settings_screen() -> Screen:
    from drill.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _roadmap_screen() -> Screen:
    from drill.tui.screens.roadmap import RoadmapScreen

    return RoadmapScreen()


class DrillApp(KeyIntake, App[None]):
    """drill's app. Build it with `make_app` (the command line and the tests both do)."""

    CSS_PATH = "drill.tcss"
    TITLE = "drill"
    MODES = {"settings": _settings_screen, "roadmap": _roadmap_screen}  # "home": see below
    DEFAULT_MODE = "home"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # see DrillFooter
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help",
                tooltip="this help: grades, every key, where things live (f1 in a text field)",
                id="help"),
        # Keys every terminal sends (ctrl+comma, once here, reaches few terminals).
        Binding("f2", "switch_mode('settings')", "Settings", show=False,
                tooltip="settings, from any screen", id="settings"),
        Binding("ctrl+n", "add_card", "Add card",
                tooltip="add a card to one of your decks, in the card form", id="add_card"),
    ]

    def __init__(self, ctx: Context, sync_report: SyncReport | None = None,
                 start_review: Filters | None = None, started: float | None = None,
                 start_mock: dict | None = None, start_minutes: int = 0) -> None:
        super().__init__()
        self.start_minutes = start_minutes  # `drill review --minutes N`: a time box
        self.start_mock = start_mock
        # Started by `drill mock` for one round: leaving that round leaves drill.
        self._round_leaves_app = start_mock is not None
        self.ctx = ctx
        self.sync_report = sync_report
        self.start_review = start_review
        self.started = started if started is not None else time.perf_counter()
        self.startup_ms: float | None = None
        self._sync_failing = False  # the last deck watch could not write to the store

    # --- user text: every notification and the title bar show it escaped, never as markup -----

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        super().notify(escape_control(message), title=escape_control(title), severity=severity,
                       timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        return super().format_title(escape_control(title), escape_control(sub_title))

    # --- start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """Home, the first screen, made as Textual makes a default screen (the mode "home" is
        named only now, for `switch_mode`): the first screen of a mode listed in MODES restyles
        the whole app as it opens, every stylesheet parsed again, ~30 ms more at start. A
        default screen mounts in its own time: `on_mount` waits for it."""
        self.add_mode("home", HomeScreen)
        home = HomeScreen()
        # Given by its first resize, the width class restyled all and drew the table twice.
        home.add_class(self.width_class(), update=False)
        return home

    def _load_screen_css(self, screen: Screen) -> None:
        """Before the first screen other than Home opens, the other screens' rules join the
        stylesheet; none names Home, so nothing shown is styled again (as in one file)."""
        if not isinstance(screen, HomeScreen) and not self.stylesheet.has_source(
                str(SCREENS_CSS), ""):
            self.stylesheet.read(SCREENS_CSS)
        super()._load_screen_css(screen)

    def width_class(self) -> str:
        """The HORIZONTAL_BREAKPOINTS class a screen's first resize gives it at this width (a
        screen given it as it is made is not restyled whole by that resize)."""
        return next(name for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True)
                    if self.size.width >= edge)

    def on_load(self) -> None:
        # No garbage collection until Home is first drawn (_note_startup turns it on again): the
        # ~70 young collections of a start (~12 ms) walked objects that live as long as the app.
        gc.disable()

    def on_unmount(self) -> None:
        gc.enable()  # (closed before Home was drawn)

    async def on_mount(self) -> None:
        # Home first, as a mode's screen would be: keys typed ahead and a refresh asked for
        # below reach a Home with its decks.
        await AwaitMount(self.screen, [self.screen])
        if self.ctx.settings.theme in self.available_themes:
            self.theme = self.ctx.settings.theme
        for warning in self.ctx.warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=10)
        self._report_sync(self.sync_report)
        self._offer_reattach(self.sync_report)
        self._reported = {(p.path, p.line, p.message)
                          for p in (self.sync_report.problems if self.sync_report else [])}
        self.set_interval(DECK_WATCH_SECONDS, self.watch_decks)
        start_sharing(self)  # merge other devices' reviews now, and every few minutes
        if self.start_review is not None:
            self.start_session(self.start_review, minutes=self.start_minutes)
        if self.start_mock is not None:
            if self.start_mock:
                self.open_mock(**self.start_mock)
            else:
                self.open_mock_setup(from_command_line=True)
        if self.ctx.store.meta.get(WELCOMED) is None:
            from drill.tui.screens.welcome import WelcomeScreen  # the first start only

            self.push_screen(WelcomeScreen(), self._welcomed)
        self.call_after_refresh(self._note_startup)

    # --- deck files edited while drill runs -----------------------------------------------------

    def watch_decks(self) -> None:
        """Re-read deck files that changed on disk (a stat per file; unchanged files are not
        read). Screens showing cards refresh; new problems are reported once."""
        try:
            report = self.ctx.sync()
        except OSError as exc:
            self.log.warning(f"deck sync failed: {exc}")
            return
        except StoreError as exc:  # locked by another program, read-only, full: try again later
            self.log.warning(f"deck sync not saved: {exc}")
            if not self._sync_failing:
                self.notify(f"Deck changes not read yet: {exc}. drill keeps trying.",
                            title="Decks", severity="warning", timeout=8, markup=False)
            self._sync_failing = True
            return
        self._sync_failing = False
        problems = {(p.path, p.line, p.message) for p in report.problems}
        new = problems - self._reported
        self._reported |= problems
        if new:
            self._report_sync(report)
        self._offer_reattach(report)
        if report.changed or report.stamped:
            self.refresh_screen()

    def refresh_screen(self) -> None:
        """Ask the current screen to show the store's new state (if it shows cards)."""
        refresh = getattr(self.screen, "decks_changed", None)
        if refresh is not None:
            self.call_later(refresh)  # call_later awaits it if it is a coroutine

    def on_app_focus(self) -> None:
        self.watch_decks()
        merge_shared(self)

    def _note_startup(self) -> None:
        self.startup_ms = (time.perf_counter() - self.started) * 1000
        # Everything built so far lives as long as the app: keep it out of later collections.
        gc.freeze()
        gc.enable()
        self.log.info(f"drill started in {self.startup_ms:.0f} ms")

    def _welcomed(self, _: object = None) -> None:
        try:
            self.ctx.store.meta.set(WELCOMED, "1")
        except StoreError as exc:  # shown again next time; nothing else depends on it
            self.log.warning(f"welcome not saved: {exc}")

    def _report_sync(self, report: SyncReport | None) -> None:
        if report is None or not report.problems:
            return
        files = sorted({p.path for p in report.problems})
        first = report.problems[0]
        kept = ("; their cards stay as they were" if any(p.severity == "error"
                                                          for p in report.problems) else "")
        self.notify(
            f"{first.path}:{first.line}: {first.message}\n"
            f"{count(len(report.problems), 'problem')} in {count(len(files), 'file')}{kept}. "
            "Run `drill check` to see them all.",
            title="Deck problems", severity="warning", timeout=12)

    def _offer_reattach(self, report: SyncReport | None) -> None:
        """A card gone from a file while a new one took its place (an editor saved a stale buffer
        without the id line): ask before giving the new card the old one's history."""
        if report is None or not report.suggested:
            return
        from drill.sync import ReattachError, reattach
        from drill.tui.screens.browse import ConfirmScreen

        store = self.ctx.store
        for orphan_id, new_id in report.suggested:
            orphan, new = store.cards.get(orphan_id), store.cards.get(new_id)
            if orphan is None or new is None:
                continue

            def answered(yes: bool | None, orphan_id: str = orphan_id, new_id: str = new_id):
                if not yes:
                    self.notify(f"Kept apart: `drill orphans --reattach {orphan_id} {new_id}` "
                                "does it later.", timeout=6)
                    return
                try:
                    reattach(store, orphan_id, new_id, self.ctx.clock.now(), self.ctx.calendar)
                except ReattachError as exc:
                    self.notify(str(exc), title="Not reattached", severity="error")
                    return
                self.notify(f"{new_id} now carries the history of {orphan_id}.", timeout=4)
                self.refresh_screen()

            reviews = store.log.progress(orphan_id).reviews
            self.push_screen(ConfirmScreen(
                f"“{new.prompt[:60]}” in {new.path}:{new.line} took the place of “"
                f"{orphan.prompt[:60]}”, whose id line is gone (a stale save?). Give it that "
                f"card's history ({count(reviews, 'review')})?"), answered)

    # --- actions every screen shares ----------------------------------------------------------

    def action_add_card(self, deck: str | None = None) -> None:
        """The card form; its deck is the one in view (or the last one added to)."""
        from drill.tui.screens.card_form import LAST_DECK, CardFormScreen

        if isinstance(self.screen, CardFormScreen):
            return
        if deck is None:
            in_view = getattr(self.screen, "deck_in_view", None)
            deck = in_view() if in_view is not None else None
        self.push_screen(CardFormScreen(deck=deck or self.ctx.store.meta.get(LAST_DECK)),
                         self._card_saved)

    def edit_card(self, card_id: str) -> None:
        """Edit a card in the form (a bundled card becomes an override in the user's deck)."""
        from drill.tui.screens.card_form import CardFormScreen

        card = self.ctx.store.cards.get(card_id)
        if card is None:
            return
        if has_control(f"{card.deck}{card.prompt}{card.answer}"):
            # Text fields would send them to the terminal as they are; escaping them would
            # change the card on save. The user's editor shows them safely.
            self.notify("This card holds control characters (shown as \\x1b and the like): "
                        "edit it in your editor (e) instead.", title="Edit", severity="warning")
            return
        if card.kind == "story" and card.of_id is None:  # a story: the story form
            from drill.tui.screens.story_form import open_story_form

            open_story_form(self, card, self._card_saved)
            return
        self.push_screen(CardFormScreen(card=card), self._card_saved)

    def action_open_stories(self) -> None:
        from drill.tui.screens.stories import StoriesScreen

        self.push_screen(StoriesScreen())

    def open_browser(self, query: str = "") -> None:
        from drill.tui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(query))

    def _card_saved(self, card_id: str | None) -> None:
        if card_id is not None:
            self.refresh_screen()

    def action_help(self) -> None:
        from drill.tui.screens.help import HelpScreen  # imported when first opened

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def start_session(self, filters: Filters = Filters(), title: str | None = None,
                      minutes: int = 0) -> None:
        """Open a review of today's cards (of a deck, a tag or a kind, or all); with `minutes`,
        a time-boxed one."""
        from drill.session import ReviewSession
        from drill.tui.screens.review import ReviewScreen

        ctx = self.ctx
        name = title or filters.deck or (f"tag: {filters.tag}" if filters.tag else "All decks")
        session = ReviewSession.today(ctx.store, ctx.reviewer(), ctx.limits, filters, name,
                                      ctx.store.roadmap.target_role(), minutes)
        if not session.pending:
            self.notify(f"Nothing to review in {name} today. Review ahead from Home (a), or "
                        "start a mock round (m).", title="Nothing due", timeout=5)
            return
        self.push_screen(ReviewScreen(session))

    def start_ahead(self) -> None:
        from drill.session import ReviewSession
        from drill.tui.screens.review import ReviewScreen

        ctx = self.ctx
        session = ReviewSession.ahead(ctx.store, ctx.reviewer())
        if not session.pending:
            self.notify("Nothing falls due in the next 7 days.", title="Review ahead")
            return
        self.push_screen(ReviewScreen(session))

    def open_mock(self, format_name: str | None = None, filters: Filters = Filters(),
                  questions: int | None = None, minutes: int | None = None,
                  seed: int | None = None, resume: bool = False) -> None:
        """Start a mock round (or resume the one in progress) on top of the current screen."""
        from drill.tui.screens.mock import MockSetupScreen, start_round

        screen = start_round(self, format_name, filters, questions, minutes, seed, resume)
        if screen is None:
            return
        screen.leaves_app, self._round_leaves_app = self._round_leaves_app, False
        if isinstance(self.screen, MockSetupScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_open_stats(self) -> None:
        """The statistics screen (its module is imported when first opened)."""
        from drill.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_open_plan(self) -> None:
        """The study plan screen: interview dates and the pace to them."""
        from drill.tui.screens.plan import PlanScreen

        if not isinstance(self.screen, PlanScreen):
            self.push_screen(PlanScreen())

    def open_mock_setup(self, from_command_line: bool = False) -> None:
        from drill.tui.screens.mock import MockSetupScreen

        if not from_command_line:  # chosen in the app: its round returns to the app
            self._round_leaves_app = False
        self.push_screen(MockSetupScreen())

    def save_settings(self, **changes: object) -> None:
        """Apply settings at once and save them to the settings file. A new scheduler (or FSRS
        retention) replays the whole log under it; if the database refuses, the old schedule
        and settings stay."""
        ctx = self.ctx
        before = ctx.settings
        self._save(ctx, changes)
        if {"scheduler", "retention"} & changes.keys():
            self._follow_scheduler(before)

    def _save(self, ctx, changes: dict) -> None:
        ctx.settings = ctx.settings._replace(**changes)  # type: ignore[arg-type]
        ctx.calendar.rollover_hour = ctx.settings.rollover_hour
        try:
            save_settings(ctx.locations.config_file, ctx.settings)
        except OSError as exc:
            self.notify(f"Could not save settings: {exc}", severity="error")

    @reports_store_errors
    def _follow_scheduler(self, before) -> None:
        try:
            cards = self.ctx.follow_scheduler_setting()
        except Exception:
            self._save(self.ctx, {"scheduler": before.scheduler, "retention": before.retention})
            raise
        if cards is not None:
            label = {"sm2": "SM-2", "fsrs": "FSRS"}[self.ctx.settings.scheduler]
            self.notify(f"Scheduling with {label}: {count(cards, 'card')} rescheduled from your "
                        "log.")

    def edit_in_editor(self, card_id: str) -> None:
        """Open a card in $EDITOR at its line (a bundled card is first copied into the user's
        deck); when the editor exits, deck files are re-read and the screen refreshed."""
        from drill.editing import edit_target, editor_command

        card = self.ctx.store.cards.get(card_id)
        if card is None:
            return
        command = editor_command()
        if command is None:
            self.notify("Set $EDITOR to your editor (e.g. export EDITOR=nano) to edit cards.",
                        title="No editor", severity="warning")
            return
        try:
            target = edit_target(card, self.ctx.locations.decks_dir)
        except OSError as exc:
            self.notify(str(exc), title="Cannot edit", severity="error")
            return
        self._keys_ignored_before = float("inf")  # until the editor is done: see _editor_worker
        self._editor_worker(command, target)

    @work(exclusive=True, group="editor")
    async def _editor_worker(self, command: list[str], target) -> None:
        from drill.editing import editor_argv, undo_unchanged_copy

        argv = editor_argv(command, target.path, target.line)
        try:
            self.run_editor(argv)
        except Exception as exc:  # SuspendNotSupported, editor missing...
            undo_unchanged_copy(target)
            self.notify(f"Could not run {argv[0]}: {exc}", title="Edit", severity="error")
            return
        finally:
            # Keys typed while the editor opened or closed were meant for it, not for drill
            # (a stray `b` once buried a card): drop the ones read as events before now.
            self._keys_ignored_before = get_time()
        if undo_unchanged_copy(target):
            self.notify("The card is unchanged: nothing was copied into your decks.",
                        title="Edit", timeout=4)
            return
        if target.copied:
            self.notify(f"Bundled cards are read-only: your version is in {target.path}, where "
                        "it replaces the bundled text and keeps its history.", timeout=8)
        self.watch_decks()  # re-reads the edited file and refreshes the screen

    def run_editor(self, argv: list[str]) -> None:
        """Hand the terminal to the user's editor until it exits; then discard the keys typed
        meanwhile that are still waiting in the terminal."""
        with self.suspend():
            subprocess.run(argv, check=False)
            flush_terminal_input()

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.ctx.settings.theme:
            self.save_settings(theme=theme)

    # --- the command palette (its entries: drill/tui/palette.py) -----------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from drill.tui.palette import app_commands

        yield from app_commands(self, screen)
        yield from super().get_system_commands(screen)

    def go_home(self) -> None:
        self._round_leaves_app = False
        self.switch_mode("home")
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def review_from_home(self, filters: Filters) -> None:
        self.go_home()
        self.start_session(filters)


def make_app(ctx: Context, sync_report: SyncReport | None = None,
             start_review: Filters | None = None, started: float | None = None,
             start_mock: dict | None = None, start_minutes: int = 0) -> DrillApp:
    """The one way to build the app: `drill` and the tests both use it (store and clock injected
    through the context). `start_mock`: {} opens the mock setup, or the arguments of a round."""
    # The modules imported so far live as long as the process: keep them out of the collections
    # while the app starts (a full one there walked them all, 10-35 ms).
    gc.freeze()
    return DrillApp(ctx, sync_report=sync_report, start_review=start_review, started=started,
                    start_mock=start_mock, start_minutes=start_minutes)
