"""The store's queries, each against cards chosen to tell a right answer from a near miss:
orphans, suspended cards and disabled decks left out where they must be, orders, counts, and the
small tables (meta, roadmap, mock rounds)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from drill.review import Reviewer
from drill.store import Store, StoreError
from drill.sync import reattach


def card_row(card_id, deck="D", kind="concept", tags=(), roles=(), path="/d.md", line=1,
             origin="user", orphaned_ms=None):
    return {"id": card_id, "deck": deck, "prompt": f"{card_id}?", "answer": "A", "kind": kind,
            "difficulty": "medium", "tags": json.dumps(list(tags)),
            "roles": json.dumps(list(roles)), "path": path, "line": line, "origin": origin,
            "content_hash": f"h-{card_id}", "added_ms": 0, "edited_ms": None,
            "orphaned_ms": orphaned_ms, "merged_into": None}


@pytest.fixture
def cards(store):
    rows = [
        card_row("a1", "Alpha", "design", ("x", "y"), ("mlops",), "/a.md", 3),
        card_row("a2", "Alpha", "design", ("y",), (), "/a.md", 9),
        card_row("a3", "Alpha", "concept", ("z",), (), "/a.md", 6, "bundled"),
        card_row("b1", "Beta", "star", ("x",), ("nlp-llm", "mlops"), "/b.md", 2),
        card_row("gone", "Alpha", "concept", ("orphan-tag",), (), "/a.md", 1,
                 orphaned_ms=5),
    ]
    with store.atomic():
        store.cards.upsert(rows)
    return store


def test_deck_kind_is_the_most_common_kind_of_a_decks_live_cards(cards):
    assert cards.cards.deck_kind("alpha") == "design"
    assert cards.cards.deck_kind("Beta") == "star"
    assert cards.cards.deck_kind("Nope") is None


def test_deck_lookups_ignore_case_and_orphans(cards):
    assert cards.cards.decks() == {"Alpha": 3, "Beta": 1}
    assert cards.cards.deck_prompts("ALPHA") == {"a1": "a1?", "a2": "a2?", "a3": "a3?"}
    assert cards.cards.deck_is_bundled("alpha") and not cards.cards.deck_is_bundled("Beta")
    assert cards.cards.tags() == ["x", "y", "z"]


def test_stored_cards_decode_tags_and_roles(cards):
    card = cards.cards.get("b1")
    assert (card.tags, card.roles, card.origin, card.is_orphan) == (
        ("x",), ("nlp-llm", "mlops"), "user", False)
    assert cards.cards.get("gone").is_orphan and cards.cards.get("nope") is None
    assert [c.id for c in cards.cards.list()] == ["gone", "a1", "a3", "a2", "b1"]  # path, line


def test_cards_by_id_keep_the_order_asked_for_past_500_ids(store):
    rows = [card_row(f"c{i:04d}", line=i) for i in range(1200)]
    with store.atomic():
        store.cards.upsert(rows)
    wanted = [f"c{i:04d}" for i in reversed(range(1200))] + ["missing"]
    assert [c.id for c in store.cards.list(wanted)] == wanted[:-1]


def test_suspended_cards_and_counts(cards):
    for card_id in ("b1", "a2", "gone"):
        cards.flags.set_suspended(card_id, True)
    cards.flags.set_suspended("a2", False)
    assert cards.flags.suspended_count() == 1
    assert [c.id for c in cards.flags.suspended_cards()] == ["b1"]


def test_disabled_decks(cards):
    cards.prefs.set_deck_enabled("Alpha", False)
    cards.prefs.set_deck_enabled("Beta", False)
    cards.prefs.set_deck_enabled("Beta", True)
    assert cards.prefs.disabled_decks() == {"Alpha"}


def test_meta_target_role_and_roadmap(store):
    assert store.meta.get("k") is None and store.roadmap.target_role() is None
    store.meta.set("k", "one")
    store.meta.set("k", "two")
    assert store.meta.get("k") == "two"
    store.roadmap.set_target_role("mlops")
    assert store.roadmap.target_role() == "mlops"
    store.roadmap.set_target_role(None)
    assert store.roadmap.target_role() is None and store.meta.get("target_role") == ""
    store.roadmap.set_done("a", True, 1)
    store.roadmap.set_done("b", True, 2)
    store.roadmap.set_done("b", False, 3)
    assert store.roadmap.done() == {"a"}
    row = store.conn.execute("SELECT done, changed_ms FROM roadmap_progress WHERE item_id = 'b'")
    assert row.fetchone() == (0, 3)


def test_due_counts_and_next_due_day_leave_out_orphans_and_suspended(cards, clock, calendar):
    reviewer = Reviewer(cards, clock, calendar)
    for card_id in ("a1", "a2", "b1", "gone"):
        reviewer.grade(card_id, 5)  # all due 2026-03-03
    cards.flags.set_suspended("a2", True)
    assert cards.queue.due_count_on("2026-03-03") == 2  # a1 and b1
    assert cards.queue.due_count_on("2026-03-04") == 0
    assert cards.queue.next_due_after("2026-03-02") == "2026-03-03"
    assert cards.queue.next_due_after("2026-03-03") is None
    cards.prefs.set_deck_enabled("Beta", False)
    assert cards.queue.due_between("2026-03-03", "2026-03-03") == ["a1"]
    cards.prefs.set_deck_enabled("Beta", True)
    assert cards.queue.due_between("2026-03-01", "2026-03-03") == ["a1", "b1"]
    assert cards.queue.due_between("2026-03-01", "2026-03-03", limit=1) == ["a1"]
    assert cards.queue.due_between("2026-03-04", "2026-03-09") == []


def test_due_between_takes_50_cards_unless_told(store, clock, calendar):
    with store.atomic():
        store.cards.upsert([card_row(f"c{i:03d}", line=i) for i in range(52)])
    reviewer = Reviewer(store, clock, calendar)
    for i in range(52):
        reviewer.grade(f"c{i:03d}", 5)
    assert len(store.queue.due_between("2026-03-03", "2026-03-03")) == 50


def test_introduced_on_counts_first_days_only(cards, clock, calendar):
    reviewer = Reviewer(cards, clock, calendar)
    reviewer.grade("a1", 5)
    reviewer.grade("a2", 1, off_schedule=True)  # practice: not introduced
    assert cards.queue.introduced_on("2026-03-02") == 1
    assert cards.queue.introduced_on("2026-03-03") == 0


def test_mock_candidates_filters_and_decodes(cards, clock, calendar):
    Reviewer(cards, clock, calendar).grade("a1", 3)
    cards.flags.set_suspended("a2", True)
    cards.prefs.set_deck_enabled("Beta", False)
    rows = {r["id"]: r for r in cards.mock.candidates()}
    assert set(rows) == {"a1", "a3", "b1"}
    assert rows["a1"]["tags"] == ("x", "y") and rows["a1"]["roles"] == ("mlops",)
    assert rows["a1"]["ef100"] == 236 and rows["a1"]["due"] == "2026-03-03"
    assert rows["a3"]["ef100"] is None
    assert (rows["a1"]["enabled"], rows["b1"]["enabled"]) == (1, 0)
    assert [r["id"] for r in cards.mock.candidates(deck="alpha")] == ["a1", "a3"]
    assert [r["id"] for r in cards.mock.candidates(tag="x")] == ["a1", "b1"]
    assert [r["id"] for r in cards.mock.candidates(deck="alpha", tag="x")] == ["a1"]


def test_mock_rounds_scores_and_the_active_round(store):
    assert store.mock.active() is None
    for number, started in ((1, 100), (2, 300), (3, 200)):
        store.mock.create(
            {"id": f"r{number}", "format": "f", "title": f"T{number}", "seed": number,
             "started_ms": started},
            [{"round_id": f"r{number}", "position": p, "card_id": f"c{p}", "limit_s": 60,
              "rubric": "[]"} for p in range(3)])
    assert store.mock.active() == "r2"  # the newest active one
    store.mock.update_round("r2", status="abandoned")
    assert store.mock.active() == "r3"
    store.mock.update_answer("r1", 0, score=4)
    store.mock.update_answer("r1", 1, score=2)
    store.mock.update_answer("r3", 0, score=5)
    rounds = store.mock.rounds()
    assert [r["id"] for r in rounds] == ["r2", "r3", "r1"]
    r1 = rounds[2]
    assert (r1["mean_score"], r1["scored"], r1["questions"], r1["title"]) == (3.0, 2, 3, "T1")
    assert [r["id"] for r in store.mock.rounds(limit=2)] == ["r2", "r3"]
    assert store.mock.scores() == {"c0": [4, 5], "c1": [2]}
    assert store.mock.round("r1")["seed"] == 1 and store.mock.round("nope") is None
    assert [a["position"] for a in store.mock.answers("r1")] == [0, 1, 2]


def test_rebuild_replays_imports_and_resets(cards, clock, calendar):
    reviewer = Reviewer(cards, clock, calendar)
    reviewer.grade("gone", 5)
    clock.advance(days=1)
    reviewer.grade("gone", 4)
    reattach(cards, "gone", "a3", clock.now(), calendar)  # an import row with a state
    reviewer.grade("a1", 5)
    reviewer.reset("a1")
    reviewer.grade("b1", 2)
    cache = cards.log.all_progress()
    assert cards.log.rebuild() == 4
    assert cards.log.all_progress() == cache
    assert cache["a3"].reviews == 2 and cache["a3"].interval == 6
    assert cache["a1"].is_new


def test_log_rows_decode_and_unknown_ones_are_none(cards, clock, calendar):
    uid = Reviewer(cards, clock, calendar).grade("a1", 5)
    assert cards.log.row("nope") is None and not cards.log.is_undone(uid)
    row = cards.log.row(uid)
    assert row.entry().state_after == row.state_after and row.when == clock.now()
    assert [r.uid for r in cards.log.rows()] == [uid] == [r.uid for r in cards.log.rows("a1")]
    assert cards.log.rows("a2") == []


def test_export_and_purge_a_card(cards, clock, calendar):
    Reviewer(cards, clock, calendar).grade("gone", 5)
    cards.flags.set_suspended("gone", True)
    exported = cards.cards.export("gone")
    assert exported["card"]["id"] == "gone" and len(exported["reviews"]) == 1
    assert cards.cards.export("nope") == {"card": None, "reviews": []}
    cards.cards.purge("gone")
    assert cards.cards.get("gone") is None and cards.log.rows("gone") == []
    assert cards.log.progress("gone").is_new and cards.flags.of("gone") == (False, None)
    assert cards.cards.get("a1") is not None


def test_browse_rows_have_progress_flags_and_tags(cards, clock, calendar):
    Reviewer(cards, clock, calendar).grade("a1", 5)
    cards.flags.set_suspended("b1", True)
    rows = {r["id"]: r for r in cards.browser.rows()}
    assert set(rows) == {"a1", "a2", "a3", "b1", "gone"}
    assert rows["a1"]["tags"] == ("x", "y") and rows["a1"]["reviews"] == 1
    assert rows["b1"]["suspended"] == 1 and rows["a2"]["suspended"] == 0


def test_files_are_saved_and_forgotten(store):
    store.files.save([{"path": "/a.md", "origin": "user", "size": 3, "mtime_ns": 4,
                       "card_ids": ["x", "y"], "errors": 1, "synced_ms": 5}])
    assert store.files.rows() == {"/a.md": {"origin": "user", "size": 3, "mtime_ns": 4,
                                           "card_ids": ["x", "y"], "errors": 1}}
    store.files.forget(["/a.md"])
    assert store.files.rows() == {}


def test_open_makes_missing_folders_and_explains_what_it_cannot_open(tmp_path):
    store = Store.open(tmp_path / "a" / "b" / "drill.db")
    store.close()
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="^cannot open the database .*file/drill.db: File exists$"):
        Store.open(tmp_path / "file" / "drill.db")
    (tmp_path / "bad.db").write_bytes(b"not sqlite" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "bad.db")
    message = str(caught.value)
    assert "bad.db is damaged or not a da" in message and "move it aside" in message
    assert message.endswith("your decks are not affected")


def test_backups_made_in_the_same_second_get_their_own_names(tmp_path, monkeypatch):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 3, 2, 12, 0, 0)

    monkeypatch.setattr("drill.store.backups.datetime", Frozen)
    store = Store.open(tmp_path / "drill.db")
    folder = tmp_path / "deep" / "backups"
    first = store.backup(folder)
    second = store.backup(folder)
    third = store.backup(folder)
    assert first.name == "drill-20260302-120000-backup.db"
    assert second.name == first.name.replace("-backup.db", "-backup-2.db")
    assert third.name == first.name.replace("-backup.db", "-backup-3.db")
    for copy in (first, second, third):
        assert sqlite3.connect(copy).execute("SELECT COUNT(*) FROM cards").fetchone() == (0,)
    store.close()


def test_a_newer_databases_refusal_says_what_to_do(tmp_path):
    store = Store.open(tmp_path / "drill.db")
    store.conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                       "VALUES ('drill', 'm999_future', '2030')")
    store.conn.commit()
    store.close()
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "drill.db")
    assert str(caught.value) == (f"the database {tmp_path / 'drill.db'} was written by a newer "
                                 "version of drill (upgrade drill to use it)")


def test_a_card_keeps_the_time_it_was_first_seen(store):
    with store.atomic():
        store.cards.upsert([card_row("a1")])
    later = {**card_row("a1", deck="Renamed"), "added_ms": 99}
    with store.atomic():
        store.cards.upsert([later])
    card = store.cards.get("a1")
    assert (card.deck, card.added_ms) == ("Renamed", 0)


def test_a_checkpoint_moves_the_write_ahead_log_into_the_database(tmp_path):
    path = tmp_path / "drill.db"
    store = Store.open(path)
    with store.atomic():
        store.cards.upsert([card_row(f"c{i:04d}", line=i) for i in range(300)])
    before = path.stat().st_size
    store.checkpoint()
    assert path.stat().st_size > before
    store.close()
    Store.open(None).checkpoint()  # nothing to do in memory, and no error


def _wal_restarts(path) -> int:
    """The write-ahead log's checkpoint sequence number: it counts the times the log started
    over (bytes 12-15 of its header)."""
    return int.from_bytes((path.parent / f"{path.name}-wal").read_bytes()[12:16], "big")


def test_a_checkpoint_starts_the_log_over_itself_so_the_next_write_does_not(tmp_path):
    """The sync of a log started over falls in the checkpoint (the user is reading), not in
    the commit of the next grade; with a reader still on the old log, nothing is forced."""
    path = tmp_path / "drill.db"
    store = Store.open(path)
    with store.atomic():
        store.cards.upsert([card_row(f"c{i:04d}", line=i) for i in range(30)])
    restarts = _wal_restarts(path)
    store.checkpoint()
    assert _wal_restarts(path) == restarts + 1
    assert store.meta.get("checkpoints") == "1"
    with store.atomic():
        store.cards.upsert([card_row("c9999", line=99)])
    assert _wal_restarts(path) == restarts + 1  # the write went on in the log as it was
    store.checkpoint()
    assert (_wal_restarts(path), store.meta.get("checkpoints")) == (restarts + 2, "2")
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM cards").fetchone()  # holds the log as it is now
    with store.atomic():
        store.cards.upsert([card_row("c9998", line=98)])
    store.checkpoint()  # cannot fold the reader's frames back, so no write either
    assert store.meta.get("checkpoints") == "2"
    reader.close()
    with store.atomic():
        store.checkpoint()  # inside a transaction: nothing, and no error
    store.close()


def test_a_checkpoint_with_nothing_to_fold_or_inside_a_transaction_writes_nothing(tmp_path):
    path = tmp_path / "drill.db"
    store = Store.open(path)
    with store.atomic():
        store.cards.upsert([card_row("c0001")])
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty log: nothing to start over
    store.checkpoint()
    assert store.meta.get("checkpoints") is None
    with store.atomic():
        store.cards.upsert([card_row("c0002")])
    store.conn.execute("BEGIN")  # a caller's read: left open, not ended by the checkpoint
    store.conn.execute("SELECT COUNT(*) FROM cards").fetchone()
    store.checkpoint()
    assert store.conn.in_transaction
    store.conn.execute("ROLLBACK")
    assert store.meta.get("checkpoints") is None
    store.close()


def test_a_checkpoint_whose_write_fails_ends_its_transaction_and_raises_nothing(tmp_path):
    path = tmp_path / "drill.db"
    store = Store.open(path)
    store.conn.execute("PRAGMA busy_timeout = 10")
    with store.atomic():
        store.cards.upsert([card_row("c0001")])
    store.conn.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON meta "
                       "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    store.checkpoint()  # the count's write is refused: rolled back, tried at the next one
    assert not store.conn.in_transaction and store.meta.get("checkpoints") is None
    store.conn.execute("DROP TRIGGER refuse")
    with store.atomic():
        store.cards.upsert([card_row("c0002")])
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another drill is writing: the count waits for later
    store.checkpoint()
    other.rollback()
    other.close()
    assert not store.conn.in_transaction and store.meta.get("checkpoints") is None
    store.checkpoint()
    assert store.meta.get("checkpoints") == "1"
    store.close()


def test_past_rounds_are_listed_50_at_a_time_unless_told(store):
    for number in range(51):
        store.mock.create({"id": f"r{number:02d}", "format": "f", "title": "T", "seed": number,
                           "started_ms": number}, [])
    rounds = store.mock.rounds()
    assert len(rounds) == 50 and rounds[0]["id"] == "r50"
    assert len(store.mock.rounds(limit=51)) == 51
