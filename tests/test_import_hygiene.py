"""The core and the commands that need no screen never import Textual (so they start fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = ["drill.session", "drill.editing", "drill.decks", "drill.check", "drill.paths", "drill.cli",
        "drill.store", "drill.sync", "drill.review", "drill.sm2", "drill.progress", "drill.clock",
        "drill.settings", "drill.context", "drill.mock", "drill.authoring", "drill.stats",
        "drill.store_stats", "drill.cli_stats", "drill.anki_package", "drill.anki_notes",
        "drill.anki_import", "drill.anki_export", "drill.csv_io", "drill.cli_export"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("command", "expected"), [
    (["check"], "0 errors, 0 warnings"),
    (["due"], "new cards left today"),
    (["orphans"], "No orphans"),
    (["stats"], "retention young"),
    (["stats", "--json"], "\"today\""),
    (["export", "log", "{tmp}/log.csv"], "log rows to"),
    (["export", "csv", "{tmp}/cards.csv"], "cards in 6 decks to"),
    (["export", "apkg", "{tmp}/cards.apkg", "--with-schedule"], "cards in 6 decks to"),
    (["add", "--deck", "D", "--prompt", "Q?", "--answer", "A"], "Added "),
])
def test_commands_without_a_screen_do_not_import_textual(tmp_path, command, expected):
    command = [part.replace("{tmp}", str(tmp_path)) for part in command]
    code = (f"import sys; from drill.cli import main; status = main({command!r}); "
            "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False, env={"DRILL_HOME": str(tmp_path),
                                                         "PATH": "/usr/bin:/bin"})
    assert "textual imported" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout and "Traceback" not in result.stderr, result


def test_import_does_not_import_textual(tmp_path):
    code = ("import sys; from drill.cli import main; status = main(['import', 'missing.apkg']); "
            "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, check=False, env={"DRILL_HOME": str(tmp_path),
                                                         "PATH": "/usr/bin:/bin",
                                                         "PYTHONPATH": str(REPO)})
    assert "textual imported" not in result.stderr, result.stderr
    assert result.returncode == 1 and "nothing was imported" in result.stderr, result
