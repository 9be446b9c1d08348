"""Story files: the format, file:line problems, id stamping, hints, coverage, sync into the store
and the commands (`drill story add`, `drill stories`, `drill export stories`)."""

from __future__ import annotations

import json
import re

import pytest

from drill.cli import main
from drill.deckfile.stamp import derive_id
from drill.stories import (
    COMPETENCIES,
    STORIES_DECK,
    Story,
    format_story,
    parse_stories,
    parse_story_file,
    recall_id,
    stamp_story_ids,
)
from drill.story_bank import WORDS_PER_MINUTE, coverage, hints, matrix_lines, rubric_check
from drill.sync import Source, sync
from tests.conftest import REPO

GOOD = """\
# Rescued the ranking launch
<!-- competencies: ownership, failure; level: senior; recall: result -->

## Situation
Two weeks before launch our ranking model lost 4% NDCG offline.

## Task
I owned the model and the launch date.

## Actions
- I bisected the feature pipeline and found a leaking timestamp.
- I rebuilt the training set and reran the offline suite.

## Result
NDCG recovered to +2.1% over baseline; we launched on time.

## What I learned
Validate feature timestamps in CI.
"""


def good(**changes) -> Story:
    [story] = parse_stories(GOOD.encode(), "s.md").stories
    return Story(**{**story.__dict__, **changes})


def test_a_story_parses_into_its_parts():
    parsed = parse_stories(GOOD.encode(), "s.md")
    assert parsed.ok and parsed.problems == []
    [story] = parsed.stories
    assert story.title == "Rescued the ranking launch" and story.line == 1
    assert story.competencies == ("ownership", "failure") and story.level == "senior"
    assert story.result.startswith("NDCG recovered") and story.learned.startswith("Validate")
    assert story.minutes == 2 and story.recall == ("result",)
    assert hints(story) == []


def test_format_then_parse_gives_the_same_story():
    story = good(id="abcd1234", minutes=3)
    [again] = parse_stories(format_story(story).encode(), "s.md").stories
    assert again == story


def test_the_competency_list_is_the_one_decks_readme_documents():
    text = (REPO / "decks" / "README.md").read_text()
    section = text.split("### Competencies", 1)[1].split("\n## ", 1)[0]
    listed = section.split("\n\n")[2]  # the heading's paragraph, then the list
    assert re.findall(r"`([a-z-]+)`", listed) == list(COMPETENCIES)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("# T\n<!-- competencies: ownership, bravery -->\n## Situation\nx\n", 2, "unknown competency 'bravery'"),
    ("# T\n<!-- level: wizard -->\n## Situation\nx\n", 2, "unknown level 'wizard'"),
    ("# T\n<!-- minutes: lots -->\n## Situation\nx\n", 2, "minutes 'lots'"),
    ("# T\n<!-- colour: red -->\n## Situation\nx\n", 2, "unreadable story metadata"),
    ("# T\n<!-- level: senior\n## Situation\nx\n", 2, "not closed"),
    ("# T\n\n## Situation\nx\n## Backstory\ny\n", 5, "unknown part 'Backstory'"),
    ("# T\n## Result\n1\n## Result\n2\n", 4, "given twice"),
    ("Hello\n# T\n## Result\n1\n", 1, "before the first story title"),
    ("# T\nstray words\n## Result\n1\n", 2, "outside a part"),
    ("# T\n\n", 1, "has no parts"),
    ("# A\n<!-- id: abcd1234 -->\n## Task\nx\n# B\n<!-- id: abcd1234 -->\n## Task\ny\n", 5,
     "duplicate id"),
])
def test_bad_story_files_get_file_and_line(text, line, words):
    parsed = parse_stories(text.encode(), "bad.md")
    assert not parsed.ok
    problem = next(p for p in parsed.problems if words in p.message)
    assert problem.line == line and str(problem).startswith(f"bad.md:{line}: error:")
    assert problem.hint


def test_invalid_utf8_is_a_problem_not_a_traceback():
    parsed = parse_stories(b"# T\n## Result\n\xff\n", "x.md")
    assert not parsed.ok and parsed.problems[0].line == 3


def test_a_heading_inside_a_code_fence_is_text():
    text = "# T\n## Actions\n```\n# not a story\n## not a part\n```\n"
    [story] = parse_stories(text.encode(), "s.md").stories
    assert "# not a story" in story.actions and "## not a part" in story.actions


def test_stamping_adds_only_id_lines_and_keeps_every_byte(tmp_path):
    path = tmp_path / "two.md"
    text = GOOD.replace("\n", "\r\n") + "\r\n# Second story\r\n## Result\r\nUp 5%\r\n"
    path.write_bytes(text.encode())
    result = stamp_story_ids(path)
    first = derive_id(STORIES_DECK, "Rescued the ranking launch")
    assert result.stamped[1] == first
    after = path.read_bytes().decode()
    lines = after.split("\r\n")
    assert lines[1] == f"<!-- id: {first} -->"
    removed = [line for line in lines if not line.startswith("<!-- id:")]
    assert "\r\n".join(removed) == text  # nothing else changed
    assert [s.id for s in parse_story_file(path).stories] == list(result.stamped.values())
    assert stamp_story_ids(path).stamped == {}  # a second pass adds nothing


def test_a_file_with_errors_is_never_stamped(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("# T\n<!-- level: wizard -->\n## Result\n1\n")
    before = path.read_bytes()
    assert stamp_story_ids(path).skipped and path.read_bytes() == before


@pytest.mark.parametrize(("change", "code"), [
    ({"result": "Everyone was happy with it."}, "no-number"),
    ({"actions": "We met and we planned the work. I wrote the notes. We shipped the model "
                 "to production."}, "we-over-i"),
    ({"situation": " ".join(["context"] * 40)}, "long-situation"),
    ({"learned": " ".join(["word"] * (WORDS_PER_MINUTE * 2))}, "too-long"),
    ({"task": ""}, "missing"),
])
def test_each_hint_fires_on_a_crafted_story(change, code):
    assert [h.code for h in hints(good(**change))] == [code]


def test_a_longer_target_allows_a_longer_story():
    long = {"learned": " ".join(["word"] * (WORDS_PER_MINUTE * 2))}
    assert "too-long" in [h.code for h in hints(good(**long))]
    assert "too-long" not in [h.code for h in hints(good(minutes=4, **long))]


def test_rubric_check_of_a_story_told():
    assert all(met for _, met in rubric_check(good()))
    checks = dict(rubric_check(good(result="It went well.", learned="")))
    assert checks["A measured result"] is False and checks["A lesson"] is False
    assert checks["Situation short"] is True


def test_coverage_reports_gaps_overuse_and_roadmap_themes():
    one = good(id="aaaaaaaa")
    everything = good(id="bbbbbbbb", title="The everything story",
                      competencies=COMPETENCIES[:7])
    cov = coverage([one, everything])
    assert "ethics" in cov.gaps and "ownership" not in cov.gaps
    assert cov.overused == ("The everything story",)
    rows = {row.competency: row for row in cov.rows}
    assert rows["conflict"].theme == "Conflict resolution"
    assert "Time management" in coverage([one]).theme_gaps
    text = "\n".join(matrix_lines(cov))
    assert "ethics" in text and "← no story" in text and "used for everything" in text


def test_stories_sync_as_story_cards_with_recall_cards(tmp_path, store, clock, calendar):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "launch.md").write_text(GOOD)
    report = sync(store, [Source(folder, stories=True)], clock.now(), calendar)
    story_id = derive_id(STORIES_DECK, "Rescued the ranking launch")
    assert report.stamped == {str(folder / "launch.md"): 1}
    card = store.cards.get(story_id)
    assert (card.deck, card.kind, card.prompt) == (STORIES_DECK, "story",
                                                   "Rescued the ranking launch")
    assert card.tags == ("ownership", "failure") and "### Result" in card.answer
    recall = store.cards.get(recall_id(story_id, "result"))
    assert recall.of_id == story_id and recall.prompt.startswith("The result of")
    assert recall.answer.startswith("NDCG recovered")
    # Editing the story keeps its id and history; the card's text follows.
    path = folder / "launch.md"
    path.write_text(path.read_text().replace("+2.1%", "+3.4%"))
    report = sync(store, [Source(folder, stories=True)], clock.now(), calendar)
    assert story_id in report.edited and "+3.4%" in store.cards.get(story_id).answer


def test_a_broken_story_file_keeps_its_cards(tmp_path, store, clock, calendar):
    folder = tmp_path / "stories"
    folder.mkdir()
    path = folder / "launch.md"
    path.write_text(GOOD)
    sync(store, [Source(folder, stories=True)], clock.now(), calendar)
    path.write_text(path.read_text() + "\n## Epilogue\nmore\n")
    report = sync(store, [Source(folder, stories=True)], clock.now(), calendar)
    assert report.orphaned == [] and [p.line for p in report.problems] == [21]
    assert store.cards.get(derive_id(STORIES_DECK, "Rescued the ranking launch")) is not None


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_story_add_writes_a_file_that_syncs_and_lists(capsys, isolated_home):
    code, out, _ = run(capsys, "story", "add", "--no-input", "--title", "Cut latency [bold]x[/]",
                       "--situation", "Search was slow.", "--actions", "I profiled and cached.",
                       "--result", "p99 fell from 900 ms to 120 ms.", "--task", "I owned it.",
                       "--learned", "Measure first.", "--competencies", "ownership, impact")
    assert code == 0 and "Wrote " in out and "hint" not in out
    [path] = (isolated_home / "stories").glob("*.md")
    [story] = parse_story_file(path).stories
    assert story.id == derive_id(STORIES_DECK, "Cut latency [bold]x[/]")  # stamped by the sync
    assert story.competencies == ("ownership", "impact")
    code, out, _ = run(capsys, "stories")
    assert code == 0 and "Cut latency [bold]x[/]" in out and "ownership, impact" in out
    assert "No story yet for: self-introduction" in out and "Covered: 2 of 21" in out
    code, out, _ = run(capsys, "stories", "--json")
    data = json.loads(out)
    assert data["stories"][0]["id"] == story.id and "ethics" in data["gaps"]
    assert "Conflict resolution" in data["roadmap_theme_gaps"]
    code, out, _ = run(capsys, "due")
    assert "My stories" in out


def test_story_add_shows_hints_but_writes(capsys, isolated_home):
    code, out, _ = run(capsys, "story", "add", "--no-input", "--title", "Vague",
                       "--result", "It went well", "--actions", "We did it")
    assert code == 0 and "no number" in out and "“we”" in out
    assert len(list((isolated_home / "stories").glob("*.md"))) == 1



def test_story_add_refuses_a_story_with_no_part(capsys, isolated_home):
    """A story file with a title and no part is refused when read: it was written, and the bank
    then said "No stories yet"."""
    code, _, err = run(capsys, "story", "add", "--no-input", "--title", "Only a title")
    assert code == 2 and "a story needs at least one part" in err
    assert not (isolated_home / "stories").exists()
    code, _, _ = run(capsys, "story", "add", "--no-input", "--title", "A title",
                     "--learned", "Ask early.")
    assert code == 0
    [path] = (isolated_home / "stories").glob("*.md")
    assert [s.learned for s in parse_story_file(path).stories] == ["Ask early."]

def test_story_add_refuses_unknown_competency(capsys, isolated_home):
    code, _, err = run(capsys, "story", "add", "--no-input", "--title", "T",
                       "--competencies", "bravery")
    assert code == 2 and "unknown competency 'bravery'" in err
    assert not (isolated_home / "stories").exists()


def test_stories_reports_a_bad_file_with_its_line(capsys, isolated_home):
    folder = isolated_home / "stories"
    folder.mkdir(parents=True)
    (folder / "bad.md").write_text("# T\n<!-- level: wizard -->\n## Result\n1\n")
    code, _, err = run(capsys, "stories")
    assert code == 1 and f"{folder / 'bad.md'}:2: error: unknown level 'wizard'" in err
    assert "Traceback" not in err


def test_export_stories_writes_one_document(capsys, isolated_home, tmp_path):
    folder = isolated_home / "stories"
    folder.mkdir(parents=True)
    (folder / "launch.md").write_text(GOOD)
    target = tmp_path / "bank.md"
    code, out, _ = run(capsys, "export", "stories", str(target))
    text = target.read_text()
    assert code == 0 and "Wrote 1 story " in out
    assert text.startswith("# My stories") and "## Rescued the ranking launch" in text
    assert "### What I learned\nValidate feature timestamps in CI." in text
    assert "Competencies with no story yet:" in text and "ethics" in text


def test_the_readme_sample_story_parses_cleanly():
    text = (REPO / "README.md").read_text()
    sample = text.split("## STAR story bank", 1)[1].split("````markdown\n", 1)[1].split("````")[0]
    parsed = parse_stories(sample.encode(), "README.md")
    assert parsed.ok and parsed.problems == []
    [story] = parsed.stories
    assert story.recall == ("result",) and hints(story) == []


def test_a_story_card_asks_for_another_competency_each_time():
    from drill.story_bank import rehearsal_prompt

    prompts = [rehearsal_prompt("Launch", ("ownership", "failure"), turn, 2) for turn in range(3)]
    assert ["**ownership**" in p for p in prompts] == [True, False, True]
    assert "**failure**" in prompts[1] and all(p.startswith("Launch\n") for p in prompts)
    assert "about 2 minutes" in prompts[0] and "minute" not in rehearsal_prompt("L", (), 0, 0)


def test_story_add_asks_for_the_parts_in_a_terminal(capsys, isolated_home, monkeypatch):
    answers = iter(["Cut costs", "Bills grew.", "I owned the budget.", "I moved jobs to spot.",
                    "Spend fell 40%.", "Measure first.", "impact, ownership"])
    asked = []

    def fake_input(prompt):
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    code, out, _ = run(capsys, "story", "add", "--level", "senior")
    assert code == 0 and "hint" not in out
    assert asked[0] == "Title: " and asked[-1].startswith("Competencies")
    [path] = (isolated_home / "stories").glob("*.md")
    [story] = parse_story_file(path).stories
    assert (story.title, story.result, story.level) == ("Cut costs", "Spend fell 40%.", "senior")
    assert story.competencies == ("impact", "ownership")


def test_story_add_with_recall_cards(capsys, isolated_home):
    code, _, _ = run(capsys, "story", "add", "--no-input", "--title", "Cut costs",
                     "--result", "Spend fell 40%.", "--recall", "result")
    assert code == 0
    [path] = (isolated_home / "stories").glob("*.md")
    [story] = parse_story_file(path).stories
    assert story.recall == ("result",)
    code, _, err = run(capsys, "story", "add", "--no-input", "--title", "X", "--recall", "plot")
    assert code == 2 and "--recall: no part 'plot'" in err
