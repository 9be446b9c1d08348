"""Opening the database: refuse what is not drill's or cannot be written, set the connection up
(WAL, busy timeout), apply pending migrations and check the progress cache against the log."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from drill.store import errors
from drill.store.backups import latest_backup
from drill.store.errors import StoreError, describe_error, os_reason
from drill.store.migrations import applied_migrations, migrate

if TYPE_CHECKING:
    from drill.store.db import Store

# `PRAGMA application_id` of drill's databases ("DRIL"): a file without it is not drill's.
APPLICATION_ID = 0x4452494C


def open_reader(store: Store) -> Store | None:
    """A read-only second connection to the store's database file, for reads off the UI thread
    (an SQLite connection belongs to the thread that opened it; in WAL mode it reads the last
    committed state while the app writes). None for an in-memory store. The caller closes it;
    `conn.interrupt()` (from any thread) stops a query that is no longer wanted."""
    if store.path is None:
        return None
    conn = sqlite3.connect(f"{Path(store.path).resolve().as_uri()}?mode=ro", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {errors.BUSY_TIMEOUT_MS}")
    return type(store)(conn, store.path)


def open_store(cls: type[Store], path: Path | str | None, backups: Path | None = None) -> Store:
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
        conn.execute(f"PRAGMA busy_timeout = {errors.BUSY_TIMEOUT_MS}")
        store = cls(conn, target)
        store.notes = notes
        _check_identity(store)
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
        migrate(store, backups)
        store.log.repair_drift()
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
        raise StoreError(f"cannot open the database {target}: {os_reason(exc)}") from exc


def _check_identity(store: Store) -> None:
    """Refuse a database of another program; stamp drill's own (old ones lack the id)."""
    app_id = store.conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    tables = {row[0] for row in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    where = f"{store.path}" if store.path is not None else "the database"
    if app_id != 0:
        raise StoreError(f"{where} belongs to another program (its SQLite application id is "
                         f"{app_id:#x}), not drill; drill left it untouched (use --db with "
                         "drill's database or a new file name)")
    if tables and not ({"cards", "reviews", "card_state"} <= tables
                       and applied_migrations(store.conn)):
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{where} is another program's SQLite database (tables: {shown}), "
                         "not drill's; drill left it untouched (use --db with drill's "
                         "database or a new file name)")
    with store.atomic():  # a new database, or one made by a drill before the id was stamped
        store.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


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
