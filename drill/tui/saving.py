"""Writes the database may refuse (locked by another program, read-only, disk full).

`@reports_store_errors` on an action or handler: a refused write is reported in a notification and
the app goes on (the write was rolled back whole, so nothing is half-saved). Without it Textual
would stop the screen's message loop and exit.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from drill.store import StoreError

F = TypeVar("F", bound=Callable[..., Any])


def report_store_error(node: DOMNode, error: StoreError) -> None:
    node.app.notify(f"Not saved: {error}", title="Not saved", severity="error", timeout=10,
                    markup=False)


def reports_store_errors(method: F) -> F:
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def run_async(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except StoreError as error:
                report_store_error(self, error)
                return None

        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreError as error:
            report_store_error(self, error)
            return None

    return run  # type: ignore[return-value]
