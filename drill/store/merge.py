"""The SQL of merging review logs through a shared folder (drill/share.py): the rows a device
writes to its file, and other devices' rows merged in by uid, each affected card replayed.

Functions taking the `Store` (no table of their own: they read and append `reviews`, rebuild
`card_state` through the replay's public `rebuild_cache`, and keep their marks in `meta`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drill.store.base import dict_rows
from drill.store.replaying import rebuild_cache

if TYPE_CHECKING:
    from drill.store.db import Store

COLUMNS = ("uid", "card_id", "kind", "time_ms", "day", "utc_offset", "grade", "duration_ms",
           "scheduler", "state_before", "state_after", "undoes", "source", "session", "device",
           "seq")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM reviews"


def last_seq(store: Store) -> int:
    """This device's last appended sequence number (0 before its first row)."""
    row = store.conn.execute("SELECT MAX(seq) FROM reviews WHERE device = ?",
                             [store.device]).fetchone()
    return row[0] or 0


def own_rows_after(store: Store, seq: int) -> list[dict[str, Any]]:
    """This device's rows appended after `seq`, in append order."""
    return dict_rows(store.conn, f"{_SELECT} WHERE device = ? AND seq > ? ORDER BY seq",
                     [store.device, seq])


def imported_rows_after(store: Store, rowid: int) -> list[dict[str, Any]]:
    """Rows imported from another tool (no device) stored after `rowid`, in stored order."""
    return dict_rows(store.conn, f"{_SELECT} WHERE device IS NULL AND rowid > ? ORDER BY rowid",
                     [rowid])


def top_rowid(store: Store) -> int:
    return store.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM reviews").fetchone()[0]


@dataclass
class Merged:
    """What merging some rows did."""

    new: int = 0
    cards: set[str] = field(default_factory=set)
    clashes: list[dict[str, Any]] = field(default_factory=list)  # a (device, seq) already taken


def merge_rows(store: Store, rows: Iterable[dict[str, Any]]) -> Merged:
    """Add the rows whose uid the log lacks, then replay the cards they touch (design decision
    9's order), in one transaction. A row imported from another tool whose source this log has
    already imported is skipped (the same package imported on both devices)."""
    merged = Merged()
    conn = store.conn
    insert = (f"INSERT OR IGNORE INTO reviews ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' for _ in COLUMNS)})")
    with store.atomic():
        for row in rows:
            if row["device"] is None and row["kind"] == "import" and row["source"] and \
                    conn.execute("SELECT 1 FROM reviews WHERE kind = 'import' AND device IS NULL "
                                 "AND source = ? AND card_id = ? AND uid != ?",
                                 [row["source"], row["card_id"], row["uid"]]).fetchone():
                continue
            if conn.execute(insert, [row[name] for name in COLUMNS]).rowcount:
                merged.new += 1
                merged.cards.add(row["card_id"])
            elif conn.execute("SELECT 1 FROM reviews WHERE uid = ?", [row["uid"]]).fetchone() \
                    is None:
                merged.clashes.append(row)
        if merged.cards:
            rebuild_cache(conn, merged.cards)
    return merged


def present(store: Store, uids: list[str]) -> int:
    """How many of `uids` the log holds."""
    count = 0
    for start in range(0, len(uids), 500):
        chunk = uids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        count += store.conn.execute(f"SELECT COUNT(*) FROM reviews WHERE uid IN ({marks})",
                                    chunk).fetchone()[0]
    return count
