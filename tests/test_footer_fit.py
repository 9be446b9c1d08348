"""Every key the footer shows fits on the screen, whatever its width: below 100 columns (the
`-narrow` breakpoint) or below a screen's FOOTER_WIDTH the less used keys give way, and the keys
that matter and `?` always show (at 120 columns Home's keys ran under the palette key, `?` off
the screen)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets._footer import FooterKey

from drill.tui.app import make_app
from drill.tui.footer import DrillFooter
from drill.tui.screens.home import HomeScreen

SECONDARY = {"toggle_deck", "review_tag", "review_ahead", "custom_study", "add_card"}


def shown(app) -> tuple[DrillFooter, dict[str, FooterKey]]:
    footer = app.screen.query_one(DrillFooter)
    keys = {key.action: key for key in footer.query(FooterKey) if key.display}
    return footer, keys


def assert_fits(app, width: int) -> dict[str, FooterKey]:
    footer, keys = shown(app)
    docked = sum(key.outer_size.width for key in keys.values()
                 if key.has_class("-command-palette"))
    last = max(key.virtual_region.right for key in keys.values()
               if not key.has_class("-command-palette"))
    assert footer.size.width == width
    assert last + docked <= width  # no key scrolled off the screen or under the palette key
    assert any(key.key == "question_mark" for key in keys.values())  # help always shows
    return keys


@pytest.mark.parametrize("width", [80, 99, 100, 120, 139, 140, 170])
async def test_homes_footer_fits_every_width(make_ctx, width):
    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        keys = assert_fits(app, width)
        assert {"review_all", "mock", "app.quit"} <= set(keys)
        every = width >= HomeScreen.FOOTER_WIDTH
        assert (set(keys) >= SECONDARY) if every else not SECONDARY & set(keys)


async def test_the_footer_gives_way_and_comes_back_as_the_terminal_is_resized(make_ctx):
    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert set(assert_fits(app, 160)) >= SECONDARY
        for width in (120, 160, 90, 150):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            keys = assert_fits(app, width)
            every = width >= HomeScreen.FOOTER_WIDTH
            assert (set(keys) >= SECONDARY) if every else not SECONDARY & set(keys)


@pytest.mark.parametrize("key, screen", [("b", "BrowseScreen"), ("g", "StatsScreen")])
@pytest.mark.parametrize("width", [80, 100, 114, 115, 170])
async def test_the_footers_of_the_screens_with_most_keys_fit_every_width(make_ctx, key, screen,
                                                                        width):
    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == screen
        keys = assert_fits(app, width)
        secondary = set(app.screen.FOOTER_SECONDARY) | {"add_card"}
        every = width >= app.screen.FOOTER_WIDTH
        assert not every or secondary & set(keys), "the wide footer shows its secondary keys"
        assert every or not secondary & set(keys)


async def test_keys_that_give_way_are_not_built_and_come_back_after_a_resize_under_a_screen(
        make_ctx):
    """Keys that would be hidden are not built at all (a quicker start), and a resize while
    another screen is on top leaves Home's footer right when Home shows again."""
    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(DrillFooter)
        built = {key.action for key in footer.query(FooterKey)}
        assert {"review_all", "app.quit"} <= built and not SECONDARY & built
        assert not footer.query(".-command-palette")
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert set(assert_fits(app, 160)) >= SECONDARY
        assert footer.query(".-command-palette")
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        assert not SECONDARY & set(assert_fits(app, 90))
        assert not SECONDARY & {key.action for key in footer.query(FooterKey)}


async def test_moving_the_cursor_on_home_does_not_lay_the_screen_out_again(make_ctx, monkeypatch):
    """Each cursor move on Home changes its bindings, and the footer is asked to rebuild; with the
    same keys it used to lay the whole screen out again every time (three times more just after
    Home's first frame). It does so only after the screen comes back to the front (a list that
    grew while another screen was on top takes its new height: tests/test_terminal_stories.py)."""
    from textual.screen import Screen

    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    layouts: list[Screen] = []
    lay_out = Screen._refresh_layout

    def counted(screen, *args, **kwargs):
        layouts.append(screen)
        return lay_out(screen, *args, **kwargs)

    asked: list[DrillFooter] = []
    recompose = DrillFooter.recompose

    async def asked_to_rebuild(footer):
        asked.append(footer)
        await recompose(footer)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    monkeypatch.setattr(DrillFooter, "recompose", asked_to_rebuild)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        footer, keys = shown(app)
        layouts.clear()
        asked.clear()
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
        assert app.screen.query_one("#decks").cursor_row == 3
        assert footer in asked  # the moves changed the bindings
        assert layouts == []
        assert shown(app)[1] == keys  # the same keys, not rebuilt


async def test_home_has_nothing_left_to_lay_out_or_draw_once_it_has_started(make_ctx,
                                                                            monkeypatch):
    """Once the app notes it has started (Home drawn), Home is settled, its footer's keys drawn:
    nothing more is laid out or drawn. The footer's requests to rebuild that follow Home's first
    frame each laid the whole screen out again, and it was drawn once more after the start."""
    from textual._compositor import Compositor
    from textual.screen import Screen

    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    work: list[str] = []
    lay_out, draw = Screen._refresh_layout, Compositor.render_update

    def laid_out(screen, *args, **kwargs):
        work.append("layout")
        return lay_out(screen, *args, **kwargs)

    def drawn(compositor, *args, **kwargs):
        update = draw(compositor, *args, **kwargs)
        if update is not None:
            work.append("draw")
        return update

    monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
    monkeypatch.setattr(Compositor, "render_update", drawn)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.startup_ms is None:
            await asyncio.sleep(0)  # not a pause: that waits for the screen to settle
        assert isinstance(app.screen, HomeScreen)
        assert "draw" in work
        shown = app.screen._compositor.visible_widgets  # laid out in a frame drawn by now
        assert {"enter", "r", "b", "q", "question_mark"} <= {
            key.key for key in app.screen.query(FooterKey) if key in shown}
        work.clear()
        await pilot.pause()
        await pilot.pause()
        assert work == []


@pytest.mark.parametrize("key", ["p", "y"])
async def test_opening_and_leaving_a_screen_builds_its_keys_once(make_ctx, monkeypatch, key):
    """Opening the roadmap or the story bank and leaving it builds its footer's keys once: the
    changes of bindings as it sets itself up and as it closes rebuild nothing."""
    from textual.widgets import Footer

    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    built: list[str] = []
    build = Footer.recompose

    async def counted(footer):
        built.append(type(footer.screen).__name__)
        await build(footer)

    monkeypatch.setattr(Footer, "recompose", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        built.clear()
        await pilot.press(key)
        await pilot.pause()
        opened = type(app.screen).__name__
        assert opened != "HomeScreen"
        assert len(list(app.screen.query(FooterKey))) > 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert built.count(opened) == 1
