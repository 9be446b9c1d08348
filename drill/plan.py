"""A study plan to an interview date: how many new cards today, and whether the plan fits.

Pure arithmetic over dates and counts (no store, no clock): `drill plan` and the app feed it the
planned cards, their progress and the user's pace.

The rules (the README's "Study plan" section says the same for users):
- Every planned card is first seen by the **cut-off**, `cutoff_days` (default 7) before the
  interview, so that it has had at least two successful reviews before the date (SM-2 brings a
  passed new card back after 1 day, then after 6). When the cut-off has already passed, it is moved
  to two days before the interview, or today if that is later.
- **New cards today** = the unseen planned cards ÷ the days left to the cut-off (today counted),
  rounded up; never fewer than the user's own daily minimum (while any are left); recomputed each
  day from what is left.
- The **forecast** walks day by day to the interview: each day's new cards, plus every card that
  comes due, each review passed with grade 4, plus in the final week the cramming pass
  (drill.cram), times the user's seconds per card; an allowance for misses (the user's own miss
  rate: each miss is answered again the same day and comes back the next) is added to the
  minutes. **On track** means the busiest day fits the minutes per day.
- When it doesn't fit, three proposals: fewer cards (the first N unseen ones in the plan's order),
  a later cut-off (fewer days before the interview, at least 2), or more minutes per day. Fewer
  cards is kept as the interview's `max_cards`: the planned cards are then the first `max_cards`
  of the plan's order (seen or not), and pacing, the forecast and the final week use only those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from drill import sm2
from drill.cram import final_week_start
from drill.text import count
from drill.user_pace import DEFAULT_MINUTES, DEFAULT_SECONDS_PER_CARD

DEFAULT_CUTOFF_DAYS = 7
MIN_CUTOFF_DAYS = 2


@dataclass(frozen=True)
class Interview:
    day: date
    label: str = ""
    role: str | None = None
    minutes_per_day: int = DEFAULT_MINUTES
    cutoff_days: int = DEFAULT_CUTOFF_DAYS
    debriefed: bool = False  # the user told drill how it went
    weak_stages: tuple[int, ...] = ()  # interview stages that went badly (they come first next time)
    max_cards: int | None = None  # plan only the first N cards of the plan's order (None: all)
    # The material chosen by the user instead of the role's (drill.plan_material.planned_cards):
    # cards of these decks or with these tags, and of these kinds only. Empty: the role's.
    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    kind: str  # "fewer", "cutoff" or "minutes"
    text: str
    value: int  # the number of cards, the cut-off days or the minutes


@dataclass(frozen=True)
class Forecast:
    """Reviews and minutes per day from today to the day before the interview."""

    days: tuple[date, ...]
    new: tuple[int, ...]
    reviews: tuple[int, ...]
    minutes: tuple[float, ...]
    last_new_day: date | None  # the day the last planned card is first seen

    @property
    def peak_minutes(self) -> float:
        return max(self.minutes, default=0.0)


@dataclass(frozen=True)
class Pace:
    today: date
    interview: Interview
    cutoff: date
    days_left: int  # to the interview, today counted
    unseen: int
    new_today: int
    forecast: Forecast
    on_track: bool
    reason: str
    proposals: tuple[Proposal, ...] = field(default=())


def cutoff_day(interview: Interview, today: date) -> date:
    """The day by which every planned card should have been seen once."""
    cutoff = interview.day - timedelta(days=interview.cutoff_days)
    if cutoff < today:
        cutoff = max(today, interview.day - timedelta(days=MIN_CUTOFF_DAYS))
    return cutoff


def new_today(unseen: int, today: date, cutoff: date, minimum: int) -> int:
    """New cards for `today` so the `unseen` ones are all seen by `cutoff`."""
    if unseen <= 0:
        return 0
    days = (cutoff - today).days + 1
    needed = unseen if days <= 0 else math.ceil(unseen / days)
    return min(unseen, max(needed, minimum))


def forecast(interview: Interview, today: date, unseen: int, learned: list[sm2.SM2State],
             minimum: int, seconds_per_card: float, miss_rate: float = 0.0,
             crammable: int | None = None) -> Forecast:
    """Walk each day to the interview: `learned` holds the SM-2 state of each card already seen
    (overdue ones come today); `unseen` planned cards come in at the plan's pace.

    In the final week (drill.cram) the cramming pass is counted too: each day its share of the
    cards not reviewed since the week began (the first `crammable` of `learned` are those still
    to cram today; None: all of them). `miss_rate`, the share of answers the user misses, adds
    an allowance to each day's minutes: a missed card is answered again the same day and comes
    back the next."""
    cutoff = cutoff_day(interview, today)
    week = final_week_start(interview.day)
    states: dict[int, sm2.SM2State] = dict(enumerate(learned))
    # the last day each card was answered (before today: the learned ones still to cram)
    last: dict[int, date] = {index: week - timedelta(days=1) for index in states
                             if crammable is None or index < crammable}
    by_day: dict[date, list[int]] = {}
    for index, state in states.items():
        by_day.setdefault(max(state.due or today, today), []).append(index)
    days, news, reviews, minutes = [], [], [], []
    left, last_new, missed_before = unseen, None, 0
    day = today
    while day < interview.day:
        fresh = new_today(left, day, cutoff, minimum)
        left -= fresh
        if fresh:
            last_new = day
        due_now = by_day.pop(day, [])
        for _ in range(fresh):
            index = len(states)
            states[index] = sm2.SM2State()
            due_now.append(index)
        crammed = _cram(last, week, day, interview.day, set(due_now))
        for index in due_now:
            after = sm2.review(states[index], 4, day)
            states[index] = after
            last[index] = day
            assert after.due is not None
            by_day.setdefault(after.due, []).append(index)
        count = len(due_now) + crammed
        missed = math.ceil(count * miss_rate)  # whole answers
        days.append(day)
        news.append(fresh)
        reviews.append(count)
        minutes.append((count + missed + missed_before) * seconds_per_card / 60)
        missed_before = missed
        day += timedelta(days=1)
    return Forecast(tuple(days), tuple(news), tuple(reviews), tuple(minutes), last_new)


def _cram(last: dict[int, date], week: date, day: date, interview_day: date,
          due: set[int]) -> int:
    """The cards the final week's pass brings on `day` (passed: their schedule stays). As in
    drill.cram, the day's share is of every card still to cram, those due today included (they
    are reviewed on schedule instead)."""
    if not week <= day < interview_day:
        return 0
    pool = [index for index, seen in last.items() if seen < week]
    share = math.ceil(len(pool) / (interview_day - day).days)
    taken = [index for index in pool if index not in due][:share]
    for index in taken:
        last[index] = day
    return len(taken)


def pace(interview: Interview, today: date, unseen: int, learned: list[sm2.SM2State],
         minimum: int = 0, seconds_per_card: float = DEFAULT_SECONDS_PER_CARD,
         propose: bool = True, miss_rate: float = 0.0, crammable: int | None = None) -> Pace:
    """Today's pace for `interview`: new cards, the forecast, whether it fits and, if not, what
    would. `miss_rate` and `crammable`: see `forecast`."""
    cutoff = cutoff_day(interview, today)
    days_left = max(0, (interview.day - today).days)
    fresh = new_today(unseen, today, cutoff, minimum)
    extra = {"miss_rate": miss_rate, "crammable": crammable}
    walk = forecast(interview, today, unseen, learned, minimum, seconds_per_card, **extra)
    fits = walk.peak_minutes <= interview.minutes_per_day
    if days_left == 0:
        reason = "The interview is today: no new cards; review what is due."
        fresh = 0
    else:
        reason = (f"{count(days_left, 'day')} left, {count(unseen, 'unseen card')}: "
                  f"{fresh} new today")
        if cutoff > today and unseen:
            reason += f", all seen by {cutoff:%-d %b}"
    proposals: tuple[Proposal, ...] = ()
    if propose and not fits and days_left:
        proposals = tuple(_proposals(interview, today, unseen, learned, minimum,
                                     seconds_per_card, walk, extra))
    return Pace(today, interview, cutoff, days_left, unseen, fresh, walk, fits, reason,
                proposals)


def _fits(interview: Interview, today: date, unseen: int, learned: list[sm2.SM2State],
          minimum: int, seconds: float, extra: dict) -> bool:
    walk = forecast(interview, today, unseen, learned, minimum, seconds, **extra)
    return walk.peak_minutes <= interview.minutes_per_day


def _proposals(interview: Interview, today: date, unseen: int, learned: list[sm2.SM2State],
               minimum: int, seconds: float, walk: Forecast, extra: dict) -> list[Proposal]:
    found = []
    low, high = 0, unseen  # the most cards that fit, by bisection (more cards never cost less)
    if _fits(interview, today, 0, learned, minimum, seconds, extra):
        while low < high:
            middle = (low + high + 1) // 2
            if _fits(interview, today, middle, learned, minimum, seconds, extra):
                low = middle
            else:
                high = middle - 1
        if low > 0:
            found.append(Proposal("fewer", f"Plan the first {low} of the {unseen} unseen cards "
                                           f"(in the plan's order)", low))
    for days in range(interview.cutoff_days - 1, MIN_CUTOFF_DAYS - 1, -1):
        later = replace(interview, cutoff_days=days)
        if _fits(later, today, unseen, learned, minimum, seconds, extra):
            found.append(Proposal("cutoff", f"See every card once by {count(days, 'day')} before the "
                                            f"interview instead of {interview.cutoff_days}",
                                  days))
            break
    needed = math.ceil(walk.peak_minutes)
    found.append(Proposal("minutes", f"Study {needed} minutes a day instead of "
                                     f"{interview.minutes_per_day}", needed))
    return found


def nearest(interviews: list[Interview], today: date) -> Interview | None:
    """The interview pacing aims at: the nearest one still to come (today included)."""
    ahead = [i for i in interviews if i.day >= today]
    return min(ahead, key=lambda i: i.day) if ahead else None


def weak_stages(interviews: list[Interview]) -> tuple[int, ...]:
    """The stages that went badly in any debriefed interview, most recent first."""
    found: list[int] = []
    for interview in sorted(interviews, key=lambda i: i.day, reverse=True):
        found += [stage for stage in interview.weak_stages if stage not in found]
    return tuple(found)


def awaiting_debrief(interviews: list[Interview], today: date) -> Interview | None:
    """The latest past interview the user has not yet said how it went."""
    past = [i for i in interviews if i.day < today and not i.debriefed]
    return max(past, key=lambda i: i.day) if past else None


@dataclass(frozen=True)
class Debrief:
    questions: tuple[tuple[int | None, str], ...]  # (stage, question)
    weak_stages: tuple[int, ...]
    problems: tuple[str, ...]  # "line N: what is wrong"


def parse_debrief(text: str, stages: set[int]) -> Debrief:
    """The questions asked, one per line after their stage number (`2: How would you...`; a line
    without a number has no stage), and `weak: 2, 4` for the stages that went badly. Lines
    starting with `#` are comments."""
    questions: list[tuple[int | None, str]] = []
    weak: list[int] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, sep, rest = line.partition(":")
        if sep and head.strip().casefold() == "weak":
            for part in rest.replace(",", " ").split():
                if part.isdigit() and int(part) in stages:
                    weak.append(int(part))
                else:
                    problems.append(f"line {number}: {part!r} is not a stage number "
                                    f"({', '.join(map(str, sorted(stages)))})")
            continue
        if sep and head.strip().isdigit():
            stage = int(head.strip())
            if stage not in stages:
                problems.append(f"line {number}: no stage {stage} (stages: "
                                f"{', '.join(map(str, sorted(stages)))})")
                continue
            question = rest.strip()
        else:
            stage, question = None, line
        if question:
            questions.append((stage, question))
    return Debrief(tuple(questions), tuple(dict.fromkeys(weak)), tuple(problems))
