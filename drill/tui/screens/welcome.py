"""The first run: what drill does, how grading works, and where to add cards, on one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown


class WelcomeScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape,space", "dismiss", "Start", id="welcome.start")]

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        text = f"""\
# Welcome to drill

drill gets you ready for ML and AI interviews with spaced repetition: each day it shows the
cards that are due, and every answer you grade moves that card further out (or brings it back
soon, if you missed it).

**A review**: read the prompt and answer it, aloud or in your head. Press **space** to see the
model answer, then grade yourself:
**5** perfect · **4** correct after thinking (or just press **space**) · **3** correct with
difficulty · **2** wrong but familiar · **1** wrong, remembered on seeing it · **0** blackout.
Below 3 the card starts again tomorrow; below 4 it also comes back later today. **u** undoes.

**Decks** are Markdown files. Six ship with drill (ML fundamentals, deep learning, ML system
design, behavioural STAR, coding patterns, MLOps and LLMs). Add your own to
`{ctx.locations.decks_dir}`: a `# Title`, then a `## question` per card with its answer below.

Press **?** at any time for help and every key; **ctrl+p** finds any command.

**Press enter to start.**
"""
        with VerticalScroll(id="welcome", classes="dialog"):
            yield Markdown(text)
            yield Footer(compact=True)
