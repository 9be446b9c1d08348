"""The replay of the review log into each card's progress (design decisions 4 and 9): the fold
of one card's rows (`replay`), their order across devices (`replay_order`), and the rebuild of
the progress cache (`rebuild_cache`), with a fast path for plain SM-2 logs. drill/store/log.py
(`store.log`) loads this module where progress is read or written, so the commands that only
count (`drill due`, `drill stats`) never import drill.progress and drill.sm2.
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
from drill.store.log import INSERT_STATE, STATE_COLUMNS, device_id


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
        conn.executemany(INSERT_STATE, plain)
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
        results.append([*progress_to_row(card_id, _fold(steps, scheduler)).values(),
                        len(rows)])
    conn.executemany(INSERT_STATE, results)
    return len(results)


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
    """A card's `card_state` row as `progress_to_row` writes it (`scheduled`: the day of its
    last SM-2 step, None while new), with its log row count."""
    state = due = None
    if scheduled is not None:
        due = (date.fromisoformat(scheduled) + timedelta(days=interval)).isoformat()
        # json.dumps of SM2State.to_dict(), written out (the same text, a third of the time)
        state = (f'{{"repetitions": {repetitions}, "ef100": {ef100}, "interval": {interval}, '
                 f'"due": "{due}"}}')
    return (card_id, "sm2", state, due, interval, lapses, reviews, last_ms, last_grade,
            first_day, repeat_day, count)


def progress_from_row(row: dict[str, Any] | sqlite3.Row | None) -> CardProgress:
    if row is None:
        return CardProgress()
    values = {name: row[name] for name in STATE_COLUMNS}
    values["state"] = json.loads(values["state"]) if values["state"] else None
    return CardProgress(**values)


def progress_to_row(card_id: str, progress: CardProgress) -> dict[str, Any]:
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
