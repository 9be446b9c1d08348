"""`run_check` and its report: files found once, duplicate ids across files, stamping with --fix,
and the JSON a script reads."""

from __future__ import annotations

import json

from drill.check import display_path, expand, format_report, run_check
from drill.decks import derive_id, parse_file

DUP_HINT = "every card needs its own id: delete this id line and drill stamps a new one"


def test_a_file_given_twice_or_inside_a_given_folder_is_checked_once(write_deck):
    path = write_deck("# A\n## Q?\n<!-- id: aaaaaaaa -->\nA\n")
    assert expand([path, path.parent, path]) == [path]
    report = run_check([path, path.parent])
    assert len(report.decks) == 1 and report.error_count == 0


def test_duplicate_ids_are_found_after_a_card_without_an_id(write_deck):
    first = write_deck("# A\n## No id yet?\nA\n\n## Q?\n<!-- id: samesame -->\nA\n", "a.md")
    second = write_deck("# B\n## R?\n<!-- id: samesame -->\nB\n", "b.md")
    report = run_check([first.parent])
    [problem] = [p for p in report.all_problems if p.severity == "error"]
    assert (problem.path, problem.line) == (str(second), 2)
    assert problem.message == f"duplicate id 'samesame' (also in {first}:5)"
    assert problem.hint == DUP_HINT


def test_two_bundled_files_sharing_an_id_is_an_error(write_deck, monkeypatch):
    first = write_deck("# A\n## Q?\n<!-- id: samesame -->\nA\n", "a.md")
    write_deck("# B\n## R?\n<!-- id: samesame -->\nB\n", "b.md")
    monkeypatch.setattr("drill.check.is_bundled", lambda path: True)
    report = run_check([first.parent])
    assert report.error_count == 1 and report.bundled == {str(first), str(first.parent / "b.md")}


def test_fix_stamps_every_file_that_needs_it_after_one_that_does_not(write_deck):
    done = write_deck("# A\n## Q?\n<!-- id: aaaaaaaa -->\nA\n", "a.md")
    todo = write_deck("# B\n## R?\nB\n", "b.md")
    report = run_check([done.parent], fix=True)
    assert report.stamped == [(str(todo), 1)]
    assert [c.id for c in parse_file(todo).cards] == [derive_id("B", "R?")]
    assert report.warning_count == 0  # the report shows the files as they are now


def test_fix_stamps_user_files_when_drill_is_installed(write_deck, monkeypatch):
    path = write_deck("# B\n## R?\nB\n")
    monkeypatch.setattr("drill.check.bundled_is_installed", lambda: True)
    report = run_check([path], fix=True)
    assert report.stamped == [(str(path), 1)] and report.not_stamped == []


def test_fix_avoids_ids_used_in_other_files(write_deck):
    taken = derive_id("B", "R?")
    write_deck(f"# A\n## Renamed?\n<!-- id: {taken} -->\nA\n", "a.md")
    todo = write_deck("# B\n## R?\nB\n", "b.md")
    report = run_check([todo.parent], fix=True)
    [card] = parse_file(todo).cards
    assert card.id != taken and card.id.startswith(taken)
    assert report.error_count == 0


def test_fix_reports_a_file_it_could_not_stamp_and_carries_on(write_deck):
    broken = write_deck("# A\n## Q?\n", "a.md")
    todo = write_deck("# B\n## R?\nB\n", "b.md")
    report = run_check([todo.parent], fix=True)
    assert report.not_stamped == [(str(broken), "the file has errors; fix them first")]
    assert report.stamped == [(str(todo), 1)]


def test_the_json_report_has_every_field(write_deck, monkeypatch):
    broken = write_deck("# A\n## Q?\n", "a.md")
    todo = write_deck("# B\n## R?\nB\n", "b.md")
    report = run_check([todo.parent], fix=True)
    text = report.to_json()
    assert text.startswith('{\n  "summary": {\n    "decks": 2,')
    data = json.loads(text)
    assert data["summary"] == {"decks": 2, "files": 2, "cards": 2, "errors": 1, "warnings": 0}
    assert data["problems"] == [{
        "path": str(broken), "line": 2, "severity": "error",
        "message": "card 'Q?' has a question but no answer",
        "hint": "add text under the heading, or delete the heading"}]
    assert data["stamped"] == [{"path": str(todo), "ids": 1}]
    assert data["not_stamped"] == [{"path": str(broken),
                                    "reason": "the file has errors; fix them first"}]
    assert data["decks"][1] == {"path": str(todo), "title": "B", "cards": 1, "bundled": False,
                                "ok": True}


def test_summary_counts_words_in_the_singular_and_plural(write_deck):
    one = write_deck("# A\n## Q?\n<!-- id: aaaaaaaa -->\nA\n", "a.md")
    assert run_check([one]).summary() == "1 deck, 1 card: 0 errors, 0 warnings"
    write_deck("# B\n## Q?\n\n## R?\nB\n\n## S?\n<!-- kind: x -->\nC\n", "b.md")
    assert run_check([one.parent]).summary() == "2 decks, 4 cards: 2 errors, 0 warnings"


def test_the_text_report_line_by_line_with_paths_relative_to_here(write_deck, monkeypatch):
    broken = write_deck("# A\n## Q?\n", "a.md")
    write_deck("# B\n## R?\nB\n\n## S?\nC\n", "b.md")
    write_deck("# C\n## T?\nD\n", "c.md")
    monkeypatch.chdir(broken.parent.parent)
    report = run_check([broken.parent], fix=True)  # absolute paths, shown relative to here
    assert [deck.path for deck in report.decks] == ["decks/a.md", "decks/b.md", "decks/c.md"]
    assert format_report(report).split("\n") == [
        "decks/a.md:2: error: card 'Q?' has a question but no answer",
        "    hint: add text under the heading, or delete the heading",
        "decks/b.md: stamped 2 ids",
        "decks/c.md: stamped 1 id",
        "decks/a.md: ids not stamped: the file has errors; fix them first",
        "3 decks, 4 cards: 1 error, 0 warnings",
    ]


def test_paths_outside_the_current_folder_stay_absolute(write_deck, monkeypatch, tmp_path):
    path = write_deck("# B\n## R?\nB\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert display_path(path) == str(path)
    report = run_check([path], fix=True)
    assert report.decks[0].path == str(path) and report.stamped == [(str(path), 1)]


def test_fix_skips_an_installed_bundled_deck_and_stamps_the_users_after_it(write_deck,
                                                                          monkeypatch):
    bundled = write_deck("# A\n## Q?\nA\n", "a.md")
    mine = write_deck("# B\n## R?\nB\n", "b.md")
    monkeypatch.setattr("drill.check.is_bundled", lambda path: path.name == "a.md")
    monkeypatch.setattr("drill.check.bundled_is_installed", lambda: True)
    report = run_check([bundled.parent], fix=True)
    assert report.not_stamped == [(str(bundled), "drill never writes to its bundled decks")]
    assert report.stamped == [(str(mine), 1)]
    assert bundled.read_text() == "# A\n## Q?\nA\n"


def test_run_check_writes_nothing_unless_asked(write_deck):
    path = write_deck("# B\n## R?\nB\n")
    report = run_check([path])
    assert path.read_text() == "# B\n## R?\nB\n" and report.stamped == []
    assert report.warning_count == 1
