"""Desktop notifications over D-Bus (org.freedesktop.Notifications): a song started, and why it plays.

https://specifications.freedesktop.org/notification-spec/latest/ — each notification replaces the one before, so
the desktop shows only the song playing now: while the server has not yet said which notification it showed, only
the newest one waits to be sent. Calls never block: without a session bus or a notification server nothing is
shown, and the first failure is said once.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

from .dbus_types import strings, uint32

SERVICE = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
APP_NAME = "Emotion Symphony"
ICON = "emosymphony"
"""The icon's name in the icon theme (installed with the desktop entry, ui/desktop.py)."""


class Notifier(QObject):
    """Sends notifications to the desktop's notification server on `bus` (default: the session bus)."""

    def __init__(self, parent: QObject, bus: QDBusConnection | None, on_problem: Callable[[str], None]):
        """`on_problem` is told, once, why notifications cannot be shown."""
        super().__init__(parent)
        self._bus = bus or QDBusConnection.sessionBus()
        self._on_problem = on_problem
        self._shown_id = 0
        self._sending = False
        self._waiting: tuple[str, str] | None = None
        self._markup = False
        self._failed = False
        self._calls: set[QDBusPendingCallWatcher] = set()
        if self._bus.isConnected():
            self._call("GetCapabilities", [], self._capabilities)

    def show(self, summary: str, body: str) -> None:
        """Show `summary` (plain) and `body` (plain text; escaped where the server reads markup)."""
        if not self._bus.isConnected() or self._failed:
            return
        if self._sending:  # the id to replace is not known yet: this one goes when it is (a newer one instead)
            self._waiting = summary, body
            return
        self._sending = True
        shown = escape(body, quote=False) if self._markup else body
        self._call("Notify", [APP_NAME, uint32(self._shown_id), ICON, summary, shown, strings([]),
                              {"desktop-entry": "emosymphony"}, -1], self._shown)

    def _call(self, method: str, arguments: list, answered: Callable[[QDBusMessage], None]) -> None:
        message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, SERVICE, method)
        message.setArguments(arguments)
        watcher = QDBusPendingCallWatcher(self._bus.asyncCall(message), self)
        self._calls.add(watcher)
        watcher.finished.connect(lambda: self._answered(watcher, answered))

    def _answered(self, watcher: QDBusPendingCallWatcher, answered: Callable[[QDBusMessage], None]) -> None:
        self._calls.discard(watcher)
        reply = watcher.reply()
        watcher.deleteLater()
        if reply.type() == QDBusMessage.MessageType.ErrorMessage:
            if not self._failed:
                self._failed = True
                self._on_problem(f"Desktop notifications are not shown: {reply.errorMessage() or reply.errorName()}")
            return
        answered(reply)

    def _capabilities(self, reply: QDBusMessage) -> None:
        self._markup = "body-markup" in (reply.arguments() or [[]])[0]

    def _shown(self, reply: QDBusMessage) -> None:
        self._shown_id = int(reply.arguments()[0])
        self._sending = False
        if self._waiting:
            waiting, self._waiting = self._waiting, None
            self.show(*waiting)
