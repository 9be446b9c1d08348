"""The statistics screen's computations (drill/tui/screens/stats.py), which run off the UI
thread: which figures to compute, and one computation with the database connections it reads
on, so that a stale one (the filters changed, the screen closed) can be interrupted.

The slower figures (`drill.stats.detail`: retention per deck, kind and tag, the distributions)
are computed in a thread of their own on a second connection while `compute` gives the others:
SQLite lets go of the GIL while it reads, so on two cores every figure is in about as soon as
the slower half. Both start as the screen is built (its compose), before its widgets: waiting
for the first paint to start the detail put it on the critical path (readiness no longer loads
the roadmap's records, the Python work that used to slow that paint)."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from typing import Any, TypeVar

from drill.stats import Stats, date_range, detail
from drill.store import Store, open_reader

T = TypeVar("T")


def in_thread(work: Callable[[], T], name: str) -> Future[T]:
    """`work()` in a thread of its own, started now; the future gives its result (or raises
    what went wrong)."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for it
            future.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future


@dataclasses.dataclass(frozen=True)
class StatsRequest:
    """Which figures to compute: one deck or all, the last `days` days or `first` to `last`."""

    deck: str | None
    days: int
    first: date | None = None
    last: date | None = None


class StatsJob:
    """One computation of the figures off the UI thread, with its database connections while
    they read, so that a stale one can be interrupted."""

    def __init__(self, request: StatsRequest, reuse: Stats | None = None) -> None:
        self.request = request
        self.reuse = reuse  # earlier figures whose as-of-today part still holds
        self.conns: list[sqlite3.Connection] = []
        self.detail: Future[dict[str, Any]] | None = None  # `start_detail`'s figures
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True
        for conn in list(self.conns):
            with contextlib.suppress(sqlite3.Error):  # it may have closed meanwhile
                conn.interrupt()

    def start_detail(self, store: Store, today: date) -> None:
        """Compute `drill.stats.detail` for the request in a thread of its own, on a read-only
        connection of its own (`self.detail` gives the figures, or raises what went wrong)."""
        request = self.request

        def run() -> dict[str, Any]:
            reader = None
            try:
                if self.stopped:
                    raise RuntimeError("the filters changed")
                first, last = date_range(today, request.days, request.first, request.last)
                reader = open_reader(store)
                assert reader is not None  # the screen computes in place for an in-memory store
                self.conns.append(reader.conn)
                # Figures reused from earlier (`reuse`) keep their distributions.
                return detail(reader, first.isoformat(), last.isoformat(), request.deck,
                              distributions=self.reuse is None)
            finally:
                if reader is not None:
                    with contextlib.suppress(ValueError):
                        self.conns.remove(reader.conn)
                    reader.close()

        self.detail = in_thread(run, "statistics detail")
