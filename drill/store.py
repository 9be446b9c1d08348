"""The progress store: SQLite through sqlite-utils. All of drill's SQL lives in this module.

Tables:
- `cards`: the last known text of every card ever seen (deck files are the truth for content).
- `files`: size and mtime of each deck file at the last sync, so unchanged files are not re-read.
- `reviews`: the append-only review log, the truth about progress (design decision 4). Each row
  names its device and that device's append sequence, the replay order (design decision 9).
- `card_state`: a cache of each card's progress, rebuilt from the log by `rebuild()`; it counts
  each card's log rows, which the start-up check (`repair_drift()`) compares with the log.
- `meta`: small values (this database's device id, the drift check's high-water mark, ...).

Every write runs in `atomic()` (BEGIN IMMEDIATE); a write the database refuses (locked by another
program, read-only, full) raises StoreWriteError with a message naming the cause.
- `card_flags`: suspended and buried cards (user choices, not derived from the log).
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from drill.clock import from_epoch_ms
from drill.progress import CardProgress, LogEntry, advance

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "drill"
# `PRAGMA application_id` of drill's databases ("DRIL"): a file without it is not drill's.
APPLICATION_ID = 0x4452494C
# How long a write waits for another program's lock before giving up with a message.
BUSY_TIMEOUT_MS = 5000
# meta key prefix (+ ISO day): new cards allowed that day beyond the daily limit. Custom study
# can add to it; past days' keys are harmless.
EXTRA_NEW = "extra_new:"
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


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class StoreWriteError(StoreError):
    """A write failed (locked, read-only, disk full...); nothing of it was saved."""


_FAULTS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR",
           "SQLITE_CANTOPEN")


def is_fault(exc: sqlite3.Error) -> bool:
    """A failure of the environment (a lock, permissions, a full disk), not of drill's SQL."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_FAULTS) or any(
        words in str(exc) for words in ("locked", "readonly", "disk is full"))


def describe_error(exc: sqlite3.Error, path: Path | None) -> str:
    """What went wrong with the database, in the user's words, naming the real cause."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    where = f"the database {path}" if path is not None else "the database"
    folder = path.parent if path is not None else None
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return (f"{where} is locked by another program (another drill, or a backup or sync "
                f"tool) and stayed locked for over {BUSY_TIMEOUT_MS / 1000:g} s; close that "
                "program and try again")
    if name == "SQLITE_READONLY_DIRECTORY":
        return (f"the folder {folder} is read-only: drill needs to write beside {where} "
                "(make the folder writable, or use --db with a file in a writable folder)")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        hint = f", e.g. chmod u+w {path}" if path is not None else ""
        return f"{where} is read-only: drill cannot save progress (make it writable{hint})"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return (f"the disk holding {where} is full (or the database reached its size limit); "
                "free some space and try again")
    if name.startswith("SQLITE_IOERR"):
        return f"{where} could not be read or written (input/output error: {text})"
    if name.startswith("SQLITE_CANTOPEN"):
        return f"{where} cannot be opened ({text}); check that its folder exists and is writable"
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text \
            or "not a database" in text:
        return (f"{where} is damaged or not a database ({text}); move it aside and drill starts "
                "a new one (restore your latest backup to keep your progress); your decks are "
                "not affected")
    return f"{where}: {text}"


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
    device = _device_id(db.conn)
    db.execute("""
        UPDATE reviews SET device = :device, seq = numbered.n
        FROM (SELECT rowid AS r, ROW_NUMBER() OVER (ORDER BY rowid) AS n FROM reviews) AS numbered
        WHERE numbered.r = reviews.rowid""", {"device": device})
    db.execute("CREATE UNIQUE INDEX reviews_device_seq ON reviews(device, seq)")
    _rebuild_cache(db.conn)


@migration
def m006_stats_summaries(db: Database) -> None:
    """Summaries for the statistics, kept by triggers as the log grows (drill/store_stats.py)."""
    from drill.store_stats import create_summaries

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


def _device_id(conn: sqlite3.Connection) -> str:
    """This database's device id (made once, kept in `meta`): it names the rows appended here."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()
    if row is not None:
        return row[0]
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


def _rebuild_cache(conn: sqlite3.Connection, card_ids: Iterable[str] | None = None) -> int:
    """Replace the cached progress of `card_ids` (or of every card) by a replay of the log,
    inside the caller's transaction. Returns the number of cards written.

    Reads only what replay needs (a state is decoded only for `import` rows), since this can run
    over the whole log."""
    select = """
        SELECT card_id, uid, kind, time_ms, day, grade, undoes,
               CASE WHEN kind = 'import' THEN state_after END, device, seq
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
                                        json.loads(state) if state else None))
                 for _, uid, kind, time_ms, day, grade, undoes, state, _, _ in ordered]
        results.append([*_progress_to_row(card_id, _fold(steps)).values(), len(rows)])
    conn.executemany(
        f"INSERT INTO card_state (card_id, {', '.join(_STATE_COLUMNS)}, log_rows) "
        f"VALUES (?, {', '.join('?' for _ in _STATE_COLUMNS)}, ?)", results)
    return len(results)


_STATE_COLUMNS = ("scheduler", "state", "due", "interval", "lapses", "reviews", "last_ms",
                  "last_grade", "first_day", "repeat_day")


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


class IndexEntry(NamedTuple):
    path: str
    content_hash: str
    orphaned_ms: int | None
    merged_into: str | None
    edited_ms: int | None


@dataclass(frozen=True)
class StoredCard:
    """A card as the store last saw it in its deck file."""

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
        return LogEntry(self.kind, self.day, self.time_ms, self.grade, self.state_after)


def _fold(steps: list[tuple[str, str | None, LogEntry]]) -> CardProgress:
    """Fold one card's log, as (uid, undoes, entry) in order, into its progress; undo rows and
    the rows they cancel are skipped."""
    cancelled = {undoes for _, undoes, entry in steps if entry.kind == "undo"}
    progress = CardProgress()
    for uid, _, entry in steps:
        if entry.kind != "undo" and uid not in cancelled:
            progress = advance(progress, entry, from_epoch_ms(entry.time_ms))
    return progress


def replay(rows: Iterable[LogRow]) -> CardProgress:
    """Fold one card's log rows, in replay order, into its progress, skipping undone rows."""
    ordered = replay_order(rows, lambda r: r.time_ms, lambda r: r.device, lambda r: r.seq)
    return _fold([(row.uid, row.undoes, row.entry()) for row in ordered])


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full (free some space and try again)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = exc.filename or "the folder"
        return f"no permission to write {where} (it is read-only)"
    return exc.strerror or str(exc)


def _require_writable(path: Path) -> None:
    """Refuse a read-only database (or folder) when opening, before anything is graded."""
    folder = path.parent
    if not os.access(folder, os.W_OK):
        raise StoreError(f"the folder {folder} is read-only: drill needs to write there, beside "
                         f"the database {path.name} (make the folder writable, or use --db with "
                         "a file in a writable folder)")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"the database {path} is read-only: drill cannot save progress there "
                         f"(make it writable, e.g. chmod u+w {path})")


def latest_backup(folder: Path | None) -> Path | None:
    """The newest non-empty backup in `folder`."""
    if folder is None or not folder.is_dir():
        return None
    found = [p for p in folder.glob("drill-*.db") if p.stat().st_size > 0]
    return max(found, key=lambda p: p.stat().st_mtime_ns, default=None)


def _check_file(path: Path, backups: Path | None, notes: list[str]) -> None:
    """Before opening: a read-only file or folder is refused; a 0-byte file is reported."""
    if path.exists() and path.stat().st_size == 0:
        wal = path.with_name(path.name + "-wal")
        if not (wal.exists() and wal.stat().st_size > 0):
            backup = latest_backup(backups)
            if backup is not None:
                raise StoreError(
                    f"the database {path} is empty (0 bytes): its progress is gone. Your latest "
                    f"backup is {backup}: restore it with `cp '{backup}' '{path}'`, or delete "
                    "the empty file to start afresh")
            notes.append(f"the database {path} was empty (0 bytes) and there is no backup to "
                         "restore; drill started a new one there")
    _require_writable(path)


class Store:
    """drill's database. Open with `Store.open(path)` (or `Store.open(None)` for memory)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._db: Database | None = None
        self._device: str | None = None
        self.notes: list[str] = []  # things the user should know about how it was opened

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the same connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction (a savepoint when nested): all of it is committed, or none.

        It starts with `BEGIN IMMEDIATE`, so what is read inside it cannot change before the
        write (another process waits up to BUSY_TIMEOUT_MS). A write that fails because the
        database is locked, read-only or full raises StoreWriteError naming the cause."""
        if self.conn.in_transaction:
            name = f"drill_{uuid.uuid4().hex}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if not is_fault(exc):
                raise
            if self.conn.in_transaction:  # a failed COMMIT leaves the transaction open
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise StoreWriteError(describe_error(exc, self.path)) from exc

    @property
    def device(self) -> str:
        """The device id stamped on rows appended here."""
        if self._device is None:
            self._device = _device_id(self.conn)
        return self._device

    def _rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params if isinstance(params, dict) else list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None, backups: Path | None = None) -> Store:
        """Open (creating if needed) and migrate. Raises StoreError with a readable message.

        A file that is not drill's is refused and left untouched; a read-only one is refused
        before anything is graded; a 0-byte one is reported (with the latest backup, if any).
        """
        target = Path(path) if path is not None else None
        notes: list[str] = []
        conn = None
        try:
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                _check_file(target, backups, notes)
            conn = sqlite3.connect(str(target) if target is not None else ":memory:")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            store = cls(conn, target)
            store.notes = notes
            store._check_identity()
            if target is not None:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                # In WAL mode NORMAL keeps every committed grade through an app crash and keeps
                # the database consistent through a power cut (where only the last moments may
                # be lost); FULL would add an fsync to every grade.
                conn.execute("PRAGMA synchronous = NORMAL")
                # Copying the WAL back into the database (a checkpoint) takes 5-50 ms. SQLite
                # would do it inside a grade every ~100 grades; instead the app calls
                # `checkpoint()` while the user reads a card, and SQLite only steps in past ~40 MB.
                conn.execute("PRAGMA wal_autocheckpoint = 10000")
            store._migrate(backups)
            store.repair_drift()
            return store
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"cannot use {describe_error(exc, target)}") from exc
        except OSError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"cannot open the database {target}: {_os_reason(exc)}") from exc

    def _check_identity(self) -> None:
        """Refuse a database of another program; stamp drill's own (old ones lack the id)."""
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID:
            return
        tables = {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        where = f"{self.path}" if self.path is not None else "the database"
        if app_id != 0:
            raise StoreError(f"{where} belongs to another program (its SQLite application id is "
                             f"{app_id:#x}), not drill; drill left it untouched (use --db with "
                             "drill's database or a new file name)")
        if tables and not ({"cards", "reviews", "card_state"} <= tables
                           and self.applied_migrations()):
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(f"{where} is another program's SQLite database (tables: {shown}), "
                             "not drill's; drill left it untouched (use --db with drill's "
                             "database or a new file name)")
        with self.atomic():  # a new database, or one made by a drill before the id was stamped
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def applied_migrations(self) -> list[str]:
        try:
            rows = self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET]).fetchall()
        except sqlite3.OperationalError:  # no migrations table yet: a new database
            return []
        return [row[0] for row in rows]

    def _migrate(self, backups: Path | None) -> None:
        applied = self.applied_migrations()
        known = [name for name, _ in _MIGRATION_STEPS]
        if set(applied) - set(known):
            raise StoreError(f"the database {self.path} was written by a newer version of drill "
                             "(upgrade drill to use it)")
        if len(applied) == len(known):
            return
        if applied and self.path is not None and backups is not None:
            self.backup(backups, reason="before-upgrade")
        with self.atomic():  # every step, or none
            migrations().apply(self.db)

    def repair_drift(self) -> list[str]:
        """The start-up check that the progress cache still matches the log, cheap enough for
        every start: only cards with log rows appended since the last check (a high-water mark
        of rowids in `meta`) have their log rows counted against the cache's count; a card that
        differs is replayed. Returns the repaired card ids."""
        mark = int(self.meta("checked_rowid") or 0)
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
                _rebuild_cache(self.conn, drifted)
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES "
                              "('checked_rowid', ?)", [str(top)])
        return drifted

    def daily_backup(self, folder: Path, keep: int = 7) -> Path | None:
        """Back up once a day (when drill closes); keep the newest `keep` daily copies. An empty
        file (left by a crash in an older drill) does not count as today's backup."""
        if self.path is None:
            return None
        today = datetime.now().strftime("%Y%m%d")
        existing = sorted(folder.glob("drill-*-daily*.db")) if folder.is_dir() else []
        if any(p.name.startswith(f"drill-{today}-") and p.stat().st_size > 0 for p in existing):
            return None
        made = self.backup(folder, reason="daily")
        for old in sorted(folder.glob("drill-*-daily*.db"))[:-keep]:
            old.unlink()
        return made

    def backup(self, folder: Path, reason: str = "backup") -> Path:
        """A consistent copy of the database in `folder` (SQLite's VACUUM INTO), written under a
        temporary name, checked, then renamed: a crash never leaves a half backup in place."""
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".drill-*.partial"):  # left by a crash during a backup
            stale.unlink()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"drill-{stamp}-{reason}.db"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"drill-{stamp}-{reason}-{counter}.db"
        partial = folder / f".drill-{uuid.uuid4().hex}.partial"
        try:
            self.conn.execute("VACUUM INTO ?", [str(partial)])
            check = sqlite3.connect(str(partial))
            try:
                verdict = check.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                check.close()
            if verdict != "ok":
                raise StoreError(f"the backup {target} failed its check ({verdict}); the "
                                 "database itself is unchanged")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database; call when the user is not waiting."""
        if self.path is not None:
            with contextlib.suppress(sqlite3.Error):  # it is tried again later
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()

    def close(self) -> None:
        self.conn.close()

    # --- cards ------------------------------------------------------------------------------

    def card_index(self) -> dict[str, IndexEntry]:
        """What sync needs to know about every card ever seen, by id."""
        rows = self.conn.execute(
            "SELECT id, path, content_hash, orphaned_ms, merged_into, edited_ms FROM cards")
        return {row[0]: IndexEntry(*row[1:]) for row in rows}

    def upsert_cards(self, rows: list[dict[str, Any]]) -> None:
        """Insert or update card text. Rows carry every `cards` column."""
        if not rows:
            return
        columns = list(rows[0])
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("id", "added_ms"))
        sql = (f"INSERT INTO cards ({', '.join(columns)}) VALUES "
               f"({', '.join('?' for _ in columns)}) ON CONFLICT(id) DO UPDATE SET {updates}")
        self.conn.executemany(sql, [[row[c] for c in columns] for row in rows])

    def mark_orphaned(self, ids: Iterable[str], when_ms: int) -> None:
        self.conn.executemany(
            "UPDATE cards SET orphaned_ms = ? WHERE id = ? AND orphaned_ms IS NULL",
            [(when_ms, card_id) for card_id in ids])

    def card(self, card_id: str) -> StoredCard | None:
        rows = self._rows("SELECT * FROM cards WHERE id = ?", [card_id])
        return StoredCard.from_row(rows[0]) if rows else None

    def cards(self, ids: Iterable[str] | None = None) -> list[StoredCard]:
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

    def imported_from(self, card_id: str, source: str) -> bool:
        """Whether the card's log has an `import` row from `source` (a merge already done)."""
        row = self.conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND kind = 'import' "
                                "AND source = ? LIMIT 1", [card_id, source]).fetchone()
        return row is not None

    def set_merged(self, orphan_id: str, into: str) -> None:
        self.conn.execute("UPDATE cards SET merged_into = ? WHERE id = ?", [into, orphan_id])

    def export_card(self, card_id: str) -> dict[str, Any]:
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

    # --- files ------------------------------------------------------------------------------

    def file_rows(self) -> dict[str, dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT path, origin, size, mtime_ns, card_ids, errors FROM files")
        return {r[0]: {"origin": r[1], "size": r[2], "mtime_ns": r[3],
                       "card_ids": json.loads(r[4]), "errors": r[5]} for r in rows}

    def save_files(self, rows: list[dict[str, Any]]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO files (path, origin, size, mtime_ns, card_ids, errors, "
            "synced_ms) VALUES (:path, :origin, :size, :mtime_ns, :card_ids, :errors, :synced_ms)",
            [{**row, "card_ids": json.dumps(row["card_ids"])} for row in rows])

    def forget_files(self, paths: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in paths])

    # --- the review log and the progress cache ----------------------------------------------

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

    def log(self, card_id: str | None = None) -> list[LogRow]:
        """Log rows in replay order (one card's, or all)."""
        if card_id is None:
            rows = self._rows("SELECT * FROM reviews")
        else:
            rows = self._rows("SELECT * FROM reviews WHERE card_id = ?", [card_id])
        return replay_order([LogRow.from_row(row) for row in rows], lambda r: r.time_ms,
                            lambda r: r.device, lambda r: r.seq)

    def log_row(self, uid: str) -> LogRow | None:
        rows = self._rows("SELECT * FROM reviews WHERE uid = ?", [uid])
        return LogRow.from_row(rows[0]) if rows else None

    def is_undone(self, uid: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reviews WHERE undoes = ? LIMIT 1",
                                   [uid]).fetchone()
        return row is not None

    def append(self, *, card_id: str, kind: str, when_ms: int, day: str, utc_offset: int,
               scheduler: str, before: CardProgress, after: CardProgress,
               grade: int | None = None, duration_ms: int | None = None,
               undoes: str | None = None, source: str | None = None,
               session: str | None = None) -> str:
        """Append one log row and update the card's cache, in one transaction. Returns the uid."""
        uid = uuid.uuid4().hex
        with self.atomic():
            device = self.device
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
        row = _progress_to_row(card_id, progress)
        columns = list(row)
        self.conn.execute(
            f"INSERT OR REPLACE INTO card_state ({', '.join(columns)}, log_rows) "
            f"VALUES ({', '.join('?' for _ in columns)}, "
            "(SELECT COUNT(*) FROM reviews WHERE card_id = ?))",
            [*(row[c] for c in columns), card_id])

    def imported_sources(self, prefix: str) -> set[str]:
        """The `source` keys of `import` rows starting with `prefix` (importing twice adds
        nothing twice)."""
        cursor = self.conn.execute(
            "SELECT source FROM reviews WHERE kind = 'import' AND source >= ? AND source < ?",
            [prefix, prefix + "\U0010ffff"])
        return {row[0] for row in cursor}

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
            _rebuild_cache(self.conn, {row["card_id"] for row in rows})

    def rebuild(self) -> int:
        """Recompute every card's cached progress by replaying the whole log. Returns cards done."""
        with self.atomic():
            return _rebuild_cache(self.conn)

    # --- flags --------------------------------------------------------------------------------

    def flags(self, card_id: str) -> tuple[bool, str | None]:
        row = self.conn.execute(
            "SELECT suspended, buried_day FROM card_flags WHERE card_id = ?", [card_id]).fetchone()
        return (bool(row[0]), row[1]) if row else (False, None)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO card_flags (card_id, suspended) VALUES (?, ?) ON CONFLICT(card_id) "
                "DO UPDATE SET suspended = excluded.suspended", [card_id, int(suspended)])

    def suspended_count(self) -> int:
        row = self.conn.execute("""
            SELECT COUNT(*) FROM card_flags f JOIN cards c ON c.id = f.card_id
            WHERE f.suspended = 1 AND c.orphaned_ms IS NULL""").fetchone()
        return int(row[0])

    def suspended(self) -> list[StoredCard]:
        """Suspended cards that still exist in a deck, in deck order."""
        rows = self._rows("""
            SELECT c.* FROM cards c JOIN card_flags f ON f.card_id = c.id
            WHERE f.suspended = 1 AND c.orphaned_ms IS NULL ORDER BY c.deck, c.path, c.line""")
        return [StoredCard.from_row(row) for row in rows]

    def set_buried(self, card_id: str, day: str | None) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO card_flags (card_id, buried_day) VALUES (?, ?) ON CONFLICT(card_id) "
                "DO UPDATE SET buried_day = excluded.buried_day", [card_id, day])

    # --- preferences kept with progress ------------------------------------------------------

    def disabled_decks(self) -> set[str]:
        rows = self.conn.execute("SELECT deck FROM deck_prefs WHERE enabled = 0")
        return {row[0] for row in rows}

    def set_deck_enabled(self, deck: str, enabled: bool) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO deck_prefs (deck, enabled) VALUES (?, ?) ON CONFLICT(deck) "
                "DO UPDATE SET enabled = excluded.enabled", [deck, int(enabled)])

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                              [key, value])

    def decks(self) -> dict[str, int]:
        """Deck title -> number of cards (orphans excluded)."""
        rows = self.conn.execute(
            "SELECT deck, COUNT(*) FROM cards WHERE orphaned_ms IS NULL GROUP BY deck ORDER BY deck")
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

    def due_count_on(self, day: str) -> int:
        """Learned cards falling due on exactly `day` (not orphaned or suspended)."""
        row = self.conn.execute("""
            SELECT COUNT(*) FROM card_state s JOIN cards c ON c.id = s.card_id
            LEFT JOIN card_flags f ON f.card_id = s.card_id
            WHERE s.due = ? AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0""",
            [day]).fetchone()
        return int(row[0])

    def next_due_after(self, day: str) -> str | None:
        """The first day after `day` on which some reviewable card falls due."""
        row = self.conn.execute("""
            SELECT MIN(s.due) FROM card_state s JOIN cards c ON c.id = s.card_id
            LEFT JOIN card_flags f ON f.card_id = s.card_id
            WHERE s.due > ? AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0""",
            [day]).fetchone()
        return row[0]

    def due_between(self, first: str, last: str, limit: int = 50) -> list[str]:
        """Learned cards due from `first` to `last` (for reviewing ahead), soonest first."""
        rows = self.conn.execute("""
            SELECT s.card_id FROM card_state s JOIN cards c ON c.id = s.card_id
            LEFT JOIN card_flags f ON f.card_id = s.card_id
            LEFT JOIN deck_prefs d ON d.deck = c.deck
            WHERE s.due BETWEEN ? AND ? AND c.orphaned_ms IS NULL
              AND COALESCE(f.suspended, 0) = 0 AND COALESCE(d.enabled, 1) = 1
            ORDER BY s.due, c.path, c.line LIMIT ?""", [first, last, limit])
        return [row[0] for row in rows]

    # --- mock interview rounds ----------------------------------------------------------------

    def mock_create(self, round_row: dict[str, Any], answers: list[dict[str, Any]]) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO mock_rounds (id, format, title, seed, started_ms, status) "
                "VALUES (:id, :format, :title, :seed, :started_ms, 'active')", round_row)
            self.conn.executemany(
                "INSERT INTO mock_answers (round_id, position, card_id, limit_s, rubric) "
                "VALUES (:round_id, :position, :card_id, :limit_s, :rubric)", answers)

    def mock_round(self, round_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM mock_rounds WHERE id = ?", [round_id])
        return rows[0] if rows else None

    def mock_answers(self, round_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM mock_answers WHERE round_id = ? ORDER BY position",
                          [round_id])

    def mock_active(self) -> str | None:
        row = self.conn.execute("SELECT id FROM mock_rounds WHERE status = 'active' "
                                "ORDER BY started_ms DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def mock_rounds(self, limit: int = 50) -> list[dict[str, Any]]:
        """Past rounds, newest first, with their mean score."""
        return self._rows("""
            SELECT r.*, AVG(a.score) AS mean_score, COUNT(a.score) AS scored,
                   COUNT(a.position) AS questions
            FROM mock_rounds r LEFT JOIN mock_answers a ON a.round_id = r.id
            GROUP BY r.id ORDER BY r.started_ms DESC LIMIT ?""", [limit])

    def mock_update_answer(self, round_id: str, position: int, **values: Any) -> None:
        columns = ", ".join(f"{key} = :{key}" for key in values)
        with self.atomic():
            self.conn.execute(
                f"UPDATE mock_answers SET {columns} WHERE round_id = :round_id "
                "AND position = :position", {**values, "round_id": round_id, "position": position})

    def mock_update_round(self, round_id: str, **values: Any) -> None:
        columns = ", ".join(f"{key} = :{key}" for key in values)
        with self.atomic():
            self.conn.execute(f"UPDATE mock_rounds SET {columns} WHERE id = :id",
                              {**values, "id": round_id})

    def mock_candidates(self, deck: str | None = None, tag: str | None = None) -> list[dict]:
        """Cards a mock round may ask (not orphaned or suspended), with what weighting needs."""
        # Recall cards (`of`) are drills for a reference, not interview questions.
        where = ["c.orphaned_ms IS NULL", "COALESCE(f.suspended, 0) = 0", "c.of_id IS NULL"]
        params: list[str] = []
        if deck is not None:
            where.append("c.deck = ? COLLATE NOCASE")
            params.append(deck)
        if tag is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ?)")
            params.append(tag)
        rows = self._rows(f"""
            SELECT c.id, c.deck, c.kind, c.tags, c.roles, s.due, s.lapses,
                   json_extract(s.state, '$.ef100') AS ef100,
                   COALESCE(p.enabled, 1) AS enabled
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            LEFT JOIN deck_prefs p ON p.deck = c.deck
            WHERE {' AND '.join(where)} ORDER BY c.id""", params)
        for row in rows:
            row["tags"] = tuple(json.loads(row["tags"]))
            row["roles"] = tuple(json.loads(row["roles"]))
        return rows

    def mock_scores(self) -> dict[str, list[int]]:
        """Every mock score given per card (for choosing weak cards)."""
        scores: dict[str, list[int]] = {}
        for card_id, score in self.conn.execute(
                "SELECT card_id, score FROM mock_answers WHERE score IS NOT NULL"):
            scores.setdefault(card_id, []).append(score)
        return scores

    # --- roadmap progress ----------------------------------------------------------------------

    def roadmap_done(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT item_id FROM roadmap_progress WHERE done = 1")}

    def set_roadmap_item(self, item_id: str, done: bool, when_ms: int) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO roadmap_progress (item_id, done, changed_ms) "
                "VALUES (?, ?, ?)", [item_id, int(done), when_ms])

    def target_role(self) -> str | None:
        return self.meta("target_role") or None

    def set_target_role(self, role: str | None) -> None:
        self.set_meta("target_role", role or "")

    # --- the card browser -----------------------------------------------------------------------

    def browse_rows(self) -> list[dict[str, Any]]:
        """Every card the store knows (orphans too) with its progress and flags, in file order."""
        rows = self._rows("""
            SELECT c.id, c.deck, c.prompt, c.answer, c.kind, c.difficulty, c.tags, c.origin,
                   c.path, c.line, c.orphaned_ms, c.merged_into, s.due, s.interval, s.lapses,
                   s.reviews, json_extract(s.state, '$.ef100') AS ef100,
                   COALESCE(f.suspended, 0) AS suspended, f.buried_day
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE c.merged_into IS NULL
            ORDER BY c.deck, c.path, c.line""")
        for row in rows:
            row["tags"] = tuple(json.loads(row["tags"]))
        return rows

    # --- what the queue needs -----------------------------------------------------------------

    def queue_rows(self, today: str, deck: str | None = None, tag: str | None = None,
                   kind: str | None = None) -> list[sqlite3.Row]:
        """Every reviewable card (not orphaned, suspended or buried today) with its progress."""
        where = ["c.orphaned_ms IS NULL",
                 "COALESCE(f.suspended, 0) = 0",
                 "(f.buried_day IS NULL OR f.buried_day <> :today)"]
        params: dict[str, Any] = {"today": today}
        if deck is not None:
            where.append("c.deck = :deck COLLATE NOCASE")
            params["deck"] = deck
        else:  # decks turned off on the home screen are left out unless asked for by name
            where.append("NOT EXISTS (SELECT 1 FROM deck_prefs p WHERE p.deck = c.deck "
                         "AND p.enabled = 0)")
        if tag is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = :tag)")
            params["tag"] = tag
        if kind is not None:
            where.append("c.kind = :kind")
            params["kind"] = kind
        cursor = self.conn.execute(f"""
            SELECT c.id, c.deck, c.path, c.line, c.roles, s.due, s.state IS NULL AS is_new,
                   s.repeat_day, s.last_ms, s.lapses, c.of_id
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE {' AND '.join(where)}""", params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def extra_new_on(self, day: str) -> int:
        """New cards allowed on `day` beyond the daily limit (the user asked for them)."""
        value = self.meta(f"{EXTRA_NEW}{day}")
        return int(value) if value and value.isdigit() else 0

    def allow_extra_new(self, day: str, count: int) -> None:
        """Allow `count` more new cards on `day`, on top of what was allowed already."""
        self.set_meta(f"{EXTRA_NEW}{day}", str(self.extra_new_on(day) + max(0, count)))

    def introduced_on(self, day: str) -> int:
        """How many cards stopped being new on `day` (undone introductions do not count)."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM card_state WHERE first_day = ?", [day]).fetchone()
        return int(row[0])

    def scheduled_reviews_on(self, day: str) -> int:
        """Scheduled reviews of already-learned cards logged on `day`, minus undone ones."""
        row = self.conn.execute("""
            SELECT COUNT(*) FROM reviews r
            WHERE r.day = ? AND r.kind = 'review' AND json_extract(r.state_before, '$.state') IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid)""", [day]).fetchone()
        return int(row[0])
