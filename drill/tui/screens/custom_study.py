"""Custom study: more new cards today, cards forgotten lately, a tag or a difficulty, cramming a
deck or tag, reviewing ahead by N days. One dialog; each choice starts a review of those cards.

Everything but the new cards is off schedule (drill.session.ReviewSession.practice): a card due
today is reviewed as usual, any other pass is practice and a fail is a lapse."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drill.deckfile.model import DIFFICULTIES
from drill.review import Filters, build_queue
from drill.session import NEW, ReviewSession
from drill.store import StoreError
from drill.text import count
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.screens.review import ReviewScreen
from drill.tui.text import plain
from drill.tui.widgets import DrillFooter

# id -> (the option's words, what the number means or "", what the name means or "")
KINDS = {
    "new": ("N more new cards today, from one deck or all",
            "How many more new cards (e.g. 10)", "Deck (empty: all decks)"),
    "forgotten": ("Cards forgotten (graded below 3) in the last N days",
                  "How many days back (e.g. 7)", ""),
    "tag": ("Cards of a tag or of a difficulty (off schedule unless due)",
            "", f"Tag, or a difficulty: {', '.join(DIFFICULTIES)}"),
    "cram": ("Cram a deck or tag without changing the schedule",
             "", "Deck or tag"),
    "ahead": ("Review ahead: cards due in the next N days (off schedule)",
              "How many days ahead (e.g. 14)", ""),
}
MAX_NUMBER = 999


def open_custom_study(app: App) -> None:
    """The dialog; the review it chooses opens once it closes."""

    def chosen(session: ReviewSession | None) -> None:
        if session is not None:
            app.push_screen(ReviewScreen(session))

    app.push_screen(CustomStudyScreen(), chosen)


class CustomStudyScreen(StyledOnce, UsesContext, ModalScreen[ReviewSession | None]):
    """Dismissed with the review session chosen, or None (escape). A number that is not one, or
    a deck or tag drill does not know, is said in one line under the fields."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="custom.cancel"),
        Binding("ctrl+s", "start", "Start",
                tooltip="start the review (enter in a field too)", id="custom.start"),
        Binding("f1", "app.help", "Help", tooltip="help: every key, custom study's kinds",
                id="custom.help"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="custom-study", classes="dialog"):
            yield Static("Custom study", classes="dialog-title")
            yield OptionList(*(Option(words, id=kind) for kind, (words, _, _) in KINDS.items()),
                             id="custom-kind", compact=True)
            yield Label("", id="custom-number-label")
            yield Input(id="custom-number", placeholder="a number", compact=True)
            yield Label("", id="custom-name-label")
            yield Input(id="custom-name", placeholder="a name", compact=True)
            yield Static("", id="custom-error", classes="error")
            yield DrillFooter()

    def on_mount(self) -> None:
        kinds = self.query_one("#custom-kind", OptionList)
        kinds.highlighted = 0
        kinds.focus()
        self._show_fields("new")

    @property
    def kind(self) -> str:
        kinds = self.query_one("#custom-kind", OptionList)
        index = kinds.highlighted or 0
        return kinds.get_option_at_index(index).id or "new"

    def _show_fields(self, kind: str) -> None:
        _, number, name = KINDS[kind]
        for field, label in (("number", number), ("name", name)):
            self.query_one(f"#custom-{field}-label", Label).update(label)
            for widget in (self.query_one(f"#custom-{field}-label"),
                           self.query_one(f"#custom-{field}")):
                widget.display = bool(label)
        self.query_one("#custom-error", Static).update("")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_fields(event.option.id or "new")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a kind: on to its first field."""
        event.stop()
        _, number, _ = KINDS[event.option.id or "new"]
        self.query_one("#custom-number" if number else "#custom-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        error = self.query_one("#custom-error", Static)
        try:
            session = self.session()
        except (ValueError, StoreError) as exc:
            error.update(plain(str(exc)))
            return
        self.dismiss(session)

    # --- the cards of each kind ---------------------------------------------------------------

    def session(self) -> ReviewSession:
        """The review the fields ask for; ValueError with one line saying what is wrong."""
        kind = self.kind
        ctx = self.ctx
        store, reviewer = ctx.store, ctx.reviewer()
        today = reviewer.today()
        number = self._number() if KINDS[kind][1] else 0
        name = self.query_one("#custom-name", Input).value.strip()
        if kind == "new":
            return self._more_new(number, self._deck(name) if name else None)
        if kind == "ahead":
            session = ReviewSession.ahead(store, reviewer, days=number, limit=MAX_NUMBER)
            if not session.pending:
                raise ValueError(f"Nothing falls due in the next {count(number, 'day')}.")
            return session
        if kind == "forgotten":
            first = (today - timedelta(days=number - 1)).isoformat()
            cards, title = (store.queue.forgotten_since(first),
                            f"Forgotten in {count(number, 'day')}")
        else:
            filters, difficulty = self._filters(kind, name)
            rows = store.queue.rows(today.isoformat(), filters.deck, filters.tag,
                                    difficulty=difficulty)
            cards = [row["id"] for row in sorted(rows, key=lambda r: (r["path"], r["line"]))]
            what = (f"deck {filters.deck}" if filters.deck else f"tag {filters.tag}"
                    if filters.tag else f"{difficulty} cards")
            title = f"{'Cram' if kind == 'cram' else 'Custom study'}: {what}"
        if not cards:
            raise ValueError("No cards to study there." if kind != "forgotten" else
                             f"No card was graded below 3 in the last {count(number, 'day')}.")
        return ReviewSession.practice(store, reviewer, cards, title)

    def _number(self) -> int:
        text = self.query_one("#custom-number", Input).value.strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
            raise ValueError(f"Type a whole number from 1 to {MAX_NUMBER}, not {text!r}."
                             if text else "Type a number first.")
        return int(text)

    def _deck(self, name: str) -> str:
        decks = {deck.casefold(): deck for deck in self.ctx.store.cards.decks()}
        if name.casefold() not in decks:
            raise ValueError(f"No deck is called {name!r}. Home lists your decks.")
        return decks[name.casefold()]

    def _filters(self, kind: str, name: str) -> tuple[Filters, str | None]:
        """A tag, a difficulty (kind "tag") or a deck (kind "cram") named in the field."""
        if not name:
            raise ValueError("Type a tag or a difficulty." if kind == "tag" else
                             "Type a deck or a tag.")
        if kind == "tag" and name.casefold() in DIFFICULTIES:
            return Filters(), name.casefold()
        decks = {deck.casefold(): deck for deck in self.ctx.store.cards.decks()}
        if kind == "cram" and name.casefold() in decks:
            return Filters(deck=decks[name.casefold()]), None
        tags = {tag.casefold(): tag for tag in self.ctx.store.cards.tags()}
        if name.casefold() in tags:
            return Filters(tag=tags[name.casefold()]), None
        what = "tag or difficulty" if kind == "tag" else "deck or tag"
        raise ValueError(f"No {what} is called {name!r}.")

    def _more_new(self, count: int, deck: str | None) -> ReviewSession:
        """`count` more new cards today (the day's allowance grows by that many), of one deck
        or all: a review of those new cards, on schedule."""
        ctx = self.ctx
        reviewer = ctx.reviewer()
        today = reviewer.today()
        filters = Filters(deck=deck)
        role = ctx.store.roadmap.target_role()
        if not build_queue(ctx.store, today, ctx.limits, filters, role).new_available:
            raise ValueError(f"No new cards wait in {deck or 'your decks'}.")
        ctx.store.prefs.allow_extra_new(today.isoformat(), count)
        cards = build_queue(ctx.store, today, ctx.limits, filters, role).new[:count]
        return ReviewSession(ctx.store, reviewer, cards, dict.fromkeys(cards, NEW),
                             title=f"{deck or 'All decks'} · {count} more new")
