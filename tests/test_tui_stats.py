"""The statistics screen, driven headless: figures on screen, filters, card info, practice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Sparkline, Static

from drill.text import count
from drill.tui.charts import Heatmap, TextTable
from drill.tui.screens.card_info import CardInfoScreen
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.review import ReviewScreen
from drill.tui.screens.stats import StatsScreen
from tests.screen_text import rendered_text
from tests.stats_history import simulate


def history(make_ctx, clock, **kwargs):
    ctx = make_ctx(**kwargs)
    ctx.sync()
    cards = simulate(ctx.store, clock, ctx.calendar)
    return ctx, cards


def table_text(screen, selector: str) -> str:
    table = screen.query_one(selector)
    assert isinstance(table, DataTable | TextTable)
    return "\n".join(" ".join(str(cell) for cell in table.get_row_at(i))
                     for i in range(table.row_count))


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def figures(pilot, screen):
    """Wait for the worker threads until every figure is on screen (no wall-clock sleep: each
    round waits for the screen's workers to finish, then lets the screen handle their news)."""
    for _ in range(50):
        if not screen.computing:
            return screen.stats
        await screen.workers.wait_for_complete([w for w in screen.workers
                                                 if w.node is screen])
        await pilot.pause()
    raise AssertionError("the statistics never finished computing")


async def open_stats(app, pilot, wait=True):
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, StatsScreen), app.screen
    if wait:
        await figures(pilot, app.screen)
    return app.screen


async def test_home_key_opens_statistics_with_every_figure(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        stats = screen.stats
        assert stats is not None
        reviews = sum(n for _, n, _ in stats.activity)
        assert reviews > 0
        assert f"{reviews} reviews" in static_text(screen, "#stats-streak")
        assert f"Streak: {count(stats.streak_current, 'day')} (longest" in static_text(
            screen, "#stats-streak")
        heatmap = screen.query_one("#stats-heatmap", Heatmap)
        drawn = str(heatmap.render())
        assert any(level in drawn for level in "░▒▓█") and "Mon" in drawn
        sparks = list(screen.query(Sparkline))
        assert sum(d or 0 for d in sparks[0].data) == reviews
        retention = table_text(screen, "#stats-retention")
        young = stats.retention["young"]
        assert f"{100 * young.rate:.0f}%" in retention and str(young.reviews) in retention
        assert "Behavioural (STAR)" in table_text(screen, "#stats-states")
        assert "Communication" in table_text(screen, "#stats-readiness")
        assert "no material" in table_text(screen, "#stats-readiness")  # Domain Specific
        assert "star" in table_text(screen, "#stats-mock")
        text = rendered_text(app)
        assert "Statistics" in text and "Activity" in text


async def test_deck_and_range_filters(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        await pilot.press("d")  # the first deck alone
        await figures(pilot, screen)
        first = sorted(ctx.store.cards.decks())[0]
        assert screen.deck == first
        assert first in static_text(screen, "#stats-filters")
        assert table_text(screen, "#stats-states").count("\n") == 0  # one deck's row
        await pilot.press("r")
        await figures(pilot, screen)
        assert screen.days == 90 and screen.stats.range_days == 90
        assert "(90 days)" in static_text(screen, "#stats-filters")


async def test_hardest_card_opens_info_and_practise_starts_a_review(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        hardest = screen.stats.hardest
        assert hardest
        table = screen.query_one("#stats-hardest", DataTable)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardInfoScreen)
        assert app.screen.card_id == hardest[0]["id"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.pending == [card["id"] for card in hardest]
        assert app.screen.session.off_schedule


async def test_review_weakest_readiness_row(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        weakest = screen.stats.readiness.weakest
        assert weakest is not None
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert weakest.name in app.screen.session.title
        deck_of = {c.id: c.deck for c in ctx.store.cards.list()}
        cards = app.screen.session.pending
        assert cards and all(deck_of[c] in weakest.decks or weakest.tags for c in cards)


@pytest.mark.parametrize("plan", [False, True])
async def test_readiness_marks_the_weak_stages_of_the_plan_file(make_ctx, clock, plan):
    """The stages a debrief marked weak (plan.toml) are marked on the screen; without a plan
    file (read only when there is one) nothing is."""
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    if plan:
        day = (ctx.calendar.day(clock.now()) - timedelta(days=5)).isoformat()
        ctx.locations.config_file.with_name("plan.toml").write_text(
            f"[[interview]]\ndate = {day}\ndebriefed = true\nweak_stages = [1]\n")
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        readiness = screen.stats.readiness
        weak = [row.name for row in readiness.rows if row.weak]
        assert readiness.weak_stages == ((1,) if plan else ())
        assert ("Stage 1: Phone Screen" in weak and "Communication" in weak) == plan
        assert bool(weak) == plan
        assert ("! Communication" in table_text(screen, "#stats-readiness")) == plan


async def test_user_text_is_not_markup_and_escape_goes_back(make_ctx, clock):
    from drill.tui.app import make_app

    deck = ("# [b]Bold[/b] deck\n\n## What is [red]this[/red]?\n<!-- id: markup01 -->\n\n"
            "An answer.\n")
    ctx = make_ctx(user_deck=deck)
    ctx.sync()
    reviewer = ctx.reviewer()
    for _ in range(3):
        reviewer.grade("markup01", 0, 1000)
        clock.advance(days=1)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        assert "[b]Bold[/b] deck" in table_text(screen, "#stats-states")
        assert "What is [red]this[/red]?" in table_text(screen, "#stats-hardest")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_offers_statistics(make_ctx):
    from drill.tui.app import make_app

    app = make_app(make_ctx())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Statistics") and "progress" in t for t in titles)
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title.startswith("Statistics"))
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)


async def test_readable_at_80_columns_in_the_light_theme(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        screen = await open_stats(app, pilot)
        text = rendered_text(app)
        assert "Streak:" in text and "Mon" in text
        heatmap = screen.query_one("#stats-heatmap", Heatmap)
        assert heatmap.size.width <= 78 and heatmap.rich_style.color is not None
        assert all(len(line) <= 80 for line in text.splitlines())


# --- the figures come from a worker thread ---------------------------------------------------------

@pytest.fixture
def in_threads(monkeypatch):
    """The screen computes in threads, as it does past IN_PLACE_ROWS (a test's collection is
    far smaller)."""
    monkeypatch.setattr(StatsScreen, "IN_PLACE_ROWS", -1)


@pytest.mark.parametrize("margin", [0, 1])
async def test_a_collection_up_to_in_place_rows_is_computed_as_the_screen_is_built(
        make_ctx, clock, monkeypatch, margin):
    """At IN_PLACE_ROWS review rows and cards (`store.stats.size()`), the figures are computed
    on the UI thread before the screen's first paint, which has every one of them; one more
    and they are computed in a thread, the frame showing first. A change of filters computes
    in a thread either way."""
    import threading

    from drill.stats import compute
    from drill.tui.app import make_app
    from drill.tui.screens import stats as stats_screen

    threads, connections = [], []

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        connections.append(args[0].conn)
        return compute(*args, **kwargs)

    monkeypatch.setattr(stats_screen, "compute", recording)
    ctx, _ = history(make_ctx, clock)
    size = ctx.store.stats.size()
    reviews = ctx.store.conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    cards = ctx.store.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    assert size == reviews + cards and reviews > 0
    monkeypatch.setattr(StatsScreen, "IN_PLACE_ROWS", size - margin)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        if margin:  # in a thread: the frame first, then the figures
            assert threads == [] or threading.get_ident() not in threads
            await figures(pilot, screen)
            assert threads and threading.get_ident() not in threads
            return
        assert threads == [threading.get_ident()] and not screen.computing
        assert connections == [ctx.store.conn]  # the app's own (a warm cache), no second one
        assert screen.sections_mounted and not list(screen.workers)
        await pilot.pause()
        shown = rendered_text(app)
        assert "Activity" in shown and "Streak:" in shown and "computing" not in shown
        assert screen.stats.to_json() == compute(ctx.store, ctx.calendar, ctx.clock.now(),
                                                 30).to_json()
        await pilot.press("r")  # a change of filters: in a thread, which a key can interrupt
        await figures(pilot, screen)
        assert screen.stats.range_days == 90 and "(90 days)" in static_text(screen, "#stats-filters")
        assert len(threads) == 2 and threads[1] != threading.get_ident()


async def test_hardest_prompts_take_the_width_the_other_columns_leave(make_ctx, clock):
    """The hardest cards' prompts are cut to what the other columns leave (no sideways
    scrolling at 80 columns), and cut again to the new width when the terminal is resized."""
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)

        def prompts() -> list[str]:
            table = screen.query_one("#stats-hardest", DataTable)
            return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]

        longest = max(len(card["prompt"]) for card in screen.stats.hardest)
        assert longest > 45
        assert max(map(len, prompts())) == 42 and any(p.endswith("…") for p in prompts())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert max(map(len, prompts())) == min(longest, 80)


async def test_figures_are_computed_off_the_ui_thread_and_match_compute(make_ctx, clock,
                                                                       monkeypatch, in_threads):
    import threading

    from drill.stats import compute
    from drill.tui.app import make_app
    from drill.tui.screens import stats as stats_screen

    threads = []

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return compute(*args, **kwargs)

    monkeypatch.setattr(stats_screen, "compute", recording)
    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        assert threads and threading.get_ident() not in threads
        expected = compute(ctx.store, ctx.calendar, ctx.clock.now(), 30)
        shown = screen.stats
        assert shown.detailed and not screen.computing
        assert shown.activity == expected.activity and shown.states == expected.states
        assert shown.retention_groups == expected.retention_groups
        assert shown.ease == expected.ease and shown.intervals == expected.intervals
        assert "computing" not in static_text(screen, "#stats-filters")
        deck_rows = table_text(screen, "#stats-retention")
        for name, _, _ in expected.retention_groups["deck"]:
            assert name in deck_rows


def hold_compute(monkeypatch, only_first: bool = False):
    """The screen's computations wait until the test sets the event returned (with `only_first`,
    only the first of them); the list returned gets each computation's arguments."""
    import threading

    from drill.stats import compute
    from drill.tui.screens import stats as stats_screen

    release = threading.Event()
    calls = []

    def held(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1 or not only_first:
            release.wait(30)
        return compute(*args, **kwargs)

    monkeypatch.setattr(stats_screen, "compute", held)
    return release, calls


async def test_screen_shows_computing_reacts_to_keys_and_drops_stale_work(make_ctx, clock,
                                                                         monkeypatch, in_threads):
    """While a computation is held, the screen is up and says "computing…"; a key changing the
    filters meanwhile starts a new one, and the stale one's figures are never shown."""
    from drill.tui.app import make_app

    release, calls = hold_compute(monkeypatch, only_first=True)
    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot, wait=False)
        assert screen.computing and screen.stats is None
        assert "computing…" in static_text(screen, "#stats-filters")
        await pilot.press("r")  # 90 days, while the 30-day figures are still coming
        await pilot.pause()
        assert screen.days == 90 and len(calls) == 2  # the 90-day one did not wait
        release.set()
        stats = await figures(pilot, screen)
        assert stats.range_days == 90 and stats.detailed
        await pilot.pause()
        assert screen.stats is stats  # the stale 30-day result did not replace it
        assert "(90 days)" in static_text(screen, "#stats-filters")
        assert "computing" not in static_text(screen, "#stats-filters")


async def test_in_threads_the_frame_shows_first_and_the_sections_come_with_the_figures(
        make_ctx, clock, monkeypatch, in_threads):
    """Computed in threads, the screen first shows its frame, saying "computing…", with the
    footer's keys; the sections mount with the first figures, not while they are computed, and
    a new computation says "computing…"."""
    from drill.tui.app import make_app

    release, _ = hold_compute(monkeypatch)
    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot, wait=False)
        await pilot.pause()
        assert screen.computing
        assert not screen.sections_mounted and not screen.query("#stats-sections")
        shown = rendered_text(app)
        assert "computing…" in shown and "Activity" not in shown and "Readiness" not in shown
        assert "Back" in shown and "Range" in shown  # the footer's keys
        release.set()
        await figures(pilot, screen)
        await pilot.pause()
        assert screen.sections_mounted and screen.query_one("#stats-hardest", DataTable)
        shown = rendered_text(app)
        assert "Activity" in shown and "Streak:" in shown and "computing" not in shown
        release.clear()
        await pilot.press("r")
        assert screen.computing and "computing…" in static_text(screen, "#stats-filters")
        release.set()
        await figures(pilot, screen)
        await pilot.pause()
        assert screen.stats.range_days == 90 and "computing" not in rendered_text(app)


# --- the filter dialog -------------------------------------------------------------------------------

async def type_range(pilot, app, first: str, last: str):
    from textual.widgets import Input

    from drill.tui.screens.stats_filter import StatsFilterScreen

    await pilot.press("f")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, StatsFilterScreen)
    dialog.query_one("#stats-filter-from", Input).value = ""
    dialog.query_one("#stats-filter-to", Input).value = ""
    await pilot.press(*first)
    await pilot.press("tab")
    await pilot.press(*last)
    await pilot.press("enter")
    await pilot.pause()
    return dialog


async def test_typed_date_range_filters_the_figures(make_ctx, clock):
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    today = ctx.calendar.day(ctx.clock.now())
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)
        everything = sum(n for _, n, _ in screen.stats.activity)
        await type_range(pilot, app, "2026-03-10", "2026-03-12")
        assert app.screen is screen and screen.range is not None
        stats = await figures(pilot, screen)
        assert (stats.first, stats.last) == ("2026-03-10", "2026-03-12")
        assert all("2026-03-10" <= day <= "2026-03-12" for day, _, _ in stats.activity)
        assert 0 < sum(n for _, n, _ in stats.activity) < everything
        assert "2026-03-10 to 2026-03-12 (3 days)" in static_text(screen, "#stats-filters")
        assert stats.today == today.isoformat()
        await pilot.press("r")  # back to a preset
        stats = await figures(pilot, screen)
        assert screen.range is None and stats.last == today.isoformat()


@pytest.mark.parametrize(("first", "last", "message"), [
    ("soon", "", "From: 'soon' is not a date (write a date as YYYY-MM-DD"),
    ("2026-03-01", "2026-02-30", "To: '2026-02-30' is not a date"),
    ("2026-03-10", "2026-03-01", "the range starts (2026-03-10) after it ends (2026-03-01)"),
    ("", "2026-03-01", "From: give the first day of the range as well"),
])
async def test_bad_dates_are_said_in_the_dialog(make_ctx, clock, first, last, message):
    from drill.tui.app import make_app
    from drill.tui.screens.stats_filter import StatsFilterScreen

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)
        dialog = await type_range(pilot, app, first, last)
        assert isinstance(app.screen, StatsFilterScreen)  # still open, nothing applied
        assert message in static_text(dialog, "#stats-filter-error")
        assert message in rendered_text(app).replace("\n", " ") or message[:30] in \
            rendered_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.range is None


async def test_filter_dialog_chooses_one_deck_or_all(make_ctx, clock):
    from textual.widgets import Select

    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    deck = sorted(ctx.store.cards.decks())[1]
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#stats-filter-deck", Select).value = deck
        await pilot.press("ctrl+s")
        stats = await figures(pilot, screen)
        assert screen.deck == deck and stats.deck == deck
        assert [row["deck"] for row in stats.states] == [deck]
        await pilot.press("f")
        await pilot.pause()
        select = app.screen.query_one("#stats-filter-deck", Select)
        assert select.value == deck
        select.value = ""
        await pilot.press("ctrl+s")
        stats = await figures(pilot, screen)
        assert screen.deck is None and len(stats.states) > 1


async def test_every_statistics_key_is_in_the_footer_and_help(make_ctx, clock):
    from drill.tui.app import make_app
    from drill.tui.screens.help import help_text

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(app, pilot)
        footer = rendered_text(app).splitlines()[-1]
        for word in ("Back", "Deck", "Range", "Filter", "Practise hardest", "Review weakest",
                     "Mock weakest"):
            assert word in footer, word
        # Dimmed until the figures said there were cards to practise (then restyled in place).
        from textual.widgets._footer import FooterKey

        keys = {key.action: key for key in app.screen.query(FooterKey)}
        for action in ("practise_hardest", "review_weakest", "mock_weakest", "close"):
            assert not keys[action].has_class("-disabled") and not keys[action]._disabled
        text = help_text(app)
        for words in ("choose a deck and type a date range", "apply the filter"):
            assert words in text


@pytest.mark.parametrize("threads", [False, True])
async def test_a_failed_computation_is_said_on_the_screen(make_ctx, clock, monkeypatch, threads):
    """In place or in a thread, what went wrong is said on the filter line, the sections stay
    out (no empty tables), and the keys still work."""
    import sqlite3

    from drill.tui.app import make_app
    from drill.tui.screens import stats as stats_screen

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(stats_screen, "compute", failing)
    if threads:
        monkeypatch.setattr(StatsScreen, "IN_PLACE_ROWS", -1)
    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_stats(app, pilot)
        assert app.screen is screen and not screen.computing
        assert "could not compute the figures: disk I/O error" in static_text(
            screen, "#stats-filters")
        assert not screen.sections_mounted and not screen.query("#stats-sections")
        await pilot.press("r")
        assert screen.days == 90
        await figures(pilot, screen)
        assert "could not compute the figures" in static_text(screen, "#stats-filters")
        assert "(90 days)" in static_text(screen, "#stats-filters")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_detail_comes_from_a_second_connection_and_every_figure_at_once(
        make_ctx, clock, monkeypatch, in_threads):
    """The detail is computed in a thread of its own, on a second connection, started with the
    first figures' (neither waits for the screen's first paint); one worker gives every figure,
    which the screen draws at once and which equal what `compute` gives."""
    import threading

    from drill.stats import compute
    from drill.tui.app import make_app
    from drill.tui.stats_job import StatsJob

    calls = []
    start_detail = StatsJob.start_detail

    def started(job, store, today):
        calls.append((threading.get_ident(), job.conns[:]))
        start_detail(job, store, today)

    monkeypatch.setattr(StatsJob, "start_detail", started)
    passes = []
    one_pass = StatsScreen._compute
    monkeypatch.setattr(StatsScreen, "_compute",
                        lambda screen, job, store=None: passes.append(job)
                        or one_pass(screen, job, store))
    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        expected = compute(ctx.store, ctx.calendar, ctx.clock.now(), 30)
        assert len(calls) == 1 and calls[0][0] != threading.get_ident()
        assert len(calls[0][1]) == 1  # the first figures' connection, already reading
        assert len(passes) == 1  # one worker: the first figures and the detail together
        assert screen.stats.to_json() == expected.to_json() and not screen.computing
        assert "computing" not in static_text(screen, "#stats-filters")
        deck_rows = table_text(screen, "#stats-retention")
        assert all(name in deck_rows for name, _, _ in expected.retention_groups["deck"])


async def test_table_cells_are_plain_text_and_keep_their_style():
    """Cells reach DataTable as Text: a string is shown as written, never read as markup."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from drill.tui.charts import add_row

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            table = DataTable()
            table.add_columns("a", "b", "c")
            yield table

    app = Tables()
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(DataTable)
        add_row(table, "[b]x[/b]", Text("bold", style="bold"), "12", key="one")
        await pilot.pause()
        first, second, third = table.get_row("one")
        assert (str(first), str(third)) == ("[b]x[/b]", "12") and not first.spans
        assert second.style == "bold"
        assert "[b]x[/b]" in rendered_text(app)


@pytest.mark.parametrize(("size", "width_class", "other"),
                         [((80, 24), "-narrow", "-wide"), ((120, 40), "-wide", "-narrow")])
async def test_the_screen_has_its_width_class_as_it_is_made(make_ctx, clock, size, width_class,
                                                            other):
    """Given before the screen mounts, its first resize changes no class (which restyled every
    widget), and a later resize still moves it."""
    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = StatsScreen()
        assert screen.has_class(width_class) and not screen.has_class(other)
        app.push_screen(screen)
        await figures(pilot, screen)
        assert screen.has_class(width_class) and not screen.has_class(other)
        await pilot.resize_terminal(*((120, 40) if size == (80, 24) else (80, 24)))
        await pilot.pause()
        assert screen.has_class(other) and not screen.has_class(width_class)


async def test_the_first_show_styles_each_widget_once_and_a_return_restyles(
        make_ctx, clock, restyled):
    """Its widgets are styled as they mount, and not all again as the screen first shows
    (`drill.tui.fresh.StyledOnce`); a later resume that asks for a restyle (Textual's, back
    from a see-through screen above it) gets it, and the headings keep the stylesheet's look."""
    from textual import events

    from drill.tui.app import make_app

    ctx, _ = history(make_ctx, clock)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_stats(app, pilot)
        assert restyled.count("StatsScreen") == 0
        heading = screen.query(".stats-heading").first()
        assert heading.styles.text_style.bold
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and restyled.count("StatsScreen") == 0  # (an opaque dialog)
        screen.post_message(events.ScreenResume())
        await pilot.pause()
        assert restyled.count("StatsScreen") == 1
        assert heading.styles.text_style.bold
