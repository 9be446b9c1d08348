"""drill's benchmark harness: a synthetic collection, timed the way a user would feel it.

Builds N cards in deck files and a review log of M rows in a temporary folder, then prints cold
and warm sync, queue build, grade write p50/p99, rebuild(), and `drill due` as a whole process.

    python benchmarks/bench.py                    # 10k cards, 100k log rows (the targets' size)
    python benchmarks/bench.py --cards 200 --reviews 1000 --quiet   # CI's smoke run

Targets on a 2-core machine: warm sync < 50 ms, grade p99 < 5 ms, `drill due` < 150 ms,
rebuild < 2 s; the statistics (the screen's figures, and `drill stats`) < 300 ms at 100,000 cards
and 1,000,000 log rows:

    python benchmarks/bench.py --cards 100000 --reviews 1000000 --grades 100 --no-tui

Timings are printed, never asserted: CI machines vary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drill.clock import Calendar, FixedClock, epoch_ms  # noqa: E402
from drill.paths import bundled_decks_dir  # noqa: E402
from drill.progress import CardProgress, LogEntry, advance  # noqa: E402
from drill.review import Limits, Reviewer, build_queue  # noqa: E402
from drill.stats import add_detail, compute  # noqa: E402
from drill.store import Store  # noqa: E402
from drill.sync import BUNDLED, USER, Source, sync  # noqa: E402

CARDS_PER_DECK = 200


def write_decks(folder: Path, cards: int) -> list[str]:
    ids = []
    for deck in range(0, cards, CARDS_PER_DECK):
        lines = [f"# Synthetic deck {deck // CARDS_PER_DECK:03d}", ""]
        for n in range(deck, min(deck + CARDS_PER_DECK, cards)):
            card_id = f"syn{n:06d}"
            ids.append(card_id)
            lines += [f"## Synthetic question number {n}?", f"<!-- id: {card_id}; tags: t{n % 7} -->",
                      "", f"The answer to question {n}, with `code` and a list:", "", "- one",
                      "- two", ""]
        (folder / f"deck{deck // CARDS_PER_DECK:03d}.md").write_text("\n".join(lines))
    return ids


def write_log(store: Store, ids: list[str], reviews: int, start: datetime) -> datetime:
    """A plausible history: day by day, due cards are reviewed and a few new ones started."""
    rng = random.Random(7)
    calendar = Calendar(UTC, 4)
    progress: dict[str, CardProgress] = {}
    unseen = list(ids)
    rows = []
    when = start
    new_per_day = max(1, len(ids) // 150)
    while len(rows) < reviews:
        day = calendar.day(when).isoformat()
        due = [card for card, p in progress.items() if p.due is not None and p.due <= day]
        started, unseen = unseen[:new_per_day], unseen[new_per_day:]
        for card in due + started:
            if len(rows) >= reviews:
                break
            before = progress.get(card, CardProgress())
            entry = LogEntry("review", day, epoch_ms(when), rng.choice([1, 3, 4, 4, 5, 5]))
            after = advance(before, entry, when)
            progress[card] = after
            rows.append((uuid.uuid4().hex, card, "review", entry.time_ms, day, 0, entry.grade,
                         5000, "sm2", json.dumps(before.to_dict()), json.dumps(after.to_dict())))
            when += timedelta(seconds=1)
        when += timedelta(days=1)
    with store.atomic():
        store.conn.executemany(
            "INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
            "duration_ms, scheduler, state_before, state_after) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows)
    store.log.rebuild()
    return when


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def measure_tui(root: Path, cards: int) -> dict[str, float]:
    """The app headless on the bundled decks (real card sizes): start-up to the home screen, and
    grade -> next card drawn."""
    import asyncio

    from drill.context import Context
    from drill.paths import Locations
    from drill.settings import Settings
    from drill.tui.app import WELCOMED, make_app
    from drill.tui.screens.review import ReviewScreen

    async def run() -> dict[str, float]:
        started = time.perf_counter()
        locations = Locations.from_env({"DRILL_HOME": str(root / "tui-home")})
        store = Store.open(root / "tui.db")
        store.meta.set(WELCOMED, "1")
        clock = FixedClock(datetime(2026, 1, 1, 12, tzinfo=UTC))
        ctx = Context(store, locations, Settings(new_per_day=cards), clock,
                      Calendar(UTC, 4), [Source(bundled_decks_dir(), BUNDLED)])
        app = make_app(ctx, sync_report=ctx.sync(), started=started)
        figures: dict[str, float] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            figures["app start (headless)"] = (time.perf_counter() - started) * 1000
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            times = []
            for _ in range(cards):
                await pilot.press("space")
                await pilot.pause()
                shown_before = screen.shown_at
                t0 = time.perf_counter()
                await pilot.press("4")
                while screen.shown_at == shown_before and screen.session.current is not None:
                    await asyncio.sleep(0.001)
                if screen.session.current is not None:
                    times.append((screen.shown_at - t0) * 1000)
                await pilot.pause(0.3)  # the user reads: the next card is prepared meanwhile
                if screen.session.current is None or app.screen is not screen:
                    break
        store.close()
        times.sort()
        figures["next card p50"] = statistics.median(times)
        figures["next card p90"] = times[int(len(times) * 0.9)]
        return figures

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--grades", type=int, default=1000, help="grade writes to time")
    parser.add_argument("--quiet", action="store_true", help="one summary line per figure only")
    parser.add_argument("--no-tui", action="store_true", help="skip the headless app timings")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="drill-bench-") as tmp:
        root = Path(tmp)
        decks = root / "decks"
        decks.mkdir()
        ids = write_decks(decks, args.cards)
        db_path = root / "drill.db"
        store = Store.open(db_path)
        start = datetime(2026, 1, 1, 12, tzinfo=UTC)
        clock = FixedClock(start)
        calendar = Calendar(UTC, 4)
        sources = [Source(decks, USER)]
        figures = {}

        figures["cold sync"], _ = timed(sync, store, sources, clock.now(), calendar)
        clock.set(write_log(store, ids, args.reviews, start))
        figures["warm sync"], report = timed(sync, store, sources, clock.now(), calendar)
        assert report.read == 0, "warm sync re-read files"
        today = calendar.day(clock.now())
        figures["queue build"], queue = timed(build_queue, store, today, Limits())
        figures["rebuild"], _ = timed(store.log.rebuild)

        # Fold the bulk-loaded history into the database first, as days of real use would have.
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        reviewer = Reviewer(store, clock, calendar)
        cards = (queue.order or ids)[: args.grades] or ids
        times, checkpoints = [], []
        for i in range(args.grades):
            clock.advance(seconds=5)
            ms, _ = timed(reviewer.grade, cards[i % len(cards)], 4, 4000)
            times.append(ms)
            if i % 20 == 19:  # the app checkpoints while the user reads the next card
                checkpoints.append(timed(store.checkpoint)[0])
        times.sort()
        figures["grade p50"] = statistics.median(times)
        figures["grade p99"] = times[min(len(times) - 1, int(len(times) * 0.99))]
        figures["grade max"] = times[-1]
        figures["idle checkpoint p50"] = statistics.median(checkpoints or [0.0])
        # What the statistics screen computes before its first paint, then just after it.
        runs = [timed(compute, store, calendar, clock.now(), 30, detail=False)
                for _ in range(3)]
        figures["stats screen (first paint)"] = statistics.median(ms for ms, _ in runs)
        figures["stats detail (after paint)"] = timed(add_detail, store, runs[0][1])[0]
        figures["stats all, 365 days"] = timed(compute, store, calendar, clock.now(), 365)[0]
        store.close()

        env = {**os.environ, "DRILL_HOME": str(root / "home")}
        command = [sys.executable, "-m", "drill", "due", "--db", str(db_path), "--decks", str(decks)]
        subprocess.run(command, env=env, capture_output=True, check=True)  # first run syncs bundled
        runs = []
        for _ in range(5):
            ms, result = timed(subprocess.run, command, env=env, capture_output=True, check=True)
            runs.append(ms)
        figures["drill due (process)"] = statistics.median(runs)
        command[3] = "stats"
        on_last_day = {**env, "DRILL_TEST_NOW": clock.now().isoformat()}  # the log's last day
        runs = [timed(subprocess.run, command, env=on_last_day, capture_output=True,
                      check=True)[0] for _ in range(3)]
        figures["drill stats (process)"] = statistics.median(runs)

        if not args.no_tui:
            figures.update(measure_tui(root, 60))

    targets = {"warm sync": 50, "grade p99": 5, "drill due (process)": 150, "rebuild": 2000,
               "next card p90": 100, "stats screen (first paint)": 300, "drill stats (process)": 300}
    print(f"drill benchmark: {args.cards} cards, {args.reviews} log rows")
    for name, ms in figures.items():
        target = targets.get(name)
        verdict = "" if target is None else (
            f"  (target < {target} ms: {'met' if ms < target else 'MISSED'})")
        print(f"  {name:<28} {ms:9.1f} ms{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
