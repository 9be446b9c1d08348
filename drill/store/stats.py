"""The statistics' SQL: aggregates over the review log, the progress cache and mock rounds.

`store.stats` (a `Stats`) returns plain rows; drill/stats.py turns them into figures.

Two summaries of the log make the figures fast at a million rows (migration m006_stats_summaries): they are
derived data like `card_state`, kept in step with the log by triggers in the same transaction
as each append, and rebuilt from the log by `create_summaries`:
- `stats_days`: per drill day, the graded rows (review, repeat, practice) and their answer time;
- `stats_recall`: the scheduled reviews of learned cards (a card's first review is not a
  recall), young or mature by the interval before the grade, so retention never reads JSON;
  `stats_recall_days` counts them per day (kept by triggers on `stats_recall`).
An undone row counts in neither: an `undo` row takes its target out (the first undo only), a
row whose undo is already in the log (merged logs) never goes in, and deleting rows (a purge)
takes them out or, for an undo row, puts its target back.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from drill.store.base import Concern

MATURE_DAYS = 21  # a card is mature once its interval reaches 21 days (as Anki counts it)
GRADED = "('review', 'repeat', 'practice')"
ALL_DAYS = ("0000-01-01", "9999-12-31")
_INTERVAL = "json_extract({row}.state_before, '$.interval')"

_SUMMARIES = f"""
CREATE TABLE stats_days (
    day TEXT PRIMARY KEY,
    reviews INTEGER NOT NULL,
    ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE stats_recall (
    uid TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    card_id TEXT NOT NULL,
    grade INTEGER NOT NULL,
    mature INTEGER NOT NULL
);

CREATE INDEX stats_recall_day ON stats_recall(day, card_id, grade, mature);

CREATE INDEX stats_recall_card ON stats_recall(card_id, day, grade, mature);

CREATE TABLE stats_recall_days (
    day TEXT NOT NULL,
    mature INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    reviews INTEGER NOT NULL,
    PRIMARY KEY (day, mature)
) WITHOUT ROWID;

CREATE INDEX card_state_lapses ON card_state(lapses) WHERE lapses > 0;

CREATE INDEX card_state_stats ON card_state(card_id, due, interval, lapses, repeat_day);

CREATE INDEX cards_stats ON cards(deck, id, kind, orphaned_ms, tags);

CREATE TRIGGER stats_recall_counted AFTER INSERT ON stats_recall
BEGIN
    INSERT INTO stats_recall_days (day, mature, passed, reviews)
        VALUES (NEW.day, NEW.mature, NEW.grade >= 3, 1)
        ON CONFLICT(day, mature) DO UPDATE SET passed = passed + excluded.passed,
                                               reviews = reviews + 1;
END;

CREATE TRIGGER stats_recall_uncounted AFTER DELETE ON stats_recall
BEGIN
    UPDATE stats_recall_days SET passed = passed - (OLD.grade >= 3), reviews = reviews - 1
        WHERE day = OLD.day AND mature = OLD.mature;
END;

CREATE TRIGGER stats_append AFTER INSERT ON reviews
WHEN NEW.kind IN {GRADED} AND NOT EXISTS (SELECT 1 FROM reviews WHERE undoes = NEW.uid)
BEGIN
    INSERT INTO stats_days (day, reviews, ms) VALUES (NEW.day, 1, COALESCE(NEW.duration_ms, 0))
        ON CONFLICT(day) DO UPDATE SET reviews = reviews + 1, ms = ms + excluded.ms;
    INSERT INTO stats_recall (uid, day, card_id, grade, mature)
        SELECT NEW.uid, NEW.day, NEW.card_id, NEW.grade, iv >= {MATURE_DAYS}
        FROM (SELECT {_INTERVAL.format(row="NEW")} AS iv)
        WHERE NEW.kind = 'review' AND NEW.grade IS NOT NULL AND iv >= 1;
END;

CREATE TRIGGER stats_undo AFTER INSERT ON reviews
WHEN NEW.kind = 'undo' AND NEW.undoes IS NOT NULL
     AND (SELECT COUNT(*) FROM reviews WHERE undoes = NEW.undoes) = 1
BEGIN
    UPDATE stats_days SET reviews = reviews - 1,
        ms = ms - (SELECT COALESCE(duration_ms, 0) FROM reviews WHERE uid = NEW.undoes)
        WHERE day = (SELECT day FROM reviews WHERE uid = NEW.undoes AND kind IN {GRADED});
    DELETE FROM stats_recall WHERE uid = NEW.undoes;
END;

CREATE TRIGGER stats_forget AFTER DELETE ON reviews
BEGIN
    UPDATE stats_days SET reviews = reviews - 1, ms = ms - COALESCE(OLD.duration_ms, 0)
        WHERE day = OLD.day AND OLD.kind IN {GRADED}
          AND NOT EXISTS (SELECT 1 FROM reviews WHERE undoes = OLD.uid);
    DELETE FROM stats_recall WHERE uid = OLD.uid;
    UPDATE stats_days SET reviews = reviews + 1,
        ms = ms + (SELECT COALESCE(duration_ms, 0) FROM reviews WHERE uid = OLD.undoes)
        WHERE OLD.kind = 'undo'
          AND day = (SELECT day FROM reviews WHERE uid = OLD.undoes AND kind IN {GRADED})
          AND NOT EXISTS (SELECT 1 FROM reviews WHERE undoes = OLD.undoes);
    INSERT OR IGNORE INTO stats_recall (uid, day, card_id, grade, mature)
        SELECT uid, day, card_id, grade, {_INTERVAL.format(row="reviews")} >= {MATURE_DAYS}
        FROM reviews
        WHERE OLD.kind = 'undo' AND uid = OLD.undoes AND kind = 'review'
          AND grade IS NOT NULL AND {_INTERVAL.format(row="reviews")} >= 1
          AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = OLD.undoes);
END;
"""


def create_summaries(conn: sqlite3.Connection) -> None:
    """Create the summary tables and their triggers, filled from the log (inside the caller's
    transaction: a migration)."""
    for statement in _SUMMARIES.split(";\n\n"):
        if statement.strip():
            conn.execute(statement)
    refill_summaries(conn)


def refill_summaries(conn: sqlite3.Connection) -> None:
    """Recompute both summaries from the log, straight from the review rows."""
    conn.execute("DELETE FROM stats_days")
    conn.execute("DELETE FROM stats_recall")
    conn.execute("DELETE FROM stats_recall_days")  # refilled by the triggers on stats_recall
    conn.execute(f"""
        INSERT INTO stats_days (day, reviews, ms)
        SELECT day, COUNT(*), SUM(COALESCE(duration_ms, 0)) FROM reviews r
        WHERE kind IN {GRADED} AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid)
        GROUP BY day""")
    conn.execute(f"""
        INSERT INTO stats_recall (uid, day, card_id, grade, mature)
        SELECT uid, day, card_id, grade, iv >= {MATURE_DAYS}
        FROM (SELECT r.*, {_INTERVAL.format(row="r")} AS iv FROM reviews r
              WHERE kind = 'review' AND grade IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid))
        WHERE iv >= 1""")


def _deck_filter(deck: str | None, column: str = "card_id") -> str:
    if deck is None:
        return ""
    return f" AND {column} IN (SELECT id FROM cards WHERE deck = :deck COLLATE NOCASE)"


def _params(first: str | None, last: str | None, deck: str | None, **more: Any) -> dict:
    return {"first": first or ALL_DAYS[0], "last": last or ALL_DAYS[1], "deck": deck, **more}


def _recall(deck: str | None) -> str:
    """The live recall rows in the date range (of one deck, or all)."""
    return f"""(SELECT day, card_id, grade,
                       CASE WHEN mature THEN 'mature' ELSE 'young' END AS age
                FROM stats_recall
                WHERE day BETWEEN :first AND :last{_deck_filter(deck)})"""


GROUPS = ("deck", "kind", "tag")

# A card's easiness bucket (hundredths, by 0.1 steps): exactly the expression of the index
# card_state_ease (migration m010), which SQLite uses only for the same expression.
EASE_BUCKET = "CAST(json_extract(s.state, '$.ef100') AS INTEGER) / 10 * 10"
# The interval buckets: (first day, first day of the next bucket), the first from any interval.
INTERVAL_BUCKETS = ((1, 2), (2, 7), (7, 21), (21, 60), (60, 180), (180, float("inf")))


STATES = ("new", "learning", "young", "mature", "suspended", "buried")


class Stats(Concern):
    """`store.stats`: the statistics' aggregates over the log, the cache and mock rounds."""

    def size(self) -> int:
        """Review rows and cards, what computing the figures takes time in proportion to: the
        largest rowid of each, at once (a count reads every row; a purged card's rows stay
        counted, an overestimate)."""
        return self.conn.execute("SELECT (SELECT COALESCE(MAX(rowid), 0) FROM reviews)"
                                 " + (SELECT COALESCE(MAX(rowid), 0) FROM cards)").fetchone()[0]

    def activity(self, first: str | None = None, last: str | None = None,
                 deck: str | None = None) -> list[tuple[str, int, int]]:
        """(day, graded rows, answer ms) for each day with live grades, oldest first. All decks come
        from the `stats_days` summary; one deck from the log (undone rows taken out)."""
        if deck is None:
            rows = self.conn.execute(
                "SELECT day, reviews, ms FROM stats_days WHERE day BETWEEN :first AND :last "
                "AND reviews > 0 ORDER BY day", _params(first, last, None))
            return [(day, int(n), int(ms)) for day, n, ms in rows]
        rows = self.conn.execute(f"""
            SELECT day, SUM(n), SUM(ms) FROM (
                SELECT day, COUNT(*) AS n, SUM(COALESCE(duration_ms, 0)) AS ms FROM reviews
                WHERE day BETWEEN :first AND :last AND kind IN {GRADED}{_deck_filter(deck)}
                GROUP BY day
                UNION ALL
                SELECT t.day, -COUNT(*), -SUM(COALESCE(t.duration_ms, 0))
                FROM reviews u CROSS JOIN reviews t ON t.uid = u.undoes
                WHERE u.undoes IS NOT NULL AND u.kind = 'undo' AND t.kind IN {GRADED}
                  AND t.day BETWEEN :first AND :last{_deck_filter(deck, "t.card_id")}
                  AND u.rowid = (SELECT MIN(rowid) FROM reviews WHERE undoes = u.undoes)
                GROUP BY t.day)
            GROUP BY day HAVING SUM(n) > 0 ORDER BY day""", _params(first, last, deck))
        return [(day, int(n), int(ms)) for day, n, ms in rows]

    def retention_by_week(self, first: str | None = None, last: str | None = None,
                          deck: str | None = None) -> list[tuple[str, str, int, int]]:
        """(Monday of the week, 'young'/'mature', passed, reviews), oldest week first. All decks
        come from the per-day counts; one deck from `stats_recall`."""
        per_day = ("""(SELECT day, CASE WHEN mature THEN 'mature' ELSE 'young' END AS age,
                              passed, reviews AS total FROM stats_recall_days
                       WHERE day BETWEEN :first AND :last AND reviews > 0)""" if deck is None else
                   f"""(SELECT day, age, SUM(grade >= 3) AS passed, COUNT(*) AS total
                        FROM {_recall(deck)} GROUP BY day, age)""")
        rows = self.conn.execute(f"""
            SELECT date(day, '-6 days', 'weekday 1') AS week, age, SUM(passed), SUM(total)
            FROM {per_day} GROUP BY week, age ORDER BY week, age""", _params(first, last, deck))
        return [(week, age, int(passed), int(total)) for week, age, passed, total in rows]

    def retention_groups(self, first: str | None = None, last: str | None = None,
                         deck: str | None = None) -> dict[str, list[tuple[str, str, int, int]]]:
        """For each of GROUPS: (deck, kind or tag, 'young'/'mature', passed, reviews); a review
        counts once for each tag of its card. Counted per card once (a materialised CTE), then joined
        to the cards, so tags are read once per card rather than once per review."""
        rows = self.conn.execute(f"""
            WITH per_card AS MATERIALIZED (
                SELECT card_id, age, SUM(grade >= 3) AS passed, COUNT(*) AS total
                FROM {_recall(deck)} GROUP BY card_id, age),
            joined AS MATERIALIZED (
                SELECT c.deck, c.kind, c.tags, p.age, p.passed, p.total
                FROM per_card p JOIN cards c ON c.id = p.card_id)
            SELECT 'deck', deck, age, SUM(passed), SUM(total) FROM joined GROUP BY deck, age
            UNION ALL
            SELECT 'kind', kind, age, SUM(passed), SUM(total) FROM joined GROUP BY kind, age
            UNION ALL
            SELECT 'tag', t.value, age, SUM(passed), SUM(total) FROM joined, json_each(joined.tags) t
            GROUP BY t.value, age""", _params(first, last, deck))
        found: dict[str, list[tuple[str, str, int, int]]] = {group: [] for group in GROUPS}
        for group, name, age, passed, total in rows:
            found[group].append((name, age, int(passed), int(total)))
        for group in GROUPS:
            found[group].sort()
        return found

    def forecast(self, today: str, last: str, deck: str | None = None
                 ) -> tuple[list[tuple[str, int]], int]:
        """(day, cards due) from `today` to `last`, and the overdue count: cards due before
        `today`, which the forecast counts on `today` (the backlog). Orphaned and suspended cards
        are left out: for all decks, counted from the due index alone, minus those few (signed
        rows), so 100,000 cards are never joined. Counted per due day in the index's order, no
        sort of every card (at 100,000 cards, 4 ms against 27 ms grouping by MAX(due, today)),
        and the days before `today` folded into it here."""
        if deck is None:
            sql = """
                SELECT due, SUM(n) FROM (
                    SELECT due, COUNT(*) AS n FROM card_state INDEXED BY card_state_due
                    WHERE due <= :last GROUP BY due
                    UNION ALL
                    SELECT s.due, -COUNT(*) FROM card_state s
                    WHERE s.due <= :last AND s.card_id IN (
                        SELECT card_id FROM card_flags WHERE suspended = 1
                        UNION SELECT id FROM cards INDEXED BY cards_orphaned
                            WHERE orphaned_ms IS NOT NULL)
                    GROUP BY s.due)
                GROUP BY due"""
        else:
            sql = f"""
                SELECT s.due, COUNT(*) FROM card_state s
                JOIN cards c ON c.id = s.card_id
                LEFT JOIN card_flags f ON f.card_id = s.card_id
                WHERE s.due IS NOT NULL AND s.due <= :last AND c.orphaned_ms IS NULL
                  AND COALESCE(f.suspended, 0) = 0{_deck_filter(deck, 'c.id')}
                GROUP BY s.due"""
        by_day: dict[str, int] = {}
        overdue = 0
        for due, n in self.conn.execute(sql, {"last": last, "deck": deck}):
            if due < today:
                overdue += int(n)
            day = max(due, today)
            by_day[day] = by_day.get(day, 0) + int(n)
        return sorted((day, n) for day, n in by_day.items() if n > 0), overdue

    def card_states(self, today: str, deck: str | None = None) -> list[dict[str, Any]]:
        """Per deck: how many cards are in each of STATES (one state each: suspended, then buried
        today, new, learning = a same-day repeat pending, young, mature), plus leeches (8 lapses or
        more, counted across states) and the total. Every card is counted by its progress, with as
        few expressions per card as can tell them apart (on 100,000 cards the expressions cost as
        much as the join); the few in learning, suspended or buried are then moved to those
        columns (signed rows), so the flags and the repeat day are never looked up for each card."""
        learned = "s.due IS NOT NULL"
        learning = f"{learned} AND COALESCE(s.repeat_day = :today, 0)"
        mature = f"{learned} AND s.interval >= {MATURE_DAYS}"
        # Columns summed per deck: young = learned - learning - mature.
        rows = self.conn.execute(f"""
            SELECT deck, SUM(suspended), SUM(buried), SUM(new), SUM(learning),
                   SUM(learned) - SUM(learning) - SUM(mature), SUM(mature), SUM(leeches),
                   SUM(total)
            FROM (
                SELECT c.deck, 0 AS suspended, 0 AS buried, COUNT(*) - COUNT(s.due) AS new,
                       COUNT(s.due) AS learned, 0 AS learning, SUM({mature}) AS mature,
                       TOTAL(s.lapses >= 8) AS leeches, COUNT(*) AS total
                FROM cards c LEFT JOIN card_state s INDEXED BY card_state_stats ON s.card_id = c.id
                WHERE c.orphaned_ms IS NULL{_deck_filter(deck, 'c.id')}
                GROUP BY c.deck
                UNION ALL
                -- same-day repeats pending (few) leave young or mature for learning
                SELECT c.deck, 0, 0, 0, 0, COUNT(*), -SUM({mature}), 0, 0
                FROM card_state s INDEXED BY card_state_repeat JOIN cards c ON c.id = s.card_id
                WHERE s.repeat_day = :today AND {learned} AND c.orphaned_ms IS NULL
                      {_deck_filter(deck, 'c.id')}
                GROUP BY c.deck
                UNION ALL
                -- suspended and buried cards (few) leave their state for those columns
                SELECT c.deck, SUM(f.suspended = 1), SUM(f.suspended = 0), -SUM(s.due IS NULL),
                       -SUM({learned}), -SUM({learning}), -SUM({mature} AND NOT ({learning})),
                       0, 0
                FROM card_flags f JOIN cards c ON c.id = f.card_id
                LEFT JOIN card_state s ON s.card_id = f.card_id
                WHERE (f.suspended = 1 OR f.buried_day = :today) AND c.orphaned_ms IS NULL
                      {_deck_filter(deck, 'c.id')}
                GROUP BY c.deck)
            GROUP BY deck ORDER BY deck""", {"today": today, "deck": deck}).fetchall()
        names = ("suspended", "buried", "new", "learning", "young", "mature", "leeches", "total")
        return [{"deck": row[0], **{name: int(v) for name, v in zip(names, row[1:], strict=True)}}
                for row in rows]

    def distributions(self, deck: str | None = None) -> tuple[list[tuple[int, int]],
                                                                     list[tuple[int, int]]]:
        """(easiness bucket in hundredths, cards) by 0.1 steps, and (interval bucket in days, cards)
        by the buckets 1, 2-6, 7-20, 21-59, 60-179, 180+ (bucket named by its first day). Counted
        per (easiness bucket, interval) from the index on both (migration m010), so no state's
        JSON is decoded; the few hundred intervals are then bucketed here."""
        rows = self.conn.execute(f"""
            SELECT {EASE_BUCKET}, s.interval, COUNT(*)
            FROM card_state s WHERE s.state IS NOT NULL{_deck_filter(deck)}
            GROUP BY 1, 2""", {"deck": deck}).fetchall()  # one pass for both
        ease: dict[int, int] = {}
        intervals: dict[int, int] = {}
        for ef, interval, n in rows:
            if ef is not None:
                ease[int(ef)] = ease.get(int(ef), 0) + int(n)
            bucket = next(start for start, below in INTERVAL_BUCKETS if interval < below)
            intervals[bucket] = intervals.get(bucket, 0) + int(n)
        return sorted(ease.items()), sorted(intervals.items())

    def hardest(self, limit: int = 10, deck: str | None = None) -> list[dict[str, Any]]:
        """Cards that lapsed most, then the lowest easiness (not orphaned or suspended). Only cards
        with as many lapses as the 5×limit-th most lapsed card are looked at (the lapses index)."""
        return self._rows(f"""
            SELECT c.id, c.deck, c.prompt, c.kind, s.lapses, s.interval,
                   CAST(json_extract(s.state, '$.ef100') AS INTEGER) AS ef100
            FROM card_state s JOIN cards c ON c.id = s.card_id
            LEFT JOIN card_flags f ON f.card_id = s.card_id
            WHERE s.lapses >= COALESCE((SELECT lapses FROM card_state WHERE lapses > 0
                                        ORDER BY lapses DESC LIMIT 1 OFFSET :limit * 5), 1)
              AND c.orphaned_ms IS NULL
              AND COALESCE(f.suspended, 0) = 0{_deck_filter(deck, 'c.id')}
            ORDER BY s.lapses DESC, ef100 ASC, c.id LIMIT :limit""", {"limit": limit, "deck": deck})

    def mock_by_kind(self, since_ms: int = 0, deck: str | None = None) -> list[dict]:
        """Per mock round and card kind: mean score (0-5), answers scored, seconds used and the
        seconds allowed, oldest round first."""
        return self._rows(f"""
            SELECT r.id AS round, r.started_ms, r.format, c.kind, AVG(a.score) AS mean,
                   COUNT(a.score) AS scored, SUM(a.elapsed_ms) / 1000 AS used_s,
                   SUM(a.limit_s) AS limit_s
            FROM mock_answers a JOIN mock_rounds r ON r.id = a.round_id
            JOIN cards c ON c.id = a.card_id
            WHERE r.started_ms >= :since{_deck_filter(deck, 'a.card_id')}
            GROUP BY r.id, c.kind HAVING COUNT(a.score) > 0
            ORDER BY r.started_ms, c.kind""", {"since": since_ms, "deck": deck})

    def material(self, mapping: dict[str, dict[str, list[str]]], today: str,
                 recent_first: str, mock_since_ms: int) -> dict[str, dict[str, Any]]:
        """For each named row of `mapping` (name -> {"decks": [...], "tags": [...]}): its cards
        (not orphaned), how many are mature, recent recall (passed, reviews since `recent_first`),
        and mock answers on them since `mock_since_ms` (sum of scores, count)."""
        pairs = [{"row": name, "deck": deck, "tag": None}
                 for name, m in mapping.items() for deck in m.get("decks", ())]
        pairs += [{"row": name, "deck": None, "tag": tag}
                  for name, m in mapping.items() for tag in m.get("tags", ())]
        rows = self.conn.execute(f"""
            WITH map AS MATERIALIZED (
                SELECT json_extract(value, '$.row') AS row, json_extract(value, '$.deck') AS deck,
                       json_extract(value, '$.tag') AS tag
                FROM json_each(:pairs)),
            members AS MATERIALIZED (
                SELECT m.row, c.id FROM map m JOIN cards c ON c.deck = m.deck
                WHERE m.deck IS NOT NULL AND c.orphaned_ms IS NULL
                UNION
                SELECT m.row, c.id FROM cards c, json_each(c.tags) t JOIN map m ON m.tag = t.value
                WHERE c.orphaned_ms IS NULL),
            recent AS MATERIALIZED (
                -- each member card's recalls, through the (card_id, day) index: the work grows with
                -- the rows' cards, not with the log
                SELECT id AS card_id,
                       (SELECT SUM(grade >= 3) FROM stats_recall r
                        WHERE r.card_id = ids.id AND r.day BETWEEN :first AND :last) AS passed,
                       (SELECT COUNT(*) FROM stats_recall r
                        WHERE r.card_id = ids.id AND r.day BETWEEN :first AND :last) AS total
                FROM (SELECT DISTINCT id FROM members) AS ids),
            mocks AS MATERIALIZED (SELECT a.card_id, SUM(a.score) AS score_sum, COUNT(a.score) AS scored
                      FROM mock_answers a JOIN mock_rounds r ON r.id = a.round_id
                      WHERE a.score IS NOT NULL AND r.started_ms >= :since GROUP BY a.card_id)
            SELECT m.row, COUNT(*), SUM(COALESCE(s.interval, 0) >= {MATURE_DAYS}),
                   SUM(COALESCE(rc.passed, 0)), SUM(COALESCE(rc.total, 0)),
                   SUM(COALESCE(k.score_sum, 0)), SUM(COALESCE(k.scored, 0))
            FROM members m LEFT JOIN card_state s INDEXED BY card_state_stats ON s.card_id = m.id
            LEFT JOIN recent rc ON rc.card_id = m.id
            LEFT JOIN mocks k ON k.card_id = m.id
            GROUP BY m.row""", {"pairs": json.dumps(pairs), "first": recent_first, "last": today,
                                "since": mock_since_ms, "deck": None}).fetchall()
        return {row: {"cards": cards, "mature": mature, "passed": passed, "reviews": reviews,
                      "mock_sum": mock_sum, "mock_scored": scored}
                for row, cards, mature, passed, reviews, mock_sum, scored in rows}

    def material_cards(self, decks: list[str], tags: list[str], limit: int = 30) -> list[str]:
        """Cards of some decks or tags that are least learned (new or shortest interval first), to
        practise a readiness row."""
        rows = self.conn.execute("""
            SELECT c.id FROM cards c LEFT JOIN card_state s ON s.card_id = c.id
            LEFT JOIN card_flags f ON f.card_id = c.id
            WHERE c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
              AND (c.deck IN (SELECT value FROM json_each(:decks)) OR EXISTS (
                   SELECT 1 FROM json_each(c.tags) t WHERE t.value IN
                   (SELECT value FROM json_each(:tags))))
            ORDER BY COALESCE(s.interval, 0), COALESCE(s.lapses, 0) DESC, c.path, c.line
            LIMIT :limit""", {"decks": json.dumps(decks), "tags": json.dumps(tags), "limit": limit})
        return [row[0] for row in rows]
