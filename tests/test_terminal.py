"""Journeys through the real `drill` in a pseudo-terminal, asserted on what a person would see,
each at 80×24 and at 120×40."""

from __future__ import annotations

from pathlib import Path

import pytest

from drill.decks import find_deck_files, parse_file, split_key_points
from drill.paths import bundled_decks_dir
from tests.screen_text import words
from tests.terminal import Terminal
from tests.test_answer_visible import last_words

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def seeded(home: Path, keep: set[str] | None = None) -> None:
    """Sync the bundled decks into `home`'s database and skip the first-run screen; with `keep`,
    suspend every other card so a review shows just those."""
    from drill.context import open_context
    from drill.tui.app import WELCOMED

    ctx = open_context()
    try:
        ctx.sync()
        ctx.store.meta.set(WELCOMED, "1")
        if keep is not None:
            for card in ctx.store.cards.list():
                if card.id not in keep:
                    ctx.store.flags.set_suspended(card.id, True)
    finally:
        ctx.close()


def flat(text: str) -> str:
    return words(text)


@pytest.mark.parametrize("size", SIZES)
def test_first_run_explains_then_opens_home(isolated_home, size):
    with Terminal(home=isolated_home, size=size) as term:
        term.wait_for("Welcome to drill")
        term.press("enter")
        screen = term.wait_for("Total")
        for deck in ("ML fundamentals", "Deep learning", "Behavioural"):
            assert deck in screen
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    # The welcome is shown once.
    with Terminal(home=isolated_home, size=size) as term:
        term.wait_for("Total")
        assert "Welcome to drill" not in term.text()


@pytest.mark.parametrize("size", SIZES)
def test_a_review_of_ten_cards_with_undo_info_and_summary(isolated_home, size):
    seeded(isolated_home)
    with Terminal(home=isolated_home, size=size) as term:
        term.wait_for("Total")
        term.press("r")
        term.wait_for("0 done")
        for n in range(1, 11):
            term.press("space")
            term.wait_for("perfect")  # the grade bar: the answer is shown
            term.press("5")
            if n == 3:  # take the third grade back, then give it again
                term.wait_for("3 done")
                term.press("u")
                term.wait_for("Undid grade 5")
                term.wait_for("2 done")
                term.press("i")
                term.wait_for("Reviews: ")
                term.press("escape")
                term.wait_gone("Reviews: ")
                term.press("space")
                term.wait_for("perfect")
                term.press("5")
            if n < 10:
                term.wait_for(f"{n} done")
        # The summary's table can reach the terminal a frame after its first line: wait for it.
        screen = term.wait_for(r"5 perfect\s+10", regex=True)
        assert "10 cards reviewed" in screen
        term.press("enter")
        screen = term.wait_for("Total")
        term.press("ctrl+q")
        assert term.wait_exit() == 0


def longest_card_of_each_kind():
    longest = {}
    for path in find_deck_files(bundled_decks_dir()):
        for card in parse_file(path).cards:
            best = longest.get(card.kind)
            if best is None or len(card.answer) > len(best.answer):
                longest[card.kind] = card
    return sorted(longest.values(), key=lambda card: card.kind)


@pytest.mark.parametrize("size", SIZES)
def test_the_longest_card_of_each_kind_reads_to_its_last_line(isolated_home, size):
    cards = longest_card_of_each_kind()
    assert {card.kind for card in cards} >= {"concept", "design", "star", "coding"}
    seeded(isolated_home, keep={card.id for card in cards})
    with Terminal(["review"], home=isolated_home, size=size) as term:
        for n, _ in enumerate(cards):
            term.wait_for(f"{n} done")
            term.press("space")
            term.wait_for("perfect")

            def prompt_shown(text: str) -> bool:
                return any(words(c.prompt)[:30] in flat(text) for c in cards)

            term.wait_until(prompt_shown, what="the card's prompt")  # a loaded machine draws late
            shown = flat(term.settle())  # the answer drawn in full
            card = next(c for c in cards if words(c.prompt)[:30] in shown)
            end = last_words(split_key_points(card.answer)[0])  # key points stay in view
            assert end not in shown, f"{card.id} fits one screen: pick a longer card"
            term.press("end")
            term.wait_until(lambda text, end=end: end in flat(text), what=f"{end!r} after end")
            term.settle()  # drawn in full before the next key
            term.press("home")
            term.wait_until(lambda text, end=end: end not in flat(text), what="back at the top")
            term.press("j", "j")  # line by line
            term.wait_until(lambda text, top=shown: flat(text) != top, what="a line down")
            for _ in range(40):  # page by page, as a reader would
                term.press("pagedown")
            term.wait_until(lambda text, end=end: end in flat(text), what=f"{end!r} after pgdn")
            term.press("5")
        term.wait_for("reviewed")


@pytest.mark.parametrize("size", SIZES)
def test_a_mock_round_with_notes_through_scoring_and_summary(isolated_home, size):
    seeded(isolated_home)
    with Terminal(["mock", "--deck", "ML system design", "--questions", "1", "--minutes", "5",
                   "--seed", "3"], home=isolated_home, size=size) as term:
        term.wait_for("Question 1 of 1")
        term.press("n")
        term.wait_for("Leave notes")  # the notes box has the keys now
        term.type("start with the metric")
        term.wait_for("start with the metric")
        term.press("escape")
        term.wait_gone("Leave notes")
        term.press("enter")  # done answering: a follow-up or the model answer
        # The step's own label, not "Follow-up": the model answer has a Follow-up section too,
        # so a half-drawn scoring step once passed for the follow-up and got a second enter.
        screen = term.wait_for(r"Answer the follow-up|Rubric", regex=True)
        if "Rubric" not in screen:
            term.press("enter")
        screen = term.wait_for("Rubric")
        assert "start with the metric" in screen  # the notes, above the model answer
        assert "[ ]" not in screen or "Rubric" in screen
        term.press("end")  # the rubric, under the whole model answer
        term.wait_for("[ ]")
        term.press("tab", "space")
        term.wait_for("[x]")
        term.press("4")
        # The summary draws in parts: wait for the whole of it, not its first line.
        term.wait_until(lambda text: "mean score" in text and "4.0 / 5" in text and "1/" in text,
                        what="the summary: the score 4.0 / 5 and one rubric point ticked (1/)")


def open_first_portfolio_checklist(term: Terminal) -> None:
    """Search the roadmap for "portfolio", open the first result, hide the contents and jump
    from the page text to its first checklist: all by keyboard."""
    term.press("/")
    term.wait_for("Leave search")  # the search box has the keys
    term.type("portfolio")
    term.wait_for("Portfolio")  # results come as you type
    term.press("enter")
    term.wait_gone("Leave search")  # enter took the keys to the results
    term.press("enter")
    term.wait_for("Career roadmap · Complete Beginner")  # the first result's page
    term.press("f")  # the page at full width
    term.wait_gone("search the roadmap")
    term.press("space")  # from the page text to its first checklist


@pytest.mark.parametrize("size", SIZES)
def test_roadmap_search_tick_and_reopen(isolated_home, size):
    seeded(isolated_home)
    with Terminal(home=isolated_home, size=size) as term:
        term.wait_for("Total")
        term.press("p")
        term.wait_for("Career roadmap")
        term.press("down", "enter")  # typed as the screen appears: the first key is not lost
        term.wait_for("Career roadmap · Machine Learning Engineer")
        open_first_portfolio_checklist(term)
        screen = term.wait_for("[ ]")
        item = next(line for line in screen.splitlines() if "[ ]" in line)
        label = item.split("[ ]", 1)[1].strip(" ▎▊▏│").strip()[:20]
        term.press("space")
        term.wait_until(lambda text: f"[x] {label}" in text, what=f"{label!r} ticked")
        term.press("ctrl+q")
        assert term.wait_exit() == 0
    with Terminal(home=isolated_home, size=size) as term:
        screen = term.wait_for("Total")
        term.press("p")
        term.wait_for("Career roadmap")
        open_first_portfolio_checklist(term)
        term.wait_for(f"[x] {label}")
