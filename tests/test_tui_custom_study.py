"""Custom study, driven headless with Pilot: each kind starts a review of exactly its cards;
cramming leaves the schedule alone on a pass; bad input is one line in the dialog."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, OptionList, Static

from drill.settings import Settings
from drill.tui.screens.custom_study import KINDS, CustomStudyScreen
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.review import ReviewScreen
from tests.test_tui import app_for, plain

SIZE = (80, 24)


def card(i: int, meta: str = "") -> str:
    return f"\n## Mine question {i}?\n<!-- id: mine{i:04d}{meta} -->\nAnswer {i}.\n"


# Six cards: 0-2 tagged `graphs`, 3 hard, 4-5 plain.
DECK = ("# Mine\n" + "".join(card(i, "; tags: zz-mine") for i in range(3)) + card(3, "; difficulty: hard")
        + card(4) + card(5))


def mine(*numbers: int) -> list[str]:
    return [f"mine{i:04d}" for i in numbers]


@pytest.fixture
def ctx(make_ctx):
    ctx = make_ctx(settings=Settings(new_per_day=2), user_deck=DECK)
    ctx.sync()
    return ctx


async def open_dialog(pilot) -> CustomStudyScreen:
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CustomStudyScreen)
    return screen


async def choose(pilot, kind: str, number: str = "", name: str = "") -> None:
    """Pick a kind by keyboard, type into its fields, press enter."""
    screen = pilot.app.screen
    kinds = screen.query_one("#custom-kind", OptionList)
    kinds.focus()
    kinds.highlighted = 0
    for _ in range(list(KINDS).index(kind)):
        await pilot.press("down")
    await pilot.press("enter")  # on to the kind's first field
    await pilot.pause()
    if KINDS[kind][1]:
        assert screen.focused is screen.query_one("#custom-number", Input)
        await pilot.press(*number)
        if KINDS[kind][2]:
            await pilot.press("tab")
            await pilot.pause()
    if KINDS[kind][2]:
        assert screen.focused is screen.query_one("#custom-name", Input)
        await pilot.press(*name)
    await pilot.press("enter")
    await pilot.pause()


def session_cards(app) -> list[str]:
    screen = app.screen
    assert isinstance(screen, ReviewScreen), screen
    return list(screen.session.pending)


def error_line(app) -> str:
    return plain(app.screen.query_one("#custom-error", Static))


async def test_n_more_new_cards_from_one_deck(ctx):
    reviewer = ctx.reviewer()
    for card_id in mine(0, 1):  # today's two new cards used up
        reviewer.grade(card_id, 5)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "new", "3", "mine")
        assert session_cards(app) == mine(2, 3, 4)
        assert app.screen.session.off_schedule is False  # introductions, as on any day
        day = reviewer.today().isoformat()
        assert ctx.store.prefs.extra_new_on(day) == 3


async def test_cards_forgotten_in_the_last_n_days(ctx):
    reviewer = ctx.reviewer()
    reviewer.grade("mine0000", 1)  # forgotten 10 days ago: outside 7 days
    ctx.clock.advance(days=8)
    reviewer.grade("mine0001", 5)
    reviewer.grade("mine0002", 2)  # forgotten 2 days ago
    reviewer.grade("mine0003", 0)
    undone = reviewer.grade("mine0004", 1)
    reviewer.undo(undone)  # an undone grade does not count
    ctx.clock.advance(days=2)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "forgotten", "7")
        assert sorted(session_cards(app)) == mine(2, 3)
        assert app.screen.session.off_schedule


async def test_cards_of_a_tag(ctx):
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "tag", name="ZZ-Mine")  # any case
        assert session_cards(app) == mine(0, 1, 2)
        assert app.screen.session.off_schedule
        assert app.screen.sub_title == "Custom study: tag zz-mine"


async def test_cards_of_a_difficulty(ctx):
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "tag", name="hard")
        cards = session_cards(app)
        assert "mine0003" in cards and not set(mine(0, 1, 2, 4, 5)) & set(cards)
        assert {ctx.store.cards.get(c).difficulty for c in cards} == {"hard"}
        assert app.screen.sub_title == "Custom study: hard cards"


async def test_cram_a_deck_leaves_the_schedule_alone_on_a_pass_and_a_fail_lapses(ctx):
    reviewer = ctx.reviewer()
    for card_id in mine(0, 1):
        reviewer.grade(card_id, 5)
    before = {c: ctx.store.log.progress(c) for c in mine(0, 1)}
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "cram", name="Mine")
        assert session_cards(app) == mine(0, 1, 2, 3, 4, 5)
        assert app.screen.session.off_schedule
        await pilot.press("space", "5")  # mine0000: a pass, not due
        await pilot.pause()
        await pilot.press("space", "1")  # mine0001: a fail
        await pilot.pause()
        await pilot.press("space", "4")  # mine0002: new, a pass
        await pilot.pause()
    after = ctx.store.log.progress("mine0000")
    assert (after.due, after.interval, after.state) == (before["mine0000"].due,
                                                      before["mine0000"].interval,
                                                      before["mine0000"].state)
    lapsed = ctx.store.log.progress("mine0001")
    assert lapsed.lapses == before["mine0001"].lapses + 1
    assert ctx.store.log.progress("mine0002").is_new  # practice: not introduced
    rows = [r.kind for r in ctx.store.log.rows("mine0000")]
    assert rows[-1] == "practice"


async def test_review_ahead_by_n_days(ctx):
    reviewer = ctx.reviewer()
    for card_id in mine(0, 1, 2):
        reviewer.grade(card_id, 5)  # due tomorrow
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "ahead", "3")
        assert sorted(session_cards(app)) == mine(0, 1, 2)
        assert app.screen.sub_title == "Reviewing ahead (next 3 days)"


@pytest.mark.parametrize(("kind", "number", "name", "message"), [
    ("new", "ten", "", "Type a whole number from 1 to 999, not 'ten'."),
    ("new", "", "", "Type a number first."),
    ("new", "5", "Nope", "No deck is called 'Nope'. Home lists your decks."),
    ("forgotten", "0", "", "Type a whole number from 1 to 999, not '0'."),
    ("forgotten", "7", "", "No card was graded below 3 in the last 7 days."),
    ("tag", "", "no-such-tag", "No tag or difficulty is called 'no-such-tag'."),
    ("tag", "", "", "Type a tag or a difficulty."),
    ("cram", "", "nowhere", "No deck or tag is called 'nowhere'."),
    ("ahead", "-2", "", "Type a whole number from 1 to 999, not '-2'."),
])
async def test_bad_input_is_one_line_in_the_dialog(ctx, kind, number, name, message):
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialog(pilot)
        await choose(pilot, kind, number, name)
        assert app.screen is screen  # still open, no review, no traceback
        assert error_line(app) == message
    assert ctx.store.prefs.extra_new_on(ctx.reviewer().today().isoformat()) == 0


async def test_the_palette_opens_custom_study_and_escape_closes_it(ctx):
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [command] = [c for c in app.get_system_commands(app.screen) if c.title == "Custom study"]
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_home_lists_the_key_and_help_lists_the_dialog(ctx):
    from drill.tui.screens.help import help_text

    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = help_text(app)
        assert "### Custom study" in text and "custom study: more new cards" in text


def test_forgotten_cards_leave_out_suspended_cards_and_undone_grades(ctx):
    reviewer = ctx.reviewer()
    reviewer.grade("mine0000", 1)
    reviewer.grade("mine0001", 0)
    reviewer.undo(reviewer.grade("mine0002", 2))
    reviewer.grade("mine0003", 4)
    ctx.store.flags.set_suspended("mine0001", True)
    today = reviewer.today().isoformat()
    assert ctx.store.queue.forgotten_since(today) == mine(0)
    tomorrow = (reviewer.today() + timedelta(days=1)).isoformat()
    assert ctx.store.queue.forgotten_since(tomorrow) == []


def test_a_chosen_session_counts_due_new_and_not_due_cards_apart(ctx):
    from drill.session import AHEAD, DUE, NEW, ReviewSession

    reviewer = ctx.reviewer()
    reviewer.grade("mine0000", 5)  # due tomorrow
    reviewer.grade("mine0001", 5)
    ctx.clock.advance(days=1)
    reviewer.grade("mine0001", 5)  # due in 6 days
    session = ReviewSession.practice(ctx.store, reviewer, mine(0, 1, 2), "t")
    assert session.slots == {"mine0000": DUE, "mine0001": AHEAD, "mine0002": NEW}
    assert session.off_schedule
    session.grade(5)  # due today: a real review, on schedule
    assert ctx.store.log.rows("mine0000")[-1].kind == "review"
    assert ctx.store.log.progress("mine0000").interval == 6
