"""Screens at 80 columns, asserted on what the screen really shows (tests/screen_text.py)."""

from __future__ import annotations

from textual.widgets import Input, Select

from drill.tui.app import make_app
from drill.tui.screens.card_form import NEW_DECK, CardFormScreen
from tests.screen_text import rendered_text

SMALL = (80, 24)


def app_for(ctx, **kwargs):
    return make_app(ctx, sync_report=ctx.sync(), **kwargs)


async def test_card_form_kind_and_tags_read_whole_at_80_columns_and_a_new_deck_resets_kind(
        make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=(80, 40)) as pilot:  # 80 columns; tall enough for every field
        await pilot.pause()
        app.action_add_card(deck="Behavioural (STAR)")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        assert form.query_one("#kind", Select).value == "star"
        form.query_one("#deck", Select).value = NEW_DECK
        await pilot.pause()
        assert form.query_one("#kind", Select).value == "concept"
        form.query_one("#tags", Input).value = "statistics, probability"
        form.query_one("#difficulty", Select).focus()
        await pilot.pause()
        shown = rendered_text(app)
        assert "statistics, probability" in shown, shown
        assert "concept" in shown and "medium" in shown, shown
        form.query_one("#prompt-input", Input).focus()
        await pilot.pause()
        await pilot.pause()
        footer = rendered_text(app).splitlines()[-1]
        assert "f1 Help" in footer, footer  # ? types into the field; f1 still opens help


async def test_past_the_new_card_limit_enter_says_why_and_offers_more_for_today(make_ctx):
    from drill.settings import Settings
    from drill.tui.screens.home import HomeScreen
    from drill.tui.screens.review import ReviewScreen

    ctx = make_ctx(settings=Settings(new_per_day=1))
    app = app_for(ctx)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r", "space", "5", "escape")  # the day's one new card, the summary
        await pilot.pause()
        (ctx.locations.decks_dir / "mine.md").write_text(
            "# Mine\n\n## Added after the limit?\n\nYes.\n\n## And another?\n\nYes.\n")
        app.watch_decks()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#decks").move_cursor(row=list(ctx.store.cards.decks()).index("Mine"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        shown = " ".join(rendered_text(app).split())
        assert "new cards are used up (1 a day, shared by all decks" in shown, shown
        assert "Mine has 2 new cards waiting" in shown
        assert "Study 1 more new card today?" in shown
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.pending == [c for c in app.screen.session.pending
                                              if ctx.store.cards.get(c).deck == "Mine"]
        assert len(app.screen.session.pending) == 1
    assert ctx.store.prefs.extra_new_on("2026-03-02") == 1


async def test_browse_columns_size_to_the_screen(make_ctx):
    ctx = make_ctx()
    for size in ((80, 24), (120, 40)):
        app = app_for(ctx)
        async with app.run_test(size=size) as pilot:
            app.open_browser("kind:star")
            await pilot.pause()
            shown = rendered_text(app)
            header = next(row for row in shown.splitlines() if "Prompt" in row)
            assert all(f" {column} " in header + " " for column in ("Deck", "Due", "Ivl", "EF")), \
                header
            if size[0] >= 120:
                assert "Behavioural (STAR)" in shown, shown
                assert "Why do you want to work at this company?" in shown


async def test_mock_summary_shows_the_score_and_history_wraps_notes_at_80_columns(make_ctx):
    from drill.review import Filters
    from drill.tui.screens.mock_results import MockHistoryScreen, MockSummaryScreen

    ctx = make_ctx()
    app = app_for(ctx, start_mock={"questions": 1, "minutes": 3, "seed": 5,
                                   "filters": Filters(deck="ML fundamentals")})
    notes = ("first the bias and variance trade-off, then regularisation, then the learning "
             "curves that tell them apart, and last the fix for each")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.press(*notes)
        await pilot.press("escape", "enter", "enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, MockSummaryScreen)
        shown = rendered_text(app)
        header = next(row for row in shown.splitlines() if "Question" in row)
        assert "Score" in header and "Rubric" in header, shown
        assert any(row.rstrip().endswith("4") for row in shown.splitlines()), shown
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MockHistoryScreen)
        shown = " ".join(rendered_text(app).split())
        assert notes in shown.replace("▁", " "), shown


async def test_help_gives_each_key_one_line_in_words_and_only_keys_terminals_send(make_ctx):
    from drill.tui.screens.help import HelpScreen

    app = app_for(make_ctx())
    async with app.run_test(size=(80, 300)) as pilot:  # tall: the whole help on one screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = rendered_text(app).splitlines()
        assert not any("├" in row or "┼" in row for row in rows)  # no table rules
        for key, words in (("b", "bury: hide the card until tomorrow"),
                           ("r", "review everything due today"),
                           ("space", "once the answer shows: grade 4"),
                           ("f2", "settings, from any screen")):
            assert any(f"• {key} " in row and words in row for row in rows), (key, words)
        assert "ctrl+comma" not in "\n".join(rows)


def test_after_midnight_home_names_the_evening_day_and_when_it_ends():
    from datetime import UTC, datetime

    from drill.clock import Calendar
    from drill.tui.screens.home import day_title

    calendar = Calendar(UTC, 4)
    late = datetime(2026, 12, 1, 2, 33, tzinfo=UTC)  # a Tuesday, before the 4 am rollover
    assert day_title(calendar, late) == "Monday 30 November (until 04:00)"
    assert day_title(calendar, late.replace(hour=9)) == "Tuesday 01 December"


async def test_the_grade_bar_keeps_every_grade_on_one_line_at_80_columns(make_ctx):
    from drill.tui.widgets import GradeBar

    app = app_for(make_ctx())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        await pilot.pause()
        bar = app.screen.query_one("#grades", GradeBar)
        for intervals in ({g: 1 for g in range(6)},  # a new card: short words fit
                          {5: 400, 4: 380, 3: 300, 2: 1, 1: 1, 0: 1}):  # a mature card
            bar.show_grades(intervals, "sm2", again_today=True)
            await pilot.pause()
            rows = rendered_text(app).splitlines()
            [row] = [r for r in rows if r.lstrip().startswith("5 ")]
            assert all(f"{g} " in row for g in range(6)) and row.rstrip().endswith("1d↻"), row
            assert any("↻ = comes back later today" in r for r in rows)
        bar.show_grades({g: 1 for g in range(6)}, "sm2", again_today=True)
        await pilot.pause()
        assert "5 perfect 1d" in rendered_text(app) and "0 blank 1d↻" in rendered_text(app)


async def test_roadmap_and_mock_footers_keep_help_at_80_columns(make_ctx):
    from drill.review import Filters

    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("p")
        await pilot.pause()
        for slug, key in (("interview", "m Mock round"), ("role:ml-engineer", "t Target role")):
            await app.screen.show(slug)
            await pilot.pause()
            await pilot.pause()
            footer = rendered_text(app).splitlines()[-1]
            assert key in footer and "? Help" in footer, footer
    app = app_for(ctx, start_mock={"questions": 1, "filters": Filters(deck="ML system design")})
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = rendered_text(app).splitlines()[-1]
        for key in ("⏎ Done", "o Outline", "q Quit drill", "? Help"):
            assert key in footer, footer
