"""The app's start-up, made quicker (issue 26), shows and does what it did: the footer's keys follow
the bindings, Home is the `home` mode with the right width class, and what Home does not need is
not loaded before it is drawn."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from textual.widgets._footer import FooterKey

from drill.tui.app import make_app
from drill.tui.footer import DrillFooter
from drill.tui.screens.home import HomeScreen
from tests.conftest import REPO

SIZE = (120, 40)


def footer_keys(app) -> dict[str, FooterKey]:
    return {key.action: key for key in app.screen.query_one(DrillFooter).query(FooterKey)}


async def test_footer_keys_follow_the_bindings_and_are_rebuilt_only_when_they_change(make_ctx):
    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(160, 40)) as pilot:  # wide enough for the secondary keys
        await pilot.pause()
        keys = footer_keys(app)
        assert {"select_cursor", "review_all", "toggle_deck", "mock", "app.quit"} <= set(keys)
        assert all(key.has_class("-compact") for key in keys.values())
        assert not keys["toggle_deck"].has_class("-disabled")
        app.screen.refresh_bindings()  # nothing the footer shows changed: the same keys stay
        await pilot.pause()
        assert footer_keys(app) == keys
        rows = app.screen.query_one("#decks").row_count
        await pilot.press(*["down"] * (rows - 1))  # the totals row: no deck to turn on or off
        await pilot.pause()
        # Only a key's state changed: the same keys, restyled where they stand.
        assert footer_keys(app) == keys
        assert keys["toggle_deck"].has_class("-disabled") and keys["toggle_deck"]._disabled
        assert not keys["review_all"].has_class("-disabled")
        await pilot.press("up")
        await pilot.pause()
        assert footer_keys(app) == keys
        assert not keys["toggle_deck"].has_class("-disabled") and not keys["toggle_deck"]._disabled


async def test_home_is_the_home_mode_and_gets_its_width_class_from_the_start(make_ctx):
    ctx = make_ctx()
    for size, width_class, other in (((80, 24), "-narrow", "-wide"), (SIZE, "-wide", "-narrow")):
        app = make_app(ctx, sync_report=ctx.sync())
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert home.has_class(width_class) and not home.has_class(other)
            await pilot.press("s")
            await pilot.pause()
            assert type(app.screen).__name__ == "SettingsScreen"
            await pilot.press("escape")  # back to the mode "home": the same screen
            await pilot.pause()
            assert app.screen is home
            await pilot.resize_terminal(*(SIZE if size == (80, 24) else (80, 24)))
            await pilot.pause()
            assert home.has_class(other) and not home.has_class(width_class)


async def test_home_is_styled_once_as_it_first_shows_and_keeps_its_look(make_ctx, restyled):
    """Home's widgets are styled as they mount, not all again as it first shows
    (`drill.tui.fresh.StyledOnce`): with the light theme from the settings, a full restyle
    afterwards changes no widget's colours."""
    ctx = make_ctx()
    ctx.settings = ctx.settings._replace(theme="textual-light")
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and "HomeScreen" not in restyled
        assert app.theme == "textual-light"
        widgets = list(home.walk_children(with_self=True))
        looks = [(w.styles.color, w.styles.background, w.styles.text_style) for w in widgets]
        home.update_node_styles(animate=False)
        assert [(w.styles.color, w.styles.background, w.styles.text_style)
                for w in widgets] == looks


def test_starting_to_home_loads_no_other_screen_nor_the_roadmap(tmp_path):
    """Screens other than Home, their Markdown, the roadmap's records, (when no deck file
    changed) the deck parser and (TZ unset) zoneinfo load when first used."""
    code = textwrap.dedent(f"""
        import asyncio, sys
        from pathlib import Path
        from drill.context import open_context
        from drill.tui.app import WELCOMED, make_app
        from drill.tui.screens.home import HomeScreen

        ctx = open_context(db=Path({str(tmp_path / "drill.db")!r}))
        ctx.store.meta.set(WELCOMED, "1")
        app = make_app(ctx, sync_report=ctx.sync())

        async def run():
            async with app.run_test(size=(120, 40)) as pilot:
                while not isinstance(app.screen, HomeScreen) or app.startup_ms is None:
                    await pilot.pause()
                print(" ".join(sorted(sys.modules)))

        asyncio.run(run())
        ctx.close()
        """)
    env = {name: value for name, value in os.environ.items() if name != "TZ"}  # /etc/localtime
    for _start in ("the first, which syncs the decks", "a start with nothing changed"):
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                                text=True, check=False, env=env)
        assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "drill.tui.screens.home" in loaded
    unwanted = {"drill.tui.screens.review", "drill.tui.screens.settings",
                "drill.tui.screens.stories", "drill.tui.screens.roadmap", "drill.session",
                "drill.roadmap_types", "drill.roadmap_content", "drill.roadmap_pages",
                "markdown_it", "pygments", "rich._emoji_codes", "drill.decks",
                "drill.deckfile.parse",  # (the deck parser: nothing changed on disk)
                "drill.tui.widgets", "drill.tui.keypoints",  # (Home's footer is apart)
                "zoneinfo", "sysconfig"}  # (today's date comes from the C library: Calendar.day)
    assert unwanted & loaded == set()


async def test_garbage_collection_pauses_only_until_home_is_first_drawn(make_ctx):
    import gc

    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    seen = []
    note_startup = app._note_startup

    def noted() -> None:
        seen.append(gc.isenabled())  # paused while Home was built and drawn
        note_startup()

    app._note_startup = noted
    assert gc.isenabled()
    async with app.run_test(size=SIZE) as pilot:
        while app.startup_ms is None:
            await pilot.pause()
        assert seen == [False] and gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # however far it got, a closed app leaves collection on
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=SIZE):
        pass
    assert gc.isenabled()
