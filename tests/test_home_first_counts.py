"""Home's quicker start (issue 26): its first counts, read in a thread while the app starts
(drill/tui/first_counts.py), are the counts Home reads on the app's own connection, and they are
left unused when they could be stale; the deck table, which skips DataTable's cell measures, has
the size and the lines a stock DataTable has."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.geometry import Region
from textual.widgets import DataTable, Static

from drill.review import Reviewer
from drill.tui.app import make_app
from drill.tui.first_counts import home_counts, start_first_counts
from drill.tui.screens.home import DeckTable, HomeScreen

SIZE = (120, 40)
DECK = "# Mine\n\n" + "".join(f"## Question {n}?\n\nAnswer {n}.\n\n" for n in range(12))


def table_rows(home: HomeScreen) -> list[list[str]]:
    table = home.query_one("#decks", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def today_line(home: HomeScreen) -> str:
    return str(home.query_one("#today", Static).render())


def collection(make_ctx, clock):
    """Reviews in a user deck and a bundled one, a card suspended, a deck turned off, and two
    days later: due, new, repeat and off decks all show."""
    ctx = make_ctx(user_deck=DECK)
    ctx.sync()
    store = ctx.store
    reviewer = Reviewer(store, ctx.clock, ctx.calendar)
    decks = list(store.cards.decks())
    mine = list(store.cards.deck_prompts("Mine"))
    for n, card_id in enumerate(mine[:8]):
        reviewer.grade(card_id, 5 if n % 3 else 1)
    off, bundled = [deck for deck in decks if deck != "Mine"][:2]
    for card_id in list(store.cards.deck_prompts(bundled))[:3]:
        reviewer.grade(card_id, 4)
    store.flags.set_suspended(mine[1], True)
    store.prefs.set_deck_enabled(off, False)
    clock.advance(days=2)
    return ctx


async def test_home_first_counts_from_the_thread_are_those_of_the_apps_connection(make_ctx,
                                                                                   clock):
    ctx = collection(make_ctx, clock)
    app = make_app(ctx, sync_report=ctx.sync())
    first = app.first_counts
    assert first is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.first_counts is None  # taken by Home's first count
        role = ctx.store.roadmap.target_role()
        today = home.today()
        taken = first.take(today, ctx.limits, role)
        assert taken is not None  # the thread's counts were there to take
        queue, sizes = home_counts(ctx.store, today, ctx.limits, role)
        assert taken == (queue, sizes)
        assert home.queue == queue and queue.due and queue.new
        shown, line = table_rows(home), today_line(home)
        home.refresh_counts()  # on the app's connection
        await pilot.pause()
        assert table_rows(home) == shown and today_line(home) == line
        assert len(shown) == len(sizes) + 1 and any(row[0] == "○" for row in shown)


async def test_first_counts_are_left_unused_when_the_store_changed_after_they_were_read(
        make_ctx, clock):
    ctx = collection(make_ctx, clock)
    app = make_app(ctx, sync_report=ctx.sync())
    first = app.first_counts
    first._thread.join()  # read before the change below
    stale = first._result[0].per_deck["Mine"]
    due = next(card_id for card_id in ctx.store.cards.deck_prompts("Mine")
               if card_id in first._result[0].due)
    ctx.store.flags.set_suspended(due, True)  # one card fewer due in Mine
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        mine = next(row for row in table_rows(home) if row[1] == "Mine")
        assert mine[2] == str(stale.due - 1)
        shown = table_rows(home)
        home.refresh_counts()
        await pilot.pause()
        assert table_rows(home) == shown


def test_first_counts_are_left_unused_on_another_day_or_limits_and_without_a_file(
        make_ctx, clock):
    ctx = collection(make_ctx, clock)
    first = start_first_counts(ctx)
    today, limits, role = first.key
    assert first.take(today, limits, role) is not None
    assert first.take(today.replace(day=today.day % 28 + 1), limits, role) is None
    assert first.take(today, type(limits)(limits.new_per_day + 1), role) is None
    assert first.take(today, limits, "some-other-role") is None
    ctx.store.path = None  # a store in memory: no second connection
    assert start_first_counts(ctx) is None


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
