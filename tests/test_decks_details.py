"""Deck details a slip would break: ids that never change between versions, error snippets,
decoding errors' positions, exact formatting, atomic writes that leave nothing behind, and which
files are decks."""

from __future__ import annotations

import os

import pytest

from drill import files
from drill.deckfile import stamp
from drill.decks import (
    Card,
    Deck,
    DeckDefaults,
    StampResult,
    answer_sections,
    atomic_write,
    decode_deck,
    derive_id,
    find_deck_files,
    format_card,
    format_deck,
    parse_deck,
    stamp_ids,
)
from drill.files import WriteResult

FULL = "ztloxs727qybg4ykzyb4q5dgvz7hexxivkshoozuo3wdufv7zelq"  # "Deep learning" / "What is dropout?"


def test_derived_ids_never_change_between_versions():
    # A card's id is derived on every machine from its deck title and prompt: changing how would
    # give every unstamped card a new id, and its history would be orphaned.
    assert derive_id("Deep learning", "What is dropout?") == "ztloxs72"
    assert derive_id("  DEEP   learning ", "what  IS dropout?") == "ztloxs72"
    assert derive_id("Stats", "What is a p-value?") == "cbxbyebu"


def test_a_taken_id_lengthens_to_the_whole_hash_then_counts():
    prefixes = {FULL[:n] for n in range(8, len(FULL))}
    assert derive_id("Deep learning", "What is dropout?", prefixes) == FULL
    everything = prefixes | {FULL}
    assert derive_id("Deep learning", "What is dropout?", everything) == f"{FULL}-2"
    assert derive_id("Deep learning", "What is dropout?",
                     everything | {f"{FULL}-2", f"{FULL}-3"}) == f"{FULL}-4"
    assert derive_id("Deep learning", "What is dropout?",
                     everything | {f"{FULL}-2", f"{FULL}-4"}) == f"{FULL}-3"


@pytest.mark.parametrize(("prompt", "shown"), [
    ("x" * 60, "x" * 60),
    ("x" * 61, "x" * 59 + "…"),
    ("a  b\tc", "a b c"),
])
def test_long_prompts_are_cut_to_60_characters_in_messages(prompt, shown):
    [problem] = parse_deck(f"# D\n## {prompt}\n").errors
    assert problem.message == f"card {shown!r} has a question but no answer"


@pytest.mark.parametrize(("data", "line", "detail"), [
    (b"# D\nab\xffc", 2, "byte 0xff at column 3"),
    (b"\n\xfe", 2, "byte 0xfe at column 1"),
    (b"\xc3", 1, "byte 0xc3 at column 1"),
])
def test_undecodable_bytes_are_placed_by_line_and_column(data, line, detail):
    assert decode_deck(data) == (None, line, detail)
    [problem] = parse_deck(data, "x.md").problems
    assert (problem.line, problem.message) == (line, f"file is not valid UTF-8 ({detail})")


def test_format_card_writes_exactly_what_differs_from_the_deck():
    defaults = DeckDefaults(kind="design", tags=("t",), roles=("mlops",))
    plain = Card("abcdefgh", "Q?", "A.", "D", kind="design", tags=("t",), roles=("mlops",))
    assert format_card(plain, defaults) == "## Q?\n<!-- id: abcdefgh -->\n\nA.\n"
    bare = Card(None, "Q?", "A.", "D", kind="design", tags=("t",), roles=("mlops",))
    assert format_card(bare, defaults) == "## Q?\n\nA.\n"
    own = Card(None, "Q?", "A.", "D", kind="star", difficulty="hard", tags=("t", "u", "v"),
               roles=("nlp-llm", "mlops"))
    assert format_card(own, defaults) == (
        "## Q?\n<!-- tags: u, v; kind: star; difficulty: hard; roles: nlp-llm, mlops -->\n\nA.\n")


def test_a_prompt_ending_in_hashes_keeps_them():
    card = Card(None, "Is C #", "Yes.", "D")
    assert format_card(card) == "## Is C # #\n\nYes.\n"
    assert parse_deck("# D\n" + format_card(card)).cards[0].prompt == "Is C #"


def test_format_deck_exactly():
    deck = Deck("x.md", "Title", "Some words.", DeckDefaults("star", "hard", ("a", "b"),
                                                            ("mlops", "nlp-llm")),
                [Card(None, "Q?", "A.", "Title", "star", "hard", ("a", "b"),
                      ("mlops", "nlp-llm"))])
    assert format_deck(deck) == (
        "# Title\n<!-- kind: star; tags: a, b; difficulty: hard; roles: mlops, nlp-llm -->\n\n"
        "Some words.\n\n## Q?\n\nA.\n")
    plain = Deck("x.md", "Plain", cards=[Card(None, "Q?", "A.", "Plain")])
    assert format_deck(plain) == "# Plain\n\n## Q?\n\nA.\n"


def test_answer_sections_keep_the_leads_lines():
    lead, sections = answer_sections("One.\nTwo.\n\n### Why it works\nA.\nB.\n### Pitfalls\nC.")
    assert lead == "One.\nTwo."
    assert sections == {"Why it works": "A.\nB.", "Pitfalls": "C."}


def test_atomic_write_reports_success_and_refuses_a_missing_file_it_expected(tmp_path):
    path = tmp_path / "d.md"
    assert atomic_write(path, b"new").written is True and path.read_bytes() == b"new"
    missing = tmp_path / "gone.md"
    assert bool(atomic_write(missing, b"x", expected=b"old")) is False
    assert os.listdir(tmp_path) == ["d.md"]


def test_atomic_write_leaves_nothing_behind_when_it_gives_up_or_fails(tmp_path, monkeypatch):
    path = tmp_path / "d.md"
    path.write_bytes(b"mine")
    assert bool(atomic_write(path, b"theirs", expected=b"something else")) is False
    assert os.listdir(tmp_path) == ["d.md"] and path.read_bytes() == b"mine"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    # Both ways a write lands: the atomic exchange, and the rename where it is missing.
    monkeypatch.setattr(files, "exchange", broken_replace)
    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(path, b"theirs")
    assert os.listdir(tmp_path) == ["d.md"] and path.read_bytes() == b"mine"


def test_the_temporary_file_is_hidden_next_to_the_target(tmp_path, monkeypatch):
    path = tmp_path / "d.md"
    path.write_bytes(b"mine")
    seen = []
    real_replace = os.replace

    real_exchange = files.exchange

    def spy(src, dst):
        seen.append((str(src), find_deck_files(tmp_path)))
        return real_exchange(src, dst) if spy.exchange else real_replace(src, dst)

    spy.exchange = True
    monkeypatch.setattr(files, "exchange", spy)
    monkeypatch.setattr(files.os, "replace", lambda a, b: (setattr(spy, "exchange", False),
                                                          spy(a, b)))
    atomic_write(path, b"theirs")
    tmp, found = seen[0]
    assert os.path.dirname(tmp) == str(tmp_path)
    assert os.path.basename(tmp).startswith(".d.md.") and tmp.endswith(".drill-tmp")
    assert found == [path]  # never read as a deck, even mid-write


def test_which_files_are_decks(tmp_path):
    for name in ("a.md", "B.MD", "README.md", "readme.MD", "_draft.md", ".hidden.md", "notes.txt",
                 "_skip/c.md", ".git/d.md", "sub/e.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# X\n")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-linked"
    elsewhere.mkdir()
    (elsewhere / "f.md").write_text("# F\n")
    (tmp_path / "link").symlink_to(elsewhere)
    found = [str(p.relative_to(tmp_path)) for p in find_deck_files(tmp_path)]
    assert found == ["B.MD", "a.md", "sub/e.md", "link/f.md"]  # links after real folders


def test_stamping_writes_each_id_line_with_its_headings_line_end(write_deck):
    path = write_deck(b"# D\n\n## First?\nOne.\n\n## Second?\r\nTwo.\r\n")
    result = stamp_ids(path)
    first, second = result.stamped[3], result.stamped[6]
    assert path.read_bytes() == (
        b"# D\n\n## First?\n<!-- id: " + first.encode() + b" -->\nOne.\n\n"
        b"## Second?\r\n<!-- id: " + second.encode() + b" -->\r\nTwo.\r\n")
    assert result.path == path and result.skipped == ""


def test_stamping_says_why_it_did_nothing(write_deck, tmp_path, monkeypatch):
    missing = tmp_path / "missing.md"
    result = stamp_ids(missing)
    assert (result.path, result.stamped) == (missing, {})
    assert result.skipped == "cannot read file: No such file or directory"
    broken = write_deck("# D\n## Q?\n", "broken.md")
    assert stamp_ids(broken) == StampResult(broken, {}, "the file has errors; fix them first")
    done = write_deck("# D\n## Q?\n<!-- id: abcdefgh -->\nA\n", "done.md")
    assert stamp_ids(done) == StampResult(done)
    busy = write_deck("# D\n## Q?\nA\n", "busy.md")
    monkeypatch.setattr(stamp, "atomic_write", lambda *args, **kwargs: WriteResult(False))
    assert stamp_ids(busy) == StampResult(
        busy, {}, "the file changed while drill was stamping it; try again")


def test_a_deck_without_a_title_formats_an_empty_title_line():
    assert format_deck(Deck("x.md", None, cards=[Card(None, "Q?", "A.", "")])) == (
        "# \n\n## Q?\n\nA.\n")
