"""The browser's search language and the schedule reset."""

from __future__ import annotations

import pytest

from drill.browse import QueryError, compile_query
from drill.review import Reviewer
from drill.sync import Source, sync

DECK = ("# Stats\n<!-- tags: stats -->\n\n## What is a p-value?\n<!-- id: pvalue01; tags: testing "
        "-->\nProbability of data this extreme.\n\n## What is power?\n<!-- id: power001; kind: "
        "coding; difficulty: hard -->\nOne minus beta.\n")


@pytest.fixture
def rows(store, clock, calendar, user_decks):
    (user_decks / "stats.md").write_text(DECK)
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade("pvalue01", 5)
    store.flags.set_suspended("power001", True)
    return lambda: {r["id"]: r for r in store.browser.rows()}


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"pvalue01", "power001"}),
    ("beta", {"power001"}),
    ('deck:"stats" tag:testing', {"pvalue01"}),
    ("kind:coding difficulty:hard", {"power001"}),
    ("is:new", {"power001"}),
    ("is:suspended", {"power001"}),
    ("ef>2.5", {"pvalue01"}),
    ("ef<2.5", set()),
    ("is:due", set()),
    ("is:user", {"pvalue01", "power001"}),
])
def test_queries(rows, query, expected):
    match = compile_query(query, "2026-03-02")
    assert {card_id for card_id, row in rows().items() if match(row)} == expected


@pytest.mark.parametrize(("query", "message"), [
    ("is:lost", "is:lost is not a filter"),
    ('deck:"open', "unbalanced quotes"),
])
def test_bad_queries_say_why(query, message):
    with pytest.raises(QueryError, match=message):
        compile_query(query, "2026-03-02")


def test_reset_is_logged_and_undoable(store, clock, calendar, rows):
    reviewer = Reviewer(store, clock, calendar)
    before = store.log.progress("pvalue01")
    uid = reviewer.reset("pvalue01")
    assert store.log.progress("pvalue01").is_new
    assert store.log.rows("pvalue01")[-1].source == "reset"
    assert store.log.rebuild() and store.log.progress("pvalue01").is_new
    reviewer.undo(uid)
    assert store.log.progress("pvalue01") == before


def test_each_row_carries_its_own_cards_tags(rows):
    """The lists of tags are decoded once per distinct list (they repeat from card to card);
    each card still gets its own."""
    got = rows()
    assert got["pvalue01"]["tags"] == ("stats", "testing")
    assert got["power001"]["tags"] == ("stats",)
