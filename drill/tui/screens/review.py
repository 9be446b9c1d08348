"""Review: the prompt, space to reveal, a grade (with the interval it gives), undo to the start."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static

from drill.clock import epoch_ms
from drill.progress import classify
from drill.review import suggest_grade
from drill.session import AHEAD, CRAM, DUE, NEW, REPEAT, ReviewSession
from drill.store import StoredCard, StoreError
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.keypoints import TICK_KEYS
from drill.tui.saving import report_store_error
from drill.tui.screens.card_info import CardInfoScreen
from drill.tui.screens.stories import open_story, pick_story, stories_for_card
from drill.tui.screens.summary import SummaryScreen
from drill.tui.text import markup
from drill.tui.widgets import ANKI_GRADES, CardView, DrillFooter, GradeBar, scroll_bindings, scroll_now

GRADE = Binding.Group("Grade", compact=True)
T = TypeVar("T")


def _grade_bindings() -> list[Binding]:
    sm2 = [Binding(str(g), f"grade({g})", f"grade {g}", group=GRADE, id=f"review.grade{g}")
           for g in range(6)]
    return sm2


class ReviewScreen(StyledOnce, UsesContext, Screen[None]):
    BINDINGS = [
        Binding("space", "reveal", "Show",
                tooltip="show the answer", id="review.reveal"),
        Binding("space", "grade_default", "4",
                tooltip="once the answer shows: grade 4 (correct after a moment's thought)",
                id="review.space_grade"),
        Binding("space", "grade_suggested", "Accept",
                tooltip="once the answer shows: give the suggested grade (from the key points "
                "you ticked and the time taken)", id="review.accept"),
        *_grade_bindings(),
        *(Binding(key, f"tick({n})", "Tick", show=False,
                  tooltip="tick or untick a key point you covered") for n, key in enumerate(TICK_KEYS)),
        Binding("y", "your_story", "Your story",
                tooltip="on a behavioural card: open one of your stories for its competencies",
                id="review.story"),
        Binding("o", "reference", "Reference",
                tooltip="on a recall card: open the card it recalls", id="review.reference"),
        Binding("r", "retry", "Retry saving",
                tooltip="save the grade again after the database refused it", id="review.retry"),
        Binding("u", "undo", "Undo",
                tooltip="undo, step by step back to the start of the session", id="review.undo"),
        Binding("b", "bury", "Bury",
                tooltip="bury: hide the card until tomorrow", id="review.bury"),
        Binding("x", "suspend", "Suspend",
                tooltip="suspend: take the card out of review until you put it back", id="review.suspend"),
        Binding("e", "edit", "Edit",
                tooltip="edit the card in your $EDITOR", id="review.edit"),
        Binding("E", "edit_form", "Edit here", show=False,
                tooltip="edit the card here, in the card form", id="review.edit_form"),
        Binding("i", "info", "Info",
                tooltip="the card's details and its whole review history", id="review.info"),
        Binding("escape", "finish", "End",
                tooltip="end the session and see its summary", id="review.end"),
        # The card scrolls from the screen (it never takes focus: see CardView).
        *scroll_bindings(),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.cards: dict[str, StoredCard] = {}
        self.shown_ms = 0
        self.card_started_ms = 0
        self.busy = False
        self.unsaved: tuple[int, int] | None = None  # (grade, duration) whose write failed
        self.shown_at = 0.0  # perf_counter() when the current card was last drawn
        self.revealed_ms = 0  # when the answer was revealed: the time taken to answer
        self.linked: list = []  # the user's stories shown under a revealed behavioural card
        self.story_limits: dict[str, int] = {}  # story card -> its target, in seconds

    @property
    def mode(self) -> str:
        return self.ctx.settings.grade_buttons

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="review-status"):
            yield Static(id="progress")
            yield Static(id="timer")
        with Container(id="cards"):
            yield CardView(id="card-a")
            yield CardView(id="card-b")
        yield Static(id="review-stories")
        yield GradeBar(id="grades")
        yield DrillFooter()

    async def on_mount(self) -> None:
        self.sub_title = self.session.title
        self.front, self.back = self.query_one("#card-a", CardView), self.query_one("#card-b", CardView)
        self.front.styles.layer, self.back.styles.layer = "a", "b"
        self._stack()
        self.set_interval(1, self._tick)
        await self._show_current(prepared=False)

    # --- showing cards ------------------------------------------------------------------------

    def _card(self, card_id: str) -> StoredCard | None:
        card = self.cards.get(card_id)
        if card is None:
            card = self.ctx.store.cards.get(card_id)
            if card is not None and card.kind == "story" and card.of_id is None:
                from drill.story_bank import rehearsal_prompt

                # Told aloud against the timer: its title and one competency (another each time).
                turn = self.ctx.store.log.progress(card_id).reviews
                card = card._replace(prompt=rehearsal_prompt(
                    card.prompt, card.tags, turn, -(-self._limit_of(card) // 60)))
            if card is not None:
                self.cards[card_id] = card
        return card

    async def _show_current(self, prepared: bool) -> None:
        """Show the session's current card: swap in the prepared view if it holds that card."""
        current = self.session.current
        # `prepared`: the card in hand was just finished, so a time box over ends the session.
        if current is None or (prepared and self.session.time_up):
            self._finish()
            return
        card = self._card(current)
        if card is None:  # vanished from the store: skip it rather than stop the session
            self.session.pending.pop(0)
            await self._show_current(prepared=False)
            return
        if prepared and self.back.card is not None and self.back.card.id == current:
            self.front, self.back = self.back, self.front
        else:
            await self.front.show_card(card, self._note(card))
        self._stack()
        self.query_one("#grades", GradeBar).hide()
        self._show_stories(None)
        self.card_started_ms = epoch_ms(self.ctx.clock.now())
        self._update_status()
        self.refresh_bindings()
        self.call_after_refresh(self._shown)

    def _shown(self) -> None:
        """The new card is on screen: note when (for the benchmark), then prepare the next."""
        self.shown_at = time.perf_counter()
        self.call_after_refresh(self._prepare_next)

    def deck_in_view(self) -> str | None:
        return self.front.card.deck if self.front.card is not None else None

    def _stack(self) -> None:
        """Show the front view. Both views stay laid out (each on its own layer, in the same
        place), so a swap only repaints; a `display: none` view is laid out when shown."""
        self.front.visible, self.back.visible = True, False

    def _note(self, card: StoredCard) -> str:
        progress = self.ctx.store.log.progress(card.id)
        notes = []
        if progress.is_leech:
            notes.append("[b $warning]leech[/]")
        if card.edited_ms and progress.last_ms and card.edited_ms > progress.last_ms:
            notes.append("[i]edited[/]")
        return (" · " + " · ".join(notes)) if notes else ""

    async def _prepare_next(self) -> None:
        """While the user reads: render the next card into the hidden view, save the WAL, and
        collect garbage now rather than let a full collection (~150 ms) land on a grade."""
        upcoming = self.session.upcoming
        if upcoming is not None and (self.back.card is None or self.back.card.id != upcoming):
            card = self._card(upcoming)
            if card is not None:
                await self.back.show_card(card, self._note(card))
        self.ctx.store.checkpoint()
        gc.collect()

    def _update_status(self) -> None:
        remaining = self.session.remaining()
        parts = [f"[b]{self.session.done}[/] done"]
        for slot, word in ((DUE, "due"), (NEW, "new"), (REPEAT, "repeat"), (AHEAD, "ahead"),
                           (CRAM, "final-week")):
            if remaining.get(slot):
                parts.append(f"{remaining[slot]} {word}")
        left = self.session.seconds_left
        if left is not None:  # a time box: the minutes left, rounded up
            parts.append(f"{-(-left // 60)} min left" if left else "time's up after this card")
        if self.unsaved is not None:
            parts.append("[b $error]not saved — r retries[/]")
        self.query_one("#progress", Static).update(" · ".join(parts))
        self._tick()

    def _limit(self) -> int:
        """The answer timer of the current card's kind, in seconds (0: none)."""
        card = self.front.card if hasattr(self, "front") else None
        return self._limit_of(card) if card is not None else 0

    def _limit_of(self, card: StoredCard) -> int:
        limit = self.ctx.settings.answer_limit(card.kind)
        if limit and card.kind == "story" and card.of_id is None:  # the story's own target
            if card.id not in self.story_limits:
                from drill.stories import target_minutes

                self.story_limits[card.id] = 60 * target_minutes(card.path, card.id,
                                                                 -(-limit // 60))
            return self.story_limits[card.id]
        return limit

    def _tick(self) -> None:
        seconds = max(0, (epoch_ms(self.ctx.clock.now()) - self.card_started_ms) // 1000)
        text = f"{seconds // 60}:{seconds % 60:02d}"
        limit = self._limit()
        if limit:
            text = f"{text} / {limit // 60}:{limit % 60:02d}"
            if seconds > limit and not self.front.revealed:
                text = f"[b $warning]{text} over[/]"
        self.query_one("#timer", Static).update(text)

    def _suggestion(self) -> int:
        points = self.front.key_points
        seconds = max(0, self.revealed_ms - self.card_started_ms) / 1000
        return suggest_grade(len(points.ticked), len(points.points), seconds, self._limit())

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        has_card = self.session.current is not None
        revealed = self.front.revealed if hasattr(self, "front") else False
        if action == "reveal":
            return has_card and not revealed
        points = len(self.front.key_points.points) if hasattr(self, "front") else 0
        if action == "tick":
            return has_card and revealed and parameters[0] < points  # type: ignore[operator]
        if action in ("grade", "grade_default", "grade_suggested"):
            if not (has_card and revealed):
                return False
            if action == "grade" and self.mode == "anki":
                return parameters[0] in (1, 2, 3, 4)
            if action != "grade":
                return (action == "grade_suggested") == bool(points)
            return True
        if action == "reference":
            card = self.front.card if hasattr(self, "front") else None
            return has_card and card is not None and card.of_id is not None
        if action == "your_story":
            return has_card and revealed and bool(self.linked)
        if action == "retry":
            return self.unsaved is not None  # hidden until a grade could not be saved
        if action == "undo":
            return bool(self.session.steps) or None
        if action in ("bury", "suspend", "edit", "edit_form", "info"):
            return has_card or None
        return True

    def action_scroll(self, where: str) -> None:
        scroll_now(self.front, where)

    def action_reveal(self) -> None:
        self.revealed_ms = epoch_ms(self.ctx.clock.now())
        self.front.reveal()
        if self.front.key_points.points:
            self.front.key_points.show_suggestion(self._suggestion())
        card_id = self.session.current
        if card_id is not None:
            reviewer = self.ctx.reviewer()
            off_schedule = self.session.off_schedule_for(card_id)
            intervals = reviewer.preview(card_id, off_schedule)
            kind = classify(self.ctx.store.log.progress(card_id), reviewer.today(),
                            off_schedule)
            self.query_one("#grades", GradeBar).show_grades(intervals, self.mode,
                                                            again_today=kind != "practice")
            self._show_space()
            card = self.front.card
            if card is not None and card.kind == "star":
                self._show_stories(stories_for_card(self.app, card.tags))
        self.refresh_bindings()

    def _suggested_grade(self) -> int:
        """The grade space gives on a card with key points (the nearest button in Anki mode)."""
        grade = self._suggestion()
        if self.mode == "anki":  # the nearest Anki button: Again, Hard, Good or Easy
            grade = max(g for _, g in ANKI_GRADES.values() if g <= max(grade, 1))
        return grade

    def _show_space(self) -> None:
        """The grade bar says what space gives: 4, or the grade the key points suggest."""
        if not self.front.key_points.points:
            return
        grade = self._suggested_grade()
        word = next((w for w, g in ANKI_GRADES.values() if g == grade), str(grade)) \
            if self.mode == "anki" else str(grade)
        self.query_one("#grades", GradeBar).set_space(f"{word} (suggested by the points ticked)")

    async def action_grade(self, key: int) -> None:
        grade = ANKI_GRADES[key][1] if self.mode == "anki" else key
        await self._grade(grade)

    async def action_grade_default(self) -> None:
        await self._grade(4)

    async def action_grade_suggested(self) -> None:
        await self._grade(self._suggested_grade())

    def action_tick(self, index: int) -> None:
        points = self.front.key_points
        points.toggle(index)
        points.show_suggestion(self._suggestion())
        self._show_space()

    def _show_stories(self, stories) -> None:
        """Under a revealed behavioural card: the user's stories for its competencies."""
        self.linked = stories or []
        line = self.query_one("#review-stories", Static)
        line.display = bool(self.linked)
        if self.linked:
            titles = " · ".join(story.title for story in self.linked[:4])
            more = f" (+{len(self.linked) - 4})" if len(self.linked) > 4 else ""
            line.update(markup("Your stories: $titles$more — [b]y[/] opens", titles=titles,
                               more=more))

    def action_your_story(self) -> None:
        if len(self.linked) == 1:
            open_story(self.app, self.linked[0])
        elif self.linked:
            pick_story(self.app, self.linked, "Your stories for this question — enter reads one",
                       lambda story: open_story(self.app, story) if story else None)

    def action_reference(self) -> None:
        card = self.front.card
        if card is not None and card.of_id is not None:
            reference = self.ctx.store.cards.get(card.of_id)
            if reference is None or reference.orphaned_ms is not None:
                self.notify(f"The reference card {card.of_id} is not in your decks.",
                            severity="warning", timeout=4)
                return
            from drill.tui.screens.reference import ReferenceScreen  # loads markdown-it

            self.app.push_screen(ReferenceScreen(reference))

    async def _grade(self, grade: int, duration: int | None = None) -> None:
        if self.busy or self.session.current is None:
            return
        self.busy = True
        try:
            if duration is None:
                duration = epoch_ms(self.ctx.clock.now()) - self.card_started_ms
            saved, _ = self._saved(self.session.grade, grade, duration)
            if not saved:
                self.unsaved = (grade, duration)  # the card stays; r gives the grade again
                self._update_status()
                self.refresh_bindings()
                return
            self.unsaved = None
            await self._show_current(prepared=True)  # only after the grade is committed
        finally:
            self.busy = False

    async def action_retry(self) -> None:
        if self.unsaved is not None:
            await self._grade(*self.unsaved)

    def _saved(self, write: Callable[..., T], *args: object) -> tuple[bool, T | None]:
        """Run a write; when the database refuses it (locked, read-only, full), say why and
        return (False, None): the app goes on, and nothing of the write was kept."""
        try:
            return True, write(*args)
        except StoreError as exc:
            report_store_error(self, exc)
            return False, None

    async def action_undo(self) -> None:
        _, step = self._saved(self.session.undo)
        if step is None:
            return
        self.unsaved = None
        what = {"grade": f"grade {step.grade}", "bury": "bury", "suspend": "suspend"}[step.action]
        self.notify(f"Undid {what}.", timeout=2)
        self.cards.pop(step.card_id, None)
        await self._show_current(prepared=False)

    async def action_bury(self) -> None:
        saved, _ = self._saved(self.session.bury)
        if saved:
            self.notify("Buried until tomorrow. u undoes.", timeout=3)
            await self._show_current(prepared=True)

    async def action_suspend(self) -> None:
        saved, _ = self._saved(self.session.suspend)
        if saved:
            self.notify("Suspended: it will not come up again until unsuspended. u undoes.",
                        timeout=4)
            await self._show_current(prepared=True)

    def action_info(self) -> None:
        card_id = self.session.current
        if card_id is not None:
            self.app.push_screen(CardInfoScreen(card_id))

    def action_edit_form(self) -> None:
        if self.session.current is not None:
            self.app.edit_card(self.session.current)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        card_id = self.session.current
        if card_id is not None:
            self.app.edit_in_editor(card_id)  # type: ignore[attr-defined]

    async def decks_changed(self) -> None:
        """A deck file changed on disk: show the current card's new text, keep the reveal."""
        revealed = self.front.revealed
        self.cards.clear()
        self.story_limits.clear()
        self.back.card = None
        current = self.session.current
        if current is not None and self.ctx.store.cards.get(current) is not None:
            card = self._card(current)
            assert card is not None
            if self.front.card is None or card != self.front.card:
                await self.front.show_card(card, self._note(card))
                if revealed:
                    self.front.reveal()
                    if self.front.key_points.points:  # ticks start again on the new text
                        self.front.key_points.show_suggestion(self._suggestion())
            self.refresh_bindings()

    def action_finish(self) -> None:
        self._finish()

    def _finish(self) -> None:
        if self.session.done or self.session.steps:
            self.app.switch_screen(SummaryScreen(self.session))
        else:
            self.app.pop_screen()
