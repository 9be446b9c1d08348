"""Finding deck files in folders: each real folder walked once, link loops reported."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drill.deckfile.model import Problem


def is_deck_file(path: Path) -> bool:
    """Markdown files are decks, except README.md and names starting with '_' or '.'."""
    return _is_deck_name(path.name)


def _is_deck_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(".md") and lower != "readme.md" and not name.startswith(("_", "."))


class DeckWalk:
    """Finds deck files, walking each real folder and taking each real file once.

    Links are followed, so a linked folder of decks works; a link back to a folder already walked
    (`ln -s . decks/a`, `sub/up -> ..`) is reported and skipped, never walked again. One walk can
    cover several folders: a file reached by two paths is found once. Each deck file found has
    its (size, mtime_ns) in `stats` (one `stat` a file: what sync compares with the last sync).
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[int, int], Path] = {}  # (device, inode) -> first path seen
        self.problems: list[Problem] = []
        self.stats: dict[Path, tuple[int, int]] = {}

    def _first(self, path: Path, entry: os.DirEntry[str] | None = None) -> Path | None:
        """Record `path`; if its real file or folder was seen before, the path it was seen by."""
        try:
            st = entry.stat() if entry is not None else os.stat(path)
        except OSError:
            return None
        self.stats[path] = st.st_size, st.st_mtime_ns
        return self.seen.setdefault((st.st_dev, st.st_ino), path)

    def files(self, folder: Path) -> list[Path]:
        """Deck files in a folder and its sub-folders (hidden and '_' folders skipped), sorted."""
        found: list[Path] = []
        first = self._first(Path(folder))
        if first is not None and first != Path(folder):
            return found  # the whole folder was already walked under another name
        self._walk(os.fspath(folder), Path(folder), found)
        return found

    def _walk(self, root: str, folder: Path, found: list[Path]) -> None:
        """One folder's deck files, then its sub-folders' (as os.walk, top-down, following
        links, with one scandir and one stat a file)."""
        try:
            with os.scandir(root) as listing:
                entries = list(listing)
        except OSError as exc:
            if exc.filename is not None and Path(exc.filename) != folder:
                from drill.deckfile.model import Problem  # loaded only for a problem

                self.problems.append(Problem(
                    str(exc.filename), 0, f"folder not read: {exc.strerror or exc}",
                    "make it readable, or move it out of the deck folder", "warning"))
            return
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        kept = []
        for entry in _real_first(d for d in dirs if not d.name.startswith((".", "_"))):
            path = Path(entry.path)
            seen_as = self._first(path, entry)
            if seen_as is None or seen_as == path:
                kept.append(entry.path)
            else:
                from drill.deckfile.model import Problem

                self.problems.append(Problem(
                    str(path), 0, f"folder skipped: it is {seen_as} again (a link loop "
                                  "or a second link to it)",
                    "remove the link, or leave it: its decks are read once", "warning"))
        for entry in _real_first(files):
            if _is_deck_name(entry.name):
                path = Path(entry.path)
                if self._first(path, entry) in (path, None):
                    found.append(path)
        for path in kept:
            self._walk(path, folder, found)


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _real_first(entries) -> list[os.DirEntry[str]]:
    """Sorted by name, links last: a file or folder is known by its own name before a link's."""
    return sorted(entries, key=lambda entry: (_is_link(entry), entry.name))


def find_deck_files(folder: Path, walk: DeckWalk | None = None) -> list[Path]:
    """Deck files in a folder and its sub-folders (hidden and '_' folders skipped), sorted; each
    real folder is walked once (see `DeckWalk`)."""
    return (walk or DeckWalk()).files(folder)

