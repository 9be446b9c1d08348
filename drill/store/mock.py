"""Mock interview rounds (drill/mock.py runs them; this keeps them).

Tables:
- `mock_rounds`: one row per round: its format, seed, times, status (`active`, `finished`,
  `abandoned`) and the question it stands at (`position`).
- `mock_answers`: one row per question of a round: the card, time limit and time taken, the
  phase, the user's notes, the rubric and what was ticked, the score, and the review-log row a
  grade wrote (`log_uid`).
"""

from __future__ import annotations

import json
from typing import Any

from drill.store.base import Concern


class MockRounds(Concern):
    """`store.mock`: mock interview rounds and their answers."""

    def create(self, round_row: dict[str, Any], answers: list[dict[str, Any]]) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO mock_rounds (id, format, title, seed, started_ms, status) "
                "VALUES (:id, :format, :title, :seed, :started_ms, 'active')", round_row)
            self.conn.executemany(
                "INSERT INTO mock_answers (round_id, position, card_id, limit_s, rubric) "
                "VALUES (:round_id, :position, :card_id, :limit_s, :rubric)", answers)

    def round(self, round_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM mock_rounds WHERE id = ?", [round_id])
        return rows[0] if rows else None

    def answers(self, round_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM mock_answers WHERE round_id = ? ORDER BY position",
                          [round_id])

    def active(self) -> str | None:
        row = self.conn.execute("SELECT id FROM mock_rounds WHERE status = 'active' "
                                "ORDER BY started_ms DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def rounds(self, limit: int = 50) -> list[dict[str, Any]]:
        """Past rounds, newest first, with their mean score."""
        return self._rows("""
            SELECT r.*, AVG(a.score) AS mean_score, COUNT(a.score) AS scored,
                   COUNT(a.position) AS questions
            FROM mock_rounds r LEFT JOIN mock_answers a ON a.round_id = r.id
            GROUP BY r.id ORDER BY r.started_ms DESC LIMIT ?""", [limit])

    def update_answer(self, round_id: str, position: int, **values: Any) -> None:
        columns = ", ".join(f"{key} = :{key}" for key in values)
        with self.atomic():
            self.conn.execute(
                f"UPDATE mock_answers SET {columns} WHERE round_id = :round_id "
                "AND position = :position", {**values, "round_id": round_id, "position": position})

    def update_round(self, round_id: str, **values: Any) -> None:
        columns = ", ".join(f"{key} = :{key}" for key in values)
        with self.atomic():
            self.conn.execute(f"UPDATE mock_rounds SET {columns} WHERE id = :id",
                              {**values, "id": round_id})

    def candidates(self, deck: str | None = None, tag: str | None = None) -> list[dict]:
        """Cards a mock round may ask (not orphaned or suspended), with what weighting needs."""
        # Recall cards (`of`) are drills for a reference, and the user's own stories are what
        # they answer with, not interview questions.
        where = ["c.orphaned_ms IS NULL", "COALESCE(f.suspended, 0) = 0", "c.of_id IS NULL",
                 "c.kind != 'story'"]
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

    def scores(self) -> dict[str, list[int]]:
        """Every mock score given per card (for choosing weak cards)."""
        scores: dict[str, list[int]] = {}
        for card_id, score in self.conn.execute(
                "SELECT card_id, score FROM mock_answers WHERE score IS NOT NULL"):
            scores.setdefault(card_id, []).append(score)
        return scores
