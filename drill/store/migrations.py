"""drill's schema: every migration, in order, and applying the pending ones.

The schema is never changed in place: a change is a new `mNNN_...` step at the end (sqlite-utils'
`Migrations` records the applied ones by name in `_sqlite_migrations`). Each concern's module notes
the tables it owns; this module is the one place that creates or alters them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from drill.store.errors import StoreError
from drill.store.log import device_id
from drill.store.stats import create_summaries

if TYPE_CHECKING:
    from pathlib import Path

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from drill.store.db import Store

MIGRATION_SET = "drill"
# Migrations in order: (name, function). Applied with sqlite-utils' `Migrations`, which is imported
# only when one is pending: importing sqlite-utils costs ~35 ms, a quarter of `drill due`.
_MIGRATION_STEPS: list[tuple[str, Callable[[Database], None]]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    _MIGRATION_STEPS.append((fn.__name__, fn))
    return fn


def migrations() -> Migrations:
    """The sqlite-utils migration set for drill's schema."""
    from sqlite_utils.migrations import Migrations

    found = Migrations(MIGRATION_SET)
    for name, fn in _MIGRATION_STEPS:
        found(name=name)(fn)
    return found


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of the steps applied to this database, in order."""
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET]).fetchall()
    except sqlite3.OperationalError:  # no migrations table yet: a new database
        return []
    return [row[0] for row in rows]


def migrate(store: Store, backups: Path | None) -> None:
    """Apply the pending steps, all or none, after backing up a database that had some. A
    database written by a newer drill (steps unknown here) is refused."""
    applied = applied_migrations(store.conn)
    known = [name for name, _ in _MIGRATION_STEPS]
    if set(applied) - set(known):
        raise StoreError(f"the database {store.path} was written by a newer version of drill "
                         "(upgrade drill to use it)")
    if len(applied) == len(known):
        return
    if applied and store.path is not None and backups is not None:
        store.backup(backups, reason="before-upgrade")
    with store.atomic():  # every step, or none
        migrations().apply(store.db)


@migration
def m001_initial(db: Database) -> None:
    db.execute("""
        CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            deck TEXT NOT NULL,
            prompt TEXT NOT NULL,
            answer TEXT NOT NULL,
            kind TEXT NOT NULL,
            difficulty TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '[]',
            path TEXT NOT NULL,
            line INTEGER NOT NULL,
            origin TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            added_ms INTEGER NOT NULL,
            edited_ms INTEGER,
            orphaned_ms INTEGER,
            merged_into TEXT
        )""")
    db.execute("CREATE INDEX cards_deck ON cards(deck)")
    db.execute("""
        CREATE TABLE files (
            path TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            card_ids TEXT NOT NULL DEFAULT '[]',
            errors INTEGER NOT NULL DEFAULT 0,
            synced_ms INTEGER NOT NULL
        )""")
    db.execute("""
        CREATE TABLE reviews (
            uid TEXT PRIMARY KEY,
            card_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('review', 'repeat', 'practice', 'import', 'undo')),
            time_ms INTEGER NOT NULL,
            day TEXT NOT NULL,
            utc_offset INTEGER NOT NULL,
            grade INTEGER CHECK (grade BETWEEN 0 AND 5),
            duration_ms INTEGER,
            scheduler TEXT NOT NULL,
            state_before TEXT,
            state_after TEXT,
            undoes TEXT,
            source TEXT,
            session TEXT
        )""")
    db.execute("CREATE INDEX reviews_card ON reviews(card_id, time_ms)")
    db.execute("CREATE INDEX reviews_day ON reviews(day)")
    db.execute("CREATE INDEX reviews_undoes ON reviews(undoes) WHERE undoes IS NOT NULL")
    db.execute("""
        CREATE TABLE card_state (
            card_id TEXT PRIMARY KEY,
            scheduler TEXT NOT NULL,
            state TEXT,
            due TEXT,
            interval INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            reviews INTEGER NOT NULL DEFAULT 0,
            last_ms INTEGER,
            last_grade INTEGER,
            first_day TEXT,
            repeat_day TEXT
        )""")
    db.execute("CREATE INDEX card_state_due ON card_state(due)")
    db.execute("""
        CREATE TABLE card_flags (
            card_id TEXT PRIMARY KEY,
            suspended INTEGER NOT NULL DEFAULT 0,
            buried_day TEXT
        )""")


@migration
def m002_preferences(db: Database) -> None:
    db.execute("""
        CREATE TABLE deck_prefs (
            deck TEXT PRIMARY KEY COLLATE NOCASE,
            enabled INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")


@migration
def m003_mock_rounds(db: Database) -> None:
    db.execute("""
        CREATE TABLE mock_rounds (
            id TEXT PRIMARY KEY,
            format TEXT NOT NULL,
            title TEXT NOT NULL,
            seed INTEGER NOT NULL,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER,
            status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
            position INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE mock_answers (
            round_id TEXT NOT NULL REFERENCES mock_rounds(id),
            position INTEGER NOT NULL,
            card_id TEXT NOT NULL,
            limit_s INTEGER NOT NULL,
            elapsed_ms INTEGER NOT NULL DEFAULT 0,
            phase TEXT NOT NULL DEFAULT 'answer',
            notes TEXT NOT NULL DEFAULT '',
            rubric TEXT NOT NULL DEFAULT '[]',
            ticked TEXT NOT NULL DEFAULT '[]',
            score INTEGER,
            skipped INTEGER NOT NULL DEFAULT 0,
            due_before TEXT,
            due_after TEXT,
            log_uid TEXT,
            PRIMARY KEY (round_id, position)
        )""")


@migration
def m004_roadmap_progress(db: Database) -> None:
    db.execute("""
        CREATE TABLE roadmap_progress (
            item_id TEXT PRIMARY KEY,
            done INTEGER NOT NULL,
            changed_ms INTEGER NOT NULL
        )""")


@migration
def m005_replay_order(db: Database) -> None:
    """Replay order (design decision 9): each row carries its device and that device's append
    sequence; rows logged so far were appended here, in rowid order. The cache counts each
    card's log rows (the start-up drift check compares them) and is rebuilt in the new order."""
    db.execute("ALTER TABLE reviews ADD COLUMN device TEXT")
    db.execute("ALTER TABLE reviews ADD COLUMN seq INTEGER")
    db.execute("ALTER TABLE card_state ADD COLUMN log_rows INTEGER NOT NULL DEFAULT 0")
    device = device_id(db.conn)
    db.execute("""
        UPDATE reviews SET device = :device, seq = numbered.n
        FROM (SELECT rowid AS r, ROW_NUMBER() OVER (ORDER BY rowid) AS n FROM reviews) AS numbered
        WHERE numbered.r = reviews.rowid""", {"device": device})
    db.execute("CREATE UNIQUE INDEX reviews_device_seq ON reviews(device, seq)")
    from drill.store.replaying import rebuild_cache  # only here: it loads drill.progress

    rebuild_cache(db.conn)


@migration
def m006_stats_summaries(db: Database) -> None:
    """Summaries for the statistics, kept by triggers as the log grows (drill/store/stats.py)."""
    create_summaries(db.conn)


@migration
def m007_card_links(db: Database) -> None:
    """A card's links from its metadata (decks/README.md): `replaces` (ids merged into it, as a
    JSON list) and `of` (its reference, for a recall card). The file cache is cleared so the next
    sync reads every deck again and fills them in."""
    db.execute("ALTER TABLE cards ADD COLUMN replaces TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE cards ADD COLUMN of_id TEXT")
    db.execute("CREATE INDEX cards_of ON cards(of_id) WHERE of_id IS NOT NULL")
    db.execute("DELETE FROM files")


@migration
def m008_scale_indexes(db: Database) -> None:
    """Indexes for a large collection (issue 26): a covering index of what a rebuild replays, in
    each card's sequence order (the whole-log rebuild reads it alone, not the log's rows with
    their states: drill/store/log.py), and the cards introduced on a day (the queue's new-card
    allowance)."""
    db.execute("CREATE INDEX reviews_replay ON reviews(card_id, seq, device, kind, day, grade, "
               "time_ms, scheduler)")
    db.execute("CREATE INDEX card_state_first_day ON card_state(first_day) "
               "WHERE first_day IS NOT NULL")


@migration
def m009_queue_indexes(db: Database) -> None:
    """Indexes for today's queue on a large collection (issue 26): learned cards by due day with
    what the queue orders them by (most at risk first is chosen from this index alone), and the
    few cards with no progress left (after an undo) or orphaned (left out by their ids)."""
    db.execute("CREATE INDEX card_state_queue ON card_state(due, interval, repeat_day, lapses, "
               "card_id) WHERE state IS NOT NULL")
    db.execute("CREATE INDEX card_state_unlearned ON card_state(card_id) WHERE state IS NULL")
    db.execute("CREATE INDEX cards_orphaned ON cards(id) WHERE orphaned_ms IS NOT NULL")


@migration
def m010_stats_indexes(db: Database) -> None:
    """Indexes for the statistics on a large collection (issue 26): learned cards by their
    easiness bucket (the very expression drill/store/stats.py groups by) and interval, so the
    easiness and interval distributions are counted from this index alone, without decoding
    100,000 states' JSON; and the cards by deck, kind and tags (replacing m006's cards_stats,
    by deck and id), so retention per deck, kind and tag is summed in that order without sorting
    the range's recalls (drill/stats.py)."""
    db.execute("CREATE INDEX card_state_ease ON card_state("
               "CAST(json_extract(state, '$.ef100') AS INTEGER) / 10 * 10, interval, card_id) "
               "WHERE state IS NOT NULL")
    db.execute("DROP INDEX cards_stats")
    db.execute("CREATE INDEX cards_combo ON cards(deck, kind, tags, id, orphaned_ms)")


@migration
def m011_repeat_index(db: Database) -> None:
    """The cards to repeat today (answered wrong today), found by their day rather than by
    reading every card's progress (issue 26)."""
    db.execute("CREATE INDEX card_state_repeat ON card_state(repeat_day) "
               "WHERE repeat_day IS NOT NULL")


@migration
def m012_drop_cards_deck(db: Database) -> None:
    """Drop m001's index of the cards by deck (issue 26): cards_combo (m010) leads with the deck,
    so every query that used it seeks or scans cards_combo instead, in the same order, and a
    sync no longer maintains a second index of every card (a tenth of a cold sync's insert)."""
    db.execute("DROP INDEX IF EXISTS cards_deck")
