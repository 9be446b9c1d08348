"""Small charts for the statistics screen: a calendar heatmap of our own (plotext has none) and a
captioned Sparkline; its tables (`new_table`, `add_row`, `TextTable`) and the two text helpers
they share."""

from __future__ import annotations

import re
from datetime import date, timedelta

from rich.color import Color as RichColor
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.renderables._blend_colors import blend_colors
from textual.renderables.sparkline import Sparkline as SparklineBars
from textual.widget import Widget
from textual.widgets import DataTable, Sparkline

from drill.text import count

LEVELS = "░▒▓█"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
IDLE_RUNS = re.compile("·+|[^·]+")  # a row's runs of idle days and of the rest


def clip(text: str, width: int) -> str:
    """`text` in at most `width` characters (an ellipsis marks a cut)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


COLUMNS = {
    "#stats-readiness": ("Skill or stage", "Score", "Mature", "Recent", "Mock"),
    "#stats-retention": ("Cards", "Young", "n", "Mature", "n", "All", "n"),
    "#stats-states": ("Deck", "New", "Learn", "Young", "Mature", "Susp.", "Buried",
                      "Leech"),
    "#stats-hardest": ("Lapses", "EF", "Deck", "Prompt"),
    "#stats-mock": ("Day", "Format", "Kind", "Score", "Time used"),
}


def new_table(id: str, cursor: bool = False) -> DataTable | TextTable:
    """A table of the statistics screen, with its columns (`COLUMNS`): a DataTable where rows are
    chosen with a cursor, else a `TextTable` (a fifth of the work to show)."""
    if not cursor:
        return TextTable(COLUMNS[f"#{id}"], id=id)
    table = DataTable(id=id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*COLUMNS[f"#{id}"])
    return table


def add_row(table: DataTable | TextTable, *cells: object, key: str | None = None) -> None:
    """A row of `table`, its text cells given as `Text` already: DataTable would parse each
    string as markup (~10 µs a cell, ~700 cells at a first opening), drawing the same."""
    table.add_row(*(Text(cell, end="", no_wrap=True) if isinstance(cell, str) else cell
                    for cell in cells), key=key)


class TextTable(Widget):
    """A table without a cursor, drawn as one text: a header, then rows striped as DataTable
    stripes them, each column as wide as its widest cell. The first column gives up what the
    width lacks (its cells cut with an ellipsis), so the table never scrolls sideways.

    Why not a DataTable: one is measured, styled and drawn cell by cell; the statistics screen's
    four tables without a cursor took a fifth of the screen's first show (issue 26)."""

    COMPONENT_CLASSES = {"text-table--header", "text-table--even-row"}
    DEFAULT_CSS = """
    TextTable {
        height: auto;
        width: auto;
        max-width: 100%;
        & > .text-table--header { text-style: bold; background: $panel; }
        & > .text-table--even-row { background: $surface-lighten-1 50%; }
    }
    """
    GAP = 2  # columns between cells (DataTable pads each cell with one on either side)

    def __init__(self, columns: tuple[str, ...], id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(Text(name) for name in columns)
        self.rows: list[tuple[Text, ...]] = []

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> tuple[Text, ...]:
        return self.rows[index]

    def clear(self) -> None:
        self.rows = []
        self.refresh(layout=True)

    def add_row(self, *cells: Text, key: str | None = None) -> None:
        """A row of `Text` cells (`key` is DataTable's, not kept: no row is ever chosen)."""
        self.rows.append(cells)
        self.refresh(layout=True)

    def widths(self, room: int | None = None) -> list[int]:
        """Each column's width; the first narrowed (to 4 at least) so that all fit in `room`."""
        widths = [0] * len(self.columns)
        for row in (self.columns, *self.rows):
            for n, cell in enumerate(row):
                widths[n] = max(widths[n], cell.cell_len)
        if room is not None:
            over = sum(widths) + self.GAP * len(widths) - room
            if over > 0:
                widths[0] = max(4, widths[0] - over)
        return widths

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(self.widths()) + self.GAP * len(self.columns)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self.rows)

    def render(self) -> Text:
        widths = self.widths(self.size.width or None)
        header = self.get_component_rich_style("text-table--header")
        even = self.get_component_rich_style("text-table--even-row")
        out = Text(no_wrap=True, end="")
        for n, row in enumerate((self.columns, *self.rows)):
            # (DataTable's "even" rows: the first, third... counted from 0 below the header)
            line = Text(end="", style=header if n == 0 else even if n % 2 == 1 else "")
            for cell, width in zip(row, widths, strict=False):
                if cell.cell_len > width:
                    cell = cell.copy()
                    cell.truncate(width, overflow="ellipsis")
                line.append(" ")
                line.append_text(cell)
                line.append(" " * (width - cell.cell_len + self.GAP - 1))
            out.append_text(line)
            if n < len(self.rows):
                out.append("\n")
        return out


class Heatmap(Widget):
    """Reviews per day as a calendar: a column per week, a row per weekday, darker = more.
    Shows as many of the latest weeks as fit its width (a year from 57 columns)."""

    DEFAULT_CSS = """
    Heatmap {
        height: 9;
        color: $success;
    }
    """

    def __init__(self, counts: dict[str, int], today: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.counts = counts
        self.today = date.fromisoformat(today)
        self._drawn: tuple[int, Text] | None = None  # (weeks, the drawing) for these counts

    def update(self, counts: dict[str, int], today: str) -> None:
        self.counts = counts
        self.today = date.fromisoformat(today)
        self._drawn = None
        self.refresh()

    def render(self) -> Text:
        """The calendar, drawn again only when the counts or the weeks that fit change (each
        layout pass asks for it; a drawing took ~8 ms)."""
        weeks = max(1, min(53, (self.size.width or 57) - 4))
        if self._drawn is None or self._drawn[0] != weeks:
            self._drawn = weeks, self._draw(weeks)
        return self._drawn[1]

    def _draw(self, weeks: int) -> Text:
        last_monday = self.today - timedelta(days=self.today.weekday())
        first = last_monday - timedelta(weeks=weeks - 1)
        top = max(self.counts.values(), default=0)
        months = [" "] * weeks
        for column in range(weeks):
            monday = first + timedelta(weeks=column)
            if monday.day <= 7 and column + 3 <= weeks:
                months[column:column + 3] = list(monday.strftime("%b"))
        out = Text("    " + "".join(months)[:weeks] + "\n", style="dim")
        for weekday in range(7):
            out.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
            cells = []
            for column in range(weeks):
                day = first + timedelta(weeks=column, days=weekday)
                n = 0 if day > self.today else self.counts.get(day.isoformat(), 0)
                cells.append(" " if day > self.today else "·" if n <= 0
                             else LEVELS[min(3, (4 * n - 1) // top)])
            # A run of idle days is one dim span (a span per cell took most of a redraw).
            for run in IDLE_RUNS.finditer("".join(cells)):
                out.append(run[0], style="dim" if run[0][0] == "·" else "")
            out.append("\n")
        out.append(f"    less · {' '.join(LEVELS)} more (most: {count(top, 'review')} a day)", style="dim")
        return out


class Chart(Sparkline):
    """A titled bar chart in one widget: a caption, then the bars (3 lines, indented 4), drawn as
    Textual's Sparkline draws them (its colours and component classes). One widget instead of a
    container holding a Static and a Sparkline: each widget costs the screen's first layout."""

    DEFAULT_CSS = """
    Chart {
        height: auto;
    }
    """
    BAR_LINES = 3
    INDENT = 4

    def __init__(self, caption: str, data: list[float], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.caption = caption

    def update(self, caption: str, data: list[float]) -> None:
        self.caption = caption
        self.data = data
        self.refresh(layout=True)  # a longer caption may take another line

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The caption's lines at `width`, then the bars: counted, not drawn (drawing the bars
        to measure them cost as much as drawing them on screen)."""
        return len(Text(self.caption).wrap(self.app.console, width)) + self.BAR_LINES

    def render(self) -> RenderResult:
        _, base = self.background_colors
        low, high = (base + self.get_component_styles(f"sparkline--{end}-color").color
                     for end in ("min", "max"))
        out = Text(self.caption + "\n")
        indent = " " * self.INDENT
        for number, line in enumerate(bar_lines(list(self.data or []),
                                                max(1, self.size.width - self.INDENT),
                                                self.BAR_LINES, low.rich_color,
                                                high.rich_color, self.summary_function)):
            out.append(("\n" if number else "") + indent)
            for run, style in line:
                out.append(run, style)
        return out


def bar_lines(data: list[float], width: int, height: int, low: RichColor, high: RichColor,
              summary=max) -> list[list[tuple[str, Style | None]]]:
    """The bars of Textual's Sparkline renderable (textual.renderables.sparkline), the same
    characters in the same colours, as runs of (text, style) per line, top line first: drawn
    as one Text, they skip the Rich console's rendering of a renderable (a colour blended and a
    segment restyled for each of the ~110 cells of each of 3 lines, some 2 ms a chart, each time
    a chart is drawn). One colour per distinct height, not per cell."""
    if not data:
        return [[] for _ in range(height - 1)] + [[("▁" * width, Style.from_color(low))]]
    if len(data) == 1:
        return [[("█" * width, Style.from_color(high))] for _ in range(height)]
    parts = len(SparklineBars.BARS)
    segments = parts * height - 1
    minimum, maximum = min(data), max(data)
    extent = maximum - minimum or 1
    # Textual's buckets (`Sparkline._buckets`) in whole numbers: int(Fraction(n, width) * k)
    # is n * k // width, without a Fraction's arithmetic (most of the drawing's time).
    size = len(data)
    buckets = tuple(part for k in range(width)
                    if (part := data[size * k // width:size * (k + 1) // width]))
    step, index, ratios = len(buckets) / width, 0.0, []
    for _ in range(width):  # the bucket index summed step by step, exactly as Textual does
        ratios.append((summary(buckets[int(index)]) - minimum) / extent)
        index += step
    styles: dict[float, Style] = {}
    lines = []
    for line in reversed(range(height)):
        low_part, high_part = line * parts, (line + 1) * parts
        runs: list[tuple[str, Style | None]] = []
        for ratio in ratios:
            bar_index = int(ratio * segments)
            if bar_index < low_part:
                bar, style = " ", None
            else:
                bar = "█" if bar_index >= high_part else SparklineBars.BARS[bar_index % parts]
                style = styles.get(ratio)
                if style is None:
                    style = styles[ratio] = Style.from_color(blend_colors(low, high, ratio))
            if runs and runs[-1][1] is style:
                runs[-1] = (runs[-1][0] + bar, style)
            else:
                runs.append((bar, style))
        lines.append(runs)
    return lines
