"""What the bundled decks must cover (issues 5 and 6): sizes, shapes, and the roadmap's questions.

Each roadmap interview question maps to the id of the card that answers it, so a card cannot be
dropped or replaced without this test noticing.
"""

from __future__ import annotations

import re

import pytest

from drill.decks import KEY_POINTS, answer_sections, find_deck_files, key_points, parse_file
from drill.mock import FRAMEWORK, _bullets
from tests.conftest import REPO

DECKS = REPO / "decks"
MINIMUM = {"ML fundamentals": 70, "Deep learning": 60, "MLOps and LLMs": 40,
           "ML system design": 60, "Behavioural (STAR)": 30, "Coding patterns": 25,
           "LLMs and generative AI": 60}

# The roadmap's "Common Interview Questions" and "What to Study" lists -> the card answering each.
ROADMAP = {
    "ML fundamentals": {  # "Common Interview Questions: ML Concepts"
        "Explain bias-variance tradeoff": "65wotyzg",
        "What is regularization? L1 vs L2?": "bhdq3qxu",
        "Explain gradient descent": "tum5r7n5",
        "How does backpropagation work?": "rfn5uawa",
        "What is cross-validation?": "k5rgb4oq",
        "Precision vs Recall, when to optimize for each?": "pmcvgqmv",
        "Explain ROC-AUC": "lu7fl3vz",
        "How do you handle imbalanced data?": "sea2qze2",
        "What is dropout? How does it prevent overfitting?": "k6uuv2pe",
        "Explain batch normalization": "ms5ncrbu",
    },
    "Deep learning": {  # "Common Interview Questions: Deep Learning"
        "Explain CNN architecture": "bom7ui5f",
        "What is transfer learning?": "hitihibu",
        "Explain attention mechanism": "ylyyymah",
        "BERT vs GPT differences": "3q5wfv47",
        "How to fine-tune a pre-trained model?": "sz7uzz7g",
        "Vanishing gradient problem and solutions": "4nwhhzr2",
        "Explain different optimizers (SGD, Adam)": "prmxjbho",
        "What is learning rate scheduling?": "ks5sfogt",
        "How to prevent overfitting in neural networks?": "2bb5r3op",
        "Explain ResNet skip connections": "5ostym7g",
    },
    "ML system design": {  # "Common Interview Questions" and "What to Study: ML System Design"
        "Design YouTube recommendation system": "wfqghnzv",
        "Design image search engine": "imzr6am4",
        "Design autocomplete system": "v4uehjct",
        "Design spam classifier": "hsdxa3wn",
        "Design real-time bidding system": "rkqdslcj",
        "Design a recommendation system": "wfqghnzv",
        "Design a search ranking system": "tg23dayr",
        "Design a fraud detection system": "djyvbzzs",
        "Design a news feed": "765kebcj",
        "Design an ad prediction system": "5264d43q",
    },
    "Behavioural (STAR)": {  # "What to Study: Behavioral: Prepare Stories For", and the screen
        "Challenging project": "oa65pr3v",
        "Teamwork/collaboration": "jsllpqkf",
        "Handling failure": "w6ezske3",
        "Leadership": "baxwcxy2",
        "Conflict resolution": "jrqmfej4",
        "Time management": "rz7rrmsp",
        "Learning new technology": "i2k7bkhc",
        "Prepare 2-minute intro": "bc4av2rc",
        "Research company": "vjsijh65",
    },
    "Coding patterns": {  # "What to Study: Coding: Essential Topics"
        "Arrays & Strings": "tthxfitj",
        "Hash Tables": "gwk26dir",
        "Two Pointers": "sbafopvg",
        "Sliding Window": "hbutgk64",
        "Binary Search": "6dpb7wa5",
        "Trees (BFS, DFS)": "s45h2fsb",
        "Dynamic Programming (basic)": "4axea42a",
    },
}


@pytest.fixture(scope="module")
def decks():
    return {deck.title: deck for deck in (parse_file(p) for p in find_deck_files(DECKS))}


@pytest.mark.parametrize(("title", "minimum"), MINIMUM.items())
def test_each_deck_has_its_minimum_size(decks, title, minimum):
    assert len(decks[title].cards) >= minimum


def test_prompts_are_unique_within_each_deck(decks):
    for deck in decks.values():
        prompts = [" ".join(card.prompt.casefold().split()) for card in deck.cards]
        assert len(prompts) == len(set(prompts)), deck.title


@pytest.mark.parametrize("title", [t for t in MINIMUM if t in ROADMAP])
def test_every_roadmap_question_maps_to_a_card(decks, title):
    ids = {card.id: card for card in decks[title].cards}
    for question, card_id in ROADMAP[title].items():
        assert card_id in ids, f"{question!r}: no card {card_id} in {title}"


def prompt_words(prompt: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", prompt.casefold()))


def test_no_two_prompts_in_a_deck_are_near_duplicates(decks):
    """Word-Jaccard similarity below 0.6 for every pair of prompts in one deck (issue 18): two
    cards asking the same thing split one memory between two schedules."""
    close = []
    for deck in decks.values():
        words = [(card, prompt_words(card.prompt)) for card in deck.cards]
        for i, (a, wa) in enumerate(words):
            for b, wb in words[i + 1:]:
                similarity = len(wa & wb) / len(wa | wb)
                if similarity >= 0.6:
                    close.append(f"{deck.title}: {a.id} / {b.id} ({similarity:.2f})")
    assert not close, close


def test_merged_ids_are_gone_and_kept_by_one_card(decks):
    ids = {card.id for deck in decks.values() for card in deck.cards}
    replaced = [old for deck in decks.values() for card in deck.cards for old in card.replaces]
    assert replaced, "the bundled decks record their merges"
    assert not set(replaced) & ids
    assert len(replaced) == len(set(replaced))


def heading_order(answer: str) -> list[str]:
    """The answer's `###` headings, without the optional closing `Key points`."""
    headings = list(answer_sections(answer)[1])
    return headings[:-1] if headings and headings[-1] == KEY_POINTS else headings


SHAPES = {
    "concept": ["Why it works", "Example", "Pitfalls", "Follow-up"],
    "star": ["What they assess", "STAR outline", "Strong signals", "Weak signals",
             "Common mistakes", "Follow-up"],
    "coding": ["Recognise it", "Template", "Complexity", "Classic problems", "Pitfalls",
               "Follow-up"],
}
DESIGN_SHAPES = {
    "outline": [*FRAMEWORK, "Trade-offs", "Follow-up"],
    "decision": ["Options", "Trade-offs", "Pitfalls", "Follow-up"],
    "framework": ["What to cover", "Example", "Pitfalls", "Follow-up"],
}


def test_every_bundled_card_has_the_shape_of_its_kind(decks):
    for deck in decks.values():
        for card in deck.cards:
            found = heading_order(card.answer)
            if card.of is not None:  # a recall card: a short answer, key points at most
                assert found == [], f"{deck.title}: {card.prompt}: {found}"
                continue
            if card.kind == "design":
                [shape] = [s for s in DESIGN_SHAPES if s in card.tags]
                expected = DESIGN_SHAPES[shape]
            else:
                expected = SHAPES[card.kind]
            assert found == expected, f"{deck.title}: {card.prompt}: {found}"
            assert answer_sections(card.answer)[0], f"{card.prompt}: no direct answer first"


def test_system_design_has_fifteen_cases_each_with_an_outline_and_decisions(decks):
    cards = decks["ML system design"].cards
    cases: dict[str, set[str]] = {}
    for card in cards:
        for tag in card.tags:
            if tag.startswith("case-"):
                cases.setdefault(tag, set()).update(t for t in card.tags
                                                    if t in ("outline", "decision"))
    assert len(cases) >= 15
    for case, shapes in cases.items():
        assert shapes == {"outline", "decision"}, case


def test_one_framework_card_per_design_step(decks):
    framework = [card for card in decks["ML system design"].cards if "framework" in card.tags]
    assert len(framework) == len(FRAMEWORK)


def competencies() -> set[str]:
    text = (DECKS / "README.md").read_text()
    section = text.split("### Competencies", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z-]+)`", section))


def test_every_behavioural_card_probes_documented_competencies(decks):
    allowed = competencies()
    assert len(allowed) >= 15
    deck = decks["Behavioural (STAR)"]
    for card in deck.cards:
        own = set(card.tags) - set(deck.defaults.tags)
        assert own and own <= allowed, f"{card.prompt}: {own - allowed}"


def test_every_coding_template_compiles(decks):
    for card in decks["Coding patterns"].cards:
        if card.of is not None:  # a recall card: a few lines of the reference's template
            continue
        template = answer_sections(card.answer)[1]["Template"]
        blocks = re.findall(r"```python\n(.*?)```", template, re.S)
        assert blocks, card.prompt
        for block in blocks:
            compile(block, card.prompt, "exec")


def test_every_bundled_card_has_key_points(decks):
    """Issue 18: the checklist after the reveal, from which the suggested grade comes."""
    missing = [card.id for deck in decks.values() for card in deck.cards
               if not 2 <= len(key_points(card.answer)) <= 5]
    assert not missing, missing


def test_every_coding_card_has_a_recall_card(decks):
    """Issue 18: references are too long to recall; each has a short recall card (`of`)."""
    cards = decks["Coding patterns"].cards
    references = {card.id for card in cards if card.of is None}
    recalled = {card.of for card in cards if card.of is not None}
    assert references == recalled


def test_every_design_case_outline_has_a_recall_card(decks):
    cards = decks["ML system design"].cards
    outlines = {card.id for card in cards if "outline" in card.tags}
    recalled = {card.of for card in cards if card.of is not None}
    assert outlines == recalled
    for card in cards:
        if card.of is not None:  # one line per framework step
            assert len(_bullets(answer_sections(card.answer)[0])) == len(FRAMEWORK), card.prompt
