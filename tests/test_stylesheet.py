"""The app stylesheet: a rule about one screen's widget names that screen, so it cannot reach
another screen's widget of the same id (a card-form height once cut every review answer)."""

from __future__ import annotations

import re
from pathlib import Path

import drill.tui

STYLESHEET = Path(drill.tui.__file__).with_name("drill.tcss")
SCREENS = Path(drill.tui.__file__).with_name("screens.tcss")  # read when another screen opens
SHARED_CLASSES = {".dialog", ".dialog-title", ".hint", ".error"}


def selectors(path: Path = STYLESHEET) -> list[tuple[int, str]]:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), path.read_text(),
                  flags=re.S)
    found = []
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        if depth == 0 and "{" in line:
            for selector in line.split("{", 1)[0].split(","):
                found.append((number, selector.strip()))
        depth += line.count("{") - line.count("}")
    return found


def test_every_rule_about_an_id_or_class_names_its_screen_or_widget():
    loose = [f"{path.name}:{number}: {selector}" for path in (STYLESHEET, SCREENS)
             for number, selector in selectors(path)
             if selector[:1] in "#." and selector.split()[0] not in SHARED_CLASSES]
    assert not loose, "scope these under their screen or widget type:\n" + "\n".join(loose)


def test_the_other_screens_rules_name_a_screen_other_than_home():
    """screens.tcss joins the stylesheet after Home is drawn: a rule there that reached Home (or
    a bare class, or a type every screen has) would style Home only once another screen opened."""
    from drill.tui.app import DrillApp

    app_types = {cls.__name__: cls for cls in _screen_types()}
    for number, selector in selectors(SCREENS):
        first = selector.split()[0].split(".")[0].split("#")[0].split(":")[0]
        assert first in app_types and first != "HomeScreen", f"screens.tcss:{number}: {selector}"
    assert DrillApp.CSS_PATH == "drill.tcss"


def _screen_types() -> list[type]:
    """Every screen class of drill's screens (their modules imported)."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import drill.tui.screens as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"drill.tui.screens.{module.name}")
    found, todo = [], [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [cls for cls in found if cls.__module__.startswith("drill.")]


def test_the_check_sees_the_rules():
    found = dict((selector, number) for number, selector in selectors())
    assert "HomeScreen #decks" in found and "Footer FooterLabel" in found
    found = dict((selector, number) for number, selector in selectors(SCREENS))
    assert "ReviewScreen #cards" in found and "CardFormScreen #answer-input" in found


KEYS = ["r", "b", "g", "s", "p", "i", "m", "c", "ctrl+n", "question_mark", "t", "u"]


def styled(app) -> list[tuple]:
    """Each node of the screen shown, with the styles the stylesheet gave it."""
    return [(type(node).__name__, re.sub(r"-\d{6,}$", "", node.id or ""),  # ids from id()
             tuple(sorted(node.classes)), node._css_styles.css)
            for node in app.screen.walk_children(with_self=True)]


async def every_screens_styles(app) -> dict[str, list[tuple]]:
    found = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        found["home"] = styled(app)
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            found[key] = (type(app.screen).__name__, styled(app))
            app.go_home()
            await pilot.pause()
        found["home again"] = styled(app)
    return found


async def test_screens_are_styled_as_with_both_files_read_at_the_start(make_ctx):
    """The other screens' rules read when the first of them opens style every screen (and Home
    before and after) as the two files read at the start, in order, do: as the one file did."""
    from drill.tui.app import SCREENS_CSS, DrillApp, make_app

    class BothAtStart(DrillApp):
        CSS_PATH = [STYLESHEET.absolute(), SCREENS.absolute()]

    ctx = make_ctx()
    ctx.store.meta.set("welcomed", "1")
    ctx.sync()
    ctx.store.flags.set_suspended(ctx.store.cards.list()[0].id, True)  # u opens their list
    lazy = make_app(ctx, sync_report=ctx.sync())
    async with lazy.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not lazy.stylesheet.has_source(str(SCREENS_CSS))  # not read for Home
    lazy = make_app(ctx, sync_report=ctx.sync())
    found = await every_screens_styles(lazy)
    expected = await every_screens_styles(BothAtStart(ctx, sync_report=ctx.sync()))
    assert found == expected
    opened = {found[key][0] for key in KEYS}
    assert {"ReviewScreen", "BrowseScreen", "StatsScreen", "SettingsScreen", "RoadmapScreen",
            "PlanScreen", "MockSetupScreen", "CardFormScreen", "HelpScreen", "TagPicker",
            "SuspendedScreen", "CustomStudyScreen"} <= opened, opened
