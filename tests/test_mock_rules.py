"""Mock rounds in detail: rubric and follow-up fallbacks, the weights that favour weak cards, the
design fallback, the countdown's edges, and what a round saves as it goes (so a resume is exact)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from drill.clock import epoch_ms
from drill.mock import (
    FOLLOW_UP,
    FORMATS,
    REVIEW,
    Countdown,
    MockFormat,
    MockRound,
    Slot,
    _weight,
    choose_questions,
    clock_text,
    custom_format,
    design_marks,
    follow_up_for,
    rubric_for,
    with_minutes,
)
from drill.review import Filters, Reviewer
from drill.sync import Source, sync

TODAY = "2026-03-02"


def card(**values):
    """A mock candidate as the store gives it: new, no lapses, enabled, no roles."""
    return {"id": "c", "kind": "concept", "tags": (), "roles": (), "due": None, "lapses": None,
            "ef100": None, "enabled": 1, **values}


def deck(title: str, cards: list[tuple[str, str, str]]) -> str:
    """A deck file: (id, metadata after the id, answer) per card; prompts are 'Question <id>?'."""
    return f"# {title}\n" + "".join(
        f"\n## Question {card_id}?\n<!-- id: {card_id}{'; ' + meta if meta else ''} -->\n"
        f"{answer}\n" for card_id, meta, answer in cards)


@pytest.fixture
def decks(store, clock, calendar, user_decks):
    """Write deck files (name -> text) into the user folder and sync them."""

    def write(**files: str):
        for name, text in files.items():
            (user_decks / f"{name}.md").write_text(text)
        sync(store, [Source(user_decks)], clock.now(), calendar)
        return store

    return write


def picks(store, fmt, seeds=range(200), filters=Filters(), role=None):
    return Counter(card_id for seed in seeds
                   for card_id, _, _ in choose_questions(store, fmt, TODAY, filters, seed, role))


# --- rubrics and follow-ups -----------------------------------------------------------------


def test_a_rubric_point_is_plain_text_clipped_to_ninety_characters():
    exact = "A" * 89 + "."  # 90 characters: kept whole
    assert rubric_for("concept", exact) == [exact]
    long = "**Bias** is " + "b" * 100 + "."
    point = rubric_for("concept", long)[0]
    assert point == ("Bias is " + "b" * 100)[:89] + "…" and len(point) == 90
    ninety_one = "B" * 90 + "."
    assert rubric_for("concept", ninety_one) == ["B" * 89 + "…"]
    assert rubric_for("concept", "Use `x_i` and *y*.") == ["Use xi and y."]


def test_a_rubric_takes_two_lead_sentences_and_three_reasons_at_most():
    lead_only = "One. Two! Three? Four."
    assert rubric_for("concept", lead_only) == ["One.", "Two!"]
    bullets = "Lead.\n\n### Why it works\n* Star one.\n- Dash two.\n* Three.\n* Four.\n"
    assert rubric_for("concept", bullets) == ["Lead.", "Star one.", "Dash two.", "Three."]
    prose = "Lead.\n\n### Why it works\nFirst because.\nSecond   because. Third because.\n"
    assert rubric_for("concept", prose) == ["Lead.", "First because.", "Second because."]


def test_an_answer_with_nothing_to_tick_gets_a_stand_in_point():
    assert rubric_for("concept", "") == ["The main idea, stated clearly"]
    assert rubric_for("concept", "### Key points\n") == ["The main idea, stated clearly"]


def test_the_follow_up_falls_back_to_pitfalls_or_common_mistakes():
    question = "What usually goes wrong here, and how would you avoid it?"
    assert follow_up_for("Lead.\n\n### Pitfalls\n- Leakage.") == (question, "- Leakage.")
    assert follow_up_for("Lead.\n\n### Common mistakes\n- Overfit.") == (question, "- Overfit.")
    assert follow_up_for("Lead.\n\n### Follow-up\nNo emphasis here.") is None


# --- weighting and choosing -----------------------------------------------------------------


def test_the_weight_of_a_card_follows_the_documented_rules():
    assert _weight(card(), TODAY, []) == 1.0
    assert _weight(card(lapses=0), TODAY, []) == 1.0
    assert _weight(card(due=TODAY), TODAY, []) == 4.0  # due today counts as due
    assert _weight(card(due="2026-03-01"), TODAY, []) == 4.0
    assert _weight(card(due="2026-03-03"), TODAY, []) == 1.0
    assert _weight(card(lapses=2), TODAY, []) == 3.0
    assert _weight(card(lapses=9), TODAY, []) == 6.0  # at most five lapses count
    assert _weight(card(ef100=170), TODAY, []) == 3.0  # (250 - 170) / 40
    assert _weight(card(ef100=260), TODAY, []) == 1.0  # an easy card gains nothing
    assert _weight(card(), TODAY, [1, 1]) == 4.0  # (3 - mean 1) * 1.5
    assert _weight(card(), TODAY, [4, 5]) == 1.0  # good scores gain nothing
    assert _weight(card(roles=("mlops",)), TODAY, [], "mlops") == 2.0
    assert _weight(card(due=TODAY, roles=("mlops",)), TODAY, [], "mlops") == 8.0  # doubled
    assert _weight(card(roles=("mlops",)), TODAY, [], None) == 1.0
    assert _weight(card(roles=("nlp-llm",)), TODAY, [], "mlops") == 1.0
    assert _weight(card(enabled=0), TODAY, []) == pytest.approx(0.2)
    assert _weight(card(due=TODAY, lapses=1, enabled=0), TODAY, [], None) == pytest.approx(1.0)


def ten_cards(prefix: str = "card", meta: str = "") -> list[tuple[str, str, str]]:
    return [(f"{prefix}{i:04d}", meta, f"Answer {i}.") for i in range(10)]


def test_low_mock_scores_make_a_card_come_back(decks):
    store = decks(ten=deck("Ten", ten_cards()))
    weak = "card0003"
    store.mock.create({"id": "r1", "format": "custom", "title": "Custom round", "seed": 1,
                       "started_ms": 0},
                      [{"round_id": "r1", "position": 0, "card_id": weak, "limit_s": 60,
                        "rubric": "[]"}])
    store.mock.update_answer("r1", 0, score=0)
    chosen = picks(store, custom_format(1, 5))
    # Weight 5.5 against nine of weight 1: about 76 of 200; a uniform pick gives about 20.
    assert chosen[weak] >= 55


def test_the_target_role_is_favoured(decks, clock, calendar):
    store = decks(two=deck("Two", [("roleless", "", "A."), ("rolecard", "roles: mlops", "B.")]))
    fmt = custom_format(1, 5)
    seeds = range(300)  # 2 in 3 is 200, 1 in 2 would be 150
    assert picks(store, fmt, seeds, role="mlops")["rolecard"] >= 175
    store.roadmap.set_target_role("mlops")
    by_round = Counter(MockRound.create(store, clock, calendar, fmt, seed=seed)
                       .questions[0].card_id for seed in seeds)
    assert by_round["rolecard"] >= 175


def test_a_deck_filter_keeps_the_round_in_that_deck(decks):
    store = decks(a=deck("Alpha", ten_cards("alpha")), b=deck("Beta", ten_cards("beta")))
    chosen = picks(store, custom_format(3, 5), seeds=range(20), filters=Filters(deck="Beta"))
    assert chosen and all(card_id.startswith("beta") for card_id in chosen)


def test_design_questions_prefer_outline_cards_and_fall_back_to_any_design_card(decks):
    design = MockFormat("d", "Design", "", (Slot("Coding", 1, 20, ("coding",)),
                                            Slot("System design", 1, 40, ("design",),
                                                 ("outline",))))
    concepts = ten_cards("concept")
    store = decks(mixed=deck("Mixed", [*concepts, ("plaindes", "kind: design", "A.")]))
    # No coding card: the coding slot asks nothing; no outline card: any design card is asked.
    for seed in range(20):
        assert choose_questions(store, design, TODAY, Filters(), seed) == [
            ("plaindes", 40 * 60, "System design")]
    decks(outline=deck("Outline", [("outlined", "kind: design; tags: outline", "B.")]))
    assert picks(store, design, seeds=range(20)) == {"outlined": 20}


def test_a_card_is_asked_once_even_when_two_slots_accept_it(decks):
    store = decks(two=deck("Two", [("cardone1", "", "A."), ("cardtwo2", "", "B.")]))
    fmt = MockFormat("x", "X", "", (Slot("First", 1, 1), Slot("Second", 1, 1)))
    for seed in range(10):
        chosen = [card_id for card_id, _, _ in choose_questions(store, fmt, TODAY, Filters(),
                                                                 seed)]
        assert sorted(chosen) == ["cardone1", "cardtwo2"]
    store = decks(two=deck("Two", [("cardone1", "", "A.")]))
    assert len(choose_questions(store, fmt, TODAY, Filters(), 1)) == 1


# --- formats, clock text, design marks, countdown -------------------------------------------


def test_a_custom_format_and_short_times_keep_everything_but_the_minutes(decks):
    fmt = custom_format(3, 5)
    assert (fmt.title, fmt.description, fmt.minutes) == ("Custom round",
                                                         "3 questions, 5 min each.", 15)
    store = decks(ten=deck("Ten", ten_cards()))
    assert {label for _, _, label in choose_questions(store, fmt, TODAY, Filters(), 1)} == {
        "Question"}
    for original in FORMATS.values():
        short = with_minutes(original, 2)
        assert short.slots == tuple(dataclasses.replace(s, minutes=2) for s in original.slots)
        assert (short.name, short.description) == (original.name, original.description)
        assert short.title == f"{original.title} (2 min a question)"


def test_clock_text_shows_minutes_and_seconds_with_a_sign_in_overtime():
    assert clock_text(0) == "00:00"
    assert clock_text(5) == "00:05"
    assert clock_text(120) == "02:00"
    assert clock_text(3599) == "59:59"
    assert clock_text(-61) == "+01:01"


def test_design_marks_are_whole_seconds():
    marks = design_marks(100)
    assert all(isinstance(second, int) for _, second in marks)
    assert [second for _, second in marks] == [12, 22, 37, 57, 70, 87, 100]


def test_a_countdown_at_its_edges(clock):
    countdown = Countdown(180)  # warns at 30 s left
    assert countdown.elapsed(clock.now()) == 0 and not countdown.running
    countdown.start(clock.now())
    assert countdown.elapsed(clock.now()) == 0
    clock.advance(seconds=149)
    assert countdown.state(clock.now()) == "ok"
    clock.advance(seconds=1)
    assert countdown.state(clock.now()) == "warning"
    clock.advance(seconds=30)
    assert (countdown.remaining_s(clock.now()), countdown.state(clock.now())) == (0, "warning")
    clock.advance(seconds=1)
    assert countdown.state(clock.now()) == "overtime"


# --- a round: what it saves -----------------------------------------------------------------


FOLLOWED = "An answer.\n\n### Follow-up\n*Why?* Because."


@pytest.fixture
def round_(decks, clock, calendar):
    store = decks(three=deck("Three", [
        ("first001", "tags: zeta, alpha", FOLLOWED),
        ("second02", "tags: zeta", FOLLOWED),
        ("third003", "tags: beta", FOLLOWED),
    ]))
    fmt = MockFormat("three", "Three questions", "", (Slot("Q", 3, 2),))
    return MockRound.create(store, clock, calendar, fmt, seed=4)


def reload(round_):
    return MockRound.load(round_.store, round_.clock, round_.calendar, round_.id)


def test_a_round_without_a_seed_records_the_one_it_used(decks, clock, calendar):
    store = decks(ten=deck("Ten", ten_cards()))
    fmt = custom_format(3, 5)
    made = MockRound.create(store, clock, calendar, fmt)
    seed = store.mock.round(made.id)["seed"]
    assert isinstance(seed, int)
    again = MockRound.create(store, clock, calendar, fmt, seed=seed)
    assert [q.card_id for q in again.questions] == [q.card_id for q in made.questions]


def test_errors_name_what_is_wrong(round_, decks, clock, calendar):
    with pytest.raises(ValueError, match="^no cards match this round; try other decks or tags$"):
        MockRound.create(round_.store, clock, calendar, custom_format(1, 1), Filters(tag="nope"))
    with pytest.raises(KeyError, match="no-such-round"):
        MockRound.load(round_.store, clock, calendar, "no-such-round")
    for bad in (-1, 6):
        with pytest.raises(ValueError, match="^a score is 0-5$"):
            round_.score(bad, Reviewer(round_.store, clock, calendar))


def test_the_title_and_limits_survive_a_reload(round_):
    assert round_.title == "Three questions"
    again = reload(round_)
    assert again.title == "Three questions"
    assert [q.limit_s for q in again.questions] == [120, 120, 120]


def test_notes_phase_and_time_are_saved_as_they_change(round_, clock):
    first = round_.current
    round_.start()
    clock.advance(seconds=42)
    round_.save_time()  # the clock keeps running
    assert first.countdown.running
    assert reload(round_).current.countdown.elapsed_ms == 42_000
    round_.set_notes("a note")
    assert first.notes == "a note" and reload(round_).current.notes == "a note"
    clock.advance(seconds=8)
    assert round_.advance_phase() == FOLLOW_UP
    saved = reload(round_).current
    assert (saved.phase, saved.countdown.elapsed_ms) == (FOLLOW_UP, 50_000)
    round_.toggle_tick(len(first.rubric))  # one past the end: nothing
    round_.toggle_tick(-1)
    assert first.ticked == [] and reload(round_).current.ticked == []


def test_scoring_straight_from_the_answer_saves_everything(round_, clock, calendar):
    store = round_.store
    reviewer = Reviewer(store, clock, calendar)
    first = round_.current
    round_.start()
    clock.advance(seconds=30)
    round_.score(0, reviewer)  # no follow-up or review phase first
    assert first.phase == REVIEW and first.score == 0
    log = store.log.rows(first.card_id)[-1]
    assert (log.session, log.duration_ms) == (round_.id, 30_000)
    answer = store.mock.answers(round_.id)[0]
    assert answer["log_uid"] == log.uid
    saved = reload(round_)
    assert saved.position == 1 and saved.current.card_id == round_.current.card_id
    assert (saved.questions[0].phase, saved.questions[0].countdown.elapsed_ms) == (REVIEW,
                                                                                   30_000)
    round_.start()
    clock.advance(seconds=10)
    round_.skip()
    assert round_.questions[1].skipped
    assert reload(round_).questions[1].countdown.elapsed_ms == 10_000
    round_.score(5, reviewer)
    assert round_.finished
    row = store.mock.round(round_.id)
    assert (row["status"], row["finished_ms"]) == ("finished", epoch_ms(clock.now()))
    # A finished round ignores what the screen might still send.
    round_.start()
    round_.set_notes("late")
    round_.toggle_tick(0)
    round_.pause()
    round_.save_time()


def test_the_summary_ranks_tags_by_mean_score_then_name(decks, clock, calendar):
    tags = ["t6", "t5", "t4", "t3", "t2", "t1"]
    store = decks(six=deck("Six", [
        *[(f"card{i:04d}", f"tags: {tag}, shared", f"Answer {i}.") for i, tag in enumerate(tags)],
    ]))
    fmt = MockFormat("six", "Six", "", (Slot("Q", 6, 1),))
    round_ = MockRound.create(store, clock, calendar, fmt, seed=1)
    reviewer = Reviewer(store, clock, calendar)
    for _ in tags:
        round_.score(2, reviewer)
    summary = round_.summary()
    # Every tag has mean 2 ('shared' has six scores of 2): the name decides, five are shown.
    assert summary.weakest_tags == [("shared", 2.0), ("t1", 2.0), ("t2", 2.0), ("t3", 2.0),
                                    ("t4", 2.0)]
    assert summary.rows[0]["prompt"] == store.cards.get(round_.questions[0].card_id).prompt


def test_the_summary_of_an_all_skipped_round_with_a_purged_card(round_):
    for _ in range(3):
        round_.skip()
    gone = round_.questions[0].card_id
    round_.store.cards.purge(gone)
    summary = round_.summary()
    assert summary.mean_score is None and summary.moved == [] and summary.weakest_tags == []
    assert summary.rows[0]["prompt"] == gone
