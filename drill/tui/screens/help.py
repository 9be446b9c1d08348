"""Help: the grades explained, every key of every screen, and where decks and data live."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from drill.sm2 import GRADE_WORDS
from drill.tui.fresh import StyledOnce
from drill.tui.text import markdown
from drill.tui.widgets import DrillFooter


def key_name(binding: Binding) -> str:
    return (binding.key.replace("question_mark", "?").replace("left_square_bracket", "[")
            .replace("right_square_bracket", "]").replace("slash", "/").replace(",", ", "))


def keys_table(title: str, bindings: list) -> str:
    """One line per key: the key, then what it does in words (a binding's tooltip where it has
    one, as the footer's word is short)."""
    rows: list[tuple[str, str]] = []
    seen = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = key_name(binding)
        description = binding.tooltip or binding.description
        if binding.group is not None:
            members = [b.key for b in bindings
                       if isinstance(b, Binding) and b.group is binding.group]
            keys = f"{members[0]}–{members[-1]}"
            description = (f"{binding.group.description.lower()}: 0 (worst) to 5 (best)"
                           if keys == "0–5" else description)
        if (keys, description) in seen:
            continue
        seen.add((keys, description))
        rows.append((keys, description))
    width = max((len(keys) for keys, _ in rows), default=0)
    lines = [f"- `{keys:<{width}}` {description}" for keys, description in rows]
    return "\n".join([f"### {title}", "", *lines])


def screens_with_keys() -> list[tuple[str, type]]:
    """Every screen whose keys the help lists, in the order a user meets them."""
    from drill.tui.screens.browse import BrowseScreen
    from drill.tui.screens.card_form import CardFormScreen
    from drill.tui.screens.custom_study import CustomStudyScreen
    from drill.tui.screens.home import HomeScreen
    from drill.tui.screens.mock import MockSetupScreen
    from drill.tui.screens.mock_results import MockHistoryScreen, MockSummaryScreen
    from drill.tui.screens.mock_round import MockRoundScreen
    from drill.tui.screens.plan import InterviewForm, PlanScreen
    from drill.tui.screens.review import ReviewScreen
    from drill.tui.screens.roadmap import RoadmapScreen
    from drill.tui.screens.settings import SettingsScreen
    from drill.tui.screens.stats import StatsScreen
    from drill.tui.screens.stats_filter import StatsFilterScreen
    from drill.tui.screens.stories import StoriesScreen
    from drill.tui.screens.story_form import StoryFormScreen
    from drill.tui.screens.summary import SummaryScreen

    return [("Home", HomeScreen), ("Custom study", CustomStudyScreen), ("Review", ReviewScreen),
            ("Session summary", SummaryScreen),
            ("Mock interview: choosing a round", MockSetupScreen),
            ("Mock interview: a round", MockRoundScreen),
            ("Mock interview: summary", MockSummaryScreen),
            ("Mock interview: history", MockHistoryScreen), ("Browse cards", BrowseScreen),
            ("Card form (add or edit)", CardFormScreen), ("Career roadmap", RoadmapScreen),
            ("Statistics", StatsScreen), ("Statistics: filter", StatsFilterScreen),
            ("Study plan", PlanScreen), ("Study plan: an interview", InterviewForm),
            ("STAR story bank", StoriesScreen), ("Story form (write or edit)", StoryFormScreen),
            ("Settings", SettingsScreen)]


def help_text(app) -> str:
    ctx = app.ctx
    grades = "\n".join(f"- `{g}` {GRADE_WORDS[g]}" for g in range(5, -1, -1))
    sections = [*((title, screen.BINDINGS) for title, screen in screens_with_keys()),
        ("Everywhere", [*type(app).BINDINGS,
                        Binding("ctrl+p", "command_palette", "command palette: every section "
                                "and action, themes"),
                        Binding("ctrl+q", "quit", "quit")]),
    ]
    return f"""\
# Help

## Grades

After revealing the answer, grade how well you recalled it. **space** means 4.

{grades}

3 or more is a pass: the card moves out to 1 day, then 6, then the interval times its easiness.
Below 3 is a lapse: it starts again at 1 day. Below 4, the card also comes back later today until
you grade it 4 or 5. With *Anki buttons* (Settings) the keys are 1 Again, 2 Hard, 3 Good, 4 Easy
(grades 1, 3, 4, 5). The interval each grade gives is shown next to it.

A card that lapses 8 times is a **leech**: rewrite it, split it, or suspend it.

## Keys

{chr(10).join(keys_table(title, bindings) + chr(10) for title, bindings in sections)}

## Where things live

- Your decks: `{ctx.locations.decks_dir}`
- Your STAR stories: `{ctx.locations.stories_dir}`
- Bundled decks are read-only: edit a bundled card (e) and drill copies it into your deck.
- Your progress (the database): `{ctx.store.path or 'in memory'}`
- Settings: `{ctx.locations.config_file}`
- Backups: `{ctx.locations.backups_dir}`

A deck is a Markdown file: `# Title`, then one `## question` per card with the answer below it.
Run `drill check` in a terminal to find mistakes in your decks.
"""


class HelpScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(markdown(help_text(self.app)))
            yield DrillFooter()
