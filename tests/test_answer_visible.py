"""Every answer can be read to its end at 80×24: asserted on the rendered screen, not on scroll
offsets (`scroll_y == max_scroll_y` held while a stylesheet rule cut every answer at 12 rows)."""

from __future__ import annotations

import re

import pytest

from drill.decks import find_deck_files, parse_file
from drill.paths import bundled_decks_dir
from drill.review import Filters
from drill.tui.app import make_app
from drill.tui.screens.review import ReviewScreen
from tests.screen_text import rendered_text, words

SMALL = (80, 24)


def last_words(answer: str, count: int = 4) -> str:
    """The last few words of an answer's last line, without Markdown syntax."""
    line = [row for row in answer.strip().splitlines() if row.strip() and not row.startswith("```")][-1]
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links show their text
    line = re.sub(r"[*`]|^\s*(?:[-+]|\d+\.)\s+|^#+\s+", "", line)
    return " ".join(words(line).split()[-count:])


DECK_FILES = find_deck_files(bundled_decks_dir())


# Every card of a deck is drawn in turn, so the time grows with the deck: about a second a card on
# a loaded machine, past the suite's 120 s default for a deck of a hundred cards.
@pytest.mark.timeout(600)
@pytest.mark.parametrize("deck_file", DECK_FILES, ids=lambda path: path.stem)
async def test_the_last_line_of_every_bundled_answer_reaches_the_screen(make_ctx, deck_file):
    """Each bundled card is drawn in the review screen's card view, revealed and scrolled to
    its end (the actions behind space and end); its last words must then be on the screen."""
    ctx = make_ctx()
    ctx.sync()
    cards = parse_file(deck_file).cards
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while not screen.shown_at:  # the session's own first card is drawn: it can't land later
            await pilot.pause()
        for card in cards:
            await screen.front.show_card(ctx.store.cards.get(card.id))
            screen.action_reveal()
            await pilot.pause()
            screen.action_scroll("end")
            await pilot.pause()
            shown = words(rendered_text(app))
            expected = last_words(card.answer)
            assert expected in shown, f"{card.id}: {expected!r} not on screen:\n" + \
                rendered_text(app)
    assert len(cards) >= 20


async def test_a_card_ten_screens_long_scrolls_to_its_last_line(make_ctx):
    paragraphs = "\n\n".join(f"Paragraph {n} of a very long answer." for n in range(1, 121))
    ctx = make_ctx(user_deck="# Long\n\n## How long can an answer be?\n\n"
                             f"{paragraphs}\n\nThe very last line.\n")
    ctx.sync()
    app = make_app(ctx)
    async with app.run_test(size=SMALL) as pilot:
        app.start_session(Filters(deck="Long"))
        await pilot.pause()
        screen = app.screen
        await pilot.press("space")
        await pilot.pause()
        assert "very last line" not in rendered_text(app)
        for _ in range(60):  # page by page, as a reader would
            await pilot.press("pagedown")
        await pilot.pause()
        assert "The very last line." in rendered_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert "Paragraph 1 of" in rendered_text(app) and "very last line" not in rendered_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "The very last line." in rendered_text(app)
        assert isinstance(screen, ReviewScreen)
