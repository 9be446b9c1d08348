"""The first run: what drill does, how grading works, and where to add cards, on one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from drill.paths import bundled_decks_dir
from drill.tui.fresh import StyledOnce
from drill.tui.text import markdown
from drill.tui.widgets import DrillFooter

NUMBERS = {5: "Five", 6: "Six", 7: "Seven", 8: "Eight", 9: "Nine", 10: "Ten"}


class WelcomeScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "dismiss", "Start", id="welcome.start")]

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        bundled = len([path for path in bundled_decks_dir().glob("*.md")
                       if path.name.lower() != "readme.md"])
        count = NUMBERS.get(bundled, str(bundled))
        text = f"""\
**Welcome to drill.** Each day it shows the interview cards that are due; every answer you
grade moves that card further out, or brings it back soon if you missed it.

**Reviewing**: answer the prompt aloud or in your head, press **space** to see the model
answer, then grade yourself: **5** perfect · **4** correct after thinking (**space** again)
· **3** with difficulty · **2** wrong, familiar · **1** wrong, recalled on seeing it · **0**
blackout. Below 3 the card starts over; below 4 it also returns later today. **u** undoes.

**Decks** are Markdown files. {count} ship with drill; add your own to `{ctx.locations.decks_dir}`
(a `# Title`, then a `## question` per card with the answer below).

**?** shows help and every key · **ctrl+p** finds any command · **enter** starts.
"""
        with VerticalScroll(id="welcome", classes="dialog"):
            yield Markdown(markdown(text))
            yield DrillFooter()
