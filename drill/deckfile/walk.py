"""Finding deck files in folders: each real folder walked once, link loops reported."""

from __future__ import annotations

import os
from pathlib import Path

from drill.deckfile.model import Problem


def is_deck_file(path: Path) -> bool:
    """Markdown files are decks, except README.md and names starting with '_' or '.'."""
    name = path.name
    return (name.lower().endswith(".md") and name.lower() != "readme.md"
            and not name.startswith(("_", ".")))


class DeckWalk:
    """Finds deck files, walking each real folder and taking each real file once.

    Links are followed, so a linked folder of decks works; a link back to a folder already walked
    (`ln -s . decks/a`, `sub/up -> ..`) is reported and skipped, never walked again. One walk can
    cover several folders: a file reached by two paths is found once.
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[int, int], Path] = {}  # (device, inode) -> first path seen
        self.problems: list[Problem] = []

    def _first(self, path: Path) -> Path | None:
        """Record `path`; if its real file or folder was seen before, the path it was seen by."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return self.seen.setdefault((st.st_dev, st.st_ino), path)

    def files(self, folder: Path) -> list[Path]:
        """Deck files in a folder and its sub-folders (hidden and '_' folders skipped), sorted."""
        found: list[Path] = []
        first = self._first(Path(folder))
        if first is not None and first != Path(folder):
            return found  # the whole folder was already walked under another name

        def unreadable(exc: OSError) -> None:
            if exc.filename is not None and Path(exc.filename) != Path(folder):
                self.problems.append(Problem(
                    str(exc.filename), 0, f"folder not read: {exc.strerror or exc}",
                    "make it readable, or move it out of the deck folder", "warning"))

        for root, dirs, files in os.walk(folder, followlinks=True, onerror=unreadable):
            kept = []
            for name in _real_first(root, (d for d in dirs if not d.startswith((".", "_")))):
                path = Path(root) / name
                seen_as = self._first(path)
                if seen_as is None or seen_as == path:
                    kept.append(name)
                else:
                    self.problems.append(Problem(
                        str(path), 0, f"folder skipped: it is {seen_as} again (a link loop "
                                      "or a second link to it)",
                        "remove the link, or leave it: its decks are read once", "warning"))
            dirs[:] = kept
            for name in _real_first(root, files):
                path = Path(root) / name
                if is_deck_file(path) and self._first(path) in (path, None):
                    found.append(path)
        return found


def _real_first(root: str, names) -> list[str]:
    """Sorted names, links last: a file or folder is known by its own name before a link's."""
    return sorted(names, key=lambda name: (os.path.islink(os.path.join(root, name)), name))


def find_deck_files(folder: Path, walk: DeckWalk | None = None) -> list[Path]:
    """Deck files in a folder and its sub-folders (hidden and '_' folders skipped), sorted; each
    real folder is walked once (see `DeckWalk`)."""
    return (walk or DeckWalk()).files(folder)

