"""The core and the commands that need no screen never import Textual (so they start fast)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = ["drill.session", "drill.editing", "drill.decks", "drill.check", "drill.paths", "drill.cli",
        "drill.store", "drill.sync", "drill.review", "drill.sm2", "drill.progress", "drill.clock",
        "drill.settings", "drill.context", "drill.mock", "drill.authoring", "drill.stats",
        "drill.store.stats", "drill.cli_stats", "drill.anki_package", "drill.anki_notes",
        "drill.anki_import", "drill.roadmap", "drill.roadmap_types", "drill.deckfile.parse",
        "drill.store.log", "drill.anki_export", "drill.csv_io", "drill.cli_export",
        "drill.fsrs_scheduler", "drill.evaluate", "drill.evaluate_fit", "drill.simulate",
        "drill.cli_fsrs", "drill.plan", "drill.plan_file", "drill.plan_material", "drill.cli_plan",
        "drill.share", "drill.share_file", "drill.store.merge", "drill.cli_share",
        "drill.stories", "drill.story_bank", "drill.cli_stories", "drill.debrief",
        "drill.user_pace", "drill.cli_args", "drill.gcpause", "drill.store.replaying"]


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
    (["export", "csv", "{tmp}/cards.csv"], "cards in 7 decks to"),
    (["export", "apkg", "{tmp}/cards.apkg", "--with-schedule"], "cards in 7 decks to"),
    (["evaluate"], "Predicting recall on your review log"),
    (["plan"], "No interview date set"),
    (["share"], "Not sharing"),
    (["simulate", "--days", "7"], "Reviews per day over the next 7 days"),
    (["add", "--deck", "D", "--prompt", "Q?", "--answer", "A"], "Added "),
    (["story", "add", "--title", "T", "--result", "R", "--no-input"], "Wrote "),
    (["stories"], "competencies"),
    (["export", "stories", "{tmp}/stories.md"], "stories to"),
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


# What `drill due` never needs when nothing changed on disk, there is no study plan and no
# settings file: each costs every run milliseconds to import (issue 26).
NOT_FOR_DUE = ("drill.plan", "drill.plan_material", "drill.plan_file", "drill.cram", "drill.check",
               "drill.cli_plan", "drill.cli_stats", "drill.cli_fsrs", "drill.cli_share",
               "drill.cli_stories", "uuid", "tomllib", "statistics", "dateutil", "hashlib",
               "drill.deckfile.model", "drill.deckfile.parse", "drill.deckfile.stamp",
               "drill.decks", "drill.files", "ctypes", "shutil", "drill.progress", "drill.sm2",
               "drill.store.replaying", "dataclasses", "inspect", "zoneinfo", "sysconfig")


def test_drill_due_imports_only_what_it_uses(tmp_path):
    env = {"DRILL_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = ("import sys; from drill.cli import main; status = main(['due']); "
            f"print([m for m in {NOT_FOR_DUE!r} if m in sys.modules]); sys.exit(status)")
    for _run in ("the first sync", "a warm sync"):
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                                text=True, check=False, env=env)
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout  # of the warm run


def test_drill_stats_does_not_import_dataclasses(tmp_path):
    """Its figures are NamedTuples and plain classes (drill/record.py): dataclasses would import
    inspect, some 12 ms of every run (issue 26). Nor are the exports' modules loaded: `export`
    is registered beside `stats`, but its subcommands only when it is the command named."""
    code = ("import sys; from drill.cli import main; status = main(['stats']); "
            "print([m for m in ('dataclasses', 'inspect', 'textual', 'drill.cli_export', "
            "'drill.cli_stories') if m in sys.modules]); "
            "sys.exit(status)")
    for _run in ("the first sync (which parses the decks)", "a warm sync"):
        result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                                text=True, check=False, env={"DRILL_HOME": str(tmp_path),
                                                             "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
    assert "readiness for any role" in result.stdout, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_the_queue_counts_leeches_as_progress_defines_them():
    """drill.store.queue keeps its own copy of the leech threshold (importing drill.progress
    would cost `drill due` its dataclasses); the two must agree."""
    from drill.progress import LEECH_LAPSES
    from drill.store import queue

    assert queue.LEECH_LAPSES == LEECH_LAPSES


# --- the import rules of ARCHITECTURE.md, read from the source with `ast` ----------------------

DRILL = REPO / "drill"
# Layers, lowest first: a module imports from its own layer or lower ones, never higher.
LAYERS = {
    "base": ("drill", "drill.clock", "drill.sm2", "drill.progress", "drill.files", "drill.paths",
             "drill.text", "drill.roadmap_types", "drill.anki_package", "drill.fsrs_scheduler",
             "drill.share_file", "drill.gcpause", "drill.record"),
    "content": ("drill.deckfile", "drill.decks", "drill.roadmap_content", "drill.roadmap",
                "drill.roadmap_pages", "drill.settings", "drill.anki_notes", "drill.stories"),
    "store": ("drill.store",),
    "domain": ("drill.sync", "drill.review", "drill.session", "drill.mock", "drill.stats",
               "drill.check", "drill.editing", "drill.authoring", "drill.browse",
               "drill.anki_import", "drill.anki_export", "drill.csv_io", "drill.context",
               "drill.evaluate", "drill.evaluate_fit", "drill.simulate", "drill.plan",
               "drill.plan_file", "drill.plan_material", "drill.share", "drill.story_bank",
               "drill.debrief", "drill.user_pace"),
    "entry": ("drill.cli", "drill.cli_args", "drill.cli_stats", "drill.cli_export",
              "drill.cli_fsrs", "drill.cli_plan",
              "drill.cli_share", "drill.cli_stories", "drill.__main__"),
    "tui": ("drill.tui",),
}
ORDER = list(LAYERS)
# The store's concerns: each owns its SQL and reaches the others only through the Store.
CONCERNS = ("cards", "log", "flags", "prefs", "mock", "roadmap", "queue", "stats")
CONCERN_MAY_IMPORT = ("drill.store.base", "drill.store.errors", "drill.store.cards",
                      "drill.store.replaying")


def module_name(path):
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path, top_level_only=False):
    """(imported module, line) for every import in a file; `from a import b` gives `a` and
    `a.b` (b may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return found


MODULES = {module_name(p): p for p in sorted(DRILL.rglob("*.py"))}


def within(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


def layer_of(name):
    """The layer of a drill module (the longest prefix that names one), or None."""
    best = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if within(name, prefix) and (best is None or len(prefix) > len(best[1])):
                best = (layer, prefix)
    return best[0] if best else None


def drill_modules(path, top_level_only=False):
    """The drill modules a file imports (names that are not modules, such as classes, dropped)."""
    return [(name, line) for name, line in imports(path, top_level_only)
            if name in MODULES]


def test_every_module_has_a_layer():
    assert [name for name in MODULES if layer_of(name) is None] == []


def test_no_module_imports_from_a_higher_layer():
    """The one way up: the CLI starts the app, importing drill.tui inside a function."""
    bad = []
    for name, path in MODULES.items():
        mine = ORDER.index(layer_of(name))
        for target, line in drill_modules(path):
            theirs = ORDER.index(layer_of(target))
            lazy_app_start = within(name, "drill.cli") and within(target, "drill.tui")
            if theirs > mine and not lazy_app_start:
                bad.append(f"{path.relative_to(REPO)}:{line}: {name} imports {target}")
    assert bad == []


def test_the_cli_imports_the_tui_only_inside_functions():
    for name in ("drill.cli", "drill.cli_stats"):
        top = [t for t, _ in drill_modules(MODULES[name], top_level_only=True)]
        assert not [t for t in top if within(t, "drill.tui")], name


def test_outside_the_tui_nothing_imports_textual_or_rich():
    bad = [f"{path.relative_to(REPO)}:{line}: {target}"
           for name, path in MODULES.items() if not within(name, "drill.tui")
           for target, line in imports(path)
           if target.split(".")[0] in ("textual", "rich")]
    assert bad == []


def test_a_store_concern_reaches_other_concerns_only_through_the_store():
    bad = []
    for concern in CONCERNS:
        name = f"drill.store.{concern}"
        for target, line in drill_modules(MODULES[name]):
            if within(target, "drill.store") and target != name \
                    and not any(within(target, ok) for ok in CONCERN_MAY_IMPORT):
                bad.append(f"drill/store/{concern}.py:{line}: imports {target}")
    assert bad == []


def allowed_screen_imports():
    """The screen -> screen imports ARCHITECTURE.md allows (its `screen-imports` block)."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("```screen-imports\n", 1)[1].split("```", 1)[0]
    allowed = {}
    for row in block.splitlines():
        screen, _, targets = row.partition("->")
        allowed[screen.strip()] = set(targets.split())
    return allowed


def test_screens_import_each_other_only_as_architecture_md_allows():
    allowed = allowed_screen_imports()
    screens = {name.rsplit(".", 1)[1] for name in MODULES if within(name, "drill.tui.screens")
               and name != "drill.tui.screens"}
    assert set(allowed) <= screens and all(t <= screens | {"*"} for t in allowed.values())
    bad = []
    for screen in sorted(screens):
        path = MODULES[f"drill.tui.screens.{screen}"]
        for target, line in drill_modules(path):
            if within(target, "drill.tui.screens") and target != "drill.tui.screens":
                other = target.split(".")[3]
                ok = allowed.get(screen, set())
                if other != screen and other not in ok and "*" not in ok:
                    bad.append(f"{path.relative_to(REPO)}:{line}: {screen} imports {other}")
    assert bad == []


def test_in_the_tui_only_the_app_and_screens_import_screens():
    bad = [f"{path.relative_to(REPO)}:{line}: {target}"
           for name, path in MODULES.items()
           if within(name, "drill.tui") and not within(name, "drill.tui.screens")
           and name not in ("drill.tui.app", "drill.tui.palette")
           for target, line in drill_modules(path) if within(target, "drill.tui.screens")]
    assert bad == []


def test_no_code_module_is_over_500_lines():
    """Modules that fit in a head (issue 15); the roadmap's content is data, not code."""
    long = {name: n for name, path in MODULES.items()
            if not within(name, "drill.roadmap_content")
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
