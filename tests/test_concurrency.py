"""Real processes against one database: two graders and `drill add` at once, and kill -9 at
random moments. Afterwards the log holds every acknowledged grade exactly once, the database
passes `PRAGMA integrity_check`, and the progress cache equals a replay of the log."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from drill.store import Store
from tests.conftest import REPO


def _env(home) -> dict[str, str]:
    return {**os.environ, "DRILL_HOME": str(home), "PYTHONPATH": str(REPO)}


@pytest.fixture
def database(tmp_path, isolated_home):
    """A database holding the bundled decks; returns its path and 20 card ids."""
    path = tmp_path / "drill.db"
    subprocess.run([sys.executable, "-m", "drill", "due", "--db", str(path)], env=_env(
        isolated_home), check=True, capture_output=True, timeout=60)
    store = Store.open(path)
    cards = [card.id for card in store.cards.list()][:20]
    store.close()
    return path, cards


def _grader(path, seed: int, count: int, cards: list[str], home, out=subprocess.PIPE,
            err=subprocess.PIPE, pause_ms: int = 0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.grader", str(path), str(seed),
                             str(count), str(pause_ms), *cards], cwd=REPO, env=_env(home),
                            stdout=out, stderr=err, text=True)


def _acknowledged(output: str) -> tuple[list[str], list[str]]:
    grades = [line.split()[1] for line in output.splitlines() if line.startswith("grade ")]
    undos = [line.split()[1] for line in output.splitlines() if line.startswith("undo ")]
    return grades, undos


def _assert_consistent(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = Store.open(path)
    cache = store.log.all_progress()
    rows = store.conn.execute("SELECT COUNT(*), COUNT(DISTINCT device || '/' || seq) "
                              "FROM reviews").fetchone()
    # Each row starts from the state the card's previous row left: no grade was computed from
    # a state another process had already changed (read-modify-write in one transaction).
    previous: dict[str, str] = {}
    stale = 0
    for row in store.log.rows():
        stale += row.card_id in previous and row.state_before != previous[row.card_id]
        previous[row.card_id] = row.state_after
    assert stale == 0
    store.log.rebuild()
    assert store.log.all_progress() == cache  # the cache equals a replay of the log
    store.close()
    assert rows[0] == rows[1]  # every row has its own place in its device's sequence
    return {"rows": rows[0], "reviews": sum(p.reviews for p in cache.values()),
            "lapses": sum(p.lapses for p in cache.values())}


def test_two_graders_and_drill_add_at_once(database, isolated_home):
    path, cards = database
    cards = cards[:3]  # few cards, so the two often grade the same card at the same moment
    # Their output goes to files: a full pipe would stop them while the test runs `drill add`.
    logs = [(path.parent / f"grader{seed}.out", path.parent / f"grader{seed}.err")
            for seed in (1, 2)]
    graders = [_grader(path, seed, 600, cards, isolated_home, out.open("w"), err.open("w"),
                       pause_ms=2)
               for seed, (out, err) in zip((1, 2), logs, strict=True)]
    added = 0
    add_errors = []
    while any(g.poll() is None for g in graders) or added < 3:
        done = subprocess.run(
            [sys.executable, "-m", "drill", "add", "--db", str(path), "--deck", "Mine",
             "--prompt", f"Concurrent question {added}?", "--answer", "A"],
            env=_env(isolated_home), capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "Traceback" in done.stderr:
            add_errors.append(done.stderr)
        added += 1
    for grader in graders:
        grader.wait(timeout=60)
    outputs = [(out.read_text(), err.read_text()) for out, err in logs]
    for grader, (_, err) in zip(graders, outputs, strict=True):
        assert grader.returncode == 0 and "Traceback" not in err, err
    assert add_errors == []
    acknowledged = [_acknowledged(out) for out, _ in outputs]
    grades = [uid for g, _ in acknowledged for uid in g]
    undos = [uid for _, u in acknowledged for uid in u]
    figures = _assert_consistent(path)
    store = Store.open(path)
    logged = {row.uid: row for row in store.log.rows() if row.card_id in cards}
    undone = {row.undoes for row in logged.values() if row.kind == "undo"}
    assert len(store.cards.deck_prompts("Mine")) == added
    store.close()
    assert set(grades) <= set(logged) and len(set(grades)) == len(grades) == 1200 - len(undos)
    assert undone == set(undos)
    assert len(logged) == len(grades) + len(undos)  # nothing lost, nothing twice
    print(f"\nconcurrency: {len(grades)} grades + {len(undos)} undos by 2 processes, "
          f"{added} cards added; {figures}")


def test_kill_9_while_grading_loses_no_acknowledged_grade(database, isolated_home):
    path, cards = database
    rng = random.Random(9)
    kills, acknowledged = 0, []
    while kills < 22:
        grader = _grader(path, kills, 0, cards, isolated_home)
        assert grader.stdout is not None
        assert grader.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))  # a random moment, mid-grade as often as not
        grader.send_signal(signal.SIGKILL)
        out, err = grader.communicate(timeout=30)
        assert "Traceback" not in err, err
        kills += 1
        acknowledged.append(_acknowledged(out))
    figures = _assert_consistent(path)
    store = Store.open(path)
    logged = {row.uid for row in store.log.rows()}
    store.close()
    grades = [uid for g, _ in acknowledged for uid in g]
    undos = {uid for _, u in acknowledged for uid in u}
    lost = [uid for uid in grades if uid not in logged]
    assert lost == []
    assert len(grades) > 100
    print(f"\ncrash: {kills} kills, {len(grades)} acknowledged grades and {len(undos)} undos, "
          f"{len(lost)} lost; {figures}")
