"""Anki import on hostile and damaged packages, built by hand (no `anki` library needed): each
gives one clear line and leaves nothing written."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard

from drill import anki_package
from drill.anki_import import import_package
from drill.anki_package import AnkiImportError
from drill.cli import main
from drill.clock import Calendar
from drill.store import StoreWriteError

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
CRT = int(datetime(2026, 1, 1, 4, tzinfo=UTC).timestamp())
MODELS = {"10": {"name": "Basic", "type": 0, "flds": [{"name": "Front", "ord": 0},
                                                       {"name": "Back", "ord": 1}],
                 "tmpls": [{"name": "Card 1"}]}}


def collection(path: Path, notes=(("g1", 10, "Front text\x1fBack <b>text</b>"),),
               revlog=((1767300000000, 1, 3, 3, 2500, 4000, 1),), mid_models=MODELS,
               cards=None, deck="Hand::Made") -> bytes:
    """A schema-11 collection: the columns drill reads, one Basic note, one review card."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE col (id, crt, models, decks);
        CREATE TABLE notes (id, guid, mid, tags, flds);
        CREATE TABLE cards (id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odid,
                            odue);
        CREATE TABLE revlog (id, cid, ease, ivl, factor, time, type);""")
    conn.execute("INSERT INTO col VALUES (1, ?, ?, ?)",
                 [CRT, json.dumps(mid_models),
                  json.dumps({"1": {"name": deck}, "5": {"name": "Filtered"}})])
    for i, (guid, mid, flds) in enumerate(notes, start=1):
        conn.execute("INSERT INTO notes VALUES (?, ?, ?, ' hand ', ?)", [i, guid, mid, flds])
        if cards is None:
            conn.execute("INSERT INTO cards VALUES (?, ?, 1, 0, 2, 2, 70, 3, 2500, 1, 0, 0, 0)",
                         [i, i])
    conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     cards or [])
    conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?)", revlog)
    conn.commit()
    conn.close()
    return path.read_bytes()


def package(tmp_path: Path, members: dict[str, bytes], name: str = "p.apkg") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def run_import(path: Path, store, decks: Path):
    return import_package(path, store, decks, Calendar(UTC, 4), NOW)


def nothing_written(store, decks: Path) -> None:
    assert not decks.exists() or not any(decks.rglob("*"))
    assert store.log.rows() == []


def test_a_handmade_package_imports_and_seeds_its_schedule(tmp_path, store):
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db, "media": b"{}"})
    plan, _ = run_import(path, store, tmp_path / "decks")
    [deck] = plan.decks
    assert deck.title == "Hand::Made" and deck.cards[0].answer == "Back **text**"
    [row] = store.log.rows()
    assert (row.kind, row.grade, row.duration_ms, row.source) == (
        "import", 4, 4000, f"anki:{CRT}:1767300000000")
    progress = store.log.progress(deck.cards[0].id)
    assert progress.due == "2026-03-12" and progress.state["ef100"] == 250  # crt day + 70


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil", "a/../../evil"])
def test_path_traversal_in_member_names_is_refused(tmp_path, store, member):
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db, member: b"x"})
    with pytest.raises(AnkiImportError, match="path traversal"):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")


def test_path_traversal_in_the_media_map_is_refused(tmp_path, store):
    db = collection(tmp_path / "c.anki2", notes=(("g1", 10, 'Q\x1f<img src="../../x.png">'),))
    path = package(tmp_path, {"collection.anki2": db, "media": b'{"0": "../../x.png"}',
                              "0": b"png"})
    with pytest.raises(AnkiImportError, match="path traversal"):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")
    assert not (tmp_path / "x.png").exists()


def test_a_zip_bomb_is_capped(tmp_path, store, monkeypatch):
    monkeypatch.setattr(anki_package, "MAX_UNPACKED", 1_000_000)
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db + b"\0" * 5_000_000})
    assert path.stat().st_size < 100_000
    with pytest.raises(AnkiImportError, match="unpacks to more than"):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")


def test_a_zstd_bomb_is_capped(tmp_path, store, monkeypatch):
    monkeypatch.setattr(anki_package, "MAX_UNPACKED", 1_000_000)
    bomb = zstandard.ZstdCompressor().compress(b"SQLite format 3\0" + b"\0" * 20_000_000)
    path = package(tmp_path, {"collection.anki21b": bomb, "meta": b"\x08\x03"})
    with pytest.raises(AnkiImportError, match="unpacks to more than"):
        run_import(path, store, tmp_path / "decks")


@pytest.mark.parametrize(("data", "message"), [
    (b"SQLite format 3\0" + b"\xff" * 4000, "damaged or not an Anki collection"),
    (b"hello, not a database", "not an SQLite database"),
])
def test_garbage_collections_are_refused(tmp_path, store, data, message):
    path = package(tmp_path, {"collection.anki2": data})
    with pytest.raises(AnkiImportError, match=message):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")


def test_a_stub_only_package_is_refused_not_imported_as_one_card(tmp_path, store):
    stub = "Please update to the latest Anki version, then import the .colpkg/.apkg file again."
    db = collection(tmp_path / "c.anki2", notes=(("g1", 10, stub + "\x1f"),))
    path = package(tmp_path, {"collection.anki2": db})
    with pytest.raises(AnkiImportError, match="compatibility stub"):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")


def test_a_current_format_package_without_its_collection_is_refused(tmp_path, store):
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db, "meta": b"\x08\x03"})
    with pytest.raises(AnkiImportError, match="no collection.anki21b"):
        run_import(path, store, tmp_path / "decks")


def test_text_that_is_not_utf8_is_refused(tmp_path, store):
    db_path = tmp_path / "c.anki2"
    collection(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE notes SET flds = CAST(X'51FF1F41' AS TEXT)")
    conn.commit()
    conn.close()
    path = package(tmp_path, {"collection.anki2": db_path.read_bytes()})
    with pytest.raises(AnkiImportError, match="not UTF-8"):
        run_import(path, store, tmp_path / "decks")


def test_an_unknown_note_type_is_refused(tmp_path, store):
    db = collection(tmp_path / "c.anki2", notes=(("g1", 99, "Q\x1fA"),))
    path = package(tmp_path, {"collection.anki2": db})
    with pytest.raises(AnkiImportError, match="note type"):
        run_import(path, store, tmp_path / "decks")
    nothing_written(store, tmp_path / "decks")


def test_a_failed_store_write_removes_the_new_deck_file_and_media(tmp_path, store,
                                                                   monkeypatch):
    db = collection(tmp_path / "c.anki2", notes=(("g1", 10, 'Q\x1f<img src="a.png">'),))
    path = package(tmp_path, {"collection.anki2": db, "media": b'{"0": "a.png"}', "0": b"png"})

    def refuse(*args, **kwargs):
        raise StoreWriteError("the database is read-only")

    monkeypatch.setattr(store.log, "append_imported", refuse)
    with pytest.raises(StoreWriteError):
        run_import(path, store, tmp_path / "decks")
    assert [p for p in (tmp_path / "decks").rglob("*") if p.is_file()] == []
    assert store.log.rows() == []


def test_a_failed_store_write_restores_an_existing_deck_file(tmp_path, store, monkeypatch):
    decks = tmp_path / "decks"
    decks.mkdir()
    mine = decks / "mine.md"
    mine.write_bytes(b"# Hand::Made\n\n## My own card\n\nMine.\n")
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db})
    monkeypatch.setattr(store.log, "append_imported",
                        lambda *a, **k: (_ for _ in ()).throw(StoreWriteError("full")))
    with pytest.raises(StoreWriteError):
        run_import(path, store, decks)
    assert mine.read_bytes() == b"# Hand::Made\n\n## My own card\n\nMine.\n"


def test_the_command_reports_one_line_and_exits_1(tmp_path, capsys, isolated_home):
    path = package(tmp_path, {"collection.anki2": b"not sqlite"})
    assert main(["import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "not an SQLite database" in err and "nothing was imported" in err
    assert not (isolated_home / "decks").exists() or not any((isolated_home / "decks").iterdir())


def test_the_command_imports_and_a_second_run_adds_nothing(tmp_path, capsys, isolated_home):
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db})
    assert main(["import", str(path), "--deck", "From Anki"]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 card and 1 review-history row" in out
    deck_file = isolated_home / "decks" / "from-anki.md"
    before = deck_file.read_bytes()
    assert main(["import", str(path), "--deck", "From Anki"]) == 0
    assert "Imported 0 cards and 0 review-history rows (1 card imported before)" in \
        capsys.readouterr().out
    assert deck_file.read_bytes() == before


def test_learning_buried_and_filtered_cards_keep_their_schedule(tmp_path, store):
    learn_due = int(datetime(2026, 3, 3, 9, tzinfo=UTC).timestamp())
    db = collection(
        tmp_path / "c.anki2",
        notes=(("g1", 10, "Learning\x1fa"), ("g2", 10, "Buried\x1fb"), ("g3", 10, "Moved\x1fc")),
        revlog=((1767300000000, 1, 1, -600, 0, 1000, 0), (1767300001000, 2, 3, 5, 2300, 1000, 1),
                (1767300002000, 3, 4, 9, 2700, 1000, 1), (1767300003000, 3, 0, 0, 2700, 0, 4)),
        cards=[(1, 1, 1, 0, 1, 1, learn_due, 0, 2500, 1, 0, 0, 0),
               (2, 2, 1, 0, 2, -3, 65, 5, 2300, 4, 1, 0, 0),
               (3, 3, 5, 0, 2, 2, -100, 9, 2700, 2, 0, 1, 80)])
    path = package(tmp_path, {"collection.anki2": db})
    plan, _ = run_import(path, store, tmp_path / "decks")
    ids = {c.prompt: c.id for d in plan.decks for c in d.cards}
    assert {d.title for d in plan.decks} == {"Hand::Made"}  # a filtered card goes home
    learning = store.log.progress(ids["Learning"])
    assert (learning.due, learning.state["repetitions"], learning.last_grade) == (
        "2026-03-03", 0, 1)
    buried = store.log.progress(ids["Buried"])
    assert (buried.due, buried.lapses, buried.state["ef100"]) == ("2026-03-07", 1, 230)
    assert store.flags.of(ids["Buried"]) == (False, "2026-03-02")
    moved = store.log.progress(ids["Moved"])
    assert (moved.due, moved.interval) == ("2026-03-22", 9)  # its home deck's due (odue)
    assert len(store.log.rows()) == 3  # the manual row is skipped


def test_control_characters_duplicates_and_missing_media(tmp_path, store):
    db = collection(tmp_path / "c.anki2", notes=(
        ("g1", 10, "Same \x1b[31mquestion\x1f<img src='gone.png'>[sound:gone.mp3]"),
        ("g2", 10, "Same [31mquestion\x1f<h1>Big</h1>two")))
    path = package(tmp_path, {"collection.anki2": db})
    plan, _ = run_import(path, store, tmp_path / "decks")
    [deck] = plan.decks
    first, second = deck.cards
    assert first.prompt == "Same [31mquestion" and "\x1b" not in first.answer
    assert second.prompt == "Same [31mquestion (2)" and second.answer.startswith("### Big")
    assert any("gone.png" in s for s in plan.skipped) and any("gone.mp3" in s for s in plan.skipped)


def test_a_deck_folder_drill_cannot_write_is_one_line_and_nothing_is_logged(
        tmp_path, capsys, isolated_home, monkeypatch):
    from drill import anki_import

    def refuse(deck, text):
        raise PermissionError(13, "Permission denied", str(deck.path))

    monkeypatch.setattr(anki_import, "write_user_deck", refuse)
    path = package(tmp_path, {"collection.anki2": collection(tmp_path / "c.anki2")})
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err and "nothing was imported" in err
    from drill.store import Store

    db = Store.open(isolated_home / "drill.db")
    assert db.log.rows() == []
    db.close()


def test_a_deck_name_with_newlines_and_controls_stays_one_title(tmp_path, store):
    db = collection(tmp_path / "c.anki2", deck="## Evil\n# Title\x1b[2J")
    plan, _ = run_import(package(tmp_path, {"collection.anki2": db}), store, tmp_path / "decks")
    [deck] = plan.decks
    assert deck.title == "Evil # Title[2J"
    from drill.decks import parse_file

    parsed = parse_file(deck.target.path)
    assert parsed.ok and parsed.title == "Evil # Title[2J" and len(parsed.cards) == 1


def test_due_dates_do_not_depend_on_drills_rollover_hour(tmp_path, store):
    db = collection(tmp_path / "c.anki2")
    path = package(tmp_path, {"collection.anki2": db})
    plan, _ = import_package(path, store, tmp_path / "decks", Calendar(UTC, 6), NOW)
    assert store.log.progress(plan.decks[0].cards[0].id).due == "2026-03-12"  # crt 1 Jan + 70 days


def test_a_scheduled_card_without_answers_gets_one_seed_row(tmp_path, store):
    db = collection(tmp_path / "c.anki2", revlog=())
    path = package(tmp_path, {"collection.anki2": db})
    plan, _ = run_import(path, store, tmp_path / "decks")
    [row] = store.log.rows()
    assert (row.kind, row.grade, row.source) == ("import", None, f"anki:{CRT}:card:1")
    assert store.log.progress(plan.decks[0].cards[0].id).due == "2026-03-12"
    again, _ = run_import(path, store, tmp_path / "decks")
    assert again.rows == [] and len(store.log.rows()) == 1
