"""User settings in `config.toml`: read with tomllib, written atomically; bad values never crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from drill.text import toml_string

GRADE_BUTTONS = ("sm2", "anki")
SCHEDULER_NAMES = ("sm2", "fsrs")
# The order new cards come in (drill.review.build_queue; the README's "How scheduling works"):
# "decks-in-turn": one card of each deck in turn, each deck in file order; "file-order": deck
# by deck, each deck's cards in file order. A study plan's planned cards come first either way.
NEW_CARD_ORDERS = ("decks-in-turn", "file-order")


class Settings(NamedTuple):
    """The user's settings (config.toml), each with its default. (A NamedTuple, not a dataclass:
    see drill/record.py.)"""

    new_per_day: int = 10
    review_cap: int = 0  # 0 means no cap
    # While catching up after a break (more due than a day's work): new cards still come (true)
    # or pause until the backlog is cleared (false, the default).
    new_while_catching_up: bool = False
    new_card_order: str = "decks-in-turn"  # one of NEW_CARD_ORDERS
    rollover_hour: int = 4
    grade_buttons: str = "sm2"  # "sm2": grades 0-5; "anki": Again/Hard/Good/Easy
    theme: str = "textual-dark"
    # The answer timer per kind, in seconds (0: none): shown while answering, and an answer that
    # takes longer gets a lower suggested grade (drill.review.suggest_grade).
    timer_concept: int = 60
    timer_design: int = 120
    timer_star: int = 120
    timer_coding: int = 120
    timer_story: int = 120  # a story of the story bank, told aloud
    # The scheduler: SM-2 (the default, exactly as the design states it) or FSRS; switching
    # replays the whole log under the new one. `retention` is FSRS's desired recall, in percent.
    scheduler: str = "sm2"
    retention: int = 90
    # A folder the user syncs between machines (`drill share FOLDER`); "" when not sharing.
    # Per device: the folder may sit elsewhere on each machine.
    share_folder: str = ""

    def answer_limit(self, kind: str) -> int:
        """The answer timer for a card kind, in seconds; 0 when there is none."""
        return int(getattr(self, f"timer_{kind}", 0) or 0)


def validate(key: str, value: Any) -> tuple[Any, str]:
    """The value to store, or an error message saying what is accepted."""
    if key in ("new_per_day", "review_cap"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9999:
            return None, "must be a whole number from 0 to 9999"
        return value, ""
    if key == "new_while_catching_up":
        if not isinstance(value, bool):
            return None, "must be true or false"
        return value, ""
    if key.startswith("timer_"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3600:
            return None, "must be a number of seconds from 0 (no timer) to 3600"
        return value, ""
    if key == "rollover_hour":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
            return None, "must be an hour from 0 to 23"
        return value, ""
    if key == "retention":
        if isinstance(value, bool) or not isinstance(value, int) or not 70 <= value <= 99:
            return None, "must be a whole percentage from 70 to 99"
        return value, ""
    if key == "scheduler":
        if value not in SCHEDULER_NAMES:
            return None, f"must be one of: {', '.join(SCHEDULER_NAMES)}"
        return value, ""
    if key == "new_card_order":
        if value not in NEW_CARD_ORDERS:
            return None, f"must be one of: {', '.join(NEW_CARD_ORDERS)}"
        return value, ""
    if key == "grade_buttons":
        if value not in GRADE_BUTTONS:
            return None, f"must be one of: {', '.join(GRADE_BUTTONS)}"
        return value, ""
    if key == "share_folder":
        if not isinstance(value, str) or (
                value.strip() and not Path(value.strip()).expanduser().is_absolute()):
            return None, "must be a full folder path in quotes, e.g. \"~/Sync/drill\" (\"\": none)"
        return value.strip(), ""
    if key == "theme":
        if not isinstance(value, str) or not value.strip():
            return None, "must be a theme name"
        return value.strip(), ""
    return None, "is not a setting drill knows"


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Settings from `path` (defaults where missing), and a message for each bad value."""
    if not path.exists():
        return Settings(), []  # tomllib not even imported (~3 ms of every command)
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), [f"{path}: {exc}; using the default settings (fix or delete the file)"]
    settings, problems = Settings(), []
    known = set(Settings._fields)
    for key, value in data.items():
        if key not in known:
            problems.append(f"{path}: unknown setting {key!r} ignored "
                            f"(known: {', '.join(sorted(known))})")
            continue
        checked, error = validate(key, value)
        if error:
            problems.append(f"{path}: {key} = {value!r} {error}; using {getattr(settings, key)!r}")
            continue
        settings = settings._replace(**{key: checked})
    return settings, problems


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# drill settings (see `drill --help` and the app's settings screen)\n" + "".join(
        f"{key} = {_toml_value(value)}\n" for key, value in settings._asdict().items())
    from drill.files import atomic_write

    atomic_write(path, text.encode("utf-8"))
