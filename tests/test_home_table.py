"""Home's deck table starts quicker (issue 26): it skips DataTable's per-cell width measures and
draws its cells without Rich's wrappers, each distinct text once, and it has the size and draws
the lines (every segment's text and style) a stock DataTable has with the same rows."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from drill.tui.deck_table import DeckTable
from drill.tui.screens.home import DeckTable as HomeDeckTable


class Tables(App[None]):
    """The deck table beside a stock DataTable with the same rows."""

    def __init__(self, rows: list[tuple]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        yield DeckTable(id="fast", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="stock", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.styles.height = 12
            table.add_column(Text("On"), key="on", width=3)
            table.add_column(Text("Deck"), key="deck", width=30)
            for name in ("Due", "New"):
                table.add_column(Text(name, justify="right"), key=name.lower(), width=7)
            for n, row in enumerate(self.rows):
                table.add_row(*row, key=str(n))


async def test_the_deck_table_has_the_size_and_lines_of_a_stock_data_table():
    rows = [(Text("●"), Text(title), Text(str(n), justify="right"), Text("–", justify="right"))
            for n, title in enumerate(["Short", "A deck title far longer than its thirty columns",
                                       "漢字のデッキ名はここで二倍の幅をとる", "Tabs\tand  spaces",
                                       *(f"Deck {n}" for n in range(40))])]
    app = Tables(rows)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        fast, stock = app.query_one("#fast", DataTable), app.query_one("#stock", DataTable)
        assert fast.virtual_size == stock.virtual_size
        assert fast.virtual_size.height == len(rows) + 1  # rows and the header

        def lines(table):
            return [strip.text for strip in table.render_lines(Region(0, 0, 60, 12))]

        assert lines(fast) == lines(stock)
        for table in (fast, stock):  # scrolled to the bottom: the same lines again
            table.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert fast.scroll_offset == stock.scroll_offset and lines(fast) == lines(stock)


TITLES = ["Short", "A deck title far longer than its thirty columns", "漢字のデッキ名はここで二倍の幅をとる",
          "Tabs\tand  spaces", "", "x" * 30, "y" * 31, "ends in a wide 字字字字字字字字字字字字字",
          "[b]not markup[/b]", *(f"Deck {n}" for n in range(30))]


def home_rows() -> list[tuple]:
    """Rows as Home makes them: on and off decks (dim), shared digits, a bold totals row."""
    rows = []
    for n, title in enumerate(TITLES):
        style = "dim" if n % 3 == 0 else ""
        rows.append((Text("○" if style else "●"), Text(title, style=style),
                     Text(str(n % 4), style=style, justify="right"),
                     Text("–" if style else "12", style=style, justify="right")))
    rows.append((Text(), Text("Total", style="bold"), Text("7", style="bold", justify="right"),
                 Text("1234567890", style="bold", justify="right")))
    return rows


async def test_the_deck_table_draws_every_segment_a_stock_data_table_draws():
    """Text and style of every segment, focused and not, with the cursor moved and the mouse
    over a row: the quicker drawing is the stock one."""
    app = Tables(home_rows())
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        drawn = {}
        for table in app.query(DataTable):
            table.focus()
            await pilot.pause()
            states = [table.render_lines(Region(0, 0, 60, 12))]
            table.move_cursor(row=3)
            await pilot.pause()
            states.append(table.render_lines(Region(0, 0, 60, 12)))
            table.blur()
            table.hover_coordinate = Coordinate(5, 1)
            await pilot.pause()
            states.append(table.render_lines(Region(0, 0, 60, 12)))
            table.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            states.append(table.render_lines(Region(0, 0, 60, 12)))
            drawn[table.id] = [[list(strip) for strip in lines] for lines in states]
        assert drawn["fast"] == drawn["stock"]
        assert drawn["fast"][0] != drawn["fast"][2]  # the states differ: the test sees them
        fast = app.query_one("#fast", DeckTable)
        assert fast._text_lines  # the quick drawing was the one used
        assert HomeDeckTable is DeckTable


def test_home_deck_sizes_count_from_the_index_what_the_filter_on_every_row_counted(store):
    """`store.cards.decks()` (signed counts) against the plain query it replaced: orphans left
    out, a deck whose cards are all orphans gone, titles differing only in case kept apart."""
    from tests.test_store_queries import card_row

    rows = [card_row(f"a{n}", "Alpha", line=n) for n in range(5)]
    rows += [card_row(f"o{n}", "Alpha", line=9 + n, orphaned_ms=5) for n in range(2)]
    rows += [card_row("g1", "Gone", orphaned_ms=7), card_row("b1", "beta"),
             card_row("B1", "Beta"), card_row("B2", "Beta"), card_row("z1", "Ω deck")]
    with store.atomic():
        store.cards.upsert(rows)
    plain = dict(store.conn.execute(
        "SELECT deck, COUNT(*) FROM cards WHERE orphaned_ms IS NULL GROUP BY deck ORDER BY deck"))
    assert store.cards.decks() == plain == {"Alpha": 5, "Beta": 2, "beta": 1, "Ω deck": 1}
    assert list(store.cards.decks()) == list(plain)  # in the same order


async def test_homes_rows_share_texts_only_where_number_and_style_are_the_same(make_ctx):
    """Home builds one Text per number, dot and style: a deck turned off dims its own row only,
    and every cell reads as the one Text per cell did."""
    from drill.tui.app import make_app

    ctx = make_ctx()
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")  # the first deck off
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        queue, sizes = app.screen.queue, ctx.store.cards.decks()
        rows = [table.get_row_at(n) for n in range(table.row_count)]
        first, *others = list(sizes)
        assert [(c.plain, c.style) for c in rows[0]] == [("○", ""), (first, "dim")] + [
            ("–", "dim")] * 3 + [(str(sizes[first]), "dim")]
        for deck, row in zip(others, rows[1:-1], strict=True):
            counts = queue.per_deck.get(deck)
            due, new, repeat = (counts.due, counts.new, counts.repeat) if counts else (0, 0, 0)
            assert [(c.plain, c.style) for c in row] == [("●", ""), (deck, "")] + [
                (str(n), "") for n in (due, new, repeat, sizes[deck])]
            assert all(cell.justify == "right" for cell in row[2:])
        total = queue.totals
        assert [c.plain for c in rows[-1]][1:] == ["Total", str(total.due), str(total.new),
                                                  str(total.repeat), str(sum(sizes.values()))]
        assert {c.style for c in rows[-1][1:]} == {"bold"}
