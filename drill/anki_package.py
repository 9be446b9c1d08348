"""Reading an Anki package (`.apkg`, `.colpkg`) safely: no Textual, no writes outside a temp folder.

Layouts (the newest present wins):
- `collection.anki21b`: zstd-compressed SQLite, schema 18; note types, fields, templates and decks in
  their own tables; whether a note type is Cloze is field 1 (`kind`) of the protobuf in
  `notetypes.config`; deck names use U+001F between levels. Its `media` map is a zstd-compressed
  protobuf (`MediaEntries`), its media files are zstd-compressed, and `meta` is a protobuf
  (`PackageMetadata`, field 1: version, 3 = latest). Such a package also holds a stub
  `collection.anki2` whose one note asks to update Anki: it is never read in its place.
- `collection.anki21` / `collection.anki2`: plain SQLite, schema 11; note types and decks are JSON
  in the `col` table; `media` is JSON.

The few protobuf fields needed are read with the small reader below (no protobuf dependency).
Everything untrusted is capped: the unpacked size (zip bombs, zstd bombs), member names (path
traversal), SQLite that is malformed or not UTF-8: each gives one AnkiImportError line.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_UNPACKED = 2 * 1024**3  # bytes, all members together (a cap against zip and zstd bombs)
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
STUB_TEXT = "please update to the latest anki version"
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")


class AnkiImportError(Exception):
    """The package cannot be imported; the message (one line) says why."""


@dataclass(frozen=True)
class NoteType:
    name: str
    cloze: bool
    fields: list[str]
    templates: int


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    mid: int
    tags: list[str]
    fields: list[str]


@dataclass(frozen=True)
class AnkiCard:
    id: int
    nid: int
    did: int
    ord: int
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    odid: int
    odue: int


@dataclass(frozen=True)
class Review:
    id: int  # epoch ms of the answer
    cid: int
    ease: int
    ivl: int
    factor: int
    time: int  # ms spent answering
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass
class Package:
    crt: int  # the collection's creation (epoch seconds, at its day rollover)
    notetypes: dict[int, NoteType]
    decks: dict[int, str]  # id -> 'A::B'
    notes: dict[int, Note]
    cards: list[AnkiCard]
    revlog: list[Review]
    media: dict[str, str] = field(default_factory=dict)  # file name -> zip member
    zstd_media: bool = False
    _zip: zipfile.ZipFile | None = None
    _budget: list[int] = field(default_factory=lambda: [MAX_UNPACKED])

    def media_bytes(self, name: str) -> bytes | None:
        member = self.media.get(name)
        if member is None or self._zip is None:
            return None
        data = _read_member(self._zip, member, self._budget)
        return _unzstd(data, self._budget) if self.zstd_media else data


# --- protobuf (only varints and length-delimited fields are needed) ----------------------------

def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise AnkiImportError("a protobuf value in the package is cut short")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def proto_fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) for each field of a protobuf message, in order."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise AnkiImportError("a protobuf field in the package is cut short")
            yield number, data[pos:pos + size]
            pos += size
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise AnkiImportError(f"a protobuf field in the package has wire type {wire}")


# --- reading the zip ----------------------------------------------------------------------------

def _read_member(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """A member's bytes, counted against the unpacked-size budget as they are read (a member's
    declared size can lie)."""
    chunks, total = [], 0
    with archive.open(name) as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise AnkiImportError(f"the package unpacks to more than {MAX_UNPACKED:,} bytes "
                                      "(a zip bomb, or far larger than any real collection)")
            chunks.append(chunk)
    return b"".join(chunks)


def _unzstd(data: bytes, budget: list[int]) -> bytes:
    if not data.startswith(ZSTD_MAGIC):
        return data
    import zstandard

    out = []
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True)
        while chunk := reader.read(1 << 20):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise AnkiImportError(f"the package unpacks to more than {MAX_UNPACKED:,} bytes "
                                      "(a zstd bomb, or far larger than any real collection)")
            out.append(chunk)
    except zstandard.ZstdError as exc:
        raise AnkiImportError(f"a compressed part of the package is damaged ({exc})") from None
    return b"".join(out)


def _check_names(archive: zipfile.ZipFile) -> None:
    for name in archive.namelist():
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise AnkiImportError(f"the package holds a file named {name!r}, outside the package "
                                  "(path traversal); it was not imported")


def _media_map(archive: zipfile.ZipFile, names: set[str], latest: bool,
               budget: list[int]) -> dict[str, str]:
    if "media" not in names:
        return {}
    raw = _read_member(archive, "media", budget)
    found: dict[str, str] = {}
    if latest or raw.startswith(ZSTD_MAGIC):
        index = 0
        for number, entry in proto_fields(_unzstd(raw, budget)):
            if number != 1 or not isinstance(entry, bytes):
                continue
            values = dict(proto_fields(entry))
            name = values.get(1, b"")
            member = values.get(255, index)
            found[_text(name)] = str(member)
            index += 1
    else:
        try:
            mapping = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, ValueError) as exc:
            raise AnkiImportError(f"the package's media list is not valid JSON ({exc})") from None
        if not isinstance(mapping, dict):
            raise AnkiImportError("the package's media list is not a JSON object")
        found = {str(name): str(member) for member, name in mapping.items()}
    for name in found:
        if "/" in name or "\\" in name or name in ("", ".", "..") or "\0" in name:
            raise AnkiImportError(f"the package names a media file {name!r} with a folder in it "
                                  "(path traversal); it was not imported")
    return {name: member for name, member in found.items() if member in names}


def _text(value: object) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise AnkiImportError("the package holds text that is not UTF-8") from None
    return str(value)


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """Read an Anki package. Raises AnkiImportError (one line) for anything it cannot use."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise AnkiImportError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AnkiImportError(f"{path} is not an Anki package (not a zip file: {exc})") from None
    with archive, tempfile.TemporaryDirectory(prefix="drill-anki-") as tmp:
        try:
            package = _read(archive, Path(tmp))
        except AnkiImportError as exc:
            raise AnkiImportError(f"{path}: {exc}") from None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
            raise AnkiImportError(f"{path}: the package is damaged ({exc})") from None
        package._zip = archive
        yield package


def _read(archive: zipfile.ZipFile, tmp: Path) -> Package:
    _check_names(archive)
    names = set(archive.namelist())
    budget = [MAX_UNPACKED]
    version = 0
    if "meta" in names:
        version = dict(proto_fields(_read_member(archive, "meta", budget))).get(1, 0)
    latest = version == 3 or "collection.anki21b" in names
    member = next((name for name in COLLECTIONS if name in names), None)
    if latest and member != "collection.anki21b":
        raise AnkiImportError("the package says it is in Anki's current format but holds no "
                              "collection.anki21b (it is incomplete)")
    if member is None:
        raise AnkiImportError("the package holds no Anki collection (collection.anki21b, "
                              "collection.anki21 or collection.anki2)")
    data = _read_member(archive, member, budget)
    if member.endswith("b"):
        data = _unzstd(data, budget)
    if not data.startswith(b"SQLite format 3\0"):
        raise AnkiImportError(f"{member} in the package is not an SQLite database")
    db_path = tmp / "collection.db"
    db_path.write_bytes(data)
    del data
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.text_factory = _text
    try:
        package = _read_collection(conn, member.endswith("b"))
    except sqlite3.Error as exc:
        raise AnkiImportError(f"{member} in the package is damaged or not an Anki collection "
                              f"({exc})") from None
    finally:
        conn.close()
    if len(package.notes) == 1 and any(
            STUB_TEXT in " ".join(n.fields).lower() for n in package.notes.values()):
        raise AnkiImportError("the package holds only Anki's compatibility stub ('please update "
                              "Anki'); export it again from Anki with its current format")
    package.media = _media_map(archive, names, latest, budget)
    package.zstd_media = latest
    package._budget = budget
    return package


def _read_collection(conn: sqlite3.Connection, schema18: bool) -> Package:
    crt, models_json, decks_json = conn.execute("SELECT crt, models, decks FROM col").fetchone()
    if schema18:
        notetypes = _notetypes_18(conn)
        decks = {did: name.replace("\x1f", "::")
                 for did, name in conn.execute("SELECT id, name FROM decks")}
    else:
        try:
            models, deck_rows = json.loads(models_json or "{}"), json.loads(decks_json or "{}")
            notetypes = {int(mid): NoteType(
                str(m["name"]), m.get("type") == 1,
                [str(f["name"]) for f in sorted(m["flds"], key=lambda f: f["ord"])],
                len(m.get("tmpls", []))) for mid, m in models.items()}
            decks = {int(did): str(d["name"]) for did, d in deck_rows.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AnkiImportError(f"the collection's note types or decks are malformed ({exc!r})"
                                  ) from None
    notes = {}
    for nid, guid, mid, tags, flds in conn.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"):
        notes[nid] = Note(nid, guid, mid, tags.split(), flds.split("\x1f"))
    cards = [AnkiCard(*row) for row in conn.execute(
        "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odid, odue "
        "FROM cards ORDER BY nid, ord")]
    revlog = [Review(*row) for row in conn.execute(
        "SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY id")]
    return Package(int(crt), notetypes, decks, notes, cards, revlog)


def _notetypes_18(conn: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    templates: dict[int, int] = {}
    for (ntid,) in conn.execute("SELECT ntid FROM templates"):
        templates[ntid] = templates.get(ntid, 0) + 1
    found = {}
    for ntid, name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = dict(proto_fields(config if isinstance(config, bytes) else b"")).get(1, 0)
        found[ntid] = NoteType(name, kind == 1, fields.get(ntid, []), templates.get(ntid, 0))
    return found
