"""CSV/TSV in Anki's text-file convention: `drill export csv` and `drill import FILE.csv`, the
round trip of every bundled deck, and hostile files (each a file:line message, nothing written)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drill.cli import main
from drill.csv_io import (
    Mapping,
    TextImportError,
    export_csv,
    import_text_file,
    read_text_file,
)
from drill.decks import find_deck_files, parse_file
from drill.paths import bundled_decks_dir
from drill.sync import BUNDLED, Source, sync


def cards_in(folder: Path):
    return {c.prompt: c for path in find_deck_files(folder) for c in parse_file(path).cards}


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.fixture
def bundled(store, clock, calendar):
    sync(store, [Source(bundled_decks_dir(), BUNDLED)], clock.now(), calendar)
    return store


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_every_bundled_deck_round_trips_without_losing_a_card_tag_or_kind(
        bundled, tmp_path, suffix, clock, calendar):
    from drill.store import Store

    target = tmp_path / f"all{suffix}"
    result = export_csv(bundled, target)
    originals = [c for c in bundled.cards.list() if c.orphaned_ms is None]
    assert result.cards == len(originals) > 300 and result.decks == len({c.deck for c in originals})
    fresh, decks = Store.open(None), tmp_path / "decks"
    try:
        plan = import_text_file(target, fresh, decks)
        assert plan.card_count == len(originals) and plan.known == 0
        sync(fresh, [Source(decks)], clock.now(), calendar)
        back = {c.id: c for c in fresh.cards.list()}
        assert set(back) == {c.id for c in originals}
        for card in originals:
            copy = back[card.id]
            assert (copy.deck, copy.prompt, copy.kind, set(copy.tags)) == \
                (card.deck, card.prompt, card.kind, set(card.tags))
            assert copy.answer == card.answer
        # Importing the file again finds every card: nothing twice.
        again = import_text_file(target, fresh, decks)
        assert (again.card_count, again.known) == (0, len(originals))
    finally:
        fresh.close()


def test_the_export_has_anki_headers_and_one_deck(bundled, tmp_path):
    target = tmp_path / "ml.csv"
    export_csv(bundled, target, deck="ml FUNDAMENTALS")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#separator:comma\n#html:false\n#guid column:1\n#deck column:2\n"
                           "#tags column:5\n#columns:guid,deck,Front,Back,tags\n")
    parsed = read_text_file(target)
    assert parsed.mapping == Mapping(front=2, back=3, tags=4, guid=0, deck=1)
    assert {fields[1] for _, fields in parsed.records} == {"ML fundamentals"}
    kinds = [[t for t in fields[4].split() if t.startswith("kind::")] for _, fields in parsed.records]
    expected = {c.id: c.kind for c in bundled.cards.list() if c.deck == "ML fundamentals"}
    assert kinds == [[f"kind::{expected[fields[0]]}"] for _, fields in parsed.records]


def test_control_characters_are_escaped_in_the_export(store, tmp_path, write_deck, clock,
                                                      calendar):
    path = write_deck("# Ctl\n\n## Bell\x07 here\n<!-- id: ctl00001 -->\n\nansi \x1b[31mred\n")
    sync(store, [Source(path.parent)], clock.now(), calendar)
    target = tmp_path / "c.csv"
    export_csv(store, target)
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "ansi \\x1b[31mred" in text


def test_quotes_newlines_markup_and_a_bom_import_fully(store, tmp_path):
    path = write(tmp_path, "hostile.csv", "\ufeff" + (
        '#separator:Semicolon\n#deck:Hostile::Deck\n#tags:imported\n'
        '"He said ""hi""; then?";"line one\nline two\n\n## not a card";tag-a kind::coding\n'
        '[bold red]markup[/];"<script>x</script> \x1b[2J";\n'
        '"# starts with a hash";```;\n'
        'more columns;than mapped;t;extra;and more\n'))
    plan = import_text_file(path, store, tmp_path / "decks")
    assert plan.card_count == 4
    cards = cards_in(tmp_path / "decks")
    quoted = cards['He said "hi"; then?']
    assert quoted.deck == "Hostile::Deck" and quoted.kind == "coding"
    assert set(quoted.tags) == {"imported", "tag-a"}
    assert quoted.answer.startswith("line one\nline two") and "### not a card" in quoted.answer
    markup = cards["[bold red]markup[/]"]
    assert markup.answer == "<script>x</script> [2J"  # data, with the control character gone
    assert "# starts with a hash" in cards
    assert cards["more columns"].answer == "than mapped"  # extra columns are ignored


@pytest.mark.parametrize(("text", "message"), [
    ('front,back\n"never closed,back\nmore\n', 'hostile.csv:2: a quoted field is never closed'),
    ('front,back\n"a"b,c\n', "hostile.csv:2: ',' expected after '\"'"),
    ("front,back\nonly one column\n", "hostile.csv:2: 1 column, but the back is column 2"),
    ("front,back\n,back without a front\n", "hostile.csv:2: the front (column 1) is empty"),
    ("#separator:ab\nx,y\n", "hostile.csv:1: #separator:ab is not a separator"),
    ("#html:maybe\nx,y\n", "hostile.csv:1: #html:maybe must be true or false"),
    ("#tags column:zero\nx,y\n", "hostile.csv:1: #tags column:zero is not a column number"),
    (b"front,back\nok,\xff\xfe\n", "hostile.csv:2: not UTF-8 text"),
    ("#guid column:1\nsameid01,q1,a1\nsameid01,q2,a2\n",
     "hostile.csv:3: the id sameid01 is in the file twice (first at line 2)"),
])
def test_hostile_files_name_file_and_line_and_write_nothing(store, tmp_path, text, message):
    path = write(tmp_path, "hostile.csv", text)
    with pytest.raises(TextImportError) as caught:
        import_text_file(path, store, tmp_path / "decks")
    assert message in str(caught.value)
    assert not (tmp_path / "decks").exists() or not any((tmp_path / "decks").iterdir())


def test_every_bad_row_is_listed_up_to_ten(store, tmp_path):
    path = write(tmp_path, "many.tsv", "".join(f"q{i}\n" for i in range(30)))
    with pytest.raises(TextImportError) as caught:
        import_text_file(path, store, tmp_path / "decks")
    lines = str(caught.value).splitlines()
    assert len(lines) == 10 and lines[0].startswith(f"{path}:1:") and "maybe more" in lines[-1]


def test_a_hundred_thousand_rows_import_fully(store, tmp_path):
    rows = "".join(f'question {i},"answer {i}, with a comma",tag{i % 7}\n' for i in range(100_000))
    path = write(tmp_path, "big.csv", rows)
    started = time.perf_counter()
    plan = import_text_file(path, store, tmp_path / "decks")
    elapsed = time.perf_counter() - started
    assert plan.card_count == 100_000
    [deck_file] = find_deck_files(tmp_path / "decks")
    assert deck_file.read_text(encoding="utf-8").count("\n## ") == 100_000
    assert elapsed < 60, f"importing 100,000 rows took {elapsed:.1f}s"


def test_html_true_is_converted_and_columns_are_mapped_by_name(store, tmp_path):
    path = write(tmp_path, "named.txt", "#separator:tab\n#html:true\n#columns:Tags\tBack\tFront\n"
                 "t1 Sub::Tag\t<b>bold</b> answer\tThe <i>front</i>\n")
    import_text_file(path, store, tmp_path / "decks", deck_title="Named")
    [card] = cards_in(tmp_path / "decks").values()
    assert (card.prompt, card.answer, card.deck) == ("The *front*", "**bold** answer", "Named")
    assert set(card.tags) == {"t1", "sub/tag"}


def test_a_chosen_mapping_overrides_the_default(store, tmp_path):
    path = write(tmp_path, "plain.csv", "ans 1,q 1,x\nans 2,q 2,y\n")
    assert read_text_file(path).mapping is None  # no header: the screen asks
    import_text_file(path, store, tmp_path / "decks", mapping=Mapping(front=1, back=0, tags=2))
    cards = cards_in(tmp_path / "decks")
    assert cards["q 1"].answer == "ans 1" and cards["q 2"].tags == ("y",)


def test_the_commands_export_and_import(tmp_path, capsys, isolated_home):
    target = tmp_path / "out.tsv"
    assert main(["export", "csv", "--deck", "Coding patterns", str(target)]) == 0
    assert "cards in 1 deck to" in capsys.readouterr().out
    assert main(["export", "csv", str(tmp_path / "nowhere" / "x.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err
    # Already there: every card is known.
    assert main(["import", str(target)]) == 0
    assert "Imported 0 cards" in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", "q,a\nonly\n")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "nothing was imported" in err
    good = write(tmp_path, "new.csv", "#deck:Mine\nq new,a new,kind::design\n")
    assert main(["import", str(good)]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 card." in out and "Mine: 1 card -> " in out
    assert main(["due", "--deck", "Mine"]) == 0
