"""Deck files, one concern per module (callers import the public names from drill.decks):

- model.py: the records (Card, Deck, Problem);
- words.py: the words the format allows (kinds, difficulties, roles, metadata keys);
- parse.py: Markdown -> cards, every problem with its file and line; answer sections, key points;
- format.py: cards -> Markdown;
- stamp.py: card ids, derived and stamped into files by an atomic rewrite (drill/files.py);
- walk.py: finding the deck files in folders.

(Not `drill/decks/`: the wheel installs the bundled deck files there.)
"""
