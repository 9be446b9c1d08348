"""Card links (issue 18): `replaces` merges keep history once, `of` links recall cards to their
references, and `### Key points` is validated."""

from __future__ import annotations

from drill.check import run_check
from drill.decks import format_card, key_points, parse_deck
from drill.review import Limits, Reviewer
from drill.session import ReviewSession
from tests.test_sync import bump_mtime, write

TWO = """# Stats

## What is a p-value?
<!-- id: pvalue01 -->
The probability, under the null, of data at least as extreme.

## Define the p-value.
<!-- id: pvalue02 -->
Same thing, asked again.

## What is power?
<!-- id: power001 -->
P(reject H0 | H1 true).
"""

MERGED = """# Stats

## What is a p-value, and what is it not?
<!-- id: pvalue01; replaces: pvalue02 -->
The probability, under the null, of data at least as extreme; not P(H0 | data).

## What is power?
<!-- id: power001 -->
P(reject H0 | H1 true).
"""


def test_metadata_parses_and_formats_back():
    deck = parse_deck(MERGED + "\n## Recall: power in one line\n<!-- id: power002; of: power001 -->\n"
                      "Chance to detect a real effect.\n", "s.md")
    assert deck.ok, deck.problems
    kept, _, recall = deck.cards
    assert kept.replaces == ("pvalue02",) and recall.of == "power001"
    again = parse_deck("# Stats\n\n" + format_card(kept) + "\n" + format_card(recall), "s.md")
    assert [c.same_content(o) for c, o in zip(again.cards, (kept, recall), strict=True)] == [True,
                                                                                           True]


def test_bad_links_are_reported_with_line_and_hint(tmp_path):
    deck = parse_deck("# D\n\n## Q one here\n<!-- id: aaaaaaaa; replaces: aaaaaaaa, no!; "
                      "of: x -->\nA.\n", "d.md")
    messages = [(p.line, p.message) for p in deck.errors]
    assert any(line == 4 and "replaces" in m for line, m in messages), messages
    assert any(line == 4 and "'of: x'" in m for line, m in messages), messages
    path = write(tmp_path, "d.md", TWO.replace("<!-- id: pvalue01 -->",
                                               "<!-- id: pvalue01; replaces: pvalue02 -->")
                 + "\n## Recall\n<!-- id: recall01; of: nowhere1 -->\nR.\n")
    report = run_check([path])
    found = {(p.line, p.severity): p for p in report.all_problems}
    assert "still a card" in found[(3, "error")].message and found[(3, "error")].hint
    assert "names no card" in found[(15, "warning")].message


def test_key_points_are_read_and_their_shape_checked():
    good = "Lead.\n\n### Pitfalls\nSome.\n\n### Key points\n- first point\n- second point\n"
    deck = parse_deck(f"# D\n\n## Q\n<!-- id: aaaaaaaa -->\n{good}", "d.md")
    assert deck.ok and not deck.warnings, deck.problems
    assert key_points(deck.cards[0].answer) == ["first point", "second point"]
    for bad, what in (("### Key points\n- only one\n", "1 key points"),
                      ("### Key points\n- a\n- b\n\n### After\nx\n", "last section"),
                      ("### Key points\n- a\nprose\n", "bullet list")):
        deck = parse_deck(f"# D\n\n## Q\n<!-- id: aaaaaaaa -->\nLead.\n\n{bad}", "d.md")
        assert any(what in p.message for p in deck.errors), (bad, deck.problems)
    assert key_points("No key points here.") == []


def _history(store, reviewer, clock, card_id, grades):
    for grade in grades:
        reviewer.grade(card_id, grade)
        clock.advance(days=1)


def test_a_merge_moves_history_once_across_syncs_and_restarts(store, synced, user_decks, clock,
                                                             calendar):
    path = write(user_decks, "stats.md", TWO)
    synced()
    reviewer = Reviewer(store, clock, calendar)
    _history(store, reviewer, clock, "pvalue01", [5, 5])
    _history(store, reviewer, clock, "pvalue02", [4, 2, 5])  # reviewed last
    absorbed = store.log.progress("pvalue02")
    kept_before = store.log.progress("pvalue01")
    path.write_text(MERGED)
    bump_mtime(path)
    report = synced()
    assert report.merged == [("pvalue02", "pvalue01")]
    imports = [r for r in store.log.rows("pvalue01") if r.kind == "import"]
    assert [r.source for r in imports] == ["pvalue02"]
    after = store.log.progress("pvalue01")
    assert (after.due, after.interval, after.state) == (absorbed.due, absorbed.interval,
                                                         absorbed.state)
    assert after.reviews == kept_before.reviews + absorbed.reviews == 5
    assert after.lapses == absorbed.lapses + kept_before.lapses
    assert store.cards.get("pvalue02").merged_into == "pvalue01"
    assert "pvalue02" not in {card.id for card, _ in store.cards.orphans()}
    # Again, after an edit, and after forgetting the file cache (as a restart with a new
    # schema would): the history is not moved twice.
    path.write_text(MERGED.replace("not P(H0 | data)", "never P(H0 | data)"))
    bump_mtime(path)
    assert synced().merged == []
    store.conn.execute("UPDATE cards SET merged_into = NULL WHERE id = 'pvalue02'")
    store.files.forget([str(path.resolve())])
    assert synced().merged == [("pvalue02", "pvalue01")]  # marked again, but no second row
    assert [r.source for r in store.log.rows("pvalue01") if r.kind == "import"] == ["pvalue02"]
    assert store.log.rebuild() and store.log.progress("pvalue01") == after


def test_a_merge_into_a_new_card_gives_it_the_absorbed_history(store, synced, user_decks, clock,
                                                              calendar):
    path = write(user_decks, "stats.md", TWO)
    synced()
    _history(store, Reviewer(store, clock, calendar), clock, "pvalue02", [5])
    path.write_text(MERGED.replace("id: pvalue01;", "id: pvalue03;"))
    bump_mtime(path)
    synced()
    assert store.log.progress("pvalue03") == store.log.progress("pvalue02")


RECALL = TWO + """
## Recall: the p-value in one line
<!-- id: recall01; of: pvalue01 -->
P(data this extreme | H0).
"""


def test_a_new_reference_and_its_recall_card_are_not_introduced_on_the_same_day(
        store, synced, user_decks, clock, calendar):
    write(user_decks, "stats.md", RECALL)
    synced()
    assert store.cards.siblings("recall01") == ["pvalue01"]
    assert store.cards.siblings("pvalue01") == ["recall01"]
    session = ReviewSession.today(store, Reviewer(store, clock, calendar), Limits(new_per_day=10))
    assert "pvalue01" in session.pending and "recall01" not in session.pending
    assert {"pvalue02", "power001"} <= set(session.pending)


def test_grading_a_card_buries_its_siblings_for_the_day_and_undo_brings_them_back(
        store, synced, user_decks, clock, calendar):
    write(user_decks, "stats.md", RECALL)
    synced()
    reviewer = Reviewer(store, clock, calendar)
    for card_id in ("pvalue01", "recall01"):  # both learned, both due tomorrow
        reviewer.grade(card_id, 5)
    clock.advance(days=1)
    session = ReviewSession.today(store, reviewer, Limits(new_per_day=0))
    assert session.pending == ["pvalue01", "recall01"]
    session.grade(5)
    assert session.pending == []
    assert store.flags.of("recall01")[1] == reviewer.today().isoformat()
    session.undo()
    assert session.pending == ["pvalue01", "recall01"] and store.flags.of("recall01")[1] is None


def test_a_mock_rubric_for_a_concept_is_its_key_points():
    from drill.mock import rubric_for

    answer = "Lead.\n\n### Why it works\n- a reason\n\n### Key points\n- first\n- second\n"
    assert rubric_for("concept", answer) == ["first", "second"]
    assert rubric_for("concept", "Lead. More.\n\n### Why it works\n- a reason\n")[:2] == [
        "Lead.", "More."]


def test_recall_cards_never_come_up_in_a_mock_round(store, synced, user_decks):
    write(user_decks, "stats.md", RECALL)
    synced()
    ids = {row["id"] for row in store.mock.candidates()}
    assert "pvalue01" in ids and "recall01" not in ids
