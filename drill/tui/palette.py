"""The command palette's entries: what the current screen offers, then every app-wide command.

Kept apart from app.py so new features add their palette line here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from drill.review import Filters
from drill.tui.screens.custom_study import open_custom_study
from drill.tui.text import markup_escape

if TYPE_CHECKING:
    from drill.tui.app import DrillApp


def app_commands(app: DrillApp, screen: Screen) -> Iterable[SystemCommand]:
    """The palette's entries: the current screen's actions, then the app's own."""
    yield from screen_actions(app, screen)
    yield SystemCommand("Home", "Today's decks and counts", app.go_home)
    yield SystemCommand("Review all", "Review everything due today",
                        lambda: app.review_from_home(Filters()))
    for deck in app.ctx.store.cards.decks():
        shown = markup_escape(deck)
        yield SystemCommand(f"Review deck: {shown}", f"Review today's cards from {shown}",
                            lambda deck=deck: app.review_from_home(Filters(deck=deck)))
    yield SystemCommand("Review ahead", "Practise cards due in the next week (off schedule)",
                        app.start_ahead)
    yield SystemCommand("Custom study", "More new cards, forgotten cards, a tag or difficulty, "
                        "cramming, review N days ahead", lambda: open_custom_study(app))
    from drill.mock import FORMATS

    yield SystemCommand("Mock interview", "Choose a format, resume a round, or see history",
                        app.open_mock_setup)
    for fmt in FORMATS.values():
        yield SystemCommand(f"Mock: {fmt.title}", fmt.description,
                            lambda name=fmt.name: app.open_mock(name))
    yield SystemCommand("Career roadmap", "Paths, skills, timelines, salaries, interview "
                        "stages, and your action plan", lambda: app.switch_mode("roadmap"))
    yield SystemCommand("Statistics: progress and readiness", "Reviews, streaks, retention, "
                        "forecast, card states, hardest cards, mock scores, readiness",
                        app.action_open_stats)
    yield SystemCommand("Study plan: interview dates", "Add, change or remove interview "
                        "dates; the pace to the nearest and whether it fits",
                        app.action_open_plan)
    yield SystemCommand("Story bank: coverage", "Your STAR stories against the behavioural "
                        "competencies: gaps, hints; read, write and edit stories",
                        app.action_open_stories)
    yield SystemCommand("Write a story", "A new STAR story, in a form with a live preview",
                        lambda: open_story_form_new(app))
    yield SystemCommand("Add card", "Write a new card into one of your decks",
                        app.action_add_card)
    yield SystemCommand("Browse cards", "Search, sort, edit, suspend, reset or delete cards",
                        app.open_browser)
    yield SystemCommand("Suspended cards", "Put suspended cards back into review",
                        lambda: open_suspended(app))
    yield SystemCommand("Import from Anki", "Cards and review history from an .apkg or "
                        ".colpkg file, or cards from a CSV/TSV file", lambda: open_anki_import(app))
    if app.ctx.share is not None:
        from drill.tui.sharing import merge_shared

        yield SystemCommand("Shared folder: merge now", "Merge the reviews your other devices "
                            "wrote to the shared folder", lambda: merge_shared(app, asked=True))
    yield SystemCommand("Settings", "Daily limits, rollover hour, grade buttons, theme",
                        lambda: app.switch_mode("settings"))
    yield SystemCommand("Help", "Grades, keys, and where your decks and data live",
                        app.action_help)


def screen_actions(app: DrillApp, screen: Screen) -> Iterable[SystemCommand]:
    """Every action the current screen offers right now, as in its footer."""
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in seen:
            continue
        if active.node is app or binding.action.startswith(("app.", "command_palette")):
            continue  # the app's own commands are listed below, once
        seen.add(binding.action)
        # The words help uses (the footer's are short), and which key does it here.
        title = binding.tooltip or binding.description
        title = title[:1].upper() + title[1:]
        if binding.group is not None:
            title = f"{binding.group.description} {key}"
        yield SystemCommand(title, f"key {app.get_key_display(binding)} on this screen",
                            lambda binding=binding, node=active.node:
                            app.run_action(binding.action, node))


def open_anki_import(app: DrillApp) -> None:
    from drill.tui.screens.anki_import import AnkiImportScreen

    app.push_screen(AnkiImportScreen(),
                     lambda imported: app.watch_decks() if imported else None)

def open_suspended(app: DrillApp) -> None:
    from drill.tui.screens.suspended import SuspendedScreen

    app.push_screen(SuspendedScreen())


def open_story_form_new(app: DrillApp) -> None:
    from drill.tui.screens.story_form import StoryFormScreen

    app.push_screen(StoryFormScreen(), lambda saved: app.refresh_screen() if saved else None)
