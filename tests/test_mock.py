"""Mock rounds with an injected clock: formats, choice, countdown, follow-ups, scoring, resume."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from drill.mock import (
    ANSWER,
    CODING_RUBRIC,
    FOLLOW_UP,
    FORMATS,
    FRAMEWORK,
    REVIEW,
    STAR_RUBRIC,
    Countdown,
    MockRound,
    clock_text,
    custom_format,
    design_marks,
    follow_up_for,
    rubric_for,
)
from drill.paths import bundled_decks_dir
from drill.review import Filters, Reviewer
from drill.sync import BUNDLED, Source, sync

CONCEPT = """A direct answer. It has two sentences. And a third.

### Why it works
- First reason.
- Second reason.

### Pitfalls
- A pitfall.

### Follow-up
*What happens next?* It depends on the data.
"""


@pytest.fixture
def bundled(store, clock, calendar):
    sync(store, [Source(bundled_decks_dir(), BUNDLED)], clock.now(), calendar)
    return store


def kinds(store, round_):
    return Counter(store.cards.get(q.card_id).kind for q in round_.questions)


def test_formats_ask_the_right_kinds_without_repeats(bundled, clock, calendar):
    onsite = MockRound.create(bundled, clock, calendar, FORMATS["onsite"], seed=1)
    assert kinds(bundled, onsite) == {"coding": 2, "concept": 2, "design": 1, "star": 1}
    assert len({q.card_id for q in onsite.questions}) == 6
    design = next(q for q in onsite.questions if bundled.cards.get(q.card_id).kind == "design")
    assert design.limit_s == 40 * 60 and design.rubric == list(FRAMEWORK)
    recruiter = MockRound.create(bundled, clock, calendar, FORMATS["recruiter"], seed=1)
    first, second = (bundled.cards.get(q.card_id) for q in recruiter.questions[:2])
    assert "self-introduction" in first.tags and "motivation" in second.tags
    assert FORMATS["technical"].minutes == 44


def test_the_seed_makes_the_choice_reproducible(bundled, clock, calendar):
    picks = [[q.card_id for q in MockRound.create(bundled, clock, calendar, FORMATS["onsite"],
                                                  seed=seed).questions] for seed in (7, 7, 8)]
    assert picks[0] == picks[1] != picks[2]


def test_weak_and_due_cards_are_favoured(store, clock, calendar, user_decks):
    (user_decks / "ten.md").write_text("# Ten\n" + "".join(
        f"\n## Question {i}?\n<!-- id: tencard{i:02d} -->\nAnswer {i}.\n" for i in range(10)))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    weak = "tencard03"
    reviewer.grade(weak, 5)
    for _ in range(4):
        clock.advance(days=2)
        reviewer.grade(weak, 1)
        reviewer.grade(weak, 4)
    clock.advance(days=1)
    assert store.log.progress(weak).lapses == 4 and store.log.progress(weak).due <= "2026-03-11"
    fmt = custom_format(1, 5)
    chosen = Counter(MockRound.create(store, clock, calendar, fmt, seed=s).questions[0].card_id
                     for s in range(60))
    # A uniform pick would choose it about 6 times in 60.
    assert chosen[weak] >= 20


def test_countdown_warns_then_counts_overtime_and_pauses(clock):
    countdown = Countdown(180)
    countdown.start(clock.now())
    clock.advance(seconds=100)
    assert (countdown.remaining_s(clock.now()), countdown.state(clock.now())) == (80, "ok")
    clock.advance(seconds=60)
    assert countdown.state(clock.now()) == "warning"
    countdown.stop(clock.now())
    clock.advance(minutes=10)  # paused: nothing counts
    assert countdown.remaining_s(clock.now()) == 20
    countdown.start(clock.now())
    clock.advance(seconds=50)
    assert countdown.state(clock.now()) == "overtime"
    assert clock_text(countdown.remaining_s(clock.now())) == "+00:30"


def test_design_time_marks_cover_the_framework():
    marks = design_marks(40 * 60)
    assert [step for step, _ in marks] == list(FRAMEWORK)
    assert marks[0] == ("Requirements", 300) and marks[-1][1] == 40 * 60


def test_rubrics_and_follow_ups_come_from_the_card():
    assert rubric_for("star", "") == list(STAR_RUBRIC)
    assert rubric_for("design", "") == list(FRAMEWORK)
    assert rubric_for("concept", CONCEPT) == [
        "A direct answer.", "It has two sentences.", "First reason.", "Second reason."]
    assert follow_up_for(CONCEPT) == ("What happens next?", "It depends on the data.")
    no_follow_up = CONCEPT.split("### Follow-up")[0]
    question, answer = follow_up_for(no_follow_up)
    assert "goes wrong" in question and "A pitfall." in answer
    assert follow_up_for("Just an answer.") is None


def test_every_bundled_card_gives_a_rubric_and_a_follow_up(bundled):
    fixed = {"design": list(FRAMEWORK), "star": list(STAR_RUBRIC), "coding": list(CODING_RUBRIC)}
    for card in bundled.cards.list():
        if card.of_id is not None:  # a recall card never comes up in a mock round
            continue
        rubric = rubric_for(card.kind, card.answer)
        if card.kind in fixed:
            assert rubric == fixed[card.kind], card.prompt
        else:
            # The points come from the card's own answer: at least its lead and why it works,
            # never the stand-in given when an answer offers nothing.
            answer = " ".join(re.sub(r"[*_`]", "", card.answer).split())
            assert len(rubric) >= 2 and "The main idea, stated clearly" not in rubric, card.prompt
            assert all(re.sub(r"[*_`]", "", point.removesuffix("…")) in answer
                       for point in rubric), card.prompt
        assert follow_up_for(card.answer) is not None, card.prompt


def test_a_whole_round_with_follow_up_pause_quit_resume_skip_and_scores(bundled, clock,
                                                                       calendar):
    reviewer = Reviewer(bundled, clock, calendar)
    round_ = MockRound.create(bundled, clock, calendar, custom_format(3, 4),
                              Filters(deck="ML fundamentals"), seed=3)
    first = round_.current
    round_.start()
    clock.advance(seconds=90)
    round_.set_notes("bias: wrong assumptions\nvariance: sensitivity")
    round_.pause()
    clock.advance(minutes=30)  # the user quits here; nothing counts while away
    resumed = MockRound.load(bundled, clock, calendar, round_.id)
    question = resumed.current
    assert question.card_id == first.card_id and question.phase == ANSWER
    assert question.notes == "bias: wrong assumptions\nvariance: sensitivity"
    assert question.countdown.remaining_s(clock.now()) == 4 * 60 - 90
    resumed.start()
    clock.advance(seconds=200)  # into overtime
    assert question.countdown.state(clock.now()) == "overtime"
    assert resumed.advance_phase() == FOLLOW_UP
    clock.advance(seconds=30)
    assert resumed.advance_phase() == REVIEW
    clock.advance(minutes=5)  # reading the model answer does not count
    resumed.toggle_tick(0)
    resumed.toggle_tick(2)
    resumed.toggle_tick(2)
    due_before = bundled.log.progress(question.card_id).due
    resumed.score(2, reviewer)  # a fail off schedule: a lapse
    log = bundled.log.rows(question.card_id)[-1]
    assert (log.kind, log.grade, log.duration_ms) == ("practice", 2, 60_000)
    assert due_before is None and question.due_after == "2026-03-03"
    second = resumed.current
    resumed.start()
    clock.advance(seconds=60)
    resumed.skip()
    third = resumed.current
    reviewer.grade(third.card_id, 5)  # learned earlier: due tomorrow
    before = bundled.log.progress(third.card_id)
    resumed.start()
    resumed.advance_phase()
    resumed.advance_phase()
    resumed.score(4, reviewer)  # a pass off schedule: practice, schedule untouched
    assert bundled.log.progress(third.card_id).state == before.state
    assert resumed.finished
    again = MockRound.load(bundled, clock, calendar, round_.id)
    assert [(q.score, q.skipped, q.ticked) for q in again.questions] == [
        (2, False, [0]), (None, True, []), (4, False, [])]
    assert bundled.mock.round(round_.id)["status"] == "finished"
    assert again.questions[0].countdown.elapsed_ms == 320_000
    summary = again.summary()
    assert summary.mean_score == 3
    assert summary.moved == [(first.card_id, None, "2026-03-03")]
    assert summary.rows[0]["elapsed_s"] == 320 and summary.rows[1]["skipped"]
    assert summary.weakest_tags[0][1] == 2
    assert second.card_id not in {card for card, _, _ in summary.moved}


def test_no_matching_cards_is_a_clear_error(bundled, clock, calendar):
    with pytest.raises(ValueError, match="no cards match"):
        MockRound.create(bundled, clock, calendar, custom_format(2, 3), Filters(tag="nope"))


def test_a_named_format_with_short_times(bundled, clock, calendar):
    from drill.mock import with_minutes

    fmt = with_minutes(FORMATS["onsite"], 1)
    round_ = MockRound.create(bundled, clock, calendar, fmt, seed=1)
    assert [q.limit_s for q in round_.questions] == [60] * 6
    assert kinds(bundled, round_)["design"] == 1
    assert design_marks(60)[-1] == ("Monitoring", 60)
