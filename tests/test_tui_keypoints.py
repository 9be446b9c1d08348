"""Review with key points, the answer timer and recall cards (issue 18), through Pilot."""

from __future__ import annotations

from drill.review import Filters, suggest_grade
from drill.settings import Settings
from drill.tui.screens.reference import ReferenceScreen
from tests.test_tui import SIZE, app_for, review_screen

DECK = """# Mine

## Explain dropout, the long way.
<!-- id: dropref1 -->
A long reference answer about dropout and inverted scaling.

### Key points
- random zeroing
- inverted scaling
- off at inference
- an ensemble view

## Recall: dropout in one line
<!-- id: droprec1; of: dropref1 -->
Zero activations at random while training; scale the rest.
"""


def test_the_suggestion_rule():
    assert [suggest_grade(n, 4) for n in range(5)] == [1, 2, 3, 4, 5]
    assert [suggest_grade(n, 3) for n in range(4)] == [1, 2, 3, 5]
    assert suggest_grade(4, 4, seconds=61, limit=60) == 4  # slow: a point off a 4 or 5
    assert suggest_grade(2, 4, seconds=500, limit=60) == 3  # a 3 stays a 3
    assert suggest_grade(4, 4, seconds=500, limit=0) == 5  # no timer
    assert suggest_grade(0, 0) == 4  # no key points: space's usual 4


async def test_ticks_and_the_timer_set_the_grade_space_gives(make_ctx, clock):
    ctx = make_ctx(user_deck=DECK, settings=Settings(timer_concept=30))
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        while screen.front.card.id != "dropref1":
            await pilot.press("space", "5")
        assert screen.front.key_points.points[1] == "inverted scaling"
        assert "### Key points" not in str(screen.front.query_one("#answer").source)
        clock.advance(seconds=45)  # over the 30 s timer
        await pilot.press("space", "a", "s", "d", "f")
        assert screen.front.key_points.ticked == {0, 1, 2, 3}
        assert screen.front.key_points.suggestion == 4  # all, but slow
        await pilot.press("f")
        assert screen.front.key_points.suggestion == 3
        await pilot.press("space")
        await pilot.pause()
    grades = [row.grade for row in ctx.store.log.rows("dropref1") if row.kind == "review"]
    assert grades == [3]


async def test_o_opens_the_reference_and_a_grade_buries_the_sibling(make_ctx, clock):
    from drill.review import Reviewer

    ctx = make_ctx(user_deck=DECK)
    ctx.sync()
    reviewer = Reviewer(ctx.store, clock, ctx.calendar)
    for card_id in ("dropref1", "droprec1"):  # both learned, both due tomorrow
        reviewer.grade(card_id, 5)
    clock.advance(days=1)
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        assert screen.session.pending == ["dropref1", "droprec1"]
        await pilot.press("o")  # a reference has no reference: nothing opens
        assert app.screen is screen
        await pilot.press("space", "2")  # comes back later today, as a repeat
        await pilot.pause()
        # The recall card was buried by its reference's grade: only the repeat is left.
        assert screen.session.pending == ["dropref1"]
        assert ctx.store.flags.of("droprec1")[1] is not None
        await pilot.press("u")  # undo brings both back
        await pilot.pause()
        assert screen.session.pending == ["dropref1", "droprec1"]
        await pilot.press("b")  # bury the reference by hand: the recall card comes up
        await pilot.pause()
        assert screen.front.card.id == "droprec1"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReferenceScreen) and app.screen.card.id == "dropref1"
        await pilot.press("escape")
        assert app.screen is screen


async def test_space_means_4_on_a_card_without_key_points(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n\n## Capital of France?\n<!-- id: capital1 -->\nParis.\n")
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "space")
        await pilot.pause()
    assert [r.grade for r in ctx.store.log.rows("capital1") if r.kind == "review"] == [4]
