"""Interview dates in `plan.toml`, beside `config.toml`: hand-editable, written atomically.

    [[interview]]
    date = 2026-12-21
    label = "Acme, onsite"
    role = "ml-engineer"
    minutes_per_day = 40
    cutoff_days = 7
    max_cards = 120     # optional: plan only the first 120 cards of the plan's order
    decks = ["ML system design"]    # optional: the material, instead of the role's: these
    tags = ["rag"]                  # decks' cards and the cards with these tags,
    kinds = ["concept", "design"]   # of these kinds only

A bad entry is reported (file:line, what, how to fix) and skipped; the others still count.
drill rewrites the file when the plan changes in drill (`drill plan set`, the plan screen), and
refuses to while the file has an entry it can't read, so nothing the user wrote is dropped.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from drill.deckfile.model import KINDS
from drill.files import atomic_write
from drill.plan import DEFAULT_CUTOFF_DAYS, DEFAULT_MINUTES, MIN_CUTOFF_DAYS, Interview
from drill.text import toml_string

FIELDS = ("date", "label", "role", "minutes_per_day", "cutoff_days", "debriefed", "weak_stages",
          "max_cards", "decks", "tags", "kinds")
MAX_CARDS = 100_000


def load(path: Path, roles: set[str] | None = None) -> tuple[list[Interview], list[str]]:
    """The interviews in `path` (none when it doesn't exist), and a message per problem."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return [], [f"{path}: {exc}; no plan is used until it is fixed"]
    entries = data.get("interview", [])
    if not isinstance(entries, list):
        return [], [f"{path}: `interview` must be a list of [[interview]] tables"]
    found, problems = [], []
    for number, entry in enumerate(entries, 1):
        interview, problem = _interview(entry, roles)
        if problem:
            named = problem.split()[0].rstrip(":") if problem.startswith(FIELDS) else None
            key = (problem.split("'")[1] if problem.startswith("unknown field") else named)
            line = line_of(text, number, key)
            problems.append(f"{path}:{line}: interview {number}: {problem}; it is ignored")
        else:
            found.append(interview)
    return sorted(found, key=lambda i: i.day), problems


HEADER = re.compile(r"\s*\[\[\s*interview\s*\]\]")


def line_of(text: str, number: int, key: str | None = None) -> int:
    """The line (1-based) of the `number`th [[interview]] table's `key`, or of its header (the
    first line when there is none: an entry written another way)."""
    count, header = 0, 0
    for index, line in enumerate(text.splitlines(), 1):
        if HEADER.match(line):
            count += 1
            if count == number:
                header = index
            elif count > number:
                break
        elif header and key and re.match(rf"\s*[\"']?{key}[\"']?\s*=", line):
            return index
    return header or 1


def _interview(entry: Any, roles: set[str] | None) -> tuple[Any, str]:
    """The interview, or None and a problem (starting with the field's name when it is one
    field's)."""
    if not isinstance(entry, dict):
        return None, "not a table"
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        return None, f"unknown field {unknown[0]!r} (known: {', '.join(FIELDS)})"
    day = entry.get("date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return None, f"date {day!r} is not a date like 2026-12-21"
    if not isinstance(day, date):
        return None, "needs a date, e.g. date = 2026-12-21"
    label = entry.get("label", "")
    if not isinstance(label, str):
        return None, "label must be text"
    role = entry.get("role")
    if role is not None and (not isinstance(role, str) or (roles and role not in roles)):
        return None, f"role {role!r} is not a roadmap role ({', '.join(sorted(roles or ()))})"
    minutes = entry.get("minutes_per_day", DEFAULT_MINUTES)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1440:
        return None, "minutes_per_day must be a whole number from 1 to 1440"
    cutoff = entry.get("cutoff_days", DEFAULT_CUTOFF_DAYS)
    if isinstance(cutoff, bool) or not isinstance(cutoff, int) or not (
            MIN_CUTOFF_DAYS <= cutoff <= 60):
        return None, f"cutoff_days must be a whole number from {MIN_CUTOFF_DAYS} to 60"
    debriefed = entry.get("debriefed", False)
    if not isinstance(debriefed, bool):
        return None, "debriefed must be true or false"
    weak = entry.get("weak_stages", [])
    if not isinstance(weak, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in weak):
        return None, "weak_stages must be a list of stage numbers, e.g. [2, 4]"
    cards = entry.get("max_cards")
    if cards is not None and (isinstance(cards, bool) or not isinstance(cards, int)
                              or not 1 <= cards <= MAX_CARDS):
        return None, (f"max_cards must be a whole number from 1 to {MAX_CARDS} (or left out: "
                      f"every card of the plan)")
    chosen = {}
    for key in ("decks", "tags", "kinds"):
        names = entry.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip()
                                                  for n in names):
            return None, f"{key} must be a list of names, e.g. {key} = {EXAMPLES[key]}"
        chosen[key] = tuple(dict.fromkeys(n.strip() for n in names))
    wrong = [kind for kind in chosen["kinds"] if kind not in KINDS]
    if wrong:
        return None, f"kinds: {wrong[0]!r} is not a card kind ({', '.join(KINDS)})"
    return Interview(day, label, role, minutes, cutoff, debriefed, tuple(weak), cards,
                     **chosen), ""


EXAMPLES = {"decks": '["ML system design"]', "tags": '["rag"]', "kinds": '["concept"]'}


def dumps(interviews: list[Interview]) -> str:
    lines = ["# drill's study plan: interview dates (see the README, \"Study plan\").", ""]
    for interview in sorted(interviews, key=lambda i: i.day):
        lines.append("[[interview]]")
        lines.append(f"date = {interview.day.isoformat()}")
        if interview.label:
            lines.append(f"label = {toml_string(interview.label)}")
        if interview.role:
            lines.append(f"role = {toml_string(interview.role)}")
        lines.append(f"minutes_per_day = {interview.minutes_per_day}")
        lines.append(f"cutoff_days = {interview.cutoff_days}")
        if interview.debriefed:
            lines.append("debriefed = true")
        if interview.weak_stages:
            lines.append(f"weak_stages = [{', '.join(map(str, interview.weak_stages))}]")
        if interview.max_cards is not None:
            lines.append(f"max_cards = {interview.max_cards}")
        for key in ("decks", "tags", "kinds"):
            if getattr(interview, key):
                names = ", ".join(toml_string(n) for n in getattr(interview, key))
                lines.append(f"{key} = [{names}]")
        lines.append("")
    return "\n".join(lines)


def weak_stages_of(ctx) -> tuple[int, ...]:
    """The stages that went badly in the user's debriefed interviews (their plan.toml, beside
    the settings of `ctx`, a drill.context.Context), for readiness."""
    from drill.plan import weak_stages

    interviews, _ = load(ctx.locations.config_file.with_name("plan.toml"))
    return weak_stages(interviews)


class PlanFileError(ValueError):
    """The plan file can't be rewritten without losing what the user wrote."""


def save(path: Path, interviews: list[Interview], roles: set[str] | None = None) -> None:
    """Write the interviews to `path` atomically (the folder is created if needed). Refused
    while the file holds an entry drill can't read: rewriting would drop it."""
    _, problems = load(path, roles)
    if problems:
        raise PlanFileError(f"{problems[0]}. Fix {path} first (drill won't rewrite a plan file "
                            f"with entries it can't read).")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, dumps(interviews).encode("utf-8"))
