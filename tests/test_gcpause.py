"""The garbage collector paused over work whose objects live to its end (drill/gcpause.py): a
cold sync, and the commands that print a count and exit."""

from __future__ import annotations

import gc

import pytest

from drill.gcpause import paused_collection


@pytest.fixture
def collecting():
    """Collection on (as Python starts), whatever a test leaves it as."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_collection_is_off_inside_and_on_again_after(collecting):
    with paused_collection():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_is_on_again_after_an_error(collecting):
    with pytest.raises(ValueError), paused_collection():
        raise ValueError("boom")
    assert gc.isenabled()


def test_collection_that_was_off_stays_off(collecting):
    gc.disable()
    with paused_collection():
        pass
    assert not gc.isenabled()


def test_nested_pauses_leave_collection_on_only_at_the_outer_end(collecting):
    with paused_collection():
        with paused_collection():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("command", [["due"], ["stats"], ["due", "--json"]])
def test_drill_due_and_stats_count_without_collection_and_turn_it_back_on(
        collecting, isolated_home, monkeypatch, capsys, command):
    from drill.cli import main
    from drill.context import Context

    seen = []
    real = Context.close
    monkeypatch.setattr(Context, "close", lambda self: seen.append(gc.isenabled()) or real(self))
    assert main(command) == 0
    assert capsys.readouterr().out
    assert seen == [False]  # off while the command worked (its context closes last)
    assert gc.isenabled()


@pytest.fixture
def unfrozen():
    """Nothing frozen before or after (make_app freezes what a test process made)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_drill_as_the_program_freezes_what_it_made_before_python_finalizes(unfrozen, monkeypatch,
                                                                          tmp_path, capsys):
    from drill.cli import main

    monkeypatch.setenv("DRILL_HOME", str(tmp_path))
    monkeypatch.setattr("sys.argv", ["drill", "check", str(tmp_path)])
    assert main() == 0
    assert "0 errors" in capsys.readouterr().out
    assert gc.get_freeze_count() > 0


def test_drill_as_the_program_freezes_even_when_argparse_exits(unfrozen, monkeypatch, capsys):
    from drill.cli import main

    monkeypatch.setattr("sys.argv", ["drill", "--version"])
    with pytest.raises(SystemExit):
        main()
    assert gc.get_freeze_count() > 0


def test_a_run_with_arguments_given_freezes_nothing(unfrozen, monkeypatch, tmp_path, capsys):
    """A test calls main(argv) in a process that goes on: its objects must stay collectable."""
    from drill.cli import main

    monkeypatch.setenv("DRILL_HOME", str(tmp_path))
    assert main(["check", str(tmp_path)]) == 0
    assert gc.get_freeze_count() == 0
