"""System media keys (play/pause, next, previous, volume) sent with PyAutoGUI to another player."""

from __future__ import annotations

import os
import sys
import threading

from ..errors import EmosymphonyError

ACTIONS = {
    "playpause": 0x1008FF14,  # XF86AudioPlay
    "next": 0x1008FF17,  # XF86AudioNext
    "previous": 0x1008FF16,  # XF86AudioPrev
    "volumeup": 0x1008FF13,  # XF86AudioRaiseVolume
    "volumedown": 0x1008FF11,  # XF86AudioLowerVolume
}
"""Our action names and the X11 keysyms they press (PyAutoGUI's own key names on Windows and macOS)."""
_PYAUTOGUI_NAMES = {"playpause": "playpause", "next": "nexttrack", "previous": "prevtrack",
                    "volumeup": "volumeup", "volumedown": "volumedown"}


class MediaKeysUnavailable(EmosymphonyError):
    """Media keys cannot be sent here (no display, or PyAutoGUI cannot start)."""


class MediaKeys:
    """Sends media keys to the system; construct it to find out whether that works here."""

    def __init__(self) -> None:
        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
            raise MediaKeysUnavailable("media keys need a graphical session (DISPLAY is not set)")
        try:
            import pyautogui
        except Exception as error:  # PyAutoGUI fails at import in many ways when no display can be used
            raise MediaKeysUnavailable(f"media keys are unavailable: {type(error).__name__}: {error}") from None
        self._pyautogui = pyautogui
        self._lock = threading.Lock()
        if sys.platform.startswith("linux"):
            _bind_x11_keysyms()

    def send(self, action: str) -> None:
        """Press and release the key for one of ACTIONS."""
        if action not in ACTIONS:
            raise ValueError(f"unknown media action {action!r}; expected one of {', '.join(ACTIONS)}")
        with self._lock:
            self._pyautogui.press(_PYAUTOGUI_NAMES[action])


def _bind_x11_keysyms() -> None:
    """PyAutoGUI's X11 backend has no media keys: map each keysym to a keycode and teach PyAutoGUI the names."""
    from pyautogui import _pyautogui_x11 as x11

    display = x11._display
    spare = _spare_keycodes(display)
    for action, keysym in ACTIONS.items():
        keycode = display.keysym_to_keycode(keysym)
        if keycode == 0 and spare:
            keycode = spare.pop()
            display.change_keyboard_mapping(keycode, [(keysym,) * 4])
            display.sync()
        x11.keyboardMapping[_PYAUTOGUI_NAMES[action]] = keycode


def _spare_keycodes(display) -> list[int]:
    setup = display.display.info
    first, last = setup.min_keycode, setup.max_keycode
    mapping = display.get_keyboard_mapping(first, last - first + 1)
    return [first + i for i, syms in enumerate(mapping) if not any(syms)]
