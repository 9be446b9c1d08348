"""The study plan in the real `drill` at 80×24 (tests/terminal.py): set an interview date by
keyboard on the plan screen and see it on Home."""

from __future__ import annotations

import sys

import pytest

from tests.terminal import Terminal
from tests.test_terminal_screens import wait_footer, welcomed_home

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def test_set_an_interview_on_the_plan_screen_and_see_it_on_home(tmp_path):
    home = welcomed_home(tmp_path)
    with Terminal(home=home, size=(80, 24)) as term:  # today is 2026-12-01
        term.wait_for("Total")
        wait_footer(term, "i Plan", "? Help")
        term.press("i")
        term.wait_for("No interview date set")
        wait_footer(term, "n Add", "esc Back", "? Help")
        term.press("n")
        term.wait_for("Add an interview")
        term.type("2026-12-15")
        term.wait_for("2026-12-15")  # typed into the date field before tab moves on
        term.press("tab")
        term.wait_for("A name for it")  # the label field has the focus
        term.type("Acme onsite")
        term.wait_for("Acme onsite")
        term.press("enter")
        term.wait_until(lambda text: "Pacing to 2026-12-15 (Acme onsite)" in text
                        and "in 14 days" in text, what="the interview and its pace")
        term.press("escape")
        term.wait_until(lambda text: "Interview in 14 days (Acme onsite)" in text
                        and "Total" in text and "Study plan" not in text, what="Home, planned")
    assert 'label = "Acme onsite"' in (home / "plan.toml").read_text()


def test_apply_fewer_cards_and_type_a_debrief_on_the_plan_screen(tmp_path):
    home = welcomed_home(tmp_path)
    (home / "plan.toml").write_text(
        '[[interview]]\ndate = 2026-11-27\nlabel = "Gamma"\n\n'
        '[[interview]]\ndate = 2026-12-15\nlabel = "Acme"\nminutes_per_day = 5\n')
    with Terminal(home=home, size=(80, 24)) as term:  # today is 2026-12-01
        term.wait_for("Total")
        term.press("i")
        term.wait_until(lambda text: "1 Plan the first" in text and "How did Gamma go? b" in text,
                        what="the proposals and the debrief's question")  # the whole frame
        term.press("1")
        term.wait_until(lambda text: "Only the first" in text and "on track" in text,
                        what="the smaller plan, on track")
        term.press("b")
        term.wait_for("How did Gamma go?")
        term.wait_for("weak:")
        term.type("2: What is dropout?")
        term.wait_for("2: What is dropout?")
        term.press("enter")
        term.type("weak: 2")  # a second weak line counts too
        term.wait_for(r"▊ weak: 2 ", regex=True)  # the line itself (the template says "weak: 2, 4")
        term.press("ctrl+s")
        term.wait_for("Debrief saved: 1 question")
        term.press("escape")
        term.wait_until(lambda text: "Interview in 14 days (Acme)" in text and "on track" in text
                        and "Study plan" not in text, what="Home, on track")
    plan = (home / "plan.toml").read_text()
    assert "max_cards = " in plan and "weak_stages = [2]" in plan
    assert "## What is dropout?" in (home / "decks" / "debrief.md").read_text()
