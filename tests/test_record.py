"""drill.record.Record: equality and repr for the plain record classes on `drill due`'s path."""

from __future__ import annotations

import pytest

from drill.record import Record


class Pair(Record):
    def __init__(self, a: int, b: list[int]) -> None:
        self.a, self.b = a, b
        self._seen = 0  # private: kept out of the repr


class Other(Record):
    def __init__(self, a: int, b: list[int]) -> None:
        self.a, self.b = a, b
        self._seen = 0


def test_equal_by_class_and_every_attribute():
    assert Pair(1, [2]) == Pair(1, [2])
    assert Pair(1, [2]) != Pair(1, [3]) and Pair(1, [2]) != Pair(2, [2])
    assert Pair(1, [2]) != Other(1, [2])  # another class with the same attributes
    changed = Pair(1, [2])
    changed._seen = 5  # a private attribute counts too
    assert changed != Pair(1, [2])
    assert Pair(1, [2]) != (1, [2])
    with pytest.raises(TypeError):
        hash(Pair(1, [2]))


def test_repr_names_the_class_and_its_public_attributes():
    assert repr(Pair(1, ["x"])) == "Pair(a=1, b=['x'])"
