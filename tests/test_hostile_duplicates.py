"""The same id in two deck files (issue 17, point 7): reported, never merged, and no history moves
from one card to another without the user."""

from __future__ import annotations

from drill.cli import main
from drill.review import Reviewer

A = "# Alpha\n\n## What is alpha?\n<!-- id: dupdup0001 -->\n\nThe first letter.\n"
B = "# Beta\n\n## What is beta?\n<!-- id: dupdup0001 -->\n\nThe second letter.\n"


def test_a_duplicate_id_is_reported_once_and_the_holder_keeps_it(store, synced, user_decks):
    (user_decks / "a.md").write_text(A)
    (user_decks / "b.md").write_text(B)
    report = synced()
    (problem,) = [p for p in report.problems if "duplicate id" in p.message]
    assert problem.path.endswith("b.md") and problem.line == 3
    assert "a.md" in problem.message
    assert store.cards.get("dupdup0001").prompt == "What is alpha?"
    assert not synced().problems  # nothing changed: not reported again
    # A new file sorting first with the same id does not take the card either.
    (user_decks / "0.md").write_text(B.replace("Beta", "Zero").replace("beta", "zero"))
    report = synced()
    assert store.cards.get("dupdup0001").prompt == "What is alpha?"
    assert sorted(p.path.rsplit("/", 1)[1] for p in report.problems) == ["0.md", "b.md"]


def test_deleting_the_holder_does_not_hand_its_history_to_the_duplicate(
        store, synced, user_decks, clock, calendar):
    (user_decks / "a.md").write_text(A)
    (user_decks / "b.md").write_text(B)
    synced()
    Reviewer(store, clock, calendar).grade("dupdup0001", 5)
    (user_decks / "a.md").unlink()
    report = synced()
    card = store.cards.get("dupdup0001")
    assert card.prompt == "What is alpha?" and card.is_orphan  # history kept, not moved
    assert store.log.progress("dupdup0001").reviews == 1
    assert any("duplicate id" in p.message and "now gone" in p.message for p in report.problems)
    # The user's way out: delete the id line; the card gets its own id and no one's history.
    (user_decks / "b.md").write_text(B.replace("<!-- id: dupdup0001 -->\n", ""))
    synced()
    beta = [c for c in store.cards.list(list(store.cards.index())) if c.prompt == "What is beta?"]
    assert len(beta) == 1 and beta[0].id != "dupdup0001"
    assert store.log.progress(beta[0].id).reviews == 0


def test_a_card_moved_to_another_file_keeps_its_history(store, synced, user_decks, clock,
                                                          calendar):
    (user_decks / "a.md").write_text(A)
    synced()
    Reviewer(store, clock, calendar).grade("dupdup0001", 5)
    (user_decks / "a.md").unlink()
    (user_decks / "c.md").write_text(A)  # moved in one step: not a duplicate
    assert not synced().problems
    assert not store.cards.get("dupdup0001").is_orphan
    assert store.log.progress("dupdup0001").reviews == 1


def test_drill_due_reports_the_duplicate(isolated_home, capsys):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "a.md").write_text(A)
    (decks / "b.md").write_text(B)
    assert main(["due"]) == 0
    err = capsys.readouterr().err
    assert err.count("duplicate id 'dupdup0001'") == 1 and "b.md:3" in err


STALE = "# Stale\n\n## What is a stale buffer?\n<!-- id: stalecard1 -->\n\nAn old copy.\n"


async def test_a_stale_save_without_the_id_offers_the_reattach_in_the_app(make_ctx):
    from drill.tui.app import make_app
    from drill.tui.screens.browse import ConfirmScreen

    ctx = make_ctx(user_deck=STALE)
    ctx.sync()
    ctx.reviewer().grade("stalecard1", 4)
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test() as pilot:
        await pilot.pause()
        # The editor had the file open from before the id was stamped, and the user reworded.
        (ctx.locations.decks_dir / "mine.md").write_text(
            "# Stale\n\n## What is a stale editor buffer?\n\nAn old copy.\n")
        app.watch_decks()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert ctx.store.cards.get("stalecard1").is_orphan  # nothing moved before the user says so
        await pilot.press("y")
        await pilot.pause()
    (new,) = [c for c in ctx.store.cards.list() if c.prompt == "What is a stale editor buffer?"]
    assert ctx.store.log.progress(new.id).reviews == 1
    assert ctx.store.cards.get("stalecard1").merged_into == new.id


async def test_declining_the_reattach_keeps_the_orphan(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx(user_deck=STALE)
    ctx.sync()
    ctx.reviewer().grade("stalecard1", 4)
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test() as pilot:
        await pilot.pause()
        (ctx.locations.decks_dir / "mine.md").write_text(STALE.replace(
            "<!-- id: stalecard1 -->\n", "").replace("stale buffer", "stale copy"))
        app.watch_decks()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert any("drill orphans --reattach stalecard1" in n.message for n in app._notifications)
    assert ctx.store.cards.get("stalecard1").is_orphan
    assert ctx.store.log.progress("stalecard1").reviews == 1


def test_drill_due_suggests_the_reattach(isolated_home, capsys):
    decks = isolated_home / "decks"
    decks.mkdir(parents=True)
    (decks / "s.md").write_text(STALE)
    assert main(["due"]) == 0
    from drill.context import open_context

    ctx = open_context()
    try:
        ctx.reviewer().grade("stalecard1", 4)
    finally:
        ctx.close()
    (decks / "s.md").write_text(STALE.replace("<!-- id: stalecard1 -->\n", "")
                                .replace("stale buffer", "stale copy"))
    capsys.readouterr()
    assert main(["due"]) == 0
    assert "drill orphans --reattach stalecard1 " in capsys.readouterr().err
