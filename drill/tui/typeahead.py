"""What is typed right after `/` goes to the search box, however fast it comes (`TypeAhead`)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TypeAhead:
    """Mixed into a screen whose `/` (`action_search`) puts the focus in a search box
    (`SEARCH_BOX`), before `Screen` (`class BrowseScreen(StyledOnce, TypeAhead, ...)`).

    Keys typed while the app is busy all go to the widget that had the focus when they came,
    and bubble from it to the screen in order. `/` moved the focus only after them, so what was
    typed right after it reached the screen's own keys: in the card browser `d` asked to
    delete the card under the cursor, `e` opened it in the editor and `x` suspended it; on the
    roadmap `t` set the target role and `r` started a review. Here the screen takes `/` as it
    passes (the focus moves at once), and a printable key that comes to it from elsewhere while
    the box has the focus goes to the box, after the box's own focus (which selects its text,
    so typing replaces it, as when typed slowly). A key the box gets itself stops there."""

    SEARCH_BOX = "#query"

    def on_key(self, event: events.Key) -> None:
        box = self.query_one(self.SEARCH_BOX, Input)  # type: ignore[attr-defined]
        focused = self.focused  # type: ignore[attr-defined]
        if event.key == "slash" and focused is not box:
            event.stop()  # (else the app would run the `/` binding as well)
            self.action_search()  # type: ignore[attr-defined]  # the focus moves now
        elif focused is box and event.is_printable and event.character:
            event.stop()
            box.post_message(events.Key(event.key, event.character))
