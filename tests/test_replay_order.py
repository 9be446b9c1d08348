"""Replay order (design decision 9): a device's rows replay in append order, so a clock set back
never reorders them; other devices' rows interleave by time. The start-up drift check."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime

from drill.review import Reviewer
from drill.store import APPLICATION_ID, Store, migrations, replay_order
from tests.test_store import add_cards


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T12:00:00+00:00").astimezone(UTC)


def test_undo_after_the_clock_was_set_back_restores_the_schedule(store, clock, calendar):
    [card] = add_cards(store, 1)
    reviewer = Reviewer(store, clock, calendar)
    clock.set(at("2027-03-10"))
    reviewer.grade(card, 4)
    clock.set(at("2026-03-10"))  # the clock is corrected, a year back
    reviewer.grade(card, 0)
    clock.set(at("2026-03-11"))
    last = reviewer.grade(card, 4)
    reviewer.undo(last)
    progress = store.log.progress(card)
    assert (progress.due, progress.lapses) == ("2026-03-11", 1)
    assert store.log.rebuild() == 1 and store.log.progress(card) == progress
    assert [row.seq for row in store.log.rows(card)] == [1, 2, 3, 4]
    assert all(v >= 0 for v in reviewer.preview(card).values())


def test_a_random_history_with_clock_jumps_rebuilds_to_the_cache(store, clock, calendar):
    cards = add_cards(store, 8)
    reviewer = Reviewer(store, clock, calendar)
    rng = random.Random(16)
    undoable: list[str] = []
    for _ in range(800):
        action = rng.random()
        if action < 0.08 and undoable:
            reviewer.undo(undoable.pop(rng.randrange(len(undoable))))
        elif action < 0.2:
            clock.advance(hours=rng.choice([-24 * 400, -30, -5, 1, 5, 20, 30, 24 * 7]))
        else:
            undoable.append(reviewer.grade(rng.choice(cards), rng.randrange(6)))
    cache = store.log.all_progress()
    store.log.rebuild()
    assert store.log.all_progress() == cache
    assert all(p.interval >= 0 for p in cache.values())
    assert all((row.state_after or {}).get("interval", 0) >= 0 for row in store.log.rows())


def test_other_devices_interleave_by_time_and_keep_their_own_order():
    Row = tuple  # (name, time_ms, device, seq)
    rows: list[Row] = [("a1", 500, "A", 1), ("a2", 100, "A", 2), ("b1", 300, "B", 1),
                       ("b2", 200, "B", 2), ("imp", 50, None, None)]
    ordered = [r[0] for r in replay_order(rows, lambda r: r[1], lambda r: r[2], lambda r: r[3])]
    assert ordered.index("a1") < ordered.index("a2")
    assert ordered.index("b1") < ordered.index("b2")
    assert ordered == ["imp", "b1", "b2", "a1", "a2"]


def _old_database(path) -> None:
    """A database as drill's previous release left it (migrations up to m004, no app id)."""
    from sqlite_utils import Database

    db = Database(path)
    migrations().apply(db, stop_before="m005_replay_order")
    db.execute("INSERT INTO cards (id, deck, prompt, answer, kind, difficulty, path, line, "
               "origin, content_hash, added_ms) VALUES ('c1', 'D', 'Q?', 'A', 'concept', "
               "'medium', '/d.md', 3, 'user', 'h', 0)")
    new = {"scheduler": "sm2", "state": None, "due": None, "interval": 0, "lapses": 0,
           "reviews": 0, "last_ms": None, "last_grade": None, "first_day": None,
           "repeat_day": None}
    # Graded on 2027-03-10, then (clock set back) 0 on 2026-03-10: rowid order is log order.
    for uid, day, grade, kind in (("u1", "2027-03-10", 4, "review"),
                                  ("u2", "2026-03-10", 0, "practice")):
        db.execute("INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
                   "scheduler, state_before, state_after) VALUES (?, 'c1', ?, ?, ?, 0, ?, "
                   "'sm2', ?, ?)", [uid, kind, int(at(day).timestamp() * 1000), day, grade,
                                    json.dumps(new), json.dumps(new)])
    db.conn.commit()
    db.close()


def test_upgrading_numbers_the_log_in_rowid_order_and_rebuilds(tmp_path):
    path = tmp_path / "drill.db"
    _old_database(path)
    store = Store.open(path)
    rows = store.log.rows("c1")
    assert [(r.uid, r.seq) for r in rows] == [("u1", 1), ("u2", 2)]
    assert {r.device for r in rows} == {store.meta.get("device")} and store.meta.get("device")
    progress = store.log.progress("c1")  # rebuilt in append order: the lapse came last
    assert (progress.due, progress.lapses) == ("2026-03-11", 1)
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_the_start_up_check_repairs_only_drifted_cards(tmp_path, clock, calendar):
    path = tmp_path / "drill.db"
    store = Store.open(path)
    cards = add_cards(store, 3)
    reviewer = Reviewer(store, clock, calendar)
    for card in cards:
        reviewer.grade(card, 5)
    store.close()
    assert Store.open(path).log.repair_drift() == []  # nothing new since the check at open
    # Another writer appends a row for cards[1] without updating the cache.
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
                 "scheduler, device, seq) SELECT 'x', card_id, 'practice', time_ms + 1, day, "
                 "0, 1, 'sm2', device, seq + 100 FROM reviews WHERE card_id = ?", [cards[1]])
    conn.execute("UPDATE card_state SET reviews = 99 WHERE card_id = ?", [cards[2]])
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.log.progress(cards[1]).lapses == 1 and store.log.progress(cards[1]).reviews == 2
    assert store.log.progress(cards[2]).reviews == 99  # not drifted by count, so not replayed
    store.close()
