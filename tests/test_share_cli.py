"""`drill share` from a terminal, and the app's merges (at start, from the settings field), with
two DRILL_HOMEs and one shared folder."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC

import pytest
from textual.widgets import Input

from drill.cli import main
from drill.clock import Calendar
from drill.context import open_context
from drill.paths import Locations
from drill.review import Reviewer
from drill.settings import Settings, load_settings
from drill.share import Share, attach
from drill.share_file import own_name
from drill.store import Store
from drill.tui.app import make_app
from drill.tui.screens.settings import SettingsScreen


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "Sync"
    path.mkdir()
    return path


def use_home(monkeypatch, tmp_path, name):
    home = tmp_path / name
    monkeypatch.setenv("DRILL_HOME", str(home))
    return home


def grade_first_cards(clock, count, grade=4):
    """Grade the first `count` cards of this DRILL_HOME's decks; returns their ids."""
    ctx = open_context(clock=clock, zone=UTC)
    try:
        ctx.sync()
        ids = sorted(ctx.store.cards.index())[:count]
        reviewer = ctx.reviewer()
        for card in ids:
            reviewer.grade(card, grade)
            clock.advance(minutes=1)
        return ids, ctx.store.device
    finally:
        ctx.close()


def test_share_links_exports_merges_and_reports_status(tmp_path, folder, monkeypatch, capsys,
                                                       clock):
    use_home(monkeypatch, tmp_path, "laptop")
    graded, laptop = grade_first_cards(clock, 2)  # before linking: exported on the first link
    assert main(["share", str(folder)]) == 0
    assert "Linked to" in capsys.readouterr().out
    assert len((folder / own_name(laptop)).read_bytes().splitlines()) == 2
    assert load_settings(Locations.from_env().config_file)[0].share_folder == str(folder)

    use_home(monkeypatch, tmp_path, "desktop")
    assert main(["share", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Merged 2 new review-log rows from 1 file; 2 cards replayed." in out
    _, desktop = grade_first_cards(clock, 3, grade=5)

    use_home(monkeypatch, tmp_path, "laptop")
    assert main(["share", "--now"]) == 0
    assert "Merged 3 new review-log rows" in capsys.readouterr().out
    assert main(["share", "--now"]) == 0
    assert "Merged 0 new" in capsys.readouterr().out
    assert main(["share", "--status"]) == 0
    out = capsys.readouterr().out
    assert "this device: 2 rows, last" in out
    assert f"device {desktop}: 3 rows, last" in out and "3 merged here" in out
    with closing(Store.open(tmp_path / "laptop" / "drill.db")) as a, \
            closing(Store.open(tmp_path / "desktop" / "drill.db")) as b:
        assert a.log.all_progress() == b.log.all_progress()
        assert [r.uid for r in a.log.rows()] == [r.uid for r in b.log.rows()]


def test_share_explains_what_is_wrong_without_a_traceback(tmp_path, folder, monkeypatch,
                                                          capsys):
    assert main(["share", "--now"]) == 1
    assert "Not sharing" in capsys.readouterr().out
    assert main(["share", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["share", str(folder), "--now"]) == 2
    (folder / "0123456789abcdef.log.jsonl").write_text("{oops\n")
    assert main(["share", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / '0123456789abcdef.log.jsonl'}:1: not JSON" in err
    assert "Traceback" not in err
    assert main(["share", "--off"]) == 0
    assert "Not sharing any more" in capsys.readouterr().out


def other_device_grades(tmp_path, folder, clock, card_ids):
    """A second device (its own database) grades cards and writes its file to the folder."""
    store = Store.open(tmp_path / "other.db")
    share = Share(store, folder)
    store.after_commit.append(share.export_quietly)
    reviewer = Reviewer(store, clock, Calendar(UTC, 4))
    uids = [reviewer.grade(card, 5) for card in card_ids]
    store.close()
    return uids


async def test_the_app_merges_the_other_devices_rows_at_start(make_ctx, tmp_path, folder, clock):
    ctx = make_ctx(settings=Settings(share_folder=str(folder)))
    ctx.sync()
    cards = sorted(ctx.store.cards.index())[:2]
    uids = other_device_grades(tmp_path, folder, clock, cards)
    attach(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert {r.uid for r in ctx.store.log.rows()} == set(uids)
        assert all(ctx.store.log.progress(card).reviews == 1 for card in cards)
        shown = [n.message for n in app._notifications]
        assert any("Merged 2 reviews of 2 cards" in m for m in shown), shown


async def test_the_settings_field_links_a_folder(make_ctx, tmp_path, folder, clock):
    ctx = make_ctx()
    ctx.sync()
    card = sorted(ctx.store.cards.index())[0]
    other_device_grades(tmp_path, folder, clock, [card])
    ctx.reviewer().grade(sorted(ctx.store.cards.index())[1], 4)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#share_folder", Input)
        field.value = str(folder)
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert ctx.settings.share_folder == str(folder.resolve())
        assert ctx.store.log.progress(card).reviews == 1  # merged on linking
        assert (folder / own_name(ctx.store.device)).read_bytes().count(b"\n") == 1
    assert load_settings(ctx.locations.config_file)[0].share_folder == str(folder.resolve())


async def test_the_app_merges_again_when_its_terminal_gets_focus(make_ctx, tmp_path, folder,
                                                                 clock):
    from textual import events

    ctx = make_ctx(settings=Settings(share_folder=str(folder)))
    ctx.sync()
    first, second = sorted(ctx.store.cards.index())[:2]
    attach(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert ctx.store.log.progress(first).is_new
        [uid] = other_device_grades(tmp_path, folder, clock, [first])
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert ctx.store.log.row(uid) is not None
        assert ctx.store.log.progress(first).reviews == 1
        ctx.reviewer().grade(second, 4)  # written to this device's file at once
        rows = (folder / own_name(ctx.store.device)).read_bytes().splitlines()
        assert len(rows) == 1 and second.encode() in rows[0]


async def test_the_settings_field_refuses_a_folder_that_is_not_there(make_ctx, tmp_path):
    ctx = make_ctx()
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        field = app.screen.query_one("#share_folder", Input)
        field.value = str(tmp_path / "nowhere")
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#share_folder-error")
        assert "no such folder" in str(error.render())
        assert ctx.settings.share_folder == "" and ctx.share is None
