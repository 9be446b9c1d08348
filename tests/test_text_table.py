"""The statistics screen's tables without a cursor are `TextTable`s: one text each, not a
DataTable. What a reader sees must hold: the header, every cell, columns lined up, stripes on
every other row, and at a narrow width the first column cut (never the figures)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical

from drill.tui.charts import TextTable, add_row


class Holder(App[None]):
    CSS = "Vertical { width: 40; height: auto; }"

    def __init__(self, width: int = 40) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.styles.width = self.width
            yield TextTable(("Deck", "New", "Due"), id="t")


def screen_lines(app: App, table: TextTable) -> list[str]:
    region = table.region
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip)[region.x:region.right]
            for strip in strips[region.y:region.bottom]]


def screen_looks(app: App, table: TextTable) -> list[tuple[object, bool]]:
    region = table.region
    strips = app.screen._compositor.render_strips()
    looks = []
    for strip in strips[region.y:region.bottom]:
        x, look = 0, None
        for segment in strip:  # the segment at the table's second cell ("D" of "Deck"...)
            if x <= region.x + 1 < x + len(segment.text):
                look = (segment.style.bgcolor, bool(segment.style.bold))
            x += len(segment.text)
        looks.append(look)
    return looks


async def test_rows_line_up_under_their_header_and_every_other_row_is_striped():
    app = Holder()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(TextTable)
        add_row(table, "Deep learning", "12", "3")
        add_row(table, "[b]ML[/b] systems", "7", "41")  # user text: shown as written
        add_row(table, "STAR", "0", "5")
        await pilot.pause()
        lines = screen_lines(app, table)
        assert lines == [" Deck               New  Due ",
                         " Deep learning      12   3   ",
                         " [b]ML[/b] systems  7    41  ",
                         " STAR               0    5   "]
        assert table.size.height == 4 and table.row_count == 3
        assert [str(cell) for cell in table.get_row_at(1)] == ["[b]ML[/b] systems", "7", "41"]
        looks = screen_looks(app, table)  # (background, bold) of each row's first cell
        assert looks[0][1] and not any(bold for _, bold in looks[1:])  # the header
        # The first and third data rows are striped, as DataTable's "even" rows; the second not.
        stripe = table.get_component_rich_style("text-table--even-row").bgcolor
        assert looks[1][0] == stripe != looks[2][0] and looks[0][0] not in (stripe, looks[2][0])
        assert looks[1] == looks[3]


@pytest.mark.parametrize(("width", "first"), [(20, "A deck…"), (41, "A deck with a very long tit…"),
                                             (42, "A deck with a very long title")])
async def test_a_narrow_table_cuts_its_first_column_and_keeps_every_figure(width, first):
    app = Holder(width=width)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(TextTable)
        add_row(table, "A deck with a very long title", "1234", "56")
        await pilot.pause()
        lines = screen_lines(app, table)
        assert table.size.width == width  # 42: the table's own width, 29 + 4 + 2 and the gaps
        assert lines[1] == f" {first}  1234  56  " and all(len(line) == width for line in lines)
        assert lines[0] == f" {'Deck':<{len(first)}}  New   Due "
        drawn = table.render()
        assert isinstance(drawn, Text) and drawn.plain.count("\n") == 1  # no line after the last
        table.clear()
        await pilot.pause()
        assert table.row_count == 0 and table.size.height == 1
        assert table.widths() == [4, 3, 3]
        add_row(table, "A deck with a very long title", "1234", "56")
        assert table.widths(12) == [4, 4, 3]  # too narrow even so: the first keeps 4 columns
