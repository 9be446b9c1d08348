"""The roadmap screens through the app: ticks persist, links open the right practice."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from drill.roadmap import load
from drill.tui.screens.mock_round import MockRoundScreen
from drill.tui.screens.roadmap import RoadmapScreen
from drill.tui.widgets import Checklist
from tests.test_tui import SIZE, app_for, plain, review_screen


async def open_page(app, pilot, slug: str) -> RoadmapScreen:
    await pilot.press("p")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RoadmapScreen)
    await screen.show(slug)
    await pilot.pause()
    return screen


async def test_ticked_items_persist_across_a_restart(make_ctx):
    ctx = make_ctx()
    plan = load().action_plan
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "plan")
        first = screen.query(Checklist).first()
        first.focus()
        first.highlighted = 0
        await pilot.press("space")
        first.highlighted = 1
        await pilot.press("space")
        await pilot.pause()
        assert ctx.store.roadmap.done() == {plan[0].items[0].id, plan[0].items[1].id}
        first.highlighted = 1
        await pilot.press("space")  # and unticked again
        await pilot.pause()
        assert ctx.store.roadmap.done() == {plan[0].items[0].id}
    app = app_for(ctx)  # a new start on the same store
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "action plan 1/24 done" in plain(app.screen.query_one("#today", Static))
        screen = await open_page(app, pilot, "plan")
        first = screen.query(Checklist).first()
        assert first.ticked == {plan[0].items[0].id}


async def test_a_tick_is_saved_by_the_key_press_that_draws_it(make_ctx):
    """Not by a queued message a quit could overtake: the terminal test once saw [x] drawn, quit
    with ctrl+q at once, and found the item unticked after a restart."""
    ctx = make_ctx()
    plan = load().action_plan
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "plan")
        first = screen.query(Checklist).first()
        first.highlighted = 0
        first.action_toggle()  # no pause: nothing else has run yet
        assert ctx.store.roadmap.done() == {plan[0].items[0].id}
        first.action_toggle()
        assert ctx.store.roadmap.done() == set()


async def test_choosing_a_target_role(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_page(app, pilot, "role:computer-vision")
        await pilot.press("t")
        await pilot.pause()
        assert ctx.store.roadmap.target_role() == "computer-vision"
        await pilot.press("escape")
        await pilot.pause()
        assert "target role CV Engineer" in plain(app.screen.query_one("#today", Static))
        await pilot.press("r")
        await pilot.pause()
        first = review_screen(app).session.current
        assert "computer-vision" in ctx.store.cards.get(first).roles


async def test_interview_stages_open_the_right_review_and_mock_round(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "interview")
        links = screen.query_one("#roadmap-links", OptionList)
        links.focus()
        links.highlighted = 0  # stage 1: phone screen
        await pilot.press("r")
        await pilot.pause()
        stage = load().interview.stages[0]
        assert review_screen(app).sub_title == stage.decks[0]
        await pilot.press("escape")
        await pilot.pause()
        links.highlighted = 3  # stage 4: the on-site loop
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MockRoundScreen)
        kinds = sorted(ctx.store.cards.get(q.card_id).kind for q in app.screen.round.questions)
        assert kinds == ["coding", "coding", "concept", "concept", "design", "star"]


async def test_search_back_and_forward(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "roles")
        await pilot.press("slash", *"negotiat")
        await pilot.pause()
        results = screen.query_one("#roadmap-results", OptionList)
        assert results.display and results.option_count >= 1
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        visited = screen.current.slug
        assert visited != "roles"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.current.slug == "roles"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current.slug == visited


async def test_the_skill_matrix_highlights_the_chosen_role(make_ctx):
    ctx = make_ctx()
    ctx.store.roadmap.set_target_role("mlops")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "matrix")
        from textual.widgets import DataTable

        table = screen.query_one("#matrix-table", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["Skill", "MLE", "DS", "RS", "MLOps", "CV", "NLP"]
        assert [str(c) for c in table.get_row_at(4)] == [
            "DevOps", "★★★★·", "★★···", "★★···", "★★★★★", "★★★··", "★★★··"]
        assert screen.highlight == "mlops"
        await pilot.press("h")
        await pilot.pause()
        assert screen.highlight == "computer-vision"


async def test_a_search_typed_in_a_burst_after_slash_is_the_search_not_the_screens_keys(
        make_ctx):
    """Keys typed while the app is busy all reach the widget that had the focus; what follows
    `/` is the search's text (drill.tui.typeahead), never the roadmap's keys: `t` here, on a
    role's page, set the target role."""
    from textual import events

    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_page(app, pilot, "role:computer-vision")
        for key, character in (("slash", "/"), ("t", "t"), ("f", "f"), ("h", "h")):
            app.post_message(events.Key(key, character))  # at once, as a burst from the terminal
        await pilot.pause()
        await pilot.pause()
        search = screen.query_one("#roadmap-query")
        assert app.screen is screen and app.focused is search and search.value == "tfh"
        assert ctx.store.roadmap.target_role() is None
