"""Build real Anki packages with the `anki` library (the optional `interop` extra) for the import
tests. Imported only by tests that first call `pytest.importorskip("anki")`."""

from __future__ import annotations

from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # enough bytes to be a file; never decoded


def build_collection(folder: Path):
    """A collection with Basic, reversed and Cloze notes in `Interview::ML`, a picture, and a
    review history: cards answered with Anki's own scheduler, one rescheduled by hand, one
    suspended. Returns the open collection."""
    from anki.collection import Collection

    col = Collection(str(folder / "collection.anki2"))
    deck_id = col.decks.id("Interview::ML")
    other = col.decks.id("Plain")
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    name = col.media.write_data("sigmoid.png", PNG)
    note["Front"] = "What is the <b>sigmoid</b>?"
    note["Back"] = f'1 / (1 + e<sup>-z</sup>)<br><img src="{name}">'
    note.tags = ["ml", "Maths::Basics"]
    col.add_note(note, deck_id)
    reverse = col.new_note(col.models.by_name("Basic (and reversed card)"))
    reverse["Front"] = "bias"
    reverse["Back"] = "error from wrong assumptions"
    col.add_note(reverse, deck_id)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "{{c1::Adam}} combines momentum with {{c2::RMSProp::an optimiser}}."
    col.add_note(cloze, other)
    spare = col.new_note(basic)
    spare["Front"] = "Suspended one"
    spare["Back"] = "kept suspended"
    col.add_note(spare, other)
    col.sched.suspend_cards([c.id for c in spare.cards()])
    # History: the first Basic card: Good, Good (graduates), then set due today by hand
    # (a manual row, skipped on import) and answered Easy as a review.
    card = note.cards()[0]
    answer(col, card, 3)
    answer(col, card, 3)
    col.sched.set_due_date([card.id], "0")
    answer(col, card, 4)
    # The reversed note's first card: Again then Easy (graduates at once).
    rcard = reverse.cards()[0]
    answer(col, rcard, 1)
    answer(col, rcard, 4)
    return col


def answer(col, card, ease: int) -> None:
    """Answer `card` with Anki's v3 scheduler as a user would press button `ease`."""
    from anki.scheduler.v3 import CardAnswer

    card.load()
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    rating = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}[ease]
    request = col.sched.build_answer(card=card, states=states, rating=rating)
    col.sched.answer_card(request)


def export_apkg(col, path: Path, legacy: bool = False) -> Path:
    from anki.import_export_pb2 import ExportAnkiPackageOptions as Options

    options = Options(with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy)
    col.export_anki_package(out_path=str(path), options=options, limit=None)
    return path
