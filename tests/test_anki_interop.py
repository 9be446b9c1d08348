"""Anki import against packages written by the real Anki library (current format, its legacy
export, a .colpkg) and by genanki (old `collection.anki2`-only format). Needs the optional
`interop` extra (`pip install '.[test,interop]'`); skipped without it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("anki")
genanki = pytest.importorskip("genanki")

from drill.anki_import import import_package  # noqa: E402
from drill.anki_notes import card_id_for  # noqa: E402
from drill.clock import Calendar  # noqa: E402
from drill.decks import find_deck_files, parse_file  # noqa: E402

from .anki_fixtures import PNG, build_collection, export_apkg  # noqa: E402


@pytest.fixture(scope="module")
def anki_packages(tmp_path_factory):
    """The three packages of one collection, and what Anki says about each card."""
    folder = tmp_path_factory.mktemp("anki")
    col = build_collection(folder)
    today = col.sched.today
    expected = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        expected[card_id_for(note.guid, card.ord)] = {
            "type": card.type, "queue": card.queue, "due_in": card.due - today,
            "ivl": card.ivl, "factor": card.factor, "reps": card.reps, "lapses": card.lapses}
    answers = col.db.scalar("SELECT COUNT(*) FROM revlog WHERE type < 4 AND ease > 0")
    manual = col.db.scalar("SELECT COUNT(*) FROM revlog WHERE type >= 4 OR ease = 0")
    assert answers == 5 and manual == 1
    packages = {"apkg": export_apkg(col, folder / "current.apkg"),
                "legacy-apkg": export_apkg(col, folder / "legacy.apkg", legacy=True)}
    col.export_collection_package(str(folder / "all.colpkg"), include_media=True, legacy=False)
    packages["colpkg"] = folder / "all.colpkg"
    return packages, expected, answers


def run(path: Path, store, decks: Path):
    return import_package(path, store, decks, Calendar(), datetime.now(UTC))


@pytest.mark.parametrize("kind", ["apkg", "legacy-apkg", "colpkg"])
def test_a_real_anki_package_imports_with_its_schedule(anki_packages, kind, store, tmp_path):
    packages, expected, answers = anki_packages
    decks = tmp_path / "decks"
    plan, notes = run(packages[kind], store, decks)
    assert notes == [] and plan.skipped == []
    cards = {c.id: c for path in find_deck_files(decks) for c in parse_file(path).cards}
    assert set(cards) == set(expected)
    titles = {c.deck for c in cards.values()}
    assert titles == {"Interview::ML", "Plain"}
    by_prompt = {c.prompt: c for c in cards.values()}
    sigmoid = by_prompt["What is the **sigmoid**?"]
    assert set(sigmoid.tags) == {"ml", "maths/basics"}
    assert "e^-z^" in sigmoid.answer and "![](_anki-media/sigmoid.png)" in sigmoid.answer
    assert (decks / "_anki-media" / "sigmoid.png").read_bytes() == PNG
    # Basic and reversed: both directions.
    assert by_prompt["bias"].answer == "error from wrong assumptions"
    assert by_prompt["error from wrong assumptions"].answer == "bias"
    # Cloze: one card per gap, the gap shown as [...] (or Anki's hint), bold in the answer.
    assert by_prompt["[...] combines momentum with RMSProp."].answer == \
        "**Adam** combines momentum with RMSProp."
    assert "Adam combines momentum with [an optimiser]." in by_prompt
    # History: every answer is an import row; the manual reschedule is not.
    log = store.log.rows()
    assert len(log) == answers and {r.kind for r in log} == {"import"}
    assert {r.grade for r in log} <= {1, 3, 4, 5}
    today = Calendar().day(datetime.now(UTC))
    for card_id, anki in expected.items():
        progress = store.log.progress(card_id)
        if anki["type"] == 2:  # a review card: the next review date is Anki's
            assert progress.due == (today + timedelta(days=anki["due_in"])).isoformat()
            assert progress.interval == anki["ivl"]
            assert progress.state["ef100"] == anki["factor"] // 10
            assert (progress.reviews, progress.lapses) == (anki["reps"], anki["lapses"])
        else:
            assert progress.is_new
        assert store.flags.of(card_id)[0] == (anki["queue"] == -1)
    assert any(a["type"] == 2 for a in expected.values())
    assert any(a["queue"] == -1 for a in expected.values())


def test_importing_twice_adds_nothing(anki_packages, store, tmp_path):
    packages, _, answers = anki_packages
    decks = tmp_path / "decks"
    run(packages["apkg"], store, decks)
    files = {p: p.read_bytes() for p in decks.rglob("*") if p.is_file()}
    plan, _ = run(packages["apkg"], store, decks)
    assert (plan.card_count, plan.rows, plan.known) == (0, [], 6)
    assert {p: p.read_bytes() for p in decks.rglob("*") if p.is_file()} == files
    assert len(store.log.rows()) == answers
    # The other layouts of the same collection are the same cards and the same history.
    plan, _ = run(packages["colpkg"], store, decks)
    assert (plan.card_count, plan.rows) == (0, [])


def test_a_genanki_old_format_package(store, tmp_path):
    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Question"}, {"name": "Answer"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                                      "afmt": "{{Answer}}"}])
    deck = genanki.Deck(2059400110, "Old::Format")
    picture = tmp_path / "old.png"
    picture.write_bytes(PNG)
    deck.add_note(genanki.Note(model=model, fields=["What is <i>L2</i>?",
                                                    'Weight decay<img src="old.png">'],
                               tags=["regularisation"], guid="abcdefGHIJ"))
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL,
                               fields=["{{c1::Dropout}} zeroes units", "extra"]))
    path = tmp_path / "old.apkg"
    genanki.Package(deck, media_files=[str(picture)]).write_to_file(str(path))
    decks = tmp_path / "decks"
    plan, _ = run(path, store, decks)
    [deck_plan] = plan.decks
    assert deck_plan.title == "Old::Format"
    by_prompt = {c.prompt: c for c in parse_file(deck_plan.target.path).cards}
    l2 = by_prompt["What is *L2*?"]
    assert l2.id == card_id_for("abcdefGHIJ", 0) and l2.tags == ("regularisation",)
    assert l2.answer == "Weight decay![](_anki-media/old.png)"
    assert (decks / "_anki-media" / "old.png").read_bytes() == PNG
    assert by_prompt["[...] zeroes units"].answer == "**Dropout** zeroes units\n\n**Back Extra:** extra"
    assert store.log.rows() == []  # genanki writes no history: the cards are new
    shutil.rmtree(decks)


def test_as_a_new_user_the_next_review_dates_are_ankis(anki_packages, capsys, isolated_home,
                                                        monkeypatch):
    """`drill import`, then `drill due` on the days around Anki's next review date."""
    import json

    from drill.cli import main

    packages, expected, _ = anki_packages
    assert main(["import", str(packages["apkg"])]) == 0
    out = capsys.readouterr().out
    assert "Imported 6 cards and 5 review-history rows" in out
    assert (isolated_home / "decks" / "_anki-media" / "sigmoid.png").exists()
    due_in = min(a["due_in"] for a in expected.values() if a["type"] == 2)
    review_cards = sum(1 for a in expected.values()
                       if a["type"] == 2 and a["due_in"] == due_in)
    today = Calendar().day(datetime.now(UTC))

    def due_on(day) -> int:
        noon = datetime(day.year, day.month, day.day, 12).astimezone(UTC)
        monkeypatch.setenv("DRILL_TEST_NOW", noon.isoformat())
        assert main(["due", "--json"]) == 0
        counts = json.loads(capsys.readouterr().out)
        return sum(d["due"] for d in counts["decks"] if d["deck"] in ("Interview::ML", "Plain"))

    assert due_on(today + timedelta(days=due_in - 1)) == 0
    assert due_on(today + timedelta(days=due_in)) == review_cards
