"""Parse Markdown decks into cards. Parsing never raises: every problem becomes a `Problem`
carrying the file, the line, what is wrong and how to fix it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from drill.deckfile.model import (
    CARD_KEYS,
    DECK_KEYS,
    DEFAULT_DIFFICULTY,
    DEFAULT_KIND,
    DIFFICULTIES,
    ID_RE,
    KEY_POINTS,
    KINDS,
    MAX_KEY_POINT_CHARS,
    MAX_KEY_POINTS,
    MIN_KEY_POINTS,
    ROLES,
    TAG_RE,
    Card,
    Deck,
    DeckDefaults,
    Problem,
    Severity,
    normalise,
)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_H1_RE = re.compile(r"^ {0,3}#(?:[ \t]+(.*)|[ \t]*)$")
_H2_RE = re.compile(r"^ {0,3}##(?:[ \t]+(.*)|[ \t]*)$")
# Where every line the three patterns above can match begins (a newline, up to three spaces, then
# their first character): one search of the whole text (after a newline put before it) finds
# them, and the lines between them (most of a deck) are never looked at one by one. (A leading
# newline, not `^` with re.MULTILINE: the search then skips from newline to newline, 3x faster.)
_STRUCTURE_RE = re.compile(r"\n {0,3}[`~#]")
_CLOSING_HASHES_RE = re.compile(r"[ \t]+#+[ \t]*$")
_META_LIKE_RE = re.compile(r"^\s*<!--.*\b(?:id|tags|kind|difficulty|roles|replaces|of)\s*:",
                           re.IGNORECASE)
_BOM = b"\xef\xbb\xbf"
_BULLET_RE = re.compile(r"^[-*+] +(\S.*)$")
# A metadata part `id: <valid id>`, as parse_meta reads it: the key, stripped, is `id` in any case
# (no other character lower-cases to `i` or `d`), the value, stripped, a valid id (`\s` is
# whitespace as str.strip() sees it).
_ID_PART_RE = re.compile(rf"\s*[iI][dD]\s*:\s*({ID_RE.pattern})\s*")


def _heading_text(raw: str | None) -> str:
    text = (raw or "").strip()
    if not text.endswith("#") or set(text) <= {"#"}:  # closing hashes end with a '#'
        return text
    return _CLOSING_HASHES_RE.sub("", text).strip()


def _snippet(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def decode_deck(data: bytes) -> tuple[str | None, int, str]:
    """Decode deck bytes as UTF-8 (a leading BOM is dropped). On failure: (None, line, detail)."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8"), 0, ""
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, line, f"byte 0x{data[exc.start]:02x} at column {column}"


class _Builder:
    """Accumulates the state of one parse; kept separate so `parse_deck` reads top to bottom."""

    def __init__(self, path: str) -> None:
        self.deck = Deck(path=path)
        self.seen_ids: dict[str, int] = {}
        self.seen_prompts: dict[str, int] = {}
        self.valid: dict[tuple[str, str], object] = {}  # (key, value) -> its checked value
        # A `key: value` part (as written, spaces and all) read before without a problem -> its
        # key and checked value: cards repeat their tags, kind and roles, word for word.
        self.parts: dict[str, tuple[str, object]] = {}

    def problem(self, line: int, message: str, hint: str = "", severity: Severity = "error"):
        self.deck.problems.append(Problem(self.deck.path, line, message, hint, severity))

    def parse_meta(self, lines: list[str], start: int, end: int, allowed: tuple[str, ...],
                   where: str):
        """Read `<!-- key: value; ... -->` lines (`lines[start:end]`) into a dict of validated
        values."""
        meta: dict[str, object] = {}
        parts = self.parts
        for lineno in range(start + 1, end + 1):
            line = lines[lineno - 1]
            stripped = line.strip()
            if not stripped.endswith("-->"):
                self.problem(
                    lineno, "metadata comment is not closed on its line",
                    "write the whole comment on one line: <!-- key: value; key: value -->")
                continue
            inner = stripped[4:-3]
            if not inner.strip():
                self.problem(lineno, "empty metadata comment",
                             "delete the line, or write <!-- key: value -->")
                continue
            for part in inner.split(";"):  # (spaces around a part end in its key or value)
                if "id" not in meta and "id" in allowed:  # (the id comes first, as a rule)
                    id_part = _ID_PART_RE.fullmatch(part)
                    if id_part is not None:
                        meta["id"] = id_part.group(1)
                        continue
                known = parts.get(part)
                if known is not None and known[0] in allowed and known[0] not in meta:
                    meta[known[0]] = known[1]
                    continue
                key, sep, value = part.partition(":")
                key = key.strip().lower()
                if not sep or not key:
                    part = part.strip()
                    if part:
                        self.problem(lineno,
                                     f"malformed metadata {part!r}: expected 'key: value'",
                                     "separate keys from values with ':' and pairs with ';'")
                    continue
                value = value.strip()
                if key not in allowed:
                    self.problem(lineno, f"unknown {where} metadata key {key!r}",
                                 f"known keys here: {', '.join(allowed)}")
                    continue
                if key in meta:
                    self.problem(lineno, f"metadata key {key!r} given twice",
                                 "keep one of them")
                    continue
                if not value:
                    self.problem(lineno, f"metadata key {key!r} has no value",
                                 "give it a value, or delete the key")
                    continue
                if key == "id" and ID_RE.fullmatch(value):  # every card's: no call for it
                    meta[key] = value
                    continue
                checked = self.valid.get((key, value))
                if checked is None:
                    checked = self.check_value(lineno, key, value)
                    if checked is not None and key != "id":  # ids are not repeated
                        self.valid[(key, value)] = checked
                if checked is not None:
                    meta[key] = checked
                    parts[part] = (key, checked)  # (never an id: those are read above)
        return meta

    def check_value(self, lineno: int, key: str, value: str) -> object | None:
        if key == "id":
            if ID_RE.fullmatch(value):
                return value
            self.problem(lineno, f"id {_snippet(value)!r} is not valid",
                         "an id is 8-64 letters, digits, '-' or '_'; delete it and drill stamps one")
        elif key == "of":
            if ID_RE.fullmatch(value):
                return value
            self.problem(lineno, f"'of: {_snippet(value)}' is not a card id",
                         "write the id of the reference card this recall card belongs to")
        elif key == "replaces":
            ids = [i.strip() for i in value.split(",") if i.strip()]
            bad = [i for i in ids if not ID_RE.fullmatch(i)]
            if ids and not bad:
                return tuple(dict.fromkeys(ids))
            self.problem(lineno, f"'replaces: {_snippet(value)}' holds an invalid id "
                                 f"{_snippet(bad[0]) if bad else ''!r}",
                         "list the ids of the cards merged into this one: replaces: abcd1234, "
                         "efgh5678")
        elif key == "kind":
            if value in KINDS:
                return value
            self.problem(lineno, f"unknown kind {_snippet(value)!r}",
                         f"use one of: {', '.join(KINDS)}")
        elif key == "difficulty":
            if value in DIFFICULTIES:
                return value
            self.problem(lineno, f"unknown difficulty {_snippet(value)!r}",
                         f"use one of: {', '.join(DIFFICULTIES)}")
        elif key == "tags":
            tags = [t.strip() for t in value.split(",") if t.strip()]
            bad = [t for t in tags if not TAG_RE.fullmatch(t)]
            if not bad:
                return tuple(dict.fromkeys(tags))
            self.problem(lineno, f"tag {_snippet(bad[0])!r} is not valid",
                         "tags are lower case letters, digits, '-', '/' or '.', "
                         "e.g. 'linear-models'")
        elif key == "roles":
            roles = [r.strip() for r in value.split(",") if r.strip()]
            bad = [r for r in roles if r not in ROLES]
            if not bad:
                return tuple(dict.fromkeys(roles))
            self.problem(lineno, f"unknown role {_snippet(bad[0])!r}",
                         f"use any of: {', '.join(ROLES)}")
        return None

    def add_card(self, line: int, raw_prompt: str | None, lines: list[str], start: int,
                 end: int):
        """The card whose heading is on `line`, its metadata comments below it up to
        `lines[start]`, where its body begins; the body ends before `lines[end]`."""
        deck = self.deck
        meta: dict[str, Any] = (self.parse_meta(lines, line, start, CARD_KEYS, "card")
                                if start > line else {})
        prompt = (raw_prompt or "").strip()
        if prompt.endswith("#"):  # (else it has no closing hashes)
            prompt = _heading_text(prompt)
        while start < end and not lines[start].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        body = lines[start:end]
        answer = "\n".join(body)
        if not prompt:
            self.problem(line, "card has an empty prompt",
                         "write the question after '## ', or delete the line")
        if not body:  # (its first line is not blank: the answer is not blank either)
            what = f"card {_snippet(prompt)!r}" if prompt else "card"
            self.problem(line, f"{what} has a question but no answer",
                         "add text under the heading, or delete the heading")
        if "<!--" in answer:  # else no line of it can be a metadata comment
            for offset, text in enumerate(body):
                if "<!--" in text and _META_LIKE_RE.match(text):
                    self.problem(
                        start + 1 + offset, "metadata comment inside the answer is ignored",
                        "move it to the line right below the '## ' heading", "warning")
        card_id: str | None = meta.get("id")  # type: ignore[assignment]
        if card_id is not None and ("replaces" in meta or "of" in meta):
            self.check_links(line, card_id, meta)
        if "### " in answer:  # else the answer has no sections: nothing to check
            self.check_key_points(body, start + 1)
        if card_id is not None:
            first = self.seen_ids.get(card_id)
            if first is not None:
                self.problem(line, f"duplicate id {card_id!r} (also on line {first})",
                             "every card needs its own id: delete this id line and drill "
                             "stamps a new one")
            else:
                self.seen_ids[card_id] = line
        if prompt:
            key = normalise(prompt)
            first = self.seen_prompts.get(key)
            if first is not None:
                self.problem(line, f"duplicate prompt {_snippet(prompt)!r} (same as line {first})",
                             "merge the two cards, or reword one of them")
            else:
                self.seen_prompts[key] = line
        # The values in `meta` are checked ones (check_value): ids and kinds are strings, tags,
        # roles and replaces tuples without repeats (the deck's tags too).
        defaults = deck.defaults
        get = meta.get
        tags = get("tags", defaults.tags)
        if defaults.tags and "tags" in meta:
            tags = tuple(dict.fromkeys((*defaults.tags, *tags)))
        deck.cards.append(_card(card_id, prompt, answer, deck.title or "",
                                get("kind", defaults.kind), get("difficulty", defaults.difficulty),
                                tags, get("roles", defaults.roles), deck.path, line,
                                get("replaces", ()), get("of")))

    def check_links(self, line: int, card_id: object, meta: dict[str, object]) -> None:
        """A card cannot replace itself or be its own reference (links across files: check.py)."""
        if card_id is not None and card_id in meta.get("replaces", ()):  # type: ignore[operator]
            self.problem(line, f"card {card_id!r} lists its own id under 'replaces'",
                         "list only the ids of the cards merged into this one")
        if card_id is not None and meta.get("of") == card_id:
            self.problem(line, f"card {card_id!r} is its own reference ('of')",
                         "'of' names another card: the long reference this card recalls")

    def check_key_points(self, body: list[str], first: int) -> None:
        """`### Key points`: the answer's last section, a list of 2-5 short bullets (`body`: the
        answer's lines, the first of them on line `first`)."""
        start = None
        fence = False
        for index, text in enumerate(body):
            if _FENCE_RE.match(text):
                fence = not fence
            elif not fence and text.startswith("### "):
                if start is not None:
                    self.problem(first + index,
                                 "'### Key points' must be the last section of the answer",
                                 "move the key points to the end of the answer")
                    return
                if text[4:].strip().casefold() == KEY_POINTS.casefold():
                    start = index
        if start is None:
            return
        lineno = first + start
        rest = [text for text in body[start + 1:] if text.strip()]
        points = [text for text in rest if _BULLET_RE.match(text)]
        if len(points) != len(rest):
            self.problem(lineno, "'### Key points' holds something other than a bullet list",
                         "write one '- short phrase' per line, nothing else")
        elif not MIN_KEY_POINTS <= len(points) <= MAX_KEY_POINTS:
            self.problem(lineno, f"{len(points)} key points; write {MIN_KEY_POINTS} to "
                                 f"{MAX_KEY_POINTS}",
                         "key points are the few things a good answer must say")
        else:
            long = [p for p in points if len(p) > MAX_KEY_POINT_CHARS + 2]
            if long:
                self.problem(lineno, f"key point {_snippet(long[0][2:])!r} is longer than "
                                     f"{MAX_KEY_POINT_CHARS} characters",
                             "a key point is a short phrase to tick, not a sentence to read",
                             "warning")


def _card(id: str | None, prompt: str, answer: str, deck: str, kind: str, difficulty: str,  # noqa: A002
          tags: tuple[str, ...], roles: tuple[str, ...], path: str, line: int,
          replaces: tuple[str, ...], of: str | None) -> Card:
    """Card(...) without the frozen dataclass's __init__, which sets each of its twelve fields
    through object.__setattr__ (a tenth of a cold sync's parse). The same object: equal,
    hashable, `replace`-able (tests/test_parse_oracle.py holds it to Card's fields)."""
    card = object.__new__(Card)
    card.__dict__.update({
        "id": id, "prompt": prompt, "answer": answer, "deck": deck, "kind": kind,
        "difficulty": difficulty, "tags": tags, "roles": roles, "path": path, "line": line,
        "replaces": replaces, "of": of})
    return card


def _meta_end(lines: list[str], start: int) -> int:
    """The end of the run of comment lines from index `start` (metadata sits right below a
    heading)."""
    end = start
    while end < len(lines) and lines[end].lstrip().startswith("<!--"):
        end += 1
    return end


def parse_deck(data: bytes | str, path: str | os.PathLike[str] = "<deck>") -> Deck:
    """Parse one deck file. Never raises; problems are in `Deck.problems`."""
    shown = str(path)
    builder = _Builder(shown)
    deck = builder.deck
    if isinstance(data, bytes):
        text, bad_line, detail = decode_deck(data)
        if text is None:
            builder.problem(bad_line, f"file is not valid UTF-8 ({detail})",
                            "save the file with UTF-8 encoding")
            return deck
    else:
        text = data[1:] if data.startswith("\ufeff") else data
    lines = text.split("\n")
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]

    fence: tuple[str, int, int] | None = None  # (character, length, line) of an open fence
    description = [0, len(lines)]  # its lines: lines[start:end]
    card_line = 0
    card_prompt: str | None = None
    body_start = 0  # the current card's body: lines[body_start:] up to the next card's heading
    in_card = False
    missing_title_reported = False
    skip_until = 0
    index, position = -1, 0  # the last line found (from 0); where it starts in `marked`
    marked = "\n" + text

    # Only lines that may be a fence or a heading change the state; the others simply belong
    # to the description or the current card's body.
    for found in _STRUCTURE_RE.finditer(marked):
        position, start = found.start() + 1, position
        index += marked.count("\n", start, position)
        if index < skip_until:
            continue
        line = lines[index]
        lineno = index + 1
        heading = marked[found.end() - 1] == "#"  # else a fence can start here, not a heading
        if fence is not None:
            match = None if heading else _FENCE_RE.match(line)
            if (match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1]
                    and not match.group(2).strip()):
                fence = None
            continue
        if not heading:
            match = _FENCE_RE.match(line)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = (match.group(1)[0], len(match.group(1)), lineno)
            continue
        h2 = _H2_RE.match(line)
        if h2:
            if in_card:
                builder.add_card(card_line, card_prompt, lines, body_start, index)
            else:
                description[1] = index
                if deck.title is None and not missing_title_reported:
                    missing_title_reported = True
                    builder.problem(1, f"no deck title: the first card (line {lineno}) comes "
                                       "before any '# ' title line",
                                    "start the file with a title line such as '# Deep learning'")
            in_card = True
            card_line, card_prompt = lineno, h2.group(1)
            skip_until = body_start = _meta_end(lines, index + 1)
            continue
        h1 = _H1_RE.match(line)
        if h1:
            if deck.title is None and not in_card:
                deck.title = _heading_text(h1.group(1))
                if not deck.title:
                    builder.problem(lineno, "deck title is empty",
                                    "write the deck's name after '# '")
                skip_until = _meta_end(lines, index + 1)
                values = builder.parse_meta(lines, index + 1, skip_until, DECK_KEYS, "deck")
                deck.defaults = DeckDefaults(
                    kind=str(values.get("kind", DEFAULT_KIND)),
                    difficulty=str(values.get("difficulty", DEFAULT_DIFFICULTY)),
                    tags=tuple(values.get("tags", ())),  # type: ignore[arg-type]
                    roles=tuple(values.get("roles", ())),  # type: ignore[arg-type]
                )
                description[0] = skip_until  # what came before the title is not described
                continue
            if deck.title is not None:
                builder.problem(lineno, "a second '# ' heading in one deck",
                                "a deck has one title; use '###' for headings inside an answer")

    if in_card:
        builder.add_card(card_line, card_prompt, lines, body_start, len(lines))
    if fence is not None:
        marker = fence[0] * fence[1]
        builder.problem(fence[2], "code fence opened here is never closed",
                        f"add a line with {marker} where the code ends")
    if deck.title is None and not missing_title_reported:
        builder.problem(1, "file has no deck title",
                        "start the file with a title line such as '# Deep learning'")
    if deck.title is not None and not deck.cards and deck.ok:
        builder.problem(1, "deck has no cards yet",
                        "add a card: a '## question' line followed by its answer", "warning")
    unstamped = [card for card in deck.cards if card.id is None]
    if unstamped and deck.ok:
        count = len(unstamped)
        what = "1 card has" if count == 1 else f"{count} cards have"
        builder.problem(unstamped[0].line, f"{what} no id yet (the first is here)",
                        "`drill check --fix` stamps them (drill also does when it syncs)",
                        "warning")
    deck.description = "\n".join(lines[description[0]:description[1]]).strip()
    return deck


def parse_file(path: Path, shown: str | None = None) -> Deck:
    """Parse a deck from disk; an unreadable file is reported as a problem, not raised."""
    shown = shown if shown is not None else str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        deck = Deck(path=shown)
        reason = exc.strerror or exc.__class__.__name__
        deck.problems.append(Problem(shown, 1, f"cannot read file: {reason}",
                                     "check that the file exists and is readable"))
        return deck
    return parse_deck(data, shown)


def answer_sections(answer: str) -> tuple[str, dict[str, str]]:
    """Split an answer into its lead (text before the first `###`) and its `###` sections.

    Headings inside code fences are code, not sections. Keys are the heading text as written.
    """
    lead: list[str] = []
    sections: dict[str, list[str]] = {}
    current = lead
    fence: tuple[str, int] | None = None
    for line in answer.split("\n"):
        match = _FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1] \
                    and not match.group(2).strip():
                fence = None
        elif match:
            fence = (match.group(1)[0], len(match.group(1)))
        elif line.startswith("### "):
            current = sections.setdefault(line[4:].strip(), [])
            continue
        current.append(line)
    return "\n".join(lead).strip(), {k: "\n".join(v).strip() for k, v in sections.items()}


def split_key_points(answer: str) -> tuple[str, list[str]]:
    """The answer without its `### Key points` section, and the points (see `key_points`)."""
    points = key_points(answer)
    if not points:
        return answer, []
    lines = answer.split("\n")
    heading = max(i for i, line in enumerate(lines)
                  if line.startswith("### ") and line[4:].strip().casefold()
                  == KEY_POINTS.casefold())
    return "\n".join(lines[:heading]).rstrip(), points


def key_points(answer: str) -> list[str]:
    """The bullets of the answer's `### Key points` section (at most five), as plain text."""
    sections = answer_sections(answer)[1]
    for heading, text in sections.items():
        if heading.casefold() == KEY_POINTS.casefold():
            points = [m.group(1).strip() for m in map(_BULLET_RE.match, text.splitlines()) if m]
            return points[:MAX_KEY_POINTS]
    return []
