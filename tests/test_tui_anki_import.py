"""The app's import screen: a package or CSV path in, the import in a worker, cards and history
in the store; a CSV without a header gets a preview and a keyboard column mapping."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from drill.decks import find_deck_files, parse_file
from drill.tui.app import make_app
from drill.tui.screens.anki_import import AnkiImportScreen
from tests.test_anki_hostile import CRT, collection, package

SIZE = (100, 30)


def shown(app) -> str:
    return str(app.screen.query_one("#anki-result", Static).render())


async def open_screen(app, pilot) -> AnkiImportScreen:
    await pilot.pause()
    [command] = [c for c in app.get_system_commands(app.screen)
                 if c.title == "Import from Anki"]
    command.callback()
    await pilot.pause()
    assert isinstance(app.screen, AnkiImportScreen)
    return app.screen


async def submit(app, pilot, path) -> None:
    app.screen.query_one("#anki-path", Input).value = str(path)
    app.screen.query_one("#anki-path", Input).focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_import_from_the_palette(make_ctx, tmp_path):
    ctx = make_ctx()
    path = package(tmp_path, {"collection.anki2": collection(tmp_path / "c.anki2")})
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot)
        await submit(app, pilot, tmp_path / "missing.apkg")
        assert "Nothing was imported" in shown(app) and "no such file" in shown(app)
        await submit(app, pilot, path)
        assert "Imported 1 card and 1 review-history row" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AnkiImportScreen)
        assert "Hand::Made" in ctx.store.cards.decks()  # synced on close: the deck is in the app
        [row] = ctx.store.log.rows()
        assert row.source == f"anki:{CRT}:1767300000000"


async def test_the_import_runs_in_a_worker_thread_and_says_importing(make_ctx, tmp_path,
                                                                     monkeypatch):
    import threading

    from drill import anki_import

    ctx = make_ctx()
    path = package(tmp_path, {"collection.anki2": collection(tmp_path / "c.anki2")})
    release, threads = threading.Event(), []
    real = anki_import.import_package

    def slow_import(*args, **kwargs):
        threads.append(threading.current_thread())
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(anki_import, "import_package", slow_import)
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        screen.query_one("#anki-path", Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        # While the worker runs, the screen answers and says so; escape does not leave.
        assert "Importing p.apkg…" in shown(app) and screen.busy
        assert screen.query_one("#anki-path", Input).disabled
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads and threads[0] is not threading.main_thread()
        assert "Imported 1 card" in shown(app) and not screen.busy
        assert len(ctx.store.log.rows()) == 1  # written through the worker's own connection


async def test_a_csv_without_header_gets_a_preview_and_a_keyboard_mapping(make_ctx, tmp_path):
    ctx = make_ctx()
    path = tmp_path / "plain.csv"
    path.write_text("the answer 1,What is one?,alpha\nthe answer 2,What is two?,beta\n",
                    encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        screen.query_one("#anki-deck", Input).value = "Mapped"
        await submit(app, pilot, path)
        assert screen.query_one("#anki-mapping").display
        preview = str(screen.query_one("#anki-preview", Static).render())
        assert "the answer 1 | What is one? | alpha" in preview
        assert ctx.store.cards.decks().get("Mapped") is None  # nothing imported yet
        # Front: column 2 (down once in the open list), back: column 1 (up once), tags: 3.
        assert screen.focused is screen.query_one("#map-front", Select)
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "enter", "up", "enter")
        await pilot.pause()
        assert screen.query_one("#map-front", Select).value == 1
        assert screen.query_one("#map-back", Select).value == 0
        assert screen.query_one("#map-tags", Select).value == 2
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Imported 2 cards" in shown(app)
        cards = {c.prompt: c for p in find_deck_files(ctx.locations.decks_dir)
                 for c in parse_file(p).cards}
        assert cards["What is one?"].answer == "the answer 1"
        assert cards["What is two?"].tags == ("beta",) and cards["What is two?"].deck == "Mapped"


async def test_a_csv_with_a_header_imports_at_once(make_ctx, tmp_path):
    ctx = make_ctx()
    path = tmp_path / "named.tsv"
    path.write_text("#separator:tab\n#columns:back\tfront\n#deck:Named\nA1\tQ1\n",
                    encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(app, pilot)
        await submit(app, pilot, path)
        assert not screen.query_one("#anki-mapping").display
        assert "Imported 1 card" in shown(app)
        bad = tmp_path / "bad.csv"
        bad.write_text('#columns:front,back\n"never closed,x\n', encoding="utf-8")
        await submit(app, pilot, bad)
        assert f"{bad}:2: a quoted field is never closed" in shown(app)
