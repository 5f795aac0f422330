"""MPRIS 2 on the D-Bus session bus: the desktop's media keys, widgets and `playerctl` control our player.

https://specifications.freedesktop.org/mpris-spec/latest/ — the root and Player interfaces, with
PropertiesChanged sent when the song or the playback state changes. Without a session bus nothing is
registered and `notify()` does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import ClassInfo, Property, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusMessage, QDBusObjectPath

from ..music.player import PAUSED, PLAYING

if TYPE_CHECKING:
    from .main_window import MainWindow

SERVICE = "org.mpris.MediaPlayer2.emosymphony"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
_STATUS = {PLAYING: "Playing", PAUSED: "Paused"}


@ClassInfo({"D-Bus Interface": "org.mpris.MediaPlayer2"})
class _Root(QDBusAbstractAdaptor):
    def __init__(self, holder: QObject, window: "MainWindow"):
        super().__init__(holder)
        self._window = window

    @Slot()
    def Raise(self) -> None:  # noqa: N802 (D-Bus names)
        self._window.showNormal()
        self._window.activateWindow()

    @Slot()
    def Quit(self) -> None:  # noqa: N802
        self._window.close()

    CanQuit = Property(bool, lambda self: True)
    CanRaise = Property(bool, lambda self: True)
    HasTrackList = Property(bool, lambda self: False)
    Identity = Property(str, lambda self: "Emotion Symphony")
    DesktopEntry = Property(str, lambda self: "emosymphony")
    SupportedUriSchemes = Property("QStringList", lambda self: [])
    SupportedMimeTypes = Property("QStringList", lambda self: [])


@ClassInfo({"D-Bus Interface": "org.mpris.MediaPlayer2.Player"})
class _Player(QDBusAbstractAdaptor):
    def __init__(self, holder: QObject, window: "MainWindow"):
        super().__init__(holder)
        self._window = window

    @Slot()
    def PlayPause(self) -> None:  # noqa: N802
        self._window.play_pause()

    @Slot()
    def Play(self) -> None:  # noqa: N802
        self._window.session.play()

    @Slot()
    def Pause(self) -> None:  # noqa: N802
        self._window.session.pause()

    @Slot()
    def Stop(self) -> None:  # noqa: N802
        self._window.session.stop()

    @Slot()
    def Next(self) -> None:  # noqa: N802
        self._window.next()

    @Slot()
    def Previous(self) -> None:  # noqa: N802
        self._window.previous()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:  # noqa: N802
        self._window.session.seek(self._window.session.position + offset / 1e6)

    def _metadata(self) -> dict:
        return metadata(self._window)

    def _volume(self) -> float:
        return self._window.now_playing.volume.value() / 100

    PlaybackStatus = Property(str, lambda self: _STATUS.get(self._window.session.state, "Stopped"))
    Metadata = Property("QVariantMap", _metadata)
    Volume = Property(float, _volume)
    Position = Property("qlonglong", lambda self: int(self._window.session.position * 1e6))
    Rate = Property(float, lambda self: 1.0)
    MinimumRate = Property(float, lambda self: 1.0)
    MaximumRate = Property(float, lambda self: 1.0)
    CanGoNext = Property(bool, lambda self: True)
    CanGoPrevious = Property(bool, lambda self: True)
    CanPlay = Property(bool, lambda self: True)
    CanPause = Property(bool, lambda self: True)
    CanSeek = Property(bool, lambda self: True)
    CanControl = Property(bool, lambda self: True)


def metadata(window: "MainWindow") -> dict:
    """The playing song as MPRIS metadata (empty when nothing plays)."""
    current = window.session.current
    if current is None:
        return {}
    track = current.track
    return {
        "mpris:trackid": QDBusObjectPath(f"/org/emosymphony/track/{abs(hash(track.path))}"),
        "mpris:length": int(track.duration * 1e6),
        "xesam:title": track.title,
        "xesam:artist": [track.artist] if track.artist else [],
        "xesam:album": track.album,
        "xesam:url": f"file://{track.path}",
    }


class MprisService:
    """Registers the window's player on the session bus when there is one."""

    def __init__(self, window: "MainWindow", bus: QDBusConnection | None = None):
        self._window = window
        self._bus = bus or QDBusConnection.sessionBus()
        self._holder = QObject(window)
        _Root(self._holder, window)
        _Player(self._holder, window)
        self.registered = (
            self._bus.isConnected()
            and self._bus.registerObject(OBJECT_PATH, self._holder)
            and self._bus.registerService(SERVICE)
        )

    def notify(self) -> None:
        """Tell listeners that the playback state and the song may have changed."""
        if not self.registered:
            return
        signal = QDBusMessage.createSignal(OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged")
        changed = {"PlaybackStatus": _STATUS.get(self._window.session.state, "Stopped"),
                   "Metadata": metadata(self._window)}
        signal.setArguments(["org.mpris.MediaPlayer2.Player", changed, []])
        self._bus.send(signal)

    def close(self) -> None:
        if self.registered:
            self._bus.unregisterService(SERVICE)
            self._bus.unregisterObject(OBJECT_PATH)
            self.registered = False
