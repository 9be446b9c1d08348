"""What the store writes survives closing and reopening the file (every write is committed).

The other store tests share one in-memory connection, where an uncommitted write still reads back;
these reopen a database file, so a dropped COMMIT loses the write and fails them.
"""

from __future__ import annotations

import pytest

from drill.review import Reviewer
from drill.session import ReviewSession
from drill.store import Store
from drill.sync import Source, sync
from tests.test_queue import deck
from tests.test_store import add_cards


@pytest.fixture
def path(tmp_path):
    return tmp_path / "drill.db"


def reopen(path):
    return Store.open(path)


def test_a_grade_survives_closing_and_reopening(path, clock, calendar):
    store = Store.open(path)
    [card] = add_cards(store, 1)
    uid = Reviewer(store, clock, calendar).grade(card, 4)
    progress = store.log.progress(card)
    store.close()
    store = reopen(path)
    assert [row.uid for row in store.log.rows(card)] == [uid]
    assert store.log.progress(card) == progress and not progress.is_new
    store.close()


def test_an_undo_survives_closing_and_reopening(path, clock, calendar):
    store = Store.open(path)
    [card] = add_cards(store, 1)
    reviewer = Reviewer(store, clock, calendar)
    uid = reviewer.grade(card, 4)
    reviewer.undo(uid)
    store.close()
    store = reopen(path)
    assert store.log.is_undone(uid) and store.log.progress(card).is_new
    assert [row.kind for row in store.log.rows(card)] == ["review", "undo"]
    store.close()


def test_sync_flags_preferences_and_rebuild_survive_reopening(path, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 3))
    store = Store.open(path)
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade("alph0000", 5)
    store.flags.set_suspended("alph0001", True)
    store.flags.set_buried("alph0002", "2026-03-02")
    store.prefs.set_deck_enabled("Alpha", False)
    store.meta.set("target_role", "mlops")
    store.roadmap.set_done("item-1", True, 5)
    store.conn.execute("DELETE FROM card_state")  # a stale cache, rebuilt from the log
    store.conn.commit()
    assert store.log.rebuild() == 1
    store.close()
    store = reopen(path)
    assert set(store.cards.decks()) == {"Alpha"} and len(store.cards.list()) == 3
    assert set(store.files.rows()) == {str((user_decks / "a.md").resolve())}
    assert store.log.progress("alph0000").reviews == 1
    assert store.flags.of("alph0001") == (True, None)
    assert store.flags.of("alph0002") == (False, "2026-03-02")
    assert store.prefs.disabled_decks() == {"Alpha"}
    assert store.roadmap.target_role() == "mlops"
    assert store.roadmap.done() == {"item-1"}
    store.close()


def test_orphaning_and_reattaching_survive_reopening(path, clock, calendar, user_decks):
    from drill.sync import reattach

    (user_decks / "a.md").write_text(deck("Alpha", 2))
    store = Store.open(path)
    sync(store, [Source(user_decks)], clock.now(), calendar)
    Reviewer(store, clock, calendar).grade("alph0000", 5)
    (user_decks / "a.md").write_text(deck("Alpha", 2).replace("alph0000", "other000")
                                     .replace("question 0?", "question zero?"))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reattach(store, "alph0000", "other000", clock.now(), calendar)
    store.close()
    store = reopen(path)
    assert store.cards.get("alph0000").merged_into == "other000"
    assert store.log.progress("other000").reviews == 1
    store.close()


def test_a_session_bury_and_purge_survive_reopening(path, clock, calendar, user_decks):
    from drill.review import Limits

    (user_decks / "a.md").write_text(deck("Alpha", 3))
    store = Store.open(path)
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    session = ReviewSession.today(store, reviewer, Limits(new_per_day=3))
    session.bury()
    session.suspend()
    store.cards.purge("alph0002")
    store.close()
    store = reopen(path)
    assert store.flags.of("alph0000") == (False, "2026-03-02")
    assert store.flags.of("alph0001") == (True, None)
    assert store.cards.get("alph0002") is None
    store.close()


def test_a_mock_round_survives_reopening(path):
    store = Store.open(path)
    store.mock.create({"id": "r1", "format": "f", "title": "T", "seed": 1, "started_ms": 1},
                      [{"round_id": "r1", "position": 0, "card_id": "c", "limit_s": 60,
                        "rubric": "[]"}])
    store.mock.update_answer("r1", 0, score=4)
    store.mock.update_round("r1", status="finished", finished_ms=2)
    store.close()
    store = reopen(path)
    assert store.mock.round("r1")["status"] == "finished"
    assert store.mock.answers("r1")[0]["score"] == 4
    store.close()


def test_a_nested_atomic_block_that_fails_rolls_back_only_itself(path):
    store = Store.open(path)
    with store.atomic():
        store.meta.set("outer", "1")
        with pytest.raises(RuntimeError), store.atomic():
            store.meta.set("inner", "1")
            raise RuntimeError("boom")
        store.meta.set("after", "1")
    with pytest.raises(RuntimeError), store.atomic():
        store.meta.set("failed", "1")
        raise RuntimeError("boom")
    store.close()
    store = reopen(path)
    assert (store.meta.get("outer"), store.meta.get("inner"), store.meta.get("after"),
            store.meta.get("failed")) == ("1", None, "1", None)
    store.close()
