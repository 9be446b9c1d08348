"""The statistics screen's heatmap draws idle days as runs (one dim span each) and keeps its
drawing until the counts or its width change: every cell must be what drawing cell by cell
gives (the first way it was drawn, kept here as the reference)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from rich.console import Console
from rich.text import Text

from drill.text import count
from drill.tui.charts import LEVELS, WEEKDAYS, Heatmap


def reference(counts: dict[str, int], today: date, weeks: int) -> Text:
    """The heatmap drawn cell by cell, a span for each."""
    last_monday = today - timedelta(days=today.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    top = max(counts.values(), default=0)
    months = [" "] * weeks
    for column in range(weeks):
        monday = first + timedelta(weeks=column)
        if monday.day <= 7 and column + 3 <= weeks:
            months[column:column + 3] = list(monday.strftime("%b"))
    out = Text("    " + "".join(months)[:weeks] + "\n", style="dim")
    for weekday in range(7):
        out.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
        for column in range(weeks):
            day = first + timedelta(weeks=column, days=weekday)
            if day > today:
                out.append(" ")
                continue
            n = counts.get(day.isoformat(), 0)
            if n <= 0:
                out.append("·", style="dim")
            else:
                out.append(LEVELS[min(3, (4 * n - 1) // top)])
        out.append("\n")
    out.append(f"    less · {' '.join(LEVELS)} more (most: {count(top, 'review')} a day)", style="dim")
    return out


def cells(text: Text) -> list[tuple[str, str]]:
    console = Console(width=80, color_system="truecolor", force_terminal=True)
    return [(char, str(segment.style)) for segment in text.render(console)
            for char in segment.text]


@pytest.mark.parametrize("seed", range(40))
def test_each_cell_is_the_reference_drawings(seed):
    rng = random.Random(seed)
    today = date(2025, 12, 20) + timedelta(days=rng.randrange(400))
    counts = {(today - timedelta(days=back)).isoformat(): rng.choice([0, 0, 1, 2, 7, 40, -1])
              for back in range(rng.randrange(0, 420)) if rng.random() < 0.6}
    counts[(today + timedelta(days=3)).isoformat()] = 5  # a future day is never drawn
    heatmap = Heatmap(counts, today.isoformat())
    for weeks in (1, 2, 4, 17, 53):
        assert cells(heatmap._draw(weeks)) == cells(reference(counts, today, weeks))


def test_the_drawing_is_kept_until_the_counts_change():
    heatmap = Heatmap({"2026-03-01": 2}, "2026-03-02")
    drawn = heatmap._drawn = (53, heatmap._draw(53))
    heatmap.update({"2026-03-01": 4, "2026-02-28": 1}, "2026-03-02")
    assert heatmap._drawn is None  # drawn again, for the new counts
    assert drawn[1].plain != heatmap._draw(53).plain


@pytest.mark.parametrize(("counts", "said"), [
    ({"2026-03-01": 1}, "(most: 1 review a day)"),
    ({"2026-03-01": 1, "2026-02-27": 3}, "(most: 3 reviews a day)"),
])
def test_the_legend_counts_reviews_in_words(counts, said):
    assert heatmap_legend(Heatmap(counts, "2026-03-02")._draw(53).plain) == said


def heatmap_legend(plain: str) -> str:
    return plain.rsplit("more ", 1)[1]
