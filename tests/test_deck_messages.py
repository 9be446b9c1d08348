"""Every problem the parser reports, word for word: where, how bad, what is wrong and how to fix
it. These messages are what a user with a broken deck reads, so each is pinned exactly."""

from __future__ import annotations

import pytest

from drill.decks import Problem, parse_deck

LONG = "y" + "x" * 80  # 81 characters

CASES = [
    ('just text\n', [
        (1, 'error', 'file has no deck title',
         "start the file with a title line such as '# Deep learning'"),
    ]),
    ('## Q?\nA\n', [
        (1, 'error', "no deck title: the first card (line 1) comes before any '# ' title line",
         "start the file with a title line such as '# Deep learning'"),
    ]),
    ('# \n## Q?\nA\n', [
        (1, 'error', 'deck title is empty',
         "write the deck's name after '# '"),
    ]),
    ('# D\n\n## \nanswer\n', [
        (3, 'error', 'card has an empty prompt',
         "write the question after '## ', or delete the line"),
    ]),
    ('# D\n\n## Q?\n\n## R?\nB\n', [
        (3, 'error', "card 'Q?' has a question but no answer",
         'add text under the heading, or delete the heading'),
    ]),
    ('# D\n\n## \n\n', [
        (3, 'error', 'card has an empty prompt',
         "write the question after '## ', or delete the line"),
        (3, 'error', 'card has a question but no answer',
         'add text under the heading, or delete the heading'),
    ]),
    ('# D\n## Q?\nA\n## q?\n<!-- id: abcdefgh -->\nB\n', [
        (4, 'error', "duplicate prompt 'q?' (same as line 2)",
         'merge the two cards, or reword one of them'),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\nA\n## R?\n<!-- id: abcdefgh -->\nB\n', [
        (5, 'error', "duplicate id 'abcdefgh' (also on line 2)",
         'every card needs its own id: delete this id line and drill stamps a new one'),
    ]),
    ('# D\n## Q?\n<!-- kind: quiz -->\nA\n', [
        (3, 'error', "unknown kind 'quiz'",
         'use one of: concept, design, star, coding'),
    ]),
    ('# D\n## Q?\n<!-- difficulty: brutal -->\nA\n', [
        (3, 'error', "unknown difficulty 'brutal'",
         'use one of: easy, medium, hard'),
    ]),
    ('# D\n## Q?\n<!-- roles: mlops, ceo -->\nA\n', [
        (3, 'error', "unknown role 'ceo'",
         'use any of: ml-engineer, data-scientist, research-scientist, mlops, computer-vision, nlp-llm'),
    ]),
    ('# D\n## Q?\n<!-- Colour: blue -->\nA\n', [
        (3, 'error', "unknown card metadata key 'colour'",
         'known keys here: id, tags, kind, difficulty, roles, replaces, of'),
    ]),
    ('# D\n<!-- id: abcdefgh -->\n## Q?\nA\n', [
        (2, 'error', "unknown deck metadata key 'id'",
         'known keys here: tags, kind, difficulty, roles'),
    ]),
    ('# D\n## Q?\n<!-- tags: ok, Big Tag -->\nA\n', [
        (3, 'error', "tag 'Big Tag' is not valid",
         "tags are lower case letters, digits, '-', '/' or '.', e.g. 'linear-models'"),
    ]),
    ('# D\n## Q?\n<!-- id: short -->\nA\n', [
        (3, 'error', "id 'short' is not valid",
         "an id is 8-64 letters, digits, '-' or '_'; delete it and drill stamps one"),
    ]),
    ('# D\n## Q?\n<!-- of: short -->\nA\n', [
        (3, 'error', "'of: short' is not a card id",
         'write the id of the reference card this recall card belongs to'),
    ]),
    ('# D\n## Q?\n<!-- replaces: abcdefgh, bad -->\nA\n', [
        (3, 'error', "'replaces: abcdefgh, bad' holds an invalid id 'bad'",
         'list the ids of the cards merged into this one: replaces: abcd1234, efgh5678'),
    ]),
    ('# D\n## Q?\n<!-- replaces: , -->\nA\n', [
        (3, 'error', "'replaces: ,' holds an invalid id ''",
         'list the ids of the cards merged into this one: replaces: abcd1234, efgh5678'),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh; replaces: abcdefgh -->\nA\n', [
        (2, 'error', "card 'abcdefgh' lists its own id under 'replaces'",
         'list only the ids of the cards merged into this one'),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh; of: abcdefgh -->\nA\n', [
        (2, 'error', "card 'abcdefgh' is its own reference ('of')",
         "'of' names another card: the long reference this card recalls"),
    ]),
    ('# D\n## Q?\n<!-- tags -->\nA\n', [
        (3, 'error', "malformed metadata 'tags': expected 'key: value'",
         "separate keys from values with ':' and pairs with ';'"),
    ]),
    ('# D\n## Q?\n<!-- : x -->\nA\n', [
        (3, 'error', "malformed metadata ': x': expected 'key: value'",
         "separate keys from values with ':' and pairs with ';'"),
    ]),
    ('# D\n## Q?\n<!-- tags: a\nA\n', [
        (3, 'error', 'metadata comment is not closed on its line',
         'write the whole comment on one line: <!-- key: value; key: value -->'),
    ]),
    ('# D\n## Q?\n<!-- -->\nA\n', [
        (3, 'error', 'empty metadata comment',
         'delete the line, or write <!-- key: value -->'),
    ]),
    ('# D\n## Q?\n<!-- kind: star; kind: coding -->\nA\n', [
        (3, 'error', "metadata key 'kind' given twice",
         'keep one of them'),
    ]),
    ('# D\n## Q?\n<!-- tags: -->\nA\n', [
        (3, 'error', "metadata key 'tags' has no value",
         'give it a value, or delete the key'),
    ]),
    ('# D\n## Q?\nA\n```python\ncode\n## R?\nB\n', [
        (4, 'error', 'code fence opened here is never closed',
         'add a line with ``` where the code ends'),
    ]),
    ('# D\n## Q?\nA\n~~~~\ncode\n', [
        (4, 'error', 'code fence opened here is never closed',
         'add a line with ~~~~ where the code ends'),
    ]),
    ('# D\n## Q?\nA\n# Another\n', [
        (4, 'error', "a second '# ' heading in one deck",
         "a deck has one title; use '###' for headings inside an answer"),
    ]),
    (b'# D\n## Q?\nA \xe9t\xe9\n', [
        (3, 'error', 'file is not valid UTF-8 (byte 0xe9 at column 3)',
         'save the file with UTF-8 encoding'),
    ]),
    ('# D\n## Q?\nA\n## R?\nB\n', [
        (2, 'warning', '2 cards have no id yet (the first is here)',
         '`drill check --fix` stamps them (drill also does when it syncs)'),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\nA\n## R?\nB\n', [
        (5, 'warning', '1 card has no id yet (the first is here)',
         '`drill check --fix` stamps them (drill also does when it syncs)'),
    ]),
    ('# D\n\nnothing here\n', [
        (1, 'warning', 'deck has no cards yet',
         "add a card: a '## question' line followed by its answer"),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\n\n<!-- tags: x -->\nA\n', [
        (5, 'warning', 'metadata comment inside the answer is ignored',
         "move it to the line right below the '## ' heading"),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\nA\n### Key points\n- one\n- two\n### After\n', [
        (8, 'error', "'### Key points' must be the last section of the answer",
         'move the key points to the end of the answer'),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\nA\n### Key points\n- one\ntext\n', [
        (5, 'error', "'### Key points' holds something other than a bullet list",
         "write one '- short phrase' per line, nothing else"),
    ]),
    ('# D\n## Q?\n<!-- id: abcdefgh -->\nA\n### Key points\n- one\n', [
        (5, 'error', '1 key points; write 2 to 5',
         'key points are the few things a good answer must say'),
    ]),
    (f"# D\n## Q?\n<!-- id: abcdefgh -->\nA\n### Key points\n- one\n- {LONG}\n", [
        (5, 'warning', f"key point '{LONG[:59]}…' is longer than 80 characters",
         'a key point is a short phrase to tick, not a sentence to read'),
    ]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_problem_is_reported_exactly(text, expected):
    deck = parse_deck(text, "d.md")
    assert [(p.line, p.severity, p.message, p.hint) for p in deck.problems] == expected
    assert deck.ok == all(severity == "warning" for _, severity, _, _ in expected)


def test_a_problem_prints_its_place_severity_message_and_hint():
    assert str(Problem("d.md", 3, "bad", "fix it")) == "d.md:3: error: bad\n    hint: fix it"
    assert str(Problem("decks/sub", 0, "folder not read", "", "warning")) == (
        "decks/sub: warning: folder not read")  # line 0: a folder, no line
