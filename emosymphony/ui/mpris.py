"""MPRIS 2 on the D-Bus session bus: the desktop's media keys, widgets and `playerctl` control our player.

https://specifications.freedesktop.org/mpris-spec/latest/ — the root and Player interfaces, with
PropertiesChanged sent when the song or the playback state changes. Without a session bus nothing is
registered and `notify()` does nothing.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import ClassInfo, Property, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusMessage, QDBusObjectPath
from PySide6.QtWidgets import QWidget

from ..music.player import PAUSED, PLAYING
from ..session import ListeningSession
from .dbus_types import int64

SERVICE = "org.mpris.MediaPlayer2.emosymphony"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
_STATUS = {PLAYING: "Playing", PAUSED: "Paused"}


@ClassInfo({"D-Bus Interface": "org.mpris.MediaPlayer2"})
class _Root(QDBusAbstractAdaptor):
    def __init__(self, holder: QObject, window: QWidget):
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
    def __init__(self, holder: QObject, session: ListeningSession, changed: Callable[[], None]):
        super().__init__(holder)
        self._session = session
        self._changed = changed

    @Slot()
    def PlayPause(self) -> None:  # noqa: N802
        self._session.play_pause()
        self._changed()

    @Slot()
    def Play(self) -> None:  # noqa: N802
        self._session.play()
        self._changed()

    @Slot()
    def Pause(self) -> None:  # noqa: N802
        self._session.pause()
        self._changed()

    @Slot()
    def Stop(self) -> None:  # noqa: N802
        self._session.stop()
        self._changed()

    @Slot()
    def Next(self) -> None:  # noqa: N802
        self._session.next()
        self._changed()

    @Slot()
    def Previous(self) -> None:  # noqa: N802
        self._session.previous()
        self._changed()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:  # noqa: N802
        self._session.seek(self._session.position + offset / 1e6)

    def _metadata(self) -> dict:
        return metadata(self._session)

    def _volume(self) -> float:
        return self._session.settings.volume

    PlaybackStatus = Property(str, lambda self: _STATUS.get(self._session.state, "Stopped"))
    Metadata = Property("QVariantMap", _metadata)
    Volume = Property(float, _volume)
    Position = Property("qlonglong", lambda self: int(self._session.position * 1e6))
    Rate = Property(float, lambda self: 1.0)
    MinimumRate = Property(float, lambda self: 1.0)
    MaximumRate = Property(float, lambda self: 1.0)
    CanGoNext = Property(bool, lambda self: True)
    CanGoPrevious = Property(bool, lambda self: True)
    CanPlay = Property(bool, lambda self: True)
    CanPause = Property(bool, lambda self: True)
    CanSeek = Property(bool, lambda self: True)
    CanControl = Property(bool, lambda self: True)


def metadata(session: ListeningSession) -> dict:
    """The playing song as MPRIS metadata (empty when nothing plays)."""
    current = session.current
    if current is None:
        return {}
    track = current.track
    return {
        "mpris:trackid": QDBusObjectPath(f"/org/emosymphony/track/{abs(hash(track.path))}"),
        "mpris:length": int64(int(track.duration * 1e6)),
        "xesam:title": track.title,
        "xesam:artist": [track.artist] if track.artist else [],
        "xesam:album": track.album,
        "xesam:url": f"file://{track.path}",
    }


class MprisService:
    """Registers the session's player on the session bus when there is one; `window` is raised and closed."""

    def __init__(self, session: ListeningSession, window: QWidget, changed: Callable[[], None],
                 bus: QDBusConnection | None = None):
        """`changed` is called after the desktop changed the playback (to show it)."""
        self._session = session
        self._bus = bus or QDBusConnection.sessionBus()
        self._holder = QObject(window)
        _Root(self._holder, window)
        _Player(self._holder, session, changed)
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
        changed = {"PlaybackStatus": _STATUS.get(self._session.state, "Stopped"),
                   "Metadata": metadata(self._session)}
        signal.setArguments(["org.mpris.MediaPlayer2.Player", changed, []])
        self._bus.send(signal)

    def close(self) -> None:
        if self.registered:
            self._bus.unregisterService(SERVICE)
            self._bus.unregisterObject(OBJECT_PATH)
            self.registered = False
