"""A terminal for tests: the real `drill` in a pseudo-terminal, its output fed to an emulator.

Pilot tests check widget state; these check what reaches the screen. `Terminal` starts a command
at a given size with a deterministic environment (fixed start moment, zone, locale, terminal type,
an isolated DRILL_HOME), sends keys, and waits for text to appear by polling the emulated screen
with a timeout; it never sleeps a fixed time.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Iterable
from pathlib import Path

import pyte

# A Tuesday morning, after the 4 am rollover: "today" is 2026-12-01 for every run.
FIXED_NOW = "2026-12-01T09:00:00+00:00"
DEFAULT_TIMEOUT = 40.0  # only a failing wait takes this long; a loaded CI machine draws late

KEYS = {
    "enter": "\r", "escape": "\x1b", "esc": "\x1b", "tab": "\t", "shift+tab": "\x1b[Z",
    "space": " ", "backspace": "\x7f", "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C",
    "left": "\x1b[D", "home": "\x1b[H", "end": "\x1b[F", "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~", "delete": "\x1b[3~", "ctrl+p": "\x10", "ctrl+q": "\x11",
    "ctrl+n": "\x0e", "ctrl+s": "\x13",
}


def drill_command() -> list[str]:
    """The installed `drill` next to this Python, or `python -m drill`."""
    script = Path(sys.executable).with_name("drill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drill"]


class TerminalTimeout(AssertionError):
    pass


class Terminal:
    """`drill` running in a pseudo-terminal of `columns` × `lines`."""

    def __init__(self, args: Iterable[str] = (), *, home: Path, size: tuple[int, int] = (80, 24),
                 env: dict[str, str] | None = None, now: str = FIXED_NOW) -> None:
        self.columns, self.lines = size
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        environment = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("DRILL_", "XDG_", "TEXTUAL", "NO_COLOR", "COLORTERM"))
        }
        environment.update({
            "DRILL_HOME": str(home), "DRILL_TEST_NOW": now, "TZ": "UTC", "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "COLUMNS": str(self.columns),
            "LINES": str(self.lines), "EDITOR": "", "VISUAL": "",
        })
        environment.update(env or {})
        self.pid, self.fd = os.forkpty()
        if self.pid == 0:  # the child: becomes drill
            try:
                os.execve(drill_command()[0], [*drill_command(), *args], environment)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", self.lines, self.columns, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.exit_status: int | None = None

    # --- reading the screen ---------------------------------------------------------------------

    def _pump(self, wait: float) -> bool:
        """Feed what drill wrote into the emulator; False once the process has gone."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self._reap()
            return False
        self.stream.feed(data)
        return True

    def _reap(self) -> None:
        if self.exit_status is None:
            _, status = os.waitpid(self.pid, 0)
            self.exit_status = os.waitstatus_to_exitcode(status)

    def text(self) -> str:
        """The visible screen, one line per row (trailing spaces kept)."""
        while self._pump(0):
            if not select.select([self.fd], [], [], 0)[0]:
                break
        return "\n".join(self.screen.display)

    def wait_for(self, pattern: str, timeout: float = DEFAULT_TIMEOUT, regex: bool = False) -> str:
        """Wait until `pattern` is on screen; returns the screen text. Fails with the screen."""
        return self.wait_until(
            lambda text: (re.search(pattern, text) is not None) if regex else pattern in text,
            timeout, f"{pattern!r} on screen")

    def wait_gone(self, pattern: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        return self.wait_until(lambda text: pattern not in text, timeout,
                               f"{pattern!r} gone from the screen")

    def wait_until(self, predicate, timeout: float = DEFAULT_TIMEOUT, what: str = "") -> str:
        deadline = time.monotonic() + timeout
        while True:
            alive = self._pump(0.05)
            text = "\n".join(self.screen.display)
            if predicate(text):
                return text
            if not alive or time.monotonic() > deadline:
                state = "drill exited" if not alive else f"after {timeout:.0f} s"
                raise TerminalTimeout(f"waited for {what} ({state}); the screen:\n{text}")

    def settle(self, quiet: float = 0.3, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until drill has written nothing for `quiet` seconds (the screen is drawn)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                break
            if not self._pump(0):
                break
        return "\n".join(self.screen.display)

    # --- typing ---------------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        """Send keys by name (`enter`, `down`, `ctrl+p`...) or as single characters."""
        for key in keys:
            data = KEYS.get(key, key)
            os.write(self.fd, data.encode())
            if data == "\x1b":
                # A lone ESC followed at once by another key reads as alt+key: let drill react
                # to it first (it redraws), for at most a second.
                self._pump(1.0)
            else:
                self._pump(0.02)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    # --- the end --------------------------------------------------------------------------------

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        deadline = time.monotonic() + timeout
        while self.exit_status is None and time.monotonic() < deadline:
            if not self._pump(0.05):
                break
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
        if self.exit_status is None:
            raise TerminalTimeout(f"drill did not exit within {timeout:.0f} s; the screen:\n"
                                  + "\n".join(self.screen.display))
        return self.exit_status

    def close(self) -> None:
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                self.wait_exit(5)
            except (ProcessLookupError, TerminalTimeout):
                os.kill(self.pid, signal.SIGKILL)
                self._reap()
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
