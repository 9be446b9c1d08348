"""The store: migrations, WAL, the append-only log, and rebuild() equal to the cache."""

from __future__ import annotations

import random
import sqlite3

import pytest

from drill.review import Reviewer
from drill.store import Store, StoreError, replay
from drill.store.migrations import _MIGRATION_STEPS


def add_cards(store, count, deck="D"):
    rows = [{"id": f"card{i:04d}", "deck": deck, "prompt": f"Q{i}?", "answer": "A",
             "kind": "concept", "difficulty": "medium", "tags": '["t"]', "roles": "[]",
             "path": "/d.md", "line": i + 2, "origin": "user", "content_hash": f"h{i}",
             "added_ms": 0, "edited_ms": None, "orphaned_ms": None, "merged_into": None}
            for i in range(count)]
    with store.atomic():
        store.cards.upsert(rows)
    return [row["id"] for row in rows]


def test_open_creates_schema_with_wal_and_busy_timeout(tmp_path):
    store = Store.open(tmp_path / "sub" / "drill.db")
    assert next(store.db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"
    assert next(store.db.query("PRAGMA busy_timeout"))["timeout"] == 5000
    assert {"cards", "files", "reviews", "card_state", "card_flags"} <= set(store.db.table_names())
    assert store.applied_migrations() == [name for name, _ in _MIGRATION_STEPS]
    assert store.applied_migrations() == ["m001_initial", "m002_preferences", "m003_mock_rounds",
                                         "m004_roadmap_progress", "m005_replay_order",
                                         "m006_stats_summaries", "m007_card_links",
                                         "m008_scale_indexes", "m009_queue_indexes",
                                         "m010_stats_indexes", "m011_repeat_index",
                                         "m012_drop_cards_deck"]
    store.close()


def test_reopening_applies_nothing_twice(tmp_path):
    Store.open(tmp_path / "drill.db").close()
    store = Store.open(tmp_path / "drill.db")
    assert store.applied_migrations() == ["m001_initial", "m002_preferences", "m003_mock_rounds",
                                         "m004_roadmap_progress", "m005_replay_order",
                                         "m006_stats_summaries", "m007_card_links",
                                         "m008_scale_indexes", "m009_queue_indexes",
                                         "m010_stats_indexes", "m011_repeat_index",
                                         "m012_drop_cards_deck"]
    store.close()


def test_a_database_from_a_newer_drill_is_refused(tmp_path):
    store = Store.open(tmp_path / "drill.db")
    store.db["_sqlite_migrations"].insert({"migration_set": "drill", "name": "m999_future",
                                           "applied_at": "2030"})
    store.close()
    with pytest.raises(StoreError, match="newer version of drill"):
        Store.open(tmp_path / "drill.db")


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "drill.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot use the database .*move it aside"):
        Store.open(path)
    assert path.read_bytes() == b"this is not sqlite" * 100  # nothing overwritten


def test_upgrading_backs_up_the_database_first(tmp_path, monkeypatch):
    backups = tmp_path / "backups"
    Store.open(tmp_path / "drill.db", backups=backups).close()
    assert not backups.exists()  # a new database needs no backup

    def m900_test_only(db):
        db.execute("CREATE TABLE test_only (x)")

    _MIGRATION_STEPS.append(("m900_test_only", m900_test_only))
    try:
        store = Store.open(tmp_path / "drill.db", backups=backups)
        copies = list(backups.iterdir())
        assert len(copies) == 1 and copies[0].name.endswith("before-upgrade.db")
        assert "test_only" not in sqlite3.connect(copies[0]).execute(
            "SELECT group_concat(name) FROM sqlite_master").fetchone()[0]
        assert "test_only" in store.db.table_names()
        store.close()
    finally:
        _MIGRATION_STEPS.pop()


def test_log_rows_carry_every_field(store, clock, calendar):
    [card] = add_cards(store, 1)
    uid = Reviewer(store, clock, calendar).grade(card, 4, duration_ms=7_500, session="s1")
    row = store.log.row(uid)
    assert (row.card_id, row.kind, row.grade, row.duration_ms, row.scheduler, row.session) == (
        card, "review", 4, 7_500, "sm2", "s1")
    assert row.time_ms == int(clock.now().timestamp() * 1000)
    assert (row.day, row.utc_offset) == ("2026-03-02", 0)
    assert row.state_before["state"] is None
    assert row.state_after["state"] == {"repetitions": 1, "ef100": 250, "interval": 1,
                                        "due": "2026-03-03"}
    assert len(row.uid) == 32


def test_answer_time_is_counted_up_to_60_seconds(store, clock, calendar):
    [card] = add_cards(store, 1)
    uid = Reviewer(store, clock, calendar).grade(card, 4, duration_ms=600_000)
    assert store.log.row(uid).duration_ms == 60_000


def test_undo_appends_a_row_and_restores_the_schedule(store, clock, calendar):
    [card] = add_cards(store, 1)
    reviewer = Reviewer(store, clock, calendar)
    first = reviewer.grade(card, 5)
    before = store.log.progress(card)
    second = reviewer.grade(card, 1)  # same day, now a repeat? no: due tomorrow -> practice lapse
    assert store.log.progress(card) != before
    reviewer.undo(second)
    assert store.log.progress(card) == before
    kinds = [row.kind for row in store.log.rows(card)]
    assert kinds == ["review", "practice", "undo"]
    assert store.log.rows(card)[-1].undoes == second
    with pytest.raises(ValueError, match="already undone"):
        reviewer.undo(second)
    reviewer.undo(first)
    assert store.log.progress(card).is_new


def test_a_failed_write_leaves_no_half_grade(store, clock, calendar, monkeypatch):
    [card] = add_cards(store, 1)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.log, "_write_progress", broken)
    with pytest.raises(sqlite3.OperationalError):
        Reviewer(store, clock, calendar).grade(card, 4)
    assert store.log.rows(card) == []  # the log row was rolled back with the cache write


def test_an_append_on_its_own_is_one_transaction_and_a_grade_adds_no_savepoint(
        store, clock, calendar, monkeypatch):
    """Outside a transaction an append opens its own (a failed cache write takes the log row
    with it); inside a grade's it joins that one, with no savepoint (each cost a grade ~0.2 ms
    of journalling)."""
    from drill.progress import CardProgress

    [card] = add_cards(store, 1)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    Reviewer(store, clock, calendar).grade(card, 4)
    store.conn.set_trace_callback(None)
    assert [s for s in statements if s.split()[0] in ("BEGIN", "SAVEPOINT", "COMMIT")] == [
        "BEGIN IMMEDIATE", "COMMIT"]

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.log, "_write_progress", broken)
    with pytest.raises(sqlite3.OperationalError):
        store.log.append(card_id=card, kind="review", when_ms=1, day="2026-03-02",
                         utc_offset=0, scheduler="sm2", before=CardProgress(),
                         after=CardProgress(), grade=3)
    assert len(store.log.rows(card)) == 1 and not store.conn.in_transaction


def test_rebuild_equals_the_cache_after_a_long_random_history(store, clock, calendar):
    cards = add_cards(store, 12)
    reviewer = Reviewer(store, clock, calendar)
    rng = random.Random(20261126)
    undoable: list[str] = []
    for _ in range(1500):
        action = rng.random()
        if action < 0.08 and undoable:
            uid = undoable.pop(rng.randrange(len(undoable)))
            reviewer.undo(uid)
        elif action < 0.2:
            clock.advance(hours=rng.choice([1, 5, 20, 30, 24 * 7]))
        else:
            card = rng.choice(cards)
            undoable.append(reviewer.grade(card, rng.randrange(6), rng.randrange(90_000),
                                           off_schedule=rng.random() < 0.15))
    kinds = {row.kind for row in store.log.rows()}
    assert kinds == {"review", "repeat", "practice", "undo"}
    cache = store.log.all_progress()
    assert store.log.rebuild() == len(cache)
    assert store.log.all_progress() == cache
    assert any(p.lapses for p in cache.values())


def test_each_write_updates_the_cards_one_cached_row_in_place(store, clock, calendar):
    """A grade, a second one and an undo: the card keeps one cached row, updated in place (the
    same rowid), equal to a replay of its log and counting its log rows; the other card's row is
    left as it was, so the start-up check finds nothing to repair."""
    first, other = add_cards(store, 2)
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade(other, 5)
    untouched = store.conn.execute("SELECT * FROM card_state WHERE card_id = ?",
                                   [other]).fetchall()
    reviewer.grade(first, 4)
    [(rowid,)] = store.conn.execute("SELECT rowid FROM card_state WHERE card_id = ?", [first])
    clock.advance(days=3)
    uid = reviewer.grade(first, 1)
    reviewer.undo(uid)
    clock.advance(days=1)
    reviewer.grade(first, 5)
    rows = store.conn.execute("SELECT rowid, log_rows FROM card_state WHERE card_id = ?",
                              [first]).fetchall()
    assert rows == [(rowid, 4)]  # three grades and the undo
    assert store.log.progress(first) == replay(store.log.rows(first))
    assert store.log.progress(first).reviews == 2 and store.log.progress(first).last_grade == 5
    assert store.conn.execute("SELECT * FROM card_state WHERE card_id = ?",
                              [other]).fetchall() == untouched
    assert store.log.repair_drift() == []


def test_flags(store):
    [card] = add_cards(store, 1)
    assert store.flags.of(card) == (False, None)
    store.flags.set_suspended(card, True)
    store.flags.set_buried(card, "2026-03-02")
    assert store.flags.of(card) == (True, "2026-03-02")
    store.flags.set_suspended(card, False)
    assert store.flags.of(card) == (False, "2026-03-02")


def test_a_daily_backup_once_a_day_keeping_the_last_seven(tmp_path):
    store = Store.open(tmp_path / "drill.db")
    folder = tmp_path / "backups"
    for day in range(1, 10):  # earlier days' copies, as if made on other days
        folder.mkdir(exist_ok=True)
        (folder / f"drill-202601{day:02d}-120000-daily.db").write_bytes(b"old")
    (folder / "drill-20250101-000000-before-upgrade.db").write_bytes(b"keep")
    made = store.daily_backup(folder)
    assert made is not None and sqlite3.connect(made).execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE name = 'reviews'").fetchone()[0] == 1
    assert store.daily_backup(folder) is None  # once a day
    assert len(list(folder.glob("*-daily*.db"))) == 7
    assert (folder / "drill-20250101-000000-before-upgrade.db").exists()  # never pruned
    store.close()
