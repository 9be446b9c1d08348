"""User text never reaches the terminal with control characters: every command's output escapes
them (ANSI sequences, bells, C1 controls, bidi overrides) wherever a prompt, a title or a path
appears, and `escape_control` itself shows each as a readable escape."""

from __future__ import annotations

import json
import unicodedata

import pytest

from drill.check import escape_control
from drill.cli import main

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
EVIL = "\x1b[31m\x07\u202e"  # colour, bell, right-to-left override
SHOWN = "\\x1b[31m\\x07\\u202e"


def assert_clean(text: str) -> None:
    bad = [ch for ch in text
           if ch in BIDI or (unicodedata.category(ch) == "Cc" and ch not in "\n\t")]
    assert not bad, f"raw control characters {bad!r} in {text!r}"


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b[2J", "\\x1b[2J"),
    ("\x00\x07\x08\x7f", "\\x00\\x07\\x08\\x7f"),
    ("tab\there", "tab\there"),  # tab and newline are layout, kept as they are
    ("carriage\rreturn", "carriage\\x0dreturn"),
    ("\x9b31m", "\\x9b31m"),  # a C1 control sequence introducer
    ("\u202eevil\u202c", "\\u202eevil\\u202c"),
    ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    ("\u200e\u200f\u202a\u202b\u202d", "\\u200e\\u200f\\u202a\\u202b\\u202d"),
])
def test_escape_control_shows_each_control_character_as_an_escape(raw, shown):
    assert escape_control(raw) == shown
    assert_clean(escape_control(raw))


def test_escape_control_keeps_newlines_and_ordinary_text():
    text = "line one\nline two: é, 中文, Φ(x), 🙂, \u00a0 and \\x1b as typed"
    assert escape_control(text) == text


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def evil_decks(isolated_home):
    """A user deck whose file name, title and prompts carry control characters."""
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    path = decks / f"evil{EVIL}.md"
    path.write_text(f"# Title{EVIL}\n\n## Prompt{EVIL}?\n<!-- id: evilcard -->\nAnswer.\n\n"
                    f"## Other{EVIL}?\n<!-- id: othercard -->\nAnswer.\n")
    return path


def test_check_escapes_prompt_title_and_path(capsys, evil_decks):
    evil_decks.write_text(f"# Title{EVIL}\n\n## Prompt{EVIL}?\n\n## Second{EVIL}?\n\n"
                          f"## Second{EVIL}?\nA\n")
    code, out, err = run(capsys, "check", str(evil_decks))
    assert code == 1
    assert_clean(out + err)
    assert f"evil{SHOWN}.md:3: error: card 'Prompt{SHOWN}?' has a question but no answer" in out
    assert f"duplicate prompt 'Second{SHOWN}?'" in out


def test_check_json_escapes_too(capsys, evil_decks):
    code, out, err = run(capsys, "check", "--json", str(evil_decks))
    assert_clean(out + err)
    report = json.loads(out)
    assert report["decks"][0]["title"] == f"Title{EVIL}"  # data intact once decoded


def test_check_fix_escapes_the_stamped_path(capsys, evil_decks):
    evil_decks.write_text(f"# Title{EVIL}\n\n## Prompt{EVIL}?\nAnswer.\n")
    code, out, err = run(capsys, "check", "--fix", str(evil_decks))
    assert code == 0
    assert_clean(out + err)
    assert f"evil{SHOWN}.md: stamped 1 id" in out


def test_due_escapes_deck_titles_and_sync_problems(capsys, evil_decks):
    broken = evil_decks.parent / f"broken{EVIL}.md"
    broken.write_text(f"# Broken{EVIL}\n\n## No answer{EVIL}?\n")
    code, out, err = run(capsys, "due")
    assert code == 0
    assert_clean(out + err)
    assert f"Title{SHOWN}" in out
    assert f"broken{SHOWN}.md:3: error: card 'No answer{SHOWN}?'" in err


def test_orphans_escape_prompt_title_and_path(capsys, evil_decks):
    run(capsys, "due")
    evil_decks.write_text(f"# Title{EVIL}\n\n## Other{EVIL}?\n<!-- id: othercard -->\nAnswer.\n")
    code, out, err = run(capsys, "orphans")
    assert code == 0
    assert_clean(out + err)
    assert f"evilcard  Title{SHOWN} · Prompt{SHOWN}?" in out
    assert f"evil{SHOWN}.md since" in out


def test_add_escapes_the_title_and_path(capsys, evil_decks):
    code, out, err = run(capsys, "add", "--deck", f"Title{EVIL}", "--prompt", "New?",
                         "--answer", "Yes.")
    assert code == 0
    assert_clean(out + err)
    assert f"to Title{SHOWN}: " in out and f"evil{SHOWN}.md:" in out


def test_add_escapes_its_complaints(capsys, evil_decks):
    code, out, err = run(capsys, "add", "--deck", f"Title{EVIL}", "--prompt", f"Prompt{EVIL}?",
                         "--answer", "Again.")
    assert code == 2
    assert_clean(out + err)
    assert f"Title{SHOWN} already has this question" in err


def test_usage_errors_escape_the_path_they_quote(capsys, tmp_path):
    missing = tmp_path / f"nope{EVIL}.md"
    code, out, err = run(capsys, "check", str(missing))
    assert code == 2
    assert_clean(out + err)
    assert err.strip() == f"drill: no such file or folder: {tmp_path}/nope{SHOWN}.md"
    code, _, err = run(capsys, "due", "--decks", str(tmp_path / f"gone{EVIL}"))
    assert code == 2
    assert_clean(err)
    assert f"gone{SHOWN}: no such folder" in err
