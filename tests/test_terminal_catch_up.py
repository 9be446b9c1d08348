"""The real `drill` at 80×24 after a week away: Home says it is catching up, and a time-boxed
review shows its box in the header (the box's ending is tested with Pilot, which can move the
clock: tests/test_tui_catch_up.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from tests.terminal import FIXED_NOW, Terminal


def learned_a_week_ago(home: Path, monkeypatch, count: int) -> None:
    from drill.context import open_context
    from drill.tui.app import WELCOMED

    week_ago = datetime.fromisoformat(FIXED_NOW) - timedelta(days=7)
    monkeypatch.setenv("DRILL_TEST_NOW", week_ago.isoformat())
    ctx = open_context()
    try:
        ctx.locations.config_file.parent.mkdir(parents=True, exist_ok=True)
        ctx.locations.config_file.write_text("review_cap = 20\n")
        ctx.sync()
        ctx.store.meta.set(WELCOMED, "1")
        reviewer = ctx.reviewer()
        for card in ctx.store.cards.list()[:count]:
            reviewer.grade(card.id, 5)
    finally:
        ctx.close()
    monkeypatch.delenv("DRILL_TEST_NOW")


def test_a_week_away_home_says_catching_up_and_a_time_box_shows_in_the_header(isolated_home,
                                                                               monkeypatch):
    learned_a_week_ago(isolated_home, monkeypatch, 50)
    with Terminal(home=isolated_home, size=(80, 24)) as term:
        screen = term.wait_for("Catching up")
        assert "Catching up: 50 overdue cards, about 3 days at 20 a day; new cards wait" in screen
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    with Terminal(["review", "--minutes", "1"], home=isolated_home, size=(80, 24)) as term:
        term.wait_for("All decks · 1 min")
        assert "1 min left" in term.wait_for("0 done")
        term.press("ctrl+q")
        assert term.wait_exit() == 0


def test_a_one_minute_box_ends_after_the_card_in_hand(isolated_home, monkeypatch):
    """Drill's clock runs in real time from DRILL_TEST_NOW, so this waits a real minute: the
    answer timer on screen says when it has passed (no sleep), then the grade ends the box."""
    learned_a_week_ago(isolated_home, monkeypatch, 30)
    with Terminal(["review", "--minutes", "1"], home=isolated_home, size=(80, 24)) as term:
        term.wait_for("0 done")
        term.press("space")
        term.wait_for("perfect")
        term.press("5")
        term.wait_for("1 done")
        term.press("space")  # the second card in hand when the minute runs out
        term.wait_for("perfect")
        past_a_minute = re.compile(r"(?<![\d:])1:\d\d / ")  # "1:02 / 2:00": elapsed / limit
        term.wait_until(lambda text: past_a_minute.search(text) is not None, timeout=90,
                        what="the answer timer past a minute")
        assert "Time's up" not in term.settle()  # the card in hand is finished first
        term.press("5")
        screen = term.wait_for("Time's up")
        assert "2 cards reviewed" in screen and "due cards left for later" in screen
        term.press("enter")
        term.wait_for("Catching up")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
