"""Home's first counts, read while the app starts: the SQL of today's queue takes ~90 ms at
100,000 cards, and SQLite lets go of the GIL while it reads, so a thread on a second, read-only
connection reads them while Textual is imported and starts the app. No Textual here: `drill`
starts them before it imports Textual (drill/tui/run.py)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

from drill.review import Limits, TodayQueue, build_queue
from drill.store import Store


def home_counts(store: Store, today: date, limits: Limits,
                role: str | None) -> tuple[TodayQueue, dict[str, int]]:
    """What Home shows: today's queue and each deck's number of cards."""
    return build_queue(store, today, limits, prefer_role=role), store.cards.decks()


class FirstCounts:
    """Home's first counts, being read in a thread on a second, read-only connection. `take`
    gives them to Home's first count only if they are what it would read itself: the same day,
    limits and target role, and the store not written since on the app's connection."""

    def __init__(self, store: Store, today: date, limits: Limits, role: str | None) -> None:
        self.key = (today, limits, role)
        self._store = store
        self._changes = store.conn.total_changes
        self._result: tuple[TodayQueue, dict[str, int]] | None = None
        self._thread = threading.Thread(target=self._read, args=(Path(store.path),),
                                        name="home-counts", daemon=True)
        self._thread.start()

    def _read(self, path: Path) -> None:
        try:  # as drill.stats.open_reader (not imported: it loads the statistics)
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return  # Home counts on its own connection
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            self._result = home_counts(Store(conn, path), *self.key)
        except Exception:  # any failure here: Home counts on its own connection
            self._result = None
        finally:
            conn.close()

    def take(self, today: date, limits: Limits,
             role: str | None) -> tuple[TodayQueue, dict[str, int]] | None:
        self._thread.join()
        if (today, limits, role) != self.key or self._store.conn.total_changes != self._changes:
            return None
        return self._result


def start_first_counts(ctx) -> FirstCounts | None:
    """Home's first counts, started now (None for a store in memory: no second connection)."""
    store = ctx.store
    if store.path is None:
        return None
    return FirstCounts(store, ctx.calendar.day(ctx.clock.now()), ctx.limits,
                       store.roadmap.target_role())
