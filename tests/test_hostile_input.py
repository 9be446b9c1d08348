"""Hostile deck files (issue 17): empty, binary, invalid UTF-8, huge, deep, with NUL bytes and bidi
overrides. No traceback, a clear `path:line: message`, and no card or history lost."""

from __future__ import annotations

import re
import time

import pytest

from drill.cli import main
from drill.decks import parse_file
from drill.review import Filters, Reviewer

GOOD = "# Good\n\n## Kept?\n<!-- id: goodcard01 -->\n\nAlways.\n"
BAD = {
    "empty.md": (b"", 1, "file has no deck title"),
    "binary.md": (bytes(range(256)) * 8, 2, "not valid UTF-8 (byte 0x80 at column 118)"),
    "invalid-utf8.md": (b"# Bad\n\n## Q?\n\nA \xff\xfe here.\n", 5,
                        "not valid UTF-8 (byte 0xff at column 3)"),
    "nul-only.md": (b"\x00" * 64, 1, "file has no deck title"),
}
NUL = ("# Nul \x00 title\n<!-- tags: hostile -->\n\n## Prompt with a \x00 NUL?\n"
       "<!-- id: nulcard001 -->\n\nAnswer \x00.\n")
BIDI = ("# Bidi\n<!-- tags: hostile -->\n\n## Which is \u202eevil\u202c here?\n<!-- id: bidicard01 -->\n\n"
        "Text \u2066isolated\u2069 and \u202doverridden\u202c.\n")
DEEP = ("# Deep\n<!-- tags: hostile -->\n\n## How deep?\n<!-- id: deepcard01 -->\n\n"
        + "".join("  " * i + f"- level {i}\n" for i in range(3000)))
LONG = "# Long\n\n## " + "long " * 200_000 + "?\n<!-- id: longcard01 -->\n\nA 1 MB prompt.\n"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def decks(isolated_home):
    folder = isolated_home / "decks"
    folder.mkdir(parents=True)
    (folder / "good.md").write_text(GOOD)
    for name, (data, _, _) in BAD.items():
        (folder / name).write_bytes(data)
    for name, text in (("nul.md", NUL), ("bidi.md", BIDI), ("deep.md", DEEP), ("long.md", LONG)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_check_reports_each_bad_file_at_its_line(decks, capsys):
    assert main(["check", str(decks)]) == 1
    out, err = capsys.readouterr()
    assert not err and "Traceback" not in out
    assert not UNSAFE.search(out)
    for name, (_, line, message) in BAD.items():
        assert re.search(rf"{re.escape(name)}:{line}: error: .*{re.escape(message)}", out), name
    assert "nul.md" not in out and "bidi.md" not in out and "deep.md" not in out


def test_due_syncs_the_good_decks_exactly_and_reports_the_bad(decks, capsys, make_ctx):
    assert main(["due"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and not UNSAFE.search(out + err)
    assert sum(f"{name}:" in err for name in BAD) == len(BAD)
    ctx = make_ctx()
    store = ctx.store
    assert store.cards.get("nulcard001").prompt == "Prompt with a \x00 NUL?"  # stored as written
    assert store.cards.get("nulcard001").deck == "Nul \x00 title"
    assert store.cards.get("bidicard01").answer == "Text \u2066isolated\u2069 and \u202doverridden\u202c."
    assert store.cards.get("deepcard01").answer.count("\n") == 2999
    assert len(store.cards.get("longcard01").prompt) == 1_000_001
    assert store.cards.get("goodcard01") is not None


def test_a_deck_turned_to_garbage_keeps_its_cards_and_history(store, synced, user_decks, clock,
                                                            calendar):
    path = user_decks / "good.md"
    path.write_text(GOOD)
    synced()
    Reviewer(store, clock, calendar).grade("goodcard01", 5)
    for garbage in (bytes(range(256)), b"", b"\xff" * 1000, b"# Good\n\n## Kept?\n```\nopen"):
        path.write_bytes(garbage)
        report = synced()
        assert report.problems and all(p.path == str(path) for p in report.problems)
        card = store.cards.get("goodcard01")
        assert not card.is_orphan and card.answer == "Always."
        assert store.log.progress("goodcard01").reviews == 1
    path.write_text(GOOD)
    synced()
    assert store.log.progress("goodcard01").reviews == 1


def test_a_20_mb_deck_and_50000_cards_in_one_file(store, synced, user_decks):
    filler = "An answer that goes on and on.\n" * 360  # ~11 kB
    big = "# Big\n\n" + "".join(f"## Big question {i}?\n<!-- id: bigcard{i:06d} -->\n\n{filler}\n\n"
                                for i in range(1_800))
    (user_decks / "big.md").write_text(big)
    many = "# Many\n\n" + "".join(f"## Many {i}?\n\nA{i}.\n\n" for i in range(50_000))
    (user_decks / "many.md").write_text(many)
    assert (user_decks / "big.md").stat().st_size > 20_000_000
    started = time.perf_counter()
    report = synced()
    took = time.perf_counter() - started
    assert not [p for p in report.problems if p.severity == "error"]
    assert report.stamped == {str(user_decks.resolve() / "many.md"): 50_000}
    sizes = store.cards.decks()
    assert (sizes["Big"], sizes["Many"]) == (1_800, 50_000)
    stamped = parse_file(user_decks / "many.md")
    assert len(stamped.cards) == 50_000 and all(card.id for card in stamped.cards)
    assert took < 60, took


async def test_the_app_shows_deep_nul_and_bidi_cards(make_ctx):
    from drill.tui.app import make_app

    ctx = make_ctx(user_deck=DEEP)
    (ctx.locations.decks_dir / "nul.md").write_text(NUL)
    (ctx.locations.decks_dir / "bidi.md").write_text(BIDI)
    app = make_app(ctx, sync_report=ctx.sync(), start_review=Filters(tag="hostile"))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            assert type(app.screen).__name__ == "ReviewScreen"
            await pilot.press("space")
            await pilot.pause()
            painted = "\n".join(s.text for s in app.screen._compositor.render_strips())
            assert not UNSAFE.search(painted)
            await pilot.press("5")
    assert {row.card_id for row in ctx.store.log.rows()} >= {"deepcard01", "nulcard001",
                                                         "bidicard01"}


async def test_deck_titles_that_mimic_drills_own_row_keys(make_ctx):
    from textual.widgets import DataTable

    from drill.tui.app import make_app

    ctx = make_ctx(user_deck="# \x00total\n\n## Q one?\n\nA.\n")
    (ctx.locations.decks_dir / "new.md").write_text("# \x00new\n\n## Q two?\n\nA.\n")
    app = make_app(ctx, sync_report=ctx.sync())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "\\x00total" in titles and "\\x00new" in titles and titles[-1] == "Total"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardFormScreen"
