"""`drill add`: with arguments, and through $EDITOR; the user's files change only by the card."""

from __future__ import annotations

import sys
from pathlib import Path

from drill.cli import main
from drill.decks import derive_id, parse_file


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_to_a_new_deck(capsys, isolated_home):
    code, out, _ = run(capsys, "add", "--deck", "My notes", "--prompt", "What is AUC?",
                       "--answer", "The chance a positive outranks a negative.",
                       "--tags", "metrics,ranking", "--difficulty", "easy")
    card_id = derive_id("My notes", "What is AUC?")
    path = isolated_home / "decks" / "my-notes.md"
    assert code == 0 and f"Added {card_id} to My notes: {path}:3" in out
    [card] = parse_file(path).cards
    assert (card.id, card.tags, card.difficulty) == (card_id, ("metrics", "ranking"), "easy")
    assert "\nMy notes " in run(capsys, "due")[1]  # reviewable at once


def test_adding_keeps_every_other_byte_of_the_file(capsys, isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    original = b"\xef\xbb\xbf# Mine\r\n\r\n## Old?\r\n<!-- id: oldcard1 -->\r\nOld answer.\r\n"
    (decks / "mine.md").write_bytes(original)
    code, _, _ = run(capsys, "add", "--deck", "mine", "--prompt", "New?", "--answer", "Yes.")
    data = (decks / "mine.md").read_bytes()
    assert code == 0 and data.startswith(original)
    new_id = derive_id("Mine", "New?")
    assert data[len(original):] == f"\r\n## New?\r\n<!-- id: {new_id} -->\r\n\r\nYes.\r\n".encode()


def test_a_bundled_decks_title_adds_to_the_users_deck(capsys, isolated_home):
    code, out, _ = run(capsys, "add", "--deck", "deep learning", "--prompt", "What is GELU?",
                       "--answer", "x·Φ(x)")
    assert code == 0 and "bundled decks are never written" in out
    assert (isolated_home / "decks" / "deep-learning.md").read_text().startswith("# Deep learning")


def test_bad_input_is_refused_with_a_reason(capsys, isolated_home, tmp_path):
    run(capsys, "add", "--deck", "D", "--prompt", "Q?", "--answer", "A")
    for argv, message in [
        (["--prompt", "Q?", "--answer", "B"], "prompt: D already has this question"),
        (["--prompt", "R?", "--answer", ""], "answer: the answer is empty"),
        (["--prompt", "R?", "--answer", "A", "--tags", "Big Tag"], "tags: 'Big Tag'"),
        (["--prompt", "R?", "--answer", "## not allowed"], "must not contain '# ' or '## '"),
        (["--prompt", "R?", "--answer", "A", "--answer-file", str(tmp_path / "x")],
         "not both"),
        (["--prompt", "R?", "--answer-file", str(tmp_path / "missing.md")], "--answer-file"),
    ]:
        code, _, err = run(capsys, "add", "--deck", "D", *argv)
        assert code == 2 and message in err, (argv, err)
    assert len(parse_file(isolated_home / "decks" / "d.md").cards) == 1


def test_answer_from_a_file(capsys, isolated_home, tmp_path):
    answer = tmp_path / "answer.md"
    answer.write_text("Line one.\n\n```python\nprint(1)\n```\n")
    code, _, _ = run(capsys, "add", "--deck", "D", "--prompt", "Q?", "--answer-file", str(answer))
    assert code == 0
    assert parse_file(isolated_home / "decks" / "d.md").cards[0].answer.endswith("```")


def editor(tmp_path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[-1])\n" + body)
    return f"{sys.executable} {script}"


def test_add_through_editor(capsys, isolated_home, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        "p.write_text(p.read_text().replace('Write the question here', 'What is F1?')"
        ".replace('Write the answer here, in Markdown.', 'Harmonic mean of P and R.'))\n")))
    code, out, _ = run(capsys, "add", "--deck", "Stats")
    assert code == 0 and "Added" in out
    [card] = parse_file(isolated_home / "decks" / "stats.md").cards
    assert (card.prompt, card.answer) == ("What is F1?", "Harmonic mean of P and R.")


def test_an_unchanged_template_adds_nothing(capsys, isolated_home, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, "pass\n"))
    code, out, _ = run(capsys, "add", "--deck", "Stats")
    assert code == 0 and "Nothing added" in out
    assert not (isolated_home / "decks" / "stats.md").exists()


def test_a_broken_template_keeps_the_users_text(capsys, isolated_home, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, (
        "p.write_text(p.read_text().replace('Write the answer here, in Markdown.', "
        "'```\\nunclosed'))\n")))
    code, _, err = run(capsys, "add", "--deck", "Stats")
    assert code == 1 and "code fence opened here is never closed" in err
    kept = err.split("your text is kept in ")[1].strip()
    assert "unclosed" in Path(kept).read_text()
