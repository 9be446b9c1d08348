"""The whole-log rebuild's fast SM-2 path (drill/store/replaying.py `_plain_sm2_rows`) writes exactly the
rows the general replay writes, and the cache the grades wrote."""

from __future__ import annotations

import random

from drill.review import Reviewer
from drill.store.replaying import _plain_sm2_rows, rebuild_cache

from .test_store import add_cards


def _cache(store) -> list[tuple]:
    return store.conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall()


def test_the_fast_rebuild_writes_the_rows_the_general_replay_writes(store, clock, calendar):
    cards = add_cards(store, 40)
    reviewer = Reviewer(store, clock, calendar)
    rng = random.Random(26)
    undoable: list[str] = []
    for _ in range(4000):
        action = rng.random()
        if action < 0.02 and undoable:  # undo on a few cards only: the rest stay plain
            reviewer.undo(undoable.pop(rng.randrange(len(undoable))))
        elif action < 0.15:
            clock.advance(hours=rng.choice([-30, 1, 5, 20, 30, 24 * 7, 24 * 60]))
        else:
            card = rng.choice(cards)
            uid = reviewer.grade(card, rng.randrange(6), rng.randrange(90_000),
                                 off_schedule=rng.random() < 0.1)
            if card in cards[:4]:
                undoable.append(uid)
    live = _cache(store)
    kinds = {kind for (kind,) in store.conn.execute("SELECT DISTINCT kind FROM reviews")}
    assert kinds == {"review", "repeat", "practice", "undo"}
    assert any(row[5] for row in live) and any(row[10] for row in live)  # lapses, repeat days
    assert max(row[4] for row in live) > 6  # intervals grown past the first two steps

    assert store.log.rebuild() == len(cards)  # the fast path, and the general one for the rest
    assert _cache(store) == live
    plain, others = _plain_sm2_rows(store.conn)
    assert len(plain) > 30 and 0 < len(others) <= 4
    with store.atomic():
        rebuild_cache(store.conn, cards)  # every card the general way
    assert _cache(store) == live


def test_cards_with_imports_or_two_devices_replay_the_general_way(store, clock, calendar):
    cards = add_cards(store, 3)
    reviewer = Reviewer(store, clock, calendar)
    for day in range(12):
        for card in cards:
            reviewer.grade(card, 4 if day % 3 else 2)
        clock.advance(days=1)
    # Card 1's even rows as if graded on another device; card 2 taken over from an orphan.
    store.conn.execute("UPDATE reviews SET device = 'other' WHERE card_id = ? AND seq % 2 = 0",
                       [cards[1]])
    progress = store.log.progress(cards[0])
    store.log.append(card_id=cards[2], kind="import", when_ms=1, day="2026-01-01", utc_offset=0,
                     scheduler="sm2", before=store.log.progress(cards[2]), after=progress)
    plain, others = _plain_sm2_rows(store.conn)
    assert [row[0] for row in plain] == [cards[0]] and others == cards[1:]
    store.log.rebuild()
    fast = _cache(store)
    with store.atomic():
        rebuild_cache(store.conn, cards)
    assert _cache(store) == fast
