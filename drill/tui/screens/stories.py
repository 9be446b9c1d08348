"""The story bank: coverage (competencies × stories), one story read over any screen, and a
picker of stories (a behavioural card's, or the one told in a mock round)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from drill.stories import Story, load_stories
from drill.story_bank import bank_document, coverage, for_competencies, hints, matrix_lines
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.text import markdown, plain
from drill.tui.widgets import DrillFooter, scroll_bindings


def read_stories(app) -> list[Story]:
    """The user's stories as their files say now (files with errors are left out; the deck
    watch reports them)."""
    stories, _ = load_stories(app.ctx.locations.stories_dir)
    return stories


def open_story(app, story: Story) -> None:
    app.push_screen(StoryViewScreen(story))


def pick_story(app, stories: list[Story], title: str,
               then: Callable[[Story | None], None]) -> None:
    """Choose one of `stories`; `then` gets the story chosen, or None."""
    app.push_screen(StoryPickScreen(stories, title), then)


def story_markdown(story: Story) -> str:
    """One story as Markdown for reading (its hints at the end)."""
    text = bank_document([story], coverage([story])).split("\n", 2)[2]  # without "# My stories"
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith("Competencies with no story yet")).strip()
    found = hints(story)
    if found:
        text += "\n\n### Hints\n" + "\n".join(f"- {hint.text}" for hint in found)
    return text


def edit_story(app, story: Story, in_form: bool) -> None:
    """Edit a story in its file with $EDITOR, or in the story form."""
    if story.id is None or app.ctx.store.cards.get(story.id) is None:
        app.notify("This story has no id yet (its file could not be written): edit the file "
                   "in your editor.", title="Edit", severity="warning")
        return
    if in_form:
        app.edit_card(story.id)
    else:
        app.edit_in_editor(story.id)


class StoryViewScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="story.close"),
        Binding("e", "edit(False)", "Edit", tooltip="edit the story in your $EDITOR",
                id="story.edit"),
        Binding("E", "edit(True)", "Edit here", tooltip="edit the story in the story form",
                id="story.edit_form"),
        *scroll_bindings(),
    ]
    DEFAULT_CSS = """
    StoryViewScreen #story-view { height: 90%; }
    StoryViewScreen #story-view Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="story-view", classes="dialog", can_focus=False):
            yield Markdown(markdown(story_markdown(self.story)), id="story-text")
        yield DrillFooter()

    def action_edit(self, in_form: bool) -> None:
        self.dismiss()
        edit_story(self.app, self.story, in_form)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one("#story-view", VerticalScroll), f"scroll_{where}")(animate=False)


class StoryPickScreen(StyledOnce, ModalScreen[Story | None]):
    """Dismisses with the story chosen, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="story_pick.cancel")]

    def __init__(self, stories: list[Story], title: str) -> None:
        super().__init__()
        self.stories = stories
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(id="story-pick", classes="dialog"):
            yield Static(plain(self.heading), classes="dialog-title")
            yield OptionList(*(Option(plain(f"{s.title} — {', '.join(s.competencies)}"),
                                      id=str(i)) for i, s in enumerate(self.stories)),
                             id="story-options")
            yield DrillFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if not self.stories:
            options.add_option(Option("No stories yet: write one from the story bank.",
                                      disabled=True))
        else:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A second enter typed before the picker closed must not dismiss the screen below it.
        if event.option.id is not None and self.is_current:
            self.dismiss(self.stories[int(event.option.id)])


class StoriesScreen(StyledOnce, UsesContext, Screen[None]):
    """Coverage: a row per competency, a column per story; gaps and a story used for
    everything stand out. Enter reads a story; a writes one."""

    BINDINGS = [
        Binding("enter", "open", "Read", tooltip="read the selected story", id="stories.open"),
        Binding("a", "add", "Write", tooltip="write a new story in the story form",
                id="stories.add"),
        Binding("e", "edit(False)", "Edit", tooltip="edit the selected story in your $EDITOR",
                id="stories.edit"),
        Binding("E", "edit(True)", "Edit here", tooltip="edit the selected story in the form",
                id="stories.edit_form"),
        Binding("escape", "app.pop_screen", "Back", id="stories.back"),
    ]
    DEFAULT_CSS = """
    StoriesScreen #coverage-scroll { height: 1fr; padding: 0 2; }
    StoriesScreen #story-list { height: auto; max-height: 8; margin: 0 2; }
    StoriesScreen #coverage-summary { padding: 0 2; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="coverage-summary")
        yield OptionList(id="story-list")
        with VerticalScroll(id="coverage-scroll", can_focus=False):
            yield Static(id="coverage")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Story bank"
        self.reload()

    def reload(self) -> None:
        self.stories = read_stories(self.app)
        cov = coverage(self.stories)
        covered = len(cov.rows) - len(cov.gaps)
        count = f"{len(self.stories)} stor{'y' if len(self.stories) == 1 else 'ies'}"
        summary = Text(f"{count} cover{'s' if len(self.stories) == 1 else ''} {covered} of {len(cov.rows)} "
                       "competencies.", style="bold")
        if cov.theme_gaps:
            summary.append(f" Roadmap themes with no story: {', '.join(cov.theme_gaps)}.",
                           style="")
        if cov.overused:
            summary.append(plain(f" Used for everything: {', '.join(cov.overused)}.",
                                 "bold yellow"))
        self.query_one("#coverage-summary", Static).update(summary)
        options = self.query_one("#story-list", OptionList)
        options.clear_options()
        for i, story in enumerate(self.stories, start=1):
            flag = f" · {len(hints(story))} hints" if hints(story) else ""
            options.add_option(Option(plain(f"{i % 10} {story.title}{flag}"), id=str(i - 1)))
        if not self.stories:
            options.add_option(Option("No stories yet: a writes one.", disabled=True))
        else:
            options.highlighted = 0
        matrix = Text()
        for line in matrix_lines(cov, 76):  # gaps and a story used for everything stand out
            style = "yellow" if "← no story" in line else (
                "bold red" if "used for everything" in line else "")
            matrix.append_text(plain(line + "\n", style))
        self.query_one("#coverage", Static).update(matrix)
        options.focus()

    def _selected(self) -> Story | None:
        options = self.query_one("#story-list", OptionList)
        index = options.highlighted
        return self.stories[index] if index is not None and index < len(self.stories) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        story = self._selected()
        if story is not None:
            open_story(self.app, story)

    def action_add(self) -> None:
        from drill.tui.screens.story_form import StoryFormScreen

        self.app.push_screen(StoryFormScreen(), lambda _: self.reload())

    def action_edit(self, in_form: bool) -> None:
        story = self._selected()
        if story is not None:
            edit_story(self.app, story, in_form)

    def decks_changed(self) -> None:
        """A story file changed (the editor, the form): show the bank as it is now."""
        self.reload()


def stories_for_card(app, competencies: tuple[str, ...]) -> list[Story]:
    return for_competencies(read_stories(app), competencies)
