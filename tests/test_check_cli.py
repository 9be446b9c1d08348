"""`drill check`, `drill --version` and `drill --help` as a user runs them."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drill import __version__
from drill.cli import build_parser, main
from drill.decks import derive_id, find_deck_files
from drill.paths import bundled_decks_dir
from tests.conftest import REPO

BAD = "# Bad\n\n## Where is the answer?\n\n## Fine?\n<!-- kind: quiz -->\nyes\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_deck_exits_zero_with_a_summary(capsys, write_deck):
    path = write_deck("# D\n## Q?\n<!-- id: abcdefgh -->\nA\n")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert out.strip() == "1 deck, 1 card: 0 errors, 0 warnings"


def test_errors_are_printed_as_path_line_message_and_exit_one(capsys, write_deck):
    path = write_deck(BAD)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"{path}:3: error: card 'Where is the answer?' has a question but no answer" in out
    assert f"{path}:6: error: unknown kind 'quiz'" in out
    assert "    hint: use one of: concept, design, star, coding" in out
    assert out.rstrip().endswith("1 deck, 2 cards: 2 errors, 0 warnings")


def test_a_folder_is_checked_recursively_skipping_readme_and_underscore_files(capsys, write_deck):
    folder = write_deck("# A\n## Q?\n<!-- id: aaaaaaaa -->\nA\n", "a.md").parent
    write_deck("# B\n## Q?\n<!-- id: bbbbbbbb -->\nA\n", "sub/b.md")
    write_deck("not a deck", "README.md")
    write_deck("not a deck", "_draft.md")
    write_deck("not a deck", ".hidden/c.md")
    code, out, _ = run(capsys, "check", str(folder))
    assert (code, out.strip()) == (0, "2 decks, 2 cards: 0 errors, 0 warnings")


def test_the_same_id_in_two_user_files_is_an_error(capsys, write_deck):
    first = write_deck("# A\n## Q?\n<!-- id: samesame -->\nA\n", "a.md")
    second = write_deck("# B\n## R?\n<!-- id: samesame -->\nB\n", "b.md")
    code, out, _ = run(capsys, "check", str(first.parent))
    assert code == 1
    assert f"{second}:2: error: duplicate id 'samesame' (also in {first}:2)" in out


def test_a_user_card_may_reuse_a_bundled_id_to_override_it(capsys, write_deck):
    bundled = next(iter(find_deck_files(bundled_decks_dir())))
    from drill.decks import parse_file
    card = parse_file(bundled).cards[0]
    mine = write_deck(f"# {card.deck}\n## My version\n<!-- id: {card.id} -->\nMine.\n")
    code, out, _ = run(capsys, "check", str(bundled), str(mine))
    assert code == 0, out


def test_json_report(capsys, write_deck):
    path = write_deck(BAD)
    code, out, _ = run(capsys, "check", "--json", str(path))
    report = json.loads(out)
    assert code == 1
    assert report["summary"] == {"decks": 1, "files": 1, "cards": 2, "errors": 2, "warnings": 0}
    assert report["problems"][0]["line"] == 3 and report["problems"][0]["hint"]
    assert report["decks"][0] == {"path": str(path), "title": "Bad", "cards": 2,
                                  "bundled": False, "ok": False}


def test_check_is_read_only_without_fix(capsys, write_deck):
    path = write_deck("# D\n## Q?\nA\n")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and "1 card has no id yet" in out
    assert path.read_text() == "# D\n## Q?\nA\n"


def test_fix_stamps_ids_and_reports_it(capsys, write_deck):
    path = write_deck("# D\n## Q?\nA\n")
    code, out, _ = run(capsys, "check", "--fix", str(path))
    new_id = derive_id("D", "Q?")
    assert code == 0
    assert path.read_text() == f"# D\n## Q?\n<!-- id: {new_id} -->\nA\n"
    assert f"{path}: stamped 1 id" in out
    assert out.rstrip().endswith("1 deck, 1 card: 0 errors, 0 warnings")


def test_fix_never_writes_bundled_decks(capsys, monkeypatch, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    deck = bundle / "x.md"
    deck.write_text("# X\n## Q?\nA\n")
    monkeypatch.setattr("drill.check.is_bundled", lambda path: True)
    monkeypatch.setattr("drill.check.bundled_is_installed", lambda: True)
    code, out, _ = run(capsys, "check", "--fix", str(deck))
    assert code == 0 and deck.read_text() == "# X\n## Q?\nA\n"
    assert "ids not stamped: drill never writes to its bundled decks" in out


def test_no_paths_checks_the_bundled_decks_and_the_users(capsys, isolated_home):
    user = isolated_home / "decks"
    user.mkdir(parents=True)
    (user / "mine.md").write_text("# Mine\n## Q?\n")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "mine.md:2: error: card 'Q?' has a question but no answer" in out
    bundled = len(find_deck_files(bundled_decks_dir()))
    assert out.splitlines()[-1].startswith(f"{bundled + 1} decks,")


def test_decks_are_counted_by_title_as_the_app_counts_them(capsys, isolated_home):
    """A user file with a bundled deck's title adds to that deck: one deck, two files."""
    user = isolated_home / "decks"
    user.mkdir(parents=True)
    (user / "more-dl.md").write_text("# Deep learning\n\n## Mine?\n\nYes.\n")
    (user / "mine.md").write_text("# Mine\n\n## Q?\n\nA.\n")
    code, out, _ = run(capsys, "check")
    bundled = len(find_deck_files(bundled_decks_dir()))
    assert code == 0
    assert out.splitlines()[-1].startswith(f"{bundled + 1} decks in {bundled + 2} files,")


def test_terminal_control_characters_are_escaped(capsys, write_deck):
    path = write_deck("# D\n## Red\x1b[31m text\u202e\n\n## Q?\nA\n")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out
    assert "'Red\\x1b[31m text\\u202e' has a question but no answer" in out


def test_missing_path_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, "check", str(tmp_path / "nope.md"))
    assert code == 2 and out == ""
    assert err.strip() == f"drill: no such file or folder: {tmp_path / 'nope.md'}"


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--frobnicate"])
    assert exc.value.code == 2


def test_unreadable_deck_is_reported_not_raised(capsys, write_deck, monkeypatch):
    locked = write_deck("# D\n## Q?\nA\n", "locked.md")
    fine = write_deck("# E\n## Q?\n<!-- id: abcdefgh -->\nA\n", "fine.md")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.md":  # root reads any file, so refuse this one by hand
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, _ = run(capsys, "check", str(locked), str(fine))
    assert code == 1
    assert f"{locked}:1: error: cannot read file: Permission denied" in out
    assert out.rstrip().endswith("2 decks, 1 card: 1 error, 0 warnings")


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"drill {__version__}"


def test_help_lists_every_command_with_a_description(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    for action in commands._choices_actions:
        assert action.dest in out and action.help and action.help in out


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"drill {name}" in readme, name


def test_python_dash_m_drill_runs_the_cli(tmp_path):
    result = subprocess.run([sys.executable, "-m", "drill", "--version"], capture_output=True,
                            text=True, cwd=REPO, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"drill {__version__}"


@pytest.mark.parametrize("argv, named", [
    ([], ""), (["--db", "x.db"], ""), (["due"], "due"), (["--db", "due", "stats"], "stats"),
    (["--decks=due", "check"], "check"), (["--dec", "stats", "due"], "due"),
    (["--version"], ""), (["due", "--help"], "due"), (["-h", "due"], None),
    (["--", "due"], None), (["plan", "set"], "plan"), (["bogus"], "bogus"),
    (["-", "due"], "-"), (["--decks=x", "due"], "due"),
])
def test_the_command_a_command_line_names(argv, named):
    from drill.cli_args import command_named as _command_named

    assert _command_named(argv) == named


def _parsed(parser, argv):
    values = vars(parser.parse_args(argv))
    return {k: (v.__name__ if callable(v) else v) for k, v in values.items()}


def test_a_parser_of_one_command_parses_as_the_whole_parser():
    from drill.cli_args import command_named as _command_named

    lines = [[], ["--db", "a.db"], ["due", "--json", "--kind", "star"], ["--db", "due", "due"],
             ["check", "--fix", "x.md"], ["plan", "set", "--date", "2027-01-05", "--label", "Acme"],
             ["export", "log", "out.csv"], ["stats", "--days", "7"], ["story", "add"],
             ["mock", "--format", "recruiter", "--seed", "3"], ["orphans", "--purge", "abcdefgh"],
             ["review", "--minutes", "10"], ["evaluate"], ["share", "status"], ["stories"]]
    whole = build_parser()
    for argv in lines:
        named = _command_named(argv)
        one = build_parser(named)
        assert _parsed(one, argv) == _parsed(whole, argv), argv
        built = one._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert list(built) == ([named] if named else []), argv  # the others were not built


def test_a_word_that_is_no_command_gets_the_list_of_commands(capsys):
    with pytest.raises(SystemExit):
        main(["bogus"])
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err and "'due'" in err and "'stories'" in err


def test_each_command_module_registers_the_commands_the_cli_says():
    import importlib

    from drill.cli_args import COMMAND_MODULES

    for module in set(COMMAND_MODULES.values()):
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(f"drill.{module}").register(commands, argparse.ArgumentParser(
            add_help=False))
        assert {n for n, m in COMMAND_MODULES.items() if m == module} == set(commands.choices)


@pytest.mark.parametrize("columns", ["", "50", "132", "0", "-3", "wide"])
def test_help_is_as_wide_as_shutil_would_make_it(monkeypatch, capsys, columns):
    """The help formatter measures the terminal itself (argparse's would import shutil for
    every command): the same width, so the same help, for any $COLUMNS."""
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    with pytest.raises(SystemExit):
        main(["due", "--help"])
    ours = capsys.readouterr().out
    parser = build_parser("due")
    due = parser._subparsers._group_actions[0].choices["due"]  # type: ignore[union-attr]
    due.formatter_class = argparse.HelpFormatter  # argparse's own, which asks shutil
    assert due.format_help() == ours
    assert due._get_formatter()._width == parser._get_formatter()._width


def test_every_parser_of_the_cli_lays_help_out_without_shutil():
    from drill.cli_args import Parser, _Formatter

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert type(parser) is Parser and all(type(p) is Parser for p in commands.values())
    assert all(p.formatter_class is _Formatter for p in [parser, *commands.values()])
