"""Writing the user's files without ever losing a save of theirs. No Textual here.

`atomic_write` writes a temporary file beside the target, then swaps the two in one step with
`renameat2(RENAME_EXCHANGE)` (Linux). The swap hands back the file it displaced, so drill can check
that it was exactly what drill read: if an editor saved in between, its save is swapped back into
place, and any text of the user's that cannot go back is kept beside the file as a recovery copy
(named in the result), never deleted. An editor that saves in place (empties the file, then
writes it) is caught too: a file still open for writing is never taken as what drill read (a Linux
read lease tells). Where the exchange is missing (other systems, some file
systems), compare-then-rename is the fallback, which leaves a gap of microseconds.

Write protection is honoured even for root, who ignores mode bits: a file or folder without write
permission bits is reported, not written.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically. False when the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@dataclass(frozen=True)
class WriteResult:
    """True when written. `recovered`: where a displaced save of the user's was kept."""

    written: bool
    recovered: Path | None = None

    def __bool__(self) -> bool:
        return self.written


def writable_problem(path: Path) -> str | None:
    """Why drill must not write `path` (its mode bits, or its folder's), or None."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (not mode & 0o222 or not os.access(target, os.W_OK)):
        return f"the file is write-protected (mode {stat.filemode(mode)})"
    folder = target.parent
    try:
        folder_mode = folder.stat().st_mode
    except OSError as exc:
        return f"cannot use the folder {folder}: {exc.strerror or exc}"
    if not folder_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only"
    return None


def _umask() -> int:
    """The process's umask (a new deck gets the mode any new file would, not mkstemp's 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _open_for_writing(path: Path) -> bool:
    """True when some program has the file open for writing: an editor saving in place, between
    emptying the file and writing it. Asked with a Linux read lease, which the kernel refuses
    (EAGAIN) on a file open for writing; False where leases are not available."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except (OSError, AttributeError) as exc:
        return getattr(exc, "errno", None) == errno.EAGAIN
    else:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


def _keep(tmp: Path, target: Path) -> Path:
    """Keep a displaced save of the user's beside the file (not a deck: no .md at the end)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        copy = target.with_name(f"{target.name}.recovered-{stamp}" + (f"-{n}" if n > 1 else ""))
        if copy.exists():
            continue
        os.rename(tmp, copy)
        return copy
    return tmp


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, expected: bytes | None = None,
                 new: bool = False) -> WriteResult:
    """Replace `path` with `data` atomically, keeping its mode; symlinks are followed.

    With `expected`, write only if the file holds exactly those bytes (else nothing changes and
    the result is false). With `new`, write only if no file is there yet. Raises OSError, naming
    the user's file (never a temporary one), when it or its folder cannot be written.
    """
    target = Path(os.path.realpath(path))
    problem = writable_problem(path)
    if problem is not None:
        raise PermissionError(errno.EACCES, problem, str(path))
    mode = None
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        if expected is not None:
            return WriteResult(False)
    try:
        import tempfile  # only for a write (it imports random and hashlib)

        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".drill-tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write in the folder {target.parent}: "
                                 f"{exc.strerror or exc}", str(path)) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
        result = _put(tmp, target, data, expected, new)
    except BaseException:
        if tmp.exists() and _read(tmp) == data:
            tmp.unlink()
        raise
    if tmp.exists() and _read(tmp) == data:
        tmp.unlink()
    _fsync_folder(target.parent)
    return result


def _put(tmp: Path, target: Path, data: bytes, expected: bytes | None, new: bool) -> WriteResult:
    if new:
        try:
            os.link(tmp, target)  # fails if a file appeared meanwhile
        except FileExistsError:
            return WriteResult(False)
        except OSError:  # no hard links on this file system
            if target.exists():
                return WriteResult(False)
            os.replace(tmp, target)
        return WriteResult(True)
    if expected is None:
        os.replace(tmp, target)
        return WriteResult(True)
    try:
        swapped = exchange(tmp, target)
    except FileNotFoundError:  # the file was deleted meanwhile: nothing to write over
        return WriteResult(False)
    if not swapped:
        # Fallback: compare, then rename (a save landing in between would be replaced).
        if _read(target) != expected or _open_for_writing(target):
            return WriteResult(False)
        os.replace(tmp, target)
        return WriteResult(True)
    # `tmp` now holds what was in place. Exactly what drill read, and no editor writing into it
    # (in place) before or after drill looked: done. Nothing can open it any more by its name.
    if not _open_for_writing(tmp) and _read(tmp) == expected and not _open_for_writing(tmp):
        tmp.unlink()
        return WriteResult(True)
    # A save landed between drill's read and the swap: swap it back into place.
    exchange(tmp, target)
    back = _read(tmp)
    if back == data:
        return WriteResult(False)
    # Yet another save landed between the two swaps: the newest goes in place and the one it
    # displaced is kept as a recovery copy (whatever it holds, it is the user's text, not drill's).
    exchange(tmp, target)
    if _read(tmp) == data:
        return WriteResult(False)
    return WriteResult(False, _keep(tmp, target))
