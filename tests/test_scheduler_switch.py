"""Switching between SM-2 and FSRS replays the log; switching back gives back what was (issue 27)."""

from __future__ import annotations

import random

from drill.fsrs_scheduler import FSRSScheduler
from drill.review import Reviewer
from drill.sm2 import SCHEDULERS
from drill.sync import Source, sync
from tests.test_reviewer import deck


def history(store, clock, calendar, user_decks, seed=4):
    """Two weeks of grades on six cards, with a practice grade from a mock round and an undo."""
    (user_decks / "a.md").write_text(deck("Alpha", 6))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    rng = random.Random(seed)
    ids = sorted(card.id for card in store.cards.list())
    for day in range(14):
        for card_id in ids:
            progress = store.log.progress(card_id)
            if progress.is_new or progress.due <= reviewer.today().isoformat():
                reviewer.grade(card_id, rng.choice([1, 3, 4, 5, 5]))
        if day == 3:
            uid = reviewer.grade(ids[0], 2)
            reviewer.undo(uid)
        if day == 5:
            reviewer.grade(ids[1], 5, off_schedule=True)  # a mock round: practice by choice
        clock.advance(days=1)
    return ids


def snapshot(store):
    return dict(sorted(store.log.all_progress().items()))


def test_switching_to_fsrs_and_back_restores_sm2_exactly(store, clock, calendar, user_decks):
    history(store, clock, calendar, user_decks)
    before, rows = snapshot(store), len(store.log.rows())
    assert store.log.use_scheduler(FSRSScheduler()) == len(before)
    fsrs = snapshot(store)
    assert {p.scheduler for p in fsrs.values()} == {"fsrs"}
    assert all("stability" in p.state for p in fsrs.values())
    assert fsrs != before and len(store.log.rows()) == rows  # the log itself is untouched
    store.log.use_scheduler(SCHEDULERS["sm2"])
    assert snapshot(store) == before


def test_grades_under_fsrs_replay_to_the_same_cache(store, clock, calendar, user_decks):
    """The FSRS fuzz is drawn from each row's uid, so a rebuild gives the same due dates."""
    ids = history(store, clock, calendar, user_decks)
    store.log.use_scheduler(FSRSScheduler())
    reviewer = Reviewer(store, clock, calendar)  # takes the store's active scheduler
    assert reviewer.scheduler.name == "fsrs"
    for _ in range(40):
        for card_id in ids:
            if store.log.progress(card_id).due <= reviewer.today().isoformat():
                reviewer.grade(card_id, 4)
        clock.advance(days=1)
    assert {row.scheduler for row in store.log.rows()} == {"sm2", "fsrs"}
    cached = snapshot(store)
    assert max(p.interval for p in cached.values()) > 3  # long enough to be fuzzed
    store.log.rebuild()
    assert snapshot(store) == cached
    # and back to SM-2: the FSRS grades are classified again under SM-2's due dates
    store.log.use_scheduler(SCHEDULERS["sm2"])
    assert {p.scheduler for p in snapshot(store).values()} == {"sm2"}


def test_a_review_under_sm2_is_early_practice_under_fsrs(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 1))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    (card_id,) = [card.id for card in store.cards.list()]
    first_day, first_when = reviewer.today(), clock.now()
    uid = reviewer.grade(card_id, 5)  # SM-2: due tomorrow; FSRS: an easy card, due days later
    clock.advance(days=1)
    reviewer.grade(card_id, 5)
    assert store.log.progress(card_id).reviews == 2
    store.log.use_scheduler(FSRSScheduler())
    progress = store.log.progress(card_id)
    first = FSRSScheduler().grade(None, 5, first_when, first_day, seed=uid)
    assert first.interval > 1
    # the second grade came before FSRS's due date: practice, which a pass leaves alone
    assert progress.state == first.state and progress.due == first.due.isoformat()
    assert progress.reviews == 2 and progress.last_ms == store.log.rows(card_id)[-1].time_ms


def test_an_off_schedule_practice_stays_practice(store, clock, calendar, user_decks):
    (user_decks / "a.md").write_text(deck("Alpha", 1))
    sync(store, [Source(user_decks)], clock.now(), calendar)
    reviewer = Reviewer(store, clock, calendar)
    (card_id,) = [card.id for card in store.cards.list()]
    reviewer.grade(card_id, 5, off_schedule=True)  # a mock round on a new card
    assert store.log.progress(card_id).is_new
    store.log.use_scheduler(FSRSScheduler())
    assert store.log.progress(card_id).is_new  # not turned into its first review


def test_the_context_follows_the_scheduler_setting(make_ctx):
    from drill.context import open_context
    from drill.settings import save_settings

    ctx = make_ctx()
    ctx.sync()
    card_id = ctx.store.cards.list()[0].id
    ctx.reviewer().grade(card_id, 4)
    path = ctx.locations.config_file
    ctx.close()
    save_settings(path, ctx.settings._replace(scheduler="fsrs", retention=85))
    opened = open_context()
    try:
        assert any("Now scheduling with FSRS" in w for w in opened.warnings)
        assert opened.store.log.scheduler_setting() == ("fsrs", 0.85)
        assert opened.store.log.progress(card_id).scheduler == "fsrs"
        assert opened.reviewer().scheduler.fsrs.desired_retention == 0.85
    finally:
        opened.close()
    again = open_context()  # nothing changed: no replay, no message
    try:
        assert not any("scheduling with" in w for w in again.warnings)
    finally:
        again.close()


async def test_choosing_fsrs_in_settings_replays_and_card_info_shows_its_memory(make_ctx):
    from textual.widgets import Select, Static

    from drill.tui.screens.card_info import CardInfoScreen
    from tests.test_tui import SIZE, app_for

    ctx = make_ctx()
    ctx.sync()
    card_id = ctx.store.cards.list()[0].id
    ctx.reviewer().grade(card_id, 4)
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#scheduler", Select).value = "fsrs"
        await pilot.pause()
        assert ctx.settings.scheduler == "fsrs"
        assert ctx.store.log.scheduler_setting()[0] == "fsrs"
        assert ctx.store.log.progress(card_id).scheduler == "fsrs"
        assert any("Scheduling with FSRS" in str(n.message) for n in app._notifications)
        app.push_screen(CardInfoScreen(card_id))
        await pilot.pause()
        text = str(app.screen.query_one("#info-text", Static).content)
        assert "FSRS stability" in text and "recall today" in text
        assert ctx.reviewer().scheduler.name == "fsrs"  # the grade bar's intervals are FSRS's


def test_advance_without_a_seed_draws_no_fuzz():
    from datetime import UTC, date, datetime

    from drill.progress import CardProgress, LogEntry, advance

    state = {"stability": 80.0, "difficulty": 5.0, "last": "2026-01-01"}
    start = CardProgress(scheduler="fsrs", state=state, due="2026-03-21", interval=79)
    entry = LogEntry("review", "2026-03-22", 0, 4, scheduler="fsrs")
    when = datetime(2026, 3, 22, 12, tzinfo=UTC)
    plain = FSRSScheduler(fuzz=False).grade(state, 4, when, date(2026, 3, 22))
    assert advance(start, entry, when, FSRSScheduler()).interval == plain.interval
