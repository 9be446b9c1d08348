"""The app's "Import from Anki" screen: a package path in, cards and history in the store."""

from __future__ import annotations

from textual.widgets import Input, Static

from drill.tui.app import make_app
from drill.tui.screens.anki_import import AnkiImportScreen
from tests.test_anki_hostile import CRT, collection, package

SIZE = (100, 30)


async def test_import_from_the_palette(make_ctx, tmp_path):
    ctx = make_ctx()
    path = package(tmp_path, {"collection.anki2": collection(tmp_path / "c.anki2")})
    app = make_app(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [command] = [c for c in app.get_system_commands(app.screen)
                     if c.title == "Import from Anki"]
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, AnkiImportScreen)
        app.screen.query_one("#anki-path", Input).value = str(tmp_path / "missing.apkg")
        await pilot.press("enter")
        await pilot.pause()
        shown = str(app.screen.query_one("#anki-result", Static).render())
        assert "Nothing was imported" in shown and "no such file" in shown
        app.screen.query_one("#anki-path", Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        shown = str(app.screen.query_one("#anki-result", Static).render())
        assert "Imported 1 cards and 1 review-history rows" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AnkiImportScreen)
        assert "Hand::Made" in ctx.store.cards.decks()  # synced on close: the deck is in the app
        [row] = ctx.store.log.rows()
        assert row.source == f"anki:{CRT}:1767300000000"
