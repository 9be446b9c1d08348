"""A synthetic user follows a 21-day study plan over the bundled decks (issue 20, "Done when").

The user (a fixed seed; the whole bundled set, about 500 cards, no role: the run takes a few
seconds):
- opens each day's review session (drill.session.ReviewSession.today with the context's limits:
  the plan's new cards, the due cards and the final-week pass) and answers every card, same-day
  repeats included, before the clock moves on a day;
- recalls a card with probability p = 0.9 ** (elapsed / interval) (elapsed: days since its last
  answer; interval: its SM-2 interval, at least 1 day; a same-day repeat is always recalled), a
  card seen for the first time with probability 0.8; a recall is graded 4, a miss 1;
- takes 45 s an answer, so the plan's seconds per card (the median of the user's times) is 45.
The plan asks for 60 minutes a day; with every bundled card that does not fit, and the plan says
so: the user studies longer, as warned.

What is asserted:
- every planned card has been seen by the cut-off (7 days before the interview);
- no day takes longer than the plan warned that morning. A day's minutes are the answers given
  that day (due, new, same-day repeats and the final-week pass) × the plan's seconds per card.
  What the plan warned is `drill plan`'s pace that morning: the busiest day of its forecast (which
  counts the final-week pass and an allowance for misses at the user's own miss rate) or the
  minutes per day, whichever is higher. The forecast is an expectation: with this seed every
  day fits; over seeds 0-11, one (seed 8) has a day one answer (0.7 min) over;
- each card comes back at most once in the final week's pass; every pass there is logged as
  `practice` and leaves the card's SM-2 state (state, due day, interval, lapses) as it was, and
  every miss there is a lapse.
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
    minutes, warned, crams = [], [], []
    for _ in range(DAYS):
        today = ctx.calendar.day(ctx.clock.now())
        pace = ctx.plan_pace()
        seconds = seconds_per_card(ctx.store.conn)  # the plan's
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
                kind = ctx.store.log.rows(card)[-1].kind
                crams.append((today, card, grade, before, after, kind))
        minutes.append(graded * seconds / 60)
        if today == cutoff:
            unseen = [c for c in planned if ctx.store.log.progress(c).is_new]
            assert unseen == [], f"{len(unseen)} planned cards unseen by the cut-off"
        clock.advance(days=1)
    over = [(day, round(m, 1), round(w, 1))
            for day, (m, w) in enumerate(zip(minutes, warned, strict=True)) if m > w]
    assert not over, f"days over what the plan warned (day, minutes, warned): {over}"
    assert len({card for _, card, *_ in crams}) == len(crams)  # nothing crammed twice
    passes = [c for c in crams if c[2] >= 3]
    misses = [c for c in crams if c[2] < 3]
    assert len(passes) > 100 and misses  # the pass brought back a good share of the cards
    for _, card, _, before, after, kind in passes:
        assert kind == "practice"
        assert (after.state, after.due, after.interval, after.lapses) == (
            before.state, before.due, before.interval, before.lapses), card
    for _, card, _, before, after, kind in misses:
        assert kind == "practice" and after.lapses == before.lapses + 1, card
    assert min(day for day, *_ in crams) >= interview - timedelta(days=CRAM_DAYS)
    print(f"minutes per day: {[round(m) for m in minutes]}; warned: "
          f"{[round(w) for w in warned]}; crammed: {len(crams)}")
