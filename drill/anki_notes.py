"""Anki notes as drill cards: which field is the prompt, cloze gaps, HTML to Markdown, tags, media.

No Textual, no writes: `card_text` returns text; drill.anki_import writes it.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from drill.anki_package import Note, NoteType
from drill.decks import TAG_RE, parse_deck

MEDIA_DIR = "_anki-media"  # beside the deck files; '_' folders are never read as decks
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
IMG_RE = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["']?)([^"'\s>]+)\2""", re.IGNORECASE)
SOUND_RE = re.compile(r"\[sound:([^\]]+)\]")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PLAIN_RE = re.compile(r"[\w .,;:!?'\"()/+=%-]*")
EMPTY_ANSWER = "_(empty in Anki)_"


def card_id_for(guid: str, ordinal: int) -> str:
    """The drill id of an Anki card: the note's guid and the card's ordinal, hashed into drill's
    id alphabet, so a re-import of the same note finds the same card."""
    return "anki-" + hashlib.sha1(f"{guid}\x1f{ordinal}".encode()).hexdigest()[:12]


def convert_tag(tag: str) -> str | None:
    """An Anki tag in drill's tag alphabet: 'Maths::Basics' -> 'maths/basics'."""
    text = tag.casefold().replace("::", "/")
    text = re.sub(r"[^a-z0-9._/-]+", "-", text).strip("-/.")
    return text if text and TAG_RE.fullmatch(text) else None


def _link(name: str) -> str:
    return f"{MEDIA_DIR}/{quote(name)}"


def to_markdown(html: str, media: set[str], used: set[str], missing: set[str]) -> str:
    """Field HTML as Markdown. Pictures and sounds in the package are linked into MEDIA_DIR (and
    named in `used`); references to files the package lacks are named in `missing`."""
    from markdownify import markdownify

    def image(match: re.Match[str]) -> str:
        name = match.group(3)
        if "://" in name or name.startswith("data:"):
            return match.group(0)
        if name in media:
            used.add(name)
            return f"{match.group(1)}{match.group(2)}{_link(name)}{match.group(2)}"
        missing.add(name)
        return match.group(0)

    def sound(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in media:
            used.add(name)
            return f'<a href="{_link(name)}">sound: {name}</a>'
        missing.add(name)
        return f"(sound: {name})"

    if PLAIN_RE.fullmatch(html):  # nothing to convert (most fields): skip the HTML parser
        return " ".join(html.split()) if "\n" not in html else html.strip()
    html = SOUND_RE.sub(sound, IMG_RE.sub(image, html))
    text = markdownify(html, heading_style="ATX", bullets="-", escape_underscores=False,
                       sup_symbol="^")
    text = CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(markdown: str) -> str:
    return " ".join(markdown.split())


def safe_answer(markdown: str) -> str:
    """An answer that parses as one card's answer: '#'/'##' headings become '###'; if fences still
    break it, every fence line is escaped."""
    text = re.sub(r"^#{1,2}(?=\s)", "###", markdown, flags=re.MULTILINE) or EMPTY_ANSWER
    check = parse_deck(f"# X\n\n## Q\n\n{text}\n")
    if check.errors or len(check.cards) != 1:
        text = re.sub(r"^(\s*)(```|~~~)", r"\1\\\2", text, flags=re.MULTILINE)
    return text


def _cloze(text: str, number: int, reveal: bool) -> str:
    def gap(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        if reveal:
            return f"<b>{match.group(2)}</b>"
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return CLOZE_RE.sub(gap, text)


def card_text(note: Note, notetype: NoteType, ordinal: int, media: set[str], used: set[str],
              missing: set[str]) -> tuple[str, str]:
    """(prompt, answer) in Markdown for card `ordinal` of `note`. Cloze: the gap is `[...]` (or
    Anki's hint) in the prompt and in bold in the answer, with the other fields below. Two
    templates (Basic and reversed): the second card swaps the first two fields. Otherwise the
    first field is the prompt and the other fields, non-empty, the answer."""
    fields = list(note.fields) + [""] * max(0, len(notetype.fields) - len(note.fields))
    names = notetype.fields + [f"Field {i + 1}" for i in range(len(notetype.fields), len(fields))]

    def md(html: str) -> str:
        return to_markdown(html, media, used, missing)

    if notetype.cloze:
        number = ordinal + 1
        prompt = md(_cloze(fields[0], number, reveal=False))
        parts = [md(_cloze(fields[0], number, reveal=True))]
        rest = list(zip(names[1:], fields[1:], strict=True))
    else:
        first, second = (1, 0) if ordinal == 1 and notetype.templates >= 2 and len(fields) >= 2 \
            else (0, 1)
        prompt = md(fields[first])
        order = [second] + [i for i in range(len(fields)) if i not in (first, second)]
        rest = [(names[i], fields[i]) for i in order if i < len(fields)]
        parts = []
    extra = [(name, md(value)) for name, value in rest]
    extra = [(name, value) for name, value in extra if value]
    if len(extra) == 1 and not parts:
        parts.append(extra[0][1])
    else:
        parts.extend(f"**{name}:** {value}" if "\n" not in value else f"**{name}:**\n\n{value}"
                     for name, value in extra)
    prompt = one_line(prompt) or f"(Anki note {note.id}: its first field is empty)"
    return prompt, safe_answer("\n\n".join(parts))
