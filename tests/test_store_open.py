"""Opening a database: drill's own are stamped with an application id, other programs' files are
refused untouched, a 0-byte file is reported, and backups are never left half-written."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime

import pytest

from drill.cli import main
from drill.store import APPLICATION_ID, Store, StoreError


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_stamped_as_drills(tmp_path):
    Store.open(tmp_path / "drill.db").close()
    conn = sqlite3.connect(tmp_path / "drill.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_database_with_another_programs_id_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="belongs to another program"):
        Store.open(path)
    assert digest(path) == before


@pytest.mark.parametrize("tables", [["notes"], ["cards"], ["cards", "reviews", "card_state"]])
def test_another_programs_database_without_an_id_is_refused_untouched(tmp_path, tables):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (id TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="another program's SQLite database .*not drill's"):
        Store.open(path)
    assert digest(path) == before  # no drill tables, no _sqlite_migrations, not even WAL mode


def test_the_cli_names_a_foreign_database_in_one_line(tmp_path, capsys):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cards (x)")
    conn.commit()
    conn.close()
    assert main(["due", "--db", str(path)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not drill's" in err and "damaged" not in err


def test_an_empty_database_file_is_reported_with_the_latest_backup(tmp_path):
    path, backups = tmp_path / "drill.db", tmp_path / "backups"
    store = Store.open(path)
    made = store.backup(backups)
    store.close()
    path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"drill.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreError, match=f"is empty \\(0 bytes\\).*{made.name}.*cp "):
        Store.open(path, backups=backups)
    assert path.read_bytes() == b""  # left as it was, for the user to decide


def test_an_empty_database_file_without_a_backup_starts_afresh_and_says_so(tmp_path, capsys,
                                                                           isolated_home):
    isolated_home.mkdir(parents=True)
    (isolated_home / "drill.db").write_bytes(b"")
    assert main(["due"]) == 0
    err = capsys.readouterr().err
    assert "was empty (0 bytes)" in err and "no backup" in err


def test_a_leftover_empty_backup_does_not_stop_todays_backup(tmp_path):
    store = Store.open(tmp_path / "drill.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    today = datetime.now().strftime("%Y%m%d")
    (folder / f"drill-{today}-000001-daily.db").write_bytes(b"")  # an older drill was killed
    (folder / ".drill-0123.partial").write_bytes(b"half")  # a backup killed while writing
    made = store.daily_backup(folder)
    assert made is not None and made.stat().st_size > 0
    check = sqlite3.connect(made)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    check.close()
    assert not list(folder.glob("*.partial"))
    assert store.daily_backup(folder) is None  # today's good copy now exists
    store.close()
