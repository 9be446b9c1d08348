"""The study plan screen, driven headless by keyboard: interviews added, changed and removed in
plan.toml, bad input told inline, a proposal applied, Home following the plan."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Static

from drill.plan import Interview
from drill.plan_file import load, save
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.plan import InterviewForm, PlanScreen
from tests.screen_text import rendered_text


def plan_file(ctx):
    return ctx.locations.config_file.with_name("plan.toml")


def table_rows(screen) -> list[str]:
    table = screen.query_one("#interviews", DataTable)
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def pace_text(screen) -> str:
    return str(screen.query_one("#plan-pace-text", Static).render())


async def open_plan(app, pilot) -> PlanScreen:
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(app.screen, PlanScreen), app.screen
    return app.screen


async def test_add_edit_and_remove_an_interview_by_keyboard(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx()
    ctx.sync()
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot)
        assert "No interview date set" in pace_text(screen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)
        await pilot.press(*"2026-03-20", "tab", *"Acme [b]onsite[/b]", "tab", "enter", "down",
                          "enter", "ctrl+s")  # the role: the first in the list; ctrl+s saves
        await pilot.pause()
        assert app.screen is screen
        interviews, problems = load(plan_file(ctx))
        assert problems == [] and len(interviews) == 1
        added = interviews[0]
        assert (added.day.isoformat(), added.label, added.role) == (
            "2026-03-20", "Acme [b]onsite[/b]", "ml-engineer")
        assert (added.minutes_per_day, added.cutoff_days) == (30, 7)
        assert ctx.store.roadmap.target_role() == "ml-engineer"  # the plan's role is the target
        assert table_rows(screen) == [
            "2026-03-20 | in 18 days | Acme [b]onsite[/b] | ML Engineer | 30 | 7"]
        assert "Pacing to 2026-03-20 (Acme [b]onsite[/b]):" in pace_text(screen)
        assert "Acme [b]onsite[/b]" in rendered_text(app)  # shown as typed, not as markup

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)
        await pilot.press("tab", "tab", "tab", "ctrl+u", *"50", "tab", "ctrl+u", *"10", "enter")
        await pilot.pause()
        assert app.screen is screen
        interviews, _ = load(plan_file(ctx))
        assert [(i.label, i.minutes_per_day, i.cutoff_days) for i in interviews] == [
            ("Acme [b]onsite[/b]", 50, 10)]
        assert table_rows(screen)[0].endswith("| 50 | 10")

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # kept
        await pilot.pause()
        assert len(load(plan_file(ctx))[0]) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert load(plan_file(ctx)) == ([], [])
        assert table_rows(screen) == [] and "No interview date set" in pace_text(screen)


async def test_a_bad_date_or_number_is_told_under_its_field_and_nothing_is_saved(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx()
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"someday", "tab", "tab", "tab", "ctrl+u", *"0", "enter")
        await pilot.pause()
        assert app.screen is form
        assert "not a date: 'someday'" in str(form.query_one("#plan-date-error", Static).render())
        assert "from 1 to 1440" in str(form.query_one("#plan-minutes-error", Static).render())
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "ctrl+u", *"2026-02-01",
                          "enter")
        await pilot.pause()
        assert "is past" in str(form.query_one("#plan-date-error", Static).render())
        assert not plan_file(ctx).exists()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)


async def test_a_plan_file_with_an_unreadable_entry_is_not_rewritten(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx()
    path = plan_file(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = "[[interview]]\ndate = 2026-03-20\nwhen = \"soon\"\n"
    path.write_text(kept)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot)
        assert "unknown field 'when'" in str(screen.query_one("#plan-problems", Static).render())
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"2026-03-25", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)  # still open, with the reason
        assert "won't rewrite" in str(app.screen.query_one("#plan-save-error", Static).render())
        assert path.read_text() == kept


async def test_a_key_applies_the_minutes_proposal_and_home_follows(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    save(plan_file(ctx), [Interview(today + timedelta(days=14), "Acme", minutes_per_day=5)])
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "does not fit" in str(app.screen.query_one("#today", Static).render())
        screen = await open_plan(app, pilot)
        kinds = [p.kind for p in screen.proposals]
        assert "minutes" in kinds and "fewer" in kinds
        minutes = screen.proposals[kinds.index("minutes")]
        assert f"{kinds.index('minutes') + 1} {minutes.text}" in pace_text(screen)
        assert screen.check_action("apply", (1,)) is True  # the Apply keys are in the footer
        await pilot.press(str(kinds.index("minutes") + 1))
        await pilot.pause()
        interviews, _ = load(plan_file(ctx))
        assert interviews[0].minutes_per_day == minutes.value > 5
        assert "on track" in pace_text(screen)
        assert screen.check_action("apply", (1,)) is False  # no Apply keys in the footer now
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        home = str(app.screen.query_one("#today", Static).render())
        assert "Interview in 14 days (Acme)" in home and "on track" in home


async def test_a_key_applies_fewer_cards_kept_in_the_plan_file(make_ctx):
    from drill.plan_material import current_pace
    from drill.tui.app import make_app

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    save(plan_file(ctx), [Interview(today + timedelta(days=14), "Acme", minutes_per_day=5)])
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot)
        kinds = [p.kind for p in screen.proposals]
        fewer = screen.proposals[kinds.index("fewer")]
        planned = len(screen.found.planned)
        assert 0 < fewer.value < planned and "does not fit" in pace_text(screen)
        assert f"{kinds.index('fewer') + 1} {fewer.text}" in pace_text(screen)
        await pilot.press(str(kinds.index("fewer") + 1))
        await pilot.pause()
        interviews, problems = load(plan_file(ctx))
        assert problems == [] and interviews[0].max_cards == fewer.value  # nothing seen yet
        assert f"max_cards = {fewer.value}" in plan_file(ctx).read_text()
        text = pace_text(screen)
        assert f"Only the first {fewer.value} cards of the plan's order are planned" in text
        assert "on track" in text and "To make it fit" not in text
        result, found = current_pace(ctx, interviews)  # the pacing the queue follows fits too
        assert result.on_track and len(found.unseen) == fewer.value
        assert set(ctx.limits.new_order) == set(found.planned)  # today's queue: those cards only
        assert ctx.limits.new_per_day == min(fewer.value, 10)  # no others: they would not fit
        assert f"first {fewer.value} cards · Acme" in table_rows(screen)[0]
        # the form shows the cards and an empty field plans every card again
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#plan-cards").value == str(fewer.value)
        await pilot.press(*["tab"] * 5, "ctrl+a", "ctrl+k", *"0", "enter")
        await pilot.pause()
        assert "cards (or empty: every card): a whole number from 1" in str(
            app.screen.query_one("#plan-cards-error", Static).render())
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert "max_cards" not in plan_file(ctx).read_text()
        assert load(plan_file(ctx))[0][0].max_cards is None
        assert "does not fit" in pace_text(screen) and "first" not in table_rows(screen)[0]


async def test_the_palette_opens_the_plan(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx()
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Study plan: interview dates"].callback()
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert "Study plan" in rendered_text(app).splitlines()[0]
        from drill.tui.screens.help import help_text

        text = help_text(app)
        assert "### Study plan" in text and "`1–3      ` apply the proposal" in text
        assert "the study plan: interview dates" in text  # i on Home


async def test_at_80_by_24_the_table_fits_and_the_pace_scrolls_by_keyboard(make_ctx):
    from textual.containers import VerticalScroll

    from drill.tui.app import make_app

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    save(plan_file(ctx), [Interview(today + timedelta(days=60), "A long label for a company "
                                    "onsite", "research-scientist", minutes_per_day=5)])
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot)
        shown = rendered_text(app)
        assert "Cut-off" in shown and "Research Scientist" in shown and "in 60 days" in shown
        assert "esc Back" in shown.splitlines()[-1]
        pane = screen.query_one("#plan-pace", VerticalScroll)
        assert pane.max_scroll_y > 0  # nine weeks of forecast and the proposals: more than fits
        last = screen.proposals[-1].text
        assert last not in rendered_text(app)
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 0 and last in rendered_text(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_the_debrief_is_typed_on_the_plan_screen(make_ctx):
    from textual.widgets import TextArea

    from drill.tui.app import make_app
    from drill.tui.screens.debrief import DebriefForm

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    save(plan_file(ctx), [Interview(today - timedelta(days=2), "Acme [b]x[/b]"),
                          Interview(today + timedelta(days=20), "Next")])
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_plan(app, pilot)
        assert "How did Acme [b]x[/b] go? b (or `drill plan debrief`)" in pace_text(screen)
        await pilot.press("down")  # the next interview: not past, so b debriefs the past one
        await pilot.press("b")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DebriefForm)
        assert "How did Acme [b]x[/b] go?" in rendered_text(app)
        area = form.query_one("#debrief-text", TextArea)
        assert "#   2: Technical Phone Screen" in area.text and area.text.endswith("weak: \n")
        await pilot.press(*"9: Nope", "ctrl+s")  # the cursor starts on the last line
        await pilot.pause()
        assert app.screen is form  # a stage that does not exist: said, nothing saved
        assert "line 15: no stage 9" in str(form.query_one("#debrief-error", Static).render())
        assert load(plan_file(ctx))[0][0].debriefed is False
        await pilot.press("ctrl+u", *"2: What is [red]dropout[/red]?", "up", "end", *"2, 4",
                          "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        past = load(plan_file(ctx))[0][0]
        assert past.debriefed and past.weak_stages == (2, 4)
        cards = [ctx.store.cards.get(c) for c in ctx.store.cards.index()]
        debrief = [c for c in cards if c is not None and c.deck == "Debrief"]
        assert [c.prompt for c in debrief] == ["What is [red]dropout[/red]?"]
        assert "stage-2" in debrief[0].tags
        assert "How did" not in pace_text(screen)  # debriefed
        await pilot.press("b")  # the selected interview is to come and none waits: nothing
        await pilot.pause()
        assert app.screen is screen
