"""Code fences in deck files: what opens one, what closes it (CommonMark's rules)."""

from __future__ import annotations

from drill.decks import answer_sections, parse_deck


def prompts(text):
    deck = parse_deck(text)
    return [card.prompt for card in deck.cards], deck


def test_a_longer_closing_fence_closes_the_block():
    found, deck = prompts("# D\n## Q?\n```\n## in code\n````\n\n## R?\nB\n")
    assert found == ["Q?", "R?"] and deck.ok
    assert deck.cards[0].answer == "```\n## in code\n````"


def test_a_longer_tilde_fence_closes_a_tilde_block():
    found, deck = prompts("# D\n## Q?\n~~~\n## in code\n~~~~~\n## R?\nB\n")
    assert found == ["Q?", "R?"] and deck.ok


def test_a_fence_of_the_other_character_or_with_text_does_not_close():
    found, deck = prompts("# D\n## Q?\n~~~\n```\n```python\n## in code\n~~~\n## R?\nB\n")
    assert found == ["Q?", "R?"] and deck.ok
    assert "## in code" in deck.cards[0].answer


def test_an_unclosed_fence_is_reported_at_its_line_with_its_marker():
    _, deck = prompts("# D\n## Q?\nA\n````\n## hidden\n```\n")
    [problem] = deck.errors
    assert problem.line == 4 and "never closed" in problem.message
    assert "````" in problem.hint


def test_backticks_in_the_info_string_mean_no_fence():
    found, deck = prompts("# D\n## Q?\n```a`b\n## R?\nB\n")
    assert found == ["Q?", "R?"] and deck.ok


def test_four_spaces_of_indent_is_not_a_fence():
    found, _ = prompts("# D\n## Q?\n    ```\n## R?\nB\n")
    assert found == ["Q?", "R?"]
    found, _ = prompts("# D\n## Q?\n   ```\n## hidden\n   ```\n## R?\nB\n")
    assert found == ["Q?", "R?"]


def test_answer_sections_close_a_fence_with_a_longer_marker():
    lead, sections = answer_sections("Lead.\n```\n### not a section\n````\n### Why it works\nBecause.")
    assert lead == "Lead.\n```\n### not a section\n````"
    assert sections == {"Why it works": "Because."}


def test_answer_sections_ignore_a_shorter_or_other_marker():
    lead, sections = answer_sections("````\n```\n~~~~\n### hidden\n````\n### Pitfalls\nP.")
    assert "### hidden" in lead and sections == {"Pitfalls": "P."}
