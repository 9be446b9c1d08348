"""What can go wrong with the database, in the user's words (shared by every part of the store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# How long a write waits for another program's lock before giving up with a message.
BUSY_TIMEOUT_MS = 5000


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


def os_reason(exc: OSError) -> str:
    """Why writing a file failed, in a few words."""
    import errno

    if exc.errno == errno.ENOSPC:
        return "the disk is full (free some space and try again)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = exc.filename or "the folder"
        return f"no permission to write {where} (it is read-only)"
    return exc.strerror or str(exc)


def database_failure(exc: Exception) -> str | None:
    """One line naming why the database could not be used (locked, read-only, full...), or None
    when `exc` is no database failure."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return describe_error(exc, None)
    return None
