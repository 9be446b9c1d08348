"""`drill export apkg`: drill's cards as an Anki package, optionally with their schedules and log.

genanki (MIT) writes the notes, the note type and the decks into an old-format `collection.anki2`
(which current Anki and AnkiDroid import); it writes no scheduling and no review log, so with a
schedule the collection's SQLite is post-processed here, with the standard library, before it is
zipped: the cards' type, queue, due day, interval, ease and counts, and one `revlog` row per
graded log row. No Textual.

Identity: the note's guid is drill's card id, so a package that comes back from Anki maps onto
the same cards. Each exported review's revlog id is the drill row's time (epoch ms, moved up a
millisecond at a time if two rows share one), so the import recognises drill's own reviews when
they come back (see `own_review` in drill.anki_import). Tags: drill's `a/b` is Anki's `a::b`, and
the card's kind rides along as the tag `kind::<kind>`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import json
import sqlite3
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from drill.clock import Calendar, epoch_ms
from drill.decks import KINDS
from drill.files import atomic_write
from drill.store import LogRow, Store, StoredCard
from drill.text import escape_control

MODEL_ID = 1_733_000_023  # fixed: every drill export uses the same note type
MODEL_NAME = "drill (front/back)"
KIND_TAG = "kind::"
ANKI_GRADES = {0: 1, 1: 1, 2: 1, 3: 2, 4: 3, 5: 4}  # drill grade -> Again/Hard/Good/Easy
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
pre, code { font-family: monospace; } table { border-collapse: collapse; }
td, th { border: 1px solid #888; padding: 2px 6px; }"""


class ExportError(Exception):
    """The export cannot be done; the message (one line) says why."""


@dataclass
class ExportResult:
    cards: int
    decks: int
    reviews: int = 0
    scheduled: int = 0


def cards_to_export(store: Store, deck: str | None) -> list[StoredCard]:
    """The store's cards (orphans left out), of one deck (by title, any case) or all."""
    cards = [c for c in store.cards.list() if c.orphaned_ms is None and c.merged_into is None]
    if deck is None:
        return cards
    chosen = [c for c in cards if c.deck.casefold() == deck.casefold()]
    if not chosen:
        titles = sorted({c.deck for c in cards})
        raise ExportError(f"no deck called {deck!r}; decks: {', '.join(titles) or 'none yet'}")
    return chosen


def render_html(markdown: str, inline: bool = False) -> str:
    """Markdown as HTML for an Anki field (`inline`: a one-line prompt, no paragraph). Raw HTML
    in the text is escaped, not passed through: user text is data (and its control characters
    are escaped before it gets here)."""
    md = _markdown_it()
    return (md.renderInline(markdown) if inline else md.render(markdown)).strip()


@functools.cache
def _markdown_it():
    from markdown_it import MarkdownIt  # installed with Textual; imports nothing of Textual

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def anki_tags(card: StoredCard) -> list[str]:
    return [t.replace("/", "::") for t in card.tags] + [KIND_TAG + card.kind]


def tags_from_anki(tags: list[str]) -> tuple[list[str], str | None]:
    """Anki tags back to (other tags, drill kind): the reverse of `anki_tags`."""
    kind = None
    rest = []
    for tag in tags:
        value = tag[len(KIND_TAG):].casefold() if tag.casefold().startswith(KIND_TAG) else None
        if value in KINDS:
            kind = value
        else:
            rest.append(tag)
    return rest, kind


def _stable_id(text: str) -> int:
    return 1 << 30 | int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME, fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}], css=CSS)


def _package(cards: list[StoredCard]):
    import genanki

    model = _model()
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        deck = decks.get(card.deck)
        if deck is None:
            name = escape_control(card.deck)
            deck = decks[card.deck] = genanki.Deck(_stable_id(name), name)
        fields = [render_html(escape_control(card.prompt), inline=True),
                  render_html(escape_control(card.answer))]
        deck.add_note(genanki.Note(model=model, fields=fields, tags=anki_tags(card),
                                   guid=card.id))
    return genanki.Package(list(decks.values())), len(decks)


def _revlog_type(row: LogRow) -> int:
    """Anki's revlog type: 0 learn, 1 review, 2 relearn, 3 filtered (drill's practice)."""
    if row.kind == "practice":
        return 3
    before = row.state_before or {}
    if before.get("state") is None:
        return 0
    return 2 if (row.grade or 0) < 3 or row.kind == "repeat" else 1


def graded_rows(store: Store, ids: set[str]) -> list[LogRow]:
    """The log rows that are answers (undone ones and undo rows left out), of these cards."""
    rows = store.log.rows()
    cancelled = {r.undoes for r in rows if r.kind == "undo"}
    return [r for r in rows if r.card_id in ids and r.kind != "undo" and r.uid not in cancelled
            and r.grade is not None]


def _schedule(conn: sqlite3.Connection, store: Store, cards: list[StoredCard],
              calendar: Calendar, today: date) -> tuple[int, int]:
    """Write the cards' schedules and the review log into genanki's collection."""
    crt = int(calendar.day_start(today).timestamp())
    (conf,) = conn.execute("SELECT conf FROM col").fetchone()
    # Without schedVer Anki reads the log as its v1 scheduler's (learning answers with three
    # buttons) and shifts their ease on import: this log is in today's four-button terms.
    conf = json.dumps({**json.loads(conf), "schedVer": 2})
    conn.execute("UPDATE col SET crt = ?, conf = ?", [crt, conf])
    anki_ids = dict(conn.execute(
        "SELECT notes.guid, cards.id FROM cards JOIN notes ON notes.id = cards.nid"))
    progress = store.log.all_progress()
    scheduled = 0
    for card in cards:
        state = progress.get(card.id)
        cid = anki_ids[card.id]
        suspended, buried = store.flags.of(card.id)
        queue = -1 if suspended else -2 if buried == today.isoformat() else None
        if state is None or state.is_new or state.due is None:
            if queue is not None:
                conn.execute("UPDATE cards SET queue = ? WHERE id = ?", [queue, cid])
            continue
        ef100 = int((state.state or {}).get("ef100", 250))
        due = (date.fromisoformat(state.due) - today).days
        conn.execute(
            "UPDATE cards SET type = 2, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
            "lapses = ? WHERE id = ?",
            [2 if queue is None else queue, due, max(state.interval, 1), ef100 * 10,
             state.reviews, state.lapses, cid])
        scheduled += 1
    taken: set[int] = set()
    reviews = []
    for row in graded_rows(store, set(anki_ids)):
        rid = row.time_ms
        while rid in taken:
            rid += 1
        taken.add(rid)
        before, after = row.state_before or {}, row.state_after or {}
        reviews.append((rid, anki_ids[row.card_id], -1, ANKI_GRADES[row.grade or 0],
                        int(after.get("interval") or 0), int(before.get("interval") or 0),
                        int(((after.get("state") or {}).get("ef100") or 250) * 10),
                        min(max(row.duration_ms or 0, 0), 3_600_000), _revlog_type(row)))
    conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews)
    return scheduled, len(reviews)


def export_apkg(store: Store, target: Path, calendar: Calendar, now: datetime,
                deck: str | None = None, with_schedule: bool = False) -> ExportResult:
    """Write the cards (of one deck, or all) as an Anki package at `target`, atomically.
    Raises ExportError (one line) or OSError (the target cannot be written)."""
    cards = cards_to_export(store, deck)
    if not cards:
        raise ExportError("there are no cards to export")
    package, deck_count = _package(cards)
    result = ExportResult(len(cards), deck_count)
    with tempfile.TemporaryDirectory(prefix="drill-export-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # genanki's HTML lint; our HTML is generated
                package.write_to_db(conn.cursor(), now.timestamp(),
                                    itertools.count(epoch_ms(now)))
            if with_schedule:
                result.scheduled, result.reviews = _schedule(conn, store, cards, calendar,
                                                             calendar.day(now))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", json.dumps({}))
    atomic_write(target, buffer.getvalue())
    return result
