"""Cards as CSV/TSV in Anki's text-file convention, both ways. No Textual.

Header lines at the top of the file (Anki's): `#separator:` (tab, comma, semicolon, space, pipe,
colon, or the character), `#html:true|false`, `#deck:`, `#tags:` (added to every card),
`#columns:` (column names, separated by the separator: front, back, tags; Anki's field names
Front/Back/Text/Extra are understood too), and `#guid column:N`, `#deck column:N`,
`#tags column:N`. Other `#` lines at the top are comments.

drill writes `#html:false` files of Markdown (what the cards say, unrendered), with the card id
as Anki's guid column, the deck, the tags (`a::b`, and `kind::<kind>` for the kind), so importing
the file again (into drill or Anki) finds the same cards. Reading: every problem is reported as
`file:line: what is wrong (how to fix it)` and nothing is written; text is data (control
characters dropped, HTML converted only under `#html:true`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from drill.anki_export import ExportResult, anki_tags, cards_to_export, tags_from_anki
from drill.anki_import import DeckPlan, ImportPlan, apply_import
from drill.anki_notes import CONTROL_RE, convert_tag, one_line, safe_answer, to_markdown
from drill.decks import DEFAULT_KIND, ID_RE, Card, parse_deck
from drill.editing import open_user_deck
from drill.files import atomic_write
from drill.store import Store
from drill.text import count, escape_control

SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|",
              "colon": ":"}
ROLES = {"front": "front", "question": "front", "text": "front", "back": "back",
         "answer": "back", "extra": "back", "back extra": "back", "tags": "tags",
         "guid": "guid", "id": "guid", "deck": "deck"}
HEADER_KEYS = ("separator", "html", "tags", "columns", "deck", "notetype", "guid column",
               "tags column", "deck column", "notetype column")
MAX_ERRORS = 10
MAX_FIELD = 16 * 1024 * 1024  # characters in one field
SUFFIXES = (".csv", ".tsv", ".txt")
PREVIEW_ROWS = 5
RISKY_ANSWER = re.compile(r"^\s{0,3}(#|```|~~~|<!--)", re.MULTILINE)


class TextImportError(Exception):
    """The file cannot be imported; the message says where and why (file:line)."""


@dataclass(frozen=True)
class Mapping:
    """Which column (0-based) holds what; None: no such column."""

    front: int = 0
    back: int = 1
    tags: int | None = None
    guid: int | None = None
    deck: int | None = None

    def describe(self) -> str:
        named = {"front": self.front, "back": self.back, "tags": self.tags}
        return ", ".join(f"{k}: column {v + 1}" for k, v in named.items() if v is not None)


@dataclass
class TextFile:
    """A text file of notes, read: its header settings and its records (line, fields)."""

    path: Path
    separator: str
    html: bool = False
    deck: str | None = None
    tags: list[str] = field(default_factory=list)
    mapping: Mapping | None = None  # None: the header names no columns (the user chooses)
    records: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for _, r in self.records), default=0)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise TextImportError(f"{path}:{line}: not UTF-8 text (byte {data[exc.start]:#04x}); "
                              "save the file as UTF-8 and import it again") from None


def _separator(value: str, path: Path, line: int) -> str:
    value = value.strip()
    if value.casefold() in SEPARATORS:
        return SEPARATORS[value.casefold()]
    if len(value) == 1 and value not in "\"\r\n":
        return value
    raise TextImportError(f"{path}:{line}: #separator:{value} is not a separator (use tab, "
                          "comma, semicolon, space, pipe, colon or one character)")


def _guess_separator(path: Path, first_line: str) -> str:
    if path.suffix.casefold() in (".tsv", ".txt") or "\t" in first_line:
        return "\t"
    counts = {sep: first_line.count(sep) for sep in (",", ";", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _column(value: str, path: Path, line: int, name: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise TextImportError(f"{path}:{line}: #{name} column:{value.strip()} is not a column "
                              "number (columns count from 1)")
    return int(value) - 1


def read_text_file(path: Path, limit: int | None = None) -> TextFile:
    """Read a CSV/TSV file of notes: its header lines, then its records (the first `limit` of
    them, for a preview). Raises TextImportError naming file:line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextImportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TextImportError(f"{path} is a folder, not a file") from None
    text = _decode(data, path)
    lines = io.StringIO(text, newline="").readlines()
    header: dict[str, tuple[int, str]] = {}
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        key, colon, value = lines[start][1:].rstrip("\r\n").partition(":")
        if not colon or key.strip().casefold() not in HEADER_KEYS:
            break  # a card whose front starts with '#'
        header[key.strip().casefold()] = (start + 1, value)
        start += 1
    body = "".join(lines[start:])
    first = lines[start] if start < len(lines) else ""
    if "separator" in header:
        separator = _separator(header["separator"][1], path, header["separator"][0])
    else:
        separator = _guess_separator(path, first)
    result = TextFile(path, separator)
    if "html" in header:
        line, value = header["html"]
        if value.strip().casefold() not in ("true", "false"):
            raise TextImportError(f"{path}:{line}: #html:{value.strip()} must be true or false")
        result.html = value.strip().casefold() == "true"
    if "deck" in header:
        result.deck = one_line(CONTROL_RE.sub("", header["deck"][1])) or None
    if "tags" in header:
        result.tags = header["tags"][1].split()
    result.mapping = _header_mapping(header, separator, path)
    result.records = _records(body, separator, path, start, limit)
    return result


def _header_mapping(header: dict[str, tuple[int, str]], separator: str,
                    path: Path) -> Mapping | None:
    roles: dict[str, int] = {}
    if "columns" in header:
        line, value = header["columns"]
        names = next(csv.reader([value], delimiter=separator), [])
        for index, name in enumerate(names):
            role = ROLES.get(name.strip().casefold())
            if role and role not in roles:
                roles[role] = index
    for role in ("tags", "guid", "deck", "notetype"):
        key = f"{role} column"
        if key in header:
            roles[role] = _column(header[key][1], path, header[key][0], role)
    if not roles:
        return None
    free = [i for i in range(len(roles) + 2) if i not in roles.values()]
    if "front" not in roles and "back" not in roles:
        roles["front"], roles["back"] = free[0], free[1]
    if "front" not in roles or "back" not in roles:
        line = header.get("columns", (1, ""))[0]
        raise TextImportError(f"{path}:{line}: #columns names no "
                              f"{'front' if 'front' not in roles else 'back'} column (name the "
                              "columns front, back and tags)")
    return Mapping(roles["front"], roles["back"], roles.get("tags"), roles.get("guid"),
                   roles.get("deck"))


def _records(body: str, separator: str, path: Path, offset: int,
             limit: int | None) -> list[tuple[int, list[str]]]:
    if csv.field_size_limit() < MAX_FIELD:
        csv.field_size_limit(MAX_FIELD)  # the default, 128 KiB, is less than a long answer
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=True)
    records: list[tuple[int, list[str]]] = []
    line = offset + 1
    while limit is None or len(records) < limit:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                reason = 'a quoted field is never closed (a missing ")'
            raise TextImportError(f"{path}:{line}: {reason} (quote a field that holds the "
                                  'separator, a quote or a line break, and double the quotes '
                                  'inside it: "say ""hi""")') from None
        if any(f.strip() for f in fields):
            records.append((line, fields))
        line = offset + reader.line_num + 1
    return records


def _clean(raw: str, html: bool) -> str:
    """A field as Markdown: control characters dropped; HTML converted only under #html:true."""
    raw = CONTROL_RE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return to_markdown(raw, set(), set(), set()) if html else raw.strip()


def plan_text_import(text_file: TextFile, store: Store, decks_dir: Path,
                     deck_title: str | None = None, mapping: Mapping | None = None) -> ImportPlan:
    """The cards a text file adds, in memory. Raises TextImportError listing (up to ten)
    file:line problems; then nothing may be written."""
    mapping = mapping or text_file.mapping or Mapping(0, 1, 2 if text_file.width >= 3 else None)
    path = text_file.path
    needed = max(mapping.front, mapping.back)
    problems: list[str] = []
    plan = ImportPlan()
    decks: dict[str, DeckPlan] = {}
    prompts: dict[str, set[str]] = {}
    taken = set(store.cards.index())
    seen_ids: dict[str, int] = {}
    default_title = deck_title or text_file.deck or path.stem
    for line, fields in text_file.records:
        if len(problems) >= MAX_ERRORS:
            break
        if len(fields) <= needed:
            problems.append(f"{path}:{line}: {count(len(fields), 'column')}"
                            f", but the back is column {mapping.back + 1} (check the separator, "
                            "or quote a field that holds it)")
            continue
        def value(index: int | None, fields: list[str] = fields) -> str:
            return fields[index] if index is not None and index < len(fields) else ""

        prompt = one_line(_clean(value(mapping.front), text_file.html))
        if not prompt:
            problems.append(f"{path}:{line}: the front (column {mapping.front + 1}) is empty "
                            "(every card needs a question)")
            continue
        answer = _clean(value(mapping.back), text_file.html)
        if not answer or RISKY_ANSWER.search(answer):
            check = parse_deck(f"# X\n\n## Q\n\n{answer}\n")
            if not answer or check.errors or len(check.cards) != 1 or \
                    check.cards[0].answer != answer:
                answer = safe_answer(answer)
        other_tags, kind = tags_from_anki(text_file.tags + value(mapping.tags).split())
        tags = tuple(dict.fromkeys(t for t in map(convert_tag, other_tags) if t))
        title = deck_title or one_line(CONTROL_RE.sub("", value(mapping.deck))) or default_title
        title = title.lstrip("#").strip() or "Imported"
        card_id = value(mapping.guid).strip() or None
        if card_id is not None and not ID_RE.fullmatch(card_id):
            card_id = None  # not a drill id: drill stamps one
        if card_id is not None and card_id in seen_ids:
            problems.append(f"{path}:{line}: the id {card_id} is in the file twice (first at "
                            f"line {seen_ids[card_id]}); give one of them another id, or none")
            continue
        if card_id is not None:
            seen_ids[card_id] = line
        if card_id is not None and card_id in taken:
            plan.known += 1
            continue
        deck = decks.get(title.casefold())
        if deck is None:
            target = open_user_deck(title, decks_dir)
            deck = decks[title.casefold()] = DeckPlan(title, target)
            existing = parse_deck(target.text, str(target.path))
            prompts[title.casefold()] = {" ".join(c.prompt.casefold().split())
                                         for c in existing.cards}
            prompts[title.casefold()] |= set(
                " ".join(p.casefold().split()) for p in store.cards.deck_prompts(title).values())
        key = " ".join(prompt.casefold().split())
        if key in prompts[title.casefold()]:
            plan.known += 1  # the deck has this question already: imported before
            continue
        prompts[title.casefold()].add(key)
        if card_id is not None:
            taken.add(card_id)
        deck.cards.append(Card(id=card_id, prompt=prompt, answer=answer, deck=title, tags=tags,
                               kind=kind or DEFAULT_KIND))
    if problems:
        more = " (and maybe more: fix these first)" if len(problems) >= MAX_ERRORS else ""
        raise TextImportError("\n".join(problems) + more)
    plan.decks = [d for d in decks.values() if d.cards]
    return plan


def import_text_file(path: Path, store: Store, decks_dir: Path, deck_title: str | None = None,
                     mapping: Mapping | None = None) -> ImportPlan:
    """Read, plan and write a CSV/TSV file of notes: every card, or (on any problem) none."""
    plan = plan_text_import(read_text_file(path), store, decks_dir, deck_title, mapping)
    apply_import(plan, store, decks_dir)
    return plan


def _field(text: str) -> str:
    return escape_control(text)


def export_csv(store: Store, target: Path, deck: str | None = None) -> ExportResult:
    """Write the cards (of one deck, or all) as a text file Anki and drill import: tab-separated
    for .tsv/.txt, comma-separated otherwise; written atomically."""
    cards = cards_to_export(store, deck)
    tab = target.suffix.casefold() in (".tsv", ".txt")
    out = io.StringIO()
    out.write(f"#separator:{'tab' if tab else 'comma'}\n#html:false\n#guid column:1\n"
              "#deck column:2\n#tags column:5\n")
    writer = csv.writer(out, delimiter="\t" if tab else ",", lineterminator="\n")
    out.write("#columns:")
    writer.writerow(["guid", "deck", "Front", "Back", "tags"])  # Anki maps fields by name
    for card in cards:
        writer.writerow([card.id, _field(card.deck), _field(card.prompt), _field(card.answer),
                         " ".join(anki_tags(card))])
    atomic_write(target, out.getvalue().encode("utf-8"))
    return ExportResult(len(cards), len({c.deck for c in cards}))
