"""The app stylesheet: a rule about one screen's widget names that screen, so it cannot reach
another screen's widget of the same id (a card-form height once cut every review answer)."""

from __future__ import annotations

import re
from pathlib import Path

import drill.tui

STYLESHEET = Path(drill.tui.__file__).with_name("drill.tcss")
SHARED_CLASSES = {".dialog", ".dialog-title", ".hint", ".error"}


def selectors() -> list[tuple[int, str]]:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), STYLESHEET.read_text(),
                  flags=re.S)
    found = []
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        if depth == 0 and "{" in line:
            for selector in line.split("{", 1)[0].split(","):
                found.append((number, selector.strip()))
        depth += line.count("{") - line.count("}")
    return found


def test_every_rule_about_an_id_or_class_names_its_screen_or_widget():
    loose = [f"drill.tcss:{number}: {selector}" for number, selector in selectors()
             if selector[:1] in "#." and selector.split()[0] not in SHARED_CLASSES]
    assert not loose, "scope these under their screen or widget type:\n" + "\n".join(loose)


def test_the_check_sees_the_rules():
    found = dict((selector, number) for number, selector in selectors())
    assert "ReviewScreen #cards" in found and "CardFormScreen #answer-input" in found
