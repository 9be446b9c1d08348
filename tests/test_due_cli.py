"""`drill due` and `drill orphans` as a user runs them."""

from __future__ import annotations

import json

from drill.cli import main
from drill.decks import find_deck_files
from drill.paths import bundled_decks_dir


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_on_a_fresh_install_syncs_and_shows_the_bundled_decks(capsys, isolated_home):
    code, out, _ = run(capsys, "due")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["deck", "due", "new", "repeat"]
    assert len([line for line in lines[1:] if line and not line.startswith(("total", "10 of"))]) \
        == len(find_deck_files(bundled_decks_dir()))
    assert lines[-3].split() == ["total", "0", "10", "0"]
    assert "10 of 10 new cards left today" in out
    assert (isolated_home / "drill.db").exists()


def test_due_for_a_deck_that_does_not_exist_fails_and_lists_the_decks(capsys, isolated_home):
    code, out, err = run(capsys, "due", "--deck", "Nope")
    assert code == 1 and out == ""
    assert "no deck is called 'Nope'" in err and "Deep learning" in err and "MLOps and LLMs" in err
    code, out, _ = run(capsys, "due", "--deck", "deep LEARNING")  # titles match in any case
    assert code == 0 and "Deep learning" in out


def test_due_json_and_a_user_deck(capsys, isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "mine.md").write_text("# Mine\n## Q?\nA\n")
    code, out, _ = run(capsys, "due", "--json", "--deck", "mine")
    data = json.loads(out)
    assert code == 0
    assert data["decks"] == [{"deck": "Mine", "due": 0, "new": 1, "repeat": 0}]
    assert "<!-- id: " in (decks / "mine.md").read_text()  # stamped by the sync


def test_due_reports_a_broken_user_deck_and_keeps_going(capsys, isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "bad.md").write_text("# Bad\n## Q?\n")
    code, out, err = run(capsys, "due")
    assert code == 0 and "total" in out
    assert "bad.md:2: error: card 'Q?' has a question but no answer" in err


def test_due_with_db_and_decks_options(capsys, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "x.md").write_text("# Extra\n## Q?\nA\n")
    code, out, _ = run(capsys, "due", "--db", str(tmp_path / "other.db"), "--decks", str(extra),
                       "--deck", "Extra")
    assert code == 0 and "Extra" in out
    assert (tmp_path / "other.db").exists()


def test_due_with_a_broken_database_says_so_without_a_traceback(capsys, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    code, _, err = run(capsys, "due", "--db", str(bad))
    assert code == 2
    assert err.startswith(f"drill: cannot use the database {bad}")
    assert "Traceback" not in err


def test_due_with_bad_settings_warns_and_uses_defaults(capsys, isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("new_per_day = -3\nrollover_hour = 'x'\n")
    code, out, err = run(capsys, "due")
    assert code == 0 and "10 of 10 new cards" in out
    assert "new_per_day = -3 must be a whole number from 0 to 9999; using 10" in err


def test_orphans_list_purge_and_reattach(capsys, isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    deck = decks / "mine.md"
    deck.write_text("# Mine\n## First?\n<!-- id: first001 -->\nA\n## Second?\n"
                    "<!-- id: second01 -->\nB\n")
    run(capsys, "due")
    deck.write_text("# Mine\n## First?\n<!-- id: first001 -->\nA\n## Third?\n"
                    "<!-- id: third001 -->\nC\n")
    code, out, _ = run(capsys, "orphans")
    assert code == 0 and out.startswith("second01  Mine · Second?  (0 reviews; gone from")
    code, _, err = run(capsys, "orphans", "--purge", "first001")
    assert code == 2 and "first001 is not an orphan; nothing was purged" in err
    code, out, _ = run(capsys, "orphans", "--reattach", "second01", "third001")
    assert code == 0 and "third001 now carries the history of second01" in out
    code, out, _ = run(capsys, "orphans")
    assert "No orphans" in out


def test_orphans_purge_saves_a_copy(capsys, isolated_home):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    deck = decks / "mine.md"
    deck.write_text("# Mine\n## Gone?\n<!-- id: gone0001 -->\nA\n")
    run(capsys, "due")
    deck.write_text("# Mine\n## Other?\n<!-- id: other001 -->\nB\n")
    code, out, _ = run(capsys, "orphans", "--purge", "gone0001")
    assert code == 0 and "purged gone0001" in out
    [backup] = (isolated_home / "backups").iterdir()
    assert json.loads(backup.read_text())["card"]["prompt"] == "Gone?"
    assert "No orphans" in run(capsys, "orphans")[1]


def test_mock_options_are_checked_before_the_app_opens(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    for argv, message in [
        (["mock", "--format", "lunch"], "--format lunch: use one of recruiter, technical"),
        (["mock", "--format", "onsite", "--deck", "X"], "make a custom round"),
        (["mock", "--minutes", "0"], "--minutes must be from 1 to 90"),
    ]:
        code, _, err = run(capsys, *argv)
        assert code == 2 and message in err, err


def test_the_app_needs_a_terminal(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "the app needs a terminal" in err



def test_a_reader_that_goes_away_gets_no_traceback(monkeypatch, capsys):
    """`drill due | head -1` once the reader has gone: drill exits quietly with 0."""
    import io

    from drill.cli import main

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    monkeypatch.setattr("sys.stderr", io.StringIO())  # drill closes it: no "Exception ignored"
    assert main(["due"]) == 0
