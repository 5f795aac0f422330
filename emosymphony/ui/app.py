"""Starting the window: `emosymphony` with no arguments, or `emosymphony gui [...]`."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ..memory.listener import ListenerMemory
from ..shutdown import stop_on_signals
from .desktop import app_icon
from .main_window import MainWindow


def run_gui(
    camera: str | None = None,
    music_dir: str | None = None,
    screenshot: str | None = None,
    quit_after: float | None = None,
    settings_file: str | None = None,
    data_dir: str | None = None,
    profile: str | None = None,
    calibrated: bool = True,
) -> int:
    """Open the window and run until it is closed (or `quit_after` seconds, writing `screenshot` first)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Emotion Symphony")
    app.setDesktopFileName("emosymphony")
    app.setWindowIcon(app_icon())
    settings = QSettings(settings_file, QSettings.Format.IniFormat) if settings_file else None
    memory = ListenerMemory.open(data_dir, profile)
    window = MainWindow(camera=camera, music_dir=music_dir, settings=settings, memory=memory, calibrated=calibrated)
    asked: list[int] = []

    def close_on_signal(number: int) -> None:  # SIGTERM (logout, systemctl) or SIGINT: close as the listener would
        asked.append(number)
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)

    stop_on_signals(close_on_signal)
    wake = QTimer(interval=200, timeout=lambda: None)  # Python runs its signal handlers only when it gets control
    wake.start()
    window.show()
    if quit_after is not None:

        def finish() -> None:
            if screenshot:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                window.grab().save(screenshot)
            window.close()

        QTimer.singleShot(int(quit_after * 1000), finish)
    elif screenshot:
        QTimer.singleShot(3000, lambda: window.grab().save(screenshot))
    status = app.exec()
    window.close()  # once only (closeEvent knows), also when the loop was ended from outside
    return 128 + asked[0] if asked else status
