"""A synthetic user follows a 21-day study plan over the bundled decks (issue 20, "Done when").

The user:
- opens the day's review session (drill.session.ReviewSession.today with the context's limits,
  so the plan's new cards, the due cards, same-day repeats and the final-week pass) and answers
  every card, same-day repeats included, before the clock moves on a day;
- recalls a card with probability p = 0.9 ** (elapsed / interval) (elapsed: days since its last
  grade; interval: its SM-2 interval, at least 1 day), and a card seen for the first time with
  probability 0.8; a recall is graded 4, a miss 1. The draws come from a fixed seed;
- gives no answer times, so the plan's seconds per card stays drill's default (45 s).

What is asserted:
- every planned card has been seen by the cut-off (7 days before the interview);
- no day takes longer than the plan warned. A day's minutes are the grades given that day
  (every answer: due, new, repeats and the final-week pass) × the plan's seconds per card. What
  the plan warned is worked out each morning from `drill plan`'s pace: the busiest day of its
  forecast or the minutes per day, whichever is higher;
- every pass in the final week's cramming pass leaves the card's SM-2 state (state, due day,
  interval, lapses) as it was and is logged as `practice`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from drill.cram import CRAM_DAYS
from drill.plan import DEFAULT_CUTOFF_DAYS, Interview
from drill.plan_file import save as save_plan
from drill.plan_material import seconds_per_card
from drill.session import CRAM, ReviewSession

DAYS = 21
MINUTES = 60
SEED = 2026
ANSWER_MS = 45_000  # every answer takes 45 s: the plan learns the pace from these times


def _recall(rng: random.Random, progress, today: date, last_day: date | None) -> int:
    if progress.is_new or last_day is None:
        chance = 0.8
    else:
        chance = 0.9 ** ((today - last_day).days / max(1, progress.interval))
    return 4 if rng.random() < chance else 1


def test_a_synthetic_user_follows_a_three_week_plan(make_ctx, clock):
    ctx = make_ctx()
    ctx.sync()
    day0 = ctx.calendar.day(ctx.clock.now())
    interview = day0 + timedelta(days=DAYS)
    save_plan(ctx.locations.config_file.with_name("plan.toml"),
              [Interview(interview, minutes_per_day=MINUTES)])
    planned = ctx.limits.new_order
    assert len(planned) > 300  # the whole bundled set
    cutoff = interview - timedelta(days=DEFAULT_CUTOFF_DAYS)
    rng = random.Random(SEED)
    last_day: dict[str, date] = {}
    minutes, warned, crams, counts = [], [], [], []
    for _ in range(DAYS):
        today = ctx.calendar.day(ctx.clock.now())
        pace = ctx.plan_pace()
        seconds = seconds_per_card(ctx.store.conn)  # the plan's: the default, with no times
        warned.append(max(pace.forecast.peak_minutes, MINUTES))
        reviewer = ctx.reviewer()
        session = ReviewSession.today(ctx.store, reviewer, ctx.limits)
        graded = 0
        while session.current is not None:
            card = session.current
            cram = session.slots[card] == CRAM
            before = ctx.store.log.progress(card)
            grade = _recall(rng, before, today, last_day.get(card))
            session.grade(grade, ANSWER_MS)
            graded += 1
            last_day[card] = today
            if cram:
                after = ctx.store.log.progress(card)
                crams.append((today, card, grade, before, after, ctx.store.log.rows(card)[-1].kind))
        minutes.append(graded * seconds / 60)
        counts.append((graded, pace.new_today, pace.forecast.reviews[0]))
        if today == cutoff:
            unseen = [c for c in planned if ctx.store.log.progress(c).is_new]
            assert unseen == [], [(c, ctx.store.cards.siblings(c), ctx.store.flags.of(c)) for c in unseen]
        clock.advance(days=1)
    over = [(day, round(m, 1), round(w, 1)) for day, (m, w) in enumerate(zip(minutes, warned))
            if m > w]
    assert not over, f"days over what the plan warned (day, minutes, warned): {over}"
    passes = [(card, before, after, kind) for _, card, grade, before, after, kind in crams
              if grade >= 3]
    assert passes, "the final week crammed nothing"
    assert len({card for _, card, *_ in crams}) == len(crams)  # nothing crammed twice
    for card, before, after, kind in passes:
        assert kind == "practice"
        assert (after.state, after.due, after.interval, after.lapses) == (
            before.state, before.due, before.interval, before.lapses), card
    assert min(day for day, *_ in crams) >= interview - timedelta(days=CRAM_DAYS)
    print(f"minutes per day: {[round(m) for m in minutes]}; warned: "
          f"{[round(w) for w in warned]}; crammed: {len(crams)}; {counts}")
