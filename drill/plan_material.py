"""What a plan covers, read from the store: the planned cards in order, the cards already learned
and the user's pace (plain SQL over the store's connection; no Textual).

The planned cards of a role: the material of each skill-matrix row (decks and tags, the roadmap's
mapping that readiness uses), rows the role rates most important first, then each interview
stage's decks; within a row, cards in deck-file order. Without a role: every deck, in file order
(the decks of stages that went badly in an earlier interview first).
Suspended and orphaned cards are left out. An interview may choose its material instead (decks,
tags, kinds: `planned_cards`), and its `max_cards` keeps only the first that many planned cards
(seen or not) of that order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from drill import sm2
from drill.user_pace import miss_rate, seconds_per_card

ACTIVE = """
    SELECT c.id, c.deck, c.tags, c.kind FROM cards c LEFT JOIN card_flags f ON f.card_id = c.id
    WHERE c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0
    ORDER BY c.path, c.line"""


@dataclass(frozen=True)
class Material:
    planned: tuple[str, ...]  # card ids, in the order new ones are introduced
    unseen: tuple[str, ...]  # the planned cards not seen yet, in that order
    learned: tuple[sm2.SM2State, ...]  # every active card already seen (they all come due)
    seconds_per_card: float
    learned_ids: tuple[str, ...] = ()  # the cards of `learned`, in its order
    miss_rate: float = 0.0  # the share of the user's recent answers graded below 3


def planned_cards(conn, roadmap: Any, role: str | None, weak: tuple[int, ...] = (),
                  first: frozenset[str] = frozenset(), chosen: Any = None) -> list[str]:
    """Planned card ids in order: the decks of stages that went badly in an earlier interview
    (`weak`, from its debrief) first, then the role's skill rows by importance, then the
    stages' decks; within each, the cards in `first`, then the others, in file order.
    `chosen` (a drill.plan.Interview) may choose the material instead: the cards of its `decks`
    (by title, any case) or with its `tags`, in the order above, then those the role does not
    cover in file order; and with `kinds`, only cards of those kinds (of the role's material
    when it chose no decks or tags)."""
    rows = conn.execute(ACTIVE).fetchall()
    cards = [(card_id, deck, set(json.loads(tags or "[]"))) for card_id, deck, tags, _ in rows]
    cards.sort(key=lambda card: card[0] not in first)  # stable: file order within each
    ordered = _ordered(cards, roadmap, role, weak)
    if chosen is None or not (chosen.decks or chosen.tags or chosen.kinds):
        return ordered
    decks = {name.casefold() for name in chosen.decks}
    picked = ({card_id for card_id, deck, tags in cards
               if deck.casefold() in decks or tags & set(chosen.tags)}
              if decks or chosen.tags else set(ordered))  # kinds alone: of the role's material
    if chosen.kinds:
        picked &= {card_id for card_id, _, _, kind in rows if kind in chosen.kinds}
    covered = set(ordered)
    return ([card_id for card_id in ordered if card_id in picked]
            + [card_id for card_id, _, _ in cards if card_id in picked and card_id not in covered])


def _ordered(cards: list, roadmap: Any, role: str | None, weak: tuple[int, ...]) -> list[str]:
    """The role's planned cards in order (`planned_cards`), of `cards` (id, deck, tags)."""
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
    if not role:  # no role: every deck, the weak stages' first
        ordered += [card_id for card_id, _, _ in cards if card_id not in seen]
    return ordered


def _sm2_state(state: str | None, due: str | None, interval: int) -> sm2.SM2State:
    data = json.loads(state) if state else None
    if data and "ef100" in data:
        return sm2.SM2State.from_dict(data)
    # another scheduler's card: walk it forward as an SM-2 card with its interval
    return sm2.SM2State(repetitions=2, interval=max(1, interval or 1),
                        due=date.fromisoformat(due) if due else None)


def material(conn, roadmap: Any, role: str | None, weak: tuple[int, ...] = (),
             interview: Any = None) -> Material:
    """The plan's material: with an `interview`, the material it chose (`planned_cards`) and
    only the first `max_cards` planned cards."""
    limit = interview.max_cards if interview is not None else None
    planned = planned_cards(conn, roadmap, role, weak, chosen=interview)[:limit]
    states = {card_id: (state, due, interval) for card_id, state, due, interval in conn.execute(
        "SELECT s.card_id, s.state, s.due, s.interval FROM card_state s "
        "LEFT JOIN card_flags f ON f.card_id = s.card_id JOIN cards c ON c.id = s.card_id "
        "WHERE s.state IS NOT NULL AND c.orphaned_ms IS NULL AND COALESCE(f.suspended, 0) = 0")}
    unseen = tuple(card_id for card_id in planned if card_id not in states)
    learned = tuple(_sm2_state(*row) for row in states.values())
    return Material(tuple(planned), unseen, learned, seconds_per_card(conn), tuple(states),
                    miss_rate(conn))


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

    planned = planned_cards(conn, roadmap, role, weak, chosen=interview)[:interview.max_cards]
    first_days = dict(conn.execute(
        "SELECT card_id, first_day FROM card_state WHERE state IS NOT NULL"))
    day = today.isoformat()
    unseen = sum(1 for card_id in planned
                 if card_id not in first_days or first_days[card_id] == day)
    if interview.day <= today:
        return Today(interview, minimum, tuple(planned))
    limit = new_today(unseen, today, cutoff_day(interview, today), minimum)
    kept = set(planned)  # the interview's max_cards: the first of the plan's order only
    order = [card_id for card_id in planned_cards(conn, roadmap, role, weak, linked_cards(conn),
                                                  interview) if card_id in kept]
    # The user's own minimum once the planned cards are all seen; but a plan cut to fit
    # (max_cards) brings no other new cards before the interview, as its forecast assumed.
    limit = limit if interview.max_cards else max(limit, minimum)
    return Today(interview, limit, tuple(order),
                 cram_today(conn, planned, interview.day, today))


def max_cards_for(found: Material, unseen: int) -> int:
    """The interview's `max_cards` that plans `unseen` of the cards not seen yet: the planned
    cards up to the `unseen`th unseen one, in the plan's order (the proposal "fewer cards")."""
    left = set(found.unseen)
    count = 0
    for index, card_id in enumerate(found.planned, 1):
        count += card_id in left
        if count >= unseen:
            return index
    return len(found.planned)


def linked_cards(conn) -> frozenset[str]:
    """Cards linked to a sibling (a reference card and its recall cards). Siblings are never
    introduced on the same day, nor while one of them is due, so a pair takes three days or
    more: a study plan introduces them first within each part of the plan, or a pair left to the
    last days would miss the cut-off."""
    linked = set()
    for card_id, of_id in conn.execute("SELECT id, of_id FROM cards WHERE of_id IS NOT NULL"):
        linked.update((card_id, of_id))
    return frozenset(linked)


def current_pace(ctx, interviews):
    """The pace to the nearest interview still to come (drill.plan.Pace) and its material, or
    (None, None). `ctx`: the app's or a command's drill.context.Context."""
    from drill.plan import nearest, pace, weak_stages
    from drill.roadmap import load

    today = ctx.calendar.day(ctx.clock.now())
    interview = nearest(interviews, today)
    if interview is None:
        return None, None
    from drill.cram import cram_today, final_week_start

    role = interview.role or ctx.store.roadmap.target_role()
    found = material(ctx.store.conn, load(), role, weak_stages(interviews), interview)
    learned, crammable = list(found.learned), None
    if today >= final_week_start(interview.day):  # the cards still to cram come first
        pool = set(cram_today(ctx.store.conn, found.planned, interview.day, today).pool)
        pairs = sorted(zip(found.learned_ids, found.learned, strict=True), key=lambda p: p[0] not in pool)
        learned, crammable = [state for _, state in pairs], len(pool & set(found.learned_ids))
    return pace(interview, today, len(found.unseen), learned, ctx.settings.new_per_day,
                found.seconds_per_card, miss_rate=found.miss_rate, crammable=crammable), found
