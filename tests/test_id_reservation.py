"""An id stamped or derived once is reserved: no later card, in the same file or another, gets it."""

from __future__ import annotations

from drill.check import run_check
from drill.decks import derive_id, parse_file, stamp_ids
from drill.sync import BUNDLED, Source, sync

SAME = "# Stats\n\n## What is a p-value?\nAn answer.\n"


def ids_in(path):
    deck = parse_file(path)
    assert deck.ok, deck.problems
    return [card.id for card in deck.cards]


def test_two_user_files_with_the_same_new_card_get_two_ids_both_stored(store, synced,
                                                                        user_decks):
    first, second = user_decks / "a.md", user_decks / "b.md"
    first.write_text(SAME)
    second.write_text(SAME.replace("An answer.", "Another answer."))
    report = synced()
    [a], [b] = ids_in(first), ids_in(second)
    assert a != b and derive_id("Stats", "What is a p-value?") in (a, b)
    assert sorted(report.added) == sorted([a, b])
    assert {store.cards.get(a).path, store.cards.get(b).path} == {str(first.resolve()),
                                                        str(second.resolve())}
    assert {store.cards.get(a).answer, store.cards.get(b).answer} == {"An answer.", "Another answer."}


def test_two_bundled_files_with_the_same_card_get_two_ids_in_memory(store, tmp_path, clock,
                                                                     calendar):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "a.md").write_text(SAME)
    (bundle / "b.md").write_text(SAME.replace("An answer.", "Another answer."))
    report = sync(store, [Source(bundle, BUNDLED)], clock.now(), calendar)
    assert len(set(report.added)) == 2
    assert {card.answer for card in store.cards.list()} == {"An answer.", "Another answer."}
    assert (bundle / "a.md").read_text() == SAME  # bundled decks are never written


def test_check_fix_gives_two_files_with_the_same_new_card_two_ids(write_deck):
    first = write_deck(SAME, "a.md")
    second = write_deck(SAME.replace("An answer.", "Another answer."), "b.md")
    report = run_check([first.parent], fix=True)
    [a], [b] = ids_in(first), ids_in(second)
    assert a != b
    assert report.error_count == 0, report.all_problems
    assert sorted(count for _, count in report.stamped) == [1, 1]


def test_stamping_skips_an_id_a_renamed_card_kept_in_the_same_file(write_deck):
    kept = derive_id("Stats", "What is a p-value?")
    path = write_deck(f"# Stats\n\n## What does a p-value mean?\n<!-- id: {kept} -->\nRenamed.\n\n"
                      "## What is a p-value?\nA new card with the old wording.\n")
    result = stamp_ids(path)
    [new_id] = result.stamped.values()
    assert new_id != kept and new_id.startswith(kept)
    assert ids_in(path) == [kept, new_id]


def test_sync_keeps_the_renamed_cards_id_and_gives_the_new_card_another(store, synced,
                                                                        user_decks):
    kept = derive_id("Stats", "What is a p-value?")
    path = user_decks / "a.md"
    path.write_text(f"# Stats\n\n## What does a p-value mean?\n<!-- id: {kept} -->\nRenamed.\n\n"
                    "## What is a p-value?\nA new card with the old wording.\n")
    synced()
    [first, second] = ids_in(path)
    assert first == kept and second != kept
    assert store.cards.get(kept).prompt == "What does a p-value mean?"
    assert store.cards.get(second).prompt == "What is a p-value?"
