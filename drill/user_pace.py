"""The user's own pace, read from the review log: seconds a card and the share of misses. Kept
apart from drill.plan so that a command without a study plan (`drill due`) does not import it."""

from __future__ import annotations

DEFAULT_MINUTES = 30  # a day's study, before a plan says otherwise
DEFAULT_SECONDS_PER_CARD = 45  # before the user has a history of their own
DEFAULT_MISS_RATE = 0.1  # before the user has 20 answers of their own


def seconds_per_card(conn, recent: int = 300) -> float:
    """The median answer time of the user's last `recent` timed grades (a default before any)."""
    rows = [ms for (ms,) in conn.execute(
        "SELECT duration_ms FROM reviews WHERE duration_ms IS NOT NULL AND kind != 'undo' "
        "ORDER BY rowid DESC LIMIT ?", [recent])]
    if len(rows) < 20:
        return DEFAULT_SECONDS_PER_CARD
    rows.sort()  # the median, as statistics.median (which costs `drill due` ~8 ms to import)
    middle = len(rows) // 2
    return (rows[middle] if len(rows) % 2 else (rows[middle - 1] + rows[middle]) / 2) / 1000


def miss_rate(conn, recent: int = 300) -> float:
    """The share of the user's last `recent` answers graded below 3, same-day repeats left
    out (each miss costs one of those); a default before 20 answers."""
    grades = [grade for (grade,) in conn.execute(
        "SELECT grade FROM reviews WHERE grade IS NOT NULL AND kind IN ('review', 'practice') "
        "ORDER BY rowid DESC LIMIT ?", [recent])]
    return sum(g < 3 for g in grades) / len(grades) if len(grades) >= 20 else DEFAULT_MISS_RATE
