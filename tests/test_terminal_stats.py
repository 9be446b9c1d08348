"""The statistics screen in the real `drill`, in a pseudo-terminal at 80×24 and 120×40, after a
few simulated weeks of practice (seeded through the store with a FixedClock)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.terminal import Terminal

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
BARS = "▁▂▃▄▅▆▇█"


def seed_weeks(home: Path) -> str:
    """Three weeks of reviews and a mock round; returns the last day's moment for the app."""
    from drill.clock import FixedClock
    from drill.context import open_context
    from drill.tui.app import WELCOMED
    from tests.stats_history import simulate

    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    ctx = open_context(clock=clock, zone=UTC)
    try:
        ctx.sync()
        ctx.store.meta.set(WELCOMED, "1")
        ctx.store.roadmap.set_target_role("ml-engineer")
        simulate(ctx.store, clock, ctx.calendar, days=21, cards=20)
    finally:
        ctx.close()
    return clock.now().isoformat()


@pytest.mark.parametrize("size", SIZES)
def test_statistics_screen_shows_charts_and_figures(isolated_home, size):
    now = seed_weeks(isolated_home)
    with Terminal(home=isolated_home, size=size, now=now) as term:
        term.wait_for("Total")
        term.press("g")
        term.wait_for("Streak:")
        term.wait_for("more (most:")  # the heatmap's legend
        screen = term.settle()  # the whole first page drawn
        assert "Statistics" in screen and "All decks" in screen
        assert any(level in screen for level in "░▒▓█")  # the heatmap
        assert "Mon" in screen and "less" in screen
        term.press("pagedown")
        term.wait_until(lambda text: "Reviews per day" in text or "Readiness" in text,
                        what="the charts below the heatmap")
        seen = screen + "\n" + term.settle()  # scrolling is animated: read where it stops
        for _ in range(12):  # page down through every figure, as a reader would
            term.press("pagedown")
            seen += "\n" + term.settle()
        for figure in ("Reviews per day", "Minutes per day", "Readiness for your target role",
                       "Overall", "Communication", "no material", "Retention", "Young",
                       "Mature", "Forecast", "Due per day", "Card states", "Behavioural",
                       "Easiness", "Intervals", "Hardest cards", "Lapses", "Mock rounds",
                       "star"):
            assert figure in seen, figure
        assert any(bar in seen for bar in BARS)  # the bar charts
        term.press("escape")
        term.wait_for("Total")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
