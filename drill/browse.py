"""The card browser's search language, applied to the store's rows (no Textual here).

Words match the prompt and answer. Filters: `deck:NAME` (quote names with spaces), `tag:T`,
`kind:K`, `difficulty:D`, `is:due`, `is:new`, `is:leech`, `is:suspended`, `is:buried`,
`is:orphan`, `is:user`, and easiness ranges such as `ef<2.0` or `ef>=2.5`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from drill.progress import LEECH_LAPSES

SYNTAX = ("words · deck:NAME · tag:T · kind:K · difficulty:D · is:due|new|leech|suspended|"
          "buried|orphan|user · ef<2.0")
_EF = re.compile(r"ef(<=|>=|<|>|=)(\d+(?:\.\d+)?)")


class QueryError(ValueError):
    pass


def _is(what: str, today: str) -> Callable[[dict], bool]:
    tests: dict[str, Callable[[dict], bool]] = {
        "due": lambda r: r["due"] is not None and r["due"] <= today and not r["orphaned_ms"],
        "new": lambda r: r["reviews"] is None or r["ef100"] is None,
        "leech": lambda r: (r["lapses"] or 0) >= LEECH_LAPSES,
        "suspended": lambda r: bool(r["suspended"]),
        "buried": lambda r: r["buried_day"] == today,
        "orphan": lambda r: r["orphaned_ms"] is not None,
        "user": lambda r: r["origin"] == "user",
    }
    if what not in tests:
        raise QueryError(f"is:{what} is not a filter; use is:{'|'.join(tests)}")
    return tests[what]


def compile_query(query: str, today: str) -> Callable[[dict], bool]:
    """A predicate over browse rows. Raises QueryError with a readable message."""
    try:
        parts = shlex.split(query)
    except ValueError as exc:
        raise QueryError(f"unbalanced quotes: {exc}") from exc
    tests: list[Callable[[dict], bool]] = []
    for part in parts:
        key, sep, value = part.partition(":")
        key = key.lower()
        if sep and key in ("deck", "tag", "kind", "difficulty", "diff", "is"):
            value = value.casefold()
            if key == "deck":
                tests.append(lambda r, v=value: r["deck"].casefold() == v)
            elif key == "tag":
                tests.append(lambda r, v=value: v in r["tags"])
            elif key == "kind":
                tests.append(lambda r, v=value: r["kind"] == v)
            elif key in ("difficulty", "diff"):
                tests.append(lambda r, v=value: r["difficulty"] == v)
            else:
                tests.append(_is(value, today))
            continue
        match = _EF.fullmatch(part.lower())
        if match:
            op, number = match.group(1), round(float(match.group(2)) * 100)
            compare = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__,
                       "=": int.__eq__}[op]
            tests.append(lambda r, c=compare, n=number: r["ef100"] is not None
                         and c(int(r["ef100"]), n))
            continue
        word = part.casefold()
        tests.append(lambda r, w=word: w in r["prompt"].casefold() or w in r["answer"].casefold())
    return lambda row: all(test(row) for test in tests)
