"""STAR story files: parse, format and stamp them, and turn stories into cards (design decision 11).

A story file is Markdown in the user's `stories/` folder (next to their decks). Each `# Title`
starts a story; the metadata comment on the line below it holds the id, competencies, role level,
target minutes and the parts to make recall cards of; `## Situation`, `## Task`, `## Actions`,
`## Result` and `## What I learned` hold its parts. The format is documented in README.md.
Parsing never raises: every problem is a `Problem` with the file and line. Nothing here imports
Textual or touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drill.deckfile.model import ID_RE, Card, Deck, Problem
from drill.deckfile.parse import decode_deck
from drill.deckfile.stamp import StampResult, derive_id, split_lines
from drill.files import atomic_write

STORIES_DECK = "My stories"
STORY_KIND = "story"
# The competencies behavioural cards are tagged with (decks/README.md, "Competencies").
COMPETENCIES = (
    "self-introduction", "motivation", "challenging-project", "teamwork", "failure", "leadership",
    "conflict", "time-management", "learning", "ambiguity", "influence", "disagreement",
    "customer-focus", "mentoring", "communication", "ownership", "feedback", "prioritisation",
    "ethics", "adaptability", "impact",
)
LEVELS = ("junior", "mid", "senior", "staff", "principal", "manager")
# (field, heading as written by drill); other accepted spellings are in _PART_NAMES.
PARTS = (("situation", "Situation"), ("task", "Task"), ("actions", "Actions"),
         ("result", "Result"), ("learned", "What I learned"))
_PART_NAMES = {name.casefold(): key for key, name in PARTS} | {
    "action": "actions", "learned": "learned", "lesson": "learned", "lessons": "learned",
    "what i learnt": "learned"}
STORY_KEYS = ("id", "competencies", "level", "minutes", "recall")
DEFAULT_MINUTES = 2
# Recall cards a story can ask for (`recall: result, learned`): part -> the card's prompt.
RECALL_PROMPTS = {
    "situation": "The situation of “{title}”, in two sentences",
    "task": "Your task in “{title}”",
    "actions": "What you yourself did in “{title}”",
    "result": "The result of “{title}”, in numbers",
    "learned": "What you learned from “{title}”",
}

_H1_RE = re.compile(r"^ {0,3}#(?:[ \t]+(.*)|[ \t]*)$")
_H2_RE = re.compile(r"^ {0,3}##(?:[ \t]+(.*)|[ \t]*)$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_BAD = "-"  # inside a part reported as unknown or repeated


@dataclass(frozen=True)
class Story:
    """One STAR story as its file says it."""

    title: str
    id: str | None = None
    situation: str = ""
    task: str = ""
    actions: str = ""
    result: str = ""
    learned: str = ""
    competencies: tuple[str, ...] = ()
    level: str = ""
    minutes: int = DEFAULT_MINUTES
    recall: tuple[str, ...] = ()
    path: str = ""
    line: int = 0

    def part(self, key: str) -> str:
        return str(getattr(self, key))

    def has_a_part(self) -> bool:
        """Whether any STAR part is written: a story file with none is an error when read, and
        the form and `drill story add` save no such story."""
        return any(self.part(key).strip() for key, _ in PARTS)


@dataclass
class StoryFile:
    path: str
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class _Parser:
    def __init__(self, path: str) -> None:
        self.file = StoryFile(path)
        self.seen_ids: dict[str, int] = {}

    def problem(self, line: int, message: str, hint: str) -> None:
        self.file.problems.append(Problem(self.file.path, line, message, hint))

    def meta(self, lineno: int, text: str) -> dict[str, object]:
        stripped = text.strip()
        if not stripped.endswith("-->"):
            self.problem(lineno, "metadata comment is not closed on its line",
                         "write it on one line: <!-- competencies: ownership; minutes: 2 -->")
            return {}
        found: dict[str, object] = {}
        for part in stripped[4:-3].split(";"):
            if not part.strip():
                continue
            key, sep, value = (s.strip() for s in part.partition(":"))
            key = key.lower()
            if not sep or key not in STORY_KEYS or not value:
                self.problem(lineno, f"unreadable story metadata {part.strip()!r}",
                             f"write key: value pairs separated by ';' with keys "
                             f"{', '.join(STORY_KEYS)}")
            elif key == "id" and not ID_RE.fullmatch(value):
                self.problem(lineno, f"id {value!r} is not valid",
                             "an id is 8-64 letters, digits, '-' or '_'; delete it and drill "
                             "stamps one")
            elif key == "competencies" and (bad := [c for c in _list(value)
                                                    if c not in COMPETENCIES]):
                self.problem(lineno, f"unknown competency {bad[0]!r}",
                             f"use any of: {', '.join(COMPETENCIES)}")
            elif key == "level" and value not in LEVELS:
                self.problem(lineno, f"unknown level {value!r}", f"use one of: {', '.join(LEVELS)}")
            elif key == "minutes" and not (value.isdigit() and 1 <= int(value) <= 30):
                self.problem(lineno, f"minutes {value!r} is not a number from 1 to 30",
                             "the minutes you aim to tell the story in, e.g. minutes: 2")
            elif key == "recall" and (bad := [p for p in _list(value)
                                              if p not in RECALL_PROMPTS]):
                self.problem(lineno, f"no part {bad[0]!r} to make a recall card of",
                             f"use any of: {', '.join(RECALL_PROMPTS)}")
            else:
                found[key] = (tuple(dict.fromkeys(_list(value)))
                              if key in ("competencies", "recall") else
                              int(value) if key == "minutes" else value)
        return found

    def finish(self, head: dict | None) -> None:
        if head is None:
            return
        line, title = head["line"], head["title"]
        parts = {key: "\n".join(text).strip() for key, text in head["parts"].items()}
        meta = head["meta"]
        story_id = meta.get("id")
        story = Story(title, story_id, **parts, **{  # type: ignore[arg-type]
            k: v for k, v in meta.items() if k != "id"}, path=self.file.path, line=line)
        if not title:
            self.problem(line, "story has no title", "write the title after '# '")
        if not story.has_a_part():
            self.problem(line, f"story {title[:40]!r} has no parts",
                         "add '## Situation', '## Task', '## Actions', '## Result' and "
                         "'## What I learned' sections below its title")
        if isinstance(story_id, str):
            if story_id in self.seen_ids:
                self.problem(line, f"duplicate id {story_id!r} (also on line "
                                   f"{self.seen_ids[story_id]})",
                             "every story needs its own id: delete this id line and drill "
                             "stamps a new one")
            self.seen_ids.setdefault(story_id, line)
        self.file.stories.append(story)


def parse_stories(data: bytes, path: str) -> StoryFile:
    """Parse a story file's bytes; never raises."""
    parser = _Parser(path)
    text, bad_line, detail = decode_deck(data)
    if text is None:
        parser.problem(bad_line, f"not valid UTF-8 text ({detail})",
                       "save the file as UTF-8 in your editor")
        return parser.file
    head: dict | None = None
    part: str | None = None
    in_meta = False
    fence = False
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        h1 = None if fence else _H1_RE.match(line)
        h2 = None if fence else _H2_RE.match(line)
        if h1:
            parser.finish(head)
            head = {"line": lineno, "title": (h1.group(1) or "").strip().rstrip("#").strip(),
                    "meta": {}, "parts": {}}
            part, in_meta = None, True
            continue
        if in_meta and line.strip().startswith("<!--"):
            assert head is not None
            head["meta"].update(parser.meta(lineno, line))
            continue
        in_meta = False
        if h2 and head is not None:
            name = (h2.group(1) or "").strip().rstrip("#").strip()
            key = _PART_NAMES.get(name.casefold())
            if key is None:
                parser.problem(lineno, f"unknown part {name!r}",
                               "use '## Situation', '## Task', '## Actions', '## Result' or "
                               "'## What I learned' (a '###' heading can go inside a part)")
                part = _BAD
            elif key in head["parts"]:
                parser.problem(lineno, f"part {name!r} given twice", "merge the two into one")
                part = _BAD
            else:
                head["parts"][key] = []
                part = key
            continue
        if _FENCE_RE.match(line):
            fence = not fence
        if part == _BAD:
            continue  # the text of a part already reported
        if part is not None and head is not None:
            head["parts"][part].append(line)
        elif line.strip():
            where = "before the first story title" if head is None else "outside a part"
            parser.problem(lineno, f"text {where} is not part of a story",
                           "start a story with '# Title' and put text under '## Situation', "
                           "'## Task', '## Actions', '## Result' or '## What I learned'")
    parser.finish(head)
    return parser.file


def parse_story_file(path: Path) -> StoryFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        result = StoryFile(str(path))
        result.problems.append(Problem(str(path), 0, f"cannot read: {exc.strerror or exc}",
                                       "check the file's permissions"))
        return result
    return parse_stories(data, str(path))


def format_story(story: Story) -> str:
    """A story as Markdown in the documented format (parsing it gives the same story)."""
    meta = [("id", story.id or ""), ("competencies", ", ".join(story.competencies)),
            ("level", story.level),
            ("minutes", str(story.minutes) if story.minutes != DEFAULT_MINUTES else ""),
            ("recall", ", ".join(story.recall))]
    body = "; ".join(f"{k}: {v}" for k, v in meta if v)
    out = [f"# {story.title}\n" + (f"<!-- {body} -->\n" if body else "")]
    for key, name in PARTS:
        out.append(f"## {name}\n{story.part(key).strip()}\n")
    return "\n".join(out)


def slug(title: str) -> str:
    return _SLUG_RE.sub("-", title.casefold()).strip("-")[:60] or "story"


def new_story_path(folder: Path, title: str) -> Path:
    """A file name for a new story in `folder` that no file has yet."""
    base = slug(title)
    path, n = folder / f"{base}.md", 2
    while path.exists():
        path, n = folder / f"{base}-{n}.md", n + 1
    return path


def write_new_story(folder: Path, story: Story) -> Path:
    """Write a new story file atomically (never over an existing file). Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(5):
        path = new_story_path(folder, story.title)
        if atomic_write(path, format_story(story).encode(), new=True):
            return path
    raise OSError(f"could not find a free file name for {story.title!r} in {folder}")


def stamp_story_ids(path: Path, taken: set[str] | frozenset[str] = frozenset()) -> StampResult:
    """Add `<!-- id: ... -->` below every story title without an id; only added lines change,
    atomically, and nothing is written if the file has errors or changed meanwhile."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return StampResult(path, skipped=f"cannot read file: {exc.strerror or exc}")
    parsed = parse_stories(data, str(path))
    if not parsed.ok:
        return StampResult(path, skipped="the file has errors; fix them first")
    used = set(taken) | {s.id for s in parsed.stories if s.id}
    stamped: dict[int, str] = {}
    for story in parsed.stories:
        if story.id is None:
            stamped[story.line] = derive_id(STORIES_DECK, story.title, used)
            used.add(stamped[story.line])
    if not stamped:
        return StampResult(path)
    out: list[bytes] = []
    for lineno, line in enumerate(split_lines(data), start=1):
        out.append(line)
        if lineno in stamped:
            eol = b"\r\n" if line.endswith(b"\r\n") else b"\n"
            if not line.endswith(b"\n"):
                out[-1] = line + eol
            out.append(f"<!-- id: {stamped[lineno]} -->".encode() + eol)
    try:
        written = atomic_write(path, b"".join(out), expected=data)
    except OSError as exc:
        return StampResult(path, skipped=f"cannot write: {exc.strerror or exc}", unwritable=True)
    if not written:
        return StampResult(path, skipped="the file changed while drill was stamping it; try "
                                         "again", recovered=written.recovered)
    return StampResult(path, stamped)


def story_answer(story: Story) -> str:
    """The story as a card's answer: its parts under `###` headings."""
    lines = []
    if story.competencies:
        lines.append("Competencies: " + ", ".join(story.competencies) + "\n")
    for key, name in PARTS:
        if story.part(key).strip():
            lines.append(f"### {name}\n{story.part(key).strip()}\n")
    return "\n".join(lines).strip()


def recall_id(story_id: str, part: str) -> str:
    """The stable id of a story's recall card for one part."""
    return f"{story_id}-{part}"


def story_cards(story: Story) -> list[Card]:
    """A story's card (kind `story`) and the recall cards it asks for."""
    cards = [Card(story.id, story.title, story_answer(story) or "(empty)", STORIES_DECK,
                  kind=STORY_KIND, tags=story.competencies, path=story.path, line=story.line)]
    for part in story.recall if story.id else ():
        text = story.part(part).strip()
        if text:
            cards.append(Card(recall_id(story.id, part),
                              RECALL_PROMPTS[part].format(title=story.title), text,
                              STORIES_DECK, tags=("recall",),
                              path=story.path, line=story.line, of=story.id))
    return cards


def story_deck(path: Path) -> Deck:
    """A story file as a deck of story cards (what sync reads). A story without an id gives a
    card without one, whose id sync stamps (or derives) from the deck title and the story title,
    exactly as `stamp_story_ids` does."""
    parsed = parse_story_file(path)
    deck = Deck(str(path), STORIES_DECK, problems=parsed.problems)
    if parsed.ok:
        deck.cards = [card for story in parsed.stories for card in story_cards(story)]
    return deck


def load_stories(folder: Path) -> tuple[list[Story], list[Problem]]:
    """Every story in a folder's story files (files with errors are reported, not read)."""
    from drill.deckfile.walk import DeckWalk

    stories: list[Story] = []
    walk = DeckWalk()
    problems: list[Problem] = []
    if not Path(folder).is_dir():
        return stories, problems
    for path in walk.files(Path(folder)):
        parsed = parse_story_file(path)
        problems += parsed.problems
        if parsed.ok:
            stories += parsed.stories
    return stories, problems + walk.problems


def replace_story(path: Path, story_id: str, story: Story) -> int:
    """Rewrite one story of a file (found by id) as `story`, atomically, leaving every other
    line as it was. Returns the story's line. Raises OSError (unreadable, unwritable, changed
    meanwhile) or KeyError (no such story, or the file has errors)."""
    path = Path(path)
    data = path.read_bytes()
    parsed = parse_stories(data, str(path))
    if not parsed.ok:
        raise KeyError(f"{path} has errors; fix them in your editor first")
    lines = split_lines(data)
    starts = [s.line for s in parsed.stories]
    old = next((s for s in parsed.stories if s.id == story_id), None)
    if old is None:
        raise KeyError(f"no story {story_id} in {path}")
    following = [line for line in starts if line > old.line]
    end = following[0] - 1 if following else len(lines)
    crlf = bool(lines) and lines[0].endswith(b"\r\n")
    block = format_story(Story(**{**story.__dict__, "id": story_id}))
    if following:
        block += "\n"
    encoded = block.replace("\n", "\r\n").encode() if crlf else block.encode()
    new = b"".join(lines[: old.line - 1]) + encoded + b"".join(lines[end:])
    written = atomic_write(path, new, expected=data)
    if not written:
        raise OSError(f"{path} changed on disk while drill was saving: nothing was written; "
                      "open the story again")
    return old.line


def target_minutes(path: str, story_id: str, default: int) -> int:
    """The minutes a story aims to be told in, as its file says now (`default` if unreadable)."""
    parsed = parse_story_file(Path(path))
    return next((s.minutes for s in parsed.stories if s.id == story_id), default)
