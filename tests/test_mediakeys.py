"""Media keys sent with PyAutoGUI arrive on a real X server (Xvfb)."""

import time

import pytest

from emosymphony.music.mediakeys import ACTIONS, MediaKeys, MediaKeysUnavailable


def test_without_a_display_media_keys_say_they_are_unavailable(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(MediaKeysUnavailable, match="DISPLAY is not set"):
        MediaKeys()


def test_media_keys_arrive_on_the_x_server(xvfb):
    from Xlib import X, display

    listener = display.Display(xvfb)
    screen = listener.screen()
    window = screen.root.create_window(0, 0, 200, 100, 0, screen.root_depth, event_mask=X.KeyPressMask)
    window.map()
    listener.sync()
    window.set_input_focus(X.RevertToParent, X.CurrentTime)
    listener.sync()

    keys = MediaKeys()
    for action in ACTIONS:
        keys.send(action)

    received = []
    deadline = time.monotonic() + 5
    while len(received) < len(ACTIONS) and time.monotonic() < deadline:
        while listener.pending_events():
            event = listener.next_event()
            if event.type == X.MappingNotify:  # MediaKeys bound spare keycodes to the media keysyms
                listener.refresh_keyboard_mapping(event)
            elif event.type == X.KeyPress:
                received.append(event.detail)
        time.sleep(0.02)
    received = [listener.keycode_to_keysym(code, 0) for code in received]
    assert received == list(ACTIONS.values())
