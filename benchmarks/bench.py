"""drill's benchmark harness: synthetic collections, timed the way a user would feel them.

For each size, a collection of N cards in deck files and a review log of M rows (built once into
`--fixtures DIR` and reused, or into a temporary folder), then: cold and warm sync, queue build
(cold sync and the queue: medians of three runs), rebuild(), grade writes, the statistics,
`drill due` and `drill stats` as whole processes (beside `python -c pass`), the app started
headless to Home (warm sync) as a ratio to a minimal Textual app started the same way in the
same run, with the peak memory of each, and the statistics screen.

    python benchmarks/bench.py                                  # 10k cards, 100k log rows
    python benchmarks/bench.py --sizes 10k,100k --fixtures /tmp/drill-bench   # the full run
    python benchmarks/bench.py --sizes 10k --json               # figures as JSON
    python benchmarks/bench.py --cards 200 --reviews 1000 --quiet   # CI's smoke run

Sizes: tiny = 200 cards, 1,000 log rows; 10k = 10,000 and 100,000; 100k = 100,000 and 1,000,000.
The targets (issue 26) are printed beside each figure; timings are never asserted: machines vary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
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
from drill.review import Filters, Limits, Reviewer, build_queue  # noqa: E402
from drill.stats import add_detail, compute  # noqa: E402
from drill.store import Store  # noqa: E402
from drill.store.replaying import rebuild_cache  # noqa: E402
from drill.sync import BUNDLED, USER, Source, sync  # noqa: E402
from drill.tui.app import WELCOMED  # noqa: E402

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
                         5000, "sm2", json.dumps(before.to_dict()), json.dumps(after.to_dict()),
                         store.device, len(rows) + 1))
            when += timedelta(seconds=1)
        when += timedelta(days=1)
    with store.atomic():
        store.conn.executemany(
            "INSERT INTO reviews (uid, card_id, kind, time_ms, day, utc_offset, grade, "
            "duration_ms, scheduler, state_before, state_after, device, seq) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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


def measure_stats_screen(root: Path, db_path: Path, sources: list[Source],
                         now: datetime) -> dict[str, float]:
    """The statistics screen headless on the benchmark's collection, timed by the frames the app
    writes to the terminal: from the key to its first frame ("shown") and to the first frame
    with every figure ("every figure"); and the longest the event loop was held meanwhile (what
    a key press would wait). Then the same for `r` `r` (the last 365 days); then, from Home,
    the card browser to its first paint, and to every row read (searchable)."""
    import asyncio

    from drill.context import Context
    from drill.paths import Locations
    from drill.settings import Settings
    from drill.tui.app import WELCOMED, make_app
    from drill.tui.screens.stats import StatsScreen

    # Each frame of the statistics screen written: when, and the days of the figures it has
    # every one of (None while they are computed or their sections are not mounted).
    frames: list[tuple[float, int | None]] = []

    def watch_frames(app) -> None:
        write = app._display

        def display(screen, update) -> None:
            write(screen, update)
            if isinstance(screen, StatsScreen):
                full = screen.stats and screen.sections_mounted and not screen.computing
                frames.append((time.perf_counter(), screen.stats.range_days if full else None))

        app._display = display

    async def watch(label: str, started: float, figures: dict[str, float]) -> None:
        days = 365 if "365" in label else 30
        lags: list[float] = []
        while not any(at > started and shown == days for at, shown in frames):
            tick = time.perf_counter()
            await asyncio.sleep(0.002)
            lags.append((time.perf_counter() - tick) * 1000 - 2)
        drawn = next(at for at, shown in frames if at > started and shown == days)
        if "365" not in label:
            figures[f"{label}: shown"] = (next(at for at, _ in frames if at > started)
                                          - started) * 1000
        figures[f"{label}: every figure"] = (drawn - started) * 1000
        figures[f"{label}: longest UI stall"] = max(lags, default=0.0)

    async def run() -> dict[str, float]:
        store = Store.open(db_path)
        store.meta.set(WELCOMED, "1")
        locations = Locations.from_env({"DRILL_HOME": str(root / "stats-home")})
        ctx = Context(store, locations, Settings(), FixedClock(now), Calendar(UTC, 4), sources)
        # Synced first, as `drill` starts: the app's deck watch then finds nothing to reload
        # while a screen is timed (the first sync of this collection orphans the bundled decks).
        app = make_app(ctx, sync_report=ctx.sync())
        watch_frames(app)
        figures: dict[str, float] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            app.simulate_key("g")
            await watch("stats screen", started, figures)
            started = time.perf_counter()
            app.simulate_key("r")
            app.simulate_key("r")
            await watch("stats, 365 days", started, figures)
            await pilot.press("escape")  # Home again; then the card browser, to its first paint
            await pilot.pause()
            home, painted = app.screen, []
            started = time.perf_counter()
            app.simulate_key("b")
            while app.screen is home:
                await asyncio.sleep(0.001)
            app.screen.call_after_refresh(lambda: painted.append(time.perf_counter()))
            while not painted:
                await asyncio.sleep(0.001)
            figures["card browser: shown"] = (painted[0] - started) * 1000
            while not app.screen.complete:  # past BACKGROUND_ROWS, the rest read in a thread
                await asyncio.sleep(0.001)
            figures["card browser: every row"] = (time.perf_counter() - started) * 1000
        store.close()
        return figures

    return asyncio.run(run())


SIZES = {"tiny": (200, 1000), "10k": (10_000, 100_000), "100k": (100_000, 1_000_000)}
TARGETS = {  # ms (memory in MB, ratios plain), per size; "tiny" is CI's smoke run: no targets
    "10k": {"warm sync": 50, "grade p99": 5, "drill due (process)": 80, "queue build": 15,
            "rebuild": 500, "cold sync": 150, "drill stats (process)": 100,
            "stats screen: every figure": 100, "next card p90": 100,
            "app start ÷ minimal": 1.3, "app peak MB": 80},
    "100k": {"warm sync": 50, "grade p99": 5, "drill due (process)": 150, "queue build": 100,
             "rebuild": 5000, "cold sync": 1500, "drill stats (process)": 300,
             "stats screen: every figure": 300, "next card p90": 100,
             "app start ÷ minimal": 1.6, "app peak MB": 200},
}


def fixture(folder: Path, cards: int, reviews: int) -> tuple[Path, Path, datetime]:
    """A collection of `cards` cards with `reviews` log rows in `folder` (decks/, drill.db),
    built once and reused (building 1M rows takes minutes): `fixture.json` records when its log
    ends. Returns (decks folder, database, the moment after the log's last day)."""
    folder.mkdir(parents=True, exist_ok=True)
    decks, db_path, marker = folder / "decks", folder / "drill.db", folder / "fixture.json"
    found = json.loads(marker.read_text()) if marker.exists() else {}
    if found.get("device"):
        return decks, db_path, datetime.fromisoformat(found["now"])
    if db_path.exists() and decks.is_dir():  # a collection built by an earlier bench.py
        store = Store.open(db_path)
        last = store.conn.execute("SELECT MAX(time_ms) FROM reviews").fetchone()[0]
        now = (datetime.fromisoformat(found["now"]) if found
               else datetime.fromtimestamp(last / 1000, UTC) + timedelta(days=1))
    else:
        decks.mkdir(exist_ok=True)
        ids = write_decks(decks, cards)
        store = Store.open(db_path)
        start = datetime(2026, 1, 1, 12, tzinfo=UTC)
        sync(store, [Source(decks, USER)], start, Calendar(UTC, 4))
        now = write_log(store, ids, reviews, start)
    if store.conn.execute("SELECT 1 FROM reviews WHERE device IS NULL LIMIT 1").fetchone():
        # An earlier bench.py logged without a device: number the rows as drill's own appends
        # are (the log's order is rowid order, as in migration m005).
        with store.atomic():
            store.conn.execute("""
                UPDATE reviews SET device = :device, seq = numbered.n FROM (SELECT rowid AS r,
                    ROW_NUMBER() OVER (ORDER BY rowid) AS n FROM reviews) AS numbered
                WHERE numbered.r = reviews.rowid""", {"device": store.device})
        store.log.rebuild()
    store.meta.set(WELCOMED, "1")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    marker.write_text(json.dumps({"cards": cards, "reviews": reviews, "now": now.isoformat(),
                                  "device": True}))
    return decks, db_path, now


def read_through(paths: list[Path]) -> None:
    """Read each file (each file of a folder) once, untimed: the system's file cache then holds
    the collection, as it holds one in daily use. A fixture's first read after the machine
    started timed its disk instead (the 100k rebuild took 6.3 s, then 2.0 s)."""
    for path in paths:
        for file in path.rglob("*") if path.is_dir() else [path]:
            if not file.is_file():
                continue
            with open(file, "rb") as handle:
                while handle.read(1 << 20):
                    pass


def measure_core(root: Path, decks: Path, db_path: Path, now: datetime,
                 grades: int) -> dict[str, float]:
    """Cold sync (into a new database), warm sync, queue build, rebuild, grade writes and the
    statistics' figures, in this process. The grades are taken out of the log again afterwards,
    so a reused fixture stays as built."""
    calendar = Calendar(UTC, 4)
    clock = FixedClock(now)
    sources = [Source(decks, USER)]
    figures: dict[str, float] = {}
    colds = []
    for run in range(3):  # each into a new database; one run swings by a third
        cold = Store.open(root / f"cold{run}.db")
        colds.append(timed(sync, cold, sources, clock.now(), calendar)[0])
        cold.close()
        for suffix in ("", "-wal", "-shm"):
            (root / f"cold{run}.db{suffix}").unlink(missing_ok=True)
    figures["cold sync"] = statistics.median(colds)
    store = Store.open(db_path)
    sync(store, sources, clock.now(), calendar)
    figures["warm sync"], report = timed(sync, store, sources, clock.now(), calendar)
    assert report.read == 0, "warm sync re-read files"
    today = calendar.day(clock.now())
    builds = [timed(build_queue, store, today, Limits()) for _ in range(3)]  # one swings
    figures["queue build"], queue = statistics.median(ms for ms, _ in builds), builds[-1][1]
    # One deck's queue (Home's enter on a deck, `drill review --deck`): that deck's cards, and
    # the backlog of every deck.
    one_deck = Filters(deck="Synthetic deck 000")
    figures["queue build, one deck"] = statistics.median(
        timed(build_queue, store, today, Limits(), one_deck)[0] for _ in range(3))
    figures["rebuild"], _ = timed(store.log.rebuild)

    mark = store.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM reviews").fetchone()[0]
    reviewer = Reviewer(store, clock, calendar)
    cards = (queue.order or [row[0] for row in store.conn.execute(
        "SELECT id FROM cards LIMIT ?", [max(1, grades)])])[:max(1, grades)]
    times, checkpoints = [], []
    for i in range(grades):
        clock.advance(seconds=5)
        ms, _ = timed(reviewer.grade, cards[i % len(cards)], 4, 4000)
        times.append(ms)
        if i % 20 == 19:  # the app checkpoints while the user reads the next card
            checkpoints.append(timed(store.checkpoint)[0])
    times.sort()
    figures["grade p50"] = statistics.median(times or [0.0])
    figures["grade p99"] = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
    figures["idle checkpoint p50"] = statistics.median(checkpoints or [0.0])
    # What the statistics screen computes before its first paint, then just after it.
    runs = [timed(compute, store, calendar, clock.now(), 30, detail=False) for _ in range(3)]
    figures["stats figures (no detail)"] = statistics.median(ms for ms, _ in runs)
    figures["stats detail"] = timed(add_detail, store, runs[0][1])[0]
    figures["stats all, 365 days"] = timed(compute, store, calendar, clock.now(), 365)[0]
    with store.atomic():  # the benchmark's own grades out again
        graded = [row[0] for row in store.conn.execute(
            "SELECT DISTINCT card_id FROM reviews WHERE rowid > ?", [mark])]
        store.conn.execute("DELETE FROM reviews WHERE rowid > ?", [mark])
        rebuild_cache(store.conn, graded)
        store.meta.set("checked_rowid", str(mark))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return figures


def process_env() -> dict[str, str]:
    """The environment of the timed processes: bytecode is written (by each one's first,
    untimed run) as an installed drill has it, whatever PYTHONDONTWRITEBYTECODE says here."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def drill_command() -> list[str]:
    """`drill` as a user runs it: the command that installing drill puts beside this Python
    (pip's launcher imports drill.cli directly), or `python -m drill` where there is none (runpy
    adds some 4 ms of imports)."""
    script = Path(sys.executable).with_name("drill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drill"]


def measure_processes(root: Path, decks: Path, db_path: Path, now: datetime,
                      runs: int) -> dict[str, float]:
    """`drill due` and `drill stats` as whole processes, and `python -c pass` beside them."""
    env = {**process_env(), "DRILL_HOME": str(root / "home")}
    command = [*drill_command(), "due", "--db", str(db_path), "--decks", str(decks)]
    subprocess.run(command, env=env, capture_output=True, check=True)  # first run syncs bundled
    figures = {"python -c pass": statistics.median(
        timed(subprocess.run, [sys.executable, "-c", "pass"], env=env)[0] for _ in range(runs))}
    figures["drill due (process)"] = statistics.median(
        timed(subprocess.run, command, env=env, capture_output=True, check=True)[0]
        for _ in range(runs))
    command[command.index("due")] = "stats"
    on_last_day = {**env, "DRILL_TEST_NOW": now.isoformat()}  # the log's last day
    figures["drill stats (process)"] = statistics.median(
        timed(subprocess.run, command, env=on_last_day, capture_output=True, check=True)[0]
        for _ in range(max(1, runs - 2)))
    return figures


def measure_app_start(root: Path, db_path: Path | None, decks: Path | None,
                      runs: int) -> dict[str, float]:
    """drill's app headless to Home (warm sync) against a minimal Textual app started the same
    way in the same run, each in its own process (benchmarks/app_start.py), alternating; the
    median time of each, their ratio, and each one's peak memory."""
    script = str(Path(__file__).with_name("app_start.py"))
    home = root / "app-home"
    env = {**process_env(), "DRILL_HOME": str(home)}
    if db_path is None:  # the bundled decks only
        db_path = home / "drill.db"
        store = Store.open(db_path)
        store.meta.set(WELCOMED, "1")
        store.close()
    drill = [sys.executable, script, "drill", "--db", str(db_path)]
    drill += ["--decks", str(decks)] if decks else []
    minimal = [sys.executable, script, "minimal"]
    subprocess.run(drill, env=env, capture_output=True, check=True)  # warms the sync
    results: dict[str, list[dict]] = {"drill": [], "minimal": []}
    for _ in range(runs):
        for name, command in (("minimal", minimal), ("drill", drill)):
            out = subprocess.run(command, env=env, capture_output=True, check=True, text=True)
            results[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    app = statistics.median(r["ms"] for r in results["drill"])
    base = statistics.median(r["ms"] for r in results["minimal"])
    return {"app start": app, "minimal app start": base, "app start ÷ minimal": app / base,
            "app peak MB": max(r["peak_mb"] for r in results["drill"]),
            "minimal app peak MB": max(r["peak_mb"] for r in results["minimal"])}


def unit(name: str) -> str:
    return "" if "÷" in name else " MB" if "MB" in name else " ms"


def run_size(label: str, cards: int, reviews: int, args) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="drill-bench-") as tmp:
        root = Path(tmp)
        base = Path(args.fixtures) if args.fixtures else root
        decks, db_path, now = fixture(base / f"c{cards}-r{reviews}", cards, reviews)
        read_through([decks, db_path])
        figures = measure_core(root, decks, db_path, now, args.grades)
        figures.update(measure_processes(root, decks, db_path, now, args.runs))
        if not args.no_tui:
            figures.update(measure_app_start(root, db_path, decks, args.runs))
            figures.update(measure_stats_screen(root, db_path, [Source(decks, USER)], now))
            if label != "100k":  # drawing the next card does not depend on the collection
                figures.update(measure_tui(root, 30 if label == "tiny" else 60))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k",
                        help=f"comma-separated: {', '.join(SIZES)} (cards, log rows: "
                             + "; ".join(f"{k} = {c:,}, {r:,}" for k, (c, r) in SIZES.items())
                             + ")")
    parser.add_argument("--cards", type=int, help="a size of your own (with --reviews)")
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--fixtures", metavar="DIR",
                        help="build each size's collection here once and reuse it "
                             "(default: a temporary folder, deleted afterwards)")
    parser.add_argument("--grades", type=int, default=300, help="grade writes to time")
    parser.add_argument("--runs", type=int,
                        help="runs of each process to time (default 5; 2 at the tiny size)")
    parser.add_argument("--quiet", action="store_true", help="the figures only, no targets")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-tui", action="store_true", help="skip the headless app timings")
    args = parser.parse_args()

    if args.cards is not None:
        sizes = {"tiny" if args.cards <= 1000 else f"{args.cards}": (args.cards, args.reviews)}
    else:
        names = [s.strip() for s in args.sizes.split(",") if s.strip()]
        unknown = [s for s in names if s not in SIZES]
        if unknown:
            parser.error(f"unknown size {unknown[0]!r}; known: {', '.join(SIZES)}")
        sizes = {s: SIZES[s] for s in names}
    args.runs = args.runs or (2 if "tiny" in sizes else 5)
    results = {}
    if not args.no_tui and "tiny" not in sizes:
        with tempfile.TemporaryDirectory(prefix="drill-bench-") as tmp:
            results["bundled"] = {"figures": measure_app_start(Path(tmp), None, None, args.runs)}
    for label, (cards, reviews) in sizes.items():
        results[label] = {"cards": cards, "reviews": reviews,
                          "figures": run_size(label, cards, reviews, args)}
    if args.json:
        print(json.dumps({"date": datetime.now(UTC).isoformat(timespec="seconds"),
                          "machine": machine(), "sizes": results}, indent=2))
        return 0
    for label, result in results.items():
        targets = {} if args.quiet else TARGETS.get(label, {})
        title = ("bundled decks" if label == "bundled"
                 else f"{result['cards']:,} cards, {result['reviews']:,} log rows")
        print(f"drill benchmark: {title}")
        for name, value in result["figures"].items():
            target = targets.get(name)
            verdict = "" if target is None else (
                f"  (target < {target}{unit(name)}: {'met' if value < target else 'MISSED'})")
            print(f"  {name:<34} {value:9.1f}{unit(name)}{verdict}")
    return 0


def machine() -> str:
    import platform

    return (f"{platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}")


if __name__ == "__main__":
    raise SystemExit(main())
