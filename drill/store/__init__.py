"""The progress store: SQLite through sqlite-utils. All of drill's SQL lives in this package, one
module per concern (see drill/store/db.py for the map); callers reach a concern through the
`Store`'s attributes (`store.log.append(...)`, `store.mock.rounds()`).

The names callers import are here, so `from drill.store import Store` says nothing about files.
"""

from drill.store.backups import latest_backup
from drill.store.cards import IndexEntry, StoredCard
from drill.store.db import Store
from drill.store.errors import BUSY_TIMEOUT_MS, StoreError, StoreWriteError, describe_error, is_fault
from drill.store.migrations import MIGRATION_SET, migrations
from drill.store.opening import APPLICATION_ID, open_reader
from drill.store.prefs import EXTRA_NEW

__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT_MS", "EXTRA_NEW", "MIGRATION_SET", "IndexEntry", "LogRow",
    "Store", "StoreError", "StoreWriteError", "StoredCard", "describe_error", "is_fault",
    "latest_backup", "migrations", "open_reader", "replay", "replay_order",
]
_REPLAYING = ("LogRow", "replay", "replay_order")


def __getattr__(name: str):
    """The log's replay loads on first use (drill.store.replaying, with drill.progress and
    drill.sm2): the commands that only count (`drill due`, `drill stats`) never need it."""
    if name in _REPLAYING:
        from drill.store import replaying

        return getattr(replaying, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
