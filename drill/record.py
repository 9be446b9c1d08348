"""`Record`: equality and a readable repr from an object's attributes, for the mutable record
classes on `drill due`'s path (the queue, its per-deck counts, the sync report, the calendar, the
context). They are plain classes, not dataclasses: importing dataclasses (which imports inspect)
and making one cost every `drill due` some 12 ms and 0.5 ms (issue 26). Immutable records on that
path are NamedTuples."""

from __future__ import annotations


class Record:
    """Equal to a record of the same class with equal attributes; shown as `Name(a=1, b=2)`.
    Mutable, so unhashable."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return vars(self) == vars(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in vars(self).items()
                          if not name.startswith("_"))
        return f"{type(self).__name__}({shown})"
