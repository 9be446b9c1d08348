"""One headless start of an app, for bench.py: drill's (to Home, after a warm sync) or a minimal
Textual app (Header, Static, Footer), started the same way (`App.run_test`, 120x40). Prints one
JSON line: milliseconds from this script's first line to the first screen drawn, and the
process's peak memory (resident set) in MB.

    python benchmarks/app_start.py minimal
    DRILL_HOME=... python benchmarks/app_start.py drill --db FILE [--decks DIR]
"""

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def minimal_app():
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self):
            yield Header()
            yield Static("A minimal Textual app.")
            yield Footer()

    return Minimal(), None


def drill_app(db: Path, decks: Path | None):
    """As `drill` starts the app (drill/tui/run.py): open, sync, build the app."""
    from drill.context import open_context

    ctx = open_context(db=db, decks=[decks] if decks else None)
    report = ctx.sync()
    from drill.tui.app import make_app

    return make_app(ctx, sync_report=report, started=STARTED), ctx


async def run(app, is_drill: bool) -> float:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if is_drill:
            from drill.tui.screens.home import HomeScreen

            while not isinstance(app.screen, HomeScreen) or app.startup_ms is None:
                await pilot.pause()
        return (time.perf_counter() - STARTED) * 1000


def peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss keeps the parent's from before
    exec (a benchmark's own large one), so the kernel's high-water mark is read first."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=("drill", "minimal"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--decks", type=Path)
    args = parser.parse_args()
    is_drill = args.which == "drill"
    app, ctx = drill_app(args.db, args.decks) if is_drill else minimal_app()
    ms = asyncio.run(run(app, is_drill))
    if ctx is not None:
        ctx.close()
    print(json.dumps({"ms": ms, "peak_mb": peak_mb()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
