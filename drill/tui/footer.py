"""drill's footer (its own module: Home, the first screen, needs it and none of drill/tui/widgets.py,
which loads only with the screens that use it)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def _unflagged(keys: tuple) -> tuple:
    """`DrillFooter._keys()` without whether each binding is enabled."""
    return (*keys[:3], tuple((key, binding, tooltip) for key, binding, _on, tooltip in keys[3]))


class DrillFooter(Footer):
    """The compact footer, made to fit 80 columns. A screen names its less used actions in
    `FOOTER_SECONDARY`; on a narrow screen (the app's `-narrow` breakpoint) those keys, the
    palette key and ctrl+n leave the footer (they stay in help `?` and the palette), so the keys
    that matter and `?` always show. A screen with more keys than 100 columns hold names the
    columns they all take in `FOOTER_WIDTH`: narrower than that, the footer is `-crowded` and
    they leave it the same way."""

    SECONDARY = frozenset({"add_card"})  # app-wide actions that give way first

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, **kwargs)
        self._shown: tuple | None = None  # what the keys were last built from
        self._resumes = -1  # the screen's resumes (`stack_updates`) when it was last laid out

    def _keys(self) -> tuple:
        """What the keys show: the bindings `Footer.compose` reads, with their state."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return (self.show_command_palette, self.compact, self._giving_way(),
                tuple((key, active.binding, active.enabled, active.tooltip)
                      for key, active in self.screen.active_bindings.items()
                      if active.binding.show or key == palette))

    async def recompose(self) -> None:
        """Rebuild the keys only when what they show changed: every change of bindings (a
        screen's mount, focus, a cursor move) asks for a rebuild, most of them changing nothing
        the footer shows, and a rebuild restyles every key."""
        if not self.is_attached:  # its screen closed
            return
        keys = self._keys()
        shown, self._shown = self._shown, keys
        if shown is not None and _unflagged(shown) == _unflagged(keys):
            if keys != shown:
                # The same keys, some on or off now (figures came in, a cursor moved): restyled
                # where they stand, not rebuilt.
                self._enable(keys)
            self._lay_out_if_resumed()
            return
        self._resumes = self.screen.stack_updates
        await super().recompose()

    def _lay_out_if_resumed(self) -> None:
        """What a rebuild also does, once after each time the screen comes back to the front: lay
        it out again (a list that grew while another screen was on top, such as the story bank's,
        takes its new height; Textual lays a resumed screen out only if the terminal's size
        changed). Not after every change of bindings: a cursor move, or the three changes that
        follow Home's first frame, each laid out the whole screen."""
        resumes = self.screen.stack_updates
        if resumes != self._resumes:
            self._resumes = resumes
            self.refresh(layout=True)

    def _enable(self, keys: tuple) -> None:
        """Each key dimmed or not as its binding is enabled (what Footer.compose builds it
        with; the first binding of an action is the one shown)."""
        enabled: dict[str, bool] = {}
        for _key, binding, on, _tooltip in keys[3]:
            enabled.setdefault(binding.action, on)
        for key in self.query(FooterKey):
            on = enabled.get(key.action, not key._disabled)
            key._disabled = not on
            key.set_class(not on, "-disabled")

    def _crowd(self, width: int) -> None:
        self.set_class(width < getattr(self.screen, "FOOTER_WIDTH", 0), "-crowded")

    def _giving_way(self) -> bool:
        """Whether the less used keys give way (the stylesheet hides them; they are not even
        built then, which saves a start a few ms): the footer is `-crowded` or the screen
        `-narrow` (its class as the screen's next resize sets it, from the app's width)."""
        return self.has_class("-crowded") or \
            self.app.width_class() == "-narrow"  # type: ignore[attr-defined]

    async def on_resize(self, event: events.Resize) -> None:
        self._crowd(event.size.width)
        if self._shown is not None and self._shown[2] != self._giving_way():
            await self.recompose()  # the keys that gave way come back, or go

    def compose(self) -> ComposeResult:
        self._crowd(self.app.size.width)  # before the first layout: styled once
        secondary = self.SECONDARY | getattr(self.screen, "FOOTER_SECONDARY", frozenset())
        giving_way = self._giving_way()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if giving_way and (widget.action in secondary
                                   or widget.has_class("-command-palette")):
                    continue  # hidden anyway (see _giving_way)
                # Styled once, as they mount (the compact class would otherwise come after).
                widget.add_class("-compact", update=False)
                if widget.action in secondary:
                    widget.add_class("-secondary", update=False)
            yield widget
