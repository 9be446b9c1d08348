"""The app, driven headless with Pilot; assertions on the store, the screen and widget text."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable, Input, Static

from drill.decks import derive_id
from drill.review import Filters
from drill.settings import Settings, load_settings
from drill.tui.app import WELCOMED, make_app
from drill.tui.screens.help import HelpScreen
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.review import ReviewScreen
from drill.tui.screens.summary import SummaryScreen
from drill.tui.widgets import CardView, GradeBar

SIZE = (120, 40)


def app_for(ctx, **kwargs):
    report = ctx.sync()
    return make_app(ctx, sync_report=report, **kwargs)


def plain(widget: Static) -> str:
    """A Static's text without its markup."""
    from textual.content import Content

    return Content.from_markup(str(widget.content)).plain


async def open_browser(pilot):
    """`b` from Home: the card browser and its table, once shown."""
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    return screen, screen.query_one("#card-table", DataTable)


def review_screen(app) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen), app.screen
    return app.screen


async def test_first_run_explains_drill_once(make_ctx):
    ctx = make_ctx(welcomed=False)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        text = " ".join(str(s.source) for s in app.screen.query("Markdown"))
        assert "Welcome to drill" in text and str(ctx.locations.decks_dir) in text
        from drill.paths import bundled_decks_dir
        from drill.tui.screens.welcome import NUMBERS

        shipped = len([p for p in bundled_decks_dir().glob("*.md") if p.name != "README.md"])
        assert f"{NUMBERS[shipped]} ship with drill" in text  # the count, not a stale word
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert ctx.store.meta.get(WELCOMED) == "1"


async def test_home_shows_counts_per_deck_and_total(make_ctx):
    app = app_for(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1] for row in rows[:-1]] == sorted(app.ctx.store.cards.decks())
        assert rows[-1][1:5] == ["Total", "0", "10", "0"]
        assert "10 new" in plain(app.screen.query_one("#today", Static))


async def test_keys_typed_ahead_on_home_keep_their_order(make_ctx):
    """"down down enter" in one burst reviews the deck two rows down: enter once overtook the
    downs (a priority key), opened the first deck, and the downs scrolled its card."""
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        decks = sorted(ctx.store.cards.decks())
        for key in ("down", "down", "enter"):
            app.simulate_key(key)  # nothing runs in between, as keys typed ahead
        await pilot.pause()
        screen = review_screen(app)
        assert screen.sub_title == decks[2]
        assert screen.query_one(CardView).scroll_y == 0


async def test_a_review_grades_into_the_store_and_shows_the_next_card(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review_screen(app)
        first = screen.session.current
        assert screen.front.card.id == first and not screen.front.revealed
        assert screen.back.card is not None and screen.back.card.id == screen.session.upcoming
        await pilot.press("space")
        assert screen.front.revealed
        bar = plain(screen.query_one("#grades", GradeBar))
        assert "5 perfect 1d" in bar and "1 recalled 1d↻" in bar
        await pilot.press("5")
        await pilot.pause()
        [row] = ctx.store.log.rows(first)
        assert (row.kind, row.grade) == ("review", 5)
        assert screen.front.card.id == screen.session.current != first
        assert not screen.front.revealed
        await pilot.press("space")  # reveal; tick every key point, then space accepts 5
        points = len(screen.front.key_points.points)
        await pilot.press(*"asdfg"[:points], "space")
        await pilot.pause()
        assert [r.grade for r in ctx.store.log.rows() if r.kind == "review"] == [5, 5]


async def test_undo_goes_back_several_steps(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review_screen(app)
        order = list(screen.session.pending[:3])
        await pilot.press("space", "5", "space", "1", "b")
        await pilot.pause()
        assert ctx.store.flags.of(order[2])[1] is not None
        await pilot.press("u", "u", "u")
        await pilot.pause()
        assert screen.session.current == order[0] and screen.front.card.id == order[0]
        assert all(ctx.store.log.progress(card).is_new for card in order)
        assert ctx.store.flags.of(order[2]) == (False, None)
        assert [r.kind for r in ctx.store.log.rows()].count("undo") == 2
        assert plain(screen.query_one("#progress", Static)).startswith("0 done · 10 new")


async def test_suspend_and_card_info(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review_screen(app)
        first = screen.session.current
        await pilot.press("space", "3")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        suspended = screen.session.steps[-1].card_id
        assert ctx.store.flags.of(suspended)[0] is True
        await pilot.press("u")  # back to the suspended card
        await pilot.pause()
        screen.session.pending.remove(first)  # show the graded card's info next
        screen.session.pending.insert(0, first)
        await pilot.press("i")
        await pilot.pause()
        text = plain(app.screen.query_one("#info-text", Static))
        assert "Reviews: 1 · lapses: 0" in text and "Due: tomorrow" in text
        history = app.screen.query_one("#history", DataTable)
        assert [str(c) for c in history.get_row_at(0)][1:3] == ["review", "3"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_session_summary_and_back_home(make_ctx):
    ctx = make_ctx(settings=Settings(new_per_day=2))
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "5", "space", "2", "space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = plain(app.screen.query_one("#summary-text", Static))
        assert "2 cards reviewed (3 answers: 1 same-day repeat)" in text
        assert "Due tomorrow: 2" in text
        # the missed card came back and passed: nothing is left for later today
        assert "1 missed (graded below 3): from tomorrow on a 1-day interval." in text
        assert "back later today" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        empty = app.screen.query_one("#empty-state", Static)
        assert empty.display and "Nothing due" in plain(empty)
        assert "next card in 16 h" in plain(empty)  # 12:00 UTC -> 04:00 tomorrow


async def test_review_of_one_deck_from_the_command_line(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx, start_review=Filters(deck="ML fundamentals"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        assert screen.sub_title == "ML fundamentals"
        assert {ctx.store.cards.get(c).deck for c in screen.session.pending} == {"ML fundamentals"}


async def test_turning_a_deck_off(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first_deck = sorted(ctx.store.cards.decks())[0]
        await pilot.press("space")
        await pilot.pause()
        assert ctx.store.prefs.disabled_decks() == {first_deck}
        table = app.screen.query_one("#decks", DataTable)
        assert str(table.get_row_at(0)[0]) == "○"
        await pilot.press("r")
        await pilot.pause()
        assert first_deck not in {ctx.store.cards.get(c).deck for c in review_screen(app).session.pending}


async def test_settings_are_validated_saved_and_applied(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#new_per_day", Input)
        field.value = "-4"
        await pilot.pause()
        assert "Enter a whole number from 0 to 9999" in plain(
            app.screen.query_one("#new_per_day-error", Static))
        assert not ctx.locations.config_file.exists()
        field.value = "3"
        await pilot.pause()
        assert tomllib.loads(ctx.locations.config_file.read_text())["new_per_day"] == 3
        assert ctx.settings.new_per_day == 3
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        assert [str(c) for c in table.get_row_at(table.row_count - 1)][3] == "3"


async def test_theme_choice_persists(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert load_settings(ctx.locations.config_file)[0].theme == "nord"
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_anki_buttons(make_ctx):
    ctx = make_ctx(settings=Settings(grade_buttons="anki"))
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review_screen(app)
        await pilot.press("space")
        assert "1 Again" in plain(screen.query_one("#grades", GradeBar))
        await pilot.press("0")  # not a key in this mode
        await pilot.press("3")  # Good = 4
        await pilot.pause()
        await pilot.press("space", "1")  # Again = 1
        await pilot.pause()
        assert [r.grade for r in ctx.store.log.rows()] == [4, 1]


async def test_help_lists_grades_keys_and_places(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Markdown").source)
        for expected in ("correct after a moment's thought", "bury: hide the card until tomorrow",
                         "turn the selected deck on or off", str(ctx.locations.decks_dir),
                         "command palette"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_offers_every_section_and_deck(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for deck in ctx.store.cards.decks():
            assert f"Review deck: {deck}" in titles
        for title in ("Home", "Review all", "Review ahead", "Settings", "Help", "Theme", "Quit"):
            assert title in titles
        [command] = [c for c in app.get_system_commands(app.screen)
                     if c.title == "Review deck: Deep learning"]
        command.callback()
        await pilot.pause()
        assert review_screen(app).sub_title == "Deep learning"


async def test_deck_problems_are_reported_at_start(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n## Unanswered?\n")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("mine.md:2: card 'Unanswered?' has a question but no answer" in m
                   for m in messages), messages


async def test_edit_in_editor_rereads_the_file_and_keeps_history(make_ctx, tmp_path,
                                                                 monkeypatch):
    ctx = make_ctx(user_deck="# Mine\n## Capital of France?\nParis.\n",
                   settings=Settings(new_per_day=1))
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[-1])\n"
                      "p.write_text(p.read_text().replace('Paris.', 'Paris, on the Seine.'))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    ran = []

    def run_editor(argv):
        import subprocess

        ran.append(argv)
        subprocess.run(argv, check=True)

    monkeypatch.setattr(app, "run_editor", run_editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        card_id = screen.session.current
        await pilot.press("space", "2")  # a failed grade: the card comes back today
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert ran and ran[0][-2] == "+2"
        assert ctx.store.cards.get(card_id).answer == "Paris, on the Seine."
        assert screen.front.card.answer == "Paris, on the Seine."
        assert ctx.store.log.progress(card_id).reviews == 1


async def test_editing_a_bundled_card_copies_it_to_the_users_deck(make_ctx, tmp_path,
                                                                  monkeypatch):
    ctx = make_ctx()
    monkeypatch.setenv("EDITOR", "true")
    app = app_for(ctx, start_review=Filters(deck="Deep learning"))

    def run_editor(argv):  # the user adds a line to the copied card's answer (key points last)
        path = Path(argv[-1])
        text = path.read_text()
        head, points = text.rsplit("### Key points", 1)
        path.write_text(f"{head.rstrip()}\n\nMy own note.\n\n### Key points{points}")

    monkeypatch.setattr(app, "run_editor", run_editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        card_id = review_screen(app).session.current
        bundled_text = ctx.store.cards.get(card_id).answer
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        copy = ctx.locations.decks_dir / "deep-learning.md"
        assert f"<!-- id: {card_id}" in copy.read_text()
        card = ctx.store.cards.get(card_id)
        assert card.origin == "user"
        kept, _ = bundled_text.rsplit("### Key points", 1)
        assert card.answer.startswith(kept.rstrip()) and "My own note." in card.answer
        assert any("your version is in" in n.message for n in app._notifications)


@pytest.mark.parametrize("existing", [None, "# Deep learning\n\n## Mine?\n<!-- id: mine0001 -->\nYes.\n"])
async def test_a_bundled_card_left_unchanged_in_the_editor_writes_nothing(make_ctx, monkeypatch,
                                                                          existing):
    ctx = make_ctx()
    copy = ctx.locations.decks_dir / "deep-learning.md"
    if existing is not None:
        copy.write_text(existing)
    monkeypatch.setenv("EDITOR", "true")
    app = app_for(ctx, start_review=Filters(deck="Deep learning"))
    seen = []
    monkeypatch.setattr(app, "run_editor", lambda argv: seen.append(Path(argv[-1]).read_text()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        card_id = next(c for c in screen.session.pending if ctx.store.cards.get(c).origin == "bundled")
        app.edit_in_editor(card_id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"<!-- id: {card_id}" in seen[0]  # the editor saw the copy...
        if existing is None:  # ...which is gone again: the user's files are as they were
            assert not copy.exists()
        else:
            assert copy.read_text() == existing
        assert ctx.store.cards.get(card_id).origin == "bundled"
        assert any("nothing was copied" in n.message for n in app._notifications)


async def test_keys_read_while_the_editor_ran_never_reach_drill(make_ctx, monkeypatch):
    """A key typed just after `e` is read before the terminal goes to the editor; it was meant
    for the editor, and must not bury the card when drill comes back."""
    ctx = make_ctx(user_deck="# Mine\n## One?\nYes.\n## Two?\nNo.\n")
    monkeypatch.setenv("EDITOR", "true")
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    monkeypatch.setattr(app, "run_editor", lambda argv: None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        card_id = screen.session.current
        app.post_message(events.Key("e", "e"))
        app.post_message(events.Key("b", "b"))  # typed before the editor took the terminal
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert ctx.store.flags.of(card_id) == (False, None)
        assert screen.session.current == card_id
        await pilot.press("b")  # typed after drill came back: it counts
        await pilot.pause()
        assert ctx.store.flags.of(card_id)[1] is not None


async def test_suspended_cards_can_be_put_back_from_home(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.check_action("unsuspend", ())  # nothing suspended: key hidden
        await pilot.press("r")
        await pilot.pause()
        card = review_screen(app).session.current
        await pilot.press("x", "escape")  # the session's summary (1 suspended), then home
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert ctx.store.flags.of(card)[0] is True
        assert "1 suspended (u)" in plain(app.screen.query_one("#today", Static))
        await pilot.press("u")
        await pilot.pause()
        assert type(app.screen).__name__ == "SuspendedScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert ctx.store.flags.of(card)[0] is False
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_review_by_tag(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "TagPicker"
        tags = ctx.store.cards.tags()
        await pilot.press("enter")  # the first tag
        await pilot.pause()
        screen = review_screen(app)
        assert screen.sub_title == f"tag: {tags[0]}"
        assert all(tags[0] in ctx.store.cards.get(c).tags for c in screen.session.pending)


async def test_command_palette_offers_the_screens_actions(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review_screen(app)
        commands = list(app.get_system_commands(screen))
        titles = [c.title for c in commands]
        # In the words help uses, with the key in the description, each once.
        for title in ("Show the answer", "Bury: hide the card until tomorrow",
                      "Suspend: take the card out", "Edit the card in your $EDITOR",
                      "The card's details", "End the session"):
            assert any(t.startswith(title) for t in titles), title
        assert titles.count("Add card") == 1 and "Help" in titles
        assert not any(t.startswith("Undo") for t in titles)  # nothing to undo yet
        card = screen.session.current
        [bury] = [c for c in commands if c.title.startswith("Bury")]
        assert bury.help == "key b on this screen"
        await bury.callback()
        await pilot.pause()
        assert ctx.store.flags.of(card)[1] is not None
        assert any(c.title.startswith("Undo") for c in app.get_system_commands(screen))


def _touch_later(path):
    import os

    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


async def test_deck_files_edited_outside_drill_appear_while_it_runs(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n## First?\n<!-- id: first001 -->\nOne.\n")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path = ctx.locations.decks_dir / "mine.md"
        path.write_text(path.read_text() + "\n## Second?\nTwo.\n")
        _touch_later(path)
        app.watch_decks()  # what the 2-second timer and regaining focus do
        await pilot.pause()
        assert len([c for c in ctx.store.cards.list() if c.deck == "Mine"]) == 2
        assert "<!-- id: " in path.read_text().split("## Second?")[1]  # stamped
        table = app.screen.query_one("#decks", DataTable)
        mine = [table.get_row_at(i) for i in range(table.row_count)
                if str(table.get_row_at(i)[1]) == "Mine"]
        assert [str(c) for c in mine[0]][5] == "2"
        # Now the file breaks: reported once, and its cards stay as they were.
        path.write_text(path.read_text() + "\n## Third?\n```\nnever closed\n")
        _touch_later(path)
        app.watch_decks()
        app.watch_decks()
        await pilot.pause()
        reports = [n for n in app._notifications if "never closed" in n.message]
        assert len(reports) == 1
        assert len([c for c in ctx.store.cards.list() if c.deck == "Mine" and not c.is_orphan]) == 2


async def test_the_card_under_review_shows_its_new_text(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n## Capital?\n<!-- id: capital1 -->\nParis.\n",
                   settings=Settings(new_per_day=1))
    app = app_for(ctx, start_review=Filters(deck="Mine"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        await pilot.press("space")
        path = ctx.locations.decks_dir / "mine.md"
        path.write_text(path.read_text().replace("Paris.", "Paris, France."))
        _touch_later(path)
        app.watch_decks()
        await pilot.pause()
        assert screen.front.card.answer == "Paris, France." and screen.front.revealed


async def test_add_a_card_in_the_form_and_review_it_at_once(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n\n## Old?\n<!-- id: oldcard1 -->\nOld.\n")
    original = (ctx.locations.decks_dir / "mine.md").read_bytes()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        form.query_one("#deck").value = "Mine"
        await pilot.press("ctrl+s")  # empty: refused at the fields
        await pilot.pause()
        assert plain(form.query_one("#prompt-error", Static)) == "the question is empty"
        assert plain(form.query_one("#answer-error", Static)) == "the answer is empty"
        form.query_one("#prompt-input").value = "old?"
        form.query_one("#answer-input").text = "Something."
        form.query_one("#tags").value = "Bad Tag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert plain(form.query_one("#prompt-error", Static)) == "Mine already has this question"
        assert "'Bad Tag'" in plain(form.query_one("#tags-error", Static))
        form.query_one("#prompt-input").value = "New?"
        form.query_one("#tags").value = "fresh"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        data = (ctx.locations.decks_dir / "mine.md").read_bytes()
        assert data.startswith(original)
        assert data[len(original):].decode() == (
            f"\n## New?\n<!-- id: {derive_id('Mine', 'New?')}; tags: fresh -->\n\nSomething.\n")
        card = ctx.store.cards.get(derive_id("Mine", "New?"))
        assert card is not None and card.tags == ("fresh",)
        app.start_session(Filters(deck="Mine"))  # reviewable at once
        await pilot.pause()
        assert derive_id("Mine", "New?") in review_screen(app).session.pending


async def test_text_typed_ahead_of_ctrl_s_is_saved_with_the_card(make_ctx):
    """Keys typed just before ctrl+s are in the card it saves: ctrl+s was a priority key that
    overtook them, saved a cut answer, and the rest of the keys reached Home as commands."""
    ctx = make_ctx(user_deck="# Mine\n\n## Old?\n<!-- id: oldcard1 -->\nOld.\n")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        form = app.screen
        form.query_one("#deck").value = "Mine"
        form.query_one("#prompt-input").value = "New?"
        form.query_one("#answer-input").focus()
        await pilot.pause()
        for key in (*"Dropout off", "ctrl+s"):  # one burst: nothing runs in between
            app.simulate_key(key)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = (ctx.locations.decks_dir / "mine.md").read_text()
        assert text.endswith("\n\nDropout off\n"), text


async def test_edit_a_bundled_card_in_the_form_keeps_history(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx, start_review=Filters(deck="ML fundamentals"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        card_id = screen.session.current
        await pilot.press("space", "2")  # some history, and the card comes back today
        await pilot.pause()
        while screen.session.current != card_id:
            screen.session.pending.insert(0, screen.session.pending.pop())
        await screen._show_current(prepared=False)
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#prompt-input").value == ctx.store.cards.get(card_id).prompt
        form.query_one("#answer-input").text = "My own, shorter answer."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        card = ctx.store.cards.get(card_id)
        assert card.origin == "user" and card.answer == "My own, shorter answer."
        assert ctx.store.log.progress(card_id).reviews == 1
        assert screen.front.card.answer == "My own, shorter answer."
        assert any("bundled decks are never written" in n.message for n in app._notifications)


async def test_the_card_browser(make_ctx):
    from drill.tui.screens.browse import CHUNK

    ctx = make_ctx(user_deck="# Mine\n\n## Gone soon?\n<!-- id: gone0001 -->\nYes.\n\n"
                             "## Staying?\n<!-- id: stay0001 -->\nYes.\n")
    from drill.review import Reviewer

    Reviewer(ctx.store, ctx.clock, ctx.calendar).grade("stay0001", 5)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_browser(pilot)
        assert table.row_count == min(CHUNK, len(ctx.store.browser.rows()))
        screen.query_one("#query").value = "deck:mine"
        await pilot.pause()
        assert table.row_count == 2
        screen.query_one("#query").value = "is:bogus"
        await pilot.pause()
        assert "is:bogus is not a filter" in plain(screen.query_one("#browse-status", Static))
        screen.query_one("#query").value = "deck:mine"
        await pilot.pause()
        await pilot.press("o", "o", "o", "o", "o", "o")  # sort by EF (learned card first)
        await pilot.pause()
        assert screen.sort_key == "ef100"
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == "stay0001"
        table.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("x")  # suspend
        await pilot.pause()
        assert ctx.store.flags.of("stay0001")[0] is True
        await pilot.press("x")
        await pilot.pause()
        assert ctx.store.flags.of("stay0001")[0] is False
        await pilot.press("R", "y")  # reset schedule, confirmed
        await pilot.pause()
        assert ctx.store.log.progress("stay0001").is_new
        await pilot.press("u")
        await pilot.pause()
        assert ctx.store.log.progress("stay0001").reviews == 1
        await pilot.press("enter")  # the card's history
        await pilot.pause()
        assert type(app.screen).__name__ == "CardInfoScreen"
        await pilot.press("escape")
        await pilot.pause()
        table.move_cursor(row=[table.coordinate_to_cell_key((i, 0)).row_key.value
                               for i in range(table.row_count)].index("gone0001"))
        await pilot.press("d", "n")  # declined: nothing happens
        await pilot.pause()
        assert "gone0001" in (ctx.locations.decks_dir / "mine.md").read_text()
        await pilot.press("d", "y")
        await pilot.pause()
        assert "gone0001" not in (ctx.locations.decks_dir / "mine.md").read_text()
        assert [c.id for c, _ in ctx.store.cards.orphans()] == ["gone0001"]
        screen.query_one("#query").value = "is:orphan"
        await pilot.pause()
        assert table.row_count == 1 and not screen.check_action("delete", ())


async def test_the_browser_lists_a_chunk_at_a_time_and_more_as_the_cursor_or_view_goes(
        make_ctx, monkeypatch):
    """With many cards the table gets CHUNK rows at a time (a DataTable measures every row it
    holds: 10,000 cards took seconds to show), filled once as the browser opens; more come as
    the cursor or the view nears the last, and a reload keeps the card under the cursor."""
    from drill.tui.screens.browse import CHUNK, NEAR_END

    cards = "".join(f"## Question {n:03d}?\n<!-- id: big{n:05d} -->\nAnswer {n}.\n\n"
                    for n in range(2 * CHUNK + 50))
    ctx = make_ctx(user_deck="# Big\n\n" + cards)
    added = []
    add_row = DataTable.add_row

    def counted(self, *cells, **kwargs):
        added.append(kwargs.get("key"))
        return add_row(self, *cells, **kwargs)

    monkeypatch.setattr(DataTable, "add_row", counted)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        added.clear()  # (Home's deck table)
        screen, table = await open_browser(pilot)
        total = len(ctx.store.browser.rows())
        assert total > CHUNK and table.row_count == CHUNK and len(added) == CHUNK  # filled once
        status = plain(screen.query_one("#browse-status", Static))
        assert f"{total} of {total} cards (the first {CHUNK} listed; more as you scroll)" in status
        screen.query_one("#query").value = "deck:big"
        await pilot.pause()
        assert table.row_count == CHUNK
        table.scroll_end(animate=False)  # the view near the end: the next rows come
        await pilot.pause()
        assert table.row_count == 2 * CHUNK and table.cursor_row == 0
        table.move_cursor(row=2 * CHUNK - NEAR_END - 1)  # not yet near the end
        await pilot.pause()
        assert table.row_count == 2 * CHUNK
        await pilot.press("down")  # NEAR_END rows from the last: the rest come
        await pilot.pause()
        assert table.row_count == 2 * CHUNK + 50
        status = plain(screen.query_one("#browse-status", Static))
        assert f"{2 * CHUNK + 50} of {total} cards · sorted" in status
        table.move_cursor(row=CHUNK + 20)
        await pilot.pause()
        assert screen.selected_id() == f"big{CHUNK + 20:05d}"
        await pilot.press("x")  # suspended: the rows load again, the cursor stays on the card
        await pilot.pause()
        assert ctx.store.flags.of(f"big{CHUNK + 20:05d}")[0] is True
        assert screen.selected_id() == f"big{CHUNK + 20:05d}" and table.row_count >= CHUNK + 21


async def test_on_a_screen_taller_than_a_chunk_the_cursor_brings_the_next_rows(make_ctx):
    """Every row given shows at once (the view never scrolls): the cursor nearing the last row
    brings the next ones."""
    from drill.tui.screens.browse import CHUNK, NEAR_END

    cards = "".join(f"## Question {n:03d}?\n<!-- id: big{n:05d} -->\nAnswer {n}.\n\n"
                    for n in range(CHUNK + 10))
    app = app_for(make_ctx(user_deck="# Big\n\n" + cards))
    async with app.run_test(size=(120, CHUNK + 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#query").value = "deck:big"
        await pilot.pause()
        table = screen.query_one("#card-table", DataTable)
        assert table.row_count == CHUNK and table.max_scroll_y == 0
        table.move_cursor(row=CHUNK - NEAR_END)
        await pilot.pause()
        assert table.row_count == CHUNK + 10


async def test_a_search_of_many_cards_waits_for_the_typing_to_pause(make_ctx, monkeypatch):
    """Past SEARCH_ROWS cards, keys typed in the search wait for a pause (or enter) before the
    table is searched again; the keys themselves show at once."""
    from drill.tui.screens import browse

    monkeypatch.setattr(browse, "SEARCH_ROWS", 10)
    monkeypatch.setattr(browse, "SEARCH_DELAY", 60)  # (no pause this long comes in the test)
    app = app_for(make_ctx())
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_browser(pilot)
        before = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(3)]
        await pilot.press("slash", *"zzqx")
        await pilot.pause()
        assert screen.query_one("#query", Input).value == "zzqx"
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(3)] == before
        pending = screen.pending
        assert pending is not None and pending._callback.args == (screen.search_now,)
        assert pending._interval == 60
        await pilot.press("enter")  # now, without waiting
        await pilot.pause()
        assert screen.pending is None and table.row_count == 0
        assert plain(screen.query_one("#browse-status", Static)).startswith("0 of ")


async def test_past_background_rows_the_first_rows_show_at_once_and_the_rest_are_read_aside(
        make_ctx, monkeypatch):
    """Past BACKGROUND_ROWS cards the browser lists the first CHUNK in file order at once and
    reads every row in a thread; a search or a sort asked for meanwhile waits for them, and
    then shows. A read that fails says so and keeps what is listed."""
    import contextlib
    import threading

    from textual.worker import WorkerFailed

    from drill.tui.screens import browse

    # "Abig" comes first in file order, and every bundled deck's title is longer.
    cards = "".join(f"## Question {n:03d}?\n<!-- id: big{n:05d} -->\nAnswer {n}.\n\n"
                    for n in range(browse.CHUNK + 50))
    ctx = make_ctx(user_deck="# Abig\n\n" + cards)
    ctx.sync()
    total = ctx.store.browser.count()
    assert total == len(ctx.store.browser.rows()) > 2 * browse.CHUNK
    monkeypatch.setattr(browse, "BACKGROUND_ROWS", 100)
    monkeypatch.setattr(browse, "SEARCH_ROWS", browse.CHUNK + 1)  # fewer listed, more in all
    monkeypatch.setattr(browse, "SEARCH_DELAY", 60)  # (no pause this long comes in the test)
    release, read = threading.Event(), browse._read_rows
    failing: list[bool] = []

    def held(store):
        assert release.wait(30)
        if failing:
            raise RuntimeError("disk on fire")
        return read(store)

    monkeypatch.setattr(browse, "_read_rows", held)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_browser(pilot)
        status = screen.query_one("#browse-status", Static)
        first = ctx.store.browser.rows()[:browse.CHUNK]
        assert not screen.complete and len(screen.rows) == table.row_count == browse.CHUNK
        assert [table.coordinate_to_cell_key((i, 0)).row_key.value for i in (0, 199)] == \
            [first[0]["id"], first[199]["id"]]
        assert f"the first {browse.CHUNK} of {total} cards (reading the rest…)" in plain(status)
        deck_width = table.columns["deck"].width
        assert deck_width == 8  # (the narrowest: "Abig" is the only title listed)
        await pilot.press("slash", *"deck:abig")
        await pilot.pause()
        assert screen.query_one("#query", Input).value == "deck:abig"
        assert screen.pending is not None  # more than SEARCH_ROWS cards: typing pauses first
        await pilot.press("enter")
        await pilot.pause()
        assert table.row_count == browse.CHUNK  # the search waits for every row
        assert f"Reading all {total} cards for the search and the sort" in plain(status)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.complete and len(screen.rows) == total
        assert f"{browse.CHUNK + 50} of {total} cards (the first {browse.CHUNK} listed" \
            in plain(status)
        assert all(screen.by_id[table.coordinate_to_cell_key((i, 0)).row_key.value]["deck"]
                   == "Abig" for i in range(table.row_count))
        assert table.columns["deck"].width > deck_width  # laid out again for every title
        # Back from a card's history: the rows are read again, and every one stays listed
        # meanwhile (the search too).
        release.clear()
        await pilot.press("enter")  # a card's history
        await pilot.pause()
        assert app.screen is not screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.reading is not None
        assert screen.complete and len(screen.rows) == total
        assert table.row_count == browse.CHUNK and "Reading" not in plain(status)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.reading is None and screen.complete
        # Back, and open again: a read that fails says so; the first rows stay listed.
        release.clear()
        failing.append(True)
        await pilot.press("escape", "escape")
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert not screen.complete
        await pilot.click("#card-table", offset=(2, 0))  # the Deck header: the other way
        await pilot.pause()
        assert screen.reverse and "Reading all" in plain(screen.query_one("#browse-status", Static))
        release.set()
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        shown = plain(screen.query_one("#browse-status", Static))
        assert "could not read the cards: disk on fire" in shown
        assert screen.query_one("#card-table", DataTable).row_count == browse.CHUNK


async def test_up_to_background_rows_and_in_memory_every_row_is_read_at_once(
        make_ctx, monkeypatch):
    """BACKGROUND_ROWS cards are read at once, one more in a thread; a store in memory (no
    second connection) is always read at once."""
    import threading

    from drill.store import Store
    from drill.tui.screens import browse

    release = threading.Event()
    read = browse._read_rows
    monkeypatch.setattr(browse, "_read_rows", lambda store: release.wait(30) and read(store))
    ctx = make_ctx()
    ctx.sync()
    total = ctx.store.browser.count()
    for limit, complete in ((total, True), (total - 1, False)):
        monkeypatch.setattr(browse, "BACKGROUND_ROWS", limit)
        release.clear()
        async with app_for(ctx).run_test(size=SIZE) as pilot:
            await pilot.press("b")
            await pilot.pause()
            assert pilot.app.screen.complete is complete
            release.set()
    monkeypatch.setattr(browse, "BACKGROUND_ROWS", 10)
    ctx.store = Store.open(None)
    ctx.store.meta.set(WELCOMED, "1")
    async with app_for(ctx).run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.complete and screen.reading is None and len(screen.rows) == total


async def test_the_browser_lays_its_columns_out_again_for_a_new_width(make_ctx):
    """Below 100 columns the least needed columns give way; a wider terminal brings them back,
    the card under the cursor kept."""
    app = app_for(make_ctx())
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await open_browser(pilot)
        narrow = [str(key.value) for key in table.columns]
        table.move_cursor(row=5)
        await pilot.pause()
        card = screen.selected_id()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        wide = [str(key.value) for key in table.columns]
        assert "difficulty" not in narrow and {"difficulty", "lapses", "reviews"} <= set(wide)
        assert screen.selected_id() == card and table.cursor_row == 5


async def test_keys_typed_right_after_slash_go_to_the_search_not_to_the_cards(make_ctx):
    """Keys typed while the app is busy all reach the table, `/` among them: what follows `/`
    is the search's text, in order, never a key of the screen (`x` suspended the card under the
    cursor, `d` asked to delete it, `e` opened the editor)."""
    from textual import events

    ctx = make_ctx(user_deck="# Mine\n\n## One?\n<!-- id: mine0001 -->\nYes.\n")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_browser(pilot)
        card = screen.selected_id()
        for key, character in (("slash", "/"), ("x", "x"), ("d", "d"), ("e", "e"),
                               ("slash", "/"), ("space", " "), ("u", "u")):
            app.post_message(events.Key(key, character))  # at once, as a burst from the terminal
        await pilot.pause()
        await pilot.pause()
        search = screen.query_one("#query", Input)
        assert app.screen is screen and app.focused is search
        assert search.value == "xde/ u"
        assert ctx.store.flags.of(card)[0] is False  # not suspended
        # Typed after `/` as fast, a new search replaces the old one, as when typed slowly.
        await pilot.press("escape")
        for key, character in (("slash", "/"), ("z", "z"), ("q", "q")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert search.value == "zq" and app.focused is search
        search.value = ""
        await pilot.press("escape")  # to the table: its keys are the screen's again
        await pilot.press("x")
        assert app.focused is table and ctx.store.flags.of(screen.selected_id())[0] is True


def test_every_binding_has_a_description_and_help_lists_every_screen():
    import inspect

    import drill.tui.screens as screens_pkg
    from drill.tui.app import DrillApp
    from drill.tui.screens.help import screens_with_keys

    listed = {screen for _, screen in screens_with_keys()}
    for binding in DrillApp.BINDINGS:
        assert binding.description, binding
    import pkgutil
    from importlib import import_module

    from textual.screen import Screen

    for module_info in pkgutil.iter_modules(screens_pkg.__path__):
        module = import_module(f"drill.tui.screens.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Screen) or cls.__module__ != module.__name__:
                continue
            for binding in cls.BINDINGS:
                assert binding.description, (cls.__name__, binding)
            modal = any(b.__name__ == "ModalScreen" for b in cls.__mro__)
            if not modal:
                assert cls in listed, f"help does not list the keys of {cls.__name__}"


async def test_edit_in_editor_from_the_browser(make_ctx, tmp_path, monkeypatch):
    ctx = make_ctx(user_deck="# Mine\n## Capital?\n<!-- id: capital1 -->\nParis.\n")
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[-1])\n"
                      "p.write_text(p.read_text().replace('Paris.', 'Paris, France.'))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = app_for(ctx)
    monkeypatch.setattr(app, "run_editor", lambda argv: __import__("subprocess").run(argv))
    async with app.run_test(size=SIZE) as pilot:
        app.open_browser("deck:mine")
        await pilot.pause()
        await pilot.press("e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert ctx.store.cards.get("capital1").answer == "Paris, France."
        assert app.screen.query_one("#card-table", DataTable).row_count == 1  # still browsing


async def test_the_card_form_starts_on_the_deck_in_view(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        table.move_cursor(row=2)
        await pilot.pause()
        expected = str(table.get_row_at(2)[1])
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#deck").value == expected


async def test_a_review_with_nothing_due_says_so_instead_of_flashing_a_screen(make_ctx):
    ctx = make_ctx(settings=Settings(new_per_day=0))
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_session(Filters(deck="Deep learning"))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to review in Deep learning" in n.message for n in app._notifications)


async def test_keys_typed_right_after_b_on_home_reach_the_browser(make_ctx):
    """`b/xy` typed at once on Home opens the browser with "xy" searched: the keys after `b`
    were forwarded to Home's deck table before the browser was pushed (while its module loads),
    and Home hands them on to the screen now in front instead of dropping them."""
    from textual import events

    ctx = make_ctx(user_deck="# Mine\n\n## One?\n<!-- id: mine0001 -->\nYes.\n")
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, character in (("b", "b"), ("slash", "/"), ("x", "x"), ("y", "y")):
            app.post_message(events.Key(key, character))  # at once, as a burst from the terminal
        for _ in range(4):
            await pilot.pause()
        from drill.tui.screens.browse import BrowseScreen

        assert isinstance(app.screen, BrowseScreen)
        search = app.screen.query_one("#query", Input)
        assert search.value == "xy" and app.focused is search
        await pilot.press("escape", "escape", "escape")  # the search, the browser: Home again
        assert not isinstance(app.screen, BrowseScreen)
        # A key of the browser's typed with `b` is its key, once: `x` suspends the first card.
        for key in ("b", "x"):
            app.post_message(events.Key(key, key))
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert ctx.store.flags.of(app.screen.selected_id())[0] is True
