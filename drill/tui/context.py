"""What drill's screens share: the app's `Context` (store, clock, calendar, settings) as `ctx`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drill.context import Context


class UsesContext:
    """Mixed into a screen (`class HomeScreen(UsesContext, Screen[None])`): `self.ctx` is the
    running app's Context, the one way a screen reaches the store and the clock."""

    @property
    def ctx(self) -> Context:
        return self.app.ctx  # type: ignore[attr-defined]
