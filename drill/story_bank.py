"""The story bank: hints while writing a story, coverage of the competencies, the rubric check
of a story told in a mock round, and the bank as one document. No Textual here."""

from __future__ import annotations

import re
from dataclasses import dataclass

from drill.stories import COMPETENCIES, PARTS, Story
from drill.text import count

# Speaking pace assumed for "read aloud": 150 words a minute (a calm interview pace; people speak
# about 130-160 words a minute in conversation).
WORDS_PER_MINUTE = 150
# A story tagged with more competencies than this is "used for everything".
MAX_COMPETENCIES = 5
# The roadmap's behavioural themes (drill.roadmap.load().interview.story_themes) -> competency.
THEME_COMPETENCY = {
    "Challenging project": "challenging-project",
    "Teamwork/collaboration": "teamwork",
    "Handling failure": "failure",
    "Leadership": "leadership",
    "Conflict resolution": "conflict",
    "Time management": "time-management",
    "Learning new technology": "learning",
}

_WORD_RE = re.compile(r"[\w'’]+")
_I_WORDS = {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i’m", "i’ve", "i’d"}
_WE_WORDS = {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we’re", "we’ve"}


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD_RE.findall(text)]


def spoken_seconds(story: Story) -> int:
    """How long the story takes read aloud at WORDS_PER_MINUTE."""
    count = sum(len(words(story.part(key))) for key, _ in PARTS)
    return round(count * 60 / WORDS_PER_MINUTE)


@dataclass(frozen=True)
class Hint:
    code: str  # "no-number", "we-over-i", "long-situation", "too-long", "missing"
    text: str


def hints(story: Story) -> list[Hint]:
    """What would make the story stronger. Never blocking: a story with hints is still saved."""
    found = []
    for key, name in PARTS:
        if not story.part(key).strip():
            found.append(Hint("missing", f"No {name}: every part of STAR counts."))
    if story.result.strip() and not re.search(r"\d", story.result):
        found.append(Hint("no-number", "The result has no number: say what changed, measured "
                                       "(%, ms, hours, users, money)."))
    action_words = words(story.actions)
    mine = sum(w in _I_WORDS for w in action_words)
    ours = sum(w in _WE_WORDS for w in action_words)
    if ours > mine:
        found.append(Hint("we-over-i", f"The actions say “we” {ours}× and “I” {mine}×: "
                                       "say what you yourself did."))
    situation, actions = len(words(story.situation)), len(action_words)
    if situation > actions:
        found.append(Hint("long-situation", f"The situation ({situation} words) is longer than "
                                            f"the actions ({actions}): keep the scene short."))
    seconds, limit = spoken_seconds(story), story.minutes * 60
    if seconds > limit:
        found.append(Hint("too-long", f"About {seconds // 60}:{seconds % 60:02d} read aloud "
                                      f"(at {WORDS_PER_MINUTE} words a minute), over "
                                      f"{story.minutes} min: cut it down."))
    return found


# --- coverage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    competency: str
    stories: tuple[str, ...]  # titles
    theme: str = ""  # the roadmap's behavioural theme this competency stands for

    @property
    def gap(self) -> bool:
        return not self.stories


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CoverageRow, ...]
    overused: tuple[str, ...]  # titles of stories tagged with more than MAX_COMPETENCIES
    stories: tuple[Story, ...]

    @property
    def gaps(self) -> list[str]:
        return [row.competency for row in self.rows if row.gap]

    @property
    def theme_gaps(self) -> list[str]:
        return [row.theme for row in self.rows if row.gap and row.theme]


def roadmap_themes() -> dict[str, str]:
    """competency -> the roadmap's behavioural theme it stands for."""
    from drill.roadmap import load

    themes = load().interview.story_themes
    return {THEME_COMPETENCY[t]: t for t in themes if t in THEME_COMPETENCY}


def coverage(stories: list[Story]) -> Coverage:
    themes = roadmap_themes()
    rows = tuple(CoverageRow(c, tuple(s.title for s in stories if c in s.competencies),
                             themes.get(c, "")) for c in COMPETENCIES)
    overused = tuple(s.title for s in stories if len(s.competencies) > MAX_COMPETENCIES)
    return Coverage(rows, overused, tuple(stories))


def matrix_lines(cov: Coverage, width: int = 80) -> list[str]:
    """The matrix as plain text: a row per competency, a column per story (numbered)."""
    numbers = "".join(f"{i % 10}" for i in range(1, len(cov.stories) + 1))
    lines = [f"{'competency':<22}{numbers}"]
    for row in cov.rows:
        cells = "".join("■" if s.title in row.stories else "·" for s in cov.stories)
        note = "  ← no story" if row.gap else ""
        mark = "*" if row.theme else " "
        lines.append(f"{mark}{row.competency:<21}{cells}{note}"[:width])
    lines.append("")
    lines.append("* a behavioural theme of the roadmap")
    for i, story in enumerate(cov.stories, start=1):
        flag = "  ← used for everything" if story.title in cov.overused else ""
        lines.append(f"{i % 10} {story.title}{flag}"[:width])
    return lines


def coverage_json(cov: Coverage) -> dict[str, object]:
    return {
        "stories": [{"id": s.id, "title": s.title, "path": s.path,
                     "competencies": list(s.competencies), "level": s.level,
                     "minutes": s.minutes, "hints": [h.code for h in hints(s)]}
                    for s in cov.stories],
        "coverage": {row.competency: list(row.stories) for row in cov.rows},
        "gaps": cov.gaps,
        "roadmap_theme_gaps": cov.theme_gaps,
        "overused": list(cov.overused),
    }


# --- a story told in a mock round ----------------------------------------------------------------


def rubric_check(story: Story) -> list[tuple[str, bool]]:
    """The parts a STAR answer is judged on, checked in the story told: (what, met)."""
    codes = {h.code for h in hints(story)}
    return [
        ("Situation short", bool(story.situation.strip()) and "long-situation" not in codes),
        ("Actions in “I”", bool(story.actions.strip()) and "we-over-i" not in codes),
        ("A measured result", bool(story.result.strip()) and "no-number" not in codes),
        ("A lesson", bool(story.learned.strip())),
    ]


def for_competencies(stories: list[Story], competencies: tuple[str, ...] | list[str]) -> list[Story]:
    """The stories that cover any of `competencies`, the best matched first."""
    scored = [(len(set(s.competencies) & set(competencies)), i, s) for i, s in enumerate(stories)]
    return [s for n, _, s in sorted(scored, key=lambda t: (-t[0], t[1])) if n]


def bank_document(stories: list[Story], cov: Coverage) -> str:
    """The whole bank as one Markdown document, to read before an interview."""
    out = ["# My stories", ""]
    if cov.gaps:
        out += ["Competencies with no story yet: " + ", ".join(cov.gaps) + ".", ""]
    for story in stories:
        out.append(f"## {story.title}")
        facts = [", ".join(story.competencies) or "no competencies",
                 story.level, f"{story.minutes} min"]
        out += ["*" + " · ".join(f for f in facts if f) + "*", ""]
        for key, name in PARTS:
            if story.part(key).strip():
                out += [f"### {name}", story.part(key).strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def rehearsal_prompt(title: str, competencies: tuple[str, ...], turn: int, minutes: int) -> str:
    """A story card's prompt in a review (Markdown): its title and one of its competencies,
    a different one each time it comes up."""
    competency = competencies[turn % len(competencies)] if competencies else ""
    ask = f" for **{competency}**" if competency else ""
    within = f" — about {count(minutes, 'minute')}" if minutes else ""
    return f"{title}\n\n*Tell this story aloud{ask}{within}, then show it.*"
