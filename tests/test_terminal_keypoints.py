"""Grading by key points in the real `drill` at 80×24: tick two of three points with letter keys,
and space accepts the grade they suggest (issue 18)."""

from __future__ import annotations

from tests.terminal import Terminal
from tests.test_terminal import seeded

DECK = """# Grading drill

## What does dropout do at training time?
<!-- id: kpcard01 -->
It zeroes each activation with probability p and scales the rest by 1/(1 − p).

### Key points
- zeroes activations at random
- rescales the kept ones by 1/(1 − p)
- off at inference time
"""


def test_tick_two_key_points_and_accept_the_suggested_grade(isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "grading.md").write_text(DECK, encoding="utf-8")
    seeded(isolated_home, keep={"kpcard01"})
    with Terminal(home=isolated_home, size=(80, 24)) as term:
        term.wait_for("Total")
        term.press("r")
        term.wait_for("What does dropout do")
        assert "/ 1:00" in term.text()  # the concept timer
        term.press("space")
        screen = term.wait_for("space gives 1")
        for line in ("a [ ] zeroes activations at random", "s [ ] rescales the kept ones",
                     "d [ ] off at inference time"):
            assert line in screen, screen
        term.press("a")
        term.wait_for("a [x] zeroes activations")
        term.press("d")
        screen = term.wait_for("space gives 3")  # two of three: half or more
        assert "d [x] off at inference time" in screen and "s [ ] rescales" in screen
        assert "space = 3 (suggested" in screen  # the grade bar says the same
        term.press("space")
        term.wait_for("1 done")
        term.press("ctrl+q")
        assert term.wait_exit() == 0

    from drill.context import open_context

    ctx = open_context()
    try:
        grades = [row.grade for row in ctx.store.log.rows("kpcard01") if row.kind == "review"]
    finally:
        ctx.close()
    assert grades == [3]
