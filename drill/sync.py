"""Deck files -> store. Card identity, id stamping, and nothing ever silently deleted.

- Files whose size and mtime are unchanged since the last sync are not read.
- Missing ids in the user's files are stamped (atomically; skipped if the file changed meanwhile).
- A user card with a bundled card's id overrides that card (design decision 3).
- A card gone from its file becomes an orphan and keeps its history; every card of a file that
  fails to parse stays as it was. A new card whose content matches an orphan takes its history;
  one that merely took an orphan's place in its file (a stale editor save without the id line)
  is only suggested (`SyncReport.suggested`): the user decides.
- Each real folder and file is read once (link loops are reported, not followed again).
- Two files of one origin with the same id are reported; the file that holds the card keeps it,
  and a duplicate never inherits a card's history by itself.
- Ids that cannot be stamped (write-protected file, read-only folder) are derived in memory.
- A card that lists `replaces: a, b` absorbs those cards once they are gone from the decks: their
  history moves to it as one `import` row each, never twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from drill.clock import Calendar, epoch_ms
from drill.deckfile.walk import DeckWalk
from drill.gcpause import paused_collection
from drill.record import Record
from drill.store import Store

if TYPE_CHECKING:
    from drill.decks import Card, Deck, Problem
    from drill.progress import CardProgress
# The parser, its records and id stamping are imported where a file is read or a problem
# reported: a sync with nothing changed on disk (every `drill due`) does not load them.

BUNDLED, USER = "bundled", "user"


class Source(NamedTuple):
    """A folder of decks and whose it is. Bundled folders are never written."""

    folder: Path
    origin: str = USER
    stories: bool = False  # a folder of story files (drill/stories.py), not decks


class SyncReport(Record):
    """What a sync did. (This module's classes are plain classes and NamedTuples, not
    dataclasses: see drill/record.py.)"""

    def __init__(self) -> None:
        self.read = 0  # files parsed this time
        self.skipped = 0  # files unchanged since the last sync
        self.added: list[str] = []
        self.updated: list[str] = []
        self.edited: list[str] = []  # text changed (history kept)
        self.orphaned: list[str] = []
        self.restored: list[str] = []  # orphans that came back
        self.taken_over: list[tuple[str, str]] = []  # (orphan, new id)
        self.merged: list[tuple[str, str]] = []  # (absorbed id, kept id)
        self.stamped: dict[str, int] = {}  # path -> ids stamped
        self.problems: list[Problem] = []  # errors of files kept as they were
        # (orphan, new id): a card gone from a file while a new one appeared in its place, e.g.
        # an editor saved a stale buffer without the stamped id line. The app offers the
        # reattach.
        self.suggested: list[tuple[str, str]] = []

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.orphaned or self.restored
                    or self.taken_over or self.merged)


class _FileState:
    """A deck file as this sync found it (`deck`: set when parsed this time)."""

    __slots__ = ("path", "origin", "size", "mtime_ns", "card_ids", "errors", "deck", "stories")

    def __init__(self, path: str, origin: str, size: int, mtime_ns: int, card_ids: list[str],
                 errors: int, deck: Deck | None, stories: bool) -> None:
        self.path, self.origin, self.size, self.mtime_ns = path, origin, size, mtime_ns
        self.card_ids, self.errors, self.deck, self.stories = card_ids, errors, deck, stories


def _parse(path: Path, stories: bool) -> Deck:
    """A deck file, or a story file as a deck of story cards."""
    if stories:
        from drill.stories import story_deck

        return story_deck(path)
    from drill.deckfile.parse import parse_file

    return parse_file(path)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@lru_cache(maxsize=4096)  # tags and roles repeat from card to card
def _json_list(items: tuple[str, ...]) -> str:
    """json.dumps(list(items)), the same text, without its per-call cost (three per card on a
    cold sync): each string quoted by json's own C encoder."""
    if not items:
        return "[]"
    return f"[{', '.join(map(encode_basestring_ascii, items))}]"


def _card_row(card: Card, origin: str, now_ms: int, content_hash: str,
              edited_ms: int | None) -> tuple[object, ...]:
    """The card's `cards` row for `Cards.upsert_values`: the values of CARD_COLUMNS in order."""
    return (card.id, card.deck, card.prompt, card.answer, card.kind, card.difficulty,
            _json_list(card.tags), _json_list(card.roles), card.path, card.line, origin,
            content_hash, now_ms, edited_ms, _json_list(card.replaces), card.of)


def sync(store: Store, sources: Iterable[Source], now: datetime,
         calendar: Calendar | None = None) -> SyncReport:
    """Bring the store up to date with the deck files in `sources`."""
    # A cold sync of 100,000 cards makes millions of objects that live to its end, and none
    # of them forms a cycle: the collector's passes over them only cost time (a tenth of it).
    with paused_collection():
        return _sync(store, sources, now, calendar)


def _sync(store: Store, sources: Iterable[Source], now: datetime,
          calendar: Calendar | None) -> SyncReport:
    report = SyncReport()
    now_ms = epoch_ms(now)
    known_files = store.files.rows(decode=False)  # card ids decoded below, if anything changed
    files: list[_FileState] = []

    walk = DeckWalk()  # each real folder and file once, across sources too
    for source in sources:
        folder = Path(source.folder).resolve()
        if not folder.is_dir():
            continue
        for path in walk.files(folder):
            key = str(path)
            stat = walk.stats.get(path) or _stat(path)  # the walk's own stat, taken just now
            if stat is None:
                continue
            previous = known_files.get(key)
            if (previous and (previous["size"], previous["mtime_ns"]) == stat
                    and previous["origin"] == source.origin):
                report.skipped += 1
                files.append(_FileState(key, source.origin, *stat, previous["card_ids"],
                                        previous["errors"], None, source.stories))
                continue
            report.read += 1
            deck = _parse(path, source.stories)
            state = _FileState(key, source.origin, *stat, [], len(deck.errors), deck,
                               source.stories)
            if deck.ok:
                state.card_ids = [card.id for card in deck.cards if card.id]
            else:
                report.problems.extend(deck.errors)
                state.card_ids = previous["card_ids"] if previous else []  # kept as they were
            files.append(state)

    report.problems.extend(walk.problems)
    if not report.read and {state.path for state in files} == set(known_files):
        return report  # nothing changed on disk: the store is already up to date
    for known in known_files.values():
        known["card_ids"] = json.loads(known["card_ids"])
    for state in files:  # an unchanged file's (or one with errors) ids, as they were
        if isinstance(state.card_ids, str):
            state.card_ids = known_files[state.path]["card_ids"]
    index = store.cards.index()

    # Ids claimed by the files as they are now. An id held only by an orphan is free again, so a
    # card whose id line was deleted gets its old id (and history) back when it is re-stamped.
    taken: set[str] | None = None  # (made when a file needs ids)
    for state in files:
        # (a file parsed without errors lists an id for each card that has one)
        if (state.deck is not None and state.deck.ok
                and len(state.card_ids) < len(state.deck.cards)):
            if taken is None:
                taken = {card_id for other in files for card_id in other.card_ids}
            _assign_ids(state, taken, report)

    winner = _providers(files, index, known_files, report)

    rows, new_ids = [], []
    parsed: dict[str, dict[str, Card]] = {}
    fresh_files: dict[str, bool] = {}  # path -> parsed this time without errors
    for card_id, state in winner.items():
        known = index.get(card_id)
        fresh = fresh_files.get(state.path)
        if fresh is None:
            fresh = fresh_files[state.path] = state.deck is not None and state.deck.ok
        if (known is not None and known.path == state.path and not fresh
                and known.orphaned_ms is None):
            continue  # unchanged file, same provider, not an orphan
        cards = parsed.get(state.path)
        if cards is None:
            deck = state.deck if fresh else _parse(Path(state.path), state.stories)
            cards = {c.id: c for c in deck.cards if c.id} if deck.ok else {}
            parsed[state.path] = cards
        card = cards.get(card_id)
        if card is None:
            continue
        content_hash = card.content_hash
        if known is None:
            edited_ms = None
            new_ids.append(card_id)
            report.added.append(card_id)
        else:
            if known.orphaned_ms is not None:
                report.restored.append(card_id)
            if known.content_hash != content_hash:
                edited_ms = now_ms
                report.edited.append(card_id)
            else:
                edited_ms = known.edited_ms
            report.updated.append(card_id)
        rows.append(_card_row(card, state.origin, now_ms, content_hash, edited_ms))

    gone = [card_id for card_id, known in index.items() if card_id not in winner
            and known.orphaned_ms is None and known.merged_into is None]

    with store.cards.room_for(len(rows)), store.atomic():
        store.cards.upsert_values(rows)
        store.cards.mark_orphaned(gone, now_ms)
        report.orphaned.extend(gone)
        present = {s.path for s in files}
        store.files.forget([p for p in known_files if p not in present])
        store.files.save([{"path": s.path, "origin": s.origin, "size": s.size,
                           "mtime_ns": s.mtime_ns, "card_ids": s.card_ids, "errors": s.errors,
                           "synced_ms": now_ms} for s in files])
    if new_ids:
        _take_over_orphans(store, new_ids, now, calendar, report)
        if gone:
            _suggest_reattach(store, index, gone, new_ids, report)
    if index:  # (a store that had no cards has no orphan to absorb)
        _merge_replaced(store, now, calendar, report)
    return report


def _suggest_reattach(store: Store, index: dict, gone: list[str], new_ids: list[str],
                      report: SyncReport) -> None:
    """Pair orphans with new cards of the same file, in order, where the counts match and the
    orphan has a history to give (the user decides; nothing moves here)."""
    taken = {new for _, new in report.taken_over}
    left: dict[str, list[str]] = {}
    for card in sorted(store.cards.list(gone), key=lambda c: c.line):
        left.setdefault(index[card.id].path, []).append(card.id)
    fresh: dict[str, list[str]] = {}
    for card in sorted(store.cards.list([i for i in new_ids if i not in taken]), key=lambda c: c.line):
        fresh.setdefault(card.path, []).append(card.id)
    for path, orphans in left.items():
        added = fresh.get(path, [])
        if len(orphans) != len(added):
            continue
        for orphan, new in zip(orphans, added, strict=True):
            if store.log.progress(orphan).reviews:
                report.suggested.append((orphan, new))


def _providers(files: list[_FileState], index: dict, known_files: dict,
               report: SyncReport) -> dict[str, _FileState]:
    """Which file provides each id. The user's files win over bundled ones. Two files of one
    origin with the same id are reported (when one of them was read this time); the file that
    already holds the card keeps it, and a duplicate never inherits a card's history by itself:
    if the holder drops the id, a file that was only a duplicate does not take it over."""
    first: dict[str, _FileState] = {}  # the first claim of each id
    claims: dict[str, list[_FileState]] = {}  # every claim of an id claimed more than once
    for state in sorted(files, key=lambda f: f.origin != USER):
        for card_id in state.card_ids:
            holder = first.get(card_id)
            if holder is None:
                first[card_id] = state
            else:
                claims.setdefault(card_id, [holder]).append(state)
    winner: dict[str, _FileState] = {}
    for card_id, state in first.items():
        known = index.get(card_id)
        states = claims.get(card_id)
        if states is None:
            if known is None or known.path == state.path:
                winner[card_id] = state  # one claim, new or from its holder: nothing to weigh
                continue
            states = [state]
        top = [s for s in states if s.origin == states[0].origin]
        holder = next((s for s in top if known is not None and s.path == known.path), None)
        if holder is None and known is not None and known.orphaned_ms is None:
            # The holder dropped the id: a file of its origin that was a duplicate before does
            # not inherit it (a bundled card under a user's override is no duplicate).
            origin = known_files.get(known.path, {}).get("origin")
            top = [s for s in top if s.origin != origin
                   or card_id not in known_files.get(s.path, {}).get("card_ids", ())]
        if not top:
            for state in states:
                _report_duplicate(report, state, card_id, f"{known.path} (now gone)",
                                  "its history stays with the card that had the id (an orphan); "
                                  "delete this id line: drill stamps a new one, and the same text "
                                  "takes the history over")
            continue
        chosen = holder or top[0]
        winner[card_id] = chosen
        others = [s for s in top if s is not chosen]
        if others and any(s.deck is not None for s in top):
            for state in others:
                _report_duplicate(report, state, card_id, chosen.path,
                                  "every card needs its own id: delete this id line and drill "
                                  "stamps a new one (this card is left out until then)")
    return winner


def _report_duplicate(report: SyncReport, state: _FileState, card_id: str, other: str,
                      hint: str) -> None:
    deck = state.deck
    line = next((c.line for c in deck.cards if c.id == card_id), 0) if deck else 0
    from drill.deckfile.model import Problem

    report.problems.append(Problem(state.path, line, f"duplicate id {card_id!r} (also in "
                                                     f"{other})", hint, "warning"))


def merged_progress(kept: CardProgress, absorbed: CardProgress) -> CardProgress:
    """One card's progress from two cards that asked the same thing: the schedule of the one
    reviewed last (the freshest evidence of recall), with both cards' reviews and lapses."""
    if kept.is_new:
        return absorbed
    if absorbed.is_new:
        return kept
    base = kept if (kept.last_ms or 0) >= (absorbed.last_ms or 0) else absorbed
    firsts = [day for day in (kept.first_day, absorbed.first_day) if day]
    from dataclasses import replace

    return replace(base, reviews=kept.reviews + absorbed.reviews,
                   lapses=kept.lapses + absorbed.lapses,
                   first_day=min(firsts) if firsts else None)


def _merge_replaced(store: Store, now: datetime, calendar: Calendar | None,
                    report: SyncReport) -> None:
    """Move the history of every card named under a `replaces` to the card that lists it, once.

    Only cards gone from the decks are absorbed (a replaced card still in a file is an error for
    `drill check`). The absorbed card is marked merged, and the kept card's log gets an `import`
    row whose source is the absorbed id: either one stops a second move.
    """
    merges = store.cards.merges()
    if not merges:
        return
    calendar = calendar or Calendar()
    for kept_id, old_id in merges:
        old = store.cards.get(old_id)
        if old is None or old.orphaned_ms is None or old.merged_into is not None:
            continue
        with store.atomic():
            if not store.log.imported_from(kept_id, old_id):
                absorbed = store.log.progress(old_id)
                if not absorbed.is_new:
                    before = store.log.progress(kept_id)
                    store.log.append(card_id=kept_id, kind="import", when_ms=epoch_ms(now),
                                 day=calendar.day(now).isoformat(),
                                 utc_offset=calendar.utc_offset_minutes(now),
                                 scheduler=before.scheduler if not before.is_new
                                 else absorbed.scheduler,
                                 before=before, after=merged_progress(before, absorbed),
                                 source=old_id)
            store.cards.set_merged(old_id, kept_id)
        report.merged.append((old_id, kept_id))


def _assign_ids(state: _FileState, taken: set[str], report: SyncReport) -> None:
    """Stamp missing ids into a user file; for a bundled file, derive them in memory only."""
    import dataclasses

    from drill.deckfile.model import Problem
    from drill.deckfile.stamp import derive_id, stamp_ids

    path = Path(state.path)
    if state.origin == USER:
        if state.stories:
            from drill.stories import stamp_story_ids

            result = stamp_story_ids(path, taken)
        else:
            result = stamp_ids(path, taken)
        if result.unwritable or result.recovered:
            first = next(card.line for card in state.deck.cards if card.id is None)  # type: ignore[union-attr]
            report.problems.append(Problem(
                state.path, first, f"ids not stamped: {result.skipped}",
                "drill uses the same ids in memory meanwhile; `drill check --fix` stamps them "
                "once the file can be written", "warning"))
        if result.stamped:
            report.stamped[state.path] = len(result.stamped)
            taken.update(result.stamped.values())
            stat = _stat(path)
            if stat is not None:
                state.size, state.mtime_ns = stat
            state.deck = _parse(path, state.stories)
    deck = state.deck
    assert deck is not None
    if deck.ok and any(card.id is None for card in deck.cards):
        # A bundled deck without ids, or a user file that changed while we stamped it: derive
        # the ids exactly as stamping would, and write nothing (stamping is retried next time).
        cards = []
        for card in deck.cards:
            if card.id is None:
                new_id = derive_id(deck.title or "", card.prompt, taken)
                taken.add(new_id)
                card = dataclasses.replace(card, id=new_id)
            cards.append(card)
        deck.cards = cards
    state.card_ids = [card.id for card in deck.cards if card.id] if deck.ok else state.card_ids


def _take_over_orphans(store: Store, new_ids: list[str], now: datetime,
                       calendar: Calendar | None, report: SyncReport) -> None:
    """A new card with the same content as an orphan inherits the orphan's history."""
    orphans = {card.content_hash: card for card, reviews in store.cards.orphans() if reviews}
    if not orphans:
        return
    for card in store.cards.list(new_ids):
        orphan = orphans.pop(card.content_hash, None)
        if orphan is not None:
            reattach(store, orphan.id, card.id, now, calendar)
            report.taken_over.append((orphan.id, card.id))


class ReattachError(Exception):
    pass


def reattach(store: Store, orphan_id: str, new_id: str, now: datetime,
             calendar: Calendar | None = None) -> None:
    """Give card `new_id` the progress of orphan `orphan_id`, logged as an `import` row."""
    orphan, target = store.cards.get(orphan_id), store.cards.get(new_id)
    if orphan is None or not orphan.is_orphan:
        raise ReattachError(f"{orphan_id} is not an orphan (see `drill orphans`)")
    if target is None or target.orphaned_ms is not None:
        raise ReattachError(f"{new_id} is not a card in your decks")
    calendar = calendar or Calendar()
    with store.atomic():
        current = store.log.progress(new_id)
        if current.reviews:
            raise ReattachError(f"{new_id} already has a review history of its own")
        inherited: CardProgress = store.log.progress(orphan_id)
        store.log.append(card_id=new_id, kind="import", when_ms=epoch_ms(now),
                     day=calendar.day(now).isoformat(),
                     utc_offset=calendar.utc_offset_minutes(now), scheduler=inherited.scheduler,
                     before=current, after=inherited, source=orphan_id)
        store.cards.set_merged(orphan_id, new_id)
