"""The story bank through the app: write and edit stories (form and $EDITOR), coverage, rehearsal
of a story card against its timer, a behavioural card's stories, and the story told in a mock
round. An injected clock: no real waiting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Markdown, OptionList, Static, TextArea

from drill.deckfile.stamp import derive_id
from drill.review import Filters
from drill.settings import Settings
from drill.stories import STORIES_DECK, parse_story_file
from drill.tui.screens.mock_round import MockRoundScreen
from drill.tui.screens.stories import StoriesScreen, StoryPickScreen, StoryViewScreen
from drill.tui.screens.story_form import StoryFormScreen
from tests.test_stories import GOOD
from tests.test_tui import SIZE, app_for, plain, review_screen

LAUNCH = derive_id(STORIES_DECK, "Rescued the ranking launch")
SECOND = """\
# Mentored a new hire
<!-- competencies: mentoring, teamwork -->

## Situation
A new hire joined.

## Actions
I paired with them daily and I reviewed each PR.

## Result
First model shipped in 3 weeks.

## What I learned
Structure beats heroics.
"""


def write_stories(ctx, *texts: str) -> list[Path]:
    folder = ctx.locations.stories_dir
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"story{i}.md"
        path.write_text(text)
        paths.append(path)
    return paths


def options(widget: OptionList) -> list[str]:
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


async def test_write_a_story_in_the_form_and_see_coverage(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")  # Home -> the story bank
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        assert "0 stories cover 0 of 21" in plain(app.screen.query_one("#coverage-summary"))
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StoryFormScreen)
        await pilot.press(*"Cut search latency")
        form.query_one("#story-situation", TextArea).text = "Search was slow."
        form.query_one("#story-actions", TextArea).text = "We talked about it."
        form.query_one("#story-result", TextArea).text = "Users were happier."
        form.query_one("#story-competencies", Input).value = "ownership, impact"
        await pilot.pause()
        hints = plain(form.query_one("#story-hints", Static))
        assert "The result has no number" in hints and "“we” 1×" in hints  # live, not blocking
        preview = form.query_one("#story-preview-text", Markdown).source
        assert "## Cut search latency" in preview and "Users were happier." in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        [path] = ctx.locations.stories_dir.glob("*.md")
        [story] = parse_story_file(path).stories
        assert story.title == "Cut search latency" and story.result == "Users were happier."
        assert story.competencies == ("ownership", "impact")
        assert story.id == derive_id(STORIES_DECK, "Cut search latency")  # stamped on save
        card = ctx.store.cards.get(story.id)
        assert (card.kind, card.deck) == ("story", STORIES_DECK)
        screen = app.screen
        assert "1 story covers 2 of 21" in plain(screen.query_one("#coverage-summary"))
        assert any("Cut search latency" in o for o in options(screen.query_one("#story-list")))
        matrix = plain(screen.query_one("#coverage", Static))
        assert "ethics" in matrix and "← no story" in matrix


async def new_story_form(app, pilot, title: str) -> StoryFormScreen:
    """The form of a new story, over Home, with `title` typed."""
    await pilot.pause()
    app.push_screen(StoryFormScreen())
    await pilot.pause()
    await pilot.press(*title)
    return app.screen


async def test_a_bad_competency_is_not_saved(make_ctx):
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_story_form(app, pilot, "Title")
        form.query_one("#story-situation", TextArea).text = "Search was slow."
        app.screen.query_one("#story-competencies", Input).value = "bravery"
        await pilot.pause()
        assert "unknown 'bravery'" in plain(app.screen.query_one("#competencies-error", Static))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StoryFormScreen)
        assert not ctx.locations.stories_dir.exists()
        assert any("unknown 'bravery'" in n.message for n in app._notifications)


async def test_a_story_with_only_a_title_is_not_saved(make_ctx):
    """A story file with no part is refused when read: saved, it vanished from the bank
    ("No stories yet") while its file stayed. The form says what is missing and saves nothing
    until one part is written."""
    ctx = make_ctx()
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await new_story_form(app, pilot, "Fixed the flaky job")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StoryFormScreen)
        assert not ctx.locations.stories_dir.exists()
        assert any("write at least one part" in n.message for n in app._notifications)
        app.screen.query_one("#story-task", TextArea).text = "  \n "  # read as no part
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StoryFormScreen)
        assert any("write at least one part" in n.message for n in app._notifications)
        app.screen.query_one("#story-result", TextArea).text = "No failures in 30 days."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, StoryFormScreen)
    [path] = ctx.locations.stories_dir.glob("*.md")
    [story] = parse_story_file(path).stories
    assert (story.title, story.result) == ("Fixed the flaky job", "No failures in 30 days.")

async def test_edit_a_story_in_the_form_changes_only_that_story(make_ctx):
    ctx = make_ctx()
    [path] = write_stories(ctx, GOOD + "\n" + SECOND)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = path.read_text()
        mentor = derive_id(STORIES_DECK, "Mentored a new hire")
        app.edit_card(mentor)  # E on a story card opens the story form
        await pilot.pause()
        form = app.screen
        assert isinstance(form, StoryFormScreen)
        assert form.query_one("#story-title", Input).value == "Mentored a new hire"
        form.query_one("#story-result", TextArea).text = "First model shipped in 2 weeks."
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = path.read_text()
        assert after.split("# Mentored")[0] == before.split("# Mentored")[0]  # story one as was
        stories = parse_story_file(path).stories
        assert [s.id for s in stories] == [LAUNCH, mentor]
        assert stories[1].result == "First model shipped in 2 weeks."
        assert stories[1].competencies == ("mentoring", "teamwork")
        assert "2 weeks" in ctx.store.cards.get(mentor).answer


async def test_edit_a_story_in_the_editor_from_the_bank(make_ctx, monkeypatch):
    ctx = make_ctx()
    [path] = write_stories(ctx, GOOD)
    monkeypatch.setenv("EDITOR", "true")
    app = app_for(ctx)
    seen = []

    def run_editor(argv):
        seen.append(argv)
        target = Path(argv[-1])
        target.write_text(target.read_text().replace("+2.1%", "+3.5%"))

    monkeypatch.setattr(app, "run_editor", run_editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_stories()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        assert seen and seen[0][-2:] == ["+1", str(path)]
        assert "+3.5%" in ctx.store.cards.get(LAUNCH).answer
        assert "+3.5%" in path.read_text()


async def test_a_story_card_is_rehearsed_against_a_two_minute_timer(make_ctx):
    ctx = make_ctx(settings=Settings(new_per_day=5))
    write_stories(ctx, GOOD)
    app = app_for(ctx, start_review=Filters(deck=STORIES_DECK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        assert screen.session.current == LAUNCH
        prompt = screen.front.query_one("#prompt", Markdown).source
        assert prompt.startswith("Rescued the ranking launch") and "**ownership**" in prompt
        ctx.clock.advance(seconds=130)
        screen._tick()  # what the once-a-second interval does (the clock is injected)
        timer = plain(screen.query_one("#timer", Static))
        assert "2:10 / 2:00" in timer and "over" in timer
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        [row] = ctx.store.log.rows(LAUNCH)
        assert (row.kind, row.grade) == ("review", 4) and row.duration_ms > 0
        assert ctx.store.log.progress(LAUNCH).reviews == 1  # its own SM-2 schedule


async def test_a_revealed_behavioural_card_shows_your_stories(make_ctx):
    ctx = make_ctx()
    write_stories(ctx, GOOD, SECOND)
    app = app_for(ctx, start_review=Filters(deck="Behavioural (STAR)", tag="ownership"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        line = screen.query_one("#review-stories", Static)
        assert not line.display  # before the answer: nothing
        await pilot.press("space")
        await pilot.pause()
        assert line.display and "Rescued the ranking launch" in plain(line)
        assert "Mentored" not in plain(line)  # not one of this card's competencies
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StoryViewScreen)
        text = app.screen.query_one("#story-text", Markdown).source
        assert "## Rescued the ranking launch" in text and "### Result" in text


async def test_the_story_told_in_a_mock_star_question_is_checked(make_ctx):
    ctx = make_ctx()
    vague = SECOND.replace("First model shipped in 3 weeks.", "It went well.")
    write_stories(ctx, GOOD, vague)
    app = app_for(ctx, start_mock={"questions": 1, "minutes": 3, "seed": 1,
                                   "filters": Filters(tag="teamwork")})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockRoundScreen) and screen.card.kind == "star"
        await pilot.press("t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StoryPickScreen)
        listed = options(picker.query_one(OptionList))
        assert listed[0].startswith("Mentored a new hire")  # this question's competency first
        await pilot.press("enter")
        await pilot.pause()
        told = plain(screen.query_one("#mock-story", Static))
        assert "Mentored a new hire" in told
        assert "✗ A measured result" in told and "✓ A lesson" in told
        assert "✓ Actions in “I”" in told
        notes = ctx.store.mock.answers(screen.round.id)[0]["notes"]
        assert notes == "Story told: Mentored a new hire"


async def test_story_text_is_shown_literally(make_ctx):
    ctx = make_ctx()
    hostile = GOOD.replace("Rescued the ranking launch", "Launch [bold]fix[/] \x1b[31mred")
    write_stories(ctx, hostile)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_stories()
        await pilot.pause()
        [listed] = options(app.screen.query_one("#story-list", OptionList))
        assert "[bold]fix[/]" in listed and "\\x1b[31m" in listed and "\x1b" not in listed
        await pilot.press("enter")
        await pilot.pause()
        text = app.screen.query_one("#story-text", Markdown).source
        assert "\\x1b[31mred" in text and "\x1b" not in text


async def test_a_story_sets_its_own_timer_from_its_target_minutes(make_ctx):
    ctx = make_ctx(settings=Settings(new_per_day=5))
    write_stories(ctx, GOOD.replace("level: senior;", "level: senior; minutes: 3;"))
    app = app_for(ctx, start_review=Filters(deck=STORIES_DECK))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = review_screen(app)
        assert "about 3 minutes" in screen.front.query_one("#prompt", Markdown).source
        ctx.clock.advance(seconds=130)
        screen._tick()
        timer = plain(screen.query_one("#timer", Static))
        assert "2:10 / 3:00" in timer and "over" not in timer


async def test_recall_cards_chosen_in_the_form_join_the_store(make_ctx):
    ctx = make_ctx()
    [path] = write_stories(ctx, GOOD.replace("; recall: result", ""))
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert ctx.store.cards.get(f"{LAUNCH}-learned") is None
        app.edit_card(LAUNCH)
        await pilot.pause()
        app.screen.query_one("#story-recall", Input).value = "learned, lessons"
        await pilot.pause()
        assert "no part 'lessons'" in plain(app.screen.query_one("#recall-error", Static))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StoryFormScreen)  # not saved with a bad part
        app.screen.query_one("#story-recall", Input).value = "learned"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "recall: learned" in path.read_text()
        recall = ctx.store.cards.get(f"{LAUNCH}-learned")
        assert recall.of_id == LAUNCH and recall.answer == "Validate feature timestamps in CI."
