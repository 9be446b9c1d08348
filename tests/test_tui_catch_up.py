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


async def test_a_time_box_ends_with_the_card_in_hand_and_says_what_is_left(make_ctx):
    from drill.review import Filters
    from drill.tui.screens.review import ReviewScreen
    from drill.tui.screens.summary import SummaryScreen

    ctx = learned(make_ctx, 6, Settings(new_per_day=2), away_days=2)
    app = app_for(ctx, start_review=Filters(), start_minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == "All decks · 1 min"
        assert "1 min left" in plain(app.screen.query_one("#progress", Static))
        await pilot.press("space", "5")
        await pilot.pause()
        ctx.clock.advance(seconds=61)  # the time is up while a card is in hand
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # the card in hand is finished first
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = plain(app.screen.query_one("#summary-text", Static))
        assert "2 cards reviewed" in text
        assert "Time's up: 4 due cards left for later (and 2 new)." in text
        assert [step.grade for step in app.screen.session.steps] == [5, 4]


async def test_extra_new_from_the_command_line(make_ctx, monkeypatch, capsys):
    import sys

    from drill import cli

    ctx = make_ctx(settings=Settings(new_per_day=1))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(cli, "_context", lambda args: ctx)
    monkeypatch.setattr(ctx, "close", lambda: None)
    started = {}

    def fake_run_tui(ctx, review, mock, minutes=0):
        started.update(review=review, minutes=minutes)
        return 0

    monkeypatch.setattr("drill.tui.run.run_tui", fake_run_tui)
    assert cli.main(["review", "--extra-new", "3", "--minutes", "15"]) == 0
    assert started["minutes"] == 15
    assert ctx.store.prefs.extra_new_on(ctx.calendar.day(ctx.clock.now()).isoformat()) == 3
    assert cli.main(["review", "--minutes", "0"]) == 2
    assert "--minutes must be from 1 to 600" in capsys.readouterr().err


async def test_after_the_days_share_home_offers_new_cards_saying_they_pause(make_ctx):
    from drill.tui.screens.home import MoreNewScreen
    from drill.tui.screens.review import ReviewScreen

    ctx = learned(make_ctx, 12, Settings(new_per_day=2, review_cap=5), away_days=7)
    reviewer = ctx.reviewer()
    for i in range(5):  # today's share of the backlog is done
        reviewer.grade(f"mine{i:04d}", 5)
    app = app_for(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = plain(app.screen.query_one("#today", Static))
        assert "Today: 0 due · 0 new" in text
        assert "Catching up: 7 overdue cards, about 3 days at 5 a day" in text
        await pilot.press("enter")  # the first deck: bundled, its new cards waiting
        await pilot.pause()
        assert isinstance(app.screen, MoreNewScreen)
        message = str(app.screen.message)
        assert message.startswith("New cards pause while you catch up")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.screen.session.pending) == 2  # the new cards asked for, not the backlog


def test_drill_due_says_it_is_catching_up(make_ctx, monkeypatch, capsys):
    import json

    from drill import cli

    ctx = learned(make_ctx, 12, Settings(new_per_day=2, review_cap=5), away_days=7)
    monkeypatch.setattr(cli, "_context", lambda args: ctx)
    monkeypatch.setattr(ctx, "close", lambda: None)
    assert cli.main(["due"]) == 0
    out = capsys.readouterr().out
    assert "Catching up: 12 overdue cards, about 3 days at 5 a day; new cards wait." in out
    assert cli.main(["due", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["catching_up"] == {"overdue": 12, "days": 3,
                                                                  "per_day": 5}
