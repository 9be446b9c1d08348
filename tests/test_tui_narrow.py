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
    async with app.run_test(size=SMALL) as pilot:
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
        form.query_one("#tags", Input).focus()
        await pilot.pause()
        shown = rendered_text(app)
        assert "statistics, probability" in shown, shown
        assert "concept" in shown and "medium" in shown, shown
