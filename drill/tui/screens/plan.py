"""The study plan: interview dates (add, edit, remove) and the pace to the nearest, with keys that
apply a proposal when the plan doesn't fit, and after an interview its debrief (b).

The dates live in `plan.toml` (drill/plan_file.py); the pace comes from drill/cli_plan.py, the same
text `drill plan` prints. Every change is saved at once, atomically, and the context's plan caches
are dropped so Home and today's queue follow it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static

from drill.plan import DEFAULT_CUTOFF_DAYS, DEFAULT_MINUTES, MIN_CUTOFF_DAYS, Interview
from drill.plan_file import MAX_CARDS
from drill.text import count
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.saving import report_store_error
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter, scroll_now

APPLY = Binding.Group("Apply", compact=True)


def _roles() -> list[tuple[str, str]]:
    """(slug, title) of each roadmap role."""
    from drill.roadmap import ROLE_TITLES, load

    return [(role.slug, ROLE_TITLES.get(role.slug, role.title)) for role in load().roles]


def _when(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days" if days > 0 else "past"


HINTS = {  # what the focused field is for
    "plan-date": "The interview's date: 2026-12-21, 21 Dec or Dec 21.",
    "plan-label": "A name for it, e.g. the company and the stage (optional).",
    "plan-role": "The roadmap role it is for: its material is planned first. None: your "
                 "target role.",
    "plan-minutes": "The minutes a day you can study: the plan says whether it fits.",
    "plan-cutoff": "Every planned card is seen once by this many days before the date (2 to "
                   "60).",
    "plan-cards": "Plan only the first N cards of the plan's order (empty: every card).",
}


class InterviewForm(StyledOnce, ModalScreen[Interview | None]):
    """Add an interview or change one. `save` writes it and returns an error message, or "" when
    it was saved (then the form closes with the interview)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="save the interview", id="plan_form.save"),
        Binding("escape", "dismiss(None)", "Cancel", tooltip="close without saving",
                id="plan_form.cancel"),
    ]

    def __init__(self, roles: list[tuple[str, str]], today: date,
                 save: Callable[[Interview, Interview | None], str],
                 interview: Interview | None = None) -> None:
        super().__init__()
        self.roles = roles
        self.today = today
        self.save = save
        self.interview = interview

    def compose(self) -> ComposeResult:
        before = self.interview
        with VerticalScroll(id="interview-form", classes="dialog"):
            yield Static("Change the interview" if before else "Add an interview",
                         classes="dialog-title")
            with Horizontal(classes="plan-field"):
                yield Label("Date")
                yield Input(before.day.isoformat() if before else "",
                            placeholder="2026-12-21, or 21 Dec", id="plan-date", compact=True)
            yield Static(classes="error", id="plan-date-error")
            with Horizontal(classes="plan-field"):
                yield Label("Label")
                yield Input(before.label if before else "", placeholder="e.g. Acme, onsite",
                            id="plan-label", compact=True)
            with Horizontal(classes="plan-field"):
                yield Label("Role")
                yield Select([("none: your target role", "")]
                             + [(title, slug) for slug, title in self.roles],
                             value=(before.role or "") if before else "", allow_blank=False,
                             id="plan-role", compact=True)
            with Horizontal(classes="plan-field"):
                yield Label("Minutes a day")
                yield Input(str(before.minutes_per_day if before else DEFAULT_MINUTES),
                            type="integer", id="plan-minutes", compact=True)
            yield Static(classes="error", id="plan-minutes-error")
            with Horizontal(classes="plan-field"):
                yield Label("Cut-off days")
                yield Input(str(before.cutoff_days if before else DEFAULT_CUTOFF_DAYS),
                            type="integer", id="plan-cutoff", compact=True)
            yield Static(classes="error", id="plan-cutoff-error")
            with Horizontal(classes="plan-field"):
                yield Label("Cards")
                yield Input(str(before.max_cards or "") if before else "", type="integer",
                            placeholder="every card", id="plan-cards", compact=True)
            yield Static(classes="error", id="plan-cards-error")
            yield Static(classes="hint", id="plan-field-hint")
            yield Static(classes="error", id="plan-save-error")
            yield DrillFooter()

    def on_mount(self) -> None:
        for name in ("date", "minutes", "cutoff", "cards", "save"):
            self._error(name, "")
        self.query_one("#plan-date", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        hint = HINTS.get(event.widget.id or "")
        if hint is not None:
            keys = ("Enter opens the list; ctrl+s saves." if event.widget.id == "plan-role"
                    else "Enter or ctrl+s saves.")
            self.query_one("#plan-field-hint", Static).update(f"{hint} {keys}")

    def _error(self, name: str, message: str) -> None:
        """Show a problem under its field (the line takes no room without one)."""
        shown = self.query_one(f"#plan-{name}-error", Static)
        shown.update(plain(message))
        shown.display = bool(message)

    def _number(self, name: str, low: int, high: int, what: str) -> int | None:
        text = self.query_one(f"#plan-{name}", Input).value.strip()
        value = int(text) if text.lstrip("-").isdigit() else None
        if value is None or not low <= value <= high:
            self._error(name, f"{what}: a whole number from {low} to {high}")
            return None
        self._error(name, "")
        return value

    def _day(self) -> date | None:
        from drill.cli_plan import parse_day

        text = self.query_one("#plan-date", Input).value.strip()
        try:
            day = parse_day(text, self.today) if text else None
        except ValueError as error:
            self._error("date", f"{error}")
            return None
        if day is None:
            self._error("date", "type the interview's date, e.g. 2026-12-21")
            return None
        moved = self.interview is None or day != self.interview.day
        if moved and day < self.today:
            self._error("date", f"{day.isoformat()} is past: plan for today or a later day")
            return None
        self._error("date", "")
        return day

    def built(self) -> Interview | None:
        """The interview the fields describe, or None (each problem shown under its field)."""
        day = self._day()
        minutes = self._number("minutes", 1, 1440, "minutes a day")
        cutoff = self._number("cutoff", MIN_CUTOFF_DAYS, 60, "cut-off days")
        cards: int | None = 0  # empty: every card
        if self.query_one("#plan-cards", Input).value.strip():
            cards = self._number("cards", 1, MAX_CARDS, "cards (or empty: every card)")
        else:
            self._error("cards", "")
        if day is None or minutes is None or cutoff is None or cards is None:
            return None
        role = str(self.query_one("#plan-role", Select).value) or None
        label = " ".join(self.query_one("#plan-label", Input).value.split())
        base = self.interview or Interview(day)
        return replace(base, day=day, label=label, role=role, minutes_per_day=minutes,
                       cutoff_days=cutoff, max_cards=cards or None)

    @on(Input.Submitted)
    def action_save(self) -> None:
        interview = self.built()
        if interview is None:
            self._error("save", "")
            return
        problem = self.save(interview, self.interview)
        self._error("save", problem)
        if not problem:
            self.dismiss(interview)


class ConfirmRemove(StyledOnce, ModalScreen[bool]):
    BINDINGS = [Binding("y", "dismiss(True)", "Remove", id="plan_remove.yes"),
                Binding("n,escape", "dismiss(False)", "Keep", id="plan_remove.no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-remove", classes="dialog"):
            yield Static(plain(self.question), classes="dialog-title")
            yield DrillFooter()


class PlanScreen(StyledOnce, UsesContext, Screen[None]):
    """Interview dates and the pace to the nearest."""

    BINDINGS = [
        Binding("n", "add", "Add", tooltip="add an interview date", id="plan.add"),
        Binding("e", "edit", "Edit", tooltip="change the selected interview", id="plan.edit"),
        Binding("x,delete", "remove", "Remove",
                tooltip="remove the selected interview (after you confirm)", id="plan.remove"),
        Binding("b", "debrief", "Debrief", tooltip="after an interview: the questions you were "
                "asked (they become cards) and the stages that went badly", id="plan.debrief"),
        *[Binding(str(n), f"apply({n})", f"apply {n}", group=APPLY,
                  tooltip="apply the proposal with that number (fewer cards, a later cut-off, "
                          "more minutes)",
                  id=f"plan.apply{n}") for n in (1, 2, 3)],
        Binding("pageup", "scroll('page_up')", "Page up", show=False, priority=True,
                tooltip="scroll the pace up"),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False, priority=True,
                tooltip="scroll the pace down"),
        Binding("escape", "back", "Back", tooltip="back to Home", id="plan.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.interviews: list[Interview] = []
        self.proposals: list = []
        self.paced: Interview | None = None  # the interview the pace aims at
        self.found = None  # its material (drill.plan_material.Material)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="plan"):
            yield Static(id="plan-problems", classes="error")
            yield DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="plan-pace"):
                yield Static(id="plan-pace-text")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = "Study plan"
        table = self.query_one("#interviews", DataTable)
        # The label takes what the other columns leave (each column pads 1 on each side).
        columns = (("Date", 10), ("When", 10), ("Label", 0), ("Role", 18), ("Min", 4),
                   ("Cut-off", 7))
        label = max(12, self.app.size.width - 15 - sum(width for _, width in columns))
        for name, width in columns:
            table.add_column(name, key=name.lower(), width=width or label)
        self.reload()
        table.focus()

    @property
    def path(self):
        from drill.cli_plan import plan_path

        return plan_path(self.ctx)

    def today(self) -> date:
        return self.ctx.calendar.day(self.ctx.clock.now())

    def reload(self) -> None:
        """Read plan.toml again and show it with the pace to the nearest interview."""
        from drill.cli_plan import applicable, pace_lines
        from drill.plan import awaiting_debrief
        from drill.plan_file import load
        from drill.plan_material import current_pace

        ctx = self.ctx
        roles = dict(_roles())
        self.interviews, problems = load(self.path, set(roles))
        self.query_one("#plan-problems", Static).update(plain("\n".join(problems)))
        self.query_one("#plan-problems", Static).display = bool(problems)
        today = self.today()
        table = self.query_one("#interviews", DataTable)
        row = table.cursor_row
        table.clear()
        for index, interview in enumerate(self.interviews):
            table.add_row(interview.day.isoformat(), _when(interview.day, today),
                          plain(" · ".join(part for part in ((
                              f"first {count(interview.max_cards, 'card')}" if interview.max_cards
                              else ""), interview.label) if part)),
                          plain(roles.get(interview.role or "", "")),
                          Text(str(interview.minutes_per_day), justify="right"),
                          Text(str(interview.cutoff_days), justify="right"), key=str(index))
        table.display = bool(self.interviews)
        if self.interviews:
            table.move_cursor(row=min(row, len(self.interviews) - 1))
        result, found = current_pace(ctx, self.interviews)
        self.proposals = applicable(result.proposals) if result else []
        self.found = found
        self.paced = result.interview if result else None
        if not self.interviews:
            lines = ["No interview date set. Press n to add one: drill then paces new cards so "
                     "that every card of the role is seen a week before, and says whether it "
                     "fits in your minutes a day."]
        elif result is None:
            lines = ["Every date is past: n adds the next one."]
        else:
            lines = pace_lines(result, found, keys=True)
        waiting = awaiting_debrief(self.interviews, today)
        if waiting is not None:
            lines += ["", f"How did {waiting.label or waiting.day.isoformat()} go? "
                          "b (or `drill plan debrief`) turns the questions you were asked "
                          "into cards."]
        self.query_one("#plan-pace-text", Static).update(plain("\n".join(lines)))
        self.refresh_bindings()

    def decks_changed(self) -> None:
        """Deck files changed on disk (the app's deck watch): the planned cards may have too."""
        self.reload()

    def selected(self) -> Interview | None:
        table = self.query_one("#interviews", DataTable)
        if not self.interviews or not table.row_count:
            return None
        return self.interviews[min(table.cursor_row, len(self.interviews) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return self.selected() is not None or None
        if action == "debrief":
            return self.to_debrief() is not None or None
        if action == "apply":  # hidden while the plan fits; dim past the proposals there are
            if not self.proposals:
                return False
            return int(parameters[0]) <= len(self.proposals) or None  # type: ignore[arg-type]
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    # --- saving -------------------------------------------------------------------------------

    def _write(self, interviews: list[Interview], role: str | None = None) -> str:
        """Save the plan; returns an error message, or "" when saved."""
        from drill.plan_file import PlanFileError, save
        from drill.store import StoreError

        try:
            save(self.path, interviews, {slug for slug, _ in _roles()})
        except (PlanFileError, OSError) as error:
            return str(error)
        self.ctx.plan_changed()
        if role:  # the plan's role becomes the target role, as with `drill plan set`
            try:
                self.ctx.store.roadmap.set_target_role(role)
            except StoreError as error:  # the plan is saved; only the target role is not
                report_store_error(self, error)
        self.reload()
        return ""

    def _save_interview(self, interview: Interview, before: Interview | None) -> str:
        others = [i for i in self.interviews if i is not before]
        if any(i.day == interview.day and i.label == interview.label for i in others):
            return (f"An interview on {interview.day.isoformat()} with that label is already in "
                    "the plan: edit that one (e), or give this one another label.")
        return self._write(others + [interview], interview.role)

    def _form(self, interview: Interview | None) -> None:
        def saved(result: Interview | None) -> None:
            if result is None:
                return
            self.notify(f"Saved the interview on {result.day.isoformat()}.", timeout=3)
            table = self.query_one("#interviews", DataTable)
            if result in self.interviews:
                table.move_cursor(row=self.interviews.index(result))

        self.app.push_screen(InterviewForm(_roles(), self.today(), self._save_interview,
                                           interview), saved)

    def action_add(self) -> None:
        self._form(None)

    def action_edit(self) -> None:
        interview = self.selected()
        if interview is not None:
            self._form(interview)

    def action_remove(self) -> None:
        interview = self.selected()
        if interview is None:
            return
        name = " · ".join(p for p in (interview.day.isoformat(), interview.label) if p)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            problem = self._write([i for i in self.interviews if i is not interview])
            if problem:
                self.notify(problem, title="Not removed", severity="error", timeout=10)
            else:
                self.notify(f"Removed the interview {name}.", timeout=3)

        self.app.push_screen(ConfirmRemove(f"Remove the interview {name} from your plan? "
                                           "(y removes it, n keeps it)"), answered)

    def action_apply(self, number: int) -> None:
        if not 1 <= number <= len(self.proposals):
            return
        proposal = self.proposals[number - 1]
        target = next((i for i in self.interviews if i is self.paced), None)
        if target is None:
            return
        from drill.cli_plan import applied

        changed = applied(target, proposal, self.found)
        problem = self._write([changed if i is target else i for i in self.interviews])
        if problem:
            self.notify(problem, title="Not applied", severity="error", timeout=10)
        else:
            self.notify(f"Applied: {proposal.text}.", timeout=4)

    def to_debrief(self) -> Interview | None:
        """The selected interview when it is past, else the latest past one not debriefed."""
        from drill.plan import awaiting_debrief

        chosen = self.selected()
        if chosen is not None and chosen.day < self.today():
            return chosen
        return awaiting_debrief(self.interviews, self.today())

    def action_debrief(self) -> None:
        from drill.debrief import debrief_template, record_debrief
        from drill.plan_file import PlanFileError
        from drill.roadmap import load
        from drill.tui.screens.debrief import DebriefForm

        interview = self.to_debrief()
        if interview is None:
            return
        stages = load().interview.stages
        recorded = []

        def save(debrief) -> str:
            try:
                recorded.append(record_debrief(self.ctx, self.path, self.interviews, interview,
                                               debrief, {slug for slug, _ in _roles()}))
            except (PlanFileError, OSError, ValueError) as error:
                return str(error)
            return ""

        def closed(saved: bool | None) -> None:
            if saved and recorded:
                self.ctx.plan_changed()
                self.reload()
                self.notify(recorded[0].summary(), timeout=6)

        name = interview.label or interview.day.isoformat()
        self.app.push_screen(DebriefForm(name, debrief_template(interview, stages),
                                         {stage.number for stage in stages}, save), closed)

    def action_scroll(self, where: str) -> None:
        scroll_now(self.query_one("#plan-pace", VerticalScroll), where)

    def action_back(self) -> None:
        self.app.pop_screen()
