"""A review session: today's cards in order, grading, same-day repeats, and undo to the start.

Core logic with no Textual: the review screen drives it, tests drive it directly.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from drill.review import Filters, Limits, Reviewer, build_queue
from drill.store import Store
from drill.text import count

DUE, NEW, REPEAT, AHEAD, CRAM = "due", "new", "repeat", "ahead", "cram"


@dataclass(frozen=True)
class Step:
    """One thing done in the session, enough to undo it exactly."""

    action: str  # "grade", "bury" or "suspend"
    card_id: str
    slot: str  # DUE / NEW / REPEAT / AHEAD: which count the card was in
    uid: str | None = None  # the log row of a grade
    grade: int | None = None
    requeued: bool = False  # came back as a same-day repeat
    duration_ms: int = 0
    previous_buried: str | None = None
    # Siblings (a reference and its recall cards) buried by this grade, so they never come up
    # the same day: (card, its buried day before, its place in the queue or -1, its slot).
    siblings: tuple[tuple[str, str | None, int, str | None], ...] = ()


@dataclass
class Summary:
    reviewed: int
    grades: dict[int, int]
    seconds: int
    again: int  # graded below 3
    due_tomorrow: int
    buried: int = 0
    suspended: int = 0
    cards: int = 0  # distinct cards graded (`reviewed` counts every answer, repeats too)
    back_today: int = 0  # missed cards still waiting to come back this session
    time_up: bool = False  # a time-boxed session ended at its time


@dataclass
class ReviewSession:
    store: Store
    reviewer: Reviewer
    pending: list[str] = field(default_factory=list)
    slots: dict[str, str] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    off_schedule: bool = False
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    title: str = "All decks"
    # A time box: the session ends once `minutes` have passed on the reviewer's clock since
    # `started`, when the card in hand is finished (0: no box).
    minutes: int = 0
    started: datetime | None = None

    @classmethod
    def today(cls, store: Store, reviewer: Reviewer, limits: Limits,
              filters: Filters = Filters(), title: str = "All decks",
              prefer_role: str | None = None, minutes: int = 0) -> ReviewSession:
        """Today's cards; with `minutes`, a time box: due cards most at risk first, then new."""
        queue = build_queue(store, reviewer.today(), limits, filters, prefer_role,
                            by_risk=minutes > 0)
        slots = {card: DUE for card in queue.due}
        slots.update({card: NEW for card in queue.new})
        slots.update({card: REPEAT for card in queue.repeats})
        slots.update({card: CRAM for card in queue.cram})
        if minutes > 0:
            title = f"{title} · {minutes} min"
        return cls(store, reviewer, list(queue.order), slots, title=title, minutes=minutes,
                   started=reviewer.clock.now())

    @property
    def seconds_left(self) -> int | None:
        """Seconds left in the time box (None without one)."""
        if not self.minutes or self.started is None:
            return None
        end = self.started + timedelta(minutes=self.minutes)
        return max(0, int((end - self.reviewer.clock.now()).total_seconds()))

    @property
    def time_up(self) -> bool:
        """The time box is over (never, without one)."""
        return self.seconds_left == 0

    @classmethod
    def ahead(cls, store: Store, reviewer: Reviewer, days: int = 7,
              limit: int = 30) -> ReviewSession:
        """Cards due in the next `days` days, off schedule: passes are practice, fails lapse."""
        today = reviewer.today()
        first = (today + timedelta(days=1)).isoformat()
        last = (today + timedelta(days=days)).isoformat()
        cards = store.queue.due_between(first, last, limit)
        return cls(store, reviewer, cards, dict.fromkeys(cards, AHEAD), off_schedule=True,
                   title=f"Reviewing ahead (next {count(days, 'day')})")

    @classmethod
    def practice(cls, store: Store, reviewer: Reviewer, cards: list[str],
                 title: str) -> ReviewSession:
        """Chosen cards (custom study, cramming), off schedule: a card due today is reviewed as
        usual; any other pass is practice that leaves the schedule alone, a fail is a lapse."""
        today = reviewer.today().isoformat()
        slots = {}
        for card in cards:
            progress = store.log.progress(card)
            slots[card] = (NEW if progress.is_new else DUE if progress.due and progress.due
                           <= today else AHEAD)
        return cls(store, reviewer, list(cards), slots, off_schedule=True, title=title)

    @property
    def current(self) -> str | None:
        return self.pending[0] if self.pending else None

    @property
    def upcoming(self) -> str | None:
        return self.pending[1] if len(self.pending) > 1 else None

    @property
    def done(self) -> int:
        return sum(step.action == "grade" for step in self.steps)

    def remaining(self) -> Counter[str]:
        return Counter(self.slots[card] for card in self.pending)

    def off_schedule_for(self, card: str) -> bool:
        """Whether `card` is graded off schedule (a pass is practice, a fail a lapse): in a
        review ahead, and for the final week's cramming pass."""
        return self.off_schedule or self.slots.get(card) == CRAM

    def grade(self, grade: int, duration_ms: int = 0) -> Step:
        """Grade the current card. It leaves the queue only once the grade is committed: when
        the write fails (StoreError), it stays current and the grade can be given again."""
        card = self.current
        if card is None:
            raise IndexError("no card to review")
        slot = self.slots[card]
        uid = self.reviewer.grade(card, grade, duration_ms,
                                  off_schedule=self.off_schedule_for(card),
                                  session=self.id)
        self._take()
        progress = self.store.log.progress(card)
        requeued = progress.repeat_day == self.reviewer.today().isoformat()
        if requeued:
            self.pending.append(card)
            self.slots[card] = REPEAT
        siblings = self._bury_siblings(card)
        step = Step("grade", card, slot, uid, grade, requeued, duration_ms, siblings=siblings)
        self.steps.append(step)
        return step

    def _bury_siblings(self, card: str) -> tuple[tuple[str, str | None, int, str | None], ...]:
        """Bury the cards linked to `card` by `of` until tomorrow, taking them out of the queue."""
        today = self.reviewer.today().isoformat()
        buried = []
        for sibling in self.store.cards.siblings(card):
            previous = self.store.flags.of(sibling)[1]
            place = self.pending.index(sibling) if sibling in self.pending else -1
            if previous == today and place < 0:
                continue
            self.store.flags.set_buried(sibling, today)
            if place >= 0:
                del self.pending[place]
            buried.append((sibling, previous, place, self.slots.get(sibling)))
        return tuple(buried)

    def bury(self) -> Step:
        """Hide the current card until tomorrow."""
        card = self.current
        if card is None:
            raise IndexError("no card to review")
        previous = self.store.flags.of(card)[1]
        self.store.flags.set_buried(card, self.reviewer.today().isoformat())
        self._take()
        step = Step("bury", card, self.slots[card], previous_buried=previous)
        self.steps.append(step)
        return step

    def suspend(self) -> Step:
        """Take the current card out of review until it is unsuspended."""
        card = self.current
        if card is None:
            raise IndexError("no card to review")
        self.store.flags.set_suspended(card, True)
        self._take()
        step = Step("suspend", card, self.slots[card])
        self.steps.append(step)
        return step

    def undo(self) -> Step | None:
        """Undo the last step: the card comes back as the current card, exactly as it was."""
        if not self.steps:
            return None
        step = self.steps[-1]
        if step.action == "grade":
            assert step.uid is not None
            self.reviewer.undo(step.uid, session=self.id)
            if step.requeued:
                last = len(self.pending) - 1 - self.pending[::-1].index(step.card_id)
                del self.pending[last]
            for sibling, previous, place, slot in reversed(step.siblings):
                self.store.flags.set_buried(sibling, previous)
                if place >= 0:
                    self.pending.insert(min(place, len(self.pending)), sibling)
                    if slot is not None:
                        self.slots[sibling] = slot
        elif step.action == "bury":
            self.store.flags.set_buried(step.card_id, step.previous_buried)
        elif step.action == "suspend":
            self.store.flags.set_suspended(step.card_id, False)
        self.steps.pop()  # only once the undo is saved
        self.slots[step.card_id] = step.slot
        self.pending.insert(0, step.card_id)
        return step

    def _take(self) -> str:
        if not self.pending:
            raise IndexError("no card to review")
        return self.pending.pop(0)

    def summary(self) -> Summary:
        graded = [step for step in self.steps if step.action == "grade"]
        grades = [step.grade for step in graded]
        missed = {step.card_id for step in graded if step.grade is not None and step.grade < 3}
        tomorrow = (self.reviewer.today() + timedelta(days=1)).isoformat()
        return Summary(
            cards=len({step.card_id for step in graded}),
            back_today=len(missed & set(self.pending)),
            reviewed=len(grades),
            grades=dict(sorted(Counter(g for g in grades if g is not None).items())),
            seconds=sum(step.duration_ms for step in self.steps) // 1000,
            again=len(missed),
            due_tomorrow=self.store.queue.due_count_on(tomorrow),
            buried=sum(step.action == "bury" for step in self.steps),
            suspended=sum(step.action == "suspend" for step in self.steps),
            time_up=self.time_up,
        )
