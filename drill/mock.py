"""Timed mock interview rounds: formats, choosing questions, the clock, rubrics, and scoring.

No Textual here: the mock screens drive a `MockRound`, and tests drive it with a `FixedClock`.
A round is saved as it goes (notes as typed, time on each pause and question change), so a round
that is quit or crashes resumes where it stopped.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from drill.clock import Calendar, Clock, epoch_ms
from drill.decks import answer_sections, key_points
from drill.review import Filters, Reviewer
from drill.store import Store
from drill.text import count

FRAMEWORK = ("Requirements", "Metrics", "Data", "Model", "Training", "Serving", "Monitoring")
# Minutes for each design step in a 40-minute question (time marks on the clock).
FRAMEWORK_MINUTES = (5, 4, 6, 8, 5, 7, 5)
STAR_RUBRIC = ("Situation", "Task", "My actions", "A result with numbers", "What I learned")
CODING_RUBRIC = ("Recognised the pattern", "Wrote a correct solution",
                 "Stated time and space complexity", "Covered edge cases and tests")
ANSWER, FOLLOW_UP, REVIEW = "answer", "follow-up", "review"


@dataclass(frozen=True)
class Slot:
    """Some questions of a round: which cards qualify, how many, and minutes for each."""

    label: str
    count: int
    minutes: int
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # any of these
    avoid_tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class MockFormat:
    name: str
    title: str
    description: str
    slots: tuple[Slot, ...]

    @property
    def minutes(self) -> int:
        return sum(slot.count * slot.minutes for slot in self.slots)


FORMATS: dict[str, MockFormat] = {f.name: f for f in (
    MockFormat("recruiter", "Recruiter screen",
               "Tell me about yourself, why this company, and two behavioural questions.", (
                   Slot("Introduction", 1, 3, ("star",), ("self-introduction",)),
                   Slot("Motivation", 1, 3, ("star",), ("motivation",)),
                   Slot("Behavioural", 2, 5, ("star",),
                        avoid_tags=("self-introduction", "motivation")))),
    MockFormat("technical", "Technical screen",
               "Three ML concept questions and a coding-pattern question, about 45 minutes.", (
                   Slot("ML concepts", 3, 8, ("concept",)),
                   Slot("Coding", 1, 20, ("coding",)))),
    MockFormat("onsite", "On-site loop",
               "Coding, ML concepts, one system design and one behavioural question.", (
                   Slot("Coding", 2, 20, ("coding",)),
                   Slot("ML concepts", 2, 8, ("concept",)),
                   Slot("System design", 1, 40, ("design",), ("outline",)),
                   Slot("Behavioural", 1, 6, ("star",),
                        avoid_tags=("self-introduction", "motivation")))),
)}
CUSTOM = "custom"


def custom_format(questions: int, minutes: int) -> MockFormat:
    return MockFormat(CUSTOM, "Custom round", f"{count(questions, 'question')}, {minutes} min each.",
                      (Slot("Question", questions, minutes),))


def with_minutes(fmt: MockFormat, minutes: int) -> MockFormat:
    """The same format with every question given `minutes` (for short practice loops)."""
    slots = tuple(Slot(s.label, s.count, minutes, s.kinds, s.tags, s.avoid_tags)
                  for s in fmt.slots)
    return MockFormat(fmt.name, f"{fmt.title} ({minutes} min a question)", fmt.description,
                      slots)


# --- what a card offers a mock round ------------------------------------------------------------


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(re.sub(r"[*_`]", "", text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _bullets(text: str) -> list[str]:
    return [line.strip()[2:] for line in text.split("\n") if line.strip().startswith(("- ", "* "))]


def rubric_for(kind: str, answer: str) -> list[str]:
    """What a good answer covers: framework steps, STAR parts, or the card's key points."""
    if kind == "design":
        return list(FRAMEWORK)
    if kind == "star":
        return list(STAR_RUBRIC)
    if kind == "coding":
        return list(CODING_RUBRIC)
    points = key_points(answer)
    if points:
        return points
    lead, sections = answer_sections(answer)
    points = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(lead.split())) if s][:2]
    why = sections.get("Why it works", "")
    points += _bullets(why)[:3] or [s for s in re.split(r"(?<=[.!?])\s+", " ".join(why.split()))
                                     if s][:2]
    return [_clip(point) for point in points if point.strip()] or ["The main idea, stated clearly"]


def follow_up_for(answer: str) -> tuple[str, str] | None:
    """The interviewer's follow-up (question, model answer) from the card's Follow-up section,
    or else a question about its pitfalls."""
    _, sections = answer_sections(answer)
    follow = sections.get("Follow-up", "")
    match = re.search(r"(?<![*\w])[*_]([^*_\n][^*\n]*?)[*_](?![*\w])", follow)
    if match:
        rest = (follow[: match.start()] + follow[match.end():]).strip()
        return match.group(1).strip(), rest
    pitfalls = sections.get("Pitfalls") or sections.get("Common mistakes") or ""
    if pitfalls:
        return "What usually goes wrong here, and how would you avoid it?", pitfalls
    return None


# --- the clock ----------------------------------------------------------------------------------


@dataclass
class Countdown:
    """A question's clock: counts down from the limit, then keeps counting into overtime."""

    limit_s: int
    elapsed_ms: int = 0
    running_since: int | None = None  # epoch ms when last started

    def elapsed(self, now: datetime) -> int:
        extra = epoch_ms(now) - self.running_since if self.running_since is not None else 0
        return self.elapsed_ms + max(0, extra)

    def remaining_s(self, now: datetime) -> int:
        """Seconds left; negative in overtime."""
        return self.limit_s - self.elapsed(now) // 1000

    @property
    def warn_at_s(self) -> int:
        """Warn when this many seconds are left: 15% of the limit, between 30 s and 5 min."""
        return max(30, min(300, self.limit_s * 15 // 100))

    def state(self, now: datetime) -> str:
        left = self.remaining_s(now)
        if left < 0:
            return "overtime"
        return "warning" if left <= self.warn_at_s else "ok"

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def start(self, now: datetime) -> None:
        if self.running_since is None:
            self.running_since = epoch_ms(now)

    def stop(self, now: datetime) -> None:
        if self.running_since is not None:
            self.elapsed_ms = self.elapsed(now)
            self.running_since = None


def clock_text(seconds: int) -> str:
    sign = "+" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


def design_marks(limit_s: int) -> list[tuple[str, int]]:
    """When (seconds into the question) each design step should be done, scaled to the limit."""
    total = sum(FRAMEWORK_MINUTES)
    marks, done = [], 0
    for step, minutes in zip(FRAMEWORK, FRAMEWORK_MINUTES, strict=True):
        done += minutes
        marks.append((step, limit_s * done // total))
    return marks


# --- choosing questions -------------------------------------------------------------------------


def choose_questions(store: Store, fmt: MockFormat, today: str, filters: Filters,
                     seed: int, prefer_role: str | None = None) -> list[tuple[str, int, str]]:
    """(card id, seconds, slot label) for each question: no repeats, weak and due cards and decks
    on review favoured, reproducible for a seed."""
    rng = random.Random(seed)
    candidates = store.mock.candidates(filters.deck, filters.tag)
    scores = store.mock.scores()
    used: set[str] = set()
    chosen: list[tuple[str, int, str]] = []
    for slot in fmt.slots:
        pool = [c for c in candidates if c["id"] not in used
                and (not slot.kinds or c["kind"] in slot.kinds)
                and (not slot.tags or set(slot.tags) & set(c["tags"]))
                and not set(slot.avoid_tags) & set(c["tags"])]
        if slot.kinds == ("design",) and slot.tags and not pool:  # decks without outline tags
            pool = [c for c in candidates if c["id"] not in used and c["kind"] == "design"]
        weighted = sorted(((_weight(c, today, scores.get(c["id"], []), prefer_role), c["id"])
                           for c in pool), key=lambda wc: wc[1])
        # Weighted sampling without replacement (Efraimidis–Spirakis): key = u^(1/w).
        keyed = sorted(((rng.random() ** (1 / w), card_id) for w, card_id in weighted),
                       reverse=True)
        for _, card_id in keyed[: slot.count]:
            used.add(card_id)
            chosen.append((card_id, slot.minutes * 60, slot.label))
    return chosen


def _weight(card: dict, today: str, scores: list[int], prefer_role: str | None = None) -> float:
    weight = 1.0
    if card["due"] is not None and card["due"] <= today:
        weight += 3
    weight += min(card["lapses"] or 0, 5)
    if card["ef100"] is not None:
        weight += max(0.0, (250 - card["ef100"]) / 40)
    if scores:
        weight += max(0.0, 3 - sum(scores) / len(scores)) * 1.5
    if prefer_role is not None and prefer_role in card["roles"]:
        weight *= 2  # the user's target role
    if not card["enabled"]:
        weight *= 0.2
    return weight


# --- a round ------------------------------------------------------------------------------------


@dataclass
class Question:
    position: int
    card_id: str
    limit_s: int
    rubric: list[str]
    countdown: Countdown
    phase: str = ANSWER
    notes: str = ""
    ticked: list[int] = field(default_factory=list)
    score: int | None = None
    skipped: bool = False
    due_before: str | None = None
    due_after: str | None = None


@dataclass
class RoundSummary:
    rows: list[dict]
    weakest_tags: list[tuple[str, float]]
    moved: list[tuple[str, str | None, str | None]]  # (card id, due before, due after)
    mean_score: float | None


class MockRound:
    """One round in progress. Every change is saved at once."""

    def __init__(self, store: Store, clock: Clock, calendar: Calendar, round_id: str,
                 title: str, questions: list[Question], position: int = 0) -> None:
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.id = round_id
        self.title = title
        self.questions = questions
        self.position = position

    # creating and resuming

    @classmethod
    def create(cls, store: Store, clock: Clock, calendar: Calendar, fmt: MockFormat,
               filters: Filters = Filters(), seed: int | None = None) -> MockRound:
        seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
        today = calendar.day(clock.now()).isoformat()
        picked = choose_questions(store, fmt, today, filters, seed, store.roadmap.target_role())
        if not picked:
            raise ValueError("no cards match this round; try other decks or tags")
        cards = {card.id: card for card in store.cards.list([card_id for card_id, _, _ in picked])}
        round_id = uuid.uuid4().hex
        questions = [Question(i, card_id, seconds,
                              rubric_for(cards[card_id].kind, cards[card_id].answer),
                              Countdown(seconds))
                     for i, (card_id, seconds, _) in enumerate(picked)]
        store.mock.create(
            {"id": round_id, "format": fmt.name, "title": fmt.title, "seed": seed,
             "started_ms": epoch_ms(clock.now())},
            [{"round_id": round_id, "position": q.position, "card_id": q.card_id,
              "limit_s": q.limit_s, "rubric": json.dumps(q.rubric)} for q in questions])
        return cls(store, clock, calendar, round_id, fmt.title, questions)

    @classmethod
    def load(cls, store: Store, clock: Clock, calendar: Calendar, round_id: str) -> MockRound:
        """A saved round, its clock paused where it stopped."""
        row = store.mock.round(round_id)
        if row is None:
            raise KeyError(round_id)
        questions = [Question(a["position"], a["card_id"], a["limit_s"], json.loads(a["rubric"]),
                              Countdown(a["limit_s"], a["elapsed_ms"]), a["phase"], a["notes"],
                              json.loads(a["ticked"]), a["score"], bool(a["skipped"]),
                              a["due_before"], a["due_after"])
                     for a in store.mock.answers(round_id)]
        return cls(store, clock, calendar, round_id, row["title"], questions, row["position"])

    # the current question

    @property
    def current(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def _save(self, question: Question, **values) -> None:
        self.store.mock.update_answer(self.id, question.position, **values)

    def start(self) -> None:
        """Start (or resume) the current question's clock."""
        question = self.current
        if question is not None and question.phase != REVIEW:
            question.countdown.start(self.clock.now())

    def pause(self) -> None:
        question = self.current
        if question is not None:
            question.countdown.stop(self.clock.now())
            self._save(question, elapsed_ms=question.countdown.elapsed_ms)

    def save_time(self) -> None:
        """Persist the running clock without stopping it (called every few seconds)."""
        question = self.current
        if question is not None:
            self._save(question, elapsed_ms=question.countdown.elapsed(self.clock.now()))

    def set_notes(self, text: str) -> None:
        question = self.current
        if question is not None and text != question.notes:
            question.notes = text
            self._save(question, notes=text)

    def advance_phase(self) -> str:
        """Answer -> follow-up (if the card has one) -> review (clock stops)."""
        question = self.current
        assert question is not None
        card = self.store.cards.get(question.card_id)
        if question.phase == ANSWER and card is not None and follow_up_for(card.answer):
            question.phase = FOLLOW_UP
        else:
            question.phase = REVIEW
            question.countdown.stop(self.clock.now())
        self._save(question, phase=question.phase,
                   elapsed_ms=question.countdown.elapsed(self.clock.now()))
        return question.phase

    def toggle_tick(self, index: int) -> None:
        question = self.current
        if question is None or not 0 <= index < len(question.rubric):
            return
        if index in question.ticked:
            question.ticked.remove(index)
        else:
            question.ticked.append(index)
            question.ticked.sort()
        self._save(question, ticked=json.dumps(question.ticked))

    def score(self, score: int, reviewer: Reviewer) -> None:
        """Record a 0-5 self-score, log it for the card (off schedule), and move on."""
        question = self.current
        assert question is not None
        if not 0 <= score <= 5:
            raise ValueError("a score is 0-5")
        question.countdown.stop(self.clock.now())
        before = self.store.log.progress(question.card_id).due
        uid = reviewer.grade(question.card_id, score, question.countdown.elapsed_ms,
                             off_schedule=True, session=self.id)
        after = self.store.log.progress(question.card_id).due
        question.score, question.due_before, question.due_after = score, before, after
        question.phase = REVIEW
        self._save(question, score=score, due_before=before, due_after=after, log_uid=uid,
                   phase=REVIEW, elapsed_ms=question.countdown.elapsed_ms)
        self._next()

    def skip(self) -> None:
        question = self.current
        assert question is not None
        question.countdown.stop(self.clock.now())
        question.skipped = True
        self._save(question, skipped=1, elapsed_ms=question.countdown.elapsed_ms)
        self._next()

    def _next(self) -> None:
        self.position += 1
        values: dict = {"position": self.position}
        if self.finished:
            values.update(status="finished", finished_ms=epoch_ms(self.clock.now()))
        self.store.mock.update_round(self.id, **values)

    # after the round

    def summary(self) -> RoundSummary:
        cards = {card.id: card for card in self.store.cards.list([q.card_id for q in self.questions])}
        rows, by_tag = [], defaultdict(list)
        for q in self.questions:
            card = cards.get(q.card_id)
            rows.append({"prompt": card.prompt if card else q.card_id, "limit_s": q.limit_s,
                         "elapsed_s": q.countdown.elapsed_ms // 1000, "score": q.score,
                         "ticked": len(q.ticked), "rubric": len(q.rubric), "skipped": q.skipped})
            if q.score is not None and card is not None:
                for tag in card.tags:
                    by_tag[tag].append(q.score)
        weakest = sorted(((tag, sum(s) / len(s)) for tag, s in by_tag.items()),
                         key=lambda ts: (ts[1], ts[0]))[:5]
        moved = [(q.card_id, q.due_before, q.due_after) for q in self.questions
                 if q.score is not None and q.due_before != q.due_after]
        scores = [q.score for q in self.questions if q.score is not None]
        return RoundSummary(rows, weakest, moved, sum(scores) / len(scores) if scores else None)
