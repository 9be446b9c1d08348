"""A few simulated weeks of practice, written through the store API with a FixedClock (shared
by the statistics tests: core, Pilot and terminal)."""

from __future__ import annotations

import json

from drill.clock import Calendar, FixedClock, epoch_ms
from drill.review import Reviewer
from drill.store import Store

GRADES = (5, 4, 3, 4, 5, 2, 4, 5, 1, 4)


def simulate(store: Store, clock: FixedClock, calendar: Calendar, days: int = 28,
             cards: int = 24, skip_every: int = 6) -> list[str]:
    """Review `cards` cards day by day for `days` days (idle every `skip_every`-th day, a failed
    card repeated once), then score a mock round; the clock ends on the last day. Returns the
    cards used."""
    reviewer = Reviewer(store, clock, calendar)
    ids = [card.id for card in store.cards.list() if card.orphaned_ms is None][:cards]
    turn = 0
    for day in range(days):
        if skip_every and day % skip_every == skip_every - 1:
            clock.advance(days=1)
            continue
        today = calendar.day(clock.now()).isoformat()
        for card in ids:
            progress = store.log.progress(card)
            if progress.due is None or progress.due <= today:
                grade = GRADES[turn % len(GRADES)]
                turn += 1
                reviewer.grade(card, grade, 20_000)
                clock.advance(seconds=30)
                if grade < 4:
                    reviewer.grade(card, 4, 10_000)
                    clock.advance(seconds=30)
        clock.advance(days=1)
    clock.advance(days=-1)
    add_mock_round(store, ids[:3], epoch_ms(clock.now()), [4, 3, 2])
    return ids


def add_mock_round(store: Store, cards: list[str], when_ms: int, scores: list[int],
                   fmt: str = "technical") -> str:
    round_id = f"round-{when_ms}"
    store.mock.create({"id": round_id, "format": fmt, "title": fmt, "seed": 1,
                       "started_ms": when_ms},
                      [{"round_id": round_id, "position": n, "card_id": card, "limit_s": 480,
                        "rubric": json.dumps([])} for n, card in enumerate(cards)])
    for n, score in enumerate(scores):
        store.mock.update_answer(round_id, n, score=score, elapsed_ms=300_000)
    store.mock.update_round(round_id, status="finished", finished_ms=when_ms + 1)
    return round_id


