"""The real `drill` at 80×24 after a week away: Home says it is catching up, and a time-boxed
review shows its box in the header (the box's ending is tested with Pilot, which can move the
clock: tests/test_tui_catch_up.py)."""

from __future__ import annotations

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
