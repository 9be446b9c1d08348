"""A screen shown for the first time without styling every widget twice."""

from __future__ import annotations

from textual import events


class StyledOnce:
    """Mixed into a screen, before `Screen` (`class StatsScreen(StyledOnce, Screen[None])`).

    Textual sends a screen it pushes `ScreenResume(refresh_styles=True)`, which styles every
    widget of the screen again (`update_node_styles`), though each was styled as it mounted,
    moments before, with the same stylesheet and classes: a tenth of the statistics screen's
    first show. The first resume leaves that out; every later one (back from a screen above,
    where the theme may have changed) restyles as Textual does."""

    _resumed_once = False

    async def on_event(self, event: events.Event) -> None:
        if not self._resumed_once and isinstance(event, events.ScreenResume):
            self._resumed_once = True
            event.refresh_styles = False
        await super().on_event(event)  # type: ignore[misc]
