"""Card flags: the user's choices about cards (not derived from the log).

Table `card_flags`: `suspended` (left out of reviews until unsuspended) and `buried_day` (left
out on that drill day only).
"""

from __future__ import annotations

from drill.store.base import Concern
from drill.store.cards import StoredCard


class Flags(Concern):
    """`store.flags`: suspended and buried cards."""

    def of(self, card_id: str) -> tuple[bool, str | None]:
        row = self.conn.execute(
            "SELECT suspended, buried_day FROM card_flags WHERE card_id = ?", [card_id]).fetchone()
        return (bool(row[0]), row[1]) if row else (False, None)

    def set_suspended(self, card_id: str, suspended: bool) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO card_flags (card_id, suspended) VALUES (?, ?) ON CONFLICT(card_id) "
                "DO UPDATE SET suspended = excluded.suspended", [card_id, int(suspended)])

    def set_buried(self, card_id: str, day: str | None) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO card_flags (card_id, buried_day) VALUES (?, ?) ON CONFLICT(card_id) "
                "DO UPDATE SET buried_day = excluded.buried_day", [card_id, day])

    def suspended_count(self) -> int:
        row = self.conn.execute("""
            SELECT COUNT(*) FROM card_flags f JOIN cards c ON c.id = f.card_id
            WHERE f.suspended = 1 AND c.orphaned_ms IS NULL""").fetchone()
        return int(row[0])

    def suspended_cards(self) -> list[StoredCard]:
        """Suspended cards that still exist in a deck, in deck order."""
        rows = self._rows("""
            SELECT c.* FROM cards c JOIN card_flags f ON f.card_id = c.id
            WHERE f.suspended = 1 AND c.orphaned_ms IS NULL ORDER BY c.deck, c.path, c.line""")
        return [StoredCard.from_row(row) for row in rows]
