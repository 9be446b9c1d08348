"""Home's deck table: a DataTable that draws its first screen quicker (issue 26), the same lines
and styles as a stock DataTable (tests/test_home_table.py compares them cell by cell)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable


class DeckTable(DataTable):
    """Home's decks. Enter is the table's own key (not a priority key of the screen), so keys typed
    ahead keep their order: "down down enter" reviews the deck two rows down, and the downs never
    reach the review screen that opens."""

    BINDINGS = [Binding("enter", "select_cursor", "Review",
                        tooltip="review today's cards of the selected deck")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What a cell's text draws as, by all that Text's drawing reads (its text, styles, spans,
        # layout fields, the width, the console's options): the same digits, "●" and "–" fill
        # most of the table's cells.
        self._text_lines: LRUCache[tuple, list[list[Segment]]] = LRUCache(1024)
        self._pass_styles: dict[object, Style] | None = None  # see render_lines

    def render_lines(self, crop: Region) -> list[Strip]:
        """Styles worked out once for all the lines of one drawing (DataTable works out the
        table's style and its row's style again for every line, walking the DOM each time):
        nothing restyles the table while it draws."""
        self._pass_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None

    @property
    def rich_style(self) -> Style:
        styles = self._pass_styles
        if styles is None:
            return super().rich_style
        if "table" not in styles:
            styles["table"] = super().rich_style
        return styles["table"]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        styles = self._pass_styles
        if styles is None:
            return super()._get_row_style(row_index, base_style)
        key = (row_index == -1, row_index < self.fixed_rows, self.zebra_stripes and row_index % 2,
               base_style)  # all that DataTable's choice of the row's style reads
        if key not in styles:
            styles[key] = super()._get_row_style(row_index, base_style)
        return styles[key]

    def _update_dimensions(self, new_rows) -> None:
        """DataTable measures every cell of each new row for the widths of auto-width columns
        and rows (~40 ms for 500 decks at start). Every column here has a fixed width and every
        row a height of one line with no label, so those measures are unused: only the table's
        size is worked out, as DataTable works it out."""
        if any(column.auto_width for column in self.columns.values()) or any(
                row.auto_height or row.label is not None for row in self.rows.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """A body cell of one line of Text, drawn as DataTable draws it, without the renderables
        DataTable wraps it in (Styled, Padding: a Rich render and a split into lines each) and
        drawing each distinct text once: ~7 ms less at start for a screenful of decks. Any other cell
        (the header, labels, fixed or taller rows, other renderables) is DataTable's."""
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        padding = self.cell_padding
        if (column_index < 0 or row is None or row.height != 1 or row.auto_height
                or self.fixed_rows or self.fixed_columns or width - 2 * padding < 1):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (row_key, self._column_locations.get_key(column_index), base_style, cursor,
                     hover, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)  # DataTable's key for the same cache
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style
        pad = Segment(" " * padding, self.app.console.get_style("none")) if padding else None
        lines = []
        for line in self._text_cell_lines(cell, width - 2 * padding):
            segments = [pad, *line, pad] if pad is not None else line
            lines.append(list(Segment.apply_style(segments, pre_style, post_style)))
        cache[cache_key] = lines
        return lines

    def _text_cell_lines(self, cell: Text, width: int) -> list[list[Segment]]:
        """A cell's text drawn in `width` columns on one line, as Padding draws it inside
        DataTable's cell."""
        console = self.app.console
        options = self.app.console_options.update_dimensions(width + 2 * self.cell_padding, 1)
        options = options.update(no_wrap=True).update_width(width).update_height(1)
        key = (cell.plain, cell.style, tuple(cell.spans), cell.justify, cell.overflow,
               cell.no_wrap, cell.end, cell.tab_size, width, console.tab_size, options.justify,
               options.overflow, options.no_wrap, options.max_height)
        lines = self._text_lines.get(key)
        if lines is None:
            lines = console.render_lines(cell, options, style=console.get_style("none"),
                                         pad=True)
            self._text_lines[key] = lines
        return lines
