"""The app's intake of keys (`KeyIntake`): what it drops, and what it hands on."""

from __future__ import annotations

from collections import deque

from textual import events


class KeyIntake:
    """Mixed into the app, before `App`.

    - A key read before the external editor closed is dropped (`_keys_ignored_before`, a time of
      Textual's clock, set by the app while the editor runs).
    - A key the app sent to a screen that has since gone behind another, or closed, goes on to
      the screen in front, as if typed now. Keys typed in one burst with the key that opens a
      screen (`b/deck` on Home) are each sent to the focused widget before that screen is pushed
      (the card browser's module loads first); they come back to the app unhandled, where the
      screen in front's keys would take them, or none."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._keys_ignored_before = 0.0
        self._keys_sent: deque[tuple[events.Key, object]] = deque(maxlen=64)  # (key, screen)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if event.time < self._keys_ignored_before:
                return  # read before the editor closed
            if not event.is_forwarded:  # from the terminal: sent to the screen in front now
                self._keys_sent.append((event, self.screen))  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]

    def on_key(self, event: events.Key) -> None:
        sent_to = next((screen for key, screen in self._keys_sent if key is event), None)
        if sent_to is not None and sent_to is not self.screen:  # type: ignore[attr-defined]
            event.prevent_default()  # (not the bindings of the screen in front: sent anew)
            self.post_message(events.Key(event.key, event.character))  # type: ignore[attr-defined]
