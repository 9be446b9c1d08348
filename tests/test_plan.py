"""The study plan's arithmetic and its file (issue 20)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from drill import sm2
from drill.plan import Interview, cutoff_day, forecast, nearest, new_today, pace
from drill.plan_file import PlanFileError, dumps, load, save

TODAY = date(2026, 12, 1)


def test_new_cards_spread_the_unseen_ones_to_the_cutoff():
    cutoff = TODAY + timedelta(days=13)  # 14 days, today counted
    assert new_today(329, TODAY, cutoff, 0) == 24  # ceil(329 / 14)
    assert new_today(28, TODAY, cutoff, 0) == 2
    assert new_today(28, TODAY, cutoff, 10) == 10  # never below the user's minimum
    assert new_today(4, TODAY, cutoff, 10) == 4  # ...while any are left
    assert new_today(0, TODAY, cutoff, 10) == 0
    assert new_today(50, TODAY, TODAY, 0) == 50  # the cut-off is today: all of them
    assert new_today(50, TODAY, TODAY - timedelta(days=3), 0) == 50


def test_the_cutoff_is_a_week_before_or_two_days_when_that_has_passed():
    interview = Interview(date(2026, 12, 22))
    assert cutoff_day(interview, TODAY) == date(2026, 12, 15)
    assert cutoff_day(interview, date(2026, 12, 18)) == date(2026, 12, 20)  # moved later
    assert cutoff_day(interview, date(2026, 12, 21)) == date(2026, 12, 21)  # not before today
    assert cutoff_day(Interview(date(2026, 12, 22), cutoff_days=3), TODAY) == date(2026, 12, 19)


def test_a_three_week_plan_over_329_cards():
    result = pace(Interview(date(2026, 12, 22), minutes_per_day=90), TODAY, 329, [])
    assert result.days_left == 21
    assert result.new_today == 22  # ceil(329 / 15): 1 to 15 December
    assert result.reason == "21 days left, 329 unseen cards: 22 new today, all seen by 15 Dec"
    walk = result.forecast
    assert walk.days[0] == TODAY and walk.days[-1] == date(2026, 12, 21)
    assert sum(walk.new) == 329 and walk.last_new_day <= date(2026, 12, 15)
    # a new card seen on day d is passed again on d + 1 and d + 7 (SM-2: 1 day, then 6)
    assert walk.reviews[0] == 22 and walk.reviews[1] == 44 and walk.reviews[7] == 66
    assert walk.minutes[0] == pytest.approx(22 * 45 / 60)
    assert result.on_track and not result.proposals


def test_a_plan_that_does_not_fit_proposes_what_would():
    result = pace(Interview(date(2026, 12, 22), minutes_per_day=30), TODAY, 329, [])
    assert not result.on_track
    kinds = {p.kind: p for p in result.proposals}
    assert set(kinds) >= {"fewer", "minutes"}
    fewer = kinds["fewer"].value
    assert 0 < fewer < 329
    assert pace(Interview(date(2026, 12, 22), minutes_per_day=30), TODAY, fewer, []).on_track
    assert not pace(Interview(date(2026, 12, 22), minutes_per_day=30), TODAY, fewer + 1,
                    []).on_track  # the most that fits, not just some number that does
    minutes = kinds["minutes"].value
    assert pace(Interview(date(2026, 12, 22), minutes_per_day=minutes), TODAY, 329, []).on_track


def test_a_later_cutoff_is_proposed_when_it_is_enough():
    interview = Interview(date(2026, 12, 22), minutes_per_day=35, cutoff_days=10)
    result = pace(interview, TODAY, 200, [])
    cutoff = [p for p in result.proposals if p.kind == "cutoff"]
    assert not result.on_track and [p.value for p in cutoff] == [9]
    assert cutoff[0].text == "See every card once by 9 days before the interview instead of 10"
    for days, fits in ((10, False), (9, True)):  # the earliest cut-off that fits
        assert pace(Interview(date(2026, 12, 22), minutes_per_day=35, cutoff_days=days),
                    TODAY, 200, []).on_track is fits


def test_learned_cards_come_when_due_and_overdue_ones_today():
    learned = [sm2.SM2State(repetitions=2, easiness=2.5, interval=6, due=TODAY - timedelta(days=3)),
               sm2.SM2State(repetitions=2, easiness=2.5, interval=6, due=TODAY + timedelta(days=2))]
    walk = forecast(Interview(TODAY + timedelta(days=5)), TODAY, 0, learned, 0, 60)
    # The overdue card today, the other on its day (then 15 days out: past the interview);
    # the interview is 5 days away, so the final week's pass brings the other card back once
    # today too (its share: ⌈2 cards ÷ 5 days⌉, the due one reviewed on schedule instead).
    assert walk.reviews == (2, 0, 1, 0, 0)
    assert walk.minutes == (2.0, 0.0, 1.0, 0.0, 0.0)
    no_week = forecast(Interview(TODAY + timedelta(days=5), cutoff_days=2), TODAY, 0, learned,
                       0, 60, crammable=0)  # nothing left to cram
    assert no_week.reviews == (1, 0, 1, 0, 0)
    missing = forecast(Interview(TODAY + timedelta(days=5)), TODAY, 0, learned, 0, 60,
                       miss_rate=0.5, crammable=0)
    # a miss allowance: ⌈1 × 0.5⌉ answer again today and one back the next day
    assert missing.minutes == (2.0, 1.0, 2.0, 1.0, 0.0)


def test_the_interview_day_and_a_short_plan():
    today = pace(Interview(TODAY), TODAY, 100, [])
    assert today.new_today == 0 and today.days_left == 0 and today.forecast.days == ()
    short = pace(Interview(TODAY + timedelta(days=3)), TODAY, 30, [])  # shorter than the cut-off
    assert short.cutoff == TODAY + timedelta(days=1) and short.new_today == 15


def test_nearest_interview_still_to_come():
    dates = [Interview(TODAY - timedelta(days=1)), Interview(TODAY + timedelta(days=9)),
             Interview(TODAY + timedelta(days=4))]
    assert nearest(dates, TODAY).day == TODAY + timedelta(days=4)
    assert nearest(dates[:1], TODAY) is None


# --- the file ------------------------------------------------------------------------------------


def test_the_plan_file_round_trips_and_keeps_odd_labels(tmp_path):
    path = tmp_path / "plan.toml"
    interviews = [Interview(date(2026, 12, 21), 'Acme "onsite" \\ \x1b[31m', "ml-engineer", 40, 5),
                  Interview(date(2026, 12, 10))]
    save(path, interviews)
    loaded, problems = load(path)
    assert problems == [] and loaded == sorted(interviews, key=lambda i: i.day)
    assert "\x1b" not in path.read_text()  # written as an escape, read back as the character


@pytest.mark.parametrize(("entry", "message"), [
    ("label = 'x'", "needs a date"),
    ("date = 'soon'", "date 'soon' is not a date"),
    ("date = 2026-12-21\nminutes_per_day = 0", "minutes_per_day must be"),
    ("date = 2026-12-21\ncutoff_days = 1", "cutoff_days must be"),
    ("date = 2026-12-21\nrole = 'wizard'", "role 'wizard' is not a roadmap role"),
    ("date = 2026-12-21\ncolour = 'red'", "unknown field 'colour'"),
])
def test_a_bad_entry_is_reported_and_the_rest_kept(tmp_path, entry, message):
    path = tmp_path / "plan.toml"
    path.write_text(f"[[interview]]\n{entry}\n\n[[interview]]\ndate = 2027-01-05\n")
    interviews, problems = load(path, roles={"ml-engineer"})
    assert [i.day for i in interviews] == [date(2027, 1, 5)]
    assert len(problems) == 1 and message in problems[0] and "interview 1" in problems[0]
    with pytest.raises(PlanFileError, match="won't rewrite"):
        save(path, interviews, roles={"ml-engineer"})  # rewriting would drop the entry
    assert entry in path.read_text()


def test_a_broken_file_says_where(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text("[[interview]\ndate = 2026-12-21\n")
    assert load(path) == ([], [f"{path}: Expected ']]' at the end of an array declaration "
                               f"(at line 1, column 12); no plan is used until it is fixed"])
    assert "[[interview]]" in dumps([Interview(TODAY)])


# --- the command ---------------------------------------------------------------------------------


def run(capsys, *argv):
    from drill.cli import main

    code = main(list(argv))
    return code, capsys.readouterr().out


def test_drill_plan_set_then_show(monkeypatch, capsys, isolated_home):
    monkeypatch.setenv("DRILL_TEST_NOW", "2026-12-01T10:00:00+00:00")
    code, out = run(capsys, "plan")
    assert code == 0 and "No interview date set" in out
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--label", "Acme",
                    "--role", "ml-engineer", "--minutes-per-day", "60")
    assert code == 0 and "Added the interview on 2026-12-22" in out
    code, out = run(capsys, "plan", "--json")
    import json

    data = json.loads(out)
    pace_ = data["pace"]
    assert data["interviews"][0] == {"date": "2026-12-22", "label": "Acme", "role": "ml-engineer",
                                     "minutes_per_day": 60, "cutoff_days": 7,
                                     "max_cards": None, "decks": [], "tags": [], "kinds": [],
                                     "debriefed": False, "weak_stages": []}
    assert pace_["days_left"] == 21 and pace_["cutoff"] == "2026-12-15"
    assert pace_["unseen"] == pace_["planned"] > 300  # the bundled decks, nothing seen yet
    assert pace_["new_today"] == -(-pace_["unseen"] // 15)
    assert len(pace_["forecast"]) == 21
    # the plan's role became the target role
    from drill.context import open_context

    ctx = open_context()
    try:
        assert ctx.store.roadmap.target_role() == "ml-engineer"
    finally:
        ctx.close()
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--label", "Acme",
                    "--minutes-per-day", "150")
    assert "Updated the interview" in out
    code, out = run(capsys, "plan")
    assert "21 days left" in out and "of 150 a day: on track." in out
    code, out = run(capsys, "plan", "remove", "--date", "2026-12-22")
    assert code == 0 and "Removed 1 interview" in out
    code, out = run(capsys, "plan")
    assert "No interview date set" in out


def test_drill_plan_set_cards_keeps_the_first_of_the_plan_and_0_plans_all(monkeypatch, capsys,
                                                                           isolated_home):
    import json

    monkeypatch.setenv("DRILL_TEST_NOW", "2026-12-01T10:00:00+00:00")
    run(capsys, "plan", "set", "--date", "2026-12-22", "--role", "ml-engineer")
    every = json.loads(run(capsys, "plan", "--json")[1])["pace"]["planned"]
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--cards", "200")
    assert code == 0
    assert "max_cards = 200" in (isolated_home / "plan.toml").read_text()
    data = json.loads(run(capsys, "plan", "--json")[1])
    assert data["interviews"][0]["max_cards"] == 200
    assert data["pace"]["planned"] == data["pace"]["unseen"] == 200 < every
    assert data["pace"]["new_today"] == 14  # 200 cards over the 15 days to the cut-off
    out = run(capsys, "plan")[1]
    assert "first 200 cards" in out and "Only the first 200 cards of the plan's order are planned" in out
    run(capsys, "plan", "set", "--date", "2026-12-22", "--cards", "0")
    assert "max_cards" not in (isolated_home / "plan.toml").read_text()
    assert json.loads(run(capsys, "plan", "--json")[1])["pace"]["planned"] == every
    from drill.cli import main

    assert main(["plan", "set", "--date", "2026-12-22", "--cards", "-3"]) == 2
    assert "--cards must be from 1" in capsys.readouterr().err


def test_a_bad_entry_says_its_file_and_line(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text("# my plan\n[[interview]]\ndate = 2026-12-21\n\n[[interview]]\n"
                    "date = 2026-12-24\nlabel = 'x'\nmax_cards = 0\n[[interview]]\n"
                    "label = 'no date'\n[[interview]]\ndate = 2027-01-05\nmax_cards = true\n")
    interviews, problems = load(path)
    assert [i.day for i in interviews] == [date(2026, 12, 21)]
    assert [p.split(": ")[0] for p in problems] == [f"{path}:8", f"{path}:9", f"{path}:13"]
    assert "max_cards must be a whole number from 1" in problems[0]
    assert "needs a date" in problems[1]


def test_drill_plan_set_refuses_bad_values_and_a_file_it_cannot_keep(capsys, isolated_home):
    from drill.cli import main

    assert main(["plan", "set", "--date", "2026-12-22", "--role", "wizard"]) == 2
    assert "no role 'wizard'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["plan", "set", "--date", "someday"])
    assert "not a date: 'someday'" in capsys.readouterr().err
    isolated_home.mkdir(parents=True, exist_ok=True)
    plan = isolated_home / "plan.toml"
    plan.write_text("[[interview]]\ndate = 'soon'\n")
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22")
    assert code == 1 and "won't rewrite" in out
    assert plan.read_text() == "[[interview]]\ndate = 'soon'\n"


def test_planned_cards_follow_the_roles_priorities(make_ctx):
    from drill.plan_material import material, planned_cards
    from drill.roadmap import load

    ctx = make_ctx()
    ctx.sync()
    roadmap = load()
    everything = planned_cards(ctx.store.conn, roadmap, None)
    for_role = planned_cards(ctx.store.conn, roadmap, "ml-engineer")
    assert len(set(for_role)) == len(for_role) and set(for_role) <= set(everything)
    ratings = roadmap.matrix.ratings
    top = max(roadmap.skill_material,
              key=lambda item: ratings.get(item.skill, {}).get("ml-engineer", 1))
    first = ctx.store.cards.get(for_role[0])
    wanted = top.for_role("ml-engineer")
    assert first.deck in wanted.decks or set(first.tags) & set(wanted.tags)
    ctx.store.flags.set_suspended(for_role[1], True)
    ctx.reviewer().grade(for_role[0], 4)
    found = material(ctx.store.conn, roadmap, "ml-engineer")
    assert found.unseen == tuple(for_role[2:])  # the seen card and the suspended one are not
    assert len(found.learned) == 1 and found.learned[0].interval == 1
    assert found.seconds_per_card == 45  # no timed history yet: the default


def test_a_plan_sets_todays_new_cards_and_their_order(make_ctx, clock):
    from drill.plan_file import save as save_plan
    from drill.review import build_queue

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    assert ctx.limits.new_per_day == 10 and ctx.limits.new_order == ()  # no plan: the settings
    plan = ctx.locations.config_file.with_name("plan.toml")
    save_plan(plan, [Interview(today + timedelta(days=14), role="nlp-llm")])
    limits = ctx.limits
    unseen = len(limits.new_order)
    assert limits.new_per_day == max(10, -(-unseen // 8))  # 8 days to the cut-off, today counted
    queue = build_queue(ctx.store, today, limits)
    assert len(queue.new) == limits.new_per_day
    rank = {card_id: i for i, card_id in enumerate(limits.new_order)}
    assert [rank[c] for c in queue.new] == sorted(rank[c] for c in queue.new)  # the plan's order
    reviewer = ctx.reviewer()
    for card_id in queue.new[:5]:
        reviewer.grade(card_id, 5)
    ctx._plan_key = None  # worked out again (as the next day would): the limit holds all day
    assert ctx.limits.new_per_day == limits.new_per_day
    assert len(build_queue(ctx.store, today, ctx.limits).new) == limits.new_per_day - 5


def test_the_debrief_turns_questions_into_cards_and_weak_stages_come_first(monkeypatch, capsys,
                                                                           tmp_path):
    from drill.plan import parse_debrief

    parsed = parse_debrief("# a comment\n2: What is dropout?\nWhy us?\nweak: 2, 4\n9: Nope\n",
                           {1, 2, 3, 4})
    assert parsed.questions == ((2, "What is dropout?"), (None, "Why us?"))
    assert parsed.weak_stages == (2, 4)
    assert parsed.problems == ("line 5: no stage 9 (stages: 1, 2, 3, 4)",)
    assert parse_debrief("weak: x", {1}).problems == ("line 1: 'x' is not a stage number (1)",)

    monkeypatch.setenv("DRILL_TEST_NOW", "2026-12-01T10:00:00+00:00")
    run(capsys, "plan", "set", "--date", "2026-11-20", "--label", "Acme", "--role", "ml-engineer")
    run(capsys, "plan", "set", "--date", "2026-12-20", "--label", "Beta")
    code, out = run(capsys, "plan")
    assert "How did Acme go? `drill plan debrief`" in out
    notes = tmp_path / "debrief.txt"
    notes.write_text("1: Walk me through your CV\n4: Design event recommendations\n"
                     "4: Design event recommendations\nweak: 1\n")
    code, out = run(capsys, "plan", "debrief", "--file", str(notes))
    assert code == 0, out
    assert "2 questions added to your Debrief deck; stages 1 come first" in out
    from drill.context import open_context
    from drill.plan_file import load as load_plan

    ctx = open_context()
    try:
        ctx.sync()
        cards = [c for c in ctx.store.cards.list() if c.deck == "Debrief"]
        assert sorted(c.prompt for c in cards) == ["Design event recommendations",
                                                   "Walk me through your CV"]
        assert {tuple(c.tags) for c in cards} == {("debrief", "stage-1"), ("debrief", "stage-4")}
        interviews, _ = load_plan(ctx.locations.config_file.with_name("plan.toml"))
        assert interviews[0].debriefed and interviews[0].weak_stages == (1,)
        # the next plan starts with stage 1's material (the behavioural deck)
        first = ctx.store.cards.get(ctx.limits.new_order[0])
        assert first.deck == "Behavioural (STAR)"
    finally:
        ctx.close()
    code, out = run(capsys, "plan")
    assert "How did" not in out


def test_plan_changed_drops_the_cached_pace_even_when_the_mtime_is_the_same(make_ctx):
    import os

    from drill.plan_file import save as save_plan

    ctx = make_ctx()
    ctx.sync()
    today = ctx.calendar.day(ctx.clock.now())
    plan = ctx.locations.config_file.with_name("plan.toml")
    save_plan(plan, [Interview(today + timedelta(days=14), minutes_per_day=5)])
    stamp = plan.stat().st_mtime_ns
    assert ctx.plan_pace().interview.minutes_per_day == 5
    save_plan(plan, [Interview(today + timedelta(days=14), minutes_per_day=500)])
    os.utime(plan, ns=(stamp, stamp))  # a rewrite within the file system's time resolution
    assert ctx.plan_pace().interview.minutes_per_day == 5  # cached by (day, mtime)
    ctx.plan_changed()
    assert ctx.plan_pace().interview.minutes_per_day == 500
    assert ctx.plan_pace().on_track
