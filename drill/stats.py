"""Progress figures (no Textual): activity, streaks, true retention, forecast, card states,
distributions, hardest cards, mock scores, and readiness for the target role.

The SQL is in drill/store/stats.py (`store.stats`); this module shapes its rows into figures that
`drill stats` prints (or writes as JSON) and the statistics screen draws. Only short lists (days,
weeks, decks, roadmap rows) are looped over in Python, never the log.

Readiness (the README documents it): for each skill-matrix row and interview stage, its material
is the cards of its decks and tags (drill/roadmap_content/readiness.py, and each stage's decks;
read from the plain copy in drill/roadmap.py, `readiness_facts`).
    mature share  M = mature cards / cards                  (interval of 21 days or more)
    retention     R = passed / scheduled reviews of learned cards in the last 30 days
    mock          S = mean mock score / 5 over the last 90 days
    score = 100 × (0.5·M + 0.3·R + 0.2·S) / (the weights of the parts that exist)
A part with nothing behind it (no reviews, no mock answers) is left out and the rest re-weighted;
a row without cards has no score ("no material"). Overall: the rows' scores weighted by the target
role's stars for each skill (every row 1 star when no role is set); stages are not in it.
Weak in an interview: a stage a debrief marked as gone badly (plan.toml's `weak_stages`, any
interview), and each skill row with cards in that stage's decks, is marked `weak`, comes first
within its kind, and such a skill row's weight in the overall score is its stars × WEAK_FACTOR.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from drill.clock import Calendar, epoch_ms
from drill.record import Record
from drill.store import Store, open_reader
from drill.store import stats as q
from drill.text import escape_control

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RECENT_DAYS = 30  # readiness: retention over this many days
MOCK_DAYS = 90  # readiness: mock scores over this many days
WEIGHTS = {"mature": 0.5, "retention": 0.3, "mock": 0.2}
WEAK_FACTOR = 2  # readiness: a skill row of a stage that went badly weighs this many times more


class Recall(NamedTuple):
    """Scheduled reviews of learned cards, and how many passed (grade 3 or more). (This
    module's records are NamedTuples and plain classes, not dataclasses, as on `drill due`'s
    path: see drill/record.py.)"""

    passed: int = 0
    reviews: int = 0

    @property
    def rate(self) -> float | None:
        return self.passed / self.reviews if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        rate = self.rate
        return {"passed": self.passed, "reviews": self.reviews,
                "retention": None if rate is None else round(rate, 4)}


class ReadinessRow(NamedTuple):
    name: str
    kind: str  # "skill" or "stage"
    decks: tuple[str, ...]
    tags: tuple[str, ...]
    weight: int  # the target role's stars for a skill (1 with no role); 0 for a stage
    cards: int = 0
    mature: int = 0
    recall: Recall = Recall()
    mock_mean: float | None = None  # 0-5
    mock_answers: int = 0
    mock_format: str | None = None  # a stage's mock format
    weak: bool = False  # a stage that went badly in an interview, or a skill row with its cards

    @property
    def score(self) -> float | None:
        """0-100 by the formula in this module's docstring; None when there are no cards."""
        if self.cards == 0:
            return None
        parts = {"mature": self.mature / self.cards, "retention": self.recall.rate,
                 "mock": None if self.mock_mean is None else self.mock_mean / 5}
        used = {name: value for name, value in parts.items() if value is not None}
        total = sum(WEIGHTS[name] for name in used)
        return round(100 * sum(WEIGHTS[n] * v for n, v in used.items()) / total, 1)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "decks": list(self.decks),
                "tags": list(self.tags), "weight": self.weight, "cards": self.cards,
                "mature": self.mature, "recent": self.recall.to_json(),
                "mock_mean": None if self.mock_mean is None else round(self.mock_mean, 2),
                "mock_answers": self.mock_answers, "score": self.score,
                "no_material": self.cards == 0, "weak": self.weak}


class Readiness(NamedTuple):
    role: str | None
    rows: tuple[ReadinessRow, ...]  # skills then stages, weak rows then weakest first in each
    weak_stages: tuple[int, ...] = ()  # the stages that went badly in an interview (debriefs)

    @property
    def overall(self) -> float | None:
        scored = [(row.weight * (WEAK_FACTOR if row.weak else 1), row.score) for row in self.rows
                  if row.kind == "skill" and row.score is not None and row.weight]
        weight = sum(w for w, _ in scored)
        return round(sum(w * s for w, s in scored) / weight, 1) if weight else None

    @property
    def weakest(self) -> ReadinessRow | None:
        scored = [row for row in self.rows if row.score is not None]
        return min(scored, key=lambda row: row.score) if scored else None

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "overall": self.overall, "weak_stages": list(self.weak_stages),
                "rows": [row.to_json() for row in self.rows]}


class Stats(Record):
    """Every figure of one computation (`compute`); `add_detail` fills the slower ones."""

    def __init__(self, *, today: str, first: str, last: str, deck: str | None,
                 activity: list[tuple[str, int, int]], heatmap: dict[str, int],
                 streak_current: int, streak_longest: int, retention: dict[str, Recall],
                 retention_weeks: list[tuple[str, str, Recall]],
                 retention_groups: dict[str, list[tuple[str, str, Recall]]],
                 forecast: list[tuple[str, int]], overdue: int, states: list[dict[str, Any]],
                 ease: list[tuple[int, int]], intervals: list[tuple[int, int]],
                 hardest: list[dict[str, Any]], mock: list[dict[str, Any]],
                 readiness: Readiness | None = None) -> None:
        self.today = today
        self.first, self.last = first, last  # the range (today unless the user chose one)
        self.deck = deck
        self.activity = activity  # (day, reviews, answer ms) in the range, active days
        self.heatmap = heatmap  # day -> reviews over the last HEATMAP_DAYS
        self.streak_current, self.streak_longest = streak_current, streak_longest
        self.retention = retention  # "young", "mature", "all" over the range
        self.retention_weeks = retention_weeks  # (week's Monday, age, recall)
        self.retention_groups = retention_groups  # deck/kind/tag -> [(name, age, recall)]
        self.forecast = forecast  # every day from today, FORECAST_DAYS of them
        self.overdue, self.states = overdue, states
        self.ease, self.intervals = ease, intervals
        self.hardest, self.mock = hardest, mock
        self.readiness = readiness
        self.detailed = False  # retention groups and distributions filled (see `add_detail`)

    @property
    def range_days(self) -> int:
        return (date.fromisoformat(self.last) - date.fromisoformat(self.first)).days + 1

    def daily(self) -> list[tuple[str, int, int]]:
        """(day, reviews, answer ms) for every day of the range, idle days as zeros."""
        found = {day: (n, ms) for day, n, ms in self.activity}
        start = date.fromisoformat(self.first)
        out = []
        for offset in range(self.range_days):
            day = (start + timedelta(days=offset)).isoformat()
            n, ms = found.get(day, (0, 0))
            out.append((day, n, ms))
        return out

    def to_json(self) -> dict[str, Any]:
        """The figures as plain data: the JSON of `drill stats --json` (the README shows it)."""
        totals = sum(n for _, n, _ in self.activity), sum(ms for _, _, ms in self.activity)
        return {
            "today": self.today, "from": self.first, "to": self.last, "deck": self.deck,
            "reviews": totals[0], "minutes": round(totals[1] / 60000, 1),
            "days": [{"day": d, "reviews": n, "minutes": round(ms / 60000, 1)}
                     for d, n, ms in self.activity],
            "streak": {"current": self.streak_current, "longest": self.streak_longest},
            "heatmap": self.heatmap,
            "retention": {age: r.to_json() for age, r in self.retention.items()},
            "retention_by_week": [{"week": w, "age": a, **r.to_json()}
                                  for w, a, r in self.retention_weeks],
            **{f"retention_by_{group}": [{group: name, "age": a, **r.to_json()}
                                         for name, a, r in rows]
               for group, rows in self.retention_groups.items()},
            "forecast": [{"day": d, "due": n} for d, n in self.forecast],
            "overdue": self.overdue,
            "card_states": self.states,
            "easiness": [{"from": b / 100, "cards": n} for b, n in self.ease],
            "intervals": [{"from_days": b, "cards": n} for b, n in self.intervals],
            "hardest": [{key: row[key] for key in ("id", "deck", "prompt", "kind", "lapses",
                                                    "interval")}
                        | {"easiness": None if row["ef100"] is None else row["ef100"] / 100}
                        for row in self.hardest],
            "mock": [{"round": m["round"], "day": m["day"], "format": m["format"],
                      "kind": m["kind"], "mean_score": round(m["mean"], 2),
                      "scored": m["scored"], "used_s": m["used_s"], "limit_s": m["limit_s"]}
                     for m in self.mock],
            "readiness": self.readiness.to_json() if self.readiness else None,
        }


def streaks(days: list[str], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive drill days with reviews. The current run still
    counts when today has none yet (it ends only once a whole day passes without review)."""
    dates = sorted({date.fromisoformat(d) for d in days if d <= today.isoformat()})
    longest = run = 0
    previous: date | None = None
    for day in dates:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if dates and (today - dates[-1]).days <= 1:
        current = run
    return current, longest


def _recall(rows: list[tuple]) -> dict[str, Recall]:
    by_age: dict[str, Recall] = {}
    for *_, age, passed, total in rows:
        old = by_age.get(age, Recall())
        by_age[age] = Recall(old.passed + passed, old.reviews + total)
    young, mature = by_age.get("young", Recall()), by_age.get("mature", Recall())
    return {"young": young, "mature": mature,
            "all": Recall(young.passed + mature.passed, young.reviews + mature.reviews)}


MAX_RANGE_DAYS = 36500


def date_range(today: date, days: int = 30, first: date | None = None,
               last: date | None = None) -> tuple[date, date]:
    """The statistics' date range: `first` to `last` (today when not given), or the last `days`
    days up to `last`, today included. ValueError (a sentence for the user) when it is empty or
    longer than MAX_RANGE_DAYS."""
    last = last or today
    first = first or last - timedelta(days=max(1, days) - 1)
    if first > last:
        raise ValueError(f"the range starts ({first}) after it ends ({last}): "
                         "give the earlier date first")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValueError(f"the range is longer than {MAX_RANGE_DAYS} days")
    return first, last


def parse_day(text: str, today: date) -> date:
    """A date the user typed: 2026-03-01, 1 March 2026, Mar 1 (this year), "today"... (read by
    python-dateutil; a missing year or month is today's). ValueError with a sentence for the
    user, saying how to write it, when it is not a date."""
    from dateutil import parser  # ~15 ms; only when a date is typed

    words = text.strip()
    hint = f"write a date as YYYY-MM-DD, e.g. {today.isoformat()}"
    if not words:
        raise ValueError(f"no date given ({hint})")
    if words.casefold() == "today":
        return today
    try:
        return parser.parse(words, default=datetime(today.year, today.month, today.day)).date()
    except (ValueError, OverflowError):
        raise ValueError(f"{escape_control(words)!r} is not a date ({hint})") from None


def compute(store: Store, calendar: Calendar, now: datetime, days: int = 30,
            deck: str | None = None, role: str | None = None,
            readiness_too: bool = True, detail: bool = True, first: date | None = None,
            last: date | None = None, reuse: Stats | None = None,
            weak: tuple[int, ...] = (), aside: bool = False) -> Stats:
    """Every figure, of one deck or of all, for the range `date_range` gives: the last `days`
    days (today included) unless `first` (and `last`) say otherwise. The heatmap, streaks,
    forecast, card states and readiness are as of today, whatever the range.
    Without `detail`, retention per deck, kind and tag and the easiness and interval
    distributions are left empty (`add_detail` fills them). `reuse`: figures of the same deck
    computed today with nothing written since, whose figures that do not depend on the range
    are taken as they are (the statistics screen, when only the range changed). `weak`: the
    interview stages that went badly (`readiness`). `aside`: the card states and the detail
    are read on second connections in threads of their own meanwhile (`_aside`; `drill
    stats`, which has the cores to itself)."""
    today = calendar.day(now)
    first, last = date_range(today, days, first, last)
    t, f, end = today.isoformat(), first.isoformat(), last.isoformat()
    found = _aside(store, lambda reader: _detail(reader, f, end, deck)) if aside and detail \
        else None
    if reuse is not None and (reuse.deck, reuse.today) == (deck, t):
        as_of_today = {name: getattr(reuse, name) for name in AS_OF_TODAY}
    else:
        as_of_today = _as_of_today(store, calendar, now, deck, role, readiness_too, weak, aside)
    year = (today - timedelta(days=HEATMAP_DAYS - 1)).isoformat()
    every_day = store.stats.activity(None, max(t, end), deck)
    current, longest = streaks([d for d, _, _ in every_day], today)
    end_ms = epoch_ms(calendar.day_start(last + timedelta(days=1)))
    mock = [row for row in store.stats.mock_by_kind(epoch_ms(calendar.day_start(first)), deck)
            if row["started_ms"] < end_ms]
    for row in mock:
        row["day"] = calendar.day(datetime.fromtimestamp(row["started_ms"] / 1000,
                                                         tz=now.tzinfo)).isoformat()
    weeks = store.stats.retention_by_week(f, end, deck)
    stats = Stats(
        today=t, first=f, last=end, deck=deck,
        activity=[row for row in every_day if f <= row[0] <= end],
        heatmap={d: n for d, n, _ in every_day if year <= d <= t},
        streak_current=current, streak_longest=longest,
        retention=_recall(weeks),
        retention_weeks=[(w, a, Recall(p, n)) for w, a, p, n in weeks],
        retention_groups={group: [] for group in q.GROUPS}, mock=mock, **as_of_today)
    if detail:
        add_detail(store, stats, found() if found else None)
    return stats


T = TypeVar("T")


def _aside(store: Store, work: Callable[[Store], T]) -> Callable[[], T]:
    """`work(reader)` started now in a thread of its own, on a read-only second connection
    (`open_reader`): SQLite reads without the GIL, so on two cores it runs beside what comes
    next. The function returned waits for the result (or raises what went wrong). In memory
    (no second connection), `work(store)` runs when the result is asked for."""
    if store.path is None:
        return lambda: work(store)
    outcome: dict[str, Any] = {}

    def run() -> None:
        reader = None
        try:
            reader = open_reader(store)
            outcome["result"] = work(reader)  # type: ignore[arg-type]  # a file: a reader
        except BaseException as exc:  # noqa: BLE001 - raised again by whoever waits
            outcome["error"] = exc
        finally:
            if reader is not None:
                reader.close()

    thread = threading.Thread(target=run, name="statistics aside", daemon=True)
    thread.start()

    def result() -> T:
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    return result


# The figures that do not depend on the date range (`compute`'s `reuse` takes them as they are).
AS_OF_TODAY = ("forecast", "overdue", "states", "hardest", "readiness", "ease", "intervals")


def _as_of_today(store: Store, calendar: Calendar, now: datetime, deck: str | None,
                 role: str | None, readiness_too: bool, weak: tuple[int, ...] = (),
                 aside: bool = False) -> dict[str, Any]:
    """The AS_OF_TODAY figures (easiness and intervals left to `add_detail`); with `aside`, the
    card states (the slowest: every card joined to its progress) on a second connection."""
    today = calendar.day(now)
    states = _aside(store, lambda reader: reader.stats.card_states(today.isoformat(), deck)) \
        if aside else None
    until = (today + timedelta(days=FORECAST_DAYS - 1)).isoformat()
    forecast, overdue = store.stats.forecast(today.isoformat(), until, deck)
    due = dict(forecast)
    days = [(today + timedelta(days=n)).isoformat() for n in range(FORECAST_DAYS)]
    return {"forecast": [(day, due.get(day, 0)) for day in days],
            "overdue": overdue,
            "hardest": store.stats.hardest(10, deck), "ease": [], "intervals": [],
            "readiness": readiness(store, calendar, now, role, weak=weak) if readiness_too
            else None,
            "states": states() if states else store.stats.card_states(today.isoformat(), deck)}


def detail(store: Store, first: str, last: str, deck: str | None = None,
           distributions: bool = True) -> dict[str, Any]:
    """The slower figures of `add_detail` for the range `first` to `last`, on their own (the
    statistics screen computes them on a second connection while `compute` runs)."""
    found: dict[str, Any] = {"retention_groups": {
        group: [(name, age, Recall(p, n)) for name, age, p, n in rows]
        for group, rows in retention_groups(store, first, last, deck).items()}}
    if distributions:
        found["ease"], found["intervals"] = store.stats.distributions(deck)
    return found


_detail = detail  # for `compute`, whose argument `detail` hides the name


def add_detail(store: Store, stats: Stats, found: dict[str, Any] | None = None) -> None:
    """Fill the slower figures: retention per deck, kind and tag; easiness and intervals (kept
    when `compute` took them from earlier figures). `found`: what `detail` gave for the same
    range and deck, if it ran already."""
    found = found or detail(store, stats.first, stats.last, stats.deck, distributions=False)
    stats.retention_groups = found["retention_groups"]
    if not (stats.ease or stats.intervals):
        stats.ease, stats.intervals = (
            (found["ease"], found["intervals"]) if "ease" in found
            else store.stats.distributions(stats.deck))
    stats.detailed = True


def retention_groups(store: Store, first: str, last: str, deck: str | None = None
                     ) -> dict[str, list[tuple[str, str, int, int]]]:
    """For each of deck, kind and tag: (name, 'young'/'mature', passed, reviews) in the range,
    sorted; a review counts once for each tag of its card. The recalls are summed per distinct
    (deck, kind, tags) of their cards: the cards are read in that order (the index cards_combo,
    migration m010) and each one's recalls in the range looked up by card (stats_recall_card),
    so the range's recalls are never sorted; tags are then read once per combination."""
    one_deck = "" if deck is None else " AND c.deck = :deck COLLATE NOCASE"
    rows = store.conn.execute(f"""
        WITH combos AS MATERIALIZED (
            SELECT c.deck, c.kind, c.tags, SUM(NOT r.mature AND r.grade >= 3) AS yp,
                   SUM(NOT r.mature) AS yn, SUM(r.mature AND r.grade >= 3) AS mp,
                   SUM(r.mature) AS mn
            FROM cards c INDEXED BY cards_combo
            CROSS JOIN stats_recall r INDEXED BY stats_recall_card ON r.card_id = c.id
            WHERE r.day BETWEEN :first AND :last{one_deck}
            GROUP BY c.deck, c.kind, c.tags),
        grouped AS (
            SELECT 'deck' AS g, deck AS name, SUM(yp) AS yp, SUM(yn) AS yn, SUM(mp) AS mp,
                   SUM(mn) AS mn
            FROM combos GROUP BY deck
            UNION ALL
            SELECT 'kind', kind, SUM(yp), SUM(yn), SUM(mp), SUM(mn) FROM combos GROUP BY kind
            UNION ALL
            SELECT 'tag', t.value, SUM(yp), SUM(yn), SUM(mp), SUM(mn)
            FROM combos, json_each(combos.tags) t GROUP BY t.value)
        SELECT g, name, 'young', yp, yn FROM grouped WHERE yn > 0
        UNION ALL
        SELECT g, name, 'mature', mp, mn FROM grouped WHERE mn > 0""",
        {"first": first, "last": last, "deck": deck})
    found: dict[str, list[tuple[str, str, int, int]]] = {group: [] for group in q.GROUPS}
    for group, name, age, passed, total in rows:
        found[group].append((name, age, int(passed), int(total)))
    for group in q.GROUPS:
        found[group].sort()
    return found


def readiness(store: Store, calendar: Calendar, now: datetime,
              role: str | None = None, roadmap: Any = None,
              weak: tuple[int, ...] = ()) -> Readiness:
    """Readiness for `role` (the target role when None): every skill row and interview stage,
    weakest first within each (rows without material last); the `weak` stages (those that went
    badly in an interview) and the skill rows with cards in their decks first and marked, such
    skill rows weighing WEAK_FACTOR times their stars in the overall score."""
    from drill.roadmap import readiness_facts

    skills, ratings, stages = readiness_facts(roadmap)
    role = role or store.roadmap.target_role()
    today = calendar.day(now)
    weak_decks = {deck for number, _, decks, _ in stages if number in weak for deck in decks}
    rows: list[ReadinessRow] = []
    for skill, material, by_role in skills:
        decks, tags = by_role.get(role or "", material)
        stars = ratings.get(skill, {}).get(role, 1) if role else 1
        rows.append(ReadinessRow(skill, "skill", decks, tags, stars,
                                 weak=_in_decks(store, decks, tags, weak_decks)))
    for number, name, decks, mock_format in stages:
        rows.append(ReadinessRow(f"Stage {number}: {name}", "stage", decks, (), 0,
                                 mock_format=mock_format, weak=number in weak))
    mapping = {row.name: {"decks": list(row.decks), "tags": list(row.tags)} for row in rows}
    recent = (today - timedelta(days=RECENT_DAYS - 1)).isoformat()
    since = epoch_ms(calendar.day_start(today - timedelta(days=MOCK_DAYS - 1)))
    found = store.stats.material(mapping, today.isoformat(), recent, since)
    filled = []
    for row in rows:
        got = found.get(row.name)
        if got is None:
            filled.append(row)
            continue
        mean = got["mock_sum"] / got["mock_scored"] if got["mock_scored"] else None
        filled.append(row._replace(
            recall=Recall(got["passed"], got["reviews"]), cards=got["cards"],
            mature=got["mature"], mock_mean=mean, mock_answers=got["mock_scored"]))

    def order(row: ReadinessRow) -> tuple:
        return (row.kind != "skill", not row.weak, row.score is None, row.score or 0, row.name)

    return Readiness(role, tuple(sorted(filled, key=order)), tuple(weak))


def _in_decks(store: Store, decks: tuple[str, ...], tags: tuple[str, ...],
              wanted: set[str]) -> bool:
    """Whether a readiness row's material (its decks, or cards with its tags) has cards in the
    decks `wanted`."""
    if set(decks) & wanted:
        return True
    if not wanted or not tags:
        return False
    row = store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM cards c, json_each(c.tags) t WHERE c.orphaned_ms IS NULL "
        "AND t.value IN (SELECT value FROM json_each(?)) "
        "AND c.deck IN (SELECT value FROM json_each(?)))",
        [json.dumps(list(tags)), json.dumps(sorted(wanted))]).fetchone()
    return bool(row[0])
