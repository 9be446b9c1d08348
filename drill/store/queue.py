"""Read-only queries across the tables for today's queue (drill/review.py) and the card browser:
cards with their progress and flags, due counts, what was introduced or reviewed on a day."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from drill.store.base import Concern


class QueueQueries(Concern):
    """`store.queue`: what building today's queue and its limits needs."""

    def rows(self, today: str, deck: str | None = None, tag: str | None = None,
             kind: str | None = None, difficulty: str | None = None) -> list[sqlite3.Row]:
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
        if difficulty is not None:
            where.append("c.difficulty = :difficulty")
            params["difficulty"] = difficulty
        cursor = self.conn.execute(f"""
            SELECT c.id, c.deck, c.path, c.line, c.roles, s.due, s.state IS NULL AS is_new,
                   s.repeat_day, s.last_ms, s.lapses, c.of_id, s.interval
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE {' AND '.join(where)}""", params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

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

    def forgotten_since(self, first: str) -> list[str]:
        """Cards graded below 3 on `first` or later (undone grades do not count) that are still
        reviewable (not orphaned or suspended; decks turned off left out), last forgotten first."""
        rows = self.conn.execute("""
            SELECT r.card_id FROM reviews r JOIN cards c ON c.id = r.card_id
            LEFT JOIN card_flags f ON f.card_id = r.card_id
            LEFT JOIN deck_prefs d ON d.deck = c.deck
            WHERE r.day >= ? AND r.grade < 3 AND r.kind IN ('review', 'repeat', 'practice')
              AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid)
              AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
              AND COALESCE(d.enabled, 1) = 1
            GROUP BY r.card_id ORDER BY MAX(r.time_ms) DESC, c.path, c.line""", [first])
        return [row[0] for row in rows]

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


class BrowserQueries(Concern):
    """`store.browser`: the card browser's rows."""

    def rows(self) -> list[dict[str, Any]]:
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
