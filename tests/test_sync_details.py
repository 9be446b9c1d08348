"""Sync in detail: what its report counts, which rows it rewrites, and reattaching's checks."""

from __future__ import annotations

from datetime import UTC

import pytest
from dateutil import tz

import drill.sync as sync_module
from drill.clock import Calendar
from drill.decks import derive_id
from drill.review import Reviewer
from drill.sync import BUNDLED, USER, ReattachError, Source, reattach, sync
from tests.test_queue import deck
from tests.test_sync import bump_mtime, write


@pytest.fixture
def three(user_decks, synced):
    for title in ("Alpha", "Beta", "Gamma"):
        write(user_decks, f"{title.lower()}.md", deck(title, 2))
    return synced()


def test_the_report_counts_files_read_and_skipped(three, synced, user_decks):
    assert (three.read, three.skipped, len(three.added)) == (3, 0, 6)
    again = synced()
    assert (again.read, again.skipped, again.changed) == (0, 3, False)
    bump_mtime(user_decks / "beta.md")
    once_more = synced()
    assert (once_more.read, once_more.skipped) == (1, 2)


def test_only_the_cards_of_a_changed_file_are_rewritten(three, synced, user_decks):
    path = user_decks / "gamma.md"
    path.write_text(deck("Gamma", 2).replace("Answer 1.", "A better answer."))
    report = synced()
    assert sorted(report.updated) == ["gamm0000", "gamm0001"]
    assert report.edited == ["gamm0001"] and report.restored == [] and report.added == []


def test_an_edit_keeps_its_time_when_another_card_of_the_file_changes(three, synced, user_decks,
                                                                      store, clock):
    path = user_decks / "beta.md"
    path.write_text(deck("Beta", 2).replace("Answer 0.", "Edited once."))
    synced()
    edited = store.cards.get("beta0000").edited_ms
    assert edited is not None
    clock.advance(hours=1)
    path.write_text(deck("Beta", 2).replace("Answer 0.", "Edited once.")
                    .replace("Answer 1.", "Edited later."))
    bump_mtime(path)
    synced()
    assert store.cards.get("beta0000").edited_ms == edited
    assert store.cards.get("beta0001").edited_ms > edited


def test_an_orphan_that_comes_back_is_restored(three, synced, user_decks, store):
    path = user_decks / "alpha.md"
    path.unlink()
    assert sorted(synced().orphaned) == ["alph0000", "alph0001"]
    write(user_decks, "alpha.md", deck("Alpha", 2))
    report = synced()
    assert sorted(report.restored) == ["alph0000", "alph0001"]
    assert sorted(report.updated) == ["alph0000", "alph0001"]
    assert store.cards.get("alph0000").orphaned_ms is None


def test_a_deleted_file_is_forgotten_and_the_others_are_kept(three, synced, user_decks, store):
    (user_decks / "beta.md").unlink()
    synced()
    assert {path.rsplit("/", 1)[-1] for path in store.files.rows()} == {"alpha.md", "gamma.md"}


def test_a_files_error_count_is_kept_while_it_is_unchanged(three, synced, user_decks, store):
    path = user_decks / "beta.md"
    path.write_text(deck("Beta", 2) + "\n## No answer?\n\n## Another without?\n")
    bump_mtime(path)
    report = synced()
    assert len(report.problems) == 2
    key = str(path.resolve())
    assert store.files.rows()[key]["errors"] == 2
    assert store.files.rows()[str((user_decks / "alpha.md").resolve())]["errors"] == 0
    assert synced().skipped == 3
    assert store.files.rows()[key]["errors"] == 2
    bump_mtime(user_decks / "alpha.md")  # another file changes: the files table is rewritten
    assert synced().skipped == 2
    assert store.files.rows()[key]["errors"] == 2
    assert store.files.rows()[key]["card_ids"] == ["beta0000", "beta0001"]


def test_a_bundled_card_derives_an_id_nobody_else_has(store, tmp_path, clock, calendar,
                                                      user_decks):
    taken = derive_id("T", "Q?")
    write(user_decks, "mine.md", f"# Mine\n\n## Something else?\n<!-- id: {taken} -->\nA.\n")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(bundle, "t.md", "# T\n\n## Q?\nB.\n")
    report = sync(store, [Source(bundle, BUNDLED), Source(user_decks, USER)], clock.now(),
                  calendar)
    [bundled_id] = [i for i in report.added if i != taken]
    assert bundled_id.startswith(taken) and store.cards.get(bundled_id).prompt == "Q?"
    assert store.cards.get(taken).prompt == "Something else?"


def test_reattach_refuses_what_it_cannot_do(three, synced, store, clock, calendar, user_decks):
    reviewer = Reviewer(store, clock, calendar)
    reviewer.grade("alph0000", 5)
    reviewer.grade("beta0000", 5)
    (user_decks / "alpha.md").write_text(deck("Alpha", 1).replace("alph0000", "alph9999")
                                         .replace("question 0?", "question nine?"))
    bump_mtime(user_decks / "alpha.md")
    synced()  # alph0000 and alph0001 are orphans; alph9999 is new
    cases = [
        ("nope", "alph9999", "^nope is not an orphan \\(see `drill orphans`\\)$"),
        ("beta0001", "alph9999", "^beta0001 is not an orphan"),
        ("alph0000", "nope", "^nope is not a card in your decks$"),
        ("alph0000", "alph0001", "^alph0001 is not a card in your decks$"),
        ("alph0000", "beta0000", "^beta0000 already has a review history of its own$"),
    ]
    for orphan, target, message in cases:
        with pytest.raises(ReattachError, match=message):
            reattach(store, orphan, target, clock.now(), calendar)
    assert store.log.rows("alph9999") == []
    reattach(store, "alph0000", "alph9999", clock.now(), calendar)
    assert store.log.progress("alph9999").reviews == 1


def test_reattach_logs_the_day_and_offset_of_the_calendar_given(store, synced, user_decks,
                                                                clock, calendar):
    write(user_decks, "a.md", deck("Alpha", 2))
    synced()
    Reviewer(store, clock, calendar).grade("alph0000", 5)
    (user_decks / "a.md").write_text(deck("Alpha", 2).replace("alph0000", "alph9999")
                                     .replace("question 0?", "question nine?"))
    bump_mtime(user_decks / "a.md")
    synced()
    late = Calendar(tz.gettz("America/New_York"), 8)  # 07:00 in New York: still yesterday
    reattach(store, "alph0000", "alph9999", clock.now(), late)
    row = store.log.rows("alph9999")[-1]
    assert (row.day, row.utc_offset, row.source) == ("2026-03-01", -300, "alph0000")


def test_taking_over_an_orphan_logs_the_syncs_calendar(store, user_decks, clock):
    late = Calendar(UTC, 13)  # noon UTC is still the day before
    write(user_decks, "a.md", deck("Alpha", 1))
    sync(store, [Source(user_decks)], clock.now(), late)
    Reviewer(store, clock, late).grade("alph0000", 5)
    (user_decks / "a.md").write_text(deck("Alpha", 1).replace("alph0000", "alph9999"))
    bump_mtime(user_decks / "a.md")
    report = sync(store, [Source(user_decks)], clock.now(), late)
    assert report.taken_over == [("alph0000", "alph9999")]
    assert store.log.rows("alph9999")[-1].day == "2026-03-01"


def test_a_file_that_vanishes_during_a_sync_does_not_stop_it(store, synced, user_decks,
                                                             monkeypatch):
    write(user_decks, "a.md", deck("Alpha", 1))
    write(user_decks, "b.md", deck("Beta", 1))
    real_stat = sync_module._stat

    class Vanishing(sync_module.DeckWalk):  # a.md goes between the listing and its stat
        def files(self, folder):
            found = super().files(folder)
            self.stats = {path: st for path, st in self.stats.items() if path.name != "a.md"}
            return found

    monkeypatch.setattr(sync_module, "DeckWalk", Vanishing)
    monkeypatch.setattr(sync_module, "_stat",
                        lambda path: None if path.name == "a.md" else real_stat(path))
    report = synced()
    assert report.added == ["beta0000"] and report.read == 1
