"""The deck parser: cards from Markdown, problems with file:line and a hint, never an exception."""

from __future__ import annotations

import re

import pytest

from drill.decks import (
    Card,
    DeckDefaults,
    derive_id,
    format_card,
    format_deck,
    parse_deck,
)

GOOD = """\
# Statistics
<!-- tags: stats; difficulty: easy; roles: data-scientist -->

Cards about statistics.

## What is a p-value?
<!-- id: stats0001; tags: testing -->

The probability, under the null hypothesis, of a result at least as extreme.

### Pitfall
It is not the probability that the null is true.

## Show a Welch t-test in SciPy.
<!-- id: stats0002; kind: coding; difficulty: medium; roles: data-scientist, ml-engineer -->

```python
## a comment that looks like a heading
from scipy import stats
stats.ttest_ind(a, b, equal_var=False)
```
"""


def test_parses_cards_with_metadata_and_defaults():
    deck = parse_deck(GOOD, "stats.md")
    assert deck.ok, deck.problems
    assert deck.title == "Statistics"
    assert deck.description == "Cards about statistics."
    first, second = deck.cards
    assert first == Card(
        id="stats0001", prompt="What is a p-value?",
        answer="The probability, under the null hypothesis, of a result at least as extreme.\n"
               "\n### Pitfall\nIt is not the probability that the null is true.",
        deck="Statistics", kind="concept", difficulty="easy", tags=("stats", "testing"),
        roles=("data-scientist",), path="stats.md", line=6)
    assert second.kind == "coding" and second.difficulty == "medium"
    assert second.roles == ("data-scientist", "ml-engineer")
    assert "## a comment that looks like a heading" in second.answer
    assert second.tags == ("stats",)


def test_crlf_and_bom_give_the_same_cards():
    plain = parse_deck(GOOD.encode())
    windows = parse_deck(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert windows.ok
    assert [c.same_content(d) for c, d in zip(plain.cards, windows.cards, strict=True)] == [True] * 2


def test_several_comment_lines_below_a_heading_are_one_metadata_block():
    deck = parse_deck("# D\n## Q?\n<!-- id: abcdefgh -->\n<!-- tags: x; kind: star -->\nA\n")
    assert deck.ok
    assert (deck.cards[0].id, deck.cards[0].tags, deck.cards[0].kind) == ("abcdefgh", ("x",), "star")


def test_closing_hashes_are_not_part_of_the_prompt():
    deck = parse_deck("# D ##\n## What is C#? ##\nA\n")
    assert deck.title == "D"
    assert deck.cards[0].prompt == "What is C#?"


def problem_at(text: str | bytes) -> list[tuple[int, str, str]]:
    deck = parse_deck(text, "d.md")
    return [(p.line, p.severity, p.message) for p in deck.problems]


@pytest.mark.parametrize(
    ("text", "line", "pattern"),
    [
        ("just text\n", 1, r"no deck title"),
        ("## Q?\nA\n", 1, r"no deck title: the first card \(line 1\)"),
        ("# \n## Q?\nA\n", 1, r"deck title is empty"),
        ("# D\n\n## \nanswer\n", 3, r"empty prompt"),
        ("# D\n\n## Q?\n\n## R?\nB\n", 3, r"'Q\?' has a question but no answer"),
        ("# D\n## Q?\nA\n## Q?\n<!-- id: abcdefgh -->\nB\n", 4, r"duplicate prompt"),
        ("# D\n## Q?\n<!-- id: abcdefgh -->\nA\n## R?\n<!-- id: abcdefgh -->\nB\n", 5,
         r"duplicate id 'abcdefgh' \(also on line 2\)"),
        ("# D\n## Q?\n<!-- kind: quiz -->\nA\n", 3, r"unknown kind 'quiz'"),
        ("# D\n## Q?\n<!-- difficulty: brutal -->\nA\n", 3, r"unknown difficulty"),
        ("# D\n## Q?\n<!-- roles: ceo -->\nA\n", 3, r"unknown role 'ceo'"),
        ("# D\n## Q?\n<!-- colour: blue -->\nA\n", 3, r"unknown card metadata key 'colour'"),
        ("# D\n<!-- id: abcdefgh -->\n## Q?\nA\n", 2, r"unknown deck metadata key 'id'"),
        ("# D\n## Q?\n<!-- tags: Big Tag -->\nA\n", 3, r"tag 'Big Tag' is not valid"),
        ("# D\n## Q?\n<!-- id: short -->\nA\n", 3, r"id 'short' is not valid"),
        ("# D\n## Q?\n<!-- tags -->\nA\n", 3, r"malformed metadata 'tags'"),
        ("# D\n## Q?\n<!-- tags: a\nA\n", 3, r"not closed on its line"),
        ("# D\n## Q?\n<!-- -->\nA\n", 3, r"empty metadata comment"),
        ("# D\n## Q?\n<!-- kind: star; kind: coding -->\nA\n", 3, r"'kind' given twice"),
        ("# D\n## Q?\n<!-- tags: -->\nA\n", 3, r"'tags' has no value"),
        ("# D\n## Q?\nA\n```python\ncode\n## R?\nB\n", 4, r"code fence opened here is never"),
        ("# D\n## Q?\nA\n# Another\n", 4, r"second '# ' heading"),
        (b"# D\n## Q?\nA \xe9t\xe9\n", 3, r"not valid UTF-8 \(byte 0xe9 at column 3\)"),
    ],
)
def test_each_mistake_is_reported_at_its_line(text, line, pattern):
    deck = parse_deck(text, "d.md")
    errors = [p for p in deck.problems if p.severity == "error"]
    assert any(p.line == line and re.search(pattern, p.message) for p in errors), deck.problems
    assert all(p.hint for p in errors)
    assert not deck.ok


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("# D\n## Q?\nA\n## R?\nB\n", r"2 cards have no id yet"),
        ("# D\n\nnothing here\n", r"deck has no cards"),
        ("# D\n## Q?\n\n<!-- id: abcdefgh -->\nA\n", r"metadata comment inside the answer"),
    ],
)
def test_warnings_do_not_make_a_deck_fail(text, pattern):
    deck = parse_deck(text, "d.md")
    assert deck.ok
    assert any(re.search(pattern, p.message) for p in deck.warnings), deck.problems


def test_problem_prints_as_path_line_message_and_hint():
    deck = parse_deck("# D\n## Q?\n", "decks/ml.md")
    assert str(deck.problems[0]) == (
        "decks/ml.md:2: error: card 'Q?' has a question but no answer\n"
        "    hint: add text under the heading, or delete the heading")


def test_a_fence_needs_a_closing_marker_at_least_as_long():
    deck = parse_deck("# D\n## Q?\n````\n```\n## not a card\n````\n")
    assert deck.ok and len(deck.cards) == 1
    assert "## not a card" in deck.cards[0].answer


def test_tilde_fences_hide_headings_too():
    deck = parse_deck("# D\n## Q?\n~~~\n## no\n~~~\n## R?\nB\n")
    assert [c.prompt for c in deck.cards] == ["Q?", "R?"]


def test_format_writes_only_metadata_that_differs_from_defaults():
    card = Card(id="abcdefgh", prompt="Q?", answer="A", deck="D", kind="star",
                difficulty="easy", tags=("base", "own"), roles=("mlops",))
    defaults = DeckDefaults(kind="star", tags=("base",), roles=("mlops",))
    assert format_card(card, defaults) == (
        "## Q?\n<!-- id: abcdefgh; tags: own; difficulty: easy -->\n\nA\n")


def test_format_then_parse_gives_the_same_cards():
    deck = parse_deck(GOOD)
    again = parse_deck(format_deck(deck))
    assert again.ok
    assert [c.same_content(d) for c, d in zip(deck.cards, again.cards, strict=True)] == [True, True]


def test_derived_ids_are_stable_and_lengthen_on_collision():
    first = derive_id("Deck", "What is  bias?")
    assert first == derive_id("deck", "what is bias?")  # case and spacing do not matter
    assert len(first) == 8 and re.fullmatch(r"[a-z2-7]{8}", first)
    longer = derive_id("Deck", "What is bias?", {first})
    assert longer.startswith(first) and len(longer) == 9
    assert derive_id("Other deck", "What is bias?") != first
