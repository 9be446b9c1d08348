"""Editing and deleting one card in a file: only that card's lines change."""

from __future__ import annotations

import pytest

from drill.authoring import NewCard, remove_card, replace_card, validate
from drill.decks import parse_file

DECK = ("# Mine\n<!-- tags: base -->\n\n## First?\n<!-- id: first001 -->\nOne.\n\n"
        "## Second?\n<!-- id: second01; tags: x -->\nTwo.\n\n```\ncode\n```\n\n"
        "## Third?\n<!-- id: third001 -->\nThree.\n")


def test_replace_changes_only_that_card(write_deck):
    path = write_deck(DECK)
    line = replace_card(path, "second01", NewCard("Mine", "Second, reworded?", "Two, better.",
                                                    ["base", "y"], "concept", "hard"))
    text = path.read_text()
    assert line == 8
    assert text == DECK.replace(
        "## Second?\n<!-- id: second01; tags: x -->\nTwo.\n\n```\ncode\n```\n",
        "## Second, reworded?\n<!-- id: second01; tags: y; difficulty: hard -->\n\nTwo, better.\n")
    cards = parse_file(path).cards
    assert [c.id for c in cards] == ["first001", "second01", "third001"]


def test_replace_the_last_card_and_keep_crlf(write_deck):
    path = write_deck(DECK.replace("\n", "\r\n").encode())
    replace_card(path, "third001", NewCard("Mine", "Third?", "Three!", []))
    data = path.read_bytes()
    assert data.endswith(b"## Third?\r\n<!-- id: third001 -->\r\n\r\nThree!\r\n")
    assert data.startswith(DECK.replace("\n", "\r\n").split("## Third?")[0].encode())


def test_remove_deletes_only_that_card(write_deck):
    path = write_deck(DECK)
    remove_card(path, "second01")
    assert path.read_text() == DECK.replace(
        "## Second?\n<!-- id: second01; tags: x -->\nTwo.\n\n```\ncode\n```\n\n", "")


def test_a_file_with_errors_is_not_touched(write_deck):
    path = write_deck(DECK + "\n## Broken?\n")
    with pytest.raises(OSError, match="has errors"):
        replace_card(path, "first001", NewCard("Mine", "First?", "Uno.", []))
    assert path.read_text() == DECK + "\n## Broken?\n"


def test_validate_lists_each_problem_by_field():
    problems = validate(NewCard("", "", "", ["Bad Tag"], "quiz", "brutal"), set())
    assert set(problems) == {"deck", "prompt", "answer", "tags", "kind", "difficulty"}
    assert validate(NewCard("D", "q?", "A", []), {"Q?"})["prompt"] == "D already has this question"
    assert validate(NewCard("D", "Q?", "A", ["ok-tag"]), set()) == {}
