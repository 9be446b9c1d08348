"""The core and the commands that need no screen never import Textual (so they start fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = ["drill.session", "drill.editing", "drill.decks", "drill.check", "drill.paths", "drill.cli",
        "drill.store", "drill.sync", "drill.review", "drill.sm2", "drill.progress", "drill.clock",
        "drill.settings", "drill.context", "drill.mock", "drill.authoring",
        "drill.anki_package", "drill.anki_notes", "drill.anki_import"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["check"], ["due"], ["orphans"],
                                     ["add", "--deck", "D", "--prompt", "Q?", "--answer", "A"],
                                     ["import", "missing.apkg"]])
def test_commands_without_a_screen_do_not_import_textual(tmp_path, command):
    code = (f"import sys; from drill.cli import main; main({command!r}); "
            "assert 'textual' not in sys.modules, 'textual imported'")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=False, env={"DRILL_HOME": str(tmp_path),
                                                         "PATH": "/usr/bin:/bin"})
    assert "textual imported" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
