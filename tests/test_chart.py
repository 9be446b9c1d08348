"""The statistics screen's bar chart is one widget (a caption, then the bars, drawn as one Text by
drill.tui.charts.bar_lines rather than by Textual's Sparkline renderable): it must draw what its
first form drew, a container holding a Static caption and a Sparkline 3 lines high indented
by 4 (kept here as the reference), cell for cell, in every colour that shows."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from drill.tui.charts import Chart


class Reference(Widget):
    """The chart as it was first built: three widgets."""

    DEFAULT_CSS = """
    Reference { height: auto; }
    Reference > Sparkline { height: 3; margin: 0 0 0 4; }
    """

    def __init__(self, caption: str, data: list[float], **kwargs) -> None:
        super().__init__(**kwargs)
        self.caption, self.data = caption, data

    def compose(self) -> ComposeResult:
        yield Static(self.caption, markup=False)
        yield Sparkline(self.data)

    def update(self, caption: str, data: list[float]) -> None:
        self.query_one(Static).update(caption)
        self.query_one(Sparkline).data = data


class Both(App[None]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Reference("", [], id="old")
            yield Chart("", [], id="new")


def look(style, space: bool) -> tuple:
    if style is None:
        return ()
    if space:
        return (style.bgcolor,)
    return (style.color, style.bgcolor, style.bold, style.dim, style.italic, style.underline,
            style.reverse, style.strike)


def cells(app: App, widget: Widget) -> list[list[tuple[str, object]]]:
    """The widget's cells on screen: (character, its style); of a space, only the background
    shows, so only that is kept."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    rows = []
    for strip in strips[region.y:region.bottom]:
        row = []
        for text, style, _ in strip.crop(region.x, region.right):
            for char in text:
                row.append((char, look(style, char == " ")))
        rows.append(row)
    return rows


CASES = [
    ("", []),
    ("a caption, no data yet", []),
    ("Reviews per day, 2026-06-01 to 2026-06-30 (most 412)",
     [float(n % 37) for n in range(30)]),
    ("Minutes per day (most 0)", []),
    ("one day", [5.0]),
    ("flat", [3.0] * 30),
    ("Due per day, next 30 days: today 12345 (overdue 12000), 7 days 23456, all 98765 and on",
     [float(n * n % 101) for n in range(30)]),
    ("[bold]not markup[/bold] $accent", [0.5, 2.5, 1.0]),
    ("many", [float(n % 13) for n in range(500)]),
    ("a long caption that runs on and on past the edge of a narrow screen, " * 2, [1.0, 9.0]),
    ("two days", [0.0, 1.0]),
    ("minutes, fractions", [n * 0.37 % 5.3 for n in range(90)]),
    ("below zero", [-3.0, 0.0, 2.5, -1.0, 2.5]),
    ("365 days", [float((n * 7919) % 211) for n in range(365)]),
    ("", []),
]


@pytest.mark.parametrize("width", [40, 80, 120])
async def test_the_chart_draws_what_a_static_and_a_sparkline_drew(width):
    app = Both()
    async with app.run_test(size=(width, 30)) as pilot:
        old, new = app.query_one("#old", Reference), app.query_one("#new", Chart)
        for caption, data in CASES:
            old.update(caption, data)
            new.update(caption, data)
            await pilot.pause()
            assert new.size == old.size, caption
            assert cells(app, new) == cells(app, old), caption


async def test_the_caption_is_plain_text_and_the_data_is_kept():
    app = Both()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one("#new", Chart)
        chart.update("[red]deck[/red]", [1.0, 2.0])
        await pilot.pause()
        assert chart.data == [1.0, 2.0]
        top = "".join(char for char, _ in cells(app, chart)[0]).rstrip()
        assert top == "[red]deck[/red]"
