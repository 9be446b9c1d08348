"""Custom study in the real `drill` at 80×24: the dialog fits with its keys in the footer, bad
input is one line in it, and a cram of a deck opens its review."""

from __future__ import annotations

import sys

import pytest

from tests.terminal import Terminal
from tests.test_terminal_screens import welcomed_home

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DECK = "# Mine\n\n## First card?\n\nYes.\n\n## Second card?\n\nNo.\n"


def test_custom_study_at_80_columns_says_what_is_wrong_then_crams_a_deck(tmp_path):
    with Terminal(home=welcomed_home(tmp_path, DECK), size=(80, 24)) as term:
        term.wait_for("Total")
        term.press("c")
        screen = term.wait_for("esc Cancel ^s Start f1 Help")  # the dialog's own footer
        for words in ("N more new cards today", "Cards forgotten", "Cards of a tag",
                      "Cram a deck or tag", "Review ahead"):
            assert words in screen, screen
        term.press("down", "down", "down", "enter")  # cram
        term.wait_for("Deck or tag")
        term.type("Nowhere")
        term.press("enter")
        assert "No deck or tag is called 'Nowhere'." in term.wait_for("is called")
        term.press(*["backspace"] * len("Nowhere"))
        term.type("mine")
        term.press("enter")
        term.wait_for("Cram: deck Mine")
        assert "First card?" in term.wait_for("First card?")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
