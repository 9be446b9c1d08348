"""Add a card, or edit one, in a form with a live Markdown preview; saved atomically to a deck file."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Markdown, Select, Static, TextArea

from drill.authoring import NewCard, add_card, parse_tags, replace_card, validate
from drill.decks import DIFFICULTIES, KINDS
from drill.editing import edit_target
from drill.store import StoredCard, StoreError
from drill.tui.context import UsesContext
from drill.tui.fresh import StyledOnce
from drill.tui.text import markdown, plain
from drill.tui.widgets import DrillFooter

LAST_DECK = "last_add_deck"  # meta key: the deck a card was last added to

NEW_DECK = "\nnew"  # a title is one line: no deck has this one


class CardFormScreen(StyledOnce, UsesContext, Screen[str | None]):
    """Dismisses with the saved card's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save",
                tooltip="save the card into your deck file", id="form.save"),
        Binding("escape", "cancel", "Cancel",
                tooltip="close without saving", id="form.cancel"),
    ]

    def __init__(self, card: StoredCard | None = None, deck: str | None = None) -> None:
        super().__init__()
        self.card = card
        self.initial_deck = card.deck if card else deck

    def compose(self) -> ComposeResult:
        card = self.card
        decks = list(self.ctx.store.cards.decks())
        options = [(plain(deck), deck) for deck in decks] + [("New deck…", NEW_DECK)]
        initial = self.initial_deck if self.initial_deck in decks else (
            decks[0] if decks else NEW_DECK)
        yield Header()
        with Horizontal(id="card-form"):
            with VerticalScroll(id="form-fields"):
                yield Label("[b]Deck[/]")
                yield Select(options, value=initial, allow_blank=False, id="deck",
                             disabled=card is not None)
                yield Input(placeholder="Title of the new deck", id="new-deck")
                yield Static(classes="error", id="deck-error")
                yield Label("[b]Question[/] (one line)")
                yield Input(card.prompt if card else "", id="prompt-input")
                yield Static(classes="error", id="prompt-error")
                yield Label("[b]Answer[/] (Markdown; ### for sub-headings)")
                yield TextArea(card.answer if card else "", id="answer-input", language="markdown",
                               soft_wrap=True, tab_behavior="focus")
                yield Static(classes="error", id="answer-error")
                yield Label("Tags (separated by commas: a, b)")
                yield Input(", ".join(card.tags) if card else "", id="tags")
                yield Static(classes="error", id="tags-error")
                with Horizontal(id="form-meta"):
                    with Vertical():
                        yield Label("Kind")
                        yield Select([(k, k) for k in KINDS], value=card.kind if card else
                                     "concept", allow_blank=False, id="kind")
                    with Vertical():
                        yield Label("Difficulty")
                        yield Select([(d, d) for d in DIFFICULTIES], value=card.difficulty if
                                     card else "medium", allow_blank=False, id="difficulty")
            with VerticalScroll(id="form-preview"):
                yield Markdown(id="preview")
        yield DrillFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Edit card {self.card.id}" if self.card else "Add a card"
        self._deck_changed()
        self.query_one("#prompt-input", Input).focus()
        self.call_after_refresh(self._preview)

    # --- live feedback -------------------------------------------------------------------------

    def _deck_title(self) -> str:
        value = self.query_one("#deck", Select).value
        if value == NEW_DECK:
            return self.query_one("#new-deck", Input).value.strip()
        return str(value)

    @on(Select.Changed, "#deck")
    def _deck_changed(self) -> None:
        value = self.query_one("#deck", Select).value
        self.query_one("#new-deck", Input).display = value == NEW_DECK
        if self.card is None:  # a new card takes its deck's usual kind; a new deck, concept
            kind = "concept" if value == NEW_DECK else self.ctx.store.cards.deck_kind(str(value))
            self.query_one("#kind", Select).value = kind or "concept"

    @on(TextArea.Changed, "#answer-input")
    @on(Input.Changed, "#prompt-input")
    async def _preview(self) -> None:
        prompt = self.query_one("#prompt-input", Input).value.strip() or "(question)"
        answer = self.query_one("#answer-input", TextArea).text.strip() or "(answer)"
        await self.query_one("#preview", Markdown).update(markdown(f"## {prompt}\n\n{answer}"))

    def _new_card(self) -> NewCard:
        return NewCard(
            deck=self._deck_title(),
            prompt=self.query_one("#prompt-input", Input).value,
            answer=self.query_one("#answer-input", TextArea).text,
            tags=parse_tags(self.query_one("#tags", Input).value),
            kind=str(self.query_one("#kind", Select).value),
            difficulty=str(self.query_one("#difficulty", Select).value),
        )

    def _problems(self, card: NewCard) -> dict[str, str]:
        store = self.ctx.store
        prompts = {prompt for card_id, prompt in store.cards.deck_prompts(card.deck).items()
                   if self.card is None or card_id != self.card.id}
        problems = validate(card, prompts)
        for field in ("deck", "prompt", "answer", "tags"):
            self.query_one(f"#{field}-error", Static).update(plain(problems.get(field, "")))
        return problems

    # --- actions ---------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        card = self._new_card()
        if self._problems(card):
            self.notify("Fix the fields marked in red.", severity="error", timeout=3)
            return
        ctx = self.ctx
        try:
            if self.card is None:
                added = add_card(card, ctx.locations.decks_dir, set(ctx.store.cards.index()))
                card_id, where = added.card_id, f"{added.path}:{added.line}"
                with contextlib.suppress(StoreError):  # only a default for next time
                    ctx.store.meta.set(LAST_DECK, card.deck)
            else:
                target = edit_target(self.card, ctx.locations.decks_dir)
                line = replace_card(Path(target.path), self.card.id, card)
                card_id, where = self.card.id, f"{target.path}:{line}"
        except (OSError, KeyError) as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return
        with contextlib.suppress(StoreError):  # the file is saved; the deck watch retries
            ctx.sync()
        bundled = self.card is not None and self.card.origin == "bundled"
        if bundled or (self.card is None and ctx.store.cards.deck_is_bundled(card.deck)):
            note = "your deck of that title (bundled decks are never written)"
        else:
            note = "your deck"
        self.notify(f"Saved to {note}: {where}", title="Card saved", timeout=5)
        self.dismiss(card_id)
