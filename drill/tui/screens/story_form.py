"""Write a STAR story, or edit one, in a form with a live preview and hints (never blocking);
saved atomically to a story file in the user's stories folder."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Markdown, Select, Static, TextArea

from drill.store import StoreError
from drill.stories import (
    COMPETENCIES,
    DEFAULT_MINUTES,
    LEVELS,
    PARTS,
    RECALL_PROMPTS,
    Story,
    parse_story_file,
    replace_story,
    write_new_story,
)
from drill.story_bank import hints
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.text import markdown, plain
from drill.tui.widgets import DrillFooter

_GUIDE = {
    "story-title": "Title: a few words you will know the story by.",
    "story-situation": "Situation: the scene in one or two sentences. Keep it short.",
    "story-task": "Task: what you were responsible for.",
    "story-actions": "Actions: what you yourself did. Say “I”, not “we”.",
    "story-result": "Result: the outcome, measured (%, ms, hours, users, money).",
    "story-learned": "What I learned: the lesson you took into later work.",
    "story-competencies": "Competencies: what the story shows, e.g. ownership, conflict, "
                          "impact.",
    "story-level": "Role level: the level the story speaks for.",
    "story-minutes": "Target minutes: how long you aim to tell it in (2 is usual).",
    "story-recall": "Recall cards: parts to drill on their own, e.g. result, learned.",
}
_LABELS = {"situation": "Situation (short: the scene)", "task": "Task (what you owned)",
           "actions": "Actions (what *I* did)", "result": "Result (with numbers)",
           "learned": "What I learned"}


class StoryFormScreen(StyledOnce, UsesContext, Screen[str | None]):
    """Dismisses with the saved story's file path, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="save the story into its file",
                id="story_form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="close without saving",
                id="story_form.cancel"),
    ]
    DEFAULT_CSS = """
    StoryFormScreen #story-form { height: 1fr; }
    StoryFormScreen #story-guide { height: 1; padding: 0 2; background: $boost; }
    StoryFormScreen #story-fields { width: 3fr; padding: 0 1 0 2; }
    StoryFormScreen #story-preview { width: 2fr; border-left: vkey $primary 30%; padding: 0 1; }
    StoryFormScreen #story-fields TextArea { height: 5; }
    StoryFormScreen #story-hints { color: $warning; }
    StoryFormScreen #story-preview Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, story: Story | None = None) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        story = self.story or Story("")
        yield Header()
        yield Static(id="story-guide")
        with Horizontal(id="story-form"):
            with VerticalScroll(id="story-fields"):
                yield Label("[b]Title[/] (one line)")
                yield Input(story.title, id="story-title")
                for key, _ in PARTS:
                    yield Label(_LABELS[key])
                    yield TextArea(story.part(key), id=f"story-{key}", soft_wrap=True,
                                   tab_behavior="focus")
                yield Label("Competencies (separated by commas)")
                yield Input(", ".join(story.competencies), id="story-competencies",
                            placeholder="e.g. ownership, failure")
                yield Static(classes="error", id="competencies-error")
                yield Label("Role level")
                yield Select([(level, level) for level in LEVELS], value=story.level or
                             Select.NULL, id="story-level")
                yield Label("Target minutes")
                yield Input(str(story.minutes), id="story-minutes", type="integer")
                yield Label("Recall cards of parts (optional: situation, task, actions, result, "
                            "learned)")
                yield Input(", ".join(story.recall), id="story-recall",
                            placeholder="e.g. result")
                yield Static(classes="error", id="recall-error")
            with VerticalScroll(id="story-preview"):
                yield Static(id="story-hints")
                yield Markdown(id="story-preview-text")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Edit story {self.story.id}" if self.story else "Write a story"
        self.query_one("#story-title", Input).focus()
        self.call_after_refresh(self._preview)

    def on_descendant_focus(self, event) -> None:
        """Say what the focused field is for (a hint while writing, never a rule)."""
        guide = _GUIDE.get(event.widget.id or "")
        if guide:
            self.query_one("#story-guide", Static).update(plain(guide))

    def _competencies(self) -> tuple[tuple[str, ...], str]:
        text = self.query_one("#story-competencies", Input).value
        chosen = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
        bad = [c for c in chosen if c not in COMPETENCIES]
        error = f"unknown {bad[0]!r}; use any of: {', '.join(COMPETENCIES)}" if bad else ""
        return chosen, error

    def _recall(self) -> tuple[tuple[str, ...], str]:
        text = self.query_one("#story-recall", Input).value
        chosen = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
        bad = [p for p in chosen if p not in RECALL_PROMPTS]
        error = f"no part {bad[0]!r}; use any of: {', '.join(RECALL_PROMPTS)}" if bad else ""
        return chosen, error

    def _form_story(self) -> Story:
        value = self.query_one("#story-minutes", Input).value
        level = self.query_one("#story-level", Select).value
        base = self.story or Story("")
        return Story(
            title=self.query_one("#story-title", Input).value.strip(),
            id=base.id, competencies=self._competencies()[0],
            level=str(level) if level != Select.NULL else "",
            minutes=int(value) if value.isdigit() and 1 <= int(value) <= 30 else DEFAULT_MINUTES,
            recall=self._recall()[0],
            **{key: self.query_one(f"#story-{key}", TextArea).text for key, _ in PARTS})

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    async def _preview(self) -> None:
        story = self._form_story()
        found = hints(story)
        self.query_one("#story-hints", Static).update(
            plain("\n".join(f"• {h.text}" for h in found) if found else "No hints: a clear story."))
        self.query_one("#competencies-error", Static).update(plain(self._competencies()[1]))
        self.query_one("#recall-error", Static).update(plain(self._recall()[1]))
        body = [f"## {story.title or '(title)'}",
                f"*{', '.join(story.competencies) or 'no competencies'}*"]
        body += [f"### {name}\n{story.part(key).strip()}" for key, name in PARTS
                 if story.part(key).strip()]
        await self.query_one("#story-preview-text", Markdown).update(markdown("\n\n".join(body)))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        story = self._form_story()
        title_error = "" if story.title and "\n" not in story.title and \
            not story.title.startswith("#") else "a story needs a one-line title"
        parts_error = "" if story.has_a_part() else \
            "write at least one part: Situation, Task, Actions, Result or What I learned"
        error = title_error or parts_error or self._competencies()[1] or self._recall()[1]
        if error:
            self.notify(error, title="Not saved", severity="error", timeout=4, markup=False)
            return
        ctx = self.ctx
        try:
            if self.story is None:
                path = write_new_story(ctx.locations.stories_dir, story)
            else:
                path = Path(self.story.path)
                replace_story(path, str(self.story.id), story)
        except (OSError, KeyError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        with contextlib.suppress(StoreError):  # the file is saved; the deck watch retries
            ctx.sync()
        note = f" ({len(hints(story))} hints: see the preview)" if hints(story) else ""
        self.notify(f"Saved to {path}{note}", title="Story saved", timeout=5, markup=False)
        self.dismiss(str(path))


def open_story_form(app, card, then) -> None:
    """Edit the story of a story card in the form (its file is read again: it is the truth)."""
    story = next((s for s in parse_story_file(Path(card.path)).stories if s.id == card.id), None)
    if story is None:
        app.notify(f"The story {card.id} is not in {card.path} as it is now (an error in the "
                   "file?): edit it in your editor (e).", title="Edit", severity="warning",
                   markup=False)
        return
    app.push_screen(StoryFormScreen(story), then)
