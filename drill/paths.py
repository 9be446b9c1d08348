"""Where drill keeps things: the bundled decks, the user's decks, the database and the settings.

With `DRILL_HOME` set, everything lives under it. Otherwise the XDG base directories are used
(`$XDG_DATA_HOME/drill/` for data and decks, `$XDG_CONFIG_HOME/drill/` for settings).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


def bundled_decks_dir() -> Path:
    """The decks shipped with drill: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "decks"
    if installed.is_dir():
        return installed
    return here.parent / "decks"


def bundled_is_installed() -> bool:
    """True when the bundled decks are inside the installed package (then they are read-only).

    In a source checkout they are the repository's own files, which maintainers edit and stamp.
    """
    return bundled_decks_dir().parent == Path(__file__).resolve().parent


def is_bundled(path: Path) -> bool:
    """True for files that ship with drill (never written by drill)."""
    try:
        Path(path).resolve().relative_to(bundled_decks_dir().resolve())
    except ValueError:
        return False
    return True


def _xdg(env: os._Environ[str] | dict[str, str], name: str, fallback: str) -> Path:
    value = env.get(name, "")
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


class Locations(NamedTuple):
    """The user's files. Nothing is created until something is written."""

    data_dir: Path
    decks_dir: Path
    config_file: Path
    db_file: Path
    backups_dir: Path
    stories_dir: Path  # the STAR story bank (story files, next to the user's decks)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Locations:
        env = os.environ if environ is None else environ
        home = env.get("DRILL_HOME")
        if home:
            base = Path(home).expanduser()
            data_root, config_file = base, base / "config.toml"
        else:
            data_root = _xdg(env, "XDG_DATA_HOME", ".local/share") / "drill"
            config_file = _xdg(env, "XDG_CONFIG_HOME", ".config") / "drill" / "config.toml"
        return cls(
            data_dir=data_root,
            decks_dir=data_root / "decks",
            config_file=config_file,
            db_file=data_root / "drill.db",
            backups_dir=data_root / "backups",
            stories_dir=data_root / "stories",
        )
