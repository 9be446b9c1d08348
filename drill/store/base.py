"""What every concern of the store shares: the store's connection, its transactions, row helpers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drill.store.db import Store


def dict_rows(conn: sqlite3.Connection, sql: str,
              params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dicts keyed by column name."""
    cursor = conn.execute(sql, params if isinstance(params, dict) else list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


class Concern:
    """One concern's queries (its own SQL), over the connection and transactions of the `Store`
    that holds it as an attribute (`store.log`, `store.cards`, ...)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def atomic(self) -> AbstractContextManager[None]:
        return self.store.atomic()

    def _rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return dict_rows(self.conn, sql, params)
