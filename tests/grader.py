"""A grading process for the crash and concurrency tests:
`python -m tests.grader DB SEED N PAUSE CARD...`.

Grades random cards through the store API, with an undo now and then, and prints
`grade UID` / `undo UID` only after each is committed (what the user would have seen
acknowledged). N = 0 grades until killed; PAUSE (ms, optional) between grades leaves the lock
free for others, as a person reading the next card does. Its clock jumps back and forth, as a
badly set clock does.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime

from drill.clock import Calendar, FixedClock
from drill.review import Reviewer
from drill.store import Store


def main(argv: list[str]) -> int:
    db, seed, count, pause, cards = argv[0], int(argv[1]), int(argv[2]), int(argv[3]), argv[4:]
    rng = random.Random(seed)
    clock = FixedClock(datetime(2026, 3, 2, 12, tzinfo=UTC))
    store = Store.open(db)
    reviewer = Reviewer(store, clock, Calendar(UTC, 4))
    print("ready", flush=True)
    mine: list[str] = []
    done = 0
    while count == 0 or done < count:
        clock.advance(hours=rng.choice([-48, 1, 3, 20, 30, 24 * 5]))
        if mine and rng.random() < 0.1:
            uid = mine.pop()
            reviewer.undo(uid)
            print(f"undo {uid}", flush=True)
        else:
            uid = reviewer.grade(rng.choice(cards), rng.randrange(6), rng.randrange(20_000))
            mine.append(uid)
            print(f"grade {uid}", flush=True)
        done += 1
        if pause:
            time.sleep(pause / 1000)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
