"""Real write faults: a lock held by another connection (BEGIN EXCLUSIVE), a full database
(PRAGMA max_page_count), read-only files and folders (mode bits, with root's override dropped).
The CLI prints one line naming the cause and exits non-zero; the app never exits."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys

import pytest

import drill.store
from drill.cli import main
from drill.review import Filters
from drill.settings import Settings
from drill.tui.app import make_app
from drill.tui.screens.home import HomeScreen
from drill.tui.screens.review import ReviewScreen
from tests.conftest import REPO

SIZE = (120, 40)
DECK = "# Mine\n## Capital of France?\n<!-- id: capital1 -->\nParis.\n"


@pytest.fixture
def short_lock_wait(monkeypatch):
    """Wait 0.2 s for a lock instead of 5 (the fault is the same, the test is faster)."""
    monkeypatch.setattr(drill.store.errors, "BUSY_TIMEOUT_MS", 200)


@contextlib.contextmanager
def locked(path):
    """Another program holds the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _fill(conn: sqlite3.Connection) -> None:
    """Let the database grow no further: the next write finds the disk full (VACUUM packs its
    pages first, so a new row needs a new page)."""
    conn.execute("VACUUM")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def _cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _touch_later(path):
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


# --- the review screen ----------------------------------------------------------------------


MANY = "# Mine\n" + "".join(f"## Question {i}?\n<!-- id: question{i:02d} -->\nAnswer {i}.\n"
                             for i in range(40))


@pytest.mark.parametrize("fault", ["locked", "full"])
async def test_a_grade_that_cannot_be_saved_keeps_the_card_until_r_saves_it(make_ctx, fault):
    ctx = make_ctx(user_deck=MANY, settings=Settings(new_per_day=40))
    ctx.store.conn.execute("PRAGMA busy_timeout = 200")
    app = make_app(ctx, sync_report=ctx.sync(), start_review=Filters(deck="Mine"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        with contextlib.ExitStack() as stack:
            if fault == "locked":
                stack.enter_context(locked(ctx.store.path))
            else:
                _fill(ctx.store.conn)
            # Grade until a grade needs room the database does not have (at once when locked;
            # when full, as soon as a row needs a new page).
            for _ in range(40):
                card = screen.session.current
                await pilot.press("space", "4")
                await pilot.pause()
                if screen.unsaved is not None:
                    break
            assert app.screen is screen and screen.session.current == card
            assert "not saved — r retries" in str(screen.query_one("#progress").content)
            assert ctx.store.log.rows(card) == []
            cause = "is locked by another program" if fault == "locked" else "is full"
            assert any(cause in n.message for n in app._notifications)
        ctx.store.conn.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("r")
        await pilot.pause()
        [row] = ctx.store.log.rows(card)
        assert row.grade == 4 and screen.session.current != card and screen.unsaved is None
        assert app.is_running


@pytest.mark.parametrize("fault", ["locked", "full"])
async def test_the_deck_watch_on_home_survives_a_write_fault(make_ctx, fault):
    ctx = make_ctx(user_deck=DECK)
    ctx.store.conn.execute("PRAGMA busy_timeout = 200")
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        path = ctx.locations.decks_dir / "mine.md"
        # A long answer needs new pages, which a full disk cannot give.
        path.write_text(DECK + "## Capital of Spain?\n<!-- id: capital2 -->\n"
                        + "Madrid. " * 3000 + "\n")
        _touch_later(path)
        with contextlib.ExitStack() as stack:
            if fault == "locked":
                stack.enter_context(locked(ctx.store.path))
            else:
                _fill(ctx.store.conn)
            app.watch_decks()  # what the 2-second timer does
            await pilot.pause()
            assert app.is_running and ctx.store.cards.get("capital2") is None
            cause = "is locked by another program" if fault == "locked" else "is full"
            assert any(cause in n.message for n in app._notifications)
        ctx.store.conn.execute("PRAGMA max_page_count = 1073741823")
        app.watch_decks()
        await pilot.pause()
        assert ctx.store.cards.get("capital2") is not None and app.is_running


async def test_any_other_write_refused_by_a_lock_is_reported_and_the_app_goes_on(make_ctx):
    ctx = make_ctx(user_deck=DECK)
    ctx.store.conn.execute("PRAGMA busy_timeout = 200")
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        with locked(ctx.store.path):
            await pilot.press("space")  # turn the deck under the cursor off: a write
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, HomeScreen)
            assert any(n.title == "Not saved" and "locked" in n.message
                       for n in app._notifications)
            assert ctx.store.prefs.disabled_decks() == set()
        await pilot.press("space")  # the screen still answers keys
        await pilot.pause()
        assert len(ctx.store.prefs.disabled_decks()) == 1

        app.clear_notifications()
        with locked(ctx.store.path):
            app.open_mock("recruiter")  # a new mock round is a write too
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, HomeScreen)
            assert ctx.store.mock.active() is None
            assert any(n.title == "Not saved" for n in app._notifications)


# --- the command line -----------------------------------------------------------------------


def _prepared(capsys, isolated_home):
    """A database with the decks synced, and a deck file changed since (the next command has
    something to write)."""
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "mine.md").write_text(DECK)
    assert _cli(capsys, "due")[0] == 0
    # A long answer needs new pages: with the disk full, the sync cannot store it.
    (decks / "mine.md").write_text(DECK + "## Capital of Spain?\n<!-- id: capital2 -->\n"
                                   + "Madrid. " * 3000 + "\n")
    _touch_later(decks / "mine.md")
    return isolated_home / "drill.db"


COMMANDS = [["due"], ["due", "--json"], ["orphans"],
            ["add", "--deck", "Mine", "--prompt", "Capital of Italy?", "--answer", "Rome."]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_names_a_lock_in_one_line(capsys, isolated_home, short_lock_wait,
                                                command):
    db = _prepared(capsys, isolated_home)
    with locked(db):
        code, _, err = _cli(capsys, *command)
    assert code != 0
    assert err.count("\n") == 1 and "is locked by another program" in err, err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_names_a_full_disk_in_one_line(capsys, isolated_home, monkeypatch,
                                                     command):
    _prepared(capsys, isolated_home)
    connect = sqlite3.connect

    def full_connect(*args, **kwargs):  # every connection drill opens finds the disk full
        conn = connect(*args, **kwargs)
        _fill(conn)
        return conn

    monkeypatch.setattr(drill.store.opening.sqlite3, "connect", full_connect)
    code, _, err = _cli(capsys, *command)
    assert code != 0
    assert err.count("\n") == 1 and "is full" in err and "damaged" not in err, err


# --- read-only files and folders ------------------------------------------------------------


def _unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to ignore mode bits."""
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner",
              "--inh-caps=-all"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    assert probe.returncode == 0, f"cannot drop root's capabilities: {probe.stderr!r}"
    return prefix


def _drill_unprivileged(home, *argv) -> subprocess.CompletedProcess:
    return subprocess.run([*_unprivileged(), sys.executable, "-m", "drill", *argv],
                          env={**os.environ, "DRILL_HOME": str(home), "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_refused_at_open_with_the_reason(capsys, isolated_home, command,
                                                                  what):
    db = _prepared(capsys, isolated_home)
    target = db if what == "file" else db.parent
    mode = target.stat().st_mode
    # The deck folder stays writable (add writes there); the database's folder is DRILL_HOME.
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        done = _drill_unprivileged(isolated_home, *command)
    finally:
        target.chmod(mode)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1, done.stderr
    assert ("is read-only" in done.stderr and "damaged" not in done.stderr
            and "Traceback" not in done.stderr), done.stderr
    assert (f"the folder {db.parent} is read-only" in done.stderr) == (what == "folder")


def test_the_app_refuses_a_read_only_database_before_any_grade(capsys, isolated_home):
    """`drill review` in a terminal: the refusal comes before the app opens."""
    import pty

    db = _prepared(capsys, isolated_home)
    db.chmod(0o444)
    main_fd, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [*_unprivileged(), sys.executable, "-m", "drill", "review"],
            env={**os.environ, "DRILL_HOME": str(isolated_home), "PYTHONPATH": str(REPO)},
            stdin=terminal, stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(terminal)
        os.close(main_fd)
        db.chmod(0o644)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and f"the database {db} is read-only" in done.stderr


def test_a_full_disk_when_creating_the_database_is_named(tmp_path, monkeypatch):
    connect = sqlite3.connect

    def tiny_connect(*args, **kwargs):  # room for the file header page only
        conn = connect(*args, **kwargs)
        conn.execute("PRAGMA max_page_count = 1")
        return conn

    monkeypatch.setattr(drill.store.opening.sqlite3, "connect", tiny_connect)
    with pytest.raises(drill.store.StoreError) as raised:
        drill.store.Store.open(tmp_path / "drill.db")
    assert "is full" in str(raised.value) and "damaged" not in str(raised.value)
