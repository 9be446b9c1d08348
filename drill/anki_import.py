"""Importing an Anki package: cards into the user's deck files, review history into the log.

`plan_import` reads the package and prepares everything in memory (deck texts, media, log rows);
`apply_import` writes it: media and deck files atomically, then the `import` rows in one store
transaction; if that fails, the files it created are removed and the files it changed restored, so
the deck files and the log rows land together or not at all.

History (design decision 12): each Anki answer (revlog types learn, review, relearn, filtered;
manual reschedules skipped) becomes an `import` row keyed `anki:<collection creation>:<revlog id>`,
ease 1-4 -> grade 1/3/4/5. Only each card's last row carries its seeded SM-2 state: Anki's interval,
ease factor (permille -> hundredths), due date, review and lapse counts.

Cards drill exported (`drill export apkg`: note type "drill (front/back)", guid = drill's id) come
back as the same cards; of their history only Anki's new answers are added (drill's own reviews,
exported with their times as revlog ids, are recognised), and their schedules continue from drill's
progress. A `kind::<kind>` tag sets the card's kind.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from drill.anki_export import MODEL_NAME, tags_from_anki
from drill.anki_notes import CONTROL_RE, MEDIA_DIR, card_id_for, card_text, convert_tag, one_line
from drill.anki_package import (
    AnkiCard,
    AnkiImportError,
    Note,
    NoteType,
    Package,
    Review,
    open_package,
)
from drill.clock import Calendar, from_epoch_ms
from drill.decks import DEFAULT_KIND, ID_RE, Card, format_card, parse_deck
from drill.editing import UserDeck, open_user_deck, write_user_deck
from drill.files import atomic_write
from drill.progress import CardProgress
from drill.sm2 import MAX_INTERVAL, MIN_EF100, START_EF100
from drill.store import Store
from drill.text import count

GRADES = {1: 1, 2: 3, 3: 4, 4: 5}  # Anki's Again/Hard/Good/Easy
OWN_REVIEW_SLACK_MS = 1000  # how far an exported revlog id may sit after its drill row's time
ANSWER_TYPES = (0, 1, 2, 3)  # learn, review, relearn, filtered; 4 manual and 5 rescheduled skipped

__all__ = ["AnkiImportError", "ImportPlan", "apply_import", "plan_import", "import_package"]


@dataclass
class DeckPlan:
    title: str
    target: UserDeck
    cards: list[Card] = field(default_factory=list)


@dataclass
class ImportPlan:
    decks: list[DeckPlan] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    suspend: list[str] = field(default_factory=list)
    bury: list[tuple[str, str]] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    known: int = 0  # cards already imported before

    @property
    def card_count(self) -> int:
        return sum(len(d.cards) for d in self.decks)

    def deck_lines(self, arrow: str) -> list[str]:
        """A line per deck file written: its title, its cards, `arrow`, the file."""
        return [f"{d.title}: {count(len(d.cards), 'card')} {arrow} {d.target.path}"
                for d in self.decks]

    def summary(self, history: bool = True) -> str:
        """"Imported 3 cards and 5 review-history rows (1 card imported before)" (a text file
        brings no history: `history=False`)."""
        return (f"Imported {count(self.card_count, 'card')}"
                + (f" and {count(len(self.rows), 'review-history row')}" if history else "")
                + (f" ({count(self.known, 'card')} imported before)" if self.known else ""))


def _day_of(when: datetime, calendar: Calendar) -> str:
    return calendar.day(when).isoformat()


def seeded_progress(card: AnkiCard, answers: list[Review], crt: int,
                    calendar: Calendar, prior: CardProgress | None = None) -> CardProgress:
    """The card's progress as Anki leaves it: SM-2 state from its interval, ease and due date.
    `prior`: the card's progress in drill before these answers (a card drill exported)."""
    prior = prior or CardProgress()
    last = answers[-1] if answers else None
    first_day = prior.first_day or (
        _day_of(from_epoch_ms(answers[0].id), calendar) if answers else None)
    base = CardProgress(
        reviews=max(card.reps, len(answers) + prior.reviews), lapses=card.lapses,
        last_ms=last.id if last else prior.last_ms,
        last_grade=GRADES[last.ease] if last else prior.last_grade, first_day=first_day)
    if card.type == 0:
        return base
    due_value = card.odue if card.odid else card.due
    if due_value > 1_000_000_000:  # learning cards: epoch seconds
        due = calendar.day(from_epoch_ms(due_value * 1000))
    else:  # review and day-learning cards: days since the collection's creation day (its local
        # date: Anki stores the creation at its own rollover hour, which drill's may differ from)
        due = calendar.local(from_epoch_ms(crt * 1000)).date() + timedelta(days=due_value)
    interval = min(max(card.ivl, 0), MAX_INTERVAL)
    streak = 0
    for answer in reversed(answers):
        if answer.ease == 1:
            break
        streak += 1
    else:  # no lapse among these answers: the streak goes on from drill's
        streak += int((prior.state or {}).get("repetitions", 0))
    repetitions = 0 if card.type in (1, 3) else max(streak, 2 if interval >= 6 else 1)
    ef100 = max(MIN_EF100, card.factor // 10) if card.factor else START_EF100
    state = {"repetitions": repetitions, "ef100": ef100, "interval": interval,
             "due": due.isoformat()}
    return CardProgress(scheduler="sm2", state=state, due=due.isoformat(), interval=interval,
                        lapses=base.lapses, reviews=base.reviews, last_ms=base.last_ms,
                        last_grade=base.last_grade, first_day=base.first_day or due.isoformat())


def history_rows(card: AnkiCard, card_id: str, answers: list[Review], crt: int,
                 calendar: Calendar, now: datetime,
                 prior: CardProgress | None = None) -> list[dict[str, Any]]:
    """The `import` rows of one card; the last carries the seeded progress. A card scheduled by
    Anki with no answers left in its log gets one row keyed by the card (unless drill already
    has its progress: `prior`, a card of drill's that comes back with no new answers)."""
    final = seeded_progress(card, answers, crt, calendar, prior)
    if not answers:
        if card.type == 0 or (prior is not None and not prior.is_new):
            return []
        answers_keys: list[tuple[str, int, int | None, int | None]] = [
            (f"anki:{crt}:card:{card.id}", int(now.timestamp() * 1000), None, None)]
    else:
        answers_keys = [(f"anki:{crt}:{a.id}", a.id, GRADES[a.ease], max(a.time, 0))
                        for a in answers]
    start = prior or CardProgress()
    rows, before = [], json.dumps(start.to_dict())
    first_day = start.first_day
    counts = start.to_dict()
    for i, (source, time_ms, grade, duration) in enumerate(answers_keys):
        when = from_epoch_ms(time_ms)
        day = _day_of(when, calendar)
        first_day = first_day or day
        if i == len(answers_keys) - 1:
            after = json.dumps(final.to_dict())
        else:  # counts only: the state is seeded by the last row
            after = json.dumps({**counts, "reviews": start.reviews + i + 1, "last_ms": time_ms,
                                "last_grade": grade, "first_day": first_day})
        rows.append({"uid": uuid.uuid4().hex, "card_id": card_id, "time_ms": time_ms,
                     "day": day, "utc_offset": calendar.utc_offset_minutes(when), "grade": grade,
                     "duration_ms": duration, "scheduler": "sm2", "state_before": before,
                     "state_after": after, "source": source})
        before = after
    return rows


def _drill_card(note: Note, notetype: NoteType, card: AnkiCard, drill_ids: frozenset[str]) -> bool:
    """True for a card drill exported (`drill export apkg`): its note's guid is the drill id."""
    if card.ord != 0 or not ID_RE.fullmatch(note.guid):
        return False
    return notetype.name == MODEL_NAME or note.guid in drill_ids


def new_answers(answers: list[Review], own_times: list[int]) -> list[Review]:
    """The answers that are not drill's own reviews coming back: drill exports each review with
    its time (ms) as the revlog id, moved up by a millisecond if two share a time."""
    times = sorted(own_times)
    fresh = []
    for answer in answers:
        i = bisect.bisect_left(times, answer.id - OWN_REVIEW_SLACK_MS)
        if i < len(times) and times[i] <= answer.id:
            continue
        fresh.append(answer)
    return fresh


def plan_import(package: Package, store: Store, decks_dir: Path, calendar: Calendar,
                now: datetime, deck_title: str | None = None) -> ImportPlan:
    """Everything an import would write, in memory; nothing is written."""
    plan = ImportPlan()
    taken = set(store.cards.index())
    drill_ids = frozenset(taken)
    done_sources = store.log.imported_sources(f"anki:{package.crt}:")
    answers: dict[int, list[Review]] = {}
    for review in package.revlog:
        if review.type in ANSWER_TYPES and review.ease in GRADES:
            answers.setdefault(review.cid, []).append(review)
    by_title: dict[str, DeckPlan] = {}
    prompts: dict[str, set[str]] = {}
    media_names = set(package.media)
    used: set[str] = set()
    missing: set[str] = set()
    today = _day_of(now, calendar)
    for card in package.cards:
        note = package.notes.get(card.nid)
        if note is None:
            plan.skipped.append(f"Anki card {card.id}: its note {card.nid} is missing")
            continue
        notetype = package.notetypes.get(note.mid)
        if notetype is None:
            raise AnkiImportError(f"note {note.id} has a note type ({note.mid}) the package does "
                                  "not define; the package is damaged")
        title = deck_title or package.decks.get(card.odid or card.did) or ""
        title = one_line(CONTROL_RE.sub("", title)).lstrip("#").strip() or "Anki import"
        own = _drill_card(note, notetype, card, drill_ids)
        card_id = note.guid if own else card_id_for(note.guid, card.ord)
        deck = by_title.get(title.casefold())
        if deck is None and card_id not in taken:
            target = open_user_deck(title, decks_dir)
            deck = by_title[title.casefold()] = DeckPlan(title, target)
            existing = parse_deck(target.text, str(target.path))
            taken |= {c.id for c in existing.cards if c.id}
            prompts[title.casefold()] = {" ".join(c.prompt.casefold().split())
                                         for c in existing.cards}
        if card_id not in taken:
            assert deck is not None
            prompt, answer = card_text(note, notetype, card.ord, media_names, used, missing)
            seen, base, n = prompts[title.casefold()], prompt, 2
            while " ".join(prompt.casefold().split()) in seen:
                prompt, n = f"{base} ({n})", n + 1
            seen.add(" ".join(prompt.casefold().split()))
            other_tags, kind = tags_from_anki(note.tags)
            tags = tuple(dict.fromkeys(t for t in map(convert_tag, other_tags) if t))
            deck.cards.append(Card(id=card_id, prompt=prompt, answer=answer, deck=title,
                                   tags=tags, kind=kind or DEFAULT_KIND))
            taken.add(card_id)
            if card.queue == -1:
                plan.suspend.append(card_id)
            elif card.queue in (-2, -3):
                plan.bury.append((card_id, today))
        else:
            plan.known += 1
        card_answers, prior = answers.get(card.id, []), None
        if own and card_id in drill_ids:  # drill's card back from Anki: only Anki's new answers
            prior = store.log.progress(card_id)
            card_answers = new_answers(card_answers, [r.time_ms for r in store.log.rows(card_id)])
        rows = history_rows(card, card_id, card_answers, package.crt, calendar, now, prior)
        plan.rows.extend(r for r in rows if r["source"] not in done_sources)
    plan.decks = [d for d in by_title.values() if d.cards]
    for name in sorted(used):
        data = package.media_bytes(name)
        if data is None:
            missing.add(name)
        else:
            plan.media[name] = data
    plan.skipped += [f"media file {name!r} is referenced but not in the package"
                     for name in sorted(missing)]
    return plan


def _deck_text(deck: DeckPlan) -> str:
    text = deck.target.text
    eol = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += eol
    blocks = [format_card(card).replace("\n", eol) for card in deck.cards]
    return text + eol + eol.join(blocks)


def apply_import(plan: ImportPlan, store: Store, decks_dir: Path) -> list[str]:
    """Write the plan: media, deck files, then log rows; all of it, or (on an error, re-raised)
    none of it. Returns notes on media that was not copied."""
    notes: list[str] = []
    created: list[Path] = []
    changed: list[tuple[Path, bytes]] = []
    try:
        if plan.media:
            folder = decks_dir / MEDIA_DIR
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in plan.media.items():
                path = folder / name
                if path.exists():
                    if path.read_bytes() != data:
                        notes.append(f"media {name!r} not copied: {path} exists with other "
                                     "content (the card links to the file that is there)")
                    continue
                atomic_write(path, data, new=True)
                created.append(path)
        for deck in plan.decks:
            write_user_deck(deck.target, _deck_text(deck))
            if deck.target.created:
                created.append(deck.target.path)
            else:
                changed.append((deck.target.path, deck.target.original))
        if plan.rows or plan.suspend or plan.bury:
            store.log.append_imported(plan.rows, plan.suspend, plan.bury)
    except BaseException:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        for path, original in changed:
            with contextlib.suppress(OSError):
                atomic_write(path, original)
        raise
    return notes


def import_package(path: Path, store: Store, decks_dir: Path, calendar: Calendar,
                   now: datetime, deck_title: str | None = None) -> tuple[ImportPlan, list[str]]:
    """Read, plan and write one package. Raises AnkiImportError (one line) or OSError /
    StoreWriteError with nothing written."""
    with open_package(path) as package:
        plan = plan_import(package, store, decks_dir, calendar, now, deck_title)
    notes = apply_import(plan, store, decks_dir)
    return plan, notes
