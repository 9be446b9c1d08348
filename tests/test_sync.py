"""Sync: deck files into the store without ever losing a card's history."""

from __future__ import annotations

import os

from drill.decks import derive_id
from drill.review import Reviewer
from drill.sync import BUNDLED, USER, Source, reattach, sync

DECK = "# Stats\n\n## What is a p-value?\nAn answer.\n\n## What is power?\nAnother.\n"


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def bump_mtime(path):
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_first_sync_adds_cards_and_stamps_ids_in_user_files(store, synced, user_decks):
    path = write(user_decks, "stats.md", DECK)
    report = synced()
    pvalue = derive_id("Stats", "What is a p-value?")
    assert sorted(report.added) == sorted([pvalue, derive_id("Stats", "What is power?")])
    assert report.stamped == {str(path.resolve()): 2}
    assert f"<!-- id: {pvalue} -->" in path.read_text()
    card = store.cards.get(pvalue)
    assert (card.deck, card.prompt, card.answer, card.line) == ("Stats", "What is a p-value?",
                                                               "An answer.", 3)


def test_unchanged_files_are_not_read_again(store, synced, user_decks, monkeypatch):
    write(user_decks, "stats.md", DECK)
    synced()
    import drill.deckfile.parse

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr(drill.deckfile.parse, "parse_file", fail)
    report = synced()
    assert (report.read, report.skipped, report.changed) == (0, 1, False)


def test_an_edited_card_keeps_its_history_and_is_marked_edited(store, synced, user_decks, clock,
                                                               calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    card_id = derive_id("Stats", "What is a p-value?")
    Reviewer(store, clock, calendar).grade(card_id, 5)
    path.write_text(path.read_text().replace("An answer.", "A better answer."))
    bump_mtime(path)
    clock.advance(minutes=5)
    report = synced()
    assert report.edited == [card_id]
    card = store.cards.get(card_id)
    assert card.answer == "A better answer." and card.edited_ms is not None
    assert store.log.progress(card_id).reviews == 1


def test_a_card_removed_from_its_file_becomes_an_orphan_with_its_history(store, synced,
                                                                         user_decks, clock,
                                                                         calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    power = derive_id("Stats", "What is power?")
    Reviewer(store, clock, calendar).grade(power, 4)
    text = path.read_text()
    path.write_text(text[:text.index("## What is power?")])
    bump_mtime(path)
    report = synced()
    assert report.orphaned == [power]
    assert [(card.id, reviews) for card, reviews in store.cards.orphans()] == [(power, 1)]
    assert len(store.log.rows(power)) == 1


def test_a_file_that_fails_to_parse_keeps_its_cards_as_they_were(store, synced, user_decks):
    path = write(user_decks, "stats.md", DECK)
    synced()
    before = {card.id: card.answer for card in store.cards.list()}
    path.write_text(path.read_text() + "\n## Broken?\n```\nnever closed\n")
    bump_mtime(path)
    report = synced()
    assert report.orphaned == [] and report.problems
    assert "never closed" in report.problems[0].message
    assert {card.id: card.answer for card in store.cards.list()} == before
    assert store.cards.orphans() == []


def test_a_deleted_file_orphans_its_cards(store, synced, user_decks):
    path = write(user_decks, "stats.md", DECK)
    synced()
    path.unlink()
    report = synced()
    assert len(report.orphaned) == 2 and len(store.cards.orphans()) == 2


def test_a_new_card_with_an_orphans_content_takes_over_its_history(store, synced, user_decks,
                                                                   clock, calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    old_id = derive_id("Stats", "What is power?")
    Reviewer(store, clock, calendar).grade(old_id, 5)
    inherited = store.log.progress(old_id)
    path.unlink()
    synced()
    # The same cards come back in a file with a different title: new ids, same content.
    write(user_decks, "moved.md", DECK.replace("# Stats", "# Statistics"))
    clock.advance(hours=1)
    report = synced()
    new_id = derive_id("Statistics", "What is power?")
    assert report.taken_over == [(old_id, new_id)]
    assert store.log.progress(new_id) == inherited
    assert [row.kind for row in store.log.rows(new_id)] == ["import"]
    assert store.log.rows(new_id)[0].source == old_id
    assert [card.id for card, _ in store.cards.orphans()] == [derive_id("Stats", "What is a p-value?")]


def test_reattach_by_hand(store, synced, user_decks, clock, calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    old_id = derive_id("Stats", "What is power?")
    Reviewer(store, clock, calendar).grade(old_id, 5)
    path.write_text(DECK.replace("What is power?", "What is statistical power?")
                    .replace("Another.", "Reworded."))
    bump_mtime(path)
    synced()
    new_id = derive_id("Stats", "What is statistical power?")
    reattach(store, old_id, new_id, clock.now(), calendar)
    assert store.log.progress(new_id).reviews == 1
    assert store.cards.orphans() == []


def test_a_user_card_with_a_bundled_id_overrides_it_and_keeps_history(store, tmp_path, clock,
                                                                      calendar):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    write(bundled, "stats.md", "# Stats\n## What is power?\n<!-- id: power0001 -->\nBundled.\n")
    mine = tmp_path / "mine"
    mine.mkdir()
    sources = [Source(bundled, BUNDLED), Source(mine, USER)]
    sync(store, sources, clock.now(), calendar)
    Reviewer(store, clock, calendar).grade("power0001", 5)
    override = write(mine, "stats.md",
                     "# Stats\n## What is power, really?\n<!-- id: power0001 -->\nMine.\n")
    sync(store, sources, clock.now(), calendar)
    assert store.cards.get("power0001").answer == "Mine."
    assert store.log.progress("power0001").reviews == 1
    override.unlink()
    sync(store, sources, clock.now(), calendar)
    assert store.cards.get("power0001").answer == "Bundled."
    assert store.cards.orphans() == []


def test_bundled_files_are_never_written(store, tmp_path, clock, calendar):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    path = write(bundled, "stats.md", DECK)
    report = sync(store, [Source(bundled, BUNDLED)], clock.now(), calendar)
    assert path.read_text() == DECK
    assert len(report.added) == 2 and report.stamped == {}
    assert store.cards.get(derive_id("Stats", "What is power?")) is not None


def test_a_card_moved_to_another_file_keeps_its_id_and_history(store, synced, user_decks, clock,
                                                               calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    text = path.read_text()
    power = derive_id("Stats", "What is power?")
    Reviewer(store, clock, calendar).grade(power, 5)
    start = text.index("## What is power?")
    path.write_text(text[:start])
    write(user_decks, "other.md", "# Stats\n\n" + text[start:])
    report = synced()
    assert report.orphaned == []
    assert store.cards.get(power).path.endswith("other.md")
    assert store.log.progress(power).reviews == 1


def test_a_deleted_id_line_is_restamped_with_the_same_id(store, synced, user_decks, clock,
                                                        calendar):
    path = write(user_decks, "stats.md", DECK)
    synced()
    power = derive_id("Stats", "What is power?")
    Reviewer(store, clock, calendar).grade(power, 5)
    path.write_text(path.read_text().replace(f"<!-- id: {power} -->\n", ""))
    bump_mtime(path)
    report = synced()
    assert report.orphaned == [] and report.stamped
    assert f"<!-- id: {power} -->" in path.read_text()
    assert store.log.progress(power).reviews == 1
