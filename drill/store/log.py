"""The review log, its replay and the progress cache (design decisions 4, 5 and 9).

Tables:
- `reviews`: the append-only review log, the truth about progress. Each row names its device and
  that device's append sequence (`device`, `seq`), the replay order; `import` rows have no device
  and replay by time. Undo appends an `undo` row naming the uid it cancels (`undoes`).
- `card_state`: a cache of each card's progress, rebuilt from the log by `rebuild()`; it counts
  each card's log rows (`log_rows`), which the start-up check (`repair_drift()`) compares with
  the log.
Every append writes its row and the card's cache in one transaction.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from drill.clock import from_epoch_ms
from drill.progress import GRADED, PASS_FOR_REPEAT, CardProgress, LogEntry, advance, classify
from drill.sm2 import (
    MAX_INTERVAL,
    MIN_EF100,
    SCHEDULERS,
    START_EF100,
    Scheduler,
    SM2Scheduler,
    scheduler_named,
)
from drill.store.base import Concern


def device_id(conn: sqlite3.Connection) -> str:
    """This database's device id (made once, kept in `meta`): it names the rows appended here."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()
    if row is not None:
        return row[0]
    import uuid  # only where a new id is made: its import costs every command ~2 ms

    device = uuid.uuid4().hex[:16]
    conn.execute("INSERT INTO meta (key, value) VALUES ('device', ?)", [device])
    return device


def replay_order(rows: Iterable[Any], time_ms: Callable[[Any], int],
                 device: Callable[[Any], str | None], seq: Callable[[Any], int | None]) -> list:
    """Rows in the order replay folds them (design decision 9): each device's rows in the order
    they were appended, so a clock set back never reorders them; the devices' streams (and
    imported rows, which have no device, by time) interleave by time, ties by device and seq."""
    streams: dict[str | None, list] = {}
    for row in rows:
        streams.setdefault(device(row), []).append(row)
    for name, stream in streams.items():
        if name is None:
            stream.sort(key=lambda r: (time_ms(r), seq(r) or 0))
        else:
            stream.sort(key=lambda r: seq(r) or 0)
    if len(streams) == 1:
        return next(iter(streams.values()))
    # heapq.merge takes the smallest head each time, so every stream keeps its own order.
    return list(heapq.merge(*streams.values(),
                            key=lambda r: (time_ms(r), device(r) or "", seq(r) or 0)))


def rebuild_cache(conn: sqlite3.Connection, card_ids: Iterable[str] | None = None,
                  scheduler: Scheduler | None = None) -> int:
    """Replace the cached progress of `card_ids` (or of every card) by a replay of the log under
    `scheduler` (the store's active one by default), inside the caller's transaction. Returns
    the number of cards written.

    Reads only what replay needs (a state is decoded only for `import` rows), since this can run
    over the whole log."""
    scheduler = scheduler or active_scheduler(conn)
    if card_ids is None and isinstance(scheduler, SM2Scheduler):
        conn.execute("DELETE FROM card_state")
        plain, others = _plain_sm2_rows(conn)
        conn.executemany(_INSERT_STATE, plain)
        return len(plain) + (rebuild_cache(conn, others, scheduler) if others else 0)
    # A state is decoded only where replay needs it: an import row's state after, and the state
    # before of a practice row graded under another scheduler (was it off schedule?).
    select = f"""
        SELECT card_id, uid, kind, time_ms, day, grade, undoes,
               CASE WHEN kind = 'import' THEN state_after END, device, seq, scheduler,
               CASE WHEN kind = 'practice' AND scheduler != '{scheduler.name}'
                    THEN state_before END
        FROM reviews"""
    if card_ids is None:
        conn.execute("DELETE FROM card_state")
        # In sequence order, a card's rows from one device need no sorting in Python.
        cursor: Iterable[tuple] = conn.execute(f"{select} ORDER BY card_id, seq")
    else:
        wanted = list(card_ids)
        cursor = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(f"DELETE FROM card_state WHERE card_id IN ({marks})", chunk)
            cursor.extend(conn.execute(f"{select} WHERE card_id IN ({marks})", chunk))
    by_card: dict[str, list[tuple]] = {}
    for row in cursor:
        by_card.setdefault(row[0], []).append(row)
    results = []
    for card_id, rows in by_card.items():
        one_device = rows[0][8] is not None and all(r[8] == rows[0][8] for r in rows)
        if one_device and card_ids is None:
            ordered = rows  # already in sequence order
        else:
            ordered = replay_order(rows, lambda r: r[3], lambda r: r[8], lambda r: r[9])
        steps = [(uid, undoes, LogEntry(kind, day, time_ms, grade,
                                        json.loads(state) if state else None, graded_by,
                                        _off_schedule(kind, day,
                                                      json.loads(before) if before else None)))
                 for _, uid, kind, time_ms, day, grade, undoes, state, _, _, graded_by, before
                 in ordered]
        results.append([*_progress_to_row(card_id, _fold(steps, scheduler)).values(),
                        len(rows)])
    conn.executemany(_INSERT_STATE, results)
    return len(results)


_STATE_COLUMNS = ("scheduler", "state", "due", "interval", "lapses", "reviews", "last_ms",
                  "last_grade", "first_day", "repeat_day")
_INSERT_STATE = (f"INSERT INTO card_state (card_id, {', '.join(_STATE_COLUMNS)}, log_rows) "
                 f"VALUES (?, {', '.join('?' for _ in _STATE_COLUMNS)}, ?)")
_UPSERT_STATE = (f"INSERT INTO card_state (card_id, {', '.join(_STATE_COLUMNS)}, log_rows) "
                 f"VALUES (?, {', '.join('?' for _ in _STATE_COLUMNS)}, "
                 "(SELECT COUNT(*) FROM reviews WHERE card_id = ?)) "
                 "ON CONFLICT (card_id) DO UPDATE SET "
                 + ", ".join(f"{c} = excluded.{c}" for c in (*_STATE_COLUMNS, "log_rows")))


def _plain_sm2_rows(conn: sqlite3.Connection) -> tuple[list[tuple], list[str]]:
    """The whole rebuild under SM-2, fast: the cache rows of every card whose log is plain (only
    grades given under SM-2 on this device: no import or undo rows, no other device's or
    scheduler's), folded with plain integers and strings, the same arithmetic as `advance` with
    `sm2.review` (tests/test_rebuild_speed.py proves the rows equal). Returns those rows and the
    other cards, which replay the general way.

    One scan of the covering index `reviews_replay` (migration m008) in each card's sequence
    order; a row's kind comes as a number (0 review, 1 repeat, 2 practice, 3 anything else)."""
    rows: list[tuple] = []
    others: list[str] = []
    card = None
    plain = False
    count = reviews = lapses = repetitions = interval = ef100 = 0
    last_ms = last_grade = repeat_day = first_day = scheduled = None
    for card_id, kind, day, grade, time_ms in conn.execute("""
            SELECT card_id, CASE WHEN device IS ? AND scheduler = 'sm2'
                THEN CASE kind WHEN 'review' THEN 0 WHEN 'repeat' THEN 1
                     WHEN 'practice' THEN 2 ELSE 3 END ELSE 3 END, day, grade, time_ms
            FROM reviews ORDER BY card_id, seq""", [device_id(conn)]):
        if card_id != card:
            if card is not None:
                if plain:
                    rows.append(_sm2_row(card, count, reviews, lapses, repetitions, interval,
                                         ef100, last_ms, last_grade, repeat_day, first_day,
                                         scheduled))
                else:
                    others.append(card)
            card, plain = card_id, True
            count = reviews = lapses = repetitions = interval = 0
            ef100 = START_EF100
            last_ms = last_grade = repeat_day = first_day = scheduled = None
        count += 1
        if kind == 3:
            plain = False
        if not plain or grade is None:
            continue
        # progress.advance: every grade counts; a repeat sets the repeat day only; a passed
        # practice grade leaves the schedule alone; anything else is an SM-2 step.
        reviews += 1
        last_ms, last_grade = time_ms, grade
        if kind == 1:
            repeat_day = day if grade < PASS_FOR_REPEAT else None
            continue
        if kind == 2 and grade >= 3:
            continue
        if grade >= 3:  # sm2.review, easiness in hundredths
            interval = (1 if repetitions == 0 else 6 if repetitions == 1
                        else min(-(-interval * ef100 // 100), MAX_INTERVAL))
            repetitions += 1
        else:
            repetitions, interval = 0, 1
            if scheduled is not None:  # a lapse: the card was not new
                lapses += 1
        miss = 5 - grade
        ef100 += 10 - miss * (8 + miss * 2)
        if ef100 < MIN_EF100:
            ef100 = MIN_EF100
        scheduled = day
        if first_day is None and kind == 0:
            first_day = day
        repeat_day = day if kind == 0 and grade < PASS_FOR_REPEAT else None
    if card is not None:
        if plain:
            rows.append(_sm2_row(card, count, reviews, lapses, repetitions, interval, ef100,
                                 last_ms, last_grade, repeat_day, first_day, scheduled))
        else:
            others.append(card)
    return rows, others


def _sm2_row(card_id: str, count: int, reviews: int, lapses: int, repetitions: int,
             interval: int, ef100: int, last_ms: int | None, last_grade: int | None,
             repeat_day: str | None, first_day: str | None, scheduled: str | None) -> tuple:
    """A card's `card_state` row as `_progress_to_row` writes it (`scheduled`: the day of its
    last SM-2 step, None while new), with its log row count."""
    state = due = None
    if scheduled is not None:
        due = (date.fromisoformat(scheduled) + timedelta(days=interval)).isoformat()
        # json.dumps of SM2State.to_dict(), written out (the same text, a third of the time)
        state = (f'{{"repetitions": {repetitions}, "ef100": {ef100}, "interval": {interval}, '
                 f'"due": "{due}"}}')
    return (card_id, "sm2", state, due, interval, lapses, reviews, last_ms, last_grade,
            first_day, repeat_day, count)


def _progress_from_row(row: dict[str, Any] | sqlite3.Row | None) -> CardProgress:
    if row is None:
        return CardProgress()
    values = {name: row[name] for name in _STATE_COLUMNS}
    values["state"] = json.loads(values["state"]) if values["state"] else None
    return CardProgress(**values)


def _progress_to_row(card_id: str, progress: CardProgress) -> dict[str, Any]:
    row = progress.to_dict()
    row["state"] = json.dumps(row["state"]) if row["state"] is not None else None
    return {"card_id": card_id, **row}


@dataclass(frozen=True)
class LogRow:
    """One row of the review log, decoded."""

    uid: str
    card_id: str
    kind: str
    time_ms: int
    day: str
    utc_offset: int
    grade: int | None
    duration_ms: int | None
    scheduler: str
    state_before: dict[str, Any] | None
    state_after: dict[str, Any] | None
    undoes: str | None
    source: str | None
    session: str | None
    device: str | None = None  # None: imported from another tool
    seq: int | None = None  # the device's append sequence

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LogRow:
        values = dict(row)
        for key in ("state_before", "state_after"):
            values[key] = json.loads(values[key]) if values[key] else None
        return cls(**values)

    @property
    def when(self) -> datetime:
        return from_epoch_ms(self.time_ms)

    def entry(self) -> LogEntry:
        return LogEntry(self.kind, self.day, self.time_ms, self.grade, self.state_after,
                        self.scheduler, _off_schedule(self.kind, self.day, self.state_before))


def _off_schedule(kind: str, day: str, before: dict[str, Any] | None) -> bool:
    """Whether a practice row was off schedule by choice (a mock round, cramming): graded while
    the card was new or due, which only an off-schedule grade logs as practice. `before` is the
    row's progress before it (rebuilds read it only for rows graded under another scheduler)."""
    if kind != "practice" or not before:
        return False
    return before.get("state") is None or (before.get("due") or "") <= day


def _fold(steps: list[tuple[str, str | None, LogEntry]],
          scheduler: Scheduler | None = None) -> CardProgress:
    """Fold one card's log, as (uid, undoes, entry) in order, into its progress under
    `scheduler` (SM-2 by default); undo rows and the rows they cancel are skipped.

    A grade logged under another scheduler is classified again under this one's due dates (a
    review there may be early practice here, and the other way round); an off-schedule
    practice grade stays practice. Grades logged under this scheduler keep their kind, so
    switching back replays them exactly as they were."""
    scheduler = scheduler or SCHEDULERS["sm2"]
    cancelled = {undoes for _, undoes, entry in steps if entry.kind == "undo"}
    progress = CardProgress()
    for uid, _, entry in steps:
        if entry.kind == "undo" or uid in cancelled:
            continue
        if entry.kind in GRADED and entry.scheduler != scheduler.name:
            kind = classify(progress, date.fromisoformat(entry.day), entry.off_schedule)
            entry = replace(entry, kind=kind)
        progress = advance(progress, entry, from_epoch_ms(entry.time_ms), scheduler, seed=uid)
    return progress


def replay(rows: Iterable[LogRow], scheduler: Scheduler | None = None) -> CardProgress:
    """Fold one card's log rows, in replay order, into its progress, skipping undone rows."""
    ordered = replay_order(rows, lambda r: r.time_ms, lambda r: r.device, lambda r: r.seq)
    return _fold([(row.uid, row.undoes, row.entry()) for row in ordered], scheduler)


def active_scheduler(conn: sqlite3.Connection) -> Scheduler:
    """The scheduler the cached progress was built with (`meta`: SM-2 unless switched)."""
    found = dict(conn.execute(
        "SELECT key, value FROM meta WHERE key IN ('scheduler', 'fsrs_retention')").fetchall())
    return scheduler_named(found.get("scheduler") or "sm2",
                           float(found.get("fsrs_retention") or 0.9))


class ReviewLog(Concern):
    """`store.log`: appending to the log, reading it back, and each card's cached progress."""

    def append(self, *, card_id: str, kind: str, when_ms: int, day: str, utc_offset: int,
               scheduler: str, before: CardProgress, after: CardProgress,
               grade: int | None = None, duration_ms: int | None = None,
               undoes: str | None = None, source: str | None = None,
               session: str | None = None, uid: str | None = None) -> str:
        """Append one log row and update the card's cache, in one transaction. Returns the uid
        (a new one unless given: a scheduler may have drawn its fuzz from it)."""
        if not uid:
            import uuid

            uid = uuid.uuid4().hex
        with self.atomic():
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
        row = _progress_to_row(card_id, progress)
        self.conn.execute(_UPSERT_STATE, [*(row[c] for c in ("card_id", *_STATE_COLUMNS)),
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
            rebuild_cache(self.conn, {row["card_id"] for row in rows})

    def rows(self, card_id: str | None = None) -> list[LogRow]:
        """Log rows in replay order (one card's, or all)."""
        if card_id is None:
            rows = self._rows("SELECT * FROM reviews")
        else:
            rows = self._rows("SELECT * FROM reviews WHERE card_id = ?", [card_id])
        return replay_order([LogRow.from_row(row) for row in rows], lambda r: r.time_ms,
                            lambda r: r.device, lambda r: r.seq)

    def row(self, uid: str) -> LogRow | None:
        rows = self._rows("SELECT * FROM reviews WHERE uid = ?", [uid])
        return LogRow.from_row(rows[0]) if rows else None

    def is_undone(self, uid: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE undoes = ? LIMIT 1",
                                   [uid]).fetchone()
        return row is not None

    def progress(self, card_id: str) -> CardProgress:
        cursor = self.conn.execute(
            f"SELECT {', '.join(_STATE_COLUMNS)} FROM card_state WHERE card_id = ?", [card_id])
        cursor.row_factory = sqlite3.Row
        return _progress_from_row(cursor.fetchone())

    def all_progress(self) -> dict[str, CardProgress]:
        cursor = self.conn.execute(
            f"SELECT card_id, {', '.join(_STATE_COLUMNS)} FROM card_state")
        cursor.row_factory = sqlite3.Row
        return {row["card_id"]: _progress_from_row(row) for row in cursor}

    def rebuild(self) -> int:
        """Recompute every card's cached progress by replaying the whole log. Returns cards done."""
        with self.atomic():
            return rebuild_cache(self.conn)

    @property
    def scheduler(self) -> Scheduler:
        """The scheduler the cache is built with, and grades are given with."""
        return active_scheduler(self.conn)

    def scheduler_setting(self) -> tuple[str, float]:
        """The active scheduler's name and (for FSRS) desired retention, as stored."""
        return (self.store.meta.get("scheduler") or "sm2",
                float(self.store.meta.get("fsrs_retention") or 0.9))

    def use_scheduler(self, scheduler: Scheduler, retention: float = 0.9) -> int:
        """Schedule with `scheduler` from now on: every card's progress is replayed under it, in
        one transaction (the log itself is unchanged). Returns the cards replayed."""
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
                rebuild_cache(self.conn, drifted)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                              "('checked_rowid', ?)", [str(top)])
        return drifted

    def stored_rows(self) -> sqlite3.Cursor:
        """Every log row, every column, in the order rows were stored (for `drill export log`);
        a cursor, so a large log is streamed rather than held in memory."""
        return self.conn.execute("SELECT * FROM reviews ORDER BY rowid")
