"""A mock interview round: answer against the clock, take notes, tick the rubric, self-score."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Digits,
    Header,
    Markdown,
    Static,
    TextArea,
)

from drill.mock import (
    ANSWER,
    FOLLOW_UP,
    FRAMEWORK,
    REVIEW,
    STAR_RUBRIC,
    MockRound,
    clock_text,
    design_marks,
    follow_up_for,
)
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.saving import reports_store_errors
from drill.tui.screens.mock_results import MockSummaryScreen
from drill.tui.screens.stories import pick_story, read_stories
from drill.tui.text import markdown, markup
from drill.tui.widgets import Checklist, DrillFooter, scroll_bindings


class MockRoundScreen(StyledOnce, UsesContext, Screen[None]):
    """One round: the big clock, the question, optional notes, the follow-up, then the review."""

    BINDINGS = [
        Binding("enter", "done", "Done",
                tooltip="done answering: the follow-up question, then the model answer", id="mock.done"),
        Binding("p", "pause", "Pause/resume",
                tooltip="pause or resume the clock", id="mock.pause"),
        Binding("n", "notes", "Notes",
                tooltip="write notes (saved as you type)", id="mock.notes"),
        Binding("o", "outline", "Outline",
                tooltip="show the outline for the kind (design steps, STAR parts)", id="mock.outline"),
        Binding("t", "story_told", "Story told",
                tooltip="on a STAR question: pick the story you told; the rubric checks its parts",
                id="mock.story"),
        Binding("s", "skip", "Skip",
                tooltip="skip the question", id="mock.skip"),
        *[Binding(str(g), f"score({g})", f"score {g}", group=Binding.Group("Score", compact=True),
                  id=f"mock.score{g}") for g in range(6)],
        Binding("escape", "leave_notes", "Leave notes",
                tooltip="leave the notes", id="mock.leave_notes"),
        Binding("tab", "rubric", "Rubric/answer",
                tooltip="move between the model answer and the rubric (space ticks a point)",
                id="mock.rubric"),
        # The model answer scrolls from the screen, wherever the focus is.
        *scroll_bindings(),
        Binding("q", "quit_round", "Quit (resumable)",
                tooltip="leave the round; it resumes where it stopped", id="mock.quit"),
        Binding("q", "quit_drill", "Quit drill",
                tooltip="after `drill mock`: leave drill; the round resumes where it stopped",
                id="mock.quit_drill"),
        Binding("e", "edit", "Edit in $EDITOR", show=False,
                tooltip="edit the card in your $EDITOR", id="mock.edit"),
        Binding("E", "edit_form", "Edit here", show=False,
                tooltip="edit the card in the card form", id="mock.edit_form"),
    ]

    def __init__(self, round_: MockRound) -> None:
        super().__init__()
        self.round = round_
        self.warned = False
        self.show_outline = False
        self.leaves_app = False  # started by `drill mock`: q goes back to the shell

    def now(self) -> datetime:
        return self.ctx.clock.now()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="mock-top"):
            yield Digits("00:00", id="countdown")
            yield Static(id="mock-status")
        with VerticalScroll(id="mock-body"):
            yield Markdown(id="mock-prompt")
            yield Static(id="mock-marks")
            yield Static(id="mock-outline")
            yield Static(id="mock-follow-up")
            yield Markdown(id="mock-answer")
            yield Checklist(save=self._save_tick, id="rubric")
            yield Static(id="mock-story")
        yield TextArea(id="notes")
        yield DrillFooter()

    async def on_mount(self) -> None:
        self.sub_title = self.round.title
        self.query_one("#notes", TextArea).border_title = "Notes (n to write, esc to leave)"
        self.set_interval(0.25, self._tick)
        self.set_interval(5, self._save_time)
        await self._show_question()

    # --- showing ------------------------------------------------------------------------------

    async def _show_question(self) -> None:
        question = self.round.current
        if question is None:
            self.app.switch_screen(MockSummaryScreen(self.round))
            return
        card = self.ctx.store.cards.get(question.card_id)
        if card is None:  # purged since the round was made: skip it rather than stop the round
            self.round.skip()
            await self._show_question()
            return
        self.card = card
        self.told = None  # the story the user says they told (picked with t)
        self._show_told()
        number = question.position + 1
        told = " · t: the story you told" if card.kind == "star" else ""
        header = (f"**Question {number} of {len(self.round.questions)}** · {card.deck} · "
                  f"{card.kind} · {question.limit_s // 60} min{told}\n\n")
        await self.query_one("#mock-prompt", Markdown).update(
            markdown(header + f"## {card.prompt}"))
        notes = self.query_one("#notes", TextArea)
        notes.text = question.notes
        self.warned = question.countdown.state(self.now()) != "ok"
        self.show_outline = False
        await self._show_phase()
        if question.phase != REVIEW:
            self.round.start()
        self.set_focus(self.query_one("#mock-body"))

    async def _show_phase(self) -> None:
        question = self.round.current
        if question is None:
            return
        card = self.card
        follow = self.query_one("#mock-follow-up", Static)
        answer = self.query_one("#mock-answer", Markdown)
        rubric = self.query_one("#rubric", Checklist)
        notes = self.query_one("#notes", TextArea)
        marks = self.query_one("#mock-marks", Static)
        marks.display = card.kind == "design" and question.phase != REVIEW
        follow_up = follow_up_for(card.answer)
        # While scoring, the notes show inside the model answer: the box gives its rows back.
        notes.display = question.phase != REVIEW
        if question.phase == ANSWER:
            follow.display = False
            answer.display = False
            rubric.display = False
        elif question.phase == FOLLOW_UP:
            assert follow_up is not None
            follow.update(markup("[b]Follow-up:[/] $question", question=follow_up[0]))
            follow.display = True
            answer.display = False
            rubric.display = False
        else:
            follow.display = False
            text = card.answer
            if follow_up is not None and "### Follow-up" not in text:
                text += f"\n\n### Follow-up\n*{follow_up[0]}*\n\n{follow_up[1]}"
            if question.notes.strip():
                text = f"### Your notes\n```\n{question.notes}\n```\n\n### Model answer\n\n{text}"
            await answer.update(markdown(text))
            answer.display = True
            rubric.set_items((item, str(i), i in question.ticked)
                             for i, item in enumerate(question.rubric))
            rubric.border_title = "Rubric: tab here, ↑↓ choose, space ticks · then score 0–5"
            rubric.display = True
            self.set_focus(self.query_one("#mock-body"))
        self._update_outline()
        self._tick()
        self.refresh_bindings()

    def _update_outline(self) -> None:
        outline = self.query_one("#mock-outline", Static)
        steps = FRAMEWORK if self.card.kind == "design" else (
            STAR_RUBRIC if self.card.kind == "star" else ())
        outline.display = self.show_outline and bool(steps)
        outline.update("[b]Outline:[/] " + " → ".join(steps))

    def _tick(self) -> None:
        question = self.round.current
        if question is None:
            return
        now = self.now()
        left = question.countdown.remaining_s(now)
        state = question.countdown.state(now)
        digits = self.query_one("#countdown", Digits)
        digits.update(clock_text(left))
        digits.set_class(state == "warning", "-warning")
        digits.set_class(state == "overtime", "-overtime")
        if state != "ok" and not self.warned:
            self.warned = True
            self.notify(f"{clock_text(max(left, 0))} left on this question.", title="Time",
                        severity="warning", timeout=4)
        paused = question.phase != REVIEW and not question.countdown.running
        phase = {ANSWER: "Answer aloud (notes optional)", FOLLOW_UP: "Answer the follow-up",
                 REVIEW: "Compare with the model answer, tick the rubric, score 0–5"}[question.phase]
        status = [f"[b]{phase}[/]"]
        if paused:
            status.append("[b $warning]Paused[/] — p resumes")
        if state == "overtime" and question.phase != REVIEW:
            status.append("[b $error]Overtime[/] — keep going, or enter when done")
        self.query_one("#mock-status", Static).update("\n".join(status))
        if self.card.kind == "design" and question.phase != REVIEW:
            elapsed = question.countdown.elapsed(now) // 1000
            parts = []
            for step, mark in design_marks(question.limit_s):
                text = f"{step} {clock_text(mark)}"
                parts.append(f"[b]{text}[/]" if elapsed < mark and not any(
                    p.startswith("[b]") for p in parts) else f"[dim]{text}[/]")
            self.query_one("#mock-marks", Static).update("Time marks: " + " · ".join(parts))

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quit_round", "quit_drill"):
            return self.leaves_app == (action == "quit_drill")
        question = self.round.current
        if question is None:
            return False
        notes_focused = self.focused is self.query_one("#notes", TextArea)
        if action == "leave_notes":
            return notes_focused
        if action == "score":
            return question.phase == REVIEW
        if action in ("pause", "notes"):
            return question.phase != REVIEW
        if action == "story_told":
            return self.card.kind == "star" and not notes_focused
        if action == "outline":
            return self.card.kind in ("design", "star") and question.phase != REVIEW
        if action == "done":
            return question.phase != REVIEW
        if action in ("edit", "edit_form", "rubric"):
            return question.phase == REVIEW
        if action == "scroll":
            return not notes_focused
        return True

    def action_edit(self) -> None:
        if self.round.current is not None:
            self.app.edit_in_editor(self.round.current.card_id)  # type: ignore[attr-defined]

    def action_edit_form(self) -> None:
        if self.round.current is not None:
            self.app.edit_card(self.round.current.card_id)  # type: ignore[attr-defined]

    async def decks_changed(self) -> None:
        """The card was edited: show its new text (the review shows the model answer)."""
        question = self.round.current
        if question is not None:
            self.card = self.ctx.store.cards.get(question.card_id)
            await self._show_phase()

    @reports_store_errors
    async def action_done(self) -> None:
        question = self.round.current
        if question is None or question.phase == REVIEW:
            return
        self._save_notes()
        self.round.advance_phase()
        if question.phase == FOLLOW_UP:
            self.notify("The interviewer asks a follow-up before showing the answer.",
                        timeout=3)
        await self._show_phase()

    @reports_store_errors
    def action_pause(self) -> None:
        question = self.round.current
        if question is None:
            return
        if question.countdown.running:
            self.round.pause()
        else:
            self.round.start()
        self._tick()

    def action_scroll(self, where: str) -> None:
        """Scroll the question and model answer (in the rubric, ↑↓ move between its points)."""
        getattr(self.query_one("#mock-body", VerticalScroll), f"scroll_{where}")(animate=False)

    def action_rubric(self) -> None:
        """Move between the model answer and the rubric (the rubric is scrolled into view)."""
        rubric = self.query_one("#rubric", Checklist)
        if rubric.has_focus:
            self.set_focus(self.query_one("#mock-body"))
        else:
            self.set_focus(rubric)
            self.query_one("#mock-body", VerticalScroll).scroll_to_widget(rubric, animate=False)

    def action_notes(self) -> None:
        self.set_focus(self.query_one("#notes", TextArea))

    def action_leave_notes(self) -> None:
        self._save_notes()
        self.set_focus(self.query_one("#mock-body"))

    def action_story_told(self) -> None:
        from drill.story_bank import for_competencies

        stories = read_stories(self.app)
        matched = for_competencies(stories, self.card.tags)
        ordered = matched + [s for s in stories if s not in matched]
        pick_story(self.app, ordered, "Which story did you tell? (yours for this question first)",
                   self._story_picked)

    @reports_store_errors
    def _story_picked(self, story) -> None:
        if story is None or self.round.current is None:
            return
        self.told = story
        notes = self.query_one("#notes", TextArea)
        line = f"Story told: {story.title}"
        if line not in notes.text:
            notes.text = f"{notes.text.rstrip()}\n{line}".lstrip("\n")
            self._save_notes()
        self._show_told()

    def _show_told(self) -> None:
        """The rubric's check of the story told: its parts as its file says them."""
        from drill.story_bank import rubric_check

        static = self.query_one("#mock-story", Static)
        static.display = self.told is not None
        if self.told is not None:
            checks = "  ".join(("✓ " if met else "✗ ") + what
                               for what, met in rubric_check(self.told))
            static.update(markup("[b]Story told:[/] $title\n$checks", title=self.told.title,
                                 checks=checks))

    def action_outline(self) -> None:
        self.show_outline = not self.show_outline
        self._update_outline()

    @reports_store_errors
    async def action_skip(self) -> None:
        self._save_notes()
        self.round.skip()
        await self._show_question()

    @reports_store_errors
    async def action_score(self, score: int) -> None:
        question = self.round.current
        if question is None or question.phase != REVIEW:
            return
        self.round.score(score, self.ctx.reviewer())
        await self._show_question()

    @reports_store_errors
    def action_quit_round(self) -> None:
        self._save_notes()
        self.round.pause()
        if self.leaves_app:
            self.app.exit(message="drill: round saved; `drill mock` resumes it.")
            return
        self.notify("Round saved: open Mock interview to resume it.", timeout=4)
        self.app.pop_screen()

    def action_quit_drill(self) -> None:
        self.action_quit_round()

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self) -> None:
        self._save_notes()

    @reports_store_errors
    def _save_time(self) -> None:
        self.round.save_time()

    @reports_store_errors
    def _save_notes(self) -> None:
        self.round.set_notes(self.query_one("#notes", TextArea).text)

    @reports_store_errors
    def _save_tick(self, value: str, ticked: bool) -> None:
        self.round.toggle_tick(int(value))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()
