"""Hostile deck text on every path to the terminal: no control character gets through, and no
user text is parsed as markup (issue 17, points 1 and 2)."""

from __future__ import annotations

import re
import sys

import pytest
from textual.widgets import Input

from drill.cli import main
from drill.review import Filters
from drill.text import escape_control, has_control
from drill.tui.app import make_app
from drill.tui.screens.card_form import CardFormScreen
from drill.tui.screens.card_info import CardInfoScreen
from drill.tui.screens.mock_results import MockSummaryScreen
from drill.tui.screens.mock_round import MockRoundScreen
from drill.tui.screens.review import ReviewScreen

SIZE = (140, 45)
# Window title (OSC 0), clear screen, blink, an OSC 8 hyperlink, a C1 CSI, NUL, DEL, bidi override.
TITLE = "Evil \x1b]0;pwned\x07 C++ [/] notes"
PROMPT = "What does \x1b[2J clear? [b]x[/b] [@click=app.quit]q[/] Trees [/tree] \u202eevil"
ANSWER = ("Blink \x1b[5mthis\x1b[0m and \x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ "
          "and \x9b31m red, \x00 nul, \x7f del, \u2066isolate\u2069.\n\n"
          "### Follow-up\n*Why [/] \x1b[2J?*\n\nBecause [b]x[/b].")
DECK = (f"# {TITLE}\n<!-- tags: evil -->\n\n## {PROMPT}\n<!-- id: evilcard01; kind: design -->\n\n"
        f"{ANSWER}\n\n## Second [/] \x1b[31mcard\n<!-- id: evilcard02 -->\n\nPlain [red]answer[/].\n")
# Anything a terminal would act on: C0 except tab/newline, DEL, C1, bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_escape_control_covers_c0_c1_del_and_bidi_but_keeps_tab_and_newline():
    text = "a\tb\nc\x1b[2J\x07\x00\x7f\x85\x9b\u202a\u202e\u2066\u2069é中"
    shown = escape_control(text)
    assert not UNSAFE.search(shown)
    assert shown == ("a\tb\nc\\x1b[2J\\x07\\x00\\x7f\\x85\\x9b\\u202a\\u202e\\u2066\\u2069é中")
    assert has_control(text) and not has_control(shown)


# --- the command line ----------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def hostile_home(isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "evil.md").write_text(DECK, encoding="utf-8")
    return isolated_home


def assert_clean(text: str) -> None:
    assert not UNSAFE.search(text), repr(UNSAFE.findall(text))


def test_due_escapes_deck_titles(capsys, hostile_home):
    code, out = run(capsys, "due")
    assert code == 0
    assert_clean(out)
    assert "Evil \\x1b]0;pwned\\x07 C++ [/] notes" in out


def test_check_and_its_json_escape_deck_text(capsys, hostile_home):
    code, out = run(capsys, "check", str(hostile_home / "decks"))
    assert_clean(out)
    code, out = run(capsys, "check", "--json", str(hostile_home / "decks"))
    assert_clean(out)


def test_usage_errors_escape_what_they_quote(capsys, hostile_home, monkeypatch):
    # `drill review --deck` names the decks it knows; the app itself is never started here.
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    code, out = run(capsys, "review", "--deck", "nope\x1b]0;x\x07")
    assert code == 2 and "no deck called" in out
    assert_clean(out)
    assert "Evil \\x1b]0;pwned" in out


def test_add_escapes_the_deck_title_it_echoes(capsys, hostile_home):
    code, out = run(capsys, "add", "--deck", "New \x1b]0;t\x07 deck", "--prompt", "Q \x1b[2J?",
                    "--answer", "A.")
    assert code == 0, out
    assert_clean(out)
    assert "New \\x1b]0;t\\x07 deck" in out


def test_orphans_escape_prompts(capsys, hostile_home):
    run(capsys, "due")
    path = hostile_home / "decks" / "evil.md"
    path.write_text(DECK.split("\n## Second")[0] + "\n", encoding="utf-8")  # the 2nd card goes
    code, out = run(capsys, "orphans")
    assert code == 0 and "evilcard02" in out
    assert_clean(out)


def test_mock_errors_escape_the_deck_name(capsys, hostile_home, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    code, out = run(capsys, "mock", "--format", "nope\x1b[2J")
    assert code == 2
    assert_clean(out)


# --- the screens -----------------------------------------------------------------------------------


def painted(app) -> str:
    """Everything on the terminal right now, as the compositor paints it (toasts included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def app_for(ctx, **kwargs):
    return make_app(ctx, sync_report=ctx.sync(), **kwargs)


async def test_review_home_browse_and_card_info_show_hostile_text_escaped(make_ctx):
    ctx = make_ctx(user_deck=DECK)
    app = app_for(ctx, start_review=Filters(deck=TITLE))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # no MarkupError from the title
        screen = painted(app)
        assert_clean(screen)
        assert "Evil \\x1b]0;pwned\\x07 C++ [/] notes" in screen  # card meta and title bar
        assert "\\x1b[2J clear? [b]x[/b] [@click=app.quit]q[/] Trees [/tree] \\u202eevil" in screen
        await pilot.press("space")
        await pilot.pause()
        screen = painted(app)
        assert_clean(screen)
        assert "\\x1b]8;;file:///etc/passwd" in screen and "\\x9b31m" in screen
        await pilot.press("5")  # the next card's meta and prompt
        await pilot.pause()
        assert_clean(painted(app))
        await pilot.press("escape")
        await pilot.pause()
        app.open_browser()
        await pilot.pause()
        app.screen.query_one("#query", Input).value = "clear"
        await pilot.pause()
        screen = painted(app)
        assert_clean(screen)
        assert "What does \\x1b[2J clear?" in screen
        app.push_screen(CardInfoScreen("evilcard01"))
        await pilot.pause()
        screen = painted(app)
        assert_clean(screen)
        assert "Trees [/tree]" in screen


async def test_home_notifications_palette_and_edit_escape_deck_titles(make_ctx):
    ctx = make_ctx(user_deck=DECK)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_clean(painted(app))
        assert "Evil \\x1b]0;pwned" in painted(app)
        app.notify(f"Nothing due in {TITLE} [b]", title=TITLE)
        await pilot.pause()
        screen = painted(app)
        assert_clean(screen)
        assert "pwned" in screen
        last = list(app._notifications)[-1]
        assert last.message == "Nothing due in Evil \\x1b]0;pwned\\x07 C++ [/] notes [b]"
        assert not last.markup
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any("Evil" in t for t in titles)
        await pilot.press("ctrl+p")  # the command palette lists the deck without choking
        await pilot.press(*"evil")
        await pilot.pause()
        assert_clean(painted(app))
        await pilot.press("escape")
        await pilot.pause()
        # The edit form's text fields would paint control characters raw: the editor is offered.
        app.edit_card("evilcard01")
        await pilot.pause()
        assert not isinstance(app.screen, CardFormScreen)
        assert any("edit it in your editor" in n.message for n in app._notifications)
        assert_clean(painted(app))
        clean = next(card.id for card in ctx.store.cards.list() if card.origin == "bundled")
        app.edit_card(clean)
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        assert_clean(painted(app))


async def test_mock_round_and_summary_escape_hostile_text(make_ctx):
    ctx = make_ctx(user_deck=DECK)
    app = app_for(ctx, start_mock={"questions": 1, "minutes": 3, "seed": 1,
                                   "filters": Filters(deck=TITLE)})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MockRoundScreen)
        assert_clean(painted(app))
        for _ in range(3):  # done -> follow-up (if any) -> the answer and its rubric
            await pilot.press("enter")
            await pilot.pause()
            assert_clean(painted(app))
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        if not isinstance(app.screen, MockSummaryScreen):
            app.switch_screen(MockSummaryScreen(app.screen.round))
            await pilot.pause()
        assert_clean(painted(app))
