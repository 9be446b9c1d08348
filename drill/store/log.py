"""The review log and the progress cache (design decisions 4, 5 and 9); the replay itself is in
drill/store/replaying.py.

Tables:
- `reviews`: the append-only review log, the truth about progress. Each row names its device and
  that device's append sequence (`device`, `seq`), the replay order; `import` rows have no device
  and replay by time. Undo appends an `undo` row naming the uid it cancels (`undoes`).
- `card_state`: a cache of each card's progress, rebuilt from the log by `rebuild()`; it counts
  each card's log rows (`log_rows`), which the start-up check (`repair_drift()`) compares with
  the log.
Every append writes its row and the card's cache in one transaction. The replay (and with it
drill.progress and drill.sm2) loads only where progress is read or written: `drill due` and
`drill stats` never need it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from drill.store.base import Concern

if TYPE_CHECKING:
    from drill.progress import CardProgress
    from drill.sm2 import Scheduler
    from drill.store.replaying import LogRow


def device_id(conn: sqlite3.Connection) -> str:
    """This database's device id (made once, kept in `meta`): it names the rows appended here."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()
    if row is not None:
        return row[0]
    import uuid  # only where a new id is made: its import costs every command ~2 ms

    device = uuid.uuid4().hex[:16]
    conn.execute("INSERT INTO meta (key, value) VALUES ('device', ?)", [device])
    return device


# A card_state row's progress columns (drill.progress.CardProgress's fields, in order).
STATE_COLUMNS = ("scheduler", "state", "due", "interval", "lapses", "reviews", "last_ms",
                 "last_grade", "first_day", "repeat_day")
INSERT_STATE = (f"INSERT INTO card_state (card_id, {', '.join(STATE_COLUMNS)}, log_rows) "
                f"VALUES (?, {', '.join('?' for _ in STATE_COLUMNS)}, ?)")
_UPSERT_STATE = (f"INSERT INTO card_state (card_id, {', '.join(STATE_COLUMNS)}, log_rows) "
                 f"VALUES (?, {', '.join('?' for _ in STATE_COLUMNS)}, "
                 "(SELECT COUNT(*) FROM reviews WHERE card_id = ?)) "
                 "ON CONFLICT (card_id) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in (*STATE_COLUMNS, "log_rows")))


class ReviewLog(Concern):
    """`store.log`: appending to the log, reading it back, and each card's cached progress."""

    def append(self, *, card_id: str, kind: str, when_ms: int, day: str, utc_offset: int,
               scheduler: str, before: CardProgress, after: CardProgress,
               grade: int | None = None, duration_ms: int | None = None,
               undoes: str | None = None, source: str | None = None,
               session: str | None = None, uid: str | None = None) -> str:
        """Append one log row and update the card's cache, in one transaction. Returns the uid
        (a new one unless given: a scheduler may have drawn its fuzz from it).

        Inside a caller's transaction (a grade reads, decides and writes in one) both writes
        join it, without a savepoint of their own: the caller's `atomic()` undoes all of it if
        either fails, and the savepoint cost a grade ~0.2 ms (SQLite journals every page the
        grade changes while one is open: ~17 pages, spilled to a temporary file)."""
        if not uid:
            import uuid

            uid = uuid.uuid4().hex
        with contextlib.nullcontext() if self.conn.in_transaction else self.atomic():
            device = self.store.device
            seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM reviews "
                                    "WHERE device = ?", [device]).fetchone()[0]
            self.conn.execute(
                "INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
                "duration_ms, scheduler, state_before, state_after, undoes, source, session, "
                "device, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [uid, card_id, kind, when_ms, day, utc_offset, grade, duration_ms, scheduler,
                 json.dumps(before.to_dict()), json.dumps(after.to_dict()), undoes, source,
                 session, device, seq])
            self._write_progress(card_id, after)
        return uid

    def _write_progress(self, card_id: str, progress: CardProgress) -> None:
        """The card's cached progress: its row is updated in place (an upsert), so the index
        entries of columns that did not change, the card id's among them, are left alone
        (INSERT OR REPLACE deleted the row and inserted it again: every one of card_state's
        nine indexes twice, a quarter of a grade's time)."""
        from drill.store.replaying import progress_to_row

        row = progress_to_row(card_id, progress)
        self.conn.execute(_UPSERT_STATE, [*(row[c] for c in ("card_id", *STATE_COLUMNS)),
                                          card_id])

    def imported_sources(self, prefix: str) -> set[str]:
        """The `source` keys of `import` rows starting with `prefix` (importing twice adds
        nothing twice)."""
        cursor = self.conn.execute(
            "SELECT source FROM reviews WHERE kind = 'import' AND source >= ? AND source < ?",
            [prefix, prefix + "\U0010ffff"])
        return {row[0] for row in cursor}

    def imported_from(self, card_id: str, source: str) -> bool:
        """Whether the card's log has an `import` row from `source` (a merge already done)."""
        row = self.conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND kind = 'import' "
                                "AND source = ? LIMIT 1", [card_id, source]).fetchone()
        return row is not None

    def append_imported(self, rows: list[dict[str, Any]], suspend: Iterable[str] = (),
                        bury: Iterable[tuple[str, str]] = ()) -> None:
        """Append other tools' history as `import` rows (no device: they replay by time, design
        decision 9) with the cards' suspended and buried flags, then rebuild those cards' cached
        progress: all in one transaction."""
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
                "duration_ms, scheduler, state_before, state_after, source) VALUES (:uid, "
                ":card_id, 'import', :time_ms, :day, :utc_offset, :grade, :duration_ms, "
                ":scheduler, :state_before, :state_after, :source)", rows)
            for card_id in suspend:
                self.conn.execute(
                    "INSERT INTO card_flags (card_id, suspended) VALUES (?, 1) "
                    "ON CONFLICT(card_id) DO UPDATE SET suspended = 1", [card_id])
            for card_id, day in bury:
                self.conn.execute(
                    "INSERT INTO card_flags (card_id, buried_day) VALUES (?, ?) "
                    "ON CONFLICT(card_id) DO UPDATE SET buried_day = excluded.buried_day",
                    [card_id, day])
            from drill.store.replaying import rebuild_cache

            rebuild_cache(self.conn, {row["card_id"] for row in rows})

    def rows(self, card_id: str | None = None) -> list[LogRow]:
        """Log rows in replay order (one card's, or all)."""
        from drill.store.replaying import LogRow, replay_order

        if card_id is None:
            rows = self._rows("SELECT * FROM reviews")
        else:
            rows = self._rows("SELECT * FROM reviews WHERE card_id = ?", [card_id])
        return replay_order([LogRow.from_row(row) for row in rows], lambda r: r.time_ms,
                            lambda r: r.device, lambda r: r.seq)

    def row(self, uid: str) -> LogRow | None:
        from drill.store.replaying import LogRow

        rows = self._rows("SELECT * FROM reviews WHERE uid = ?", [uid])
        return LogRow.from_row(rows[0]) if rows else None

    def is_undone(self, uid: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE undoes = ? LIMIT 1",
                                   [uid]).fetchone()
        return row is not None

    def progress(self, card_id: str) -> CardProgress:
        from drill.store.replaying import progress_from_row

        cursor = self.conn.execute(
            f"SELECT {', '.join(STATE_COLUMNS)} FROM card_state WHERE card_id = ?", [card_id])
        cursor.row_factory = sqlite3.Row
        return progress_from_row(cursor.fetchone())

    def all_progress(self) -> dict[str, CardProgress]:
        from drill.store.replaying import progress_from_row

        cursor = self.conn.execute(
            f"SELECT card_id, {', '.join(STATE_COLUMNS)} FROM card_state")
        cursor.row_factory = sqlite3.Row
        return {row["card_id"]: progress_from_row(row) for row in cursor}

    def rebuild(self) -> int:
        """Recompute every card's cached progress by replaying the whole log. Returns cards done."""
        from drill.store.replaying import rebuild_cache

        with self.atomic():
            return rebuild_cache(self.conn)

    @property
    def scheduler(self) -> Scheduler:
        """The scheduler the cache is built with, and grades are given with."""
        from drill.store.replaying import active_scheduler

        return active_scheduler(self.conn)

    def scheduler_setting(self) -> tuple[str, float]:
        """The active scheduler's name and (for FSRS) desired retention, as stored."""
        return (self.store.meta.get("scheduler") or "sm2",
                float(self.store.meta.get("fsrs_retention") or 0.9))

    def use_scheduler(self, scheduler: Scheduler, retention: float = 0.9) -> int:
        """Schedule with `scheduler` from now on: every card's progress is replayed under it, in
        one transaction (the log itself is unchanged). Returns the cards replayed."""
        from drill.store.replaying import rebuild_cache

        with self.atomic():
            for key, value in (("scheduler", scheduler.name), ("fsrs_retention", str(retention))):
                self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                  [key, value])
            return rebuild_cache(self.conn, None, scheduler)

    def repair_drift(self) -> list[str]:
        """The start-up check that the progress cache still matches the log, cheap enough for
        every start: only cards with log rows appended since the last check (a high-water mark
        of rowids in `meta`) have their log rows counted against the cache's count; a card that
        differs is replayed. Returns the repaired card ids."""
        mark = int(self.store.meta.get("checked_rowid") or 0)
        top = self.conn.execute("SELECT MAX(rowid) FROM reviews").fetchone()[0] or 0
        if top == mark:
            return []
        rows = self.conn.execute("""
            SELECT r.card_id, COUNT(*), s.log_rows FROM reviews r
            LEFT JOIN card_state s ON s.card_id = r.card_id
            WHERE r.card_id IN (SELECT card_id FROM reviews WHERE rowid > ?)
            GROUP BY r.card_id""", [mark if top > mark else 0]).fetchall()
        drifted = [card_id for card_id, count, cached in rows if count != cached]
        with self.atomic():
            if drifted:
                from drill.store.replaying import rebuild_cache

                rebuild_cache(self.conn, drifted)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                              "('checked_rowid', ?)", [str(top)])
        return drifted

    def stored_rows(self) -> sqlite3.Cursor:
        """Every log row, every column, in the order rows were stored (for `drill export log`);
        a cursor, so a large log is streamed rather than held in memory."""
        return self.conn.execute("SELECT * FROM reviews ORDER BY rowid")
