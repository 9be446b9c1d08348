"""A recall card's reference: the long card it stands for, read over the review (o opens it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, Static

from drill.store import StoredCard
from drill.tui.fresh import StyledOnce
from drill.tui.widgets import scroll_bindings


class ReferenceScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,o,q", "dismiss", "Close", id="reference.close"),
        *scroll_bindings(),
        Binding("space", "scroll('page_down')", "Page down", show=False),
    ]
    DEFAULT_CSS = """
    ReferenceScreen { align: center middle; }
    ReferenceScreen #reference { width: 90%; max-width: 110; height: 90%;
                                 background: $panel; border: round $primary; padding: 0 1; }
    ReferenceScreen #reference-meta { color: $text-muted; }
    ReferenceScreen #reference Markdown { margin: 0; padding: 0; }
    ReferenceScreen #reference-prompt MarkdownParagraph { text-style: bold; }
    """

    def __init__(self, card: StoredCard) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="reference", can_focus=False):
            yield Static(id="reference-meta")
            yield Markdown(id="reference-prompt")
            yield Markdown(id="reference-answer")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        card = self.card
        self.query_one("#reference-meta", Static).update(
            Content(f"Reference · {card.deck} · {card.kind} · id {card.id} · o closes"))
        await self.query_one("#reference-prompt", Markdown).update(card.prompt)
        await self.query_one("#reference-answer", Markdown).update(card.answer)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one("#reference", VerticalScroll), f"scroll_{where}")(animate=False)
