"""The bundled decks: every card stamped, `drill check decks/` clean, the format's example valid."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from drill.check import run_check
from drill.decks import (
    DIFFICULTIES,
    KINDS,
    ROLES,
    TAG_RE,
    find_deck_files,
    key_points,
    parse_deck,
    parse_file,
)
from drill.paths import bundled_decks_dir
from tests.conftest import REPO

DECKS = REPO / "decks"
TITLES = {
    "ML fundamentals": "concept",
    "Deep learning": "concept",
    "ML system design": "design",
    "Behavioural (STAR)": "star",
    "Coding patterns": "coding",
    "MLOps and LLMs": "concept",
    "LLMs and generative AI": "concept",
}


@pytest.fixture(scope="module")
def decks():
    return {deck.title: deck for deck in (parse_file(p) for p in find_deck_files(DECKS))}


def test_the_repository_decks_are_the_bundled_decks():
    assert bundled_decks_dir().resolve() == DECKS.resolve()


def test_drill_check_on_decks_is_clean():
    report = run_check([DECKS])
    assert report.all_problems == []
    assert len(report.decks) == len(TITLES)


def test_every_category_has_a_deck_of_the_right_kind_with_at_least_ten_cards(decks):
    assert set(decks) == set(TITLES)
    for title, kind in TITLES.items():
        assert len(decks[title].cards) >= 10, title
        assert Counter(card.kind for card in decks[title].cards).most_common(1)[0][0] == kind


def test_every_bundled_card_has_an_id_and_ids_are_unique(decks):
    ids = [card.id for deck in decks.values() for card in deck.cards]
    assert all(ids)
    assert len(ids) == len(set(ids))


def test_every_card_has_valid_metadata(decks):
    for deck in decks.values():
        for card in deck.cards:
            where = f"{deck.title}: {card.prompt}"
            assert card.answer.strip(), where
            assert card.kind in KINDS and card.difficulty in DIFFICULTIES, where
            assert card.roles and set(card.roles) <= set(ROLES), where
            assert card.tags and all(TAG_RE.fullmatch(tag) for tag in card.tags), where


def test_formulas_are_not_latex(decks):
    latex = re.compile(r"\\(frac|sum|sigma|alpha|beta|theta|mathbb|left|right|cdot)\b|\$\$")
    for deck in decks.values():
        for card in deck.cards:
            assert not latex.search(card.answer), f"{deck.title}: {card.prompt}"


def example_deck() -> str:
    text = (DECKS / "README.md").read_text()
    match = re.search(r"^````markdown\n(.*?)^````$", text, re.S | re.M)
    assert match, "decks/README.md has no complete example"
    return match.group(1)


def test_the_format_example_parses_cleanly_and_uses_every_feature():
    deck = parse_deck(example_deck(), "example.md")
    assert deck.ok and not deck.warnings, deck.problems
    assert deck.description and deck.defaults.tags and deck.defaults.roles
    answers = "\n".join(card.answer for card in deck.cards)
    assert "```python" in answers and "|---|" in answers and "\n### " in answers
    assert "## this line is inside a fence" in answers
    assert {card.kind for card in deck.cards} >= {"concept", "coding"}
    assert any(card.difficulty != deck.defaults.difficulty for card in deck.cards)
    assert any(card.roles != deck.defaults.roles for card in deck.cards)
    assert all(card.id for card in deck.cards)
    assert any(card.replaces for card in deck.cards) and any(card.of for card in deck.cards)
    assert any(key_points(card.answer) for card in deck.cards)
