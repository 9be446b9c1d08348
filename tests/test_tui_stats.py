"""The statistics screen, driven headless: figures on screen, filters, card info, practice."""

from __future__ import annotations

from textual.widgets import DataTable, Sparkline, Static

from drill.tui.screens.card_info import CardInfoScreen
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.review import ReviewScreen
from drill.tui.screens.stats import Heatmap, StatsScreen
from tests.screen_text import rendered_text
from tests.stats_history import simulate


def history(make_ctx, clock, **kwargs):
    ctx = make_ctx(**kwargs)
    ctx.sync()
    cards = simulate(ctx.store, clock, ctx.calendar)
    return ctx, cards


def table_text(screen, selector: str) -> str:
    table = screen.query_one(selector, DataTable)
    return "\n".join(" ".join(str(cell) for cell in table.get_row_at(i))
                     for i in range(table.row_count))


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_stats(app, pilot):
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, StatsScreen), app.screen
    return app.screen


async def test_home_key_opens_statistics_with_every_figure(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        stats = screen.stats
        assert stats is not None
        reviews = sum(n for _, n, _ in stats.activity)
        assert reviews > 0
        assert f"{reviews} reviews" in static_text(screen, "#stats-streak")
        assert f"Streak: {stats.streak_current} days" in static_text(screen, "#stats-streak")
        heatmap = screen.query_one("#stats-heatmap", Heatmap)
        drawn = str(heatmap.render())
        assert any(level in drawn for level in "░▒▓█") and "Mon" in drawn
        sparks = list(screen.query(Sparkline))
        assert sum(d or 0 for d in sparks[0].data) == reviews
        retention = table_text(screen, "#stats-retention")
        young = stats.retention["young"]
        assert f"{100 * young.rate:.0f}%" in retention and str(young.reviews) in retention
        assert "Behavioural (STAR)" in table_text(screen, "#stats-states")
        assert "Communication" in table_text(screen, "#stats-readiness")
        assert "no material" in table_text(screen, "#stats-readiness")  # Domain Specific
        assert "star" in table_text(screen, "#stats-mock")
        text = rendered_text(app)
        assert "Statistics" in text and "Activity" in text


async def test_deck_and_range_filters(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        await pilot.press("d")  # the first deck alone
        await pilot.pause()
        first = sorted(ctx.store.cards.decks())[0]
        assert screen.deck == first
        assert first in static_text(screen, "#stats-filters")
        assert table_text(screen, "#stats-states").count("\n") == 0  # one deck's row
        await pilot.press("r")
        await pilot.pause()
        assert screen.days == 90 and screen.stats.range_days == 90
        assert "(90 days)" in static_text(screen, "#stats-filters")


async def test_hardest_card_opens_info_and_practise_starts_a_review(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        hardest = screen.stats.hardest
        assert hardest
        table = screen.query_one("#stats-hardest", DataTable)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardInfoScreen)
        assert app.screen.card_id == hardest[0]["id"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.pending == [card["id"] for card in hardest]
        assert app.screen.session.off_schedule


async def test_review_weakest_readiness_row(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        weakest = screen.stats.readiness.weakest
        assert weakest is not None
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert weakest.name in app.screen.session.title
        deck_of = {c.id: c.deck for c in ctx.store.cards.list()}
        cards = app.screen.session.pending
        assert cards and all(deck_of[c] in weakest.decks or weakest.tags for c in cards)


async def test_user_text_is_not_markup_and_escape_goes_back(make_ctx, clock):
    from drill.tui.app import make_app

    deck = ("# [b]Bold[/b] deck\n\n## What is [red]this[/red]?\n<!-- id: markup01 -->\n\n"
            "An answer.\n")
    ctx = make_ctx(user_deck=deck)
    ctx.sync()
    reviewer = ctx.reviewer()
    for _ in range(3):
        reviewer.grade("markup01", 0, 1000)
        clock.advance(days=1)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        assert "[b]Bold[/b] deck" in table_text(screen, "#stats-states")
        assert "What is [red]this[/red]?" in table_text(screen, "#stats-hardest")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_offers_statistics(make_ctx):
    from drill.tui.app import make_app

    app = make_app(make_ctx())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Statistics") and "progress" in t for t in titles)
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title.startswith("Statistics"))
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_readable_at_80_columns_in_the_light_theme(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        screen = await open_stats(app, pilot)
        text = rendered_text(app)
        assert "Streak:" in text and "Mon" in text
        heatmap = screen.query_one("#stats-heatmap", Heatmap)
        assert heatmap.size.width <= 78 and heatmap.rich_style.color is not None
        assert all(len(line) <= 80 for line in text.splitlines())
