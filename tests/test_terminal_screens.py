"""What a person sees at 80 columns, in the real `drill` in a pseudo-terminal (tests/terminal.py):
footers that keep their keys and `?`, the grade bar on one line, keys typed around the editor,
`q` after `drill mock`. Each start costs about a second, so each test walks several screens."""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def footer(term: Terminal) -> str:
    return term.text().splitlines()[-1]


def wait_footer(term: Terminal, *keys: str) -> str:
    """Wait until the bottom row shows every one of `keys`; returns the screen."""
    return term.wait_until(lambda text: all(k in text.splitlines()[-1] for k in keys),
                           what=f"{keys} in the footer")


def welcomed_home(tmp_path: Path, deck: str | None = None) -> Path:
    """A DRILL_HOME whose welcome was seen (so the first screen is Home), with a user deck."""
    home = tmp_path / "home"
    (home / "decks").mkdir(parents=True)
    if deck is not None:
        (home / "decks" / "mine.md").write_text(deck)
    from drill.store import Store
    from drill.tui.app import WELCOMED

    store = Store.open(home / "drill.db")
    store.meta.set(WELCOMED, "1")
    store.close()
    return home


def test_footers_at_80_columns_keep_their_keys_and_help(tmp_path):
    with Terminal(home=welcomed_home(tmp_path), size=(80, 24)) as term:
        term.wait_for("Total")
        wait_footer(term, "⏎ Review", "r ", "m Mock", "b Browse", "s Settings", "q Quit", "? Help")
        term.press("r")
        wait_footer(term, "space Show", "? Help")
        term.press("space")
        shown = wait_footer(term, "Grade", "esc End", "? Help")
        grade_rows = [row for row in shown.splitlines() if "5 perfect" in row]
        assert len(grade_rows) == 1 and " 0 " in grade_rows[0], shown  # every grade on one line
        term.press("5")
        term.wait_for("1 done")
        term.press("escape")
        term.wait_for("Due tomorrow")
        wait_footer(term, "⏎ Home", "? Help")
        term.press("enter")
        term.wait_for("Total")
        term.press("b")
        wait_footer(term, "/ Search", "e Edit", "? Help")


def test_the_browser_lists_the_bundled_cards_a_chunk_at_a_time_at_80_columns(tmp_path):
    """More cards than a chunk: the status line says how many are listed, paging down brings
    the rest, and the line says so; a search still lists its matches."""
    with Terminal(home=welcomed_home(tmp_path), size=(80, 24)) as term:
        term.wait_for("Total")
        term.press("b")
        term.wait_for("(the first 200 listed; more as you scroll)")
        term.press(*["pagedown"] * 12)
        term.wait_for("(the first 400 listed; more as you scroll)")
        term.press(*["pagedown"] * 20)
        shown = term.wait_for(r"(\d+) of \1 cards · sorted", regex=True)
        assert "listed" not in shown
        term.press("/")
        term.type("deck:\"Coding patterns\"")
        term.press("enter")
        shown = term.wait_until(lambda text: "Coding patte" in text and "MLOps and" not in text,
                                what="the search's cards")
        counts = [line for line in shown.splitlines() if "cards · sorted" in line]
        assert counts and "listed" not in counts[0], shown
        term.press("escape")
        term.wait_for("Total")


def test_b_and_a_search_typed_at_once_on_home_open_the_browser_searched(tmp_path):
    """`b/gradient` typed in one burst on Home, the browser's first opening (its module loads
    while the keys come): the browser shows with "gradient" searched, none of it lost."""
    with Terminal(home=welcomed_home(tmp_path), size=(80, 24)) as term:
        term.wait_for("Total")
        term.type("b/gradient")
        shown = term.wait_until(
            lambda text: "gradient" in text and re.search(r"\d+ of \d+ cards · sorted", text)
            and "the first 200" not in text, what="the browser, searched")
        total = re.search(r"(\d+) of (\d+) cards", shown)
        assert total and int(total.group(1)) < int(total.group(2)), shown


EDITOR = """\
import sys, time
print("EDITOR OPEN", flush=True)
time.sleep(1.0)  # the user types into the editor meanwhile
"""


def test_keys_typed_while_the_editor_runs_never_reach_drill(tmp_path):
    home = welcomed_home(tmp_path, "# Mine\n\n## First card?\n\nYes.\n\n## Second card?\n\nNo.\n")
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    with Terminal(["review", "--deck", "Mine"], home=home, size=(80, 24),
                  env={"EDITOR": f"{sys.executable} {editor}"}) as term:
        term.wait_for("First card?")
        term.press("e")
        term.wait_for("EDITOR OPEN")
        term.type("b")  # meant for the editor, which never reads it
        term.wait_for("First card?")
        term.settle(0.5)
        assert "First card?" in term.text()
        # Keys typed after drill came back do count. (Under this emulator the first key after a
        # resume can go missing, as it never does in tmux: pyte answers none of the terminal
        # queries Textual sends on resuming. So space is pressed until the answer shows.)
        for _ in range(3):
            term.press("space")
            try:
                term.wait_for("5 perfect", timeout=3)
                break
            except AssertionError:
                continue
        term.press("5")
        term.wait_for("Second card?")
    with sqlite3.connect(home / "drill.db") as db:
        assert db.execute("select count(*) from card_flags where buried_day is not null"
                          ).fetchone()[0] == 0


def test_q_in_a_round_started_by_drill_mock_goes_back_to_the_shell(tmp_path):
    with Terminal(["mock", "--format", "recruiter", "--seed", "1"], home=welcomed_home(tmp_path),
                  size=(80, 24)) as term:
        wait_footer(term, "q Quit drill", "? Help")
        term.press("q")
        assert term.wait_exit() == 0
        assert "`drill mock` resumes it" in term.text()
