"""The order of new cards is a setting: decks in turn (the default) or file order, with a study
plan's planned cards first either way."""

from __future__ import annotations

import tomllib

import pytest

from drill.review import Limits, build_queue
from drill.settings import Settings, load_settings, validate
from tests.test_queue import setup, today  # noqa: F401  (the fixture: Alpha and Beta, 8 each)


def test_decks_in_turn_is_the_default(store, setup):  # noqa: F811
    queue = build_queue(store, today(setup), Limits(new_per_day=5))
    assert queue.new == ["alph0000", "beta0000", "alph0001", "beta0001", "alph0002"]
    assert Limits().new_card_order == Settings().new_card_order == "decks-in-turn"


def test_file_order_is_deck_by_deck_each_in_file_order(store, setup):  # noqa: F811
    queue = build_queue(store, today(setup), Limits(new_per_day=10, new_card_order="file-order"))
    assert queue.new == [f"alph{i:04d}" for i in range(8)] + ["beta0000", "beta0001"]


@pytest.mark.parametrize("order, rest", [
    ("decks-in-turn", ["alph0000", "beta0000", "alph0001"]),
    ("file-order", ["alph0000", "alph0001", "alph0002"]),
])
def test_a_plans_cards_come_first_then_the_chosen_order(store, setup, order, rest):  # noqa: F811
    limits = Limits(new_per_day=5, new_order=("beta0005", "alph0007"), new_card_order=order)
    assert build_queue(store, today(setup), limits).new == ["beta0005", "alph0007", *rest]


def test_a_bad_order_in_the_settings_file_is_reported_and_the_default_kept(tmp_path):
    assert validate("new_card_order", "file-order") == ("file-order", "")
    path = tmp_path / "config.toml"
    path.write_text('new_card_order = "random"\n')
    settings, problems = load_settings(path)
    assert settings.new_card_order == "decks-in-turn"
    assert "must be one of: decks-in-turn, file-order" in problems[0]


async def test_the_settings_screen_changes_the_order_and_todays_queue_follows(make_ctx):
    from textual.widgets import Select

    from drill.tui.app import make_app

    ctx = make_ctx()
    ctx.sync()
    day = ctx.calendar.day(ctx.clock.now())
    decks = [ctx.store.cards.get(c).deck for c in build_queue(ctx.store, day, ctx.limits).new]
    assert decks[0] != decks[1]  # decks in turn
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        select = app.screen.query_one("#new_card_order", Select)
        select.focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert select.value == "file-order"
    saved = tomllib.loads(ctx.locations.config_file.read_text())
    assert saved["new_card_order"] == "file-order"
    assert ctx.limits.new_card_order == "file-order"
    decks = [ctx.store.cards.get(c).deck for c in build_queue(ctx.store, day, ctx.limits).new]
    assert len(decks) == 10 and len(set(decks)) == 1  # the first deck's first ten cards


def test_file_order_keeps_a_deck_together_across_its_files(store, clock, calendar, user_decks):
    from drill.sync import Source, sync
    from tests.test_queue import deck

    (user_decks / "a.md").write_text(deck("Alpha", 2))
    (user_decks / "b.md").write_text(deck("Beta", 2))
    (user_decks / "c.md").write_text(deck("Alpha", 3).replace("alph", "alpc"))  # Alpha again
    sync(store, [Source(user_decks)], clock.now(), calendar)
    day = calendar.day(clock.now())
    queue = build_queue(store, day, Limits(new_per_day=7, new_card_order="file-order"))
    assert queue.new == ["alph0000", "alph0001", "alpc0000", "alpc0001", "alpc0002",
                         "beta0000", "beta0001"]
    queue = build_queue(store, day, Limits(new_per_day=7))
    assert queue.new == ["alph0000", "beta0000", "alph0001", "beta0001", "alpc0000",
                         "alpc0001", "alpc0002"]
