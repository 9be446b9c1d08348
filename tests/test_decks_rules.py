"""The deck parser and helpers in detail (the cases mutation testing found untested)."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

from drill import files
from drill.decks import (
    Card,
    DeckWalk,
    Problem,
    StampResult,
    answer_sections,
    decode_deck,
    format_card,
    is_deck_file,
    key_points,
    parse_deck,
    parse_file,
    split_key_points,
    split_lines,
    stamp_ids,
)

CARD = Card(id="abcdefgh", prompt="What is X?", answer="An answer.", deck="D", kind="concept",
            difficulty="hard", tags=("b", "a"), roles=("mlops",), path="d.md", line=3)


def test_the_content_hash_never_changes_between_versions():
    # A stored hash from an older drill must still match, or every card would show as edited.
    assert CARD.content_hash == "eb84aa5186f0ae5cfc4eb67462b0be59"


def test_the_content_hash_follows_what_the_card_says_not_where_it_is():
    same = dataclasses.replace(CARD, id="zzzzzzzz", deck="Other", path="e.md", line=9,
                               prompt="  what IS\tx? ", answer="\nAn answer.\n\n",
                               tags=("a", "b"))
    assert same.content_hash == CARD.content_hash
    for change in ({"prompt": "What is Y?"}, {"answer": "Another answer."}, {"kind": "star"},
                   {"difficulty": "easy"}, {"tags": ("a",)}, {"roles": ()},
                   {"roles": ("mlops", "nlp-llm")}):
        assert dataclasses.replace(CARD, **change).content_hash != CARD.content_hash, change


def test_same_content_compares_everything_the_user_wrote():
    assert CARD.same_content(dataclasses.replace(CARD, path="elsewhere.md", line=40))
    for change in ({"id": "zzzzzzzz"}, {"prompt": "Q"}, {"answer": "B"}, {"deck": "E"},
                   {"kind": "star"}, {"difficulty": "easy"}, {"tags": ("a", "b")},
                   {"roles": ()}, {"replaces": ("cdefghij",)}, {"of": "cdefghij"}):
        assert not CARD.same_content(dataclasses.replace(CARD, **change)), change


def test_errors_and_warnings_are_told_apart():
    deck = parse_deck("# D\n## Q?\nA\n## R?\n<!-- kind: quiz -->\nB\n", "d.md")
    assert [p.message for p in deck.errors] == ["unknown kind 'quiz'"]
    assert deck.warnings == [] and not deck.ok  # no 'no id yet' warning on a broken deck
    deck = parse_deck("# D\n## Q?\nA\n", "d.md")
    assert deck.errors == [] and [p.severity for p in deck.warnings] == ["warning"] and deck.ok


def test_defaults_metadata_and_blank_lines_around_an_answer():
    deck = parse_deck(
        "\ufeff# T\n<!-- Kind: star; TAGS: a, a, b -->\nPreface\n"
        "## Q\n  <!-- id: abcdefgh; tags: b, c; roles: mlops, mlops; replaces: bcdefghi, "
        "bcdefghi -->\n\n\nA\n\nB\n\n\n"
        "## R\n<!-- id: cdefghij; difficulty: hard; of: abcdefgh -->\nC\n", "d.md")
    assert deck.ok and deck.problems == []
    assert (deck.title, deck.description) == ("T", "Preface")
    assert (deck.defaults.kind, deck.defaults.tags) == ("star", ("a", "b"))
    first, second = deck.cards
    assert first == Card(id="abcdefgh", prompt="Q", answer="A\n\nB", deck="T", kind="star",
                         tags=("a", "b", "c"), roles=("mlops",), path="d.md", line=4,
                         replaces=("bcdefghi",))
    assert (second.kind, second.difficulty, second.tags, second.roles, second.of) == (
        "star", "hard", ("a", "b"), (), "abcdefgh")


def test_text_before_the_title_is_not_the_description():
    deck = parse_deck("A preface.\n# T\nThe description.\n## Q\n<!-- id: abcdefgh -->\nA\n")
    assert (deck.title, deck.description, deck.ok) == ("T", "The description.", True)


def test_a_prompt_of_hashes_only_is_kept():
    deck = parse_deck("# T\n## ##\n<!-- id: abcdefgh -->\nA\n## Q ## ##\n<!-- id: bcdefghi -->\nB\n")
    assert [card.prompt for card in deck.cards] == ["##", "Q ##"]


def test_an_unreadable_file_is_a_problem_not_an_exception(tmp_path):
    missing = tmp_path / "gone.md"
    deck = parse_file(missing)
    assert (deck.path, deck.cards, deck.ok) == (str(missing), [], False)
    assert [(p.path, p.line, p.message, p.hint) for p in deck.problems] == [
        (str(missing), 1, "cannot read file: No such file or directory",
         "check that the file exists and is readable")]
    assert parse_file(missing, "shown.md").problems[0].path == "shown.md"
    (tmp_path / "ok.md").write_text("# T\n## Q\nA\n")
    assert parse_file(tmp_path / "ok.md", "shown.md").cards[0].path == "shown.md"


def test_key_points_are_at_most_five_bullets_of_any_marker():
    answer = "A\n\n### Key points\n- a\n* b\n+ c\n- d\n- e\n- f\n"
    assert key_points(answer) == ["a", "b", "c", "d", "e"]
    assert split_key_points(answer) == ("A", ["a", "b", "c", "d", "e"])
    assert key_points("A\n\n### key POINTS\n-  spaced  \nnot a bullet\n- b") == ["spaced", "b"]
    assert split_key_points("A\n\n### Notes\n- a\n") == ("A\n\n### Notes\n- a\n", [])
    # Only a '### ' heading ends the answer, not a point that happens to end in 'key points'.
    assert split_key_points("A\n\n### Key points\n- a\n- b Key points") == (
        "A", ["a", "b Key points"])


def test_answer_sections_skip_headings_inside_code():
    lead, sections = answer_sections("Lead\n```\n### not a section\n```\n### Why  \nbecause\n")
    assert lead == "Lead\n```\n### not a section\n```"
    assert sections == {"Why": "because"}


def test_a_merged_card_and_a_recall_card_format_their_links():
    card = Card("abcdefgh", "Q?", "A.", "D", replaces=("bcdefghi", "cdefghij"), of="defghijk")
    text = format_card(card)
    assert text == ("## Q?\n<!-- id: abcdefgh; replaces: bcdefghi, cdefghij; of: defghijk -->"
                    "\n\nA.\n")
    [again] = parse_deck(f"# D\n{text}").cards
    assert again.same_content(card)


def test_split_lines_keeps_line_ends_and_adds_no_empty_last_line():
    assert split_lines(b"a\nb\n") == [b"a\n", b"b\n"]
    assert split_lines(b"a\r\nb") == [b"a\r\n", b"b"]
    assert split_lines(b"a\n\nb\n") == [b"a\n", b"\n", b"b\n"]
    assert split_lines(b"") == []


def make_decks(root):
    (root / "decks" / "sub").mkdir(parents=True)
    (root / "decks" / "one.md").write_text("# One\n")
    (root / "decks" / "sub" / "two.md").write_text("# Two\n")
    return root / "decks"


def test_a_folder_walked_under_another_name_is_not_walked_again(tmp_path):
    decks = make_decks(tmp_path)
    os.symlink(decks, tmp_path / "alias")
    walk = DeckWalk()
    assert [p.name for p in walk.files(decks)] == ["one.md", "two.md"]
    assert walk.files(tmp_path / "alias") == [] and walk.problems == []


def test_a_folder_that_cannot_be_read_is_a_warning_and_the_rest_is_walked(tmp_path, monkeypatch):
    decks = make_decks(tmp_path)
    locked = decks / "sub"
    real_scandir = os.scandir

    def scandir(path):  # mode bits do not stop root, so the refusal is injected
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    walk = DeckWalk()
    assert [p.name for p in walk.files(decks)] == ["one.md"]
    assert walk.problems == [Problem(str(locked), 0, "folder not read: Permission denied",
                                     "make it readable, or move it out of the deck folder",
                                     "warning")]
    # The deck folder itself unreadable: the caller reports it, the walk adds nothing.
    walk = DeckWalk()
    monkeypatch.setattr(os, "scandir", lambda path: (_ for _ in ()).throw(
        PermissionError(errno.EACCES, "Permission denied", os.fspath(path))))
    assert walk.files(decks) == [] and walk.problems == []


def test_a_link_loop_is_reported_at_the_link_with_what_it_repeats(tmp_path):
    decks = make_decks(tmp_path)
    os.symlink(".", decks / "sub" / "loop")
    os.symlink("..", decks / "sub" / "up")
    walk = DeckWalk()
    assert [p.name for p in walk.files(decks)] == ["one.md", "two.md"]
    hint = "remove the link, or leave it: its decks are read once"
    assert walk.problems == [
        Problem(str(decks / "sub" / "loop"), 0, f"folder skipped: it is {decks / 'sub'} again "
                "(a link loop or a second link to it)", hint, "warning"),
        Problem(str(decks / "sub" / "up"), 0, f"folder skipped: it is {decks} again "
                "(a link loop or a second link to it)", hint, "warning")]


def test_decoding_good_bytes_drops_the_bom_and_reports_nothing():
    assert decode_deck(b"\xef\xbb\xbf# T\n") == ("# T\n", 0, "")


def test_every_problem_in_a_metadata_block_is_reported_and_the_good_keys_kept():
    deck = parse_deck("# D\n## Q?\n"
                      "<!-- tags; colour: x; kind: quiz; kind: star; kind: coding; difficulty: ; ; "
                      "roles: mlops -->\n<!-- id: abc\n<!-- -->\n<!--tags: x-->\n"
                      "<!-- of: abcdefgh: x -->\nA\n", "d.md")
    assert [(p.line, p.message) for p in deck.problems] == [
        (3, "malformed metadata 'tags': expected 'key: value'"),
        (3, "unknown card metadata key 'colour'"),
        (3, "unknown kind 'quiz'"),
        (3, "metadata key 'kind' given twice"),
        (3, "metadata key 'difficulty' has no value"),
        (4, "metadata comment is not closed on its line"),
        (5, "empty metadata comment"),
        (7, "'of: abcdefgh: x' is not a card id"),
    ]
    [card] = deck.cards
    assert (card.kind, card.roles, card.tags) == ("star", ("mlops",), ("x",))


def test_a_card_before_any_title_belongs_to_no_deck():
    assert [card.deck for card in parse_deck("## Q\nA\n").cards] == [""]


def test_key_points_inside_code_are_code_and_80_characters_is_not_too_long():
    text = ("# D\n## Q?\n<!-- id: abcdefgh -->\nA\n```\n### Key points\n```\n### Notes\ntext\n"
            "### Key points\n- " + "x" * 80 + "\n- b\n")
    deck = parse_deck(text, "d.md")
    assert deck.problems == []
    assert deck.cards[0].answer.endswith("### Key points\n- " + "x" * 80 + "\n- b")


def test_metadata_on_the_files_last_line_without_a_newline():
    deck = parse_deck("# D\n<!-- tags: a -->")
    assert (deck.path, deck.defaults.tags) == ("<deck>", ("a",))
    assert [(p.path, p.message) for p in deck.problems] == [("<deck>", "deck has no cards yet")]
    deck = parse_deck("# D\n## Q\n<!-- id: abcdefgh -->")
    assert [p.message for p in deck.errors] == ["card 'Q' has a question but no answer"]


def test_a_second_title_before_the_first_card_keeps_the_first():
    deck = parse_deck("# A\n# B\n## Q\n<!-- id: abcdefgh -->\nA\n", "d.md")
    assert deck.title == "A" and [c.deck for c in deck.cards] == ["A"]
    assert [(p.line, p.message) for p in deck.problems] == [
        (2, "a second '# ' heading in one deck")]


DECK = b"# D\n\n## Q?\n\nA.\n"


def test_stamping_a_write_protected_file_says_so(tmp_path):
    path = tmp_path / "ro.md"
    path.write_bytes(DECK)
    path.chmod(0o444)
    assert stamp_ids(path) == StampResult(
        path, {}, "cannot write: the file is write-protected (mode -r--r--r--)", unwritable=True)
    assert path.read_bytes() == DECK


def test_stamping_that_displaced_a_save_says_where_it_is_kept(tmp_path, monkeypatch):
    path = tmp_path / "deck.md"
    path.write_bytes(DECK)
    real_exchange = files.exchange
    saves = [DECK + b"first save\n", DECK + b"second save\n"]
    calls = []

    def racing(a, b):  # an editor saves twice, by rename, while drill swaps its copy in
        if len(calls) < 2:
            tmp = path.with_name("editor-tmp")
            tmp.write_bytes(saves[len(calls)])
            os.replace(tmp, path)
        calls.append(1)
        return real_exchange(a, b)

    monkeypatch.setattr(files, "exchange", racing)
    result = stamp_ids(path)
    assert result.recovered is not None and result.recovered.read_bytes() == saves[0]
    assert result == StampResult(
        path, {}, "the file changed while drill was stamping it; try again (a save of yours it "
        f"displaced is kept in {result.recovered})", recovered=result.recovered)


class _OsWalkDeckWalk(DeckWalk):
    """The walk as it was before one scandir a folder (os.walk, an lstat and a stat a name):
    the oracle for the one in drill/deckfile/walk.py."""

    def files(self, folder):
        found = []
        first = self._first(Path(folder))
        if first is not None and first != Path(folder):
            return found

        def unreadable(exc):
            if exc.filename is not None and Path(exc.filename) != Path(folder):
                self.problems.append(Problem(
                    str(exc.filename), 0, f"folder not read: {exc.strerror or exc}",
                    "make it readable, or move it out of the deck folder", "warning"))

        def real_first(root, names):
            return sorted(names, key=lambda name: (os.path.islink(os.path.join(root, name)), name))

        for root, dirs, names in os.walk(folder, followlinks=True, onerror=unreadable):
            kept = []
            for name in real_first(root, (d for d in dirs if not d.startswith((".", "_")))):
                path = Path(root) / name
                seen_as = self._first(path)
                if seen_as is None or seen_as == path:
                    kept.append(name)
                else:
                    self.problems.append(Problem(
                        str(path), 0, f"folder skipped: it is {seen_as} again (a link loop "
                                      "or a second link to it)",
                        "remove the link, or leave it: its decks are read once", "warning"))
            dirs[:] = kept
            for name in real_first(root, names):
                path = Path(root) / name
                if is_deck_file(path) and self._first(path) in (path, None):
                    found.append(path)
        return found


def test_the_walk_finds_what_os_walk_found_with_each_files_stat(tmp_path):
    decks = make_decks(tmp_path)
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "d.md").write_text("# D\n")
    (outside / "inner" / "e.md").write_text("# E\n")
    for name in ("README.md", "_skip.md", ".dot.md", "notes.txt", "Z.MD", "b.md"):
        (decks / name).write_text("# X\n")
    for hidden in (".hidden", "_private", "sub/deep"):
        (decks / hidden).mkdir()
        (decks / hidden / "y.md").write_text("# Y\n")
    os.symlink(decks / "one.md", decks / "a-link.md")  # the same file again: found once
    os.symlink(decks / "one.md", decks / "zz-link.md")
    os.symlink(outside, decks / "linked")  # a linked folder of decks is walked
    os.symlink(outside / "inner", decks / "sub" / "inner-again")
    os.symlink("..", decks / "sub" / "deep" / "up")  # a loop
    os.symlink(tmp_path / "missing.md", decks / "broken.md")
    os.symlink(decks / "sub", decks / "a-sub-link")  # a second way into sub
    walks = [DeckWalk(), _OsWalkDeckWalk()]
    found = [[walk.files(decks), walk.files(outside), walk.files(tmp_path)] for walk in walks]
    assert found[0] == found[1] and found[0][0] and not found[0][1]
    assert walks[0].problems == walks[1].problems and len(walks[0].problems) >= 3
    for path in found[0][0] + found[0][2]:
        if path.exists():
            st = os.stat(path)
            assert walks[0].stats[path] == (st.st_size, st.st_mtime_ns), path
