"""Start the app from the command line (`drill`, `drill review`)."""

from __future__ import annotations

import time

from drill.context import Context
from drill.review import Filters


def run_tui(ctx: Context, review: Filters | None = None, mock: dict | None = None) -> int:
    started = time.perf_counter()
    report = ctx.sync()
    from drill.tui.app import make_app  # Textual is imported only here (~150 ms)

    app = make_app(ctx, sync_report=report, start_review=review, started=started,
                   start_mock=mock)
    app.run()
    ctx.store.checkpoint()
    return app.return_code or 0
