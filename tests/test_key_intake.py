"""The app's key intake (drill/tui/key_intake.py), on a small app of two screens: keys typed in
one burst with the key that opens a screen reach that screen, once each."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from drill.tui.key_intake import KeyIntake


class Second(Screen[None]):
    BINDINGS = [Binding("x", "count", "Count")]

    def __init__(self, box: bool) -> None:
        super().__init__()
        self.counted = 0
        self.box = box

    def compose(self) -> ComposeResult:
        if self.box:
            yield Input(id="box")

    def action_count(self) -> None:
        self.counted += 1


class First(Screen[None]):
    BINDINGS = [Binding("b", "open", "Open"), Binding("x", "count", "Count")]

    def __init__(self, box: bool) -> None:
        super().__init__()
        self.counted = 0
        self.box = box

    def compose(self) -> ComposeResult:
        yield Input(id="first-box", disabled=True)  # nothing focusable: keys go to the screen

    def action_open(self) -> None:
        self.app.push_screen(Second(self.box))

    def action_count(self) -> None:
        self.counted += 1


class Burst(KeyIntake, App[None]):
    def __init__(self, box: bool = False) -> None:
        super().__init__()
        self.box = box  # whether the second screen has a text box (which takes the focus)

    def on_mount(self) -> None:
        self.push_screen(First(self.box))


async def burst(app: App, pilot, *keys: str) -> None:
    for key in keys:
        app.post_message(events.Key(key, key))  # at once, as a burst from the terminal
    for _ in range(4):
        await pilot.pause()


async def test_a_key_typed_with_the_one_that_opens_a_screen_is_that_screens_once():
    """`x` is a key of both screens: typed right after `b`, it is the second screen's, once."""
    app = Burst()
    async with app.run_test() as pilot:
        await pilot.pause()
        first = app.screen
        assert isinstance(first, First)
        await burst(app, pilot, "b", "x", "x")
        second = app.screen
        assert isinstance(second, Second)
        assert second.counted == 2 and first.counted == 0  # each once, none on the first screen
        await burst(app, pilot, "x")  # and a key typed later, as ever
        assert second.counted == 3


async def test_text_typed_with_the_key_that_opens_a_screen_goes_to_its_box():
    app = Burst(box=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(app, pilot, "b", "x", "y")
        second = app.screen
        assert isinstance(second, Second)
        assert second.query_one("#box", Input).value == "xy" and second.counted == 0


async def test_keys_for_the_screen_in_front_are_not_sent_again():
    app = Burst(box=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("b")
        second = app.screen
        assert isinstance(second, Second)
        await burst(app, pilot, "x", "h", "i")  # the box has the focus: text, `x` included
        assert second.query_one("#box", Input).value == "xhi" and second.counted == 0
