"""`drill export apkg` checked with the real Anki library (the optional `interop` extra): every
note, field and tag arrives in a fresh collection; schedules and the review log go along; and the
round trip (export, review with Anki's scheduler, export from Anki, `drill import`) adds exactly
Anki's new reviews to the same cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("anki")
pytest.importorskip("genanki")

from drill.anki_export import MODEL_NAME, anki_tags, export_apkg, render_html  # noqa: E402
from drill.anki_import import import_package  # noqa: E402
from drill.clock import Calendar, FixedClock  # noqa: E402
from drill.paths import bundled_decks_dir  # noqa: E402
from drill.review import Reviewer  # noqa: E402
from drill.sync import BUNDLED, Source, sync  # noqa: E402

from .anki_fixtures import answer  # noqa: E402
from .anki_fixtures import export_apkg as anki_export

DECK = """# Interop::Basics

## What is **bias**?
<!-- id: bias0001; tags: ml/basics, stats; kind: concept -->

Error from *wrong* assumptions; `<b>` stays text.

## Design a feed ranker
<!-- id: feed0001; kind: design -->

- candidate generation
- ranking

## Never reviewed
<!-- id: newc0001; kind: star -->

Still new.
"""


def open_anki(folder: Path):
    from anki.collection import Collection

    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def anki_import(col, path: Path) -> None:
    from anki.collection import ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageOptions

    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=True)))


def anki_cards(col) -> dict[str, object]:
    return {col.get_card(cid).note().guid: col.get_card(cid) for cid in col.find_cards("")}


def test_every_bundled_note_field_and_tag_arrives_in_a_fresh_collection(store, tmp_path):
    now = datetime.now(UTC)
    calendar = Calendar()
    sync(store, [Source(bundled_decks_dir(), BUNDLED)], now, calendar)
    cards = {c.id: c for c in store.cards.list()}
    result = export_apkg(store, tmp_path / "all.apkg", calendar, now)
    assert result.cards == len(cards) and result.decks == len({c.deck for c in cards.values()})
    col = open_anki(tmp_path / "anki")
    try:
        anki_import(col, tmp_path / "all.apkg")
        found = anki_cards(col)
        assert set(found) == set(cards)
        for card_id, anki_card in found.items():
            card, note = cards[card_id], anki_card.note()
            assert note.note_type()["name"] == MODEL_NAME
            assert note["Front"] == render_html(card.prompt, inline=True)
            assert note["Back"] == render_html(card.answer)
            assert sorted(note.tags) == sorted(anki_tags(card))
            assert col.decks.name(anki_card.did) == card.deck
            assert anki_card.type == 0  # no schedule asked for: new cards
        assert col.db.scalar("SELECT COUNT(*) FROM revlog") == 0
    finally:
        col.close()


@pytest.fixture
def reviewed(store, tmp_path):
    """Three user cards; one reviewed three times over ten days, one lapsed, one new."""
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "interop.md").write_text(DECK, encoding="utf-8")
    now = datetime.now(UTC)
    calendar = Calendar()
    clock = FixedClock(now - timedelta(days=10))
    sync(store, [Source(decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade("bias0001", 5, duration_ms=4000)
    clock.advance(days=1)
    reviewer.grade("bias0001", 4)
    reviewer.grade("feed0001", 4)
    clock.advance(days=6)
    reviewer.grade("bias0001", 3)
    reviewer.grade("feed0001", 1)  # a lapse: a same-day repeat follows
    reviewer.grade("feed0001", 4)
    return decks, calendar, now


def test_schedules_and_the_review_log_go_along(store, reviewed, tmp_path):
    decks, calendar, now = reviewed
    path = tmp_path / "scheduled.apkg"
    result = export_apkg(store, path, calendar, now, with_schedule=True)
    assert (result.cards, result.scheduled, result.reviews) == (3, 2, 6)
    col = open_anki(tmp_path / "anki")
    try:
        anki_import(col, path)
        found = anki_cards(col)
        today = calendar.day(now)
        for card_id in ("bias0001", "feed0001"):
            progress, card = store.log.progress(card_id), found[card_id]
            assert (card.type, card.queue) == (2, 2)
            assert card.due - col.sched.today == \
                (datetime.fromisoformat(progress.due).date() - today).days
            assert card.ivl == progress.interval
            assert card.factor == progress.state["ef100"] * 10
            assert (card.reps, card.lapses) == (progress.reviews, progress.lapses)
        assert found["newc0001"].type == 0
        grades = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
        ids = set()
        for card_id in ("bias0001", "feed0001"):
            revlog = col.db.all("SELECT id, ease FROM revlog WHERE cid = ? ORDER BY id",
                                found[card_id].id)
            rows = store.log.rows(card_id)
            assert [ease for _, ease in revlog] == [grades[r.grade] for r in rows]
            # Each revlog id is the row's time, moved up a millisecond where two rows share one.
            assert all(0 <= rid - r.time_ms < 5 for (rid, _), r in zip(revlog, rows, strict=True))
            ids |= {rid for rid, _ in revlog}
        assert len(ids) == 6
    finally:
        col.close()


def test_the_round_trip_adds_exactly_ankis_new_reviews(store, reviewed, tmp_path):
    decks, calendar, now = reviewed
    files = {p: p.read_bytes() for p in decks.rglob("*") if p.is_file()}
    before = len(store.log.rows())
    export_apkg(store, tmp_path / "out.apkg", calendar, now, with_schedule=True)
    col = open_anki(tmp_path / "anki")
    try:
        anki_import(col, tmp_path / "out.apkg")
        found = anki_cards(col)
        answer(col, found["bias0001"], 3)  # Good on a review card
        answer(col, found["newc0001"], 4)  # Easy on a new card: it graduates
        answer(col, found["newc0001"], 3)
        new_answers = 3
        after = anki_cards(col)
        back = anki_export(col, tmp_path / "back.apkg")
        anki_today = col.sched.today
    finally:
        col.close()
    plan, notes = import_package(back, store, decks, calendar, datetime.now(UTC))
    assert plan.card_count == 0 and plan.known == 3 and notes == []
    assert {p: p.read_bytes() for p in decks.rglob("*") if p.is_file()} == files
    assert len(plan.rows) == new_answers and len(store.log.rows()) == before + new_answers
    assert {r["card_id"] for r in plan.rows} == {"bias0001", "newc0001"}
    today = calendar.day(datetime.now(UTC))
    for card_id in ("bias0001", "newc0001"):
        progress, card = store.log.progress(card_id), after[card_id]
        assert progress.due == (today + timedelta(days=card.due - anki_today)).isoformat()
        assert progress.interval == card.ivl
        assert progress.state["ef100"] == card.factor // 10
        assert progress.reviews == card.reps
    # The schedule continues: four passing answers in a row on bias0001.
    assert store.log.progress("bias0001").state["repetitions"] == 4
    # A second import of the same package adds nothing.
    again, _ = import_package(back, store, decks, calendar, datetime.now(UTC))
    assert (again.card_count, again.rows) == (0, [])


def test_a_drill_package_imports_into_an_empty_drill_with_ids_and_kinds(store, reviewed,
                                                                         tmp_path):
    from drill.store import Store

    decks, calendar, now = reviewed
    export_apkg(store, tmp_path / "out.apkg", calendar, now, with_schedule=True)
    fresh, folder = Store.open(None), tmp_path / "elsewhere"
    try:
        plan, _ = import_package(tmp_path / "out.apkg", fresh, folder, calendar, now)
        assert plan.card_count == 3
        sync(fresh, [Source(folder)], now, calendar)
        cards = {c.id: c for c in fresh.cards.list()}
        assert set(cards) == {"bias0001", "feed0001", "newc0001"}
        assert cards["feed0001"].kind == "design" and cards["newc0001"].kind == "star"
        assert set(cards["bias0001"].tags) == {"ml/basics", "stats"}
        assert cards["bias0001"].deck == "Interop::Basics"
        assert fresh.log.progress("bias0001").due == store.log.progress("bias0001").due
    finally:
        fresh.close()


def test_the_command(tmp_path, capsys, isolated_home):
    from drill.cli import main

    target = tmp_path / "ml.apkg"
    assert main(["export", "apkg", "--deck", "ML fundamentals", str(target),
                 "--with-schedule"]) == 0
    out = capsys.readouterr().out
    assert "cards in 1 deck to" in out and "with 0 schedules and 0 reviews" in out
    assert target.stat().st_size > 0
    assert main(["export", "apkg", "--deck", "No such", str(target)]) == 2
    assert "no deck called 'No such'" in capsys.readouterr().err


def test_drills_csv_imports_into_anki_and_ankis_csv_comes_back_to_the_same_cards(
        store, tmp_path):
    import html

    from anki.collection import ImportCsvRequest

    from drill.csv_io import export_csv, import_text_file

    now = datetime.now(UTC)
    sync(store, [Source(bundled_decks_dir(), BUNDLED)], now, Calendar())
    cards = {c.id: c for c in store.cards.list()}
    export_csv(store, tmp_path / "all.csv")
    col = open_anki(tmp_path / "anki")
    try:
        metadata = col.get_csv_metadata(str(tmp_path / "all.csv"), None)
        col.import_csv(ImportCsvRequest(path=str(tmp_path / "all.csv"), metadata=metadata))
        found = anki_cards(col)
        assert set(found) == set(cards)
        for card_id, anki_card in found.items():
            card, note = cards[card_id], anki_card.note()
            # #html:false: Anki escapes the text (it shows as written) and breaks lines.
            assert html.unescape(note["Front"]) == card.prompt
            assert html.unescape(note["Back"].replace("<br>", "\n")) == card.answer
            assert sorted(note.tags) == sorted(anki_tags(card))
            assert col.decks.name(anki_card.did) == card.deck
        col.export_note_csv(out_path=str(tmp_path / "anki.txt"), limit=None, with_html=True,
                            with_tags=True, with_deck=True, with_notetype=True, with_guid=True)
    finally:
        col.close()
    # Anki's own text export (guid, note type, deck and tag columns) maps onto the same cards.
    plan = import_text_file(tmp_path / "anki.txt", store, tmp_path / "decks")
    assert (plan.card_count, plan.known) == (0, len(cards))
