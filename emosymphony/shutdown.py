"""Stopping in order when asked: SIGTERM (logout, `systemctl stop`, `kill`) and SIGINT (Ctrl-C) alike.

Each process installs one handler, at its start (`stop_on_signals`). The first signal raises `Stop` in
the main thread, so the command's own `finally` blocks fade the music, record the song as interrupted
and close the memory; signals that arrive while it is doing so are ignored, so the clean-up is never
cut short. A write to the memory runs `uninterrupted()`: a signal that arrives during it is raised
when it ends, never half way through. The window passes a callback instead, which closes the window from Qt's event loop.
SDL (pygame) would otherwise take SIGTERM and SIGINT for itself and ignore them: player.py tells it not to.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

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


class _Deferral(threading.local):
    depth = 0
    pending: int | None = None


_deferral = _Deferral()


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Run a block that a signal must not cut in half (a write to the memory): a Stop for a signal that arrives
    meanwhile is raised when the block ends."""
    _deferral.depth += 1
    try:
        yield
    finally:
        _deferral.depth -= 1
        if _deferral.depth == 0 and _deferral.pending is not None:
            number, _deferral.pending = _deferral.pending, None
            raise Stop(number)


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
        if callback is not None:
            callback(number)
        elif _deferral.depth:  # the handler runs in the main thread: this is the main thread's depth
            _deferral.pending = number
        else:
            raise Stop(number)

    for number in SIGNALS:
        signal.signal(number, handle)
