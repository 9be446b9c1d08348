"""The store: one SQLite connection (through sqlite-utils for migrations), its transactions, and
one object per concern, each owning its SQL and its tables:

    store.cards    cards and deck files' text          drill/store/cards.py   (and store.files)
    store.log      the review log, card state           drill/store/log.py (replay: replaying.py)
    store.flags    suspended and buried cards           drill/store/flags.py
    store.prefs    decks turned off, extra new cards    drill/store/prefs.py   (and store.meta)
    store.mock     mock rounds                          drill/store/mock.py
    store.roadmap  roadmap progress, target role        drill/store/roadmap.py
    store.queue    the queue's and browser's queries    drill/store/queue.py   (and store.browser)
    store.stats    the statistics' aggregates           drill/store/stats.py

Opening (drill/store/opening.py), migrations (migrations.py) and backups (backups.py) work on the
store as a whole. Every write runs in `atomic()` (BEGIN IMMEDIATE); a write the database refuses
(locked by another program, read-only, full) raises StoreWriteError with a message naming the cause.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from drill.store.backups import backup as make_backup
from drill.store.backups import daily_backup as make_daily_backup
from drill.store.cards import Cards, DeckFiles
from drill.store.errors import StoreWriteError, describe_error, is_fault
from drill.store.flags import Flags
from drill.store.log import ReviewLog, device_id
from drill.store.migrations import applied_migrations
from drill.store.mock import MockRounds
from drill.store.opening import open_store
from drill.store.prefs import Meta, Prefs
from drill.store.queue import BrowserQueries, QueueQueries
from drill.store.roadmap import RoadmapProgress
from drill.store.stats import Stats

if TYPE_CHECKING:
    from sqlite_utils import Database


class Store:
    """drill's database. Open with `Store.open(path)` (or `Store.open(None)` for memory)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._db: Database | None = None
        self._device: str | None = None
        self.notes: list[str] = []  # things the user should know about how it was opened
        # Called after each committed write transaction (the shared folder's export).
        self.after_commit: list[Callable[[], None]] = []
        self.cards = Cards(self)
        self.files = DeckFiles(self)
        self.log = ReviewLog(self)
        self.flags = Flags(self)
        self.prefs = Prefs(self)
        self.meta = Meta(self)
        self.mock = MockRounds(self)
        self.roadmap = RoadmapProgress(self)
        self.queue = QueueQueries(self)
        self.browser = BrowserQueries(self)
        self.stats = Stats(self)

    @classmethod
    def open(cls, path: Path | str | None, backups: Path | None = None) -> Store:
        """Open (creating if needed) and migrate. Raises StoreError with a readable message.

        A file that is not drill's is refused and left untouched; a read-only one is refused
        before anything is graded; a 0-byte one is reported (with the latest backup, if any).
        """
        return open_store(cls, path, backups)

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
            import uuid  # only here: its import costs every command ~2 ms

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
        for hook in self.after_commit:
            hook()

    @property
    def device(self) -> str:
        """The device id stamped on rows appended here."""
        if self._device is None:
            self._device = device_id(self.conn)
        return self._device

    def applied_migrations(self) -> list[str]:
        return applied_migrations(self.conn)

    def backup(self, folder: Path, reason: str = "backup") -> Path:
        """A consistent, checked copy of the database in `folder` (see drill/store/backups.py)."""
        return make_backup(self, folder, reason)

    def daily_backup(self, folder: Path, keep: int = 7) -> Path | None:
        """Back up once a day, keeping the newest `keep` daily copies."""
        return make_daily_backup(self, folder, keep)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database; call when the user is not waiting.

        When every frame went back, the next write starts the log over, and SQLite syncs the
        header of a log started over to disk (~0.2 ms here, more on a slow disk): a one-row
        write (meta's count of checkpoints) starts it over now, so the user's next grade does
        not wait for that sync."""
        if self.path is None or self.conn.in_transaction:
            return
        with contextlib.suppress(sqlite3.Error):  # it is tried again later
            busy, frames, copied = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if busy or not frames or copied != frames:
                return  # the log is not started over: a reader still needs it, or it is empty
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('checkpoints', '1') ON CONFLICT (key) "
                    "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
                self.conn.execute("COMMIT")
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()
