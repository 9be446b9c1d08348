"""`drill check`: parse deck files, report every problem, and optionally stamp missing ids."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from drill.decks import Deck, DeckWalk, Problem, parse_file, stamp_ids
from drill.paths import bundled_decks_dir, bundled_is_installed, is_bundled
from drill.text import count, escape_control


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class CheckReport:
    decks: list[Deck] = field(default_factory=list)
    bundled: set[str] = field(default_factory=set)  # display paths of bundled decks
    problems: list[Problem] = field(default_factory=list)  # across files (duplicate ids)
    stamped: list[tuple[str, int]] = field(default_factory=list)  # (path, how many ids)
    not_stamped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    @property
    def all_problems(self) -> list[Problem]:
        problems = [p for deck in self.decks for p in deck.problems] + self.problems
        return sorted(problems, key=lambda p: (p.path, p.line))

    @property
    def error_count(self) -> int:
        return sum(p.severity == "error" for p in self.all_problems)

    @property
    def warning_count(self) -> int:
        return sum(p.severity == "warning" for p in self.all_problems)

    @property
    def card_count(self) -> int:
        return sum(len(deck.cards) for deck in self.decks)

    @property
    def deck_count(self) -> int:
        """Decks as the app counts them: by title (a user file with a bundled deck's title adds
        to that deck), not by file."""
        return len({(deck.title or deck.path).strip().casefold() for deck in self.decks})

    def summary(self) -> str:
        files = (f" in {count(len(self.decks), 'file')}" if len(self.decks) != self.deck_count
                 else "")
        return (f"{count(self.deck_count, 'deck')}{files}, {count(self.card_count, 'card')}: "
                f"{count(self.error_count, 'error')}, {count(self.warning_count, 'warning')}")

    def to_json(self) -> str:
        return json.dumps({
            "summary": {"decks": self.deck_count, "files": len(self.decks),
                        "cards": self.card_count,
                        "errors": self.error_count, "warnings": self.warning_count},
            "decks": [{"path": d.path, "title": d.title, "cards": len(d.cards),
                       "bundled": d.path in self.bundled, "ok": d.ok} for d in self.decks],
            "problems": [{"path": p.path, "line": p.line, "severity": p.severity,
                          "message": p.message, "hint": p.hint} for p in self.all_problems],
            "stamped": [{"path": path, "ids": count} for path, count in self.stamped],
            "not_stamped": [{"path": path, "reason": why} for path, why in self.not_stamped],
        }, indent=2)


def default_targets(user_decks: Path) -> list[Path]:
    """What `drill check` looks at with no paths: the bundled decks and the user's deck folder."""
    targets = [bundled_decks_dir()]
    if user_decks.is_dir():
        targets.append(user_decks)
    return targets


def expand(targets: list[Path], walk: DeckWalk | None = None) -> list[Path]:
    """Files stay as given; folders become the deck files inside them. Duplicates dropped
    (link loops and folders reached twice are in `walk.problems`)."""
    walk = walk or DeckWalk()
    files: list[Path] = []
    seen: set[Path] = set()
    for target in targets:
        for path in walk.files(target) if target.is_dir() else [target]:
            key = Path(os.path.realpath(path))
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files


def _duplicate_ids(report: CheckReport) -> None:
    """Two files of the same origin (bundled, or the user's) must not share an id.

    A user card with a bundled card's id is an override, not a duplicate (design decision 3).
    """
    first_seen: dict[tuple[bool, str], tuple[str, int]] = {}
    for deck in report.decks:
        bundled = deck.path in report.bundled
        for card in deck.cards:
            if card.id is None:
                continue
            key = (bundled, card.id)
            where = first_seen.setdefault(key, (deck.path, card.line))
            if where[0] != deck.path:
                report.problems.append(Problem(
                    deck.path, card.line,
                    f"duplicate id {card.id!r} (also in {where[0]}:{where[1]})",
                    "every card needs its own id: delete this id line and drill stamps a new one"))


def _links(report: CheckReport) -> None:
    """`of` names a card that exists; a replaced id is no card's any more, and only one card
    absorbs it. A reference outside the checked files is a warning: it may be in another folder."""
    where = {card.id: (deck.path, card.line) for deck in report.decks for card in deck.cards
             if card.id}
    absorbed: dict[str, tuple[str, int]] = {}
    for deck in report.decks:
        for card in deck.cards:
            if card.of is not None and card.of not in where:
                report.problems.append(Problem(
                    deck.path, card.line, f"'of: {card.of}' names no card in the checked decks",
                    "write the id of the reference card; check all your decks with "
                    "`drill check`", "warning"))
            for old in card.replaces:
                if old in where:
                    path, line = where[old]
                    report.problems.append(Problem(
                        deck.path, card.line,
                        f"card replaces {old!r}, but {old!r} is still a card ({path}:{line})",
                        "delete the merged card, or take its id out of 'replaces'"))
                first = absorbed.setdefault(old, (deck.path, card.line))
                if first != (deck.path, card.line):
                    report.problems.append(Problem(
                        deck.path, card.line,
                        f"{old!r} is already replaced by the card at {first[0]}:{first[1]}",
                        "a merged card's history moves to one card: list it under one "
                        "'replaces'"))


def run_check(targets: list[Path], fix: bool = False) -> CheckReport:
    report = CheckReport()
    walk = DeckWalk()
    files = expand(targets, walk)
    report.problems.extend(replace(p, path=display_path(Path(p.path))) for p in walk.problems)
    for path in files:
        shown = display_path(path)
        if is_bundled(path):
            report.bundled.add(shown)
        report.decks.append(parse_file(path, shown))
    _duplicate_ids(report)
    _links(report)
    if fix:
        taken = {card.id for deck in report.decks for card in deck.cards if card.id}
        for path, deck in zip(files, report.decks, strict=True):
            if all(card.id for card in deck.cards):
                continue
            if deck.path in report.bundled and bundled_is_installed():
                report.not_stamped.append((deck.path, "drill never writes to its bundled decks"))
                continue
            result = stamp_ids(path, taken)
            if result.skipped:
                report.not_stamped.append((deck.path, result.skipped))
                continue
            taken.update(result.stamped.values())
            report.stamped.append((deck.path, len(result.stamped)))
            report.decks[report.decks.index(deck)] = parse_file(path, deck.path)
    return report


def format_report(report: CheckReport) -> str:
    lines = [escape_control(str(problem)) for problem in report.all_problems]
    for path, stamped in report.stamped:
        lines.append(escape_control(f"{path}: stamped {count(stamped, 'id')}"))
    for path, why in report.not_stamped:
        lines.append(escape_control(f"{path}: ids not stamped: {why}"))
    lines.append(report.summary())
    return "\n".join(lines)
