"""Start the app from the command line (`drill`, `drill review`)."""

from __future__ import annotations

import sqlite3
import sys
import time

from drill.context import Context
from drill.review import Filters
from drill.store import StoreError


def run_tui(ctx: Context, review: Filters | None = None, mock: dict | None = None,
            minutes: int = 0) -> int:
    started = time.perf_counter()
    report = ctx.sync()
    from drill.tui.app import make_app  # Textual is imported only here (~150 ms)

    app = make_app(ctx, sync_report=report, start_review=review, started=started,
                   start_mock=mock, start_minutes=minutes)
    app.run()
    ctx.store.checkpoint()
    try:
        ctx.store.daily_backup(ctx.locations.backups_dir)
    except (OSError, sqlite3.Error, StoreError) as exc:  # a failed backup must not lose the session's work
        print(f"drill: could not write today's backup: {exc}", file=sys.stderr)
    return app.return_code or 0
