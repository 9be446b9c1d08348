"""Symlink loops and second links in a deck folder: each real folder is walked once, the loop is
reported, and no card is stored twice (issue 17, point 3)."""

from __future__ import annotations

import os
import time

from drill.check import run_check
from drill.cli import main
from drill.decks import DeckWalk

DECK = "# Links\n\n## Where is this card?\n<!-- id: linkcard01 -->\n\nIn one file.\n"


def make_folder(root):
    decks = root / "decks"
    (decks / "sub").mkdir(parents=True)
    (decks / "links.md").write_text(DECK)
    (decks / "sub" / "more.md").write_text(DECK.replace("linkcard01", "linkcard02")
                                           .replace("Links", "More"))
    return decks


def test_links_back_to_the_folder_are_walked_once_and_reported(tmp_path):
    decks = make_folder(tmp_path)
    os.symlink(".", decks / "a")
    os.symlink(".", decks / "b")
    os.symlink("..", decks / "sub" / "up")
    walk = DeckWalk()
    started = time.perf_counter()
    files = walk.files(decks)
    assert time.perf_counter() - started < 1
    assert sorted(p.name for p in files) == ["links.md", "more.md"]
    skipped = sorted(os.path.relpath(p.path, decks) for p in walk.problems)
    assert skipped == ["a", "b", os.path.join("sub", "up")]
    assert all("link loop" in p.message and p.severity == "warning" for p in walk.problems)


def test_a_second_link_to_a_file_or_folder_is_read_once(tmp_path):
    decks = make_folder(tmp_path)
    os.symlink("links.md", decks / "again.md")
    os.symlink("sub", decks / "other")
    assert sorted(p.name for p in DeckWalk().files(decks)) == ["links.md", "more.md"]


def test_check_reports_the_loop_and_finishes(tmp_path):
    decks = make_folder(tmp_path)
    os.symlink(".", decks / "a")
    os.symlink("..", decks / "sub" / "up")
    report = run_check([decks])
    assert report.card_count == 2 and report.error_count == 0
    assert sum("link loop" in p.message for p in report.all_problems) == 2


def test_due_and_sync_store_each_card_once_through_loops(tmp_path, isolated_home, capsys):
    decks = make_folder(isolated_home)
    os.symlink(".", decks / "a")
    os.symlink(".", decks / "b")
    os.symlink("..", decks / "sub" / "up")
    for _ in range(2):  # the second run must orphan nothing
        started = time.perf_counter()
        assert main(["due", "--json"]) == 0
        assert time.perf_counter() - started < 10
    err = capsys.readouterr().err
    assert "link loop" in err
    from drill.store import Store

    store = Store.open(isolated_home / "drill.db")
    try:
        mine = {cid: c for cid, c in store.cards.index().items() if cid.startswith("linkcard")}
        assert sorted(mine) == ["linkcard01", "linkcard02"]
        assert not [c for c, _ in store.cards.orphans() if c.id.startswith("linkcard")]
        sizes = store.cards.decks()
        assert (sizes["Links"], sizes["More"]) == (1, 1)
    finally:
        store.close()
