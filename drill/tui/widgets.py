"""Reusable widgets: a card (prompt and answer as Markdown), the bar of grades, a checklist."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Rule, Static
from textual.widgets.option_list import Option

from drill.sm2 import ANKI_BUTTONS
from drill.store import StoredCard
from drill.text import escape_control
from drill.tui.footer import DrillFooter  # noqa: F401 (the screens import it from here)
from drill.tui.keypoints import KeyPoints
from drill.tui.text import markdown, markup

# Anki-style buttons: key -> (word, SM-2 grade), from drill.sm2's mapping.
ANKI_GRADES = {key: (word.title(), grade)
               for key, (word, grade) in enumerate(ANKI_BUTTONS.items(), start=1)}
# Short words for the grade bar; the help screen and the README give the full meanings.
GRADE_SHORT = {5: "perfect", 4: "correct", 3: "hard", 2: "familiar", 1: "recalled", 0: "blackout"}
# Shorter still, for a grade bar that must fit 80 columns.
GRADE_SHORTER = {5: "perfect", 4: "good", 3: "hard", 2: "close", 1: "wrong", 0: "blank"}


def describe_interval(days: int) -> str:
    if days <= 0:
        return "today"
    if days < 31:
        return f"{days}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


class CardView(VerticalScroll, can_focus=False):
    """One card: its deck line, the prompt, and the answer (hidden until revealed).

    The review screen keeps two of these and fills the hidden one with the next card while the
    user reads, so moving on only swaps which one is shown. Showing and hiding use inline
    `visible` (a repaint), never a CSS class: a class change restyles every widget of a long
    answer, which took 100-300 ms.
    """

    DEFAULT_CSS = """
    CardView { height: 1fr; padding: 0 2; }
    CardView .card-meta { color: $text-muted; padding: 1 0 0 0; }
    CardView Markdown { margin: 0; padding: 0; }
    CardView #prompt MarkdownParagraph { text-style: bold; color: $text-accent; }
    /* Code wraps instead of running off the right edge: a review has no sideways scrolling. */
    CardView MarkdownFence { overflow-x: hidden; }
    CardView MarkdownFence > Label { width: 1fr; text-wrap: wrap; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.card: StoredCard | None = None

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it loads with the first card, not at start

        yield Static(classes="card-meta")
        yield Markdown(id="prompt")
        yield Rule(id="separator")
        yield Markdown(id="answer")
        yield KeyPoints(id="key-points")

    def on_mount(self) -> None:
        self._set_revealed(False)

    def _set_revealed(self, revealed: bool) -> None:
        from textual.widgets import Markdown

        self.query_one("#separator", Rule).visible = revealed
        self.query_one("#answer", Markdown).visible = revealed
        self.query_one("#key-points", KeyPoints).visible = revealed

    async def show_card(self, card: StoredCard, note: str = "") -> None:
        """Render a card (answer hidden). `note` is drill's own markup; card text is shown plain."""
        from textual.widgets import Markdown

        self.card = card
        self._set_revealed(False)
        tags = f" · {', '.join(card.tags)}" if card.tags else ""
        self.query_one(".card-meta", Static).update(
            markup(f"$meta{note}", meta=f"{card.deck} · {card.kind} · {card.difficulty}{tags}"))
        await self.query_one("#prompt", Markdown).update(markdown(card.prompt))
        from drill.decks import split_key_points  # here, not at start: Home needs no parser

        answer, points = split_key_points(card.answer)  # the points show as a checklist
        self.query_one("#key-points", KeyPoints).set_points(points)
        await self.query_one("#answer", Markdown).update(markdown(answer))
        self.scroll_home(animate=False, immediate=True)

    def reveal(self) -> None:
        self._set_revealed(True)

    @property
    def revealed(self) -> bool:
        from textual.widgets import Markdown

        return self.query_one("#answer", Markdown).visible

    @property
    def key_points(self) -> KeyPoints:
        return self.query_one("#key-points", KeyPoints)


class GradeBar(Static):
    """The grades with their words and the interval each would give, on one line; below it, what
    `↻` and space mean. Words get shorter, then go, when the line would not fit."""

    # A fixed height: showing or hiding the grades must not resize the card above it, which
    # would lay out both (long) card views again.
    DEFAULT_CSS = """
    GradeBar { height: 2; padding: 0 1; background: $boost; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[Text] = []  # the grade line, widest wording first
        self._legend = Text()
        self._again_today = False  # grades below 4 also bring the card back today (↻)

    def show_grades(self, intervals: dict[int, int], mode: str, again_today: bool) -> None:
        """`again_today`: grades below 4 also bring the card back later today (marked ↻)."""

        def line(words: dict[int, str] | None) -> Text:
            parts = []
            for key, grade in keys:
                mark = "↻" if again_today and grade < 4 else ""
                word = f" {words[key]}" if words else ""
                parts.append(Text.assemble((str(key), "bold"), word, " ",
                                           (f"{describe_interval(intervals[grade])}{mark}", "dim")))
            return Text("  ").join(parts)

        if mode == "anki":
            keys = [(key, grade) for key, (_, grade) in ANKI_GRADES.items()]
            wordings = [{key: word for key, (word, _) in ANKI_GRADES.items()}, None]
        else:
            keys = [(g, g) for g in range(5, -1, -1)]
            wordings = [GRADE_SHORT, GRADE_SHORTER, None]
        self._lines = [line(words) for words in wordings]
        self._again_today = again_today
        self.set_space("4" if mode != "anki" else "Good")

    def set_space(self, grade: str) -> None:
        """Say what space gives now (4, or the grade suggested from the key points ticked)."""
        legend = f"space = {grade}"
        if self._again_today:
            legend = f"↻ = comes back later today · {legend}"
        self._legend = Text(legend, style="dim")
        self._render_lines()

    def _render_lines(self) -> None:
        if not self._lines:
            return
        width = self.content_size.width or self.app.size.width - 2
        fitting = next((text for text in self._lines if text.cell_len <= width), self._lines[-1])
        self.update(Text("\n").join([fitting, self._legend]))

    def on_resize(self) -> None:
        self._render_lines()

    def hide(self) -> None:
        self._lines = []
        self.update(Text("space shows the answer", style="dim"))


def scroll_bindings() -> list[Binding]:
    """Keys that scroll a screen's reading pane from the screen itself, whatever has focus
    (the screen's `action_scroll(where)` does the scrolling)."""
    return [
        Binding("up,k", "scroll('up')", "Scroll up", show=False),
        Binding("down,j", "scroll('down')", "Scroll down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]


def scroll_now(view: Widget, where: str) -> None:
    """Scroll `view` (`up`, `down`, `page_up`, `page_down`, `home`, `end`) at once, not after the
    next refresh, so a key acts on the view as the user sees it: a deferred scroll can land after
    a later key's."""
    if where in ("page_up", "page_down"):
        page = view.scrollable_content_region.height
        y = view.scroll_y + (page if where == "page_down" else -page)
        view.scroll_to(y=y, animate=False, immediate=True)
    else:
        getattr(view, f"scroll_{where}")(animate=False, immediate=True)


TICKED, UNTICKED = "[x]", "[ ]"


class Checklist(OptionList):
    """Items to tick with space or enter. Ticked and unticked items differ by glyph (`[x]`, `[ ]`),
    not only by colour, so they read the same with NO_COLOR or a monochrome terminal. Item text
    is shown as plain text, never parsed as markup."""

    BINDINGS = [
        Binding("space", "toggle", "Tick", id="checklist.toggle"),
        Binding("enter", "toggle", "Tick", show=False),
    ]

    DEFAULT_CSS = """
    Checklist { height: auto; }
    """

    @dataclass
    class Toggled(Message):
        checklist: Checklist
        value: str
        ticked: bool

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(self, items: Iterable[tuple[str, str, bool]] = (),
                 save: Callable[[str, bool], object] | None = None, **kwargs) -> None:
        """`items`: (text, value, ticked) triples. `save(value, ticked)` stores a tick in the same
        key press that draws it, so a quit typed right after it can't overtake it (as a queued
        `Toggled` message could); `Toggled` follows for what only the screen shows."""
        super().__init__(**kwargs)
        self.save = save
        self.ticked: set[str] = set()
        self.set_items(items)

    def set_items(self, items: Iterable[tuple[str, str, bool]]) -> None:
        self.clear_options()
        self.ticked = set()
        self._texts: dict[str, str] = {}
        for text, value, ticked in items:
            self._texts[value] = text
            if ticked:
                self.ticked.add(value)
            self.add_option(Option(self._prompt(value), id=value))
        if self.option_count:
            self.highlighted = 0

    def _prompt(self, value: str) -> Content:
        glyph = TICKED if value in self.ticked else UNTICKED
        return Content(f"{glyph} {escape_control(self._texts[value])}")

    def action_toggle(self) -> None:
        if self.highlighted is None:
            return
        value = self.get_option_at_index(self.highlighted).id
        if value is None:
            return
        ticked = value not in self.ticked
        if self.save is not None:
            self.save(value, ticked)
        if ticked:
            self.ticked.add(value)
        else:
            self.ticked.discard(value)
        self.replace_option_prompt_at_index(self.highlighted, self._prompt(value))
        self.post_message(self.Toggled(self, value, ticked))
