"""Two machines, one progress: two devices (each its own DRILL_HOME and database) merge their
review logs through one shared folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from drill.clock import Calendar, FixedClock
from drill.review import Reviewer
from drill.share import Share
from drill.share_file import own_name, read_from
from drill.store import Store
from tests.test_store import add_cards

NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@dataclass
class Device:
    store: Store
    clock: FixedClock
    reviewer: Reviewer
    share: Share
    cards: list[str]

    def grade(self, card: str, grade: int, minutes: float = 1) -> str:
        uid = self.reviewer.grade(card, grade)
        self.clock.advance(minutes=minutes)
        return uid

    def log(self) -> list[tuple]:
        return [(r.uid, r.card_id, r.kind, r.grade, r.device, r.seq, r.state_after)
                for r in self.store.log.rows()]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "Sync" / "drill"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def device(tmp_path, folder):
    opened = []

    def make(name: str, hours: float = 0) -> Device:
        home = tmp_path / f"home-{name}"
        home.mkdir()
        store = Store.open(home / "drill.db")
        opened.append(store)
        clock = FixedClock(NOON)
        clock.advance(hours=hours)
        share = Share(store, folder)
        store.after_commit.append(share.export_quietly)
        return Device(store, clock, Reviewer(store, clock, Calendar(UTC, 4)), share,
                      add_cards(store, 4))

    yield make
    for store in opened:
        store.close()


def merge_both(a: Device, b: Device) -> None:
    a.share.merge()
    b.share.merge()
    a.share.merge()


def test_each_device_writes_only_its_own_file_right_after_each_grade(device, folder):
    a = device("a")
    uid = a.grade(a.cards[0], 4)
    path = folder / own_name(a.store.device)
    [line] = path.read_bytes().splitlines()
    row = json.loads(line)
    assert (row["uid"], row["device"], row["seq"], row["kind"], row["grade"]) == (
        uid, a.store.device, 1, "review", 4)
    assert set(row) >= {"time_ms", "day", "utc_offset", "duration_ms", "scheduler",
                        "state_before", "state_after", "undoes"}
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_grades_on_both_devices_merge_to_the_same_state_and_log(device):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 5)
    a.grade(a.cards[1], 2)
    b.grade(b.cards[2], 4)
    b.grade(b.cards[1], 5)
    merge_both(a, b)
    assert a.store.log.all_progress() == b.store.log.all_progress()
    assert a.log() == b.log() and len(a.log()) == 4
    assert a.store.log.progress(a.cards[2]).reviews == 1
    for table in ("stats_days", "stats_recall"):  # the statistics' summaries agree too
        query = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert a.store.conn.execute(query).fetchall() == b.store.conn.execute(query).fetchall()


def test_merging_twice_changes_nothing(device):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    b.grade(b.cards[0], 3)
    merge_both(a, b)
    before = (a.log(), a.store.log.all_progress(), b.log(), b.store.log.all_progress())
    again = [a.share.merge(), b.share.merge()]
    assert [r.new for r in again] == [0, 0]
    assert (a.log(), a.store.log.all_progress(), b.log(), b.store.log.all_progress()) == before
    a.share.merge()  # reading every file from the start again adds nothing either
    a.store.meta.set(f"share_read:{b.share.own_path}", "[0, 0]")
    assert a.share.merge().new == 0 and a.log() == before[0]


def test_the_same_card_on_both_devices_the_same_day_replays_in_time_order(device):
    """The README's rule: both grades count, the earlier first (laptop 5 at 12:00, desktop 4 at
    12:30: two successful reviews, so 1 day then 6)."""
    a, b = device("a"), device("b")
    card = a.cards[0]
    a.grade(card, 5)
    b.clock.advance(minutes=30)
    b.grade(card, 4)
    merge_both(a, b)
    for one in (a, b):
        progress = one.store.log.progress(card)
        assert (progress.reviews, progress.interval, progress.due) == (2, 6, "2026-12-07")
        assert [r.device for r in one.store.log.rows(card)] == [a.store.device, b.store.device]
    assert a.store.log.progress(card) == b.store.log.progress(card)


def test_clocks_hours_apart_lose_nothing_and_agree(device):
    a, b = device("a"), device("b", hours=-9)  # b's clock is nine hours behind
    for card in a.cards:
        a.grade(card, 4)
        b.grade(card, 1)
        b.grade(card, 4)
    merge_both(a, b)
    assert len(a.log()) == len(b.log()) == 12
    assert a.log() == b.log()
    assert a.store.log.all_progress() == b.store.log.all_progress()
    # each device's rows keep their own append order in the merged log
    seqs = [r.seq for r in a.store.log.rows() if r.device == b.store.device]
    assert seqs == sorted(seqs)
    cache = a.store.log.all_progress()
    a.store.log.rebuild()
    assert a.store.log.all_progress() == cache


def test_an_undo_merges_too(device):
    a, b = device("a"), device("b")
    uid = a.grade(a.cards[0], 5)
    a.reviewer.undo(uid)
    merge_both(a, b)
    assert b.store.log.progress(a.cards[0]).is_new
    assert b.store.log.is_undone(uid)


def test_a_half_written_last_line_is_skipped_then_merged_once_whole(device, folder):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    a.grade(a.cards[1], 4)
    path = folder / own_name(a.store.device)
    whole = path.read_bytes()
    path.write_bytes(whole[:-25])  # the sync tool has delivered part of the second line
    report = b.share.merge()
    assert (report.new, report.problems) == (1, [])
    assert [s.unfinished for s in b.share.status() if not s.own] == [True]
    path.write_bytes(whole)  # the rest arrives
    assert b.share.merge().new == 1
    assert b.log() == a.log()


def test_own_file_with_an_unfinished_line_is_mended_by_the_next_write(device, folder):
    a = device("a")
    a.grade(a.cards[0], 4)
    path = folder / own_name(a.store.device)
    path.write_bytes(path.read_bytes() + b'{"uid": "half')  # a crash mid-write
    a.grade(a.cards[1], 4)
    chunk = read_from(path)
    assert [r["seq"] for r in chunk.rows] == [1, 2] and not chunk.problems


def test_a_conflicted_copy_is_read_merged_and_reported(device, folder):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    a.grade(a.cards[1], 4)
    path = folder / own_name(a.store.device)
    lines = path.read_bytes().splitlines(keepends=True)
    copy = folder / f"{a.store.device}.log (conflicted copy).jsonl"
    copy.write_bytes(lines[1])
    path.write_bytes(lines[0])  # the sync tool kept the other version under the real name
    synced = folder / f"{a.store.device}.log.sync-conflict-20261201-120000-ABC.jsonl"
    synced.write_bytes(lines[0])
    report = b.share.merge()
    assert report.new == 2 and len(report.conflicted) == 2
    assert copy.name in report.conflicted[0] or copy.name in report.conflicted[1]
    assert b.log() == a.log()
    assert copy.read_bytes() == lines[1]  # never rewritten


def test_bad_lines_are_reported_with_file_and_line_and_skipped(device, folder):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    path = folder / own_name(a.store.device)
    good = path.read_bytes()
    other = folder / "0123456789abcdef.log.jsonl"
    row = json.loads(good)
    bad_grade = dict(row, uid="x" * 32, grade=9)
    other.write_bytes(b"not json\n" + json.dumps(bad_grade).encode() + b"\n[1]\n" + good)
    report = b.share.merge()
    assert report.new == 1
    assert [p.split(": ")[0] for p in report.problems] == [f"{other}:1", f"{other}:2",
                                                          f"{other}:3"]
    assert "grade must be from 0 to 5" in report.problems[1]


def test_another_device_never_rewrites_a_file_it_reads(device, folder):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    path = folder / own_name(a.store.device)
    before = path.read_bytes()
    b.grade(b.cards[0], 4)
    merge_both(a, b)
    b.share.merge()
    assert path.read_bytes().startswith(before)
    assert all(json.loads(x)["device"] == a.store.device for x in path.read_bytes().splitlines())


def test_two_machines_with_one_device_id_are_reported(device, folder):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    row = json.loads((folder / own_name(a.store.device)).read_bytes())
    twin = folder / f"{b.store.device}.log (conflicted copy).jsonl"
    twin.write_text(json.dumps(dict(row, uid="f" * 32, device=b.store.device, seq=1)) + "\n")
    b.grade(b.cards[0], 4)  # b's own seq 1
    report = b.share.merge()
    assert report.clashes and "two machines use one device id" in report.clashes[0]


def test_status_says_what_each_device_contributed(device):
    a, b = device("a"), device("b")
    a.grade(a.cards[0], 4)
    b.grade(b.cards[0], 4)
    b.grade(b.cards[1], 4)
    a.share.merge()
    found = a.share.status()
    assert [(s.own, s.rows, s.merged) for s in found] == [(True, 1, 1), (False, 2, 2)]
    assert found[1].last_ms is not None and found[1].file.device == b.store.device


def imported_row(uid: str, card: str) -> dict:
    state = {"scheduler": "sm2", "state": {"repetitions": 2, "ef100": 250, "interval": 6,
                                           "due": "2026-12-05"},
             "due": "2026-12-05", "interval": 6, "lapses": 0, "reviews": 2,
             "last_ms": 1_700_000_000_000, "last_grade": 4, "first_day": "2026-11-20",
             "repeat_day": None}
    return {"uid": uid, "card_id": card, "time_ms": 1_700_000_000_000, "day": "2026-11-29",
            "utc_offset": 0, "grade": 4, "duration_ms": None, "scheduler": "sm2",
            "state_before": None, "state_after": json.dumps(state), "source": "anki:1:42"}


def test_history_imported_from_anki_travels_and_is_added_once(device, folder):
    a, b = device("a"), device("b")
    a.store.log.append_imported([imported_row("a" * 32, a.cards[0])])
    b.store.log.append_imported([imported_row("b" * 32, b.cards[0])])  # the same package
    b.store.log.append_imported([imported_row("c" * 32, b.cards[1]) | {"source": "anki:1:7"}])
    merge_both(a, b)
    assert a.store.log.all_progress() == b.store.log.all_progress()
    assert [r.source for r in a.store.log.rows(a.cards[0])] == ["anki:1:42"]
    assert a.store.log.progress(a.cards[1]).interval == 6  # b's import reached a
    merge_both(a, b)
    assert len(a.log()) == len(b.log()) == 2
    lines = (folder / own_name(a.store.device)).read_bytes().splitlines()
    assert [json.loads(x)["uid"] for x in lines] == ["a" * 32]  # never b's rows


def test_a_database_restored_from_a_backup_gets_back_its_own_later_rows(device, tmp_path):
    a = device("a")
    a.grade(a.cards[0], 4)
    copy = a.store.backup(tmp_path / "backups")
    a.grade(a.cards[1], 4)
    a.grade(a.cards[2], 4)
    later = a.log()
    restored = Store.open(copy)
    share = Share(restored, a.share.folder)
    restored.after_commit.append(share.export_quietly)
    try:
        assert share.merge().new == 2
        assert [(r.uid, r.seq) for r in restored.log.rows()] == [(x[0], x[5]) for x in later]
        Reviewer(restored, a.clock, Calendar(UTC, 4)).grade(a.cards[3], 4)
        seqs = [r["seq"] for r in read_from(share.own_path).rows]
        assert seqs == [1, 2, 3, 4]
    finally:
        restored.close()
