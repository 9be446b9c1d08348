"""Two machines, one progress: review logs merged through a folder the user already syncs
(Syncthing, Dropbox, a git repository), with no server of drill's own.

Each device appends its own log rows to its own file in the folder (drill/share_file.py) right
after each commit, and merges the other devices' files: rows are added by uid and the cards they
touch are replayed in the design's order (decision 9: each device's rows in its own append
order, devices interleaved by time, ties by device and sequence). Merging is idempotent; a line
is merged only once whole.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drill.settings import save_settings
from drill.share_file import LogFile, append_lines, appending, encode, log_files, own_name, read_from
from drill.share_file import last_seq as file_last_seq
from drill.store import merge as sql
from drill.text import count

if TYPE_CHECKING:
    from drill.context import Context
    from drill.store import Store

READ = "share_read:"  # meta: how far each file has been merged, per path
IMPORTS = "share_imports:"  # meta: the last imported row written to this device's file, per folder


class ShareError(Exception):
    """The shared folder cannot be used (not there, not a folder): a message for the user."""


@dataclass
class MergeReport:
    new: int = 0  # rows added to this log
    cards: set[str] = field(default_factory=set)  # cards replayed
    files: int = 0  # files read (this device's own included)
    problems: list[str] = field(default_factory=list)  # path:line messages
    conflicted: list[str] = field(default_factory=list)  # sync tools' copies read this time
    clashes: list[str] = field(default_factory=list)  # devices sharing an id


@dataclass(frozen=True)
class DeviceStatus:
    """What one file of the folder holds: a device's contribution."""

    file: LogFile
    own: bool
    rows: int
    last_ms: int | None
    merged: int  # of its rows, how many this log holds
    bad: int
    unfinished: bool


class Share:
    """This device's link to a shared folder."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self.error: str | None = None  # why the last export failed (the app shows it)
        self._written = -1  # this device's last sequence number known to be in its file

    @property
    def own_path(self) -> Path:
        return self.folder / own_name(self.store.device)

    def export(self) -> int:
        """Append this device's rows its file lacks, durably. Returns the rows written."""
        top = sql.last_seq(self.store)
        if top <= self._written:
            return 0
        with appending(self.own_path) as handle:
            rows = sql.own_rows_after(self.store, file_last_seq(handle, self.store.device))
            append_lines(handle, [encode(row) for row in rows])
        self._written = top
        self.error = None
        return len(rows)

    def export_quietly(self) -> None:
        """`export` after each commit: a folder that is gone (unmounted, offline) is noted in
        `error` and tried again after the next commit or merge; the rows are safe here."""
        try:
            self.export()
        except (OSError, sqlite3.Error) as exc:
            self.error = f"{self.folder}: {getattr(exc, 'strerror', None) or exc}"

    def merge(self) -> MergeReport:
        """Write what this device's file lacks, then merge every other device's file (and any
        conflicted copy) from where the last merge stopped. Raises OSError when the folder
        cannot be read, StoreError when the database refuses the write."""
        if not self.folder.is_dir():
            raise FileNotFoundError(2, "the shared folder is not there", str(self.folder))
        self.export()
        report = MergeReport()
        store = self.store
        with store.atomic():
            self._export_imported()
            # This device's own file too: a database restored from a backup gets back the rows
            # written since (its next sequence numbers then follow them).
            for log_file in log_files(self.folder):
                self._merge_file(log_file, report)
            # Rows merged now are other devices' own: never written to this device's file.
            top = str(sql.top_rowid(store))
            if store.meta.get(IMPORTS + str(self.folder)) != top:
                store.meta.set(IMPORTS + str(self.folder), top)
        return report

    def _export_imported(self) -> None:
        """Rows imported here from another tool (no device) go to this device's file too."""
        mark = int(self.store.meta.get(IMPORTS + str(self.folder)) or 0)
        rows = sql.imported_rows_after(self.store, mark)
        if rows:
            with appending(self.own_path) as handle:
                append_lines(handle, [encode(row) for row in rows])

    def _merge_file(self, log_file: LogFile, report: MergeReport) -> None:
        key = READ + str(log_file.path)
        offset, line = json.loads(self.store.meta.get(key) or "[0, 0]")
        try:
            size = log_file.path.stat().st_size
            if size == offset:
                return
            if size < offset:  # replaced by a shorter file: read it all again (merging is by uid)
                offset, line = 0, 0
            chunk = read_from(log_file.path, offset, line)
        except OSError as exc:
            report.problems.append(f"{log_file.path}: cannot be read ({exc.strerror or exc}); "
                                   "tried again at the next merge")
            return
        report.files += 1
        merged = sql.merge_rows(self.store, chunk.rows)
        report.new += merged.new
        report.cards |= merged.cards
        report.problems += chunk.problems
        if log_file.conflicted and chunk.end > offset:
            report.conflicted.append(f"{log_file.path.name}: a copy your sync tool made of "
                                     f"device {log_file.device}'s file; {merged.new} new rows "
                                     "merged from it (once every device has merged it, it can "
                                     "be deleted)")
        if merged.clashes:
            device = merged.clashes[0]["device"]
            report.clashes.append(
                f"{log_file.path}: {count(len(merged.clashes), 'row')} of device {device} take sequence "
                "numbers its other rows already have: two machines use one device id (was "
                "drill.db copied between them?). Those rows are not merged.")
        if chunk.end != offset:
            self.store.meta.set(key, json.dumps([chunk.end, chunk.line]))

    def status(self) -> list[DeviceStatus]:
        """Each file in the folder (this device's first): its rows, last row time, and how many
        of them this log holds. Reads every file whole."""
        found = []
        for log_file in log_files(self.folder):
            try:
                chunk = read_from(log_file.path)
            except OSError:
                continue
            uids = [row["uid"] for row in chunk.rows]
            found.append(DeviceStatus(
                log_file, log_file.path == self.own_path, len(chunk.rows),
                max((row["time_ms"] for row in chunk.rows), default=None),
                sql.present(self.store, uids), len(chunk.problems), chunk.unfinished))
        return sorted(found, key=lambda s: (not s.own, s.file.path.name))


def attach(ctx: Context) -> Share | None:
    """Link the context's store to the folder its settings name: rows are written to this
    device's file after every commit. Detaches any earlier link; None when there is none."""
    old = getattr(ctx, "share", None)
    if old is not None and old.export_quietly in ctx.store.after_commit:
        ctx.store.after_commit.remove(old.export_quietly)
    ctx.share = None
    if not ctx.settings.share_folder:
        return None
    share = Share(ctx.store, Path(ctx.settings.share_folder).expanduser())
    ctx.store.after_commit.append(share.export_quietly)
    ctx.share = share
    return share


def link(ctx: Context, folder: str) -> tuple[Share | None, MergeReport | None]:
    """Link this device to `folder` ('' unlinks), save it in the settings, write this device's
    whole log to its file and merge the others'. Raises ShareError for a folder that is not
    there; OSError or StoreError from the first merge (the link is saved regardless)."""
    text = folder.strip()
    if text:
        path = Path(text).expanduser()
        if not path.is_dir():
            raise ShareError(f"{path}: no such folder (create it inside your synced folder "
                             "first, then link it)")
        text = str(path.resolve())
    if text == ctx.settings.share_folder and getattr(ctx, "share", None) is not None:
        return ctx.share, ctx.share.merge()
    ctx.settings = ctx.settings._replace(share_folder=text)
    save_settings(ctx.locations.config_file, ctx.settings)
    share = attach(ctx)
    if share is None:
        return None, None
    return share, share.merge()


def merge_now(ctx: Context) -> MergeReport | None:
    """Merge now, if this device is linked. OSError and StoreError pass to the caller."""
    share = getattr(ctx, "share", None)
    return share.merge() if share is not None else None
