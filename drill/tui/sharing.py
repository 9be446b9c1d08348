"""The app's side of the shared folder (drill/share.py): merge at start, when the terminal gets
focus, every few minutes, and when the user links a folder in the settings; say what came in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drill.store import StoreError
from drill.text import count

if TYPE_CHECKING:
    from drill.tui.app import DrillApp

MERGE_SECONDS = 180.0


def start_sharing(app: DrillApp) -> None:
    """Merge once now, then every MERGE_SECONDS (a folder linked later is merged too)."""
    merge_shared(app)
    app.set_interval(MERGE_SECONDS, lambda: merge_shared(app))


def merge_shared(app: DrillApp, asked: bool = False) -> None:
    """Merge the other devices' rows; refresh the screen when any came in. Problems are shown
    once each (a bad line is read once); a folder that is gone is said once until it is back.
    `asked`: the user asked for it, so say the outcome even when nothing came in."""
    share = app.ctx.share
    if share is None:
        return
    try:
        report = share.merge()
    except (OSError, StoreError) as exc:
        text = f"{getattr(exc, 'filename', None) or share.folder}: " \
               f"{getattr(exc, 'strerror', None) or exc}"
        if asked or getattr(app, "_share_failing", None) != text:
            app.notify(f"Not merged: {text}. Your reviews are kept here; drill tries again "
                       "in a few minutes.", title="Shared folder", severity="warning", timeout=8)
        app._share_failing = text  # type: ignore[attr-defined]
        return
    app._share_failing = None  # type: ignore[attr-defined]
    problems = report.problems + report.clashes
    if problems:
        app.notify(f"{problems[0]}\n{count(len(problems), 'problem')}; `drill share --status` shows "
                   "each device's file.", title="Shared folder", severity="warning", timeout=12)
    for line in report.conflicted:
        app.notify(line, title="Conflicted copy", timeout=10)
    if report.new:
        cards = len(report.cards)
        app.notify(f"Merged {count(report.new, 'review')} of {count(cards, 'card')} from your other "
                   "devices.",
                   title="Shared folder", timeout=5)
        app.refresh_screen()
    elif asked:
        app.notify("Up to date: nothing new from your other devices.", title="Shared folder",
                   timeout=4)


def link_folder(app: DrillApp, folder: str) -> bool:
    """Link (or with '' unlink) the shared folder from the settings screen. Returns whether the
    folder was accepted."""
    from drill.share import ShareError, link

    try:
        share, report = link(app.ctx, folder)
    except ShareError as exc:
        app.notify(str(exc), title="Shared folder", severity="error")
        return False
    except (OSError, StoreError) as exc:  # linked; the first merge failed and is tried again
        app.notify(f"Linked, but not merged yet: {exc}", title="Shared folder",
                   severity="warning")
        return True
    if share is None:
        app.notify("Not sharing any more; the files in the folder stay.", title="Shared folder")
        return True
    app.notify(f"Linked: this device writes {share.own_path.name} in {share.folder}.",
               title="Shared folder", timeout=6)
    if report is not None and report.new:
        app.notify(f"Merged {count(report.new, 'review')} from your other devices.",
                   title="Shared folder", timeout=5)
        app.refresh_screen()
    return True
