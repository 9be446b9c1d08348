"""The cold sync's fast paths (issue 26) write what the plain ones write.

`Cards.upsert_values` writes many rows a statement, with None values as NULL in the statement;
the reference here writes one row a statement through `Cards.upsert`, binding every value. A
sync with each (first into an empty store, then after edits, a broken file, a deleted card and a
new one) must leave the same `cards` rows in the same rowid order, the same `files` rows and the
same report, problems (file:line messages) included.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from drill.store import Store
from drill.store.cards import CARD_COLUMNS, ROWS_PER_STATEMENT, Cards
from drill.sync import BUNDLED, USER, Source, _merge_replaced, sync


def _one_by_one(self: Cards, rows: list[tuple]) -> None:
    """The plain write: one upsert a row, every value bound (None too)."""
    for row in rows:
        self.upsert([dict(zip((*CARD_COLUMNS, "orphaned_ms", "merged_into"), (*row, None, None),
                              strict=True))])


def _tables(store: Store) -> tuple[list[tuple], list[tuple]]:
    cards = store.conn.execute("SELECT rowid, * FROM cards ORDER BY rowid").fetchall()
    files = store.conn.execute("SELECT rowid, path, origin, size, card_ids, errors, synced_ms "
                               "FROM files ORDER BY rowid").fetchall()  # (mtimes differ)
    return cards, files


def _report(report) -> dict:
    fields = vars(report).copy()
    fields["problems"] = [str(problem) for problem in report.problems]
    return fields


def _row(n: int, edited: int | None, of: str | None, prompt: str = "Q") -> tuple:
    return (f"card{n:05d}", f"Deck {n % 3}", f"{prompt} {n}?", f"Answer {n}.", "concept",
            "medium", '["t"]', "[]", f"/d/{n % 4}.md", n + 2, "user", f"h{n}", 1000 + n, edited,
            "[]", of)


def test_upsert_values_writes_the_rows_the_plain_upsert_writes():
    # Runs of every None pattern, longer and shorter than a statement's rows, then an update of
    # some of them (a conflict on the id) with other None patterns.
    patterns = [(None, None), (5, None), (None, "ref00001"), (7, "ref00002")]
    first = [_row(n, *patterns[(n // 7) % 4]) for n in range(3 * ROWS_PER_STATEMENT + 11)]
    second = [_row(n, *patterns[n % 4], prompt="Edited") for n in range(0, len(first), 3)]
    second += [_row(n, None, None) for n in range(len(first), len(first) + 5)]
    fast, plain = Store.open(None), Store.open(None)
    try:
        for rows in (first, second):
            with fast.atomic():
                fast.cards.upsert_values(rows)
            with plain.atomic():
                _one_by_one(plain.cards, rows)
            assert _tables(fast) == _tables(plain)
        assert fast.conn.execute("SELECT COUNT(*) FROM cards WHERE edited_ms IS NULL "
                                 "AND of_id IS NOT NULL").fetchone()[0] > 0
        fast.cards.upsert_values([])  # nothing to write
    finally:
        fast.close()
        plain.close()


BUNDLED_DECK = """# Shared deck
<!-- tags: base -->

## Bundled question one
<!-- id: bund0001; kind: design -->
Bundled answer one.

## Bundled question two
<!-- id: bund0002 -->
Bundled answer two.
"""

LINKS = """# Links
<!-- tags: base, shared; roles: mlops, nlp-llm; kind: design; difficulty: hard -->

## Reference card
<!-- id: ref00001; tags: own, base -->
A long answer.

### Key points
- first
- second

## Recall card
<!-- id: rec00001; of: ref00001; replaces: old00001; kind: coding -->
Short.

## A user's version of a bundled card
<!-- id: bund0001 -->
The user's answer.

## Card without an id
Its answer.

## A card that the recall card replaces once it is gone
<!-- id: old00001 -->
Old.
"""


def _many(title: str, prefix: str, count: int) -> str:
    lines = [f"# {title}", ""]
    for n in range(count):
        meta = f"id: {prefix}{n:05d}" + ("; tags: t1, t2" if n % 2 else "")
        lines += [f"## {title} question {n}?", f"<!-- {meta} -->", "", f"Answer {n}.", ""]
    return "\n".join(lines)


def _write_decks(bundled, user) -> None:
    (bundled / "shared.md").write_text(BUNDLED_DECK, encoding="utf-8")
    (user / "links.md").write_text(LINKS, encoding="utf-8")
    (user / "many.md").write_text(_many("Many", "many", 150), encoding="utf-8")
    (user / "sub").mkdir()
    (user / "sub" / "more.md").write_text(_many("More", "more", 70), encoding="utf-8")
    (user / "dupes.md").write_text(
        "# Dupes\n\n## Same id as a card in many.md\n<!-- id: many00001 -->\nA.\n", "utf-8")
    (user / "broken.md").write_text(
        "# Broken\n\n## Q\n<!-- kind: poem -->\nA.\n\n## R\n<!-- id: brok0001; ID: brok0002 -->\n"
        "B.\n", "utf-8")
    (user / "notes.md").write_bytes(b"# Bad bytes \xff\n\n## Q\nA.\n")


def _edit_decks(user) -> None:
    links = (user / "links.md").read_text(encoding="utf-8")
    links = links[:links.index("## A card that the recall card replaces")]
    (user / "links.md").write_text(links.replace("Short.", "Short, edited.")
                                   + "\n## Another new card\nNew.\n", encoding="utf-8")
    many = (user / "many.md").read_text(encoding="utf-8")
    (user / "many.md").write_text(many.replace("## Many question 3?", "## Many question 3 now?")
                                  .replace("## Many question 7?\n<!-- id: many00007 -->", ""),
                                  encoding="utf-8")
    (user / "broken.md").write_text("# Broken\n\n## Q\n<!-- kind: design -->\nA.\n", "utf-8")
    (user / "sub" / "more.md").write_text("# More\n\n## Q\n<!-- difficulty: x -->\nA.\n", "utf-8")
    (user / "dupes.md").unlink()


@pytest.mark.parametrize("bundled_too", [False, True])
def test_a_sync_with_the_fast_paths_equals_one_written_row_by_row(tmp_path, clock, calendar,
                                                                 monkeypatch, bundled_too):
    results = []
    for way in ("fast", "plain"):
        bundled, user = tmp_path / way / "bundled", tmp_path / way / "user"
        bundled.mkdir(parents=True)
        user.mkdir()
        _write_decks(bundled, user)
        sources = [Source(user, USER)] + ([Source(bundled, BUNDLED)] if bundled_too else [])
        store = Store.open(None)
        with monkeypatch.context() as patch:
            if way == "plain":
                patch.setattr(Cards, "upsert_values", _one_by_one)
            steps = []
            for step in range(3):
                if step == 1:
                    _edit_decks(user)
                when = clock.now() + timedelta(minutes=step)
                report = sync(store, sources, when, calendar)
                if way == "fast":
                    # The replaces pass that a first sync skips would have done nothing.
                    before = _tables(store)
                    _merge_replaced(store, when, calendar, report)
                    assert _tables(store) == before
                steps.append((_report(report), _tables(store),
                              (user / "links.md").read_text(encoding="utf-8")))
        store.close()
        # Paths differ between the two folders; everything else must not.
        results.append(repr(steps).replace(str(tmp_path / way), "<root>"))
    assert results[0] == results[1]
    fast = results[0]
    for expected in ("duplicate id", "unknown kind", "not valid UTF-8", "unknown difficulty",
                     "given twice", "'many00149'", "'more00069'",
                     "ref00001", "'edited': ['rec00001'", "'merged': [('old00001', 'rec00001')]"):
        assert expected in fast


def test_a_large_write_gets_a_larger_page_cache_then_the_one_before(store):
    def size() -> int:
        return store.conn.execute("PRAGMA cache_size").fetchone()[0]

    before = size()
    with store.cards.room_for(100):  # it fits in the cache as it is
        assert size() == before
    with store.cards.room_for(10_000):
        assert size() == -10_000
    assert size() == before
    with pytest.raises(RuntimeError), store.cards.room_for(10**6):
        assert size() == -65536  # at most 64 MiB
        raise RuntimeError
    assert size() == before
