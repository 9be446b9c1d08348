"""Every test runs with its own DRILL_HOME and XDG folders, so the user's real data is never seen."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "drill-home"
    monkeypatch.setenv("DRILL_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return home


@pytest.fixture
def write_deck(tmp_path: Path):
    """Write a deck file (text or bytes) into a fresh folder and return its path."""

    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)

    def write(text: str | bytes, name: str = "deck.md") -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path

    return write


UTC_NOON = "2026-03-02T12:00:00+00:00"


@pytest.fixture
def clock():
    from datetime import datetime

    from drill.clock import FixedClock

    return FixedClock(datetime.fromisoformat(UTC_NOON))


@pytest.fixture
def calendar():

    from drill.clock import Calendar

    return Calendar(UTC, 4)


@pytest.fixture
def store():
    from drill.store import Store

    db = Store.open(None)
    yield db
    db.close()


@pytest.fixture
def user_decks(tmp_path):
    folder = tmp_path / "user-decks"
    folder.mkdir()
    return folder


@pytest.fixture
def synced(store, clock, calendar, user_decks):
    """Sync the given user deck folder (only) into the store; returns a function to re-run it."""
    from drill.sync import Source, sync

    def run():
        return sync(store, [Source(user_decks)], clock.now(), calendar)

    return run


@pytest.fixture
def make_ctx(tmp_path, clock, isolated_home):
    """A context on a real database file, the bundled decks and a user deck folder."""
    opened = []

    from datetime import UTC

    from drill.clock import Calendar
    from drill.context import Context
    from drill.paths import Locations, bundled_decks_dir
    from drill.settings import Settings
    from drill.store import Store
    from drill.sync import BUNDLED, USER, Source
    from drill.tui.app import WELCOMED

    def build(settings: Settings | None = None, welcomed: bool = True, user_deck: str | None = None):
        locations = Locations.from_env()
        locations.decks_dir.mkdir(parents=True, exist_ok=True)
        if user_deck is not None:
            (locations.decks_dir / "mine.md").write_text(user_deck)
        store = Store.open(locations.db_file)
        if welcomed:
            store.meta.set(WELCOMED, "1")
        ctx = Context(store, locations, settings or Settings(), clock, Calendar(UTC, 4),
                      [Source(bundled_decks_dir(), BUNDLED), Source(locations.decks_dir, USER),
                       Source(locations.stories_dir, USER, stories=True)])
        opened.append(ctx)
        return ctx

    yield build
    for ctx in opened:
        ctx.close()


@pytest.fixture
def restyled(monkeypatch):
    """The names of the screens Textual styles whole again (`Screen.update_node_styles`), one
    per time, in order."""
    from textual.screen import Screen

    names: list[str] = []
    update = Screen.update_node_styles

    def counted(self, animate=True):
        names.append(type(self).__name__)
        return update(self, animate)

    monkeypatch.setattr(Screen, "update_node_styles", counted)
    return names
