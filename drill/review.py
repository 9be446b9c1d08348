"""Today's queue and grading: due cards first, then new cards within the daily limit, then repeats.

Counts come from the store, so restarting drill never grants more new cards. Undo appends an
`undo` row and replays the card's log, which restores its schedule and the new-card allowance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from drill.clock import Calendar, Clock, epoch_ms
from drill.record import Record
from drill.store import Store
from drill.text import count

if TYPE_CHECKING:
    from drill.sm2 import Scheduler

# Reviewer loads drill.progress (and through the store's replay, drill.sm2) when it first grades,
# resets, undoes or previews: building the queue (`drill due`) never needs them.

MAX_COUNTED_ANSWER_MS = 60_000  # longer answers count as 60 s in statistics
RESET = "reset"  # the `source` of an import row that starts a card over
# A day's work when no review cap is set and none is worked out from the user's minutes a day:
# more due cards than this means catching up.
DEFAULT_DAILY_REVIEWS = 100


class Limits(NamedTuple):
    """How much today's queue may hold: new cards, the review cap and the day's work. (This
    module's classes are NamedTuples and plain classes, not dataclasses: importing dataclasses
    and making one costs `drill due`'s start some 12 ms and 0.5 ms.)"""

    new_per_day: int = 10
    review_cap: int = 0  # 0: no cap
    # A study plan's order for new cards (its planned cards, most important first); new cards
    # not in it come after, in the `new_card_order` below.
    new_order: tuple[str, ...] = ()
    # The settings' order of new cards (drill.settings.NEW_CARD_ORDERS, `_new_in_order`):
    # "decks-in-turn" (one card of each deck in turn) or "file-order" (deck by deck).
    new_card_order: str = "decks-in-turn"
    new_while_catching_up: bool = False  # new cards still come while a backlog is spread out
    # A day's work with no cap: the minutes a day ÷ the user's seconds per card (0: the default).
    day_budget: int = 0
    # A study plan's final week (drill.cram): the cards still to cram at the start of the day,
    # in the plan's order, and how many a day.
    cram: tuple[str, ...] = ()
    cram_per_day: int = 0

    @property
    def daily_reviews(self) -> int:
        """A day's work of reviews: the cap, or with none the budget, or the default."""
        return self.review_cap or self.day_budget or DEFAULT_DAILY_REVIEWS


class Filters(NamedTuple):
    """Which cards a queue is built of: one deck, tag or kind (None: any)."""

    deck: str | None = None
    tag: str | None = None
    kind: str | None = None


class DeckCounts(Record):
    """One deck's share of today's queue."""

    def __init__(self, due: int = 0, new: int = 0, repeat: int = 0,
                 new_waiting: int = 0) -> None:
        self.due, self.new, self.repeat = due, new, repeat
        self.new_waiting = new_waiting  # new cards in the deck, before the daily limit

    @property
    def total(self) -> int:
        return self.due + self.new + self.repeat


class TodayQueue(Record):
    """The cards to review today, in the order to show them."""

    def __init__(self, day: str, new_left: int = 0, new_available: int = 0, leeches: int = 0,
                 backlog: int = 0, reviewed_today: int = 0,
                 budget: int = DEFAULT_DAILY_REVIEWS) -> None:
        self.day = day
        self.due: list[str] = []
        self.new: list[str] = []
        self.repeats: list[str] = []
        self.cram: list[str] = []  # the final week's pass, graded off schedule
        self.new_left = new_left
        self.new_available = new_available  # new cards that exist, before the daily limit
        self.leeches = leeches  # reviewable cards forgotten LEECH_LAPSES times or more
        self.per_deck: dict[str, DeckCounts] = {}
        # Catching up: every card due today or earlier (before the day's budget), the reviews
        # already given today, and the day's budget (drill.review.Limits.daily_reviews).
        self.backlog = backlog
        self.reviewed_today = reviewed_today
        self.budget = budget

    @property
    def catching_up(self) -> bool:
        """More due than a day's work: the backlog is spread over the next days."""
        return self.backlog + self.reviewed_today > self.budget

    @property
    def catch_up_days(self) -> int:
        """Days (today included) to clear the backlog at the day's budget."""
        return max(1, -(-(self.backlog + self.reviewed_today) // max(1, self.budget)))

    def catch_up_text(self, new_while_catching_up: bool = False) -> str:
        """'Catching up: 240 overdue cards, about 3 days at 100 a day; new cards wait' (fits in
        80 columns), or "" when the backlog is within a day's work."""
        if not self.catching_up:
            return ""
        days = self.catch_up_days
        paused = "" if new_while_catching_up else "; new cards wait"
        return (f"Catching up: {count(self.backlog, 'overdue card')}, "
                f"about {count(days, 'day')} at {self.budget} a day{paused}")

    def cram_text(self) -> str:
        """A line on the final week's pass today (with its newline), or ""."""
        if not self.cram:
            return ""
        n = len(self.cram)
        cards = f"{n} seen card{'s come' if n != 1 else ' comes'}"
        return (f"Final week before your interview: {cards} back once today (a pass does not "
                "move them).\n")

    @property
    def order(self) -> list[str]:
        return self.due + self.new + self.repeats + self.cram

    @property
    def totals(self) -> DeckCounts:
        return DeckCounts(len(self.due), len(self.new), len(self.repeats))

    def __len__(self) -> int:
        return len(self.due) + len(self.new) + len(self.repeats) + len(self.cram)


def risk(row, today: date) -> float:
    """How much a due card is at risk: days overdue relative to its interval."""
    overdue = (today - date.fromisoformat(row["due"])).days
    return overdue / max(1, row["interval"] or 0)


def build_queue(store: Store, today: date, limits: Limits = Limits(),
                filters: Filters = Filters(), prefer_role: str | None = None,
                by_risk: bool = False) -> TodayQueue:
    """`prefer_role` (the user's target role) puts that role's cards first among equally
    overdue cards and among new cards; it never leaves a due card out.

    Catching up (more cards due than a day's work, `Limits.daily_reviews`): the due cards most
    at risk come first, only a day's work of them is today's, and new cards pause unless
    `Limits.new_while_catching_up`. The rest stay due, more at risk each day, so they come
    first on a later day. `by_risk` orders due cards by risk anyway (a time-boxed session)."""
    day = today.isoformat()
    # Only the due cards that can make today's queue come back (all of them when no more than
    # a day's work is due); `due_count` counts them all.
    rows, due_count, decks, leeches = store.queue.today(
        day, filters.deck, filters.tag, filters.kind, limits.daily_reviews, prefer_role,
        limits.cram)

    def off_role(row) -> bool:
        return prefer_role is not None and f'"{prefer_role}"' not in row["roles"]

    due = sorted(_due(rows, day), key=lambda r: (r["due"], off_role(r), r["path"], r["line"]))
    backlog = due_count  # of every deck that is on: the day's budget is shared
    repeats = sorted((r for r in rows if r["repeat_day"] == day), key=lambda r: r["last_ms"] or 0)
    new = _new_in_order(sorted((r for r in rows if r["is_new"]),
                               key=lambda r: (r["path"], r["line"])), limits.new_card_order)
    if limits.new_order:
        rank = {card_id: index for index, card_id in enumerate(limits.new_order)}
        new.sort(key=lambda r: rank.get(r["id"], len(rank)))  # the plan's order, then the rest
    elif prefer_role is not None:
        new.sort(key=off_role)  # stable: the role's cards first, each group in the order above
    new = _one_per_sibling_group(new, due + repeats)
    # The daily limit, plus what the user asked for today ("study N more new cards today").
    new_left = max(0, limits.new_per_day + store.prefs.extra_new_on(day) - store.queue.introduced_on(day))
    reviewed = store.queue.scheduled_reviews_on(day)
    queue = TodayQueue(day=day, new_left=new_left, new_available=len(new), backlog=backlog,
                       reviewed_today=reviewed, budget=limits.daily_reviews)
    if queue.catching_up or by_risk:
        due.sort(key=lambda r: -risk(r, today))  # stable: equal risks keep the order above
    if queue.catching_up:
        due = due[:max(0, limits.daily_reviews - reviewed)]
        if not limits.new_while_catching_up:  # paused, but for what was asked for today
            queue.new_left = new_left = min(new_left, store.prefs.extra_new_on(day))
    elif limits.review_cap:
        due = due[:max(0, limits.review_cap - reviewed)]
    queue.due = [r["id"] for r in due]
    queue.new = [r["id"] for r in new[:new_left]]
    queue.repeats = [r["id"] for r in repeats]
    queue.cram = _cram(store, today, limits, rows, set(queue.order))
    queue.leeches = leeches
    deck_of = {r["id"]: r["deck"] for r in rows}
    # Every reviewable deck appears, even with nothing to do today.
    per_deck = {deck: DeckCounts() for deck in sorted(decks)}
    for card_id in queue.due:
        per_deck[deck_of[card_id]].due += 1
    # A deck's new count is what reviewing that deck alone would bring: the daily allowance is
    # shared, so these can add up to more than the total.
    new_in_deck = Counter(r["deck"] for r in new)
    for deck, waiting in new_in_deck.items():
        per_deck[deck].new = min(waiting, new_left)
        per_deck[deck].new_waiting = waiting
    for card_id in queue.repeats:
        per_deck[deck_of[card_id]].repeat += 1
    queue.per_deck = per_deck
    return queue


def _cram(store: Store, today: date, limits: Limits, rows: list, queued: set[str]) -> list[str]:
    """The final week's cramming pass for today (drill.cram): cards of the pool not graded
    today, not due (a due card is reviewed on schedule) and not already in the queue, in the
    plan's order, up to the day's share less what was crammed today."""
    if not limits.cram or limits.cram_per_day <= 0:
        return []
    from drill.cram import crammed_on

    day = today.isoformat()
    graded, crammed = crammed_on(store.conn, limits.cram, today)
    left = limits.cram_per_day - crammed
    if left <= 0:
        return []
    ready = {r["id"] for r in rows if not r["is_new"] and r["due"] is not None and r["due"] > day
             and r["repeat_day"] != day}
    return [card_id for card_id in limits.cram
            if card_id in ready and card_id not in graded and card_id not in queued][:left]


def _due(rows: list, day: str) -> list:
    """The learned cards due on `day` or earlier, not already repeated today."""
    return [r for r in rows if not r["is_new"] and r["repeat_day"] != day
            and r["due"] is not None and r["due"] <= day]


def _one_per_sibling_group(new: list, scheduled: list) -> list:
    """New cards without a sibling (a reference and its recall cards, linked by `of`) already in
    today's queue: grading one buries the others, so introducing both would waste the allowance."""
    seen = {row["of_id"] or row["id"] for row in scheduled}
    kept = []
    for row in new:
        group = row["of_id"] or row["id"]
        if group not in seen:
            seen.add(group)
            kept.append(row)
    return kept


def _new_in_order(rows: list, order: str) -> list:
    """New cards (`rows` in file order) in the settings' order: "decks-in-turn", one card of
    each deck in turn, so a session mixes topics; "file-order", deck by deck. Decks come in the
    order of their first file, each deck's cards in file order."""
    by_deck: dict[str, list] = defaultdict(list)
    for row in rows:
        by_deck[row["deck"]].append(row)
    columns = list(by_deck.values())
    if order == "file-order":
        return [row for column in columns for row in column]
    return [column[i] for i in range(max(map(len, columns), default=0))
            for column in columns if i < len(column)]


class Reviewer:
    """Records grades and undoes them; every grade is one committed transaction."""

    def __init__(self, store: Store, clock: Clock, calendar: Calendar,
                 scheduler: Scheduler | None = None) -> None:
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.scheduler = scheduler or store.log.scheduler

    def today(self) -> date:
        return self.calendar.day(self.clock.now())

    def _append(self, now: datetime, card_id: str, kind: str, **row) -> str:
        """Append a log row stamped with `now`, its drill day and UTC offset."""
        return self.store.log.append(
            card_id=card_id, kind=kind, when_ms=epoch_ms(now),
            day=self.calendar.day(now).isoformat(),
            utc_offset=self.calendar.utc_offset_minutes(now), **row)

    def grade(self, card_id: str, grade: int, duration_ms: int | None = None,
              off_schedule: bool = False, session: str | None = None) -> str:
        """Log a grade (0-5) for a card and update its schedule. Returns the log row's uid."""
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
            raise ValueError(f"grade must be an integer from 0 to 5, not {grade!r}")
        now = self.clock.now()
        today = self.calendar.day(now)
        when_ms = epoch_ms(now)
        if duration_ms is not None:
            duration_ms = max(0, min(int(duration_ms), MAX_COUNTED_ANSWER_MS))
        # Read, decide and write in one write transaction, so a grade given meanwhile by
        # another drill on the same card cannot be overwritten by a stale state.
        from drill.progress import LogEntry, advance, classify

        with self.store.atomic():
            before = self.store.log.progress(card_id)
            kind = classify(before, today, off_schedule)
            import uuid  # here, not at the top: its import costs `drill due` ~2 ms

            uid = uuid.uuid4().hex  # known before the scheduler runs: it seeds any fuzz
            after = advance(before, LogEntry(kind, today.isoformat(), when_ms, grade,
                                             scheduler=self.scheduler.name), now,
                            self.scheduler, seed=uid)
            return self._append(now, card_id, kind, scheduler=self.scheduler.name,
                                before=before, after=after, grade=grade,
                                duration_ms=duration_ms, session=session, uid=uid)

    def reset(self, card_id: str) -> str:
        """Start a card over as new (its history stays in the log). Undoable; returns the uid."""
        from drill.progress import CardProgress

        with self.store.atomic():
            return self._append(self.clock.now(), card_id, "import",
                                scheduler=self.scheduler.name,
                                before=self.store.log.progress(card_id), after=CardProgress(),
                                source=RESET)

    def undo(self, uid: str, session: str | None = None) -> str:
        """Cancel a logged grade (or a reset) by appending an `undo` row. Returns the card id."""
        with self.store.atomic():
            row = self.store.log.row(uid)
            if row is None or row.kind == "undo" or (row.kind == "import"
                                                     and row.source != RESET):
                raise ValueError(f"nothing to undo for {uid}")
            if self.store.log.is_undone(uid):
                raise ValueError(f"{uid} is already undone")
            before = self.store.log.progress(row.card_id)
            from drill.store import replay

            after = replay((r for r in self.store.log.rows(row.card_id) if r.uid != uid),
                           self.scheduler)
            self._append(self.clock.now(), row.card_id, "undo", scheduler=row.scheduler,
                         before=before, after=after, undoes=uid, session=session)
        return row.card_id

    def preview(self, card_id: str, off_schedule: bool = False) -> dict[int, int]:
        """Days until the card is next due, for each grade 0-5, without changing anything."""
        now = self.clock.now()
        today = self.calendar.day(now)
        from drill.progress import classify

        progress = self.store.log.progress(card_id)
        kind = classify(progress, today, off_schedule)
        moved = self.scheduler.preview(progress.state, now, today)
        if kind == "review":
            return moved
        due_in = max((date.fromisoformat(progress.due) - today).days, 0) if progress.due else 0
        if kind == "practice":  # only a lapse moves the card
            return {grade: moved[grade] if grade < 3 else due_in for grade in moved}
        return {grade: due_in for grade in moved}  # a same-day repeat never moves it


def suggest_grade(ticked: int, total: int, seconds: float | None = None,
                  limit: int = 0) -> int:
    """The grade the key points suggest (decks/README.md, "Key points and the suggested grade").

    The share of key points ticked gives 5 (all), 4 (three quarters or more), 3 (half or more),
    2 (some) or 1 (none); an answer that took longer than the kind's time box (`limit` seconds,
    0 = none) loses a point from a 4 or 5, since it was not fluent.
    """
    if total <= 0:
        return 4
    share = max(0, min(ticked, total)) / total
    grade = 5 if share >= 1 else 4 if share >= 0.75 else 3 if share >= 0.5 else 2 if share else 1
    if limit and seconds is not None and seconds > limit and grade >= 4:
        grade -= 1
    return grade
