"""The statistics' fast paths against the slow ones they replaced, on a varied log: three decks,
several kinds and tags, SM-2 and FSRS cards, undone grades, a suspended, an orphaned and a merged
card, and days around Berlin's change to summer time with the day rolling over at 4 am.

- retention per deck, kind and tag (`drill.stats.retention_groups`, summed per (deck, kind,
  tags) in index order) against `store.stats.retention_groups` (per card, then joined);
- the easiness and interval distributions (counted from the index card_state_ease) against the
  query that decoded every state's JSON;
- the forecast (counted per due day from the index, the days before today folded into today)
  against one read of every reviewable card's due day;
- the card states per deck (each card counted by its progress, the few in learning, suspended
  or buried moved by signed rows) against each card's own state;
- the statistics screen's detail computed on a second connection meanwhile
  (`StatsJob.start_detail`) against `compute(..., detail=True)`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from dateutil import tz

from drill.clock import Calendar, FixedClock
from drill.fsrs_scheduler import FSRSScheduler
from drill.review import Reviewer
from drill.stats import add_detail, compute, retention_groups
from drill.store import Store
from drill.store.stats import EASE_BUCKET
from drill.tui.stats_job import StatsJob, StatsRequest
from tests.test_stats import add_cards

BERLIN = tz.gettz("Europe/Berlin")
DECKS = ("Deck A", "Deck B", "Deck C")
KINDS = ("concept", "code", "design")
TAGS = ((), ("x",), ("x", "y"), ("y", "z"), ("z",))
START = datetime(2026, 3, 1, 21, tzinfo=BERLIN)
NOW = datetime(2026, 4, 29, 20, tzinfo=BERLIN)  # 60 days on


def reference_distributions(store, deck=None):
    """The distributions as they were counted before the index: every state's JSON decoded."""
    one_deck = "" if deck is None else \
        " AND card_id IN (SELECT id FROM cards WHERE deck = :deck COLLATE NOCASE)"
    rows = store.conn.execute(f"""
        SELECT (CAST(json_extract(s.state, '$.ef100') AS INTEGER) / 10) * 10,
               CASE WHEN s.interval < 2 THEN 1 WHEN s.interval < 7 THEN 2
                    WHEN s.interval < 21 THEN 7 WHEN s.interval < 60 THEN 21
                    WHEN s.interval < 180 THEN 60 ELSE 180 END, COUNT(*)
        FROM card_state s WHERE s.state IS NOT NULL{one_deck}
        GROUP BY 1, 2""", {"deck": deck}).fetchall()
    ease, intervals = {}, {}
    for ef, interval, n in rows:
        if ef is not None:
            ease[ef] = ease.get(ef, 0) + n
        intervals[interval] = intervals.get(interval, 0) + n
    return sorted(ease.items()), sorted(intervals.items())


@pytest.fixture
def varied(tmp_path):
    """A store on a file (the screen reads it on connections of its own) with 60 days of a
    varied log; (store, calendar)."""
    store = Store.open(tmp_path / "drill.db")
    specs = [(f"c{n:02d}", DECKS[n % 3], KINDS[n % len(KINDS) - (n // 7) % 2], TAGS[n % 5])
             for n in range(36)]
    add_cards(store, specs)
    calendar = Calendar(BERLIN, 4)
    clock = FixedClock(START)
    sm2 = Reviewer(store, clock, calendar)
    fsrs = Reviewer(store, clock, calendar, FSRSScheduler())
    rng = random.Random(26)
    for day in range(60):
        # evenings, and some just after midnight or around the 4 am rollover (and 29 March's
        # 02:00 -> 03:00 change)
        clock.set(START + timedelta(days=day, hours=rng.choice([0, 3, 6, 6.5, 7.5])))
        for card_id, *_ in specs:
            reviewer = fsrs if int(card_id[1:]) % 4 == 0 else sm2
            progress = store.log.progress(card_id)
            if progress.is_new and rng.random() < 0.7:
                continue
            if progress.is_new or progress.due <= reviewer.today().isoformat():
                uid = reviewer.grade(card_id, rng.choice([0, 1, 2, 3, 4, 5, 5]), 4000)
                if rng.random() < 0.05:
                    reviewer.undo(uid)
    with store.atomic():
        store.flags.set_suspended("c05", True)
        store.cards.mark_orphaned(["c07", "c08"], 1)
        store.cards.set_merged("c08", "c09")
    yield store, calendar
    store.close()


RANGES = [("2026-03-01", "2026-04-29"), ("2026-03-28", "2026-03-30"), ("2026-04-20", "2026-04-29"),
          ("2025-01-01", "2025-02-01")]


@pytest.mark.parametrize("deck", [None, "Deck A", "deck b", "No such deck"])
@pytest.mark.parametrize(("first", "last"), RANGES)
def test_retention_groups_equal_the_per_card_query(varied, deck, first, last):
    store, _ = varied
    expected = store.stats.retention_groups(first, last, deck)
    assert retention_groups(store, first, last, deck) == expected


def test_the_varied_log_has_what_the_comparisons_need(varied):
    store, _ = varied
    expected = store.stats.retention_groups("2026-03-01", "2026-04-29")
    assert {name for name, _, _, _ in expected["deck"]} == set(DECKS)
    assert {age for _, age, _, _ in expected["tag"]} == {"young", "mature"}
    schedulers = {row[0] for row in store.conn.execute("SELECT DISTINCT scheduler FROM reviews")}
    assert {"sm2", "fsrs"} <= schedulers
    assert store.conn.execute("SELECT COUNT(*) FROM reviews WHERE kind = 'undo'").fetchone()[0]
    ease, _ = store.stats.distributions()
    learned = store.conn.execute(
        "SELECT COUNT(*) FROM card_state WHERE state IS NOT NULL").fetchone()[0]
    assert 0 < sum(n for _, n in ease) < learned  # FSRS states have no easiness


@pytest.mark.parametrize("deck", [None, "Deck A", "deck c"])
def test_distributions_equal_the_json_query(varied, deck):
    store, _ = varied
    assert store.stats.distributions(deck) == reference_distributions(store, deck)


def test_distributions_are_counted_from_the_index(varied):
    store, _ = varied
    plan = store.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT {EASE_BUCKET}, s.interval, COUNT(*) FROM card_state s "
        "WHERE s.state IS NOT NULL GROUP BY 1, 2").fetchall()
    assert [row[-1] for row in plan] == ["SCAN s USING INDEX card_state_ease"]


def reference_forecast(store, today, last, deck=None):
    """The forecast from every card's row: learned, not orphaned or suspended (of one deck),
    due by `last`, a day before `today` counted on `today`; and how many were before it."""
    rows = store.conn.execute("""
        SELECT s.due FROM card_state s JOIN cards c ON c.id = s.card_id
        LEFT JOIN card_flags f ON f.card_id = s.card_id
        WHERE s.due IS NOT NULL AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
          AND (:deck IS NULL OR c.deck = :deck COLLATE NOCASE)""", {"deck": deck}).fetchall()
    days = [max(due, today) for (due,) in rows if due <= last]
    return sorted((day, days.count(day)) for day in set(days)), sum(
        due < today for (due,) in rows)


@pytest.mark.parametrize("deck", [None, "Deck A", "deck c", "No such deck"])
@pytest.mark.parametrize(("today", "last"), [("2026-04-29", "2026-05-28"),
                                             ("2026-05-20", "2026-06-18"),
                                             ("2026-03-20", "2026-04-18"),
                                             ("2026-07-01", "2026-07-30")])
def test_the_forecast_equals_every_cards_due_day(varied, deck, today, last):
    store, _ = varied
    assert store.stats.forecast(today, last, deck) == reference_forecast(store, today, last, deck)


def test_the_varied_forecast_has_overdue_suspended_and_orphaned_cards(varied):
    """What the comparison above needs: days ahead, a backlog, and cards left out that are due."""
    store, _ = varied
    assert len(reference_forecast(store, "2026-04-29", "2026-05-28")[0]) > 3
    assert reference_forecast(store, "2026-05-20", "2026-06-18")[1] > 0
    left_out = store.conn.execute("""
        SELECT COUNT(*) FROM card_state WHERE due <= '2026-06-18'
          AND card_id IN ('c05', 'c07', 'c08')""").fetchone()[0]
    assert left_out > 0


def reference_card_states(store, today, deck=None):
    """The card states per deck from each card's own row, flags and state: suspended, else
    buried today, else new, else learning (a same-day repeat pending today), else young or
    mature by its interval; leeches (8 lapses or more) across states; orphans left out."""
    rows = store.conn.execute("""
        SELECT c.deck, s.due, s.interval, s.lapses, s.repeat_day, f.suspended, f.buried_day
        FROM cards c LEFT JOIN card_state s ON s.card_id = c.id
        LEFT JOIN card_flags f ON f.card_id = c.id
        WHERE c.orphaned_ms IS NULL AND (:deck IS NULL OR c.deck = :deck COLLATE NOCASE)""",
                              {"deck": deck}).fetchall()
    names = ("suspended", "buried", "new", "learning", "young", "mature", "leeches", "total")
    decks = {}
    for name, due, interval, lapses, repeat_day, suspended, buried_day in rows:
        counts = decks.setdefault(name, dict.fromkeys(names, 0))
        state = ("suspended" if suspended == 1 else "buried" if buried_day == today
                 else "new" if due is None else "learning" if repeat_day == today
                 else "young" if interval < 21 else "mature")
        counts[state] += 1
        counts["leeches"] += (lapses or 0) >= 8
        counts["total"] += 1
    return [{"deck": name, **decks[name]} for name in sorted(decks)]


def with_new_and_buried(store, today):
    """Two new cards, one of them buried today; two mature cards and a young one in learning
    today (a same-day repeat pending), one of the mature ones and the young one buried."""
    add_cards(store, [("n1", "Deck A", "concept", ()), ("n2", "Deck B", "code", ())])
    pick = "SELECT card_id FROM card_state WHERE card_id > 'c09' AND interval {} 21 " \
           "ORDER BY card_id LIMIT 2"
    mature = [row[0] for row in store.conn.execute(pick.format(">="))]
    young = store.conn.execute(pick.format("<")).fetchone()[0]
    with store.atomic():
        store.conn.execute("UPDATE card_state SET repeat_day = ? WHERE card_id IN (?, ?, ?)",
                           (today, *mature, young))
        for card_id in ("n2", mature[1], young):
            store.flags.set_buried(card_id, today)


@pytest.mark.parametrize("deck", [None, "Deck A", "deck b", "No such deck"])
@pytest.mark.parametrize("today", ["2026-04-02", "2026-04-29", "2026-05-20"])
def test_card_states_equal_each_cards_own_state(varied, deck, today):
    store, _ = varied
    with_new_and_buried(store, today)
    assert store.stats.card_states(today, deck) == reference_card_states(store, today, deck)


def test_the_varied_card_states_have_every_state(varied):
    """What the comparison above needs: every state, leeches, and a mature card in learning (it
    leaves mature, not young)."""
    store, _ = varied
    with_new_and_buried(store, "2026-05-20")
    states = reference_card_states(store, "2026-05-20")
    for name in ("suspended", "buried", "new", "learning", "young", "mature", "leeches"):
        assert sum(row[name] for row in states) > 0, name
    assert store.conn.execute("""SELECT COUNT(*) FROM card_state WHERE repeat_day = '2026-05-20'
                                 AND interval >= 21 AND due IS NOT NULL""").fetchone()[0] == 2


@pytest.mark.parametrize("deck", [None, "Deck B"])
@pytest.mark.parametrize("days", [30, 365])
def test_the_screens_detail_meanwhile_equals_compute(varied, deck, days):
    """The screen's way: the first figures, the detail on a second connection meanwhile, then
    merged; also when only the range changed (earlier figures reused)."""
    store, calendar = varied
    expected = compute(store, calendar, NOW, days, deck)
    job = StatsJob(StatsRequest(deck, days))
    job.start_detail(store, calendar.day(NOW))
    stats = compute(store, calendar, NOW, days, deck, detail=False)
    add_detail(store, stats, job.detail.result(timeout=30))
    assert stats.to_json() == expected.to_json() and stats.detailed
    earlier = compute(store, calendar, NOW, 90, deck)
    job = StatsJob(StatsRequest(deck, days), reuse=earlier)
    job.start_detail(store, calendar.day(NOW))
    found = job.detail.result(timeout=30)
    assert "ease" not in found  # the earlier figures' distributions are kept
    stats = compute(store, calendar, NOW, days, deck, detail=False, reuse=earlier)
    add_detail(store, stats, found)
    assert stats.to_json() == expected.to_json()
    assert not job.conns  # its connection closed


def test_a_stopped_job_computes_no_detail(varied):
    store, calendar = varied
    job = StatsJob(StatsRequest(None, 30))
    job.stop()
    job.start_detail(store, calendar.day(NOW))
    with pytest.raises(RuntimeError, match="filters changed"):
        job.detail.result(timeout=30)


@pytest.mark.parametrize("deck", [None, "Deck B"])
@pytest.mark.parametrize("detail", [False, True])
def test_drill_stats_way_aside_equals_compute(varied, deck, detail, monkeypatch):
    """`drill stats`'s way (`aside`): the card states and the detail read on second connections
    in threads meanwhile give the same figures, and those threads did read them."""
    import threading

    from drill.store.stats import Stats as StatsQueries

    store, calendar = varied
    expected = compute(store, calendar, NOW, 30, deck, detail=detail)
    threads = []
    card_states = StatsQueries.card_states

    def counted(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return card_states(self, *args, **kwargs)

    monkeypatch.setattr(StatsQueries, "card_states", counted)
    stats = compute(store, calendar, NOW, 30, deck, detail=detail, aside=True)
    assert stats == expected and stats.to_json() == expected.to_json()
    assert stats.detailed is detail
    assert threads == ["statistics aside"]


def test_aside_in_memory_and_its_errors(varied, monkeypatch):
    """In memory there is no second connection: the figures are read in place. An error in a
    thread reaches whoever computes, as it would without `aside`."""
    import sqlite3

    from drill.store.stats import Stats as StatsQueries

    memory = Store.open(None)
    calendar = Calendar(BERLIN, 4)
    assert compute(memory, calendar, NOW, aside=True) == compute(memory, calendar, NOW)
    store, calendar = varied

    def failing(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(StatsQueries, "card_states", failing)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        compute(store, calendar, NOW, aside=True)
