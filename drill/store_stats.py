"""The statistics' SQL: aggregates over the review log, the progress cache and mock rounds.

Every function takes the `Store` and returns plain rows; drill/stats.py turns them into figures.
An undone row must not count: each query adds the rows that `undo` rows cancel back with a
negative sign (undo rows are few), rather than testing every row of the log for an undo.
Days are the log's `day` column (the drill day, by the rollover hour, in the zone of the time).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drill.store import Store

MATURE_DAYS = 21  # a card is mature once its interval reaches 21 days (as Anki counts it)
GRADED = "('review', 'repeat', 'practice')"
ALL_DAYS = ("0000-01-01", "9999-12-31")
# The interval before a grade; these exact words are in the partial indexes of m006_stats_indexes.
INTERVAL = "json_extract(state_before, '$.interval')"


def _deck_filter(deck: str | None, column: str = "card_id") -> str:
    if deck is None:
        return ""
    return (f" AND {column} IN (SELECT id FROM cards WHERE deck = :deck COLLATE NOCASE)")


def _params(first: str | None, last: str | None, deck: str | None, **more: Any) -> dict:
    return {"first": first or ALL_DAYS[0], "last": last or ALL_DAYS[1], "deck": deck, **more}


def activity(store: Store, first: str | None = None, last: str | None = None,
             deck: str | None = None) -> list[tuple[str, int, int]]:
    """(day, graded rows, answer ms) for each day with live grades, oldest first."""
    deck_sql = _deck_filter(deck)
    deck_sql_t = _deck_filter(deck, "t.card_id")
    rows = store.conn.execute(f"""
        SELECT day, SUM(n), SUM(ms) FROM (
            SELECT day, COUNT(*) AS n, SUM(COALESCE(duration_ms, 0)) AS ms FROM reviews
            WHERE day BETWEEN :first AND :last AND kind IN {GRADED}{deck_sql}
            GROUP BY day
            UNION ALL
            SELECT t.day, -COUNT(*), -SUM(COALESCE(t.duration_ms, 0))
            FROM reviews u JOIN reviews t ON t.uid = u.undoes
            WHERE u.undoes IS NOT NULL AND u.kind = 'undo' AND t.kind IN {GRADED}
              AND t.day BETWEEN :first AND :last{deck_sql_t}
            GROUP BY t.day)
        GROUP BY day HAVING SUM(n) > 0 ORDER BY day""", _params(first, last, deck))
    return [(day, int(n), int(ms)) for day, n, ms in rows]


def _recall_cte(deck: str | None) -> str:
    """`recall`: scheduled reviews of cards already learned (the first review of a new card
    is not a recall), young or mature by the interval before the grade, signed for undo."""
    deck_sql = _deck_filter(deck)
    deck_sql_t = _deck_filter(deck, "t.card_id")
    return f"""
        recall(day, card_id, grade, age, sign) AS (
            SELECT day, card_id, grade, 'young', 1 FROM reviews
            WHERE kind = 'review' AND {INTERVAL} BETWEEN 1 AND 20
              AND day BETWEEN :first AND :last{deck_sql}
            UNION ALL
            SELECT day, card_id, grade, 'mature', 1 FROM reviews
            WHERE kind = 'review' AND {INTERVAL} >= 21
              AND day BETWEEN :first AND :last{deck_sql}
            UNION ALL
            SELECT t.day, t.card_id, t.grade,
                   CASE WHEN json_extract(t.state_before, '$.interval') >= 21
                        THEN 'mature' ELSE 'young' END, -1
            FROM reviews u JOIN reviews t ON t.uid = u.undoes
            WHERE u.undoes IS NOT NULL AND u.kind = 'undo' AND t.kind = 'review'
              AND json_extract(t.state_before, '$.interval') >= 1
              AND t.day BETWEEN :first AND :last{deck_sql_t})"""


def retention_by_week(store: Store, first: str | None = None, last: str | None = None,
                      deck: str | None = None) -> list[tuple[str, str, int, int]]:
    """(Monday of the week, 'young'/'mature', passed, reviews), oldest week first."""
    rows = store.conn.execute(f"""
        WITH {_recall_cte(deck)}
        SELECT date(day, '-6 days', 'weekday 1') AS week, age,
               SUM(sign * (grade >= 3)), SUM(sign)
        FROM recall GROUP BY week, age HAVING SUM(sign) > 0 ORDER BY week, age""",
        _params(first, last, deck))
    return [(week, age, int(passed), int(total)) for week, age, passed, total in rows]


def retention_by(store: Store, group: str, first: str | None = None, last: str | None = None,
                 deck: str | None = None) -> list[tuple[str, str, int, int]]:
    """(deck, kind or tag, 'young'/'mature', passed, reviews) grouped by `group`: 'deck', 'kind'
    or 'tag' (a review counts once for each tag of its card). Counted per card first, then
    joined to the cards, so tags are read once per card rather than once per review."""
    key = {"deck": "c.deck", "kind": "c.kind", "tag": "t.value"}[group]
    tags = ", json_each(c.tags) AS t" if group == "tag" else ""
    rows = store.conn.execute(f"""
        WITH {_recall_cte(deck)},
        per_card AS (
            SELECT card_id, age, SUM(sign * (grade >= 3)) AS passed, SUM(sign) AS total
            FROM recall GROUP BY card_id, age)
        SELECT {key} AS name, p.age, SUM(p.passed), SUM(p.total)
        FROM per_card p JOIN cards c ON c.id = p.card_id{tags}
        GROUP BY name, p.age HAVING SUM(p.total) > 0 ORDER BY name, p.age""",
        _params(first, last, deck))
    return [(name, age, int(passed), int(total)) for name, age, passed, total in rows]


def forecast(store: Store, today: str, last: str, deck: str | None = None) -> list[tuple[str, int]]:
    """(day, cards due) from `today` to `last`; overdue cards count on `today` (the backlog).
    Orphaned and suspended cards are left out."""
    rows = store.conn.execute(f"""
        SELECT MAX(s.due, :today) AS d, COUNT(*) FROM card_state s
        JOIN cards c ON c.id = s.card_id
        LEFT JOIN card_flags f ON f.card_id = s.card_id
        WHERE s.due IS NOT NULL AND s.due <= :last AND c.orphaned_ms IS NULL
          AND COALESCE(f.suspended, 0) = 0{_deck_filter(deck, 'c.id')}
        GROUP BY d ORDER BY d""", {"today": today, "last": last, "deck": deck})
    return [(day, int(n)) for day, n in rows]


def overdue(store: Store, today: str, deck: str | None = None) -> int:
    """Learned cards whose due day has passed (the backlog inside today's forecast)."""
    row = store.conn.execute(f"""
        SELECT COUNT(*) FROM card_state s JOIN cards c ON c.id = s.card_id
        LEFT JOIN card_flags f ON f.card_id = s.card_id
        WHERE s.due < :today AND c.orphaned_ms IS NULL
          AND COALESCE(f.suspended, 0) = 0{_deck_filter(deck, 'c.id')}""",
        {"today": today, "deck": deck}).fetchone()
    return int(row[0])


STATES = ("new", "learning", "young", "mature", "suspended", "buried")


def card_states(store: Store, today: str, deck: str | None = None) -> list[dict[str, Any]]:
    """Per deck: how many cards are in each of STATES (one state each: suspended, then buried
    today, new, learning = a same-day repeat pending, young, mature), plus leeches (8 lapses or
    more, counted across states) and the total."""
    rows = store.conn.execute(f"""
        SELECT deck, SUM(suspended), SUM(buried), SUM(live AND state IS NULL),
            SUM(live AND state IS NOT NULL AND learning),
            SUM(live AND state IS NOT NULL AND NOT learning AND interval < {MATURE_DAYS}),
            SUM(live AND state IS NOT NULL AND NOT learning AND interval >= {MATURE_DAYS}),
            SUM(lapses >= 8), COUNT(*)
        FROM (
            SELECT c.deck, s.state, COALESCE(s.interval, 0) AS interval,
                   COALESCE(s.lapses, 0) AS lapses,
                   COALESCE(s.repeat_day = :today, 0) AS learning,
                   COALESCE(f.suspended, 0) = 1 AS suspended,
                   COALESCE(f.suspended, 0) = 0 AND COALESCE(f.buried_day = :today, 0) AS buried,
                   COALESCE(f.suspended, 0) = 0 AND NOT COALESCE(f.buried_day = :today, 0) AS live
            FROM cards c
            LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE c.orphaned_ms IS NULL{_deck_filter(deck, 'c.id')})
        GROUP BY deck ORDER BY deck""", {"today": today, "deck": deck}).fetchall()
    names = ("suspended", "buried", "new", "learning", "young", "mature", "leeches", "total")
    return [{"deck": row[0], **{name: int(v) for name, v in zip(names, row[1:], strict=True)}}
            for row in rows]


def distributions(store: Store, deck: str | None = None) -> tuple[list[tuple[int, int]],
                                                                 list[tuple[int, int]]]:
    """(easiness bucket in hundredths, cards) by 0.1 steps, and (interval bucket in days, cards)
    by the buckets 1, 2-6, 7-20, 21-59, 60-179, 180+ (bucket named by its first day)."""
    where = f"WHERE s.state IS NOT NULL{_deck_filter(deck)}"
    ease = store.conn.execute(f"""
        SELECT (CAST(json_extract(s.state, '$.ef100') AS INTEGER) / 10) * 10 AS b, COUNT(*)
        FROM card_state s {where} GROUP BY b ORDER BY b""", {"deck": deck}).fetchall()
    intervals = store.conn.execute(f"""
        SELECT CASE WHEN s.interval < 2 THEN 1 WHEN s.interval < 7 THEN 2
                    WHEN s.interval < 21 THEN 7 WHEN s.interval < 60 THEN 21
                    WHEN s.interval < 180 THEN 60 ELSE 180 END AS b, COUNT(*)
        FROM card_state s {where} GROUP BY b ORDER BY b""", {"deck": deck}).fetchall()
    return ([(int(b), int(n)) for b, n in ease if b is not None],
            [(int(b), int(n)) for b, n in intervals])


def hardest(store: Store, limit: int = 10, deck: str | None = None) -> list[dict[str, Any]]:
    """Cards with the most lapses, then the lowest easiness (not orphaned)."""
    return store._rows(f"""
        SELECT c.id, c.deck, c.prompt, c.kind, s.lapses, s.interval,
               CAST(json_extract(s.state, '$.ef100') AS INTEGER) AS ef100
        FROM card_state s JOIN cards c ON c.id = s.card_id
        WHERE s.state IS NOT NULL AND c.orphaned_ms IS NULL
          AND (s.lapses > 0 OR json_extract(s.state, '$.ef100') < 250){_deck_filter(deck, 'c.id')}
        ORDER BY s.lapses DESC, ef100 ASC, c.id LIMIT :limit""", {"limit": limit, "deck": deck})


def mock_by_kind(store: Store, since_ms: int = 0, deck: str | None = None) -> list[dict]:
    """Per mock round and card kind: mean score (0-5), answers scored, seconds used and the
    seconds allowed, oldest round first."""
    return store._rows(f"""
        SELECT r.id AS round, r.started_ms, r.format, c.kind, AVG(a.score) AS mean,
               COUNT(a.score) AS scored, SUM(a.elapsed_ms) / 1000 AS used_s,
               SUM(a.limit_s) AS limit_s
        FROM mock_answers a JOIN mock_rounds r ON r.id = a.round_id
        JOIN cards c ON c.id = a.card_id
        WHERE r.started_ms >= :since{_deck_filter(deck, 'a.card_id')}
        GROUP BY r.id, c.kind HAVING COUNT(a.score) > 0
        ORDER BY r.started_ms, c.kind""", {"since": since_ms, "deck": deck})


def material(store: Store, mapping: dict[str, dict[str, list[str]]], today: str,
             recent_first: str, mock_since_ms: int) -> dict[str, dict[str, Any]]:
    """For each named row of `mapping` (name -> {"decks": [...], "tags": [...]}): its cards
    (not orphaned), how many are mature, recent recall (passed, reviews since `recent_first`),
    and mock answers on them since `mock_since_ms` (sum of scores, count)."""
    pairs = [{"row": name, "deck": deck, "tag": None}
             for name, m in mapping.items() for deck in m.get("decks", ())]
    pairs += [{"row": name, "deck": None, "tag": tag}
              for name, m in mapping.items() for tag in m.get("tags", ())]
    rows = store.conn.execute(f"""
        WITH map AS (
            SELECT json_extract(value, '$.row') AS row, json_extract(value, '$.deck') AS deck,
                   json_extract(value, '$.tag') AS tag
            FROM json_each(:pairs)),
        members AS (
            SELECT m.row, c.id FROM map m JOIN cards c ON c.deck = m.deck COLLATE NOCASE
            WHERE m.deck IS NOT NULL AND c.orphaned_ms IS NULL
            UNION
            SELECT m.row, c.id FROM cards c, json_each(c.tags) t JOIN map m ON m.tag = t.value
            WHERE c.orphaned_ms IS NULL),
        {_recall_cte(None)},
        recent AS (SELECT card_id, SUM(sign * (grade >= 3)) AS passed, SUM(sign) AS total
                   FROM recall GROUP BY card_id),
        mocks AS (SELECT a.card_id, SUM(a.score) AS score_sum, COUNT(a.score) AS scored
                  FROM mock_answers a JOIN mock_rounds r ON r.id = a.round_id
                  WHERE a.score IS NOT NULL AND r.started_ms >= :since GROUP BY a.card_id)
        SELECT m.row, COUNT(*), SUM(COALESCE(s.interval, 0) >= {MATURE_DAYS}),
               SUM(COALESCE(rc.passed, 0)), SUM(COALESCE(rc.total, 0)),
               SUM(COALESCE(k.score_sum, 0)), SUM(COALESCE(k.scored, 0))
        FROM members m LEFT JOIN card_state s ON s.card_id = m.id
        LEFT JOIN recent rc ON rc.card_id = m.id
        LEFT JOIN mocks k ON k.card_id = m.id
        GROUP BY m.row""", {"pairs": json.dumps(pairs), "first": recent_first, "last": today,
                            "since": mock_since_ms, "deck": None}).fetchall()
    return {row: {"cards": cards, "mature": mature, "passed": passed, "reviews": reviews,
                  "mock_sum": mock_sum, "mock_scored": scored}
            for row, cards, mature, passed, reviews, mock_sum, scored in rows}


def material_cards(store: Store, decks: list[str], tags: list[str], limit: int = 30) -> list[str]:
    """Cards of some decks or tags that are least learned (new or shortest interval first), to
    practise a readiness row."""
    rows = store.conn.execute("""
        SELECT c.id FROM cards c LEFT JOIN card_state s ON s.card_id = c.id
        LEFT JOIN card_flags f ON f.card_id = c.id
        WHERE c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
          AND (c.deck IN (SELECT value FROM json_each(:decks)) OR EXISTS (
               SELECT 1 FROM json_each(c.tags) t WHERE t.value IN
               (SELECT value FROM json_each(:tags))))
        ORDER BY COALESCE(s.interval, 0), COALESCE(s.lapses, 0) DESC, c.path, c.line
        LIMIT :limit""", {"decks": json.dumps(decks), "tags": json.dumps(tags), "limit": limit})
    return [row[0] for row in rows]


def log_rows(store: Store):
    """Every log row, every column, in the order rows were stored (for `drill export log`);
    a cursor, so a large log is streamed rather than held in memory."""
    return store.conn.execute("SELECT * FROM reviews ORDER BY rowid")
