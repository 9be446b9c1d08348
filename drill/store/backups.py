"""Backups of the database: consistent copies (VACUUM INTO), checked, then renamed into place."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from drill.store.errors import StoreError

if TYPE_CHECKING:
    from drill.store.db import Store


def latest_backup(folder: Path | None) -> Path | None:
    """The newest non-empty backup in `folder`."""
    if folder is None or not folder.is_dir():
        return None
    found = [p for p in folder.glob("drill-*.db") if p.stat().st_size > 0]
    return max(found, key=lambda p: p.stat().st_mtime_ns, default=None)


def backup(store: Store, folder: Path, reason: str = "backup") -> Path:
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
    import uuid  # only here: its import costs every command ~2 ms

    partial = folder / f".drill-{uuid.uuid4().hex}.partial"
    try:
        store.conn.execute("VACUUM INTO ?", [str(partial)])
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


def daily_backup(store: Store, folder: Path, keep: int = 7) -> Path | None:
    """Back up once a day (when drill closes); keep the newest `keep` daily copies. An empty
    file (left by a crash in an older drill) does not count as today's backup."""
    if store.path is None:
        return None
    today = datetime.now().strftime("%Y%m%d")
    existing = sorted(folder.glob("drill-*-daily*.db")) if folder.is_dir() else []
    if any(p.name.startswith(f"drill-{today}-") and p.stat().st_size > 0 for p in existing):
        return None
    made = backup(store, folder, reason="daily")
    for old in sorted(folder.glob("drill-*-daily*.db"))[:-keep]:
        old.unlink()
    return made
