"""What a plan covers, read from the store: the planned cards in order, the cards already learned
and the user's pace (plain SQL over the store's connection; no Textual).

The planned cards of a role: the material of each skill-matrix row (decks and tags, the roadmap's
mapping that readiness uses), rows the role rates most important first, then each interview
stage's decks; within a row, cards in deck-file order. Without a role: every deck, in file order.
Suspended and orphaned cards are left out.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from drill import sm2
from drill.plan import DEFAULT_SECONDS_PER_CARD

ACTIVE = """
    SELECT c.id, c.deck, c.tags FROM cards c LEFT JOIN card_flags f ON f.card_id = c.id
    WHERE c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
    ORDER BY c.path, c.line"""


@dataclass(frozen=True)
class Material:
    planned: tuple[str, ...]  # card ids, in the order new ones are introduced
    unseen: tuple[str, ...]  # the planned cards not seen yet, in that order
    learned: tuple[sm2.SM2State, ...]  # every active card already seen (they all come due)
    seconds_per_card: float


def planned_cards(conn, roadmap: Any, role: str | None, weak: tuple[int, ...] = ()) -> list[str]:
    """Planned card ids in order: the decks of stages that went badly in an earlier interview
    (`weak`, from its debrief) first, then the role's skill rows by importance, then the
    stages' decks."""
    cards = [(card_id, deck, set(json.loads(tags or "[]")))
             for card_id, deck, tags in conn.execute(ACTIVE)]
    if (not role and not weak) or roadmap is None:
        return [card_id for card_id, _, _ in cards]
    stages = {stage.number: stage for stage in roadmap.interview.stages}
    groups = [(set(stages[n].decks), set()) for n in weak if n in stages]
    if role:
        ratings = roadmap.matrix.ratings
        rows = sorted(roadmap.skill_material,
                      key=lambda item: -ratings.get(item.skill, {}).get(role, 1))
        groups += [(set(m.decks), set(m.tags)) for m in (item.for_role(role) for item in rows)]
    groups += [(set(stage.decks), set()) for stage in roadmap.interview.stages]
    seen: set[str] = set()
    ordered = []
    for decks, tags in groups:
        for card_id, deck, card_tags in cards:
            if card_id not in seen and (deck in decks or card_tags & tags):
                seen.add(card_id)
                ordered.append(card_id)
    return ordered


def _sm2_state(state: str | None, due: str | None, interval: int) -> sm2.SM2State:
    data = json.loads(state) if state else None
    if data and "ef100" in data:
        return sm2.SM2State.from_dict(data)
    # another scheduler's card: walk it forward as an SM-2 card with its interval
    return sm2.SM2State(repetitions=2, interval=max(1, interval or 1),
                        due=date.fromisoformat(due) if due else None)


def seconds_per_card(conn, recent: int = 300) -> float:
    """The median answer time of the user's last `recent` timed grades (a default before any)."""
    rows = [ms for (ms,) in conn.execute(
        "SELECT duration_ms FROM reviews WHERE duration_ms IS NOT NULL AND kind != 'undo' "
        "ORDER BY rowid DESC LIMIT ?", [recent])]
    return statistics.median(rows) / 1000 if len(rows) >= 20 else DEFAULT_SECONDS_PER_CARD


def material(conn, roadmap: Any, role: str | None, weak: tuple[int, ...] = ()) -> Material:
    planned = planned_cards(conn, roadmap, role, weak)
    states = {card_id: (state, due, interval) for card_id, state, due, interval in conn.execute(
        "SELECT s.card_id, s.state, s.due, s.interval FROM card_state s "
        "LEFT JOIN card_flags f ON f.card_id = s.card_id JOIN cards c ON c.id = s.card_id "
        "WHERE s.state IS NOT NULL AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0")}
    unseen = tuple(card_id for card_id in planned if card_id not in states)
    learned = tuple(_sm2_state(*row) for row in states.values())
    return Material(tuple(planned), unseen, learned, seconds_per_card(conn))


@dataclass(frozen=True)
class Today:
    """What the plan asks of today's queue: the new-card limit and the order of new cards."""

    interview: Any
    new_per_day: int
    order: tuple[str, ...]
    cram: Any = None  # drill.cram.Cram: the final week's cramming pass (None before it)


def plan_today(conn, roadmap: Any, interview: Any, role: str | None, today: date,
               minimum: int, weak: tuple[int, ...] = ()) -> Today:
    """Today's new-card limit for `interview`, from the planned cards unseen at the start of
    the day (cards introduced today still count, so the limit holds all day)."""
    from drill.cram import cram_today
    from drill.plan import cutoff_day, new_today

    planned = planned_cards(conn, roadmap, role, weak)
    first_days = dict(conn.execute(
        "SELECT card_id, first_day FROM card_state WHERE state IS NOT NULL"))
    day = today.isoformat()
    unseen = sum(1 for card_id in planned
                 if card_id not in first_days or first_days[card_id] == day)
    if interview.day <= today:
        return Today(interview, minimum, tuple(planned))
    limit = new_today(unseen, today, cutoff_day(interview, today), minimum)
    return Today(interview, max(limit, minimum), introduction_order(conn, planned),
                 cram_today(conn, planned, interview.day, today))


def introduction_order(conn, planned: list[str]) -> tuple[str, ...]:
    """The order new planned cards come in: the cards linked to a sibling (a reference card
    and its recall cards) first, then the others, each in the plan's order. Siblings are never
    introduced on the same day, nor while one of them is due, so a pair takes three days or
    more: left to the end of the plan, it would miss the cut-off."""
    linked = set()
    for card_id, of_id in conn.execute("SELECT id, of_id FROM cards WHERE of_id IS NOT NULL"):
        linked.update((card_id, of_id))
    return (tuple(card_id for card_id in planned if card_id in linked)
            + tuple(card_id for card_id in planned if card_id not in linked))


def current_pace(ctx, interviews):
    """The pace to the nearest interview still to come (drill.plan.Pace) and its material, or
    (None, None). `ctx`: the app's or a command's drill.context.Context."""
    from drill.plan import nearest, pace, weak_stages
    from drill.roadmap import load

    today = ctx.calendar.day(ctx.clock.now())
    interview = nearest(interviews, today)
    if interview is None:
        return None, None
    role = interview.role or ctx.store.roadmap.target_role()
    found = material(ctx.store.conn, load(), role, weak_stages(interviews))
    return pace(interview, today, len(found.unseen), list(found.learned),
                ctx.settings.new_per_day, found.seconds_per_card), found
