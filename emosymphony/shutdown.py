"""Stopping in order when asked: SIGTERM (logout, `systemctl stop`, `kill`) and SIGINT (Ctrl-C) alike.

Each process installs one handler, at its start (`stop_on_signals`). The first signal raises `Stop` in
the main thread, so the command's own `finally` blocks fade the music, record the song as interrupted
and close the memory; signals that arrive while it is doing so are ignored, so the clean-up is never
cut short. The window passes a callback instead, which closes the window from Qt's event loop.
SDL (pygame) would otherwise take SIGTERM and SIGINT for itself and ignore them: player.py tells it not to.
"""

from __future__ import annotations

import signal
import threading
from typing import Callable

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop(KeyboardInterrupt):
    """Raised in the main thread by the first SIGTERM or SIGINT; `signal_number` says which."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number

    @property
    def exit_status(self) -> int:
        """The conventional exit status of a process ended by this signal (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signal_number


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """The exit status for a Stop or a plain KeyboardInterrupt (Ctrl-C before the handler was installed)."""
    return interrupt.exit_status if isinstance(interrupt, Stop) else 128 + signal.SIGINT


def stop_on_signals(callback: Callable[[int], None] | None = None) -> None:
    """Install the process's handler for SIGTERM and SIGINT: the first one raises Stop (or calls `callback` with
    the signal's number), later ones are ignored. Does nothing outside the main thread (where Python cannot)."""
    if threading.current_thread() is not threading.main_thread():
        return
    asked: list[int] = []

    def handle(number: int, _frame) -> None:
        if asked:
            return
        asked.append(number)
        if callback is None:
            raise Stop(number)
        callback(number)

    for number in SIGNALS:
        signal.signal(number, handle)
