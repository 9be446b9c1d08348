"""The story bank in the real `drill` at 80×24 (tests/terminal.py): write two stories by keyboard,
see the coverage, and name one as the story told in a mock behavioural question."""

from __future__ import annotations

import sys

import pytest

from drill.stories import parse_story_file
from tests.terminal import Terminal
from tests.test_terminal_screens import wait_footer, welcomed_home

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


GUIDES = ("Situation: the scene", "Task: what you were", "Actions: what you yourself",
          "Result: the outcome", "What I learned: the lesson", "Competencies: what the story")


def write_story(term: Terminal, parts: list[str], competencies: str) -> None:
    """In the story form: each part typed (and seen), then tab, and the next field's guide
    seen before typing on; then ctrl+s."""
    term.press("a")
    term.wait_for("Title: a few words")
    for text, guide in zip(parts, GUIDES, strict=True):
        term.type(text)
        term.wait_for(text[-20:])
        term.press("tab")
        term.wait_for(guide)
    term.type(competencies)
    term.wait_for(competencies)
    term.press("ctrl+s")
    term.wait_for("Story saved")


def test_write_two_stories_see_coverage_and_tell_one_in_a_mock_round(tmp_path):
    home = welcomed_home(tmp_path)
    with Terminal(home=home, size=(80, 24)) as term:
        term.wait_for("Total")
        term.press("y")
        term.wait_for("0 stories cover 0 of 21 competencies")
        wait_footer(term, "a Write", "esc Back")
        write_story(term, ["Rescued the launch", "Ranking lost 4% offline.", "I owned it.",
                           "I bisected the pipeline.", "NDCG up 2.1%.", "Check timestamps."],
                    "failure, ownership")
        term.wait_for("1 story covers 2 of 21 competencies")
        write_story(term, ["Mentored a new hire", "A hire joined.", "Onboard them.",
                           "We paired and we reviewed code.", "They were happy.", "Be patient."],
                    "mentoring")
        screen = term.wait_for("2 stories cover 3 of 21 competencies")
        assert "1 Mentored a new hire · 2 hints" in screen and "2 Rescued the launch" in screen
        assert "Roadmap themes with no story" in screen
        assert "← no story" in screen  # the matrix: gaps stand out
        term.press("escape")
        term.wait_for("Total")
    stories = [s for path in sorted((home / "stories").glob("*.md"))
               for s in parse_story_file(path).stories]
    assert sorted(s.title for s in stories) == ["Mentored a new hire", "Rescued the launch"]
    assert all(s.id for s in stories)

    with Terminal(["mock", "--tag", "ownership", "--questions", "1", "--seed", "3"],
                  home=home, size=(80, 24)) as term:
        wait_footer(term, "t Story told")
        term.press("t")
        term.wait_for("Which story did you tell?")
        term.press("enter")
        term.wait_for("Story told: Rescued the launch")
        term.press("enter")  # done answering: the follow-up
        term.wait_for("Answer the follow-up")
        term.press("enter")  # then the model answer and rubric
        term.wait_for("Compare with the model answer")
        term.press("end")
        screen = term.wait_for("✓ A measured result")
        assert "Story told: Rescued the launch" in screen and "✓ A lesson" in screen


def test_a_story_with_only_a_title_is_refused_until_a_part_is_written(tmp_path):
    """At 80×24: ctrl+s on a story with only its title says what is missing and saves nothing
    (such a file is refused when read, and the story was missing from the bank); with one part
    written it saves and the bank lists it."""
    home = welcomed_home(tmp_path)
    with Terminal(home=home, size=(80, 24)) as term:
        term.wait_for("Total")
        term.press("y")
        term.wait_for("0 stories cover 0 of 21 competencies")
        term.press("a")
        term.wait_for("Title: a few words")
        term.type("Fixed the flaky job")
        term.wait_for("Fixed the flaky job")
        term.press("ctrl+s")
        term.wait_for("write at least one part")
        assert not (home / "stories").exists()
        term.press("tab")
        term.wait_for(GUIDES[0])
        term.type("The nightly job failed.")
        term.wait_for("The nightly job failed.")
        term.press("ctrl+s")
        term.wait_for("Story saved")
        screen = term.wait_for("1 story covers 0 of 21 competencies")
        assert "1 Fixed the flaky job" in screen
    [path] = (home / "stories").glob("*.md")
    assert [s.situation for s in parse_story_file(path).stories] == ["The nightly job failed."]
