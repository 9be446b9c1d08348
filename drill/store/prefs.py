"""Preferences kept with progress, and the database's small named values.

Tables:
- `deck_prefs`: decks turned off on the home screen (`enabled` = 0), by title, any case.
- `meta`: key -> value: this database's device id (`device`), the drift check's high-water mark
  (`checked_rowid`), the target role (`target_role`), extra new cards per day (`extra_new:DAY`),
  the welcome seen, ...
"""

from __future__ import annotations

from drill.store.base import Concern

EXTRA_NEW = "extra_new:"


class Meta(Concern):
    """`store.meta`: small named values."""

    def get(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                              [key, value])


class Prefs(Concern):
    """`store.prefs`: decks turned off, and extra new cards allowed on a day."""

    def disabled_decks(self) -> set[str]:
        rows = self.conn.execute("SELECT deck FROM deck_prefs WHERE enabled = 0")
        return {row[0] for row in rows}

    def set_deck_enabled(self, deck: str, enabled: bool) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO deck_prefs (deck, enabled) VALUES (?, ?) ON CONFLICT(deck) "
                "DO UPDATE SET enabled = excluded.enabled", [deck, int(enabled)])

    def extra_new_on(self, day: str) -> int:
        """New cards allowed on `day` beyond the daily limit (the user asked for them)."""
        value = self.store.meta.get(f"{EXTRA_NEW}{day}")
        return int(value) if value and value.isdigit() else 0

    def allow_extra_new(self, day: str, count: int) -> None:
        """Allow `count` more new cards on `day`, on top of what was allowed already."""
        self.store.meta.set(f"{EXTRA_NEW}{day}", str(self.extra_new_on(day) + max(0, count)))
