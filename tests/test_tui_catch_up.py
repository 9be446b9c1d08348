"""Catching up and time-boxed sessions in the app, driven headless with Pilot."""

from __future__ import annotations

from textual.widgets import Select, Static

from drill.settings import Settings
from drill.tui.screens.home import HomeScreen
from tests.test_tui import app_for, plain


def user_deck(count: int) -> str:
    return "# Mine\n" + "".join(f"\n## Mine question {i}?\n<!-- id: mine{i:04d} -->\nAnswer {i}.\n"
                                for i in range(count))


def learned(make_ctx, count: int, settings: Settings, away_days: int):
    """A context whose user deck's `count` cards were learned, then left for `away_days`."""
    ctx = make_ctx(settings=settings, user_deck=user_deck(count))
    ctx.sync()
    reviewer = ctx.reviewer()
    for i in range(count):
        reviewer.grade(f"mine{i:04d}", 5)
    ctx.clock.advance(days=away_days)
    return ctx


async def test_home_says_how_long_catching_up_takes_in_one_line(make_ctx):
    ctx = learned(make_ctx, 12, Settings(new_per_day=5, review_cap=5), away_days=7)
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = plain(app.screen.query_one("#today", Static))
        line = next(line for line in text.splitlines() if line.startswith("Catching up"))
        assert line == "Catching up: 12 overdue cards, about 3 days at 5 a day; new cards wait"
        assert len(line) <= 80
        assert "Today: 5 due · 0 new" in text


async def test_the_setting_lets_new_cards_come_while_catching_up(make_ctx):
    ctx = learned(make_ctx, 12, Settings(new_per_day=5, review_cap=5), away_days=7)
    app = app_for(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#new_while_catching_up", Select).value = "keep"
        await pilot.pause()
        assert ctx.settings.new_while_catching_up is True
        await pilot.press("escape")
        await pilot.pause()
        text = plain(app.screen.query_one("#today", Static))
        assert "Today: 5 due · 5 new" in text
        assert "about 3 days at 5 a day\n" in text + "\n" and "new cards wait" not in text
