"""What `drill export apkg` writes, read back with sqlite3 (genanki only, no Anki library): the
log rows that become revlog rows, their types, and user text kept as data."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from drill.anki_export import ExportError, export_apkg, render_html, tags_from_anki
from drill.review import Reviewer
from drill.sync import Source, sync

DECK = """# Parent::Child

## Hostile <script>alert(1)</script> \x1b[2J
<!-- id: host0001; tags: a/b, c; kind: coding -->

[bold]markup[/] and <b>html</b>

## Plain
<!-- id: plai0001 -->

Answer.
"""


def collection(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        (tmp_path / "c.db").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "c.db")


@pytest.fixture
def reviewed(store, clock, calendar, write_deck):
    path = write_deck(DECK)
    sync(store, [Source(path.parent)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade("host0001", 4)
    clock.advance(minutes=1)
    undone = reviewer.grade("plai0001", 5)
    reviewer.undo(undone)
    clock.advance(hours=1)
    return reviewer


def test_fields_tags_and_decks_keep_user_text_as_data(store, reviewed, clock, calendar, tmp_path):
    result = export_apkg(store, tmp_path / "x.apkg", calendar, clock.now())
    assert (result.cards, result.decks, result.reviews) == (2, 1, 0)
    db = collection(tmp_path / "x.apkg", tmp_path)
    rows = {guid: (flds, tags) for guid, flds, tags in
            db.execute("SELECT guid, flds, tags FROM notes")}
    front, back = rows["host0001"][0].split("\x1f")
    assert "<script>" not in front and "&lt;script&gt;" in front and "\x1b" not in front
    assert "\\x1b[2J" in front
    assert back == "<p>[bold]markup[/] and &lt;b&gt;html&lt;/b&gt;</p>"
    assert rows["host0001"][1].split() == ["a::b", "c", "kind::coding"]
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    assert "Parent::Child" in {d["name"] for d in decks.values()}
    assert db.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
    assert {row[0] for row in db.execute("SELECT type FROM cards")} == {0}


def test_the_schedule_leaves_out_undone_reviews_and_marks_practice(store, reviewed, clock,
                                                                   calendar, tmp_path):
    reviewer = reviewed
    reviewer.grade("host0001", 5, off_schedule=True)  # before it is due: practice
    result = export_apkg(store, tmp_path / "s.apkg", calendar, clock.now(), with_schedule=True)
    assert (result.scheduled, result.reviews) == (1, 2)
    db = collection(tmp_path / "s.apkg", tmp_path)
    conf = json.loads(db.execute("SELECT conf FROM col").fetchone()[0])
    assert conf["schedVer"] == 2
    revlog = db.execute("SELECT ease, type, ivl, factor FROM revlog ORDER BY id").fetchall()
    assert revlog == [(3, 0, 1, 2500), (4, 3, 1, 2500)]  # learn Good; practice Easy (filtered)
    (crt,) = db.execute("SELECT crt FROM col").fetchone()
    assert crt == int(calendar.day_start(calendar.day(clock.now())).timestamp())
    card = db.execute("SELECT c.type, c.queue, c.due, c.ivl, c.factor, c.reps FROM cards c "
                      "JOIN notes n ON n.id = c.nid WHERE n.guid = 'host0001'").fetchone()
    progress = store.log.progress("host0001")
    due = (calendar.day(clock.now()) + timedelta(days=card[2])).isoformat()
    assert card[:2] == (2, 2) and due == progress.due
    assert card[3:] == (progress.interval, progress.state["ef100"] * 10, progress.reviews)


def test_a_deck_that_does_not_exist_and_an_empty_store(store, reviewed, clock, calendar,
                                                       tmp_path):
    with pytest.raises(ExportError, match="no deck called 'nope'; decks: Parent::Child"):
        export_apkg(store, tmp_path / "n.apkg", calendar, clock.now(), deck="nope")
    assert not (tmp_path / "n.apkg").exists()
    export_apkg(store, tmp_path / "one.apkg", calendar, clock.now(), deck="parent::CHILD")
    assert (tmp_path / "one.apkg").exists()


def test_a_write_protected_target_is_left_as_it_was(store, reviewed, clock, calendar,
                                                    tmp_path):
    target = tmp_path / "kept.apkg"
    target.write_bytes(b"the user's file")
    target.chmod(0o444)
    with pytest.raises(PermissionError):
        export_apkg(store, target, calendar, clock.now())
    assert target.read_bytes() == b"the user's file"


def test_kind_tags_round_trip_and_other_tags_stay():
    assert tags_from_anki(["kind::design", "a::b", "kind::nonsense"]) == (
        ["a::b", "kind::nonsense"], "design")
    assert render_html("**x**", inline=True) == "<strong>x</strong>"
