"""Mock rounds through the app, with an injected clock: no real waiting anywhere."""

from __future__ import annotations

from textual.widgets import Digits, OptionList, Static, TextArea

from drill.review import Filters
from drill.tui.screens.mock import MockSetupScreen
from drill.tui.screens.mock_results import MockSummaryScreen
from drill.tui.screens.mock_round import MockRoundScreen
from drill.tui.widgets import Checklist
from tests.test_tui import SIZE, app_for, plain


def round_screen(app) -> MockRoundScreen:
    assert isinstance(app.screen, MockRoundScreen), app.screen
    return app.screen


async def test_a_custom_round_from_start_to_summary(make_ctx):
    ctx = make_ctx()
    clock = ctx.clock
    app = app_for(ctx, start_mock={"questions": 2, "minutes": 3, "seed": 5,
                                   "filters": Filters(deck="ML fundamentals")})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = round_screen(app)
        first = screen.round.current
        assert str(screen.query_one("#countdown", Digits).value) == "03:00"
        # Notes, typed as the clock runs, are saved as typed.
        await pilot.press("n")
        await pilot.press(*"bias vs variance")
        await pilot.pause()
        assert ctx.store.mock.answers(screen.round.id)[0]["notes"] == "bias vs variance"
        await pilot.press("escape")
        # Near the end: a warning; past it: overtime, counting up.
        clock.advance(seconds=160)
        await pilot.pause(0.3)
        assert screen.query_one("#countdown", Digits).has_class("-warning")
        assert any("left on this question" in n.message for n in app._notifications)
        clock.advance(seconds=40)
        await pilot.pause(0.3)
        assert screen.query_one("#countdown", Digits).value == "+00:20"
        assert "Overtime" in plain(screen.query_one("#mock-status", Static))
        # Pause: time stands still.
        await pilot.press("p")
        clock.advance(minutes=5)
        await pilot.pause(0.3)
        assert screen.query_one("#countdown", Digits).value == "+00:20"
        assert "Paused" in plain(screen.query_one("#mock-status", Static))
        await pilot.press("p")
        # Done -> the follow-up from the card, then the review with the rubric.
        await pilot.press("enter")
        await pilot.pause()
        assert "Follow-up:" in plain(screen.query_one("#mock-follow-up", Static))
        await pilot.press("enter")
        await pilot.pause()
        rubric = screen.query_one("#rubric", Checklist)
        assert rubric.display and rubric.option_count == len(first.rubric)
        assert not screen.query_one("#notes", TextArea).display  # notes show in the answer
        await pilot.press("tab", "space")  # to the rubric; tick the first point
        await pilot.pause()
        assert screen.round.current.ticked == [0]
        await pilot.press("2")
        await pilot.pause()
        row = ctx.store.mock.answers(screen.round.id)[0]
        assert (row["score"], row["ticked"], row["elapsed_ms"]) == (2, "[0]", 200_000)
        assert ctx.store.log.rows(first.card_id)[-1].kind == "practice"
        # Skip the second question: the round ends with its summary.
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MockSummaryScreen)
        text = plain(app.screen.query_one("#mock-summary-notes", Static))
        assert "Schedule changes" in text and "due new →" in text


async def test_quit_and_resume_where_it_stopped(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx, start_mock={"format_name": "recruiter", "seed": 2})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = round_screen(app)
        card = screen.round.current.card_id
        await pilot.press("n", *"my pitch")
        await pilot.press("escape")
        ctx.clock.advance(seconds=45)
        await pilot.press("q")  # a round started by `drill mock`: q leaves drill
        await pilot.pause()
        assert app._exit and app.return_code == 0
    app = app_for(ctx)  # a new start of drill
    async with app.run_test(size=SIZE) as pilot:
        ctx.clock.advance(hours=2)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MockSetupScreen)
        options = app.screen.query_one("#formats", OptionList)
        assert "Resume" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        screen = round_screen(app)
        question = screen.round.current
        assert question.card_id == card
        assert screen.query_one("#notes", TextArea).text == "my pitch"
        assert question.countdown.remaining_s(ctx.clock.now()) == 3 * 60 - 45


async def test_mock_from_the_command_palette_and_home(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Mock interview", "Mock: On-site loop", "Mock: Technical screen",
                "Mock: Recruiter screen"} <= set(titles)
        [onsite] = [c for c in app.get_system_commands(app.screen)
                    if c.title == "Mock: On-site loop"]
        onsite.callback()
        await pilot.pause()
        screen = round_screen(app)
        kinds = [ctx.store.cards.get(q.card_id).kind for q in screen.round.questions]
        assert sorted(kinds) == ["coding", "coding", "concept", "concept", "design", "star"]
        await pilot.press("q")  # a round started in the app: q returns to it
        await pilot.pause()
        assert not app._exit and not isinstance(app.screen, MockRoundScreen)


async def test_edit_a_card_from_a_mock_round(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n## Capital?\n<!-- id: capital1 -->\nParis.\n\n"
                             "### Follow-up\n*And Italy?* Rome.\n")
    app = app_for(ctx, start_mock={"questions": 1, "minutes": 2, "seed": 1,
                                   "filters": Filters(deck="Mine")})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = round_screen(app)
        assert not screen.check_action("edit_form", ())  # not while answering
        await pilot.press("enter", "enter")  # follow-up, then the review
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        form.query_one("#answer-input").text = "Paris, on the Seine.\n\n### Follow-up\n*And Italy?* Rome."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert ctx.store.cards.get("capital1").answer.startswith("Paris, on the Seine.")
        assert "Paris, on the Seine." in screen.query_one("#mock-answer").source


async def test_a_round_whose_card_was_purged_skips_it(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx, start_mock={"format_name": "recruiter", "seed": 4})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        round_id = round_screen(app).round.id
        first = round_screen(app).round.current.card_id
        await pilot.press("q")
        await pilot.pause()
    ctx.store.cards.purge(first)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.open_mock(resume=True)
        await pilot.pause()
        screen = round_screen(app)
        assert screen.round.id == round_id and screen.round.current.position == 1
        assert ctx.store.mock.answers(round_id)[0]["skipped"] == 1
