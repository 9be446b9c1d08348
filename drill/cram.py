"""The final-week cramming pass of a study plan (plain SQL over the store's connection; no Textual).

In the last `CRAM_DAYS` days before the interview, every planned card already seen that has not
been graded since the final week began comes back once, after the day's due and new cards. The
pass is spread over the days left (at most ⌈cards left ÷ days left⌉ a day). The cards are graded
off schedule: a fail is a lapse and reschedules the card, a pass is `practice` and leaves its
SM-2 state alone. A card graded in the final week (any kind: a scheduled review, a cram, a
review ahead) is not crammed again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

CRAM_DAYS = 7

GRADED = """
    SELECT DISTINCT r.card_id FROM reviews r
    WHERE r.kind IN ('review', 'repeat', 'practice') AND r.day >= ? AND r.day < ?
      AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid)"""


@dataclass(frozen=True)
class Cram:
    """Today's cramming pass: the cards still to cram at the start of the day (in the plan's
    order) and how many of them today's queue may hold."""

    pool: tuple[str, ...] = ()
    per_day: int = 0


def final_week_start(interview_day: date) -> date:
    return interview_day - timedelta(days=CRAM_DAYS)


def _graded_between(conn, first: date, end: date) -> set[str]:
    """Cards graded (not undone) on a drill day from `first` up to, not including, `end`."""
    return {card_id for (card_id,) in conn.execute(GRADED, [first.isoformat(), end.isoformat()])}


def cram_today(conn, planned: Iterable[str], interview_day: date, today: date) -> Cram:
    """The pass for `today`: empty outside the final week. The pool is fixed for the day (cards
    graded today still count), so the day's share holds all day."""
    start = final_week_start(interview_day)
    if not start <= today < interview_day:
        return Cram()
    first_days = dict(conn.execute(
        "SELECT card_id, first_day FROM card_state WHERE state IS NOT NULL"))
    day = today.isoformat()
    graded = _graded_between(conn, start, today)
    pool = tuple(card_id for card_id in planned
                 if card_id in first_days and (first_days[card_id] or "") < day
                 and card_id not in graded)
    days_left = (interview_day - today).days
    return Cram(pool, math.ceil(len(pool) / days_left) if pool else 0)


def crammed_on(conn, cards: Iterable[str], day: date) -> tuple[set[str], int]:
    """Of `cards`: those graded on `day` (any kind), and how many of them as `practice` (the
    day's cramming so far)."""
    wanted = set(cards)
    graded, practised = set(), set()
    for card_id, kind in conn.execute(
            "SELECT r.card_id, r.kind FROM reviews r WHERE r.day = ? "
            "AND r.kind IN ('review', 'repeat', 'practice') "
            "AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.uid)",
            [day.isoformat()]):
        if card_id in wanted:
            graded.add(card_id)
            if kind == "practice":
                practised.add(card_id)
    return graded, len(practised)
