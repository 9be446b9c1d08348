"""Id stamping: adds one line per card, keeps every other byte, and is atomic and cautious."""

from __future__ import annotations

import os

import drill.deckfile.stamp
from drill.decks import atomic_write, derive_id, parse_deck, stamp_ids

DECK = "# Deck\n\n## First?\nOne.\n\n## Second?\n<!-- tags: x -->\nTwo.\n"


def test_stamping_adds_an_id_line_below_each_heading(write_deck):
    path = write_deck(DECK)
    result = stamp_ids(path)
    first, second = derive_id("Deck", "First?"), derive_id("Deck", "Second?")
    assert result.stamped == {3: first, 6: second}
    assert path.read_text() == (
        f"# Deck\n\n## First?\n<!-- id: {first} -->\nOne.\n\n"
        f"## Second?\n<!-- id: {second} -->\n<!-- tags: x -->\nTwo.\n")
    deck = parse_deck(path.read_bytes())
    assert deck.ok and [c.id for c in deck.cards] == [first, second]
    assert deck.cards[1].tags == ("x",)


def test_stamping_keeps_crlf_bom_and_a_missing_final_newline(write_deck):
    original = b"\xef\xbb\xbf# Deck\r\n## First?\r\nOne.\r\n## Second?\r\nTwo."
    path = write_deck(original)
    result = stamp_ids(path)
    first, second = result.stamped[2], result.stamped[4]
    assert path.read_bytes() == (
        b"\xef\xbb\xbf# Deck\r\n## First?\r\n<!-- id: " + first.encode() + b" -->\r\nOne.\r\n"
        b"## Second?\r\n<!-- id: " + second.encode() + b" -->\r\nTwo.")


def test_stamping_avoids_ids_taken_elsewhere(write_deck):
    path = write_deck(DECK)
    taken = derive_id("Deck", "First?")
    result = stamp_ids(path, {taken})
    assert result.stamped[3] != taken and result.stamped[3].startswith(taken)


def test_nothing_to_stamp_leaves_the_file_untouched(write_deck):
    path = write_deck("# D\n## Q?\n<!-- id: abcdefgh -->\nA\n")
    before = os.stat(path).st_mtime_ns
    assert stamp_ids(path).stamped == {}
    assert os.stat(path).st_mtime_ns == before


def test_a_file_with_errors_is_not_stamped(write_deck):
    path = write_deck("# D\n## Q?\nA\n## Empty?\n")
    result = stamp_ids(path)
    assert result.skipped.startswith("the file has errors")
    assert path.read_text() == "# D\n## Q?\nA\n## Empty?\n"


def test_stamping_gives_up_if_the_file_changed_meanwhile(write_deck, monkeypatch):
    path = write_deck(DECK)
    real_parse = drill.deckfile.stamp.parse_deck

    def parse_then_user_saves(data, shown):
        deck = real_parse(data, shown)
        path.write_text(DECK + "\n## Third?\nThree.\n")  # the user saves in their editor
        return deck

    monkeypatch.setattr(drill.deckfile.stamp, "parse_deck", parse_then_user_saves)
    result = stamp_ids(path)
    assert "changed while drill was stamping" in result.skipped
    assert path.read_text() == DECK + "\n## Third?\nThree.\n"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".drill-tmp")]


def test_atomic_write_keeps_mode_and_symlink(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert atomic_write(link, b"new", expected=b"old")
    assert link.is_symlink() and real.read_text() == "new"
    assert os.stat(real).st_mode & 0o777 == 0o640


def test_atomic_write_refuses_when_content_is_not_what_was_expected(tmp_path):
    path = tmp_path / "d.md"
    path.write_text("theirs")
    assert not atomic_write(path, b"mine", expected=b"original")
    assert path.read_text() == "theirs"
    assert list(tmp_path.iterdir()) == [path]
