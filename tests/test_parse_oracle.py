"""The fast deck parser (issue 26, cold sync) gives exactly what the old one gave.

tests/parse_oracle.py is the parser as it was before the speed-up; every Deck here (title,
description, defaults, every field of every card, every problem with its line, message, hint
and severity, in order) must be equal: on the bundled decks, on the benchmark's synthetic format,
on a corpus of tricky inputs, and on a few hundred decks spliced at random from those lines.
A cold sync's `cards` and `files` rows are checked too.
"""

from __future__ import annotations

import json
import random
from hashlib import sha256

import pytest

from drill.deckfile.model import Card, normalise
from drill.deckfile.parse import parse_deck
from drill.deckfile.walk import DeckWalk
from drill.paths import bundled_decks_dir
from drill.sync import BUNDLED, USER, Source, sync
from tests import parse_oracle


def same(data: bytes | str, path: str = "deck.md") -> None:
    new, old = parse_deck(data, path), parse_oracle.parse_deck(data, path)
    assert (new.title, new.description, new.defaults) == (old.title, old.description,
                                                          old.defaults), data
    assert new.problems == old.problems, data
    assert new.cards == old.cards, data
    assert new == old


def bench_deck(start: int, count: int) -> str:
    """The format benchmarks/bench.py writes (write_decks)."""
    lines = [f"# Synthetic deck {start // 200:03d}", ""]
    for n in range(start, start + count):
        lines += [f"## Synthetic question number {n}?", f"<!-- id: syn{n:06d}; tags: t{n % 7} -->",
                  "", f"The answer to question {n}, with `code` and a list:", "", "- one",
                  "- two", ""]
    return "\n".join(lines)


BUNDLED_FILES = sorted(bundled_decks_dir().rglob("*.md"))


def test_the_bundled_decks_are_found():
    assert len(BUNDLED_FILES) >= 5


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.name)
def test_bundled_decks_parse_the_same(path):
    data = path.read_bytes()
    same(data, str(path))
    same(data.decode("utf-8"), str(path))


def test_the_benchmark_format_parses_the_same():
    same(bench_deck(0, 200))
    same(bench_deck(400, 3).encode())


GOOD = "<!-- id: card0001; tags: a, b -->"
KEY_POINTS = "### Key points\n- one\n- two"

# Whole decks: each an edge case of its own.
CORPUS = [
    "",
    "\n\n",
    "# Only a title",
    "# Only a title\n<!-- tags: x; kind: design -->\n",
    "no title at all\n",
    "## A card before any title\nIts answer.\n",
    "## First\nA\n# Late title\n## Second\nB\n",
    "# T\n\n## Q\n" + GOOD + "\nA\n",
    "\ufeff# BOM title\n\n## Q\nA\n",
    b"\xef\xbb\xbf# BOM bytes\n\n## Q\nA\n",
    b"# Bad\n\n## Q\nA \xff\xfe here\n",
    b"# Bad\n\xc3\n",
    "# CRLF\r\n\r\n## Q one\r\n<!-- id: crlf0001 -->\r\nA one\r\n\r\n## Q two\r\nA\rtwo\r\n",
    "# Mixed\r\n## Q\nA\r\n```\r\n## not a card\r\n```\r\n",
    "# Closing hashes ##\n\n## Q ##\nA\n## ##\nB\n## Q2 #   \nC\n## #\nD\n",
    "#\n## Q\nA\n",
    "#   \n\n## Q\nA\n",
    "# T\n## \nA\n##\nB\n##\t\nC\n",
    "# T\n## Q\n\n\n",
    "# T\n## Q\n   \n\t\n## R\nA\n",
    "# T\n## Q\nA\n## q\nB\n## Q  \nC\n",
    "# T\n## Q\n<!-- id: dup00001 -->\nA\n## R\n<!-- id: dup00001 -->\nB\n",
    "# T\n\nA description\nover two lines.\n\n## Q\nA\n",
    "preamble\n# T\n<!-- roles: mlops -->\ndescription\n## Q\nA\n",
    "# T\n# Second title\n## Q\nA\n# Third\n",
    "# T\n## Q\n```\n## inside a fence\n# also\n```\n## R\nB\n",
    "# T\n## Q\n~~~~\n```\n## still inside\n~~~\n## and still\n~~~~\n## R\nB\n",
    "# T\n## Q\n````python\n```\n## inside\n````\nafter\n",
    "# T\n## Q\n```\ncode never closed\n## swallowed\nB\n",
    "# T\n## Q\n~~~\nunclosed tilde\n",
    "# T\n## Q\n```js `not` a fence\n## R\nB\n",
    "# T\n## Q\n~~~ info `ok`\n## inside\n~~~\n## R\nB\n",
    "# T\n## Q\n```\ncode\n``` trailing text\n## still code\n```\n",
    "# T\n## Q\n   ```\n## in\n   ```\n## R\nB\n",
    "# T\n## Q\n    ```\n## R\nB\n",
    " # T\n  ## Q\n   A\n    ## not a heading\n",
    "    # not a title\n## Q\nA\n",
    "\t# tab\n## Q\nA\n",
    "# T\t\n##\tTabbed prompt\t\nA\t\n",
    "#T\n##Q\nA\n### sub\n",
    "# T\n## Q\n<!-- id: card0001\nA\n",
    "# T\n## Q\n<!-- -->\nA\n",
    "# T\n## Q\n<!-- id: card0001; ; tags: a -->\nA\n",
    "# T\n## Q\n<!-- nonsense -->\nA\n",
    "# T\n## Q\n<!-- :x -->\nA\n",
    "# T\n## Q\n<!-- colour: red -->\nA\n",
    "# T\n## Q\n<!-- id: card0001; ID: card0002 -->\nA\n",
    "# T\n## Q\n<!-- tags: -->\nA\n",
    "# T\n## Q\n<!-- id: short -->\nA\n",
    "# T\n## Q\n<!-- id: " + "x" * 70 + " -->\nA\n",
    "# T\n## Q\n<!-- of: not an id! -->\nA\n",
    "# T\n## Q\n<!-- replaces: card0002, bad id -->\nA\n",
    "# T\n## Q\n<!-- replaces: , -->\nA\n",
    "# T\n## Q\n<!-- kind: essay -->\nA\n",
    "# T\n## Q\n<!-- difficulty: brutal -->\nA\n",
    "# T\n## Q\n<!-- tags: Upper, ok -->\nA\n",
    "# T\n## Q\n<!-- tags: a, a, b -->\nA\n",
    "# T\n<!-- tags: a, b -->\n## Q\n<!-- tags: b, c -->\nA\n",
    "# T\n<!-- tags: a, b; roles: mlops, nlp-llm; kind: coding; difficulty: hard -->\n## Q\nA\n",
    "# T\n<!-- roles: astronaut -->\n## Q\nA\n",
    "# T\n<!-- id: card0001 -->\n## Q\nA\n",
    "# T\n## Q\n<!-- roles: mlops, mlops; kind: star; difficulty: easy -->\nA\n",
    "# T\n## Q\n<!-- id: card0001; replaces: card0001 -->\nA\n",
    "# T\n## Q\n<!-- id: card0001; of: card0001 -->\nA\n",
    "# T\n## Q\n<!-- id: card0001; of: card0002; replaces: card0003, card0004 -->\nA\n",
    "# T\n## Q\n<!-- id: card0001 -->\n<!-- tags: x -->\n  <!-- kind: design -->\nA\n",
    "# T\n## Q\nA\n<!-- id: card0009 -->\n  <!-- tags: x -->\n<!-- nothing -->\n",
    "# T\n## Q\n\n<!-- id: card0009 -->\nA\n",
    "# T\n## Q\nA\n" + KEY_POINTS + "\n",
    "# T\n## Q\nA\n### Key Points  \n- one\n* two\n+ three\n\n",
    "# T\n## Q\nA\n" + KEY_POINTS + "\n- three\n- four\n- five\n- six\n",
    "# T\n## Q\nA\n### Key points\n- one\n",
    "# T\n## Q\nA\n### Key points\n- one\ntext\n- two\n",
    "# T\n## Q\nA\n### Key points\n- one\n-two\n",
    "# T\n## Q\nA\n### Key points\n- " + "long " * 20 + "\n- two\n",
    "# T\n## Q\nA\n" + KEY_POINTS + "\n### After\nmore\n",
    "# T\n## Q\nA\n" + KEY_POINTS + "\n```\n### in code\n```\n",
    "# T\n## Q\nA\n```\n### Key points\n```\n### Other\n",
    "# T\n## Q\nA\n###Key points\n- a\n",
    "# T\n## Q\nA\n### key points\n- a\n### Other\n",
    "# T\n## Q\nA\n###  KEY POINTS \n- a\n",
    "# T\n## Q\nA\n### Key points\n",
    "# T\n## Q\n### Key points\n- one\n- two\n",
    "# T\n## Q   \nA   \n  \n",
    "# T\n## Q\n#### deep\n##### deeper\n###### deepest\n####### seven\n",
    "# T\n## Q\nA\n~~\n``\n#hashtag\n",
    "# T\n## Q\n" + "\n" * 5 + "A\n" + "\n" * 5,
    "# T\n## Ünïcödé ？\nÄnswer — with “quotes” and 🙂\n",
    "# T\n## Q\nA\n\x0b\x0c\u2028## not split\n",
    # The parts cache and the id pattern (cold sync): parts repeated word for word, in a card
    # after another card, given twice, in the deck's comment; ids in odd spacing and case.
    "# T\n## Q\n<!--tags: a;tags: a;-->\nA\n## R\n<!--tags: a;kind: coding;tags: a-->\nB\n",
    "# T\n## Q\n<!-- tags: a; kind: star -->\nA\n## R\n<!-- kind: star; tags: a -->\nB\n"
    "## S\n<!-- tags: a; kind: star; kind: star -->\nC\n## U\n<!-- tags: a -->\n"
    "<!-- tags: a -->\nD\n",
    "# T\n<!-- tags: a -->\n## Q\n<!-- tags: a -->\nA\n# T2\n<!-- tags: a -->\n",
    "# T\n<!--id:card0001-->\n## Q\n<!--id:card0001-->\nA\n",
    "# T\n## Q\n<!-- Id : card0001 -->\nA\n## R\n<!--ID:card0002;iD:card0003-->\nB\n",
    "# T\n## Q\n<!-- id:\u00a0card0001\u2003; tags:\u3000a -->\nA\n",
    "# T\n## Q\n<!-- \u0130d: card0001 -->\nA\n## R\n<!-- \u0131d: card0002 -->\nB\n",
    "# T\n## Q\n<!-- id: card0001 x -->\nA\n## R\n<!-- id: card:0002 -->\nB\n",
    "# T\n## Q\n<!-- i d: card0001 -->\nA\n## R\n<!-- id: " + "y" * 65 + " -->\nB\n",
    "# T\n## Q\n<!-- id: card0001; tags: a -->\nA\n## R\n<!-- id: card0001; tags: a -->\nB\n",
]


@pytest.mark.parametrize("data", CORPUS, ids=range(len(CORPUS)))
def test_tricky_decks_parse_the_same(data):
    same(data)
    if isinstance(data, str):
        same(data.encode("utf-8"))


# Lines to splice: structure, metadata of every kind, fences, key points, blanks, odd bytes.
LINES = [
    "# Title", "# Second", "#", "# T ##", "## Question?", "## Another question", "##", "## #",
    "## Q ###", "  ## Indented", "   ## Three", "    ## Four", "\t## Tab", "## Question?",
    "### Key points", "### Key Points ", "### key points", "###  KEY POINTS", "### Section",
    "###", "#### deep", "- point one",
    "- point two", "* star", "+ plus", "-no space", "- " + "x" * 90, "text", "more text", "",
    "", "", "   ", "\t", "```", "```python", "````", "~~~", "~~~~", "``` x `y`", "~~~ `ok`",
    "   ```", "    ```", "``` trailing", "<!-- id: card0001 -->", "<!-- id: card0002 -->",
    "<!-- id: bad -->", "<!-- tags: a, b -->", "<!-- tags: B -->", "<!-- kind: design -->",
    "<!-- kind: poem -->", "<!-- difficulty: hard -->", "<!-- difficulty: x -->",
    "<!-- roles: mlops -->", "<!-- roles: pilot -->", "<!-- replaces: card0003 -->",
    "<!-- replaces: card0001 -->", "<!-- of: card0004 -->", "<!-- of: card0001 -->",
    "<!-- id: card0005; tags: a; kind: coding -->", "<!-- -->", "<!-- unclosed",
    "<!-- x: 1 -->", "<!-- id -->", "<!-- plain comment -->", "  <!-- tags: c -->",
    "text <!-- id: card0006 --> inline", "Ünïcödé 🙂", "trailing spaces   ", "a\tb",
    "<!-- id: card0007;tags: a, b -->", "<!--ID:card0008-->", "<!-- tags: a, b; tags: a, b -->",
    "<!-- tags: a, b; kind: design -->", "<!-- kind: design; tags: a, b -->",
]


def random_deck(rng: random.Random) -> str | bytes:
    lines = [rng.choice(LINES) for _ in range(rng.randint(0, 40))]
    if rng.random() < 0.7:
        lines.insert(0, "# Deck")
    text = ("\r\n" if rng.random() < 0.15 else "\n").join(lines)
    if rng.random() < 0.3:
        text += "\n"
    if rng.random() < 0.05:
        text = "\ufeff" + text
    if rng.random() < 0.5:
        data = text.encode("utf-8")
        if rng.random() < 0.05:
            cut = rng.randint(0, len(data))
            data = data[:cut] + b"\xff" + data[cut:]
        return data
    return text


def test_random_spliced_decks_parse_the_same():
    rng = random.Random(26)
    decks = [random_deck(rng) for _ in range(400)]
    for data in decks:
        same(data)
    problems = {p.message.split(" ")[0] for d in decks for p in parse_deck(d).problems}
    assert len(problems) > 15  # the corpus reaches many kinds of problem


# --- a cold sync writes the same rows ----------------------------------------------------------

USER_DECK = """# Links and defaults
<!-- tags: base, shared; roles: mlops, nlp-llm; kind: design; difficulty: hard -->

About this deck.

## Reference card
<!-- id: ref00001; tags: own, base -->

A long answer.

### Key points
- first
- second

## Recall card
<!-- id: rec00001; of: ref00001; replaces: old00001, old00002; kind: coding -->

Short.

## Card without an id

Its answer.
"""


def _expected_row(card: Card, origin: str, now_ms: int) -> dict[str, object]:
    """A `cards` row as the old write path made it (json.dumps, its own content hash)."""
    parts = [normalise(card.prompt), card.answer.strip(), card.kind, card.difficulty,
             ",".join(sorted(card.tags)), ",".join(sorted(card.roles))]
    return {"id": card.id, "deck": card.deck, "prompt": card.prompt, "answer": card.answer,
            "kind": card.kind, "difficulty": card.difficulty, "tags": json.dumps(list(card.tags)),
            "roles": json.dumps(list(card.roles)), "path": card.path, "line": card.line,
            "origin": origin, "content_hash": sha256("\x1f".join(parts).encode()).hexdigest()[:32],
            "added_ms": now_ms, "edited_ms": None, "orphaned_ms": None, "merged_into": None,
            "replaces": json.dumps(list(card.replaces)), "of_id": card.of}


def _table(store, name: str) -> list[tuple]:
    return store.conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()


def test_a_cold_sync_writes_the_rows_the_old_parser_gives(store, clock, calendar, user_decks,
                                                         monkeypatch):
    from drill.store import Store

    (user_decks / "links.md").write_text(USER_DECK, encoding="utf-8")
    for start in (0, 200):
        (user_decks / f"deck{start:03d}.md").write_text(bench_deck(start, 200))
    sources = [Source(bundled_decks_dir(), BUNDLED), Source(user_decks, USER)]
    report = sync(store, sources, clock.now(), calendar)
    assert report.added and not report.problems

    import drill.deckfile.parse

    monkeypatch.setattr(drill.deckfile.parse, "parse_file", parse_oracle.parse_file)
    oracle = Store.open(None)
    try:
        again = sync(oracle, sources, clock.now(), calendar)  # ids are stamped by now
        assert again.added == report.added
        assert _table(store, "cards") == _table(oracle, "cards")
        assert _table(store, "files") == _table(oracle, "files")
        now_ms = store.conn.execute("SELECT MIN(added_ms) FROM cards").fetchone()[0]
        expected = {}
        for source in sources:
            for path in DeckWalk().files(source.folder.resolve()):
                for card in parse_oracle.parse_file(path).cards:
                    expected[card.id] = _expected_row(card, source.origin, now_ms)
        cursor = store.conn.execute("SELECT * FROM cards")
        names = [column[0] for column in cursor.description]
        assert {row[0]: dict(zip(names, row, strict=True)) for row in cursor} == expected
    finally:
        oracle.close()


def test_cards_built_without_init_are_real_cards():
    from dataclasses import fields, replace

    from drill.deckfile.parse import _card

    values = ("card0001", "Q?", "A.", "Deck", "design", "hard", ("a",), ("mlops",), "d.md", 3,
              ("old00001",), "ref00001")
    card, built = _card(*values), Card(*values)
    assert list(vars(card).items()) == list(vars(built).items())
    assert [f.name for f in fields(Card)] == list(vars(card))
    assert card == built and hash(card) == hash(built) and repr(card) == repr(built)
    assert replace(card, id="card0002") == replace(built, id="card0002")
    with pytest.raises(AttributeError):
        card.id = "other"  # type: ignore[misc]
    assert not hasattr(Card, "__post_init__")  # _card would skip it
