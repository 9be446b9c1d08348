"""Read-only queries across the tables for today's queue (drill/review.py) and the card browser:
cards with their progress and flags, due counts, what was introduced or reviewed on a day."""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
from datetime import date, timedelta
from typing import Any

from drill.store.base import Concern

# drill.progress.LEECH_LAPSES, which importing would cost `drill due` its dataclasses' creation
# (tests/test_import_hygiene.py checks the two agree).
LEECH_LAPSES = 8

# A reviewable card with its progress, as the queue reads it (`is_new`: no state yet).
_COLUMNS = """c.id AS id, c.deck AS deck, c.path AS path, c.line AS line, c.roles AS roles,
    s.due AS due, s.state IS NULL AS is_new, s.repeat_day AS repeat_day, s.last_ms AS last_ms,
    s.lapses AS lapses, c.of_id AS of_id, s.interval AS interval"""
_FROM = """FROM cards c LEFT JOIN card_state s ON s.card_id = c.id
    LEFT JOIN card_flags f ON f.card_id = c.id"""


def _reviewable(today: str, deck: str | None = None, tag: str | None = None,
                kind: str | None = None,
                difficulty: str | None = None) -> tuple[str, dict[str, Any]]:
    """The WHERE clause of reviewable cards (not orphaned, suspended or buried today; decks
    turned off left out unless asked for by name), with its parameters."""
    where = ["c.orphaned_ms IS NULL",
             "COALESCE(f.suspended, 0) = 0",
             "(f.buried_day IS NULL OR f.buried_day <> :today)"]
    params: dict[str, Any] = {"today": today}
    if deck is not None:
        where.append("c.deck = :deck COLLATE NOCASE")
        params["deck"] = deck
    else:  # decks turned off on the home screen are left out unless asked for by name
        where.append("c.deck COLLATE NOCASE NOT IN (SELECT deck FROM deck_prefs "
                     "WHERE enabled = 0)")
    if tag is not None:
        where.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = :tag)")
        params["tag"] = tag
    if kind is not None:
        where.append("c.kind = :kind")
        params["kind"] = kind
    if difficulty is not None:
        where.append("c.difficulty = :difficulty")
        params["difficulty"] = difficulty
    return " AND ".join(where), params


def _learned_due(by: str = ":today") -> str:
    """Learned cards due by the day `by` names, not repeated today: in the terms of the index
    `card_state_queue`, whose range ends at that day (one bound: SQLite ends a range at only one
    of two)."""
    return f"s.state IS NOT NULL AND s.due <= {by} AND s.repeat_day IS NOT :today"


# A leech (drill.progress), in the terms of the index `card_state_lapses` (lapses > 0).
_LEECH = f"s.lapses > 0 AND s.lapses >= {int(LEECH_LAPSES)}"
# drill.review.risk in SQL, for the index `card_state_queue` (julian days at midnight differ by
# whole numbers, so it is the same division as in Python).
_RISK = "(julianday(:today) - julianday(s.due)) / max(1, s.interval)"


def _marked(where: str) -> str:
    """Reviewable cards (`where`) with their progress, each marked due (today or earlier, not
    repeated today) and wanted (new, repeated today, linked by `of`, or in the `also` pool)."""
    return f"""SELECT {_COLUMNS},
        COALESCE(s.state IS NOT NULL AND s.due <= :today AND s.repeat_day IS NOT :today, 0)
            AS is_due,
        COALESCE(s.state IS NULL OR s.repeat_day = :today OR c.of_id IS NOT NULL
                 OR c.id IN (SELECT of_id FROM cards WHERE of_id IS NOT NULL)
                 OR c.id IN (SELECT value FROM json_each(:also)), 0) AS wanted
        {_FROM} WHERE {where}"""


# drill.review.risk of a row of `_marked`, and whether the card is off the target role.
_ROW_RISK = "(julianday(:today) - julianday(due)) / max(1, COALESCE(interval, 0))"
_OFF_ROLE = ":role IS NOT NULL AND instr(roles, '\"' || :role || '\"') = 0"


def _at_risk(row: sqlite3.Row) -> tuple:
    """The order in which due cards are caught up: most at risk first, then by due day, the
    target role's cards first, then file order."""
    return (-row[-2], row["due"], row[-1], row["path"], row["line"])


class QueueQueries(Concern):
    """`store.queue`: what building today's queue and its limits needs."""

    def rows(self, today: str, deck: str | None = None, tag: str | None = None,
             kind: str | None = None, difficulty: str | None = None) -> list[sqlite3.Row]:
        """Every reviewable card (not orphaned, suspended or buried today) with its progress."""
        where, params = _reviewable(today, deck, tag, kind, difficulty)
        cursor = self.conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE {where}", params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def today(self, today: str, deck: str | None = None, tag: str | None = None,
              kind: str | None = None, budget: int = 0, prefer_role: str | None = None,
              also: tuple[str, ...] = ()
              ) -> tuple[list[sqlite3.Row], int, list[str], int]:
        """The part of `rows()` today's queue needs, the number of cards due (today or earlier,
        not repeated today) in every deck that is on, every deck with a reviewable card and the
        number of leeches, leaving the other cards in SQL. The rows: new cards, same-day
        repeats, due cards linked to others by `of`, the `also` cards (a cramming pool), and
        every due card; or, when more than `budget` are due, only the first `budget` most at
        risk (then by due day, the target role's first, then file order), as drill.review
        orders them."""
        where, params = _reviewable(today, deck, tag, kind)
        params.update(budget=budget, role=prefer_role, also=json.dumps(list(also)))
        # Each deck title once, by a seek in an index on deck from one title to the next
        # (DISTINCT would read every card's entry).
        decks = [row[0] for row in self.conn.execute(f"""
            WITH RECURSIVE titles(deck) AS (
                SELECT MIN(deck) FROM cards
                UNION ALL SELECT (SELECT MIN(deck) FROM cards WHERE deck > titles.deck)
                FROM titles WHERE titles.deck IS NOT NULL)
            SELECT d.deck FROM titles d WHERE d.deck IS NOT NULL AND EXISTS (
                SELECT 1 FROM cards c LEFT JOIN card_flags f ON f.card_id = c.id
                WHERE c.deck = d.deck AND {where})""", params)]
        if deck is None and tag is None and kind is None:
            rows, due, backlog, leeches = self._today_all(params)
        else:
            # The wanted cards, and the first `budget` due ones in drill.review's order (most at
            # risk first, then by due day, the target role's first, then file order), sorted in
            # SQL: a large backlog is never read in full.
            rows = self._select(where, "wanted", params)
            due = self._select(where, "is_due AND NOT wanted", params, f"""
                ORDER BY {_ROW_RISK} DESC, due, {_OFF_ROLE}, path, line LIMIT :budget""")
            backlog = self.due_count(today)  # catching up is judged on every deck that is on
            leeches = self.conn.execute(f"""
                SELECT COUNT(*) FROM card_state s INDEXED BY card_state_lapses
                JOIN cards c ON c.id = s.card_id LEFT JOIN card_flags f ON f.card_id = c.id
                WHERE {_LEECH} AND {where}""", params).fetchone()[0]
        if backlog > budget:  # catching up: the day's work, most at risk first, is enough
            due = heapq.nsmallest(budget, due, key=_at_risk)
        return rows + due, backlog, decks, leeches

    def _select(self, where: str, which: str, params: dict[str, Any],
                order: str = "") -> list[sqlite3.Row]:
        """Reviewable cards (`where`) that are `which` (`wanted`, `is_due`), with their risk
        (drill.review.risk in SQL: julian days at midnight differ by whole numbers, so it is the
        same division as in Python) and whether they are off the target role; `order` may add
        an ORDER BY and a LIMIT."""
        cursor = self.conn.execute(f"""
            SELECT *, {_ROW_RISK}, {_OFF_ROLE} FROM ({_marked(where)}) WHERE {which}
            {order}""", params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    @staticmethod
    def _split(found: list[sqlite3.Row]) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        """(the wanted rows, the due rows that are not wanted)."""
        rows, due = [], []
        for row in found:
            (due if row["is_due"] and not row["wanted"] else rows).append(row)
        return rows, due

    def _today_all(self, params: dict[str, Any]
                   ) -> tuple[list[sqlite3.Row], list[sqlite3.Row], int, int]:
        """`today()` for every deck that is on, without joining every card to its progress:
        the due cards are counted and ordered by risk from the index `card_state_queue` alone
        (migration m009), and only the cards that can make today's queue are read in full."""
        where, _ = _reviewable(params["today"])
        learned_due = _learned_due()
        backlog, leeches, unseen = self._counts(params)
        # The wanted cards: new ones (no progress, or none left after an undo), repeats today,
        # linked ones and the `also` pool.
        wanted = self._select(f"""{where} AND c.id IN (
            SELECT value FROM json_each(:unseen)
            UNION SELECT card_id FROM card_state INDEXED BY card_state_unlearned
                WHERE state IS NULL
            UNION SELECT card_id FROM card_state INDEXED BY card_state_repeat
                WHERE repeat_day = :today
            UNION SELECT id FROM cards WHERE of_id IS NOT NULL
            UNION SELECT of_id FROM cards WHERE of_id IS NOT NULL
            UNION SELECT value FROM json_each(:also))""", "wanted",
                              {**params, "unseen": json.dumps(unseen)})
        # The due cards that are not wanted, most at risk first (then by due day) from the index
        # alone; the rows behind the `limit` first are read in full, and they are enough when
        # the day's work among them is settled before the last one read (ties included).
        budget = params["budget"]
        limit = budget + 50
        while True:
            cut = self._risk_cut(params, limit)
            top = self.conn.execute(f"""
                SELECT s.card_id, {_RISK}, s.due FROM card_state s INDEXED BY card_state_queue
                WHERE {_learned_due(":cut")}
                ORDER BY 2 DESC, 3 LIMIT :limit""", {**params, "limit": limit, "cut": cut}
            ).fetchall()
            ids = [row[0] for row in top]
            if len(top) == limit and budget > 0:
                # And the cards tied with the last one read that come first in drill.review's
                # order (the target role's, then file order): a day's work of them is enough.
                ids += [row[0] for row in self.conn.execute(f"""
                    SELECT s.card_id FROM card_state s INDEXED BY card_state_queue
                    JOIN cards c ON c.id = s.card_id LEFT JOIN card_flags f ON f.card_id = c.id
                    WHERE {learned_due} AND s.due = :last_due AND {_RISK} = :last_risk
                      AND {where}
                    ORDER BY {_OFF_ROLE}, c.path, c.line LIMIT :budget""",
                    {**params, "last_due": top[-1][2], "last_risk": top[-1][1]})]
            found = self._select(f"{where} AND c.id IN (SELECT value FROM json_each(:ids))",
                                 "is_due AND NOT wanted", {**params, "ids": json.dumps(ids)})
            # Enough when every card read was due (all of them), or when the day's work is
            # among them: every card before the last one read, or tied with it, was read.
            if len(top) < limit or len(found) >= budget:
                return wanted, found, backlog, leeches
            limit *= 4

    def _risk_cut(self, params: dict[str, Any], limit: int) -> str:
        """A day on or before which each of the `limit` due cards most at risk fell due, so the
        search for them reads only the cards due by then: the limit-th highest risk among the
        4 × limit cards due longest is at most the limit-th highest of all, and a card at risk r
        is at least r days overdue (days overdue ÷ an interval of at least one day)."""
        risks = sorted((row[0] for row in self.conn.execute(f"""
            SELECT {_RISK} FROM card_state s INDEXED BY card_state_queue WHERE {_learned_due()}
            ORDER BY s.due LIMIT :sample""", {**params, "sample": limit * 4})), reverse=True)
        today = params["today"]
        if len(risks) < limit or risks[limit - 1] < 1:
            return today  # no cut: every due card is read
        days = math.ceil(risks[limit - 1])  # days overdue are whole
        return (date.fromisoformat(today) - timedelta(days=days)).isoformat()

    def _counts(self, params: dict[str, Any]) -> tuple[int, int, list[str]]:
        """Every deck that is on: the cards due (today or earlier, not repeated today), the
        leeches, and the ids of the cards with no progress, without joining every card to its
        progress."""
        learned_due = _learned_due()
        # Cards with no progress (new); with the counts of both tables they tell whether any
        # progress is of a card this collection lacks. Both id indexes are read side by side
        # in id order (EXCEPT with ORDER BY merges them), half the time of probing one index
        # for each card (NOT IN) at 100,000 cards.
        unseen = [row[0] for row in self.conn.execute(
            "SELECT id FROM cards EXCEPT SELECT card_id FROM card_state ORDER BY 1")]
        cards, progress = self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM cards), (SELECT COUNT(*) FROM card_state)").fetchone()
        # The few learned cards that are not reviewable (suspended, buried today, orphaned, in
        # a deck turned off, or progress of a card this collection lacks): every due card is
        # counted from the due index, then those are taken off (signed counts), so 100,000 cards
        # are never joined.
        left_out = """SELECT card_id FROM card_flags WHERE suspended <> 0 OR buried_day = :today
            UNION SELECT id FROM cards INDEXED BY cards_orphaned WHERE orphaned_ms IS NOT NULL"""
        if self.conn.execute("SELECT 1 FROM deck_prefs WHERE enabled = 0 LIMIT 1").fetchone():
            left_out += """ UNION SELECT id FROM cards
                WHERE deck COLLATE NOCASE IN (SELECT deck FROM deck_prefs WHERE enabled = 0)"""
        if progress > cards - len(unseen):
            left_out += """ UNION SELECT card_id FROM card_state
                WHERE card_id NOT IN (SELECT id FROM cards)"""
        backlog, leeches = self.conn.execute(f"""
            SELECT (SELECT COUNT(*) FROM card_state s INDEXED BY card_state_queue
                    WHERE {learned_due})
                 - (SELECT COUNT(*) FROM card_state s
                    WHERE s.card_id IN ({left_out}) AND {learned_due}),
                   (SELECT COUNT(*) FROM card_state s INDEXED BY card_state_lapses WHERE {_LEECH})
                 - (SELECT COUNT(*) FROM card_state s
                    WHERE s.card_id IN ({left_out}) AND {_LEECH})""", params).fetchone()
        return backlog, leeches, unseen

    def due_count(self, today: str) -> int:
        """Cards due today or earlier (not repeated today) in every deck that is on."""
        return self._counts(_reviewable(today)[1])[0]

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

    def count(self) -> int:
        """How many rows `rows()` gives."""
        return int(self.conn.execute(
            "SELECT COUNT(*) FROM cards WHERE merged_into IS NULL").fetchone()[0])

    def rows(self, limit: int = -1) -> list[dict[str, Any]]:
        """Every card the store knows (orphans too) with its progress and flags, in file order
        (deck titles as SQLite orders them, then file and line); the first `limit` only, if
        given, read by the index on deck without sorting every card."""
        rows = self._rows("""
            SELECT c.id, c.deck, c.prompt, c.answer, c.kind, c.difficulty, c.tags, c.origin,
                   c.path, c.line, c.orphaned_ms, c.merged_into, s.due, s.interval, s.lapses,
                   s.reviews, json_extract(s.state, '$.ef100') AS ef100,
                   COALESCE(f.suspended, 0) AS suspended, f.buried_day
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE c.merged_into IS NULL
            ORDER BY c.deck, c.path, c.line LIMIT ?""", [limit])
        decoded: dict[str, tuple[str, ...]] = {}  # the lists of tags repeat from card to card
        for row in rows:
            tags = decoded.get(row["tags"])
            if tags is None:
                tags = decoded[row["tags"]] = tuple(json.loads(row["tags"]))
            row["tags"] = tags
        return rows
