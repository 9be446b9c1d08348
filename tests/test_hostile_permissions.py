"""Read-only deck folders, write-protected and unreadable deck files (issue 17, points 5, 6, 8).

The commands run in a child process without the capabilities that let root ignore mode bits
(CI runs as root), so the kernel refuses what it would refuse a user; drill also checks the mode
bits itself, which the in-process tests rely on.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from drill.decks import derive_id, parse_file

DECK = "# Read only\n\n## Stamped?\n<!-- id: readonly01 -->\n\nYes.\n\n## No id yet?\n\nNone.\n"
NO_ID = derive_id("Read only", "No id yet?")


def drill(home: Path, *argv: str) -> subprocess.CompletedProcess:
    """Run drill as a user whose file permissions count (root: with those capabilities dropped)."""
    command = [sys.executable, "-m", "drill", *argv]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root without setpriv: cannot drop the capabilities that "
                        "ignore file permissions, so these tests would prove nothing")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner",
                   "--inh-caps=-all", *command]
    env = {**os.environ, "DRILL_HOME": str(home)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_the_child_really_cannot_ignore_permissions(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = drill(tmp_path, "--version")
        assert result.returncode == 0
        probe = subprocess.run(
            ([shutil.which("setpriv"), "--bounding-set=-dac_override,-dac_read_search,-fowner",
              "--inh-caps=-all"] if os.geteuid() == 0 else [])
            + ["sh", "-c", f"touch {folder}/x"], capture_output=True)
        assert probe.returncode != 0 and not (folder / "x").exists()
    finally:
        folder.chmod(0o755)


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    (home / "decks").mkdir(parents=True)
    return home


@pytest.fixture
def read_only_folder(home):
    decks = home / "decks"
    (decks / "ro.md").write_text(DECK)
    decks.chmod(0o555)
    yield decks
    decks.chmod(0o755)


def no_temp_files(text: str, folder: Path) -> None:
    assert ".drill-tmp" not in text
    assert not [p for p in folder.iterdir() if p.name.endswith(".drill-tmp")]


def test_due_works_in_a_read_only_folder_and_reports_once(home, read_only_folder):
    first = drill(home, "due", "--json")
    assert first.returncode == 0, first.stderr
    assert "readonly01" not in first.stderr and "ro.md" in first.stderr
    assert first.stderr.count("ids not stamped") == 1
    assert "read-only" in first.stderr
    no_temp_files(first.stderr, read_only_folder)
    second = drill(home, "due", "--json")
    assert second.returncode == 0 and "ids not stamped" not in second.stderr  # once
    from drill.store import Store

    store = Store.open(home / "drill.db")
    try:
        assert {"readonly01", NO_ID} <= set(store.cards.index())  # derived in memory
    finally:
        store.close()
    assert (read_only_folder / "ro.md").read_text() == DECK


def test_add_to_a_new_deck_in_a_read_only_folder_names_the_folder(home, read_only_folder):
    result = drill(home, "add", "--deck", "Brand new", "--prompt", "Q?", "--answer", "A.")
    assert result.returncode == 1
    assert f"{read_only_folder}" in result.stderr and "read-only" in result.stderr
    no_temp_files(result.stderr, read_only_folder)
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["ro.md"]


def test_check_fix_in_a_read_only_folder_says_why_naming_the_file(home, read_only_folder):
    result = drill(home, "check", "--fix", str(read_only_folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ro.md: ids not stamped: cannot write" in result.stdout
    no_temp_files(result.stdout + result.stderr, read_only_folder)


def test_the_app_starts_with_a_read_only_folder(make_ctx, isolated_home):
    from drill.tui.app import make_app

    ctx = make_ctx(user_deck=DECK)
    decks = ctx.locations.decks_dir
    decks.chmod(0o555)  # root ignores it; drill checks the mode bits itself
    try:
        report = ctx.sync()
        assert any("ids not stamped" in p.message for p in report.problems)
        assert NO_ID in ctx.store.cards.index()
        app = make_app(ctx, sync_report=report)

        async def start():
            async with app.run_test() as pilot:
                await pilot.pause()
                assert type(app.screen).__name__ == "HomeScreen"
                assert any("ids not stamped" in n.message for n in app._notifications)

        import asyncio

        asyncio.run(start())
    finally:
        decks.chmod(0o755)
    assert (decks / "mine.md").read_text() == DECK


def test_a_write_protected_file_is_never_written(home):
    path = home / "decks" / "ro.md"
    path.write_text(DECK)
    path.chmod(0o444)
    due = drill(home, "due")
    assert due.returncode == 0 and "write-protected" in due.stderr
    add = drill(home, "add", "--deck", "Read only", "--prompt", "New?", "--answer", "A.")
    assert add.returncode == 1 and "ro.md" in add.stderr and "write-protected" in add.stderr
    fix = drill(home, "check", "--fix", str(path))
    assert "write-protected" in fix.stdout
    assert path.read_text() == DECK and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert sorted(p.name for p in path.parent.iterdir()) == ["ro.md"]


def test_write_protection_holds_in_process_too(tmp_path):
    """Root ignores mode bits; drill does not."""
    from drill.decks import stamp_ids

    path = tmp_path / "ro.md"
    path.write_text(DECK)
    path.chmod(0o444)
    result = stamp_ids(path)
    assert result.unwritable and "write-protected" in result.skipped
    assert path.read_text() == DECK


def test_add_to_a_deck_whose_file_is_unreadable_makes_no_second_file(home):
    path = home / "decks" / "read-only.md"
    path.write_text(DECK)
    path.chmod(0o000)
    try:
        result = drill(home, "add", "--deck", "Read only", "--prompt", "New?", "--answer", "A.")
    finally:
        path.chmod(0o644)
    assert result.returncode == 1 and "read-only.md" in result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == ["read-only.md"]
    assert parse_file(path).cards[-1].prompt == "No id yet?"


def test_a_new_deck_file_gets_the_usual_mode_not_0600(home):
    result = drill(home, "add", "--deck", "Fresh", "--prompt", "Q?", "--answer", "A.")
    assert result.returncode == 0, result.stderr
    (path,) = (home / "decks").iterdir()
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
