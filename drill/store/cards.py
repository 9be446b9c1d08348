"""Cards and deck files as the store last saw them (deck files are the truth for content,
design decision 1).

Tables:
- `cards`: the last known text of every card ever seen, its file and line, a content hash (to
  tell an edit), when it was orphaned (gone from its file, history kept) or merged into another
  card, and its links (`replaces`, `of_id`).
- `files`: size and mtime of each deck file at the last sync, so unchanged files are not re-read.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import chain, groupby
from operator import itemgetter
from typing import Any, NamedTuple

from drill.store.base import Concern


class IndexEntry(NamedTuple):
    path: str
    content_hash: str
    orphaned_ms: int | None
    merged_into: str | None
    edited_ms: int | None


class StoredCard(NamedTuple):
    """A card as the store last saw it in its deck file. (The records on `drill due`'s path are
    NamedTuples, not dataclasses: importing dataclasses and making one costs that command's
    start some 12 ms and 0.5 ms.)"""

    id: str
    deck: str
    prompt: str
    answer: str
    kind: str
    difficulty: str
    tags: tuple[str, ...]
    roles: tuple[str, ...]
    path: str
    line: int
    origin: str
    content_hash: str
    added_ms: int
    edited_ms: int | None
    orphaned_ms: int | None
    merged_into: str | None
    replaces: tuple[str, ...] = ()
    of_id: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredCard:
        values = dict(row)
        values["tags"] = tuple(json.loads(values["tags"]))
        values["roles"] = tuple(json.loads(values["roles"]))
        values["replaces"] = tuple(json.loads(values.get("replaces") or "[]"))
        return cls(**values)

    @property
    def is_orphan(self) -> bool:
        return self.orphaned_ms is not None and self.merged_into is None


# The columns of `cards` whose values `Cards.upsert_values` takes, in its order (the others,
# orphaned_ms and merged_into, it sets to NULL: a card in a deck file is neither).
CARD_COLUMNS = ("id", "deck", "prompt", "answer", "kind", "difficulty", "tags", "roles", "path",
                "line", "origin", "content_hash", "added_ms", "edited_ms", "replaces", "of_id")


def _upsert_sql(columns, nulls=(), count: int = 1) -> str:
    """Insert or update `count` rows with `columns` given and the `nulls` columns set to NULL."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*columns, *nulls)
                        if c not in ("id", "added_ms"))
    values = ", ".join(["?"] * len(columns) + ["NULL"] * len(nulls))
    return (f"INSERT INTO cards ({', '.join((*columns, *nulls))}) VALUES "
            f"{', '.join([f'({values})'] * count)} ON CONFLICT(id) DO UPDATE SET {updates}")


_EDITED, _OF = CARD_COLUMNS.index("edited_ms"), CARD_COLUMNS.index("of_id")  # may be None
# Rows written by one statement: each statement's own work (its cursors on the table and its
# indexes, its start and end) is a fifth of an insert done row by row. 60 rows of at most 16
# values stay under the 999 values a statement takes in SQLite before 3.32.
ROWS_PER_STATEMENT = 60


def _nones(row: tuple[Any, ...]) -> tuple[bool, bool]:
    """Which of a row's edited_ms and of_id are None."""
    return row[_EDITED] is None, row[_OF] is None


@cache
def _upsert_nulls(nones: tuple[bool, bool]) -> tuple[list[str], list[str],
                                                      Callable[[tuple], tuple]]:
    """The columns bound and the columns NULL for rows whose edited_ms and of_id are None as
    `nones` says, and what picks the bound values out of such a row."""
    nulls = [name for name, none in zip(("edited_ms", "of_id"), nones, strict=True) if none]
    kept = [index for index, name in enumerate(CARD_COLUMNS) if name not in nulls]
    columns = [CARD_COLUMNS[index] for index in kept]
    return columns, [*nulls, "orphaned_ms", "merged_into"], itemgetter(*kept)


@cache
def _upsert_rows_sql(nones: tuple[bool, bool], count: int) -> str:
    columns, nulls, _ = _upsert_nulls(nones)
    return _upsert_sql(columns, nulls, count)


class Cards(Concern):
    """`store.cards`: the cards' last known text, orphans and merges, and the decks they form."""

    def index(self) -> dict[str, IndexEntry]:
        """What sync needs to know about every card ever seen, by id."""
        rows = self.conn.execute(
            "SELECT id, path, content_hash, orphaned_ms, merged_into, edited_ms FROM cards")
        return {row[0]: IndexEntry(*row[1:]) for row in rows}

    def upsert(self, rows: list[dict[str, Any]]) -> None:
        """Insert or update card text. Rows carry every `cards` column."""
        if not rows:
            return
        columns = list(rows[0])
        self.conn.executemany(_upsert_sql(columns), [[row[c] for c in columns] for row in rows])

    def upsert_values(self, rows: list[tuple[Any, ...]]) -> None:
        """`upsert` of cards in deck files, each row a tuple of the values of `CARD_COLUMNS` in
        order (a cold sync writes every card: no dict per row, no value that is always NULL).

        The rows are written in their order, ROWS_PER_STATEMENT at a time, each run of rows with
        the same None values by statements that write those as NULL: sqlite3 looks for an
        adapter for every None it binds (two AttributeErrors each), and edited_ms and of_id are
        None in most rows."""
        for nones, run in groupby(rows, key=_nones):
            pick = _upsert_nulls(nones)[2]
            values = list(map(pick, run))
            for start in range(0, len(values), ROWS_PER_STATEMENT):
                chunk = values[start:start + ROWS_PER_STATEMENT]
                self.conn.execute(_upsert_rows_sql(nones, len(chunk)),
                                  list(chain.from_iterable(chunk)))

    @contextlib.contextmanager
    def room_for(self, rows: int) -> Iterator[None]:
        """A page cache that holds a write of `rows` cards whole (1 KiB a card, up to 64 MiB),
        then the cache as it was. With SQLite's 2 MiB, a cold sync of 100,000 cards wrote
        pages out to the WAL while it inserted, and wrote some of them again (a fifth of the
        insert's time). What is committed, and how, is the same."""
        kib = min(rows, 65536)
        before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        if before < 0 and kib <= -before:  # (negative: KiB; positive: pages, not drill's)
            yield
            return
        self.conn.execute(f"PRAGMA cache_size = {-kib}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    def mark_orphaned(self, ids: Iterable[str], when_ms: int) -> None:
        self.conn.executemany(
            "UPDATE cards SET orphaned_ms = ? WHERE id = ? AND orphaned_ms IS NULL",
            [(when_ms, card_id) for card_id in ids])

    def get(self, card_id: str) -> StoredCard | None:
        rows = self._rows("SELECT * FROM cards WHERE id = ?", [card_id])
        return StoredCard.from_row(rows[0]) if rows else None

    def list(self, ids: Iterable[str] | None = None) -> list[StoredCard]:
        if ids is None:
            rows = self._rows("SELECT * FROM cards ORDER BY path, line")
            return [StoredCard.from_row(row) for row in rows]
        wanted = list(ids)
        found: dict[str, StoredCard] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._rows(f"SELECT * FROM cards WHERE id IN ({marks})", chunk):
                found[row["id"]] = StoredCard.from_row(row)
        return [found[i] for i in wanted if i in found]

    def orphans(self) -> list[tuple[StoredCard, int]]:
        """Orphaned cards (gone from their files, history kept), with their review counts."""
        rows = self._rows("""
            SELECT cards.*, COALESCE(card_state.reviews, 0) AS review_count FROM cards
            LEFT JOIN card_state ON card_state.card_id = cards.id
            WHERE orphaned_ms IS NOT NULL AND merged_into IS NULL
            ORDER BY orphaned_ms, path, line""")
        out = []
        for row in rows:
            count = row.pop("review_count")
            out.append((StoredCard.from_row(row), count))
        return out

    def siblings(self, card_id: str) -> list[str]:
        """The cards linked to this one by `of` (its reference, recall cards of it, and other
        recall cards of the same reference), orphans left out."""
        row = self.conn.execute("SELECT of_id FROM cards WHERE id = ?", [card_id]).fetchone()
        reference = row[0] if row else None
        rows = self.conn.execute(
            "SELECT id FROM cards WHERE id != :id AND orphaned_ms IS NULL AND "
            "(of_id = :id OR id = :ref OR (:ref IS NOT NULL AND of_id = :ref)) ORDER BY path, line",
            {"id": card_id, "ref": reference})
        return [r[0] for r in rows]

    def merges(self) -> list[tuple[str, str]]:
        """(kept card, absorbed id) for every `replaces` of a card in the decks."""
        rows = self.conn.execute("SELECT id, replaces FROM cards WHERE replaces != '[]' "
                                 "AND orphaned_ms IS NULL ORDER BY path, line")
        return [(row[0], old) for row in rows for old in json.loads(row[1])]

    def set_merged(self, orphan_id: str, into: str) -> None:
        self.conn.execute("UPDATE cards SET merged_into = ? WHERE id = ?", [into, orphan_id])

    def export(self, card_id: str) -> dict[str, Any]:
        """A card's stored text and whole log, as plain data (what a purge would delete)."""
        card = self._rows("SELECT * FROM cards WHERE id = ?", [card_id])
        log = self._rows("SELECT * FROM reviews WHERE card_id = ? ORDER BY time_ms", [card_id])
        return {"card": card[0] if card else None, "reviews": log}

    def purge(self, card_id: str) -> None:
        """Delete a card, its cache and its log rows (export_card first: nothing goes silently)."""
        with self.atomic():
            self.conn.execute("DELETE FROM reviews WHERE card_id = ?", [card_id])
            self.conn.execute("DELETE FROM card_state WHERE card_id = ?", [card_id])
            self.conn.execute("DELETE FROM card_flags WHERE card_id = ?", [card_id])
            self.conn.execute("DELETE FROM cards WHERE id = ?", [card_id])

    def decks(self) -> dict[str, int]:
        """Deck title -> number of cards (orphans excluded). Every card is counted from an index
        that leads with the deck (cards_combo) and the few orphans taken off (signed counts):
        filtering on orphaned_ms read every card's row."""
        rows = self.conn.execute("""
            SELECT deck, SUM(n) FROM (
                SELECT deck, COUNT(*) AS n FROM cards GROUP BY deck
                UNION ALL SELECT deck, -COUNT(*) FROM cards INDEXED BY cards_orphaned
                    WHERE orphaned_ms IS NOT NULL GROUP BY deck)
            GROUP BY deck HAVING SUM(n) > 0 ORDER BY deck""")
        return {row[0]: row[1] for row in rows}

    def deck_prompts(self, deck: str) -> dict[str, str]:
        """id -> prompt of a deck's cards (title matched regardless of case; no orphans)."""
        rows = self.conn.execute("SELECT id, prompt FROM cards WHERE deck = ? COLLATE NOCASE "
                                 "AND orphaned_ms IS NULL", [deck])
        return {row[0]: row[1] for row in rows}

    def deck_is_bundled(self, deck: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM cards WHERE deck = ? COLLATE NOCASE AND "
                                "origin = 'bundled' LIMIT 1", [deck]).fetchone()
        return row is not None

    def deck_kind(self, deck: str) -> str | None:
        """The kind most of a deck's cards have."""
        row = self.conn.execute("SELECT kind FROM cards WHERE deck = ? COLLATE NOCASE AND "
                                "orphaned_ms IS NULL GROUP BY kind ORDER BY COUNT(*) DESC "
                                "LIMIT 1", [deck]).fetchone()
        return row[0] if row else None

    def tags(self) -> list[str]:
        rows = self.conn.execute("""
            SELECT DISTINCT json_each.value FROM cards, json_each(cards.tags)
            WHERE cards.orphaned_ms IS NULL ORDER BY 1""")
        return [row[0] for row in rows]


class DeckFiles(Concern):
    """`store.files`: each deck file's size and mtime at the last sync, and the cards it held."""

    def rows(self, decode: bool = True) -> dict[str, dict[str, Any]]:
        """Each file's row by path; `decode=False` leaves the card ids as their JSON text (a
        warm sync that finds nothing changed never needs them)."""
        rows = self.conn.execute(
            "SELECT path, origin, size, mtime_ns, card_ids, errors FROM files")
        return {r[0]: {"origin": r[1], "size": r[2], "mtime_ns": r[3],
                       "card_ids": json.loads(r[4]) if decode else r[4], "errors": r[5]}
                for r in rows}

    def save(self, rows: list[dict[str, Any]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO files (path, origin, size, mtime_ns, card_ids, errors, "
            "synced_ms) VALUES (:path, :origin, :size, :mtime_ns, :card_ids, :errors, :synced_ms)",
            [{**row, "card_ids": json.dumps(row["card_ids"])} for row in rows])

    def forget(self, paths: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])
