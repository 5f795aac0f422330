"""Media keys sent with PyAutoGUI arrive on a real X server (Xvfb)."""

import os
import shutil
import subprocess
import time

import pytest

from emosymphony.music.mediakeys import ACTIONS, MediaKeys, MediaKeysUnavailable


def test_without_a_display_media_keys_say_they_are_unavailable(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(MediaKeysUnavailable, match="DISPLAY is not set"):
        MediaKeys()


@pytest.fixture(scope="module")
def xvfb(tmp_path_factory):
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{display[1:]}") and time.monotonic() < deadline:
        time.sleep(0.05)
    authority = tmp_path_factory.mktemp("x") / "Xauthority"
    authority.write_bytes(b"")  # python-xlib wants the file; this server asks for no cookie
    saved = {name: os.environ.get(name) for name in ("DISPLAY", "XAUTHORITY")}
    os.environ.update(DISPLAY=display, XAUTHORITY=str(authority))
    yield display
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    server.terminate()
    server.wait(timeout=10)


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
