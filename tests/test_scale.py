"""At scale (issue 26). Today's queue sorts and counts due cards in SQL (drill/store/queue.py
`today`) and gives exactly the queue the whole list of reviewable cards gives, catching up or
not; Home counts once at start; a cold sync writes the same JSON text."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from drill.progress import LEECH_LAPSES
from drill.review import Filters, Limits, Reviewer, _due, build_queue


def _collection(store, clock, calendar, count=240):
    rng = random.Random(2026)
    rows = []
    for i in range(count):
        of_id = f"c{i - 1:04d}" if i % 17 == 1 else None  # some recall cards of a reference
        rows.append({"id": f"c{i:04d}", "deck": f"Deck {i % 5}", "prompt": f"Q{i}?",
                     "answer": "A", "kind": "concept", "difficulty": "medium",
                     "tags": '["t"]', "roles": '["mle"]' if i % 3 else '["researcher"]',
                     "path": f"/d{i % 5}.md", "line": i + 2, "origin": "user",
                     "content_hash": f"h{i}", "added_ms": 0, "edited_ms": None,
                     "orphaned_ms": None, "merged_into": None, "of_id": of_id})
    with store.atomic():
        store.cards.upsert(rows)
    reviewer = Reviewer(store, clock, calendar)
    ids = [row["id"] for row in rows]
    for _ in range(60):  # two months of uneven study
        for card in rng.sample(ids[:200], 25):
            reviewer.grade(card, rng.choice([0, 1, 3, 4, 4, 5, 5]))
        clock.advance(days=1)
    with store.atomic():  # a few leeches
        store.conn.execute("UPDATE card_state SET lapses = ? WHERE card_id IN ('c0003', 'c0050')",
                           [LEECH_LAPSES])
    store.flags.set_suspended("c0010", True)
    return ids


def _whole_list(store):
    """The queue's rows the way it read them before: every reviewable card."""
    def today(day, deck=None, tag=None, kind=None, budget=0, prefer_role=None, also=()):
        rows = store.queue.rows(day, deck, tag, kind)
        leeches = sum((row["lapses"] or 0) >= LEECH_LAPSES for row in rows)
        return (rows, len(_due(store.queue.rows(day), day)), {row["deck"] for row in rows},
                leeches)
    return today


@pytest.mark.parametrize("days_on", [0, 20, 90])
@pytest.mark.parametrize("limits", [Limits(), Limits(review_cap=7), Limits(new_per_day=30),
                                    Limits(day_budget=500, new_while_catching_up=True)])
def test_the_queue_from_sql_equals_the_queue_from_every_row(store, clock, calendar,
                                                            monkeypatch, days_on, limits):
    _collection(store, clock, calendar)
    today = calendar.day(clock.now()) + timedelta(days=days_on)
    cases = [dict(), dict(prefer_role="researcher"), dict(by_risk=True),
             dict(filters=Filters(deck="Deck 2")), dict(filters=Filters(tag="t")),
             dict(filters=Filters(tag="t"), prefer_role="researcher")]
    from_sql = [build_queue(store, today, limits, **case) for case in cases]
    monkeypatch.setattr(store.queue, "today", _whole_list(store))
    from_rows = [build_queue(store, today, limits, **case) for case in cases]
    assert from_sql == from_rows
    assert any(queue.due for queue in from_sql) and any(queue.leeches for queue in from_sql)
    if days_on == 90 and limits.daily_reviews < 150:  # catching up: a day's work of them
        assert from_sql[0].backlog > limits.daily_reviews >= len(from_sql[0].due)



def _awkward(store, clock, calendar, ids):
    """What the queue over every deck leaves out or takes in apart from the due index: a card
    buried today, an orphan with progress, a deck turned off, progress of a card the collection
    lacks, a card started over (no progress left), and many due cards tied on risk and due day
    around a small day's work."""
    day = calendar.day(clock.now()).isoformat()
    reviewer = Reviewer(store, clock, calendar)
    store.flags.set_buried("c0020", day)
    store.prefs.set_deck_enabled("Deck 4", False)
    reviewer.reset("c0030")
    with store.atomic():
        store.conn.execute("UPDATE cards SET orphaned_ms = 1 WHERE id = 'c0040'")
        store.conn.execute("""INSERT INTO card_state SELECT 'elsewhere', scheduler, state, due,
            interval, lapses, reviews, last_ms, last_grade, first_day, repeat_day, log_rows
            FROM card_state WHERE card_id = 'c0041'""")
        store.conn.execute("UPDATE card_state SET due = '2026-01-02', interval = 1, lapses = 0, "
                           "repeat_day = NULL WHERE card_id IN "
                           f"({', '.join(repr(card) for card in ids[100:160])})")
        # The tied cards that come first in file order come last in the due index.
        for rank, card in enumerate(ids[100:160:5]):
            store.conn.execute("UPDATE card_state SET repeat_day = ? WHERE card_id = ?",
                               [f"2025-12-{31 - rank:02d}", card])


@pytest.mark.parametrize("days_on", [0, 20, 90])
@pytest.mark.parametrize("limits", [Limits(), Limits(day_budget=3), Limits(review_cap=7),
                                    Limits(new_per_day=30, cram=("c0001", "c0002", "c0100"),
                                           cram_per_day=2)])
def test_the_queue_over_every_deck_leaves_out_and_takes_in_what_every_row_does(
        store, clock, calendar, monkeypatch, days_on, limits):
    ids = _collection(store, clock, calendar)
    _awkward(store, clock, calendar, ids)
    today = calendar.day(clock.now()) + timedelta(days=days_on)
    cases = [dict(), dict(prefer_role="researcher"), dict(by_risk=True)]
    from_sql = [build_queue(store, today, limits, **case) for case in cases]
    monkeypatch.setattr(store.queue, "today", _whole_list(store))
    from_rows = [build_queue(store, today, limits, **case) for case in cases]
    assert from_sql == from_rows
    queue = from_sql[0]
    assert "Deck 4" not in queue.per_deck and queue.due
    assert not {"c0020", "c0040", "elsewhere"} & set(queue.due + queue.new)
    if days_on == 0:
        assert "c0030" in queue.new or queue.new_left == 0


async def test_home_counts_once_at_start_and_again_when_shown_again(make_ctx, monkeypatch):
    """The first resume of Home follows its mount, which counted already (at 100,000 cards a
    count is most of the start-up); coming back from a review counts again."""
    from drill.tui.screens import home
    from drill.tui.screens.help import HelpScreen
    from tests.test_tui import app_for

    counted = []
    real = home.build_queue
    monkeypatch.setattr(home, "build_queue", lambda *a, **k: counted.append(1) or real(*a, **k))
    app = app_for(make_ctx())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, home.HomeScreen) and len(counted) == 1
        app.push_screen(HelpScreen())
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert isinstance(app.screen, home.HomeScreen) and len(counted) == 2


@pytest.mark.parametrize("items", [(), ("ml",), ("a", "b-c", "é", 'say "hi"', "back\\slash",
                                                 "tab\there", "🙂")])
def test_a_cold_syncs_lists_are_the_json_text_json_writes(items):
    import json

    from drill.sync import _json_list

    assert _json_list(items) == json.dumps(list(items))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("budget", [1, 5, 40])
def test_the_search_for_the_cards_most_at_risk_reads_only_those_due_early_enough(
        store, clock, calendar, monkeypatch, seed, budget):
    """The cut (store.queue `_risk_cut`) leaves out only cards that cannot be among the most at
    risk: the same queue as reading every due card, on dues and intervals where the cards due
    longest are not the ones most at risk."""
    ids = _collection(store, clock, calendar, count=900)
    rng = random.Random(seed)
    today = calendar.day(clock.now())
    with store.atomic():
        state = store.conn.execute("SELECT state, scheduler FROM card_state "
                                   "WHERE state IS NOT NULL LIMIT 1").fetchone()
        for card in ids:
            overdue = rng.choice([0, 1, 2, 3, 5, 8, 13, 30, 90, 200, 400])
            interval = rng.choice([1, 1, 2, 4, 10, 60, 250]) if overdue < 200 else 365
            store.conn.execute(
                "INSERT OR REPLACE INTO card_state (card_id, scheduler, state, due, interval, "
                "lapses, reviews) VALUES (?, ?, ?, ?, ?, ?, 3)",
                [card, state[1], state[0], (today - timedelta(days=overdue)).isoformat(),
                 interval, rng.choice([0, 0, 1, LEECH_LAPSES])])
    limits = Limits(day_budget=budget)
    cases = [dict(), dict(prefer_role="researcher")]
    cuts = []
    real_cut = store.queue._risk_cut
    monkeypatch.setattr(store.queue, "_risk_cut",
                        lambda *args: cuts.append(real_cut(*args)) or cuts[-1])
    with_cut = [build_queue(store, today, limits, **case) for case in cases]
    assert cuts and cuts[0] < today.isoformat()  # it did cut
    monkeypatch.setattr(store.queue, "_risk_cut", lambda params, limit: params["today"])
    assert [build_queue(store, today, limits, **case) for case in cases] == with_cut
    monkeypatch.setattr(store.queue, "today", _whole_list(store))
    assert [build_queue(store, today, limits, **case) for case in cases] == with_cut
    assert all(len(queue.due) == budget and queue.leeches for queue in with_cut)
    assert with_cut[0].due != with_cut[1].due  # the role's cards come first


@pytest.mark.parametrize("case", [dict(), dict(prefer_role="researcher"), dict(by_risk=True),
                                  dict(filters=Filters(tag="t"), prefer_role="researcher"),
                                  dict(filters=Filters(kind="concept"))])
def test_a_tie_far_larger_than_a_days_work_is_ordered_as_drill_review_orders_it(
        store, clock, calendar, monkeypatch, case):
    """Every card equally at risk and due the same day: the index hands them over in id order,
    and the day's work is the first of them in drill.review's order (the target role's first,
    then file order), most of which the index puts far behind."""
    ids = _collection(store, clock, calendar, count=600)
    today = calendar.day(clock.now())
    with store.atomic():
        state = store.conn.execute("SELECT state, scheduler FROM card_state "
                                   "WHERE state IS NOT NULL LIMIT 1").fetchone()
        for card in ids:
            store.conn.execute(
                "INSERT OR REPLACE INTO card_state (card_id, scheduler, state, due, interval, "
                "lapses, reviews) VALUES (?, ?, ?, ?, 1, 0, 3)",
                [card, state[1], state[0], (today - timedelta(days=30)).isoformat()])
        store.conn.execute("UPDATE cards SET path = '/late.md' WHERE id < 'c0300'")
    limits = Limits(day_budget=5)
    from_sql = build_queue(store, today, limits, **case)
    monkeypatch.setattr(store.queue, "today", _whole_list(store))
    assert build_queue(store, today, limits, **case) == from_sql
    assert len(from_sql.due) == 5 and all(card >= "c0300" for card in from_sql.due)


@pytest.mark.parametrize("days_on", [0, 20, 90])
def test_the_due_count_of_every_deck_is_what_every_row_gives(store, clock, calendar, days_on):
    """`due_count` (filtered queues judge catching up by it) from the due index and signed
    counts, against the count over every reviewable card."""
    ids = _collection(store, clock, calendar)
    _awkward(store, clock, calendar, ids)
    day = (calendar.day(clock.now()) + timedelta(days=days_on)).isoformat()
    assert store.queue.due_count(day) == len(_due(store.queue.rows(day), day)) > 0


def test_the_new_cards_are_the_cards_without_progress_whatever_their_ids(store, clock, calendar):
    """The cards with no progress (a merge of the two id indexes) are exactly those, for ids
    that differ only in case or sort apart by byte, with progress of a card the collection
    lacks beside them."""
    ids = ["A0001", "a0001", "Ä0001", "z9", "0abc", "ab", "abc", "Ab"]
    rows = [{"id": card, "deck": "D", "prompt": "Q?", "answer": "A", "kind": "concept",
             "difficulty": "medium", "tags": "[]", "roles": "[]", "path": "/d.md", "line": i,
             "origin": "user", "content_hash": card, "added_ms": 0, "edited_ms": None,
             "orphaned_ms": None, "merged_into": None, "of_id": None}
            for i, card in enumerate(ids)]
    with store.atomic():
        store.cards.upsert(rows)
    reviewer = Reviewer(store, clock, calendar)
    for card in ("a0001", "abc", "0abc"):
        reviewer.grade(card, 4)
    with store.atomic():
        store.conn.execute("""INSERT INTO card_state SELECT 'Ab0', scheduler, state, due,
            interval, lapses, reviews, last_ms, last_grade, first_day, repeat_day, log_rows
            FROM card_state WHERE card_id = 'abc'""")
    _, _, unseen = store.queue._counts({"today": calendar.day(clock.now()).isoformat()})
    assert unseen == sorted(set(ids) - {"a0001", "abc", "0abc"})


def test_queues_are_equal_only_field_for_field():
    """The comparisons above of queues built two ways hold only if a queue equals another with
    every field (and each deck's counts) the same (drill/record.py; not a dataclass)."""
    from drill.clock import Calendar
    from drill.review import DeckCounts, TodayQueue

    first, second = TodayQueue("2026-03-01"), TodayQueue("2026-03-01")
    assert first == second and first != TodayQueue("2026-03-02")
    second.per_deck["D"] = DeckCounts(due=1)
    assert first != second
    first.per_deck["D"] = DeckCounts(due=1)
    assert first == second
    first.per_deck["D"].new_waiting = 3
    assert first != second
    second.per_deck["D"].new_waiting, second.due = 3, ["c1"]
    assert first != second
    assert DeckCounts() != Calendar() and DeckCounts() != (0, 0, 0, 0)
    assert repr(DeckCounts(due=2)) == "DeckCounts(due=2, new=0, repeat=0, new_waiting=0)"
    with pytest.raises(TypeError):
        hash(first)  # mutable: not a dict key
