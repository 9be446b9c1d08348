"""The plan's material chosen by the user (issue 20: "editable by the user"): an interview's
decks, tags and kinds in plan.toml replace the role's material."""

from __future__ import annotations

import json
from datetime import date

from drill.plan import Interview
from drill.plan_file import dumps, load
from drill.plan_material import planned_cards
from drill.roadmap import load as load_roadmap


def cards_of(ctx):
    return {row[0]: row[1:] for row in ctx.store.conn.execute(
        "SELECT id, deck, kind, tags FROM cards WHERE orphaned_ms IS NULL")}


def test_chosen_decks_tags_and_kinds_replace_the_roles_material(make_ctx):
    ctx = make_ctx()
    ctx.sync()
    conn, roadmap, info = ctx.store.conn, load_roadmap(), cards_of(ctx)
    role = planned_cards(conn, roadmap, "ml-engineer")
    decks = Interview(date(2026, 3, 20), decks=("ml system design",))  # any case
    chosen = planned_cards(conn, roadmap, "ml-engineer", chosen=decks)
    assert chosen and {info[c][0] for c in chosen} == {"ML system design"}
    assert chosen == [c for c in role if c in set(chosen)]  # the role's order kept
    tagged = planned_cards(conn, roadmap, "ml-engineer",
                           chosen=Interview(date(2026, 3, 20), tags=("rag",)))
    assert tagged and all("rag" in json.loads(info[c][2]) for c in tagged)
    kinds = planned_cards(conn, roadmap, "ml-engineer",
                          chosen=Interview(date(2026, 3, 20), kinds=("star",)))
    assert kinds == [c for c in role if info[c][1] == "star"]  # kinds alone: of the role's
    both = planned_cards(conn, roadmap, None, chosen=Interview(
        date(2026, 3, 20), decks=("Coding patterns",), tags=("rag",), kinds=("coding",)))
    assert both and all(info[c][1] == "coding" for c in both)


def test_a_deck_the_role_does_not_cover_comes_after_in_file_order(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n\n## First?\nA.\n\n## Second?\nB.\n")
    ctx.sync()
    conn, roadmap, info = ctx.store.conn, load_roadmap(), cards_of(ctx)
    role = planned_cards(conn, roadmap, "ml-engineer")
    assert not [c for c in role if info[c][0] == "Mine"]  # the role does not cover it
    chosen = planned_cards(conn, roadmap, "ml-engineer", chosen=Interview(
        date(2026, 3, 20), decks=("Mine", "MLOps and LLMs")))
    mine = [c for c in planned_cards(conn, roadmap, None) if info[c][0] == "Mine"]
    assert len(mine) == 2
    assert chosen == [c for c in role if info[c][0] == "MLOps and LLMs"] + mine


def test_the_chosen_material_round_trips_and_bad_values_say_where(tmp_path):
    path = tmp_path / "plan.toml"
    interview = Interview(date(2026, 12, 21), decks=('Odd "deck"', "B"), tags=("rag",),
                          kinds=("concept", "design"))
    path.write_text(dumps([interview]))
    assert load(path) == ([interview], [])
    path.write_text("[[interview]]\ndate = 2026-12-21\nkinds = ['essay']\n\n[[interview]]\n"
                    "date = 2026-12-22\ndecks = 'ML system design'\n")
    interviews, problems = load(path)
    assert interviews == []
    assert problems[0].startswith(f"{path}:3: interview 1: kinds: 'essay' is not a card kind")
    assert problems[1].startswith(f"{path}:7: interview 2: decks must be a list of names")


def run(capsys, *argv):
    from drill.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_drill_plan_set_chooses_the_material_and_an_empty_list_gives_the_roles(
        monkeypatch, capsys, isolated_home):
    monkeypatch.setenv("DRILL_TEST_NOW", "2026-12-01T10:00:00+00:00")
    run(capsys, "plan", "set", "--date", "2026-12-22", "--role", "ml-engineer")
    role = json.loads(run(capsys, "plan", "--json")[1])["pace"]["planned"]
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--material-decks",
                    "ml system design", "--material-kinds", "design")
    assert code == 0
    data = json.loads(run(capsys, "plan", "--json")[1])
    assert data["interviews"][0]["decks"] == ["ML system design"]  # the deck's own title
    assert data["interviews"][0]["kinds"] == ["design"]
    assert 0 < data["pace"]["planned"] < role
    assert "Your material: decks: ML system design; kinds: design." in run(capsys, "plan")[1]
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--material-decks", "nope")
    assert code == 2 and "no deck called 'nope'; decks: " in out
    code, out = run(capsys, "plan", "set", "--date", "2026-12-22", "--material-kinds", "essay")
    assert code == 2 and "no card kind 'essay'" in out
    run(capsys, "plan", "set", "--date", "2026-12-22", "--material-decks", "",
        "--material-kinds", "")
    assert "decks" not in (isolated_home / "plan.toml").read_text()
    assert json.loads(run(capsys, "plan", "--json")[1])["pace"]["planned"] == role


def test_weak_stages_without_a_role_come_first_and_every_deck_follows(make_ctx):
    ctx = make_ctx(user_deck="# Mine\n\n## First?\nA.\n")
    ctx.sync()
    conn, roadmap, info = ctx.store.conn, load_roadmap(), cards_of(ctx)
    everything = planned_cards(conn, roadmap, None)
    weak = planned_cards(conn, roadmap, None, weak=(1,))  # stage 1: Behavioural (STAR)
    assert sorted(weak) == sorted(everything)  # the user's own deck too
    star = [c for c in everything if info[c][0] == "Behavioural (STAR)"]
    assert star and weak[:len(star)] == star
    assert weak[len(star):] == [c for c in everything if c not in set(star)]
