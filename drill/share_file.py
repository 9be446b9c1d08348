"""The files of a shared folder: one append-only JSON-lines file per device, `<device>.log.jsonl`,
one review-log row per line, every field of the row (design decision 4).

Only the device named in a file's name appends to it; the others only read it. A line is whole
once it ends with a newline: an unfinished last line (a crash, a sync half done) is left for the
next read. Copies a sync tool makes when it sees two versions (`<device>.log (conflicted
copy).jsonl`, `<device>.log.sync-conflict-....jsonl`) are read like the device's own file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from drill.progress import KINDS

SUFFIX = ".log.jsonl"
FIELDS = ("uid", "card_id", "kind", "time_ms", "day", "utc_offset", "grade", "duration_ms",
          "scheduler", "state_before", "state_after", "undoes", "source", "session", "device",
          "seq")
STATES = ("state_before", "state_after")
_DEVICE = re.compile(r"[0-9a-f]{16}")
TAIL_CHUNK = 64 * 1024


def own_name(device: str) -> str:
    return f"{device}{SUFFIX}"


@dataclass(frozen=True)
class LogFile:
    """A device's file in the shared folder, or a sync tool's copy of one (`conflicted`)."""

    path: Path
    device: str
    conflicted: bool


def log_files(folder: Path) -> list[LogFile]:
    """The device files (and their conflicted copies) in `folder`, by name; other files are
    not drill's and are left alone."""
    found = []
    for path in sorted(folder.iterdir()):
        name = path.name
        match = _DEVICE.match(name)
        if match is None or not name.endswith(".jsonl") or not path.is_file():
            continue
        found.append(LogFile(path, match.group(0), name != own_name(match.group(0))))
    return found


def encode(row: dict[str, Any]) -> bytes:
    """One stored log row (states as JSON text) as a line of the shared file."""
    out = {name: row[name] for name in FIELDS}
    for name in STATES:
        out[name] = json.loads(out[name]) if out[name] else None
    return (json.dumps(out, separators=(",", ":")) + "\n").encode("ascii")


def _check(data: Any) -> str:
    """What is wrong with a decoded line, or ''."""
    if not isinstance(data, dict):
        return "not a log row (a JSON object was expected)"
    missing = [name for name in FIELDS if name not in data]
    if missing:
        return f"missing {', '.join(missing)}"
    text = ("uid", "card_id", "day", "scheduler")
    if any(not isinstance(data[name], str) or not data[name] for name in text):
        return "uid, card_id, day and scheduler must be non-empty text"
    if data["kind"] not in KINDS:
        return f"kind {data['kind']!r} is not one of {', '.join(KINDS)}"
    whole = ("time_ms", "utc_offset")
    if any(isinstance(data[n], bool) or not isinstance(data[n], int) for n in whole):
        return "time_ms and utc_offset must be whole numbers"
    for name in ("grade", "duration_ms", "seq"):
        value = data[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{name} must be a whole number or null"
    if data["grade"] is not None and not 0 <= data["grade"] <= 5:
        return "grade must be from 0 to 5"
    if (data["device"] is None) != (data["seq"] is None):
        return "device and seq go together (both or neither)"
    for name in ("undoes", "source", "session", "device"):
        if data[name] is not None and not isinstance(data[name], str):
            return f"{name} must be text or null"
    if any(data[name] is not None and not isinstance(data[name], dict) for name in STATES):
        return "state_before and state_after must be objects or null"
    try:
        date.fromisoformat(data["day"])
    except ValueError:
        return f"day {data['day']!r} is not a date (YYYY-MM-DD)"
    return ""


def decode(line: bytes) -> dict[str, Any]:
    """A line of a shared file as a row to store (states as JSON text). Raises ValueError with
    what is wrong."""
    try:
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    problem = _check(data)
    if problem:
        raise ValueError(problem)
    row = {name: data[name] for name in FIELDS}
    for name in STATES:
        row[name] = json.dumps(row[name]) if row[name] is not None else None
    return row


@dataclass
class Chunk:
    """What one read of a file found after a given place."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    end: int = 0  # the byte offset after the last whole line read
    line: int = 0  # the number of that line
    unfinished: bool = False  # an unfinished last line was left for the next read


def read_from(path: Path, offset: int = 0, line: int = 0) -> Chunk:
    """The rows of the whole lines after byte `offset` (line number `line`). A bad line is
    reported as path:line and skipped; an unfinished last line is not read."""
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read()
    whole, newline, rest = data.rpartition(b"\n")
    chunk = Chunk(end=offset + len(whole) + len(newline), line=line, unfinished=bool(rest))
    if not newline:
        return chunk
    for text in whole.split(b"\n"):
        chunk.line += 1
        if not text.strip():
            continue
        try:
            chunk.rows.append(decode(text))
        except ValueError as exc:
            chunk.problems.append(f"{path}:{chunk.line}: {exc}; the line is skipped (a device "
                                  "writes only whole rows: was the file edited by hand?)")
    return chunk


@contextlib.contextmanager
def appending(path: Path) -> Iterator[IO[bytes]]:
    """The device's own file, opened to append under an exclusive lock (two drills of one
    device never interleave their lines), with an unfinished last line (a crash mid-write; its
    row is still in the database and is written again) cut off first."""
    with path.open("a+b") as handle, _locked(handle):
        size = handle.seek(0, os.SEEK_END)
        if size:
            handle.seek(size - 1)
            if handle.read(1) != b"\n":
                handle.truncate(_last_newline(handle, size))
        yield handle


@contextlib.contextmanager
def _locked(handle: IO[bytes]) -> Iterator[None]:
    try:
        import fcntl  # Unix only; elsewhere a device's two drills are not expected to share it
    except ImportError:
        yield
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _last_newline(handle: IO[bytes], size: int) -> int:
    """The offset just after the last newline before `size` (0 if there is none)."""
    end = size
    while end > 0:
        start = max(0, end - TAIL_CHUNK)
        handle.seek(start)
        at = handle.read(end - start).rfind(b"\n")
        if at >= 0:
            return start + at + 1
        end = start
    return 0


def last_seq(handle: IO[bytes], device: str) -> int:
    """The sequence number of `device`'s last row in an open file (0 if it has none): read
    backwards from the end, a chunk at a time."""
    end = handle.seek(0, os.SEEK_END)
    carry = b""
    while end > 0:
        start = max(0, end - TAIL_CHUNK)
        handle.seek(start)
        block = handle.read(end - start) + carry
        lines = block.split(b"\n")
        carry = lines.pop(0) if start > 0 else b""
        for text in reversed(lines):
            with contextlib.suppress(ValueError):
                row = decode(text) if text.strip() else None
                if row is not None and row["device"] == device:
                    return int(row["seq"])
        end = start
    return 0


def append_lines(handle: IO[bytes], lines: list[bytes]) -> None:
    """Append whole lines and make them durable (flushed and fsynced) before returning."""
    if not lines:
        return
    handle.seek(0, os.SEEK_END)
    handle.write(b"".join(lines))
    handle.flush()
    os.fsync(handle.fileno())
