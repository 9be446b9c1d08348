"""Statistics from hand-built logs with known answers: streaks (rollover, DST), retention by age,
the forecast with a backlog, card states, readiness on a tiny role, `drill stats --json` and
`drill export log`, and the trigger-kept summaries against the log."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from dateutil import tz

from drill.cli import main
from drill.clock import Calendar, FixedClock, epoch_ms
from drill.progress import CardProgress
from drill.review import Reviewer
from drill.roadmap_types import InterviewStage, Material, SkillMaterial
from drill.stats import Recall, compute, date_range, parse_day, readiness, streaks
from drill.store import Store
from drill.store import stats as store_stats
from tests.stats_history import add_mock_round

BERLIN = tz.gettz("Europe/Berlin")


def add_cards(store, specs):
    """specs: (id, deck, kind, tags)."""
    rows = [{"id": card_id, "deck": deck, "prompt": f"Q {card_id}?", "answer": "A",
             "kind": kind, "difficulty": "medium", "tags": json.dumps(list(tags)),
             "roles": "[]", "path": f"/{deck}.md", "line": n + 2, "origin": "user",
             "content_hash": f"h{n}", "added_ms": 0, "edited_ms": None, "orphaned_ms": None,
             "merged_into": None} for n, (card_id, deck, kind, tags) in enumerate(specs)]
    with store.atomic():
        store.cards.upsert(rows)


def learned(interval: int, due: str = "2026-01-01") -> CardProgress:
    return CardProgress(state={"reps": 3, "ef100": 250, "interval": interval}, due=due,
                        interval=interval, reviews=3, first_day="2025-12-01")


def log(store, card, day, grade=4, kind="review", interval=None, after=None, duration=10_000,
        undoes=None):
    """Append a row as of noon UTC on `day`; `interval` None means the card was new."""
    before = CardProgress() if interval is None else learned(interval)
    when = datetime.fromisoformat(f"{day}T12:00:00+00:00")
    return store.log.append(card_id=card, kind=kind, when_ms=epoch_ms(when), day=day, utc_offset=0,
                        scheduler="sm2", before=before, after=after or learned(interval or 1),
                        grade=grade, duration_ms=duration, undoes=undoes)


@pytest.fixture
def store():
    opened = Store.open(None)
    yield opened
    opened.close()


# --- streaks -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("days", "today", "expected"), [
    ([], "2026-03-10", (0, 0)),
    (["2026-03-10"], "2026-03-10", (1, 1)),
    (["2026-03-08", "2026-03-09"], "2026-03-10", (2, 2)),  # today not yet reviewed: still alive
    (["2026-03-07", "2026-03-08"], "2026-03-10", (0, 2)),  # a whole day missed: over
    (["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"], "2026-03-10",
     (2, 3)),
    (["2026-02-28", "2026-03-01"], "2026-03-01", (2, 2)),  # across a month end
])
def test_streaks_count_consecutive_days(days, today, expected):
    assert streaks(days, date.fromisoformat(today)) == expected


def test_streaks_follow_the_rollover_hour_across_a_dst_change(store):
    """Europe/Berlin moves to summer time at 02:00 on 29 March 2026; the day rolls over at 4 am.
    A review at 03:30 on the 29th (already summer time) still belongs to the 28th."""
    add_cards(store, [(f"c{n}", "D", "concept", ()) for n in range(12)])
    calendar = Calendar(BERLIN, 4)
    clock = FixedClock(datetime(2026, 3, 20, 20, tzinfo=BERLIN))
    reviewer = Reviewer(store, clock, calendar)
    moments = [(3, 24, 20), (3, 26, 20), (3, 27, 20), (3, 29, 3, 30), (3, 29, 21), (3, 31, 1),
               (3, 31, 10)]
    for n, (month, day, hour, *minute) in enumerate(moments):
        clock.set(datetime(2026, month, day, hour, *minute, tzinfo=BERLIN))
        reviewer.grade(f"c{n}", 4, 5000)
    clock.set(datetime(2026, 3, 25, 20, tzinfo=BERLIN))  # an undone review does not bridge
    reviewer.undo(reviewer.grade("c10", 4, 5000))
    days = [day for day, _, _ in store.stats.activity()]
    assert days == ["2026-03-24", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29",
                    "2026-03-30", "2026-03-31"]
    now = datetime(2026, 4, 1, 12, tzinfo=BERLIN)
    stats = compute(store, calendar, now, 30, readiness_too=False)
    assert (stats.streak_current, stats.streak_longest) == (6, 6)
    assert stats.heatmap["2026-03-28"] == 1 and "2026-03-25" not in stats.heatmap


# --- retention -----------------------------------------------------------------------------------

def test_true_retention_counts_scheduled_reviews_of_learned_cards_by_age(store):
    add_cards(store, [("y1", "Alpha", "concept", ("x", "y")), ("m1", "Beta", "coding", ("x",)),
                      ("n1", "Alpha", "concept", ())])
    log(store, "y1", "2026-03-02", 4, interval=5)      # young, passed
    log(store, "y1", "2026-03-03", 2, interval=20)     # young (20 < 21), failed
    log(store, "m1", "2026-03-02", 5, interval=21)     # mature, passed
    log(store, "m1", "2026-03-10", 3, interval=40)     # mature, passed (3 is a pass)
    log(store, "m1", "2026-03-11", 1, interval=40)     # mature, failed
    undone = log(store, "m1", "2026-03-11", 5, interval=40)
    log(store, "m1", "2026-03-11", None, kind="undo", interval=40, undoes=undone)
    log(store, "n1", "2026-03-02", 5)                  # a new card's first review: not a recall
    log(store, "y1", "2026-03-03", 4, kind="repeat", interval=1)   # repeats do not count
    log(store, "m1", "2026-03-04", 5, kind="practice", interval=40)  # nor does practice
    log(store, "m1", "2026-01-05", 1, interval=40)     # before the range
    stats = compute(store, Calendar(UTC, 4), datetime(2026, 3, 12, 12, tzinfo=UTC), 14,
                    readiness_too=False)
    young, mature = stats.retention["young"], stats.retention["mature"]
    assert (young.passed, young.reviews) == (1, 2)
    assert (mature.passed, mature.reviews) == (2, 3)
    assert stats.retention["all"].rate == pytest.approx(3 / 5)
    weeks = {(week, age): (r.passed, r.reviews) for week, age, r in stats.retention_weeks}
    assert weeks == {("2026-03-02", "young"): (1, 2), ("2026-03-02", "mature"): (1, 1),
                     ("2026-03-09", "mature"): (1, 2)}
    groups = {group: {(name, age): (r.passed, r.reviews) for name, age, r in rows}
              for group, rows in stats.retention_groups.items()}
    assert groups["deck"] == {("Alpha", "young"): (1, 2), ("Beta", "mature"): (2, 3)}
    assert groups["kind"] == {("concept", "young"): (1, 2), ("coding", "mature"): (2, 3)}
    assert groups["tag"] == {("x", "young"): (1, 2), ("x", "mature"): (2, 3),
                             ("y", "young"): (1, 2)}
    # Reviews per day count review, repeat and practice rows, minus the undone one.
    assert dict((d, n) for d, n, _ in stats.activity) == {
        "2026-03-02": 3, "2026-03-03": 2, "2026-03-04": 1, "2026-03-10": 1, "2026-03-11": 1}


def test_summaries_match_the_log_after_undo_purge_and_merged_undo(store):
    add_cards(store, [("a", "D", "concept", ()), ("b", "D", "concept", ())])
    first = log(store, "a", "2026-03-02", 4, interval=30)
    log(store, "a", "2026-03-02", None, kind="undo", interval=30, undoes=first)
    log(store, "a", "2026-03-02", None, kind="undo", interval=30, undoes=first)  # twice: once
    log(store, "b", "2026-03-03", 2, interval=3, duration=7000)
    kept = log(store, "b", "2026-03-04", 5, interval=3)
    # A merged log may bring an undo before the row it cancels.
    store.log.append(card_id="b", kind="undo", when_ms=0, day="2026-03-05", utc_offset=0,
                 scheduler="sm2", before=learned(3), after=learned(3), undoes="later")
    store.conn.execute(
        "INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, duration_ms, "
        "scheduler, state_before, state_after) VALUES ('later', 'b', 'review', 1, '2026-03-05', "
        "0, 5, 1000, 'sm2', ?, ?)", [json.dumps(learned(9).to_dict())] * 2)

    def tables():
        return (store.conn.execute("SELECT * FROM stats_days WHERE reviews > 0 ORDER BY day")
                .fetchall(),
                store.conn.execute("SELECT * FROM stats_recall ORDER BY uid").fetchall(),
                store.conn.execute("SELECT * FROM stats_recall_days WHERE reviews > 0 "
                                   "ORDER BY day, mature").fetchall())

    live = tables()
    assert [row[:2] for row in live[0]] == [("2026-03-03", 1), ("2026-03-04", 1)]
    assert sorted(row[0] for row in live[1]) == sorted([kept, store.conn.execute(
        "SELECT uid FROM reviews WHERE day = '2026-03-03'").fetchone()[0]])
    assert live[2] == [("2026-03-03", 0, 0, 1), ("2026-03-04", 0, 1, 1)]
    with store.atomic():
        store_stats.refill_summaries(store.conn)
    assert tables() == live
    store.cards.purge("a")
    store.cards.purge("b")
    assert tables() == ([], [], [])


# --- forecast and states -------------------------------------------------------------------------

def test_forecast_counts_the_overdue_backlog_today(store):
    add_cards(store, [(f"c{n}", "D", "concept", ()) for n in range(7)])
    dues = {"c0": "2026-03-07", "c1": "2026-03-09", "c2": "2026-03-10", "c3": "2026-03-11",
            "c4": "2026-04-20", "c5": "2026-03-08"}
    for card, due in dues.items():
        log(store, card, "2026-03-01", 4, after=learned(5, due))
    store.flags.set_suspended("c5", True)  # suspended cards are not forecast
    stats = compute(store, Calendar(UTC, 4), datetime(2026, 3, 10, 12, tzinfo=UTC), 30,
                    readiness_too=False)
    assert stats.overdue == 2
    assert stats.forecast[0] == ("2026-03-10", 3)
    assert stats.forecast[1] == ("2026-03-11", 1)
    assert len(stats.forecast) == 30 and sum(n for _, n in stats.forecast) == 4


def test_a_day_whose_due_cards_are_all_left_out_is_not_in_the_forecast(store):
    add_cards(store, [("c0", "D", "concept", ()), ("c1", "D", "concept", ()),
                      ("c2", "D", "concept", ())])
    for card, due in {"c0": "2026-03-12", "c1": "2026-03-15", "c2": "2026-03-17"}.items():
        log(store, card, "2026-03-01", 4, after=learned(5, due))
    store.flags.set_suspended("c1", True)
    store.conn.execute("UPDATE cards SET orphaned_ms = 1 WHERE id = 'c2'")
    assert store.stats.forecast("2026-03-10", "2026-04-08") == ([("2026-03-12", 1)], 0)
    assert store.stats.forecast("2026-03-13", "2026-04-08") == ([("2026-03-13", 1)], 1)


def test_the_overdue_backlog_of_one_deck_leaves_out_other_decks_and_orphans(store):
    add_cards(store, [("d0", "D", "concept", ()), ("d1", "D", "concept", ()),
                      ("d2", "D", "concept", ()), ("e0", "E", "concept", ())])
    for card, due in {"d0": "2026-03-08", "d1": "2026-03-09", "d2": "2026-03-12",
                      "e0": "2026-03-01"}.items():
        log(store, card, "2026-03-01", 4, after=learned(5, due))
    store.conn.execute("UPDATE cards SET orphaned_ms = 1 WHERE id = 'd1'")
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    one = compute(store, Calendar(UTC, 4), now, 30, deck="D", readiness_too=False)
    assert (one.overdue, one.forecast[0], one.forecast[2]) == (1, ("2026-03-10", 1),
                                                                ("2026-03-12", 1))
    every = compute(store, Calendar(UTC, 4), now, 30, readiness_too=False)
    assert (every.overdue, every.forecast[0]) == (2, ("2026-03-10", 2))


def test_easiness_and_interval_distributions_bucket_each_learned_card_once(store):
    add_cards(store, [(f"c{n}", "D" if n < 5 else "E", "concept", ()) for n in range(7)])
    for card, (ef100, interval) in {"c0": (250, 1), "c1": (259, 6), "c2": (130, 7),
                                    "c3": (131, 59), "c4": (260, 180), "c5": (250, 21)}.items():
        after = CardProgress(state={"reps": 3, "ef100": ef100, "interval": interval},
                             due="2026-04-01", interval=interval, reviews=3, first_day="2026-03-01")
        log(store, card, "2026-03-01", 4, after=after)
    # c6 is new: in neither distribution
    assert store.stats.distributions() == ([(130, 2), (250, 3), (260, 1)],
                                           [(1, 1), (2, 1), (7, 1), (21, 2), (180, 1)])
    assert store.stats.distributions("D") == ([(130, 2), (250, 2), (260, 1)],
                                              [(1, 1), (2, 1), (7, 1), (21, 1), (180, 1)])


def test_card_states_per_deck(store):
    add_cards(store, [(f"c{n}", "D", "concept", ()) for n in range(7)])
    log(store, "c0", "2026-03-10", 2, after=replace_progress(learned(1), repeat_day="2026-03-10"))
    log(store, "c1", "2026-03-01", 4, after=learned(5, "2026-03-20"))
    log(store, "c2", "2026-03-01", 4, after=replace_progress(learned(30, "2026-04-20"),
                                                               lapses=8))
    log(store, "c3", "2026-03-01", 4, after=learned(30, "2026-04-20"))
    store.flags.set_suspended("c4", True)
    store.flags.set_buried("c5", "2026-03-10")
    stats = compute(store, Calendar(UTC, 4), datetime(2026, 3, 10, 12, tzinfo=UTC), 30,
                    readiness_too=False)
    assert stats.states == [{"deck": "D", "suspended": 1, "buried": 1, "new": 1, "learning": 1,
                             "young": 1, "mature": 2, "leeches": 1, "total": 7}]
    assert [card["id"] for card in stats.hardest] == ["c2"]


def replace_progress(progress: CardProgress, **changes) -> CardProgress:
    from dataclasses import replace

    return replace(progress, **changes)


# --- readiness -----------------------------------------------------------------------------------

def tiny_roadmap():
    stage = InterviewStage(1, "Screen", "30 min", (30, 30), (), (), ("A",), "technical")
    return SimpleNamespace(
        skill_material=(SkillMaterial("Alpha", Material(decks=("A",))),
                        SkillMaterial("Beta", Material(tags=("b",))),
                        SkillMaterial("Gamma", Material(), by_role={"other": Material(("A",))})),
        matrix=SimpleNamespace(ratings={"Alpha": {"r1": 2}, "Beta": {"r1": 1},
                                        "Gamma": {"r1": 5}}),
        interview=SimpleNamespace(stages=(stage,)))


def test_readiness_on_a_tiny_role(store):
    add_cards(store, [("a1", "A", "concept", ()), ("a2", "A", "concept", ()),
                      ("b1", "B", "concept", ("b",))])
    log(store, "a1", "2026-02-01", 4, after=learned(30, "2026-04-01"))   # mature
    for day, grade in (("2026-03-01", 5), ("2026-03-02", 4), ("2026-03-03", 1),
                       ("2026-03-04", 3)):
        log(store, "a2", day, grade, interval=3, after=learned(3, "2026-03-20"))
    log(store, "a2", "2026-01-05", 0, interval=3, after=learned(3, "2026-03-20"))  # too old
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    add_mock_round(store, ["a1"], epoch_ms(datetime(2026, 3, 5, tzinfo=UTC)), [4])
    add_mock_round(store, ["a2"], epoch_ms(datetime(2025, 10, 1, tzinfo=UTC)), [0])  # too old
    result = readiness(store, Calendar(UTC, 4), now, "r1", tiny_roadmap())
    rows = {row.name: row for row in result.rows}
    alpha = rows["Alpha"]
    assert (alpha.cards, alpha.mature, alpha.recall.passed, alpha.recall.reviews) == (2, 1, 3, 4)
    assert alpha.mock_mean == 4
    # 100 × (0.5 × 1/2 + 0.3 × 3/4 + 0.2 × 4/5)
    assert alpha.score == pytest.approx(63.5)
    assert rows["Beta"].score == 0  # material, nothing learned: parts without data left out
    assert rows["Gamma"].score is None and rows["Gamma"].cards == 0  # "no material"
    assert rows["Stage 1: Screen"].score == pytest.approx(63.5)
    assert [row.name for row in result.rows] == ["Beta", "Alpha", "Gamma", "Stage 1: Screen"]
    assert result.overall == pytest.approx(round((2 * 63.5 + 1 * 0) / 3, 1))
    assert result.weakest.name == "Beta"
    # Another role maps Gamma to deck A; with no role set every skill weighs one star.
    other = readiness(store, Calendar(UTC, 4), now, "other", tiny_roadmap())
    assert {row.name: row.cards for row in other.rows}["Gamma"] == 2


def test_every_skill_matrix_row_has_a_material_record():
    from drill.roadmap import load

    roadmap = load()
    assert [m.skill for m in roadmap.skill_material] == list(roadmap.matrix.skills)


# --- the command line ----------------------------------------------------------------------------

@pytest.fixture
def cli_history(isolated_home, monkeypatch):
    """The bundled decks, a few simulated weeks, and DRILL_TEST_NOW on the last day."""
    from drill.context import open_context
    from tests.stats_history import simulate

    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    ctx = open_context(clock=clock, zone=UTC)
    try:
        ctx.sync()
        cards = simulate(ctx.store, clock, ctx.calendar, days=14, cards=6)
    finally:
        ctx.close()
    monkeypatch.setenv("DRILL_TEST_NOW", clock.now().isoformat())
    monkeypatch.setenv("TZ", "UTC")
    return cards


def test_stats_json_holds_every_figure(cli_history, capsys):
    assert main(["stats", "--json", "--days", "7"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2026-03-14" and data["from"] == "2026-03-08"
    assert set(data) >= {"reviews", "minutes", "days", "streak", "heatmap", "retention",
                         "retention_by_week", "retention_by_deck", "retention_by_kind",
                         "retention_by_tag", "forecast", "overdue", "card_states", "easiness",
                         "intervals", "hardest", "mock", "readiness"}
    assert data["reviews"] == sum(day["reviews"] for day in data["days"])
    assert sum(data["heatmap"].values()) >= data["reviews"] > 0
    current, longest = streaks(list(data["heatmap"]), date(2026, 3, 14))
    assert data["streak"] == {"current": current, "longest": longest} and longest >= 1
    assert len(data["forecast"]) == 30
    assert data["mock"][0]["kind"] == "star" and data["mock"][0]["mean_score"] == 3.0
    names = [row["name"] for row in data["readiness"]["rows"]]
    assert "Communication" in names and "Stage 4: On-Site / Virtual On-Site" in names


def test_stats_of_one_deck_and_unknown_deck(cli_history, capsys):
    assert main(["stats", "--deck", "coding patterns"]) == 0
    out = capsys.readouterr().out
    assert "deck Coding patterns" in out and "Behavioural" not in out.split("readiness")[0]
    assert main(["stats", "--deck", "nope"]) == 2
    assert "no deck called 'nope'" in capsys.readouterr().err


def test_stats_over_typed_dates(cli_history, capsys):
    assert main(["stats", "--json", "--from", "2026-03-08", "--to", "Mar 10"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["from"], data["to"], data["today"]) == ("2026-03-08", "2026-03-10", "2026-03-14")
    assert data["days"] and all("2026-03-08" <= day["day"] <= "2026-03-10"
                                for day in data["days"])
    assert main(["stats", "--days", "3", "--to", "2026-03-10"]) == 0
    assert "2026-03-08 to 2026-03-10 (3 days)" in capsys.readouterr().out


def test_stats_says_one_day_not_one_days(isolated_home, monkeypatch, capsys):
    """One review today: a streak of "1 day", on "1 day", over a range of "1 day"."""
    from drill.context import open_context
    from drill.review import Limits, build_queue

    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    ctx = open_context(clock=clock, zone=UTC)
    try:
        ctx.sync()
        card = build_queue(ctx.store, ctx.calendar.day(clock.now()), Limits()).order[0]
        ctx.reviewer().grade(card, 4, 3000)
    finally:
        ctx.close()
    monkeypatch.setenv("DRILL_TEST_NOW", clock.now().isoformat())
    monkeypatch.setenv("TZ", "UTC")
    assert main(["stats", "--days", "1"]) == 0
    out = capsys.readouterr().out
    assert "2026-03-01 to 2026-03-01 (1 day)" in out
    assert "reviews: 1 in 0 min on 1 day; streak 1 day (longest 1)" in out
    assert main(["stats", "--days", "2"]) == 0
    assert "(2 days)" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "someday"], "--from: 'someday' is not a date (write a date as YYYY-MM-DD"),
    (["--from", "2026-03-01", "--to", "2026-02-30"], "--to: '2026-02-30' is not a date"),
    (["--from", "2026-03-10", "--to", "2026-03-01"], "the range starts (2026-03-10) after it "
                                                     "ends (2026-03-01)"),
    (["--days", "0"], "--days must be from 1 to 36500"),
])
def test_stats_refuses_bad_dates_in_one_line(cli_history, capsys, args, message):
    assert main(["stats", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_export_log_writes_every_field_of_every_row(cli_history, tmp_path, capsys):
    target = tmp_path / "log.csv"
    assert main(["export", "log", str(target)]) == 0
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    store = Store.open(None)
    store.close()
    from drill.context import open_context

    ctx = open_context()
    try:
        logged = ctx.store.log.rows()
    finally:
        ctx.close()
    assert len(rows) == len(logged) > 0
    assert list(rows[0]) == ["uid", "card_id", "kind", "time_ms", "day", "utc_offset", "grade",
                             "duration_ms", "scheduler", "state_before", "state_after", "undoes",
                             "source", "session", "device", "seq"]
    first = next(row for row in rows if row["uid"] == logged[0].uid)
    assert json.loads(first["state_after"]) == logged[0].state_after
    assert f"Wrote {len(rows)} log rows" in capsys.readouterr().out
    assert main(["export", "log", str(tmp_path)]) == 2  # a folder is refused


# --- the date range --------------------------------------------------------------------------------

TODAY = date(2026, 3, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01", date(2026, 3, 1)),
    ("  2026-03-01 ", date(2026, 3, 1)),
    ("1 March 2026", date(2026, 3, 1)),
    ("Feb 2", date(2026, 2, 2)),  # no year: this year
    ("today", TODAY),
    ("Today", TODAY),
])
def test_parse_day_reads_what_people_type(text, expected):
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "tomorrowish", "2026-13-01", "2026-02-30", "31/31/2026",
                                  "99999999999999999999"])
def test_parse_day_refuses_with_a_sentence_saying_how_to_write_it(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD, e.g. 2026-03-14"):
        parse_day(text, TODAY)


def test_parse_day_message_escapes_control_characters():
    with pytest.raises(ValueError) as caught:
        parse_day("bad\x1b[31m", TODAY)
    assert "\x1b" not in str(caught.value)


def test_date_range_from_days_or_from_dates():
    assert date_range(TODAY, 30) == (date(2026, 2, 13), TODAY)
    assert date_range(TODAY, 7, last=date(2026, 3, 1)) == (date(2026, 2, 23), date(2026, 3, 1))
    assert date_range(TODAY, first=date(2026, 3, 1)) == (date(2026, 3, 1), TODAY)
    with pytest.raises(ValueError, match="starts .2026-03-10. after it ends .2026-03-01."):
        date_range(TODAY, first=date(2026, 3, 10), last=date(2026, 3, 1))


def test_compute_over_a_typed_range_counts_only_its_days(store):
    add_cards(store, [("a", "Deck A", "concept", ()), ("b", "Deck B", "concept", ())])
    for day in ("2026-03-01", "2026-03-02", "2026-03-05", "2026-03-09"):
        log(store, "a", day, interval=3)
    log(store, "b", "2026-03-02", interval=30)
    add_mock_round(store, ["a"], epoch_ms(datetime(2026, 3, 9, 12, tzinfo=UTC)), [4])
    now = datetime(2026, 3, 14, 12, tzinfo=UTC)
    stats = compute(store, Calendar(UTC, 4), now, first=date(2026, 3, 2),
                    last=date(2026, 3, 5))
    assert (stats.first, stats.last, stats.today) == ("2026-03-02", "2026-03-05", "2026-03-14")
    assert [(d, n) for d, n, _ in stats.activity] == [("2026-03-02", 2), ("2026-03-05", 1)]
    assert stats.range_days == 4 and len(stats.daily()) == 4
    assert stats.retention["young"] == Recall(2, 2) and stats.retention["mature"] == Recall(1, 1)
    assert stats.mock == []  # the round on the 9th is after the range
    assert sum(stats.heatmap.values()) == 5  # the heatmap is the last year, whatever the range
    assert stats.to_json()["to"] == "2026-03-05"


def test_compute_reuses_the_as_of_today_figures_only_for_the_same_deck_and_day(store,
                                                                              monkeypatch):
    add_cards(store, [("a", "Deck A", "concept", ()), ("b", "Deck B", "concept", ())])
    log(store, "a", "2026-03-01", interval=3)
    calendar, now = Calendar(UTC, 4), datetime(2026, 3, 14, 12, tzinfo=UTC)
    earlier = compute(store, calendar, now, 30)
    calls = []
    monkeypatch.setattr(type(store.stats), "card_states",
                        lambda *args: calls.append(args) or [])
    longer = compute(store, calendar, now, 365, reuse=earlier)
    assert calls == [] and longer.states is earlier.states and longer.range_days == 365
    assert longer.readiness is earlier.readiness and longer.ease == earlier.ease
    compute(store, calendar, now, 365, deck="Deck A", reuse=earlier)  # another deck
    compute(store, calendar, now + timedelta(days=1), 365, reuse=earlier)  # another day
    assert len(calls) == 2


@pytest.mark.parametrize("deck", [None, "Deck A"])
def test_retention_groups_match_the_reference_query(store, deck):
    """drill.stats.retention_groups (per card, then per deck/kind/tags combination) gives what
    store_stats.retention_groups (per card, joined per review age) gives."""
    from drill.stats import retention_groups

    add_cards(store, [("a", "Deck A", "concept", ("x", "y")), ("b", "Deck A", "code", ("y",)),
                      ("c", "Deck B", "concept", ()), ("d", "Deck B", "concept", ("x",))])
    for n, (card, interval, grade) in enumerate([("a", 3, 4), ("a", 30, 2), ("b", 5, 1),
                                                 ("b", 40, 5), ("c", 25, 3), ("d", 2, 4),
                                                 ("d", 2, 0), ("a", 60, 5)]):
        log(store, card, f"2026-03-{n + 1:02d}", grade=grade, interval=interval)
    log(store, "c", "2026-03-20", interval=None)  # a first review: no recall
    expected = store.stats.retention_groups("2026-03-02", "2026-03-31", deck)
    assert retention_groups(store, "2026-03-02", "2026-03-31", deck) == expected
    assert expected["tag"] and expected["kind"]
