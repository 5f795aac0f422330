"""The application's icon, and its entry in the desktop's menu (freedesktop.org: a .desktop file and hicolor icons)."""

from __future__ import annotations

import os
import shutil
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ..files import write_atomically

ICON_SIZES = (48, 128, 256)
_FILES = resources.files(__package__)


def icon_svg() -> bytes:
    """The icon (SVG), shipped inside the package."""
    return (_FILES / "emosymphony.svg").read_bytes()


def app_icon() -> QIcon:
    """The icon for the window, the tray and the task bar, at every size Qt asks for."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(_image(size)))
    return icon


def render_png(size: int) -> bytes:
    """The icon as a `size` x `size` PNG."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _image(size).save(buffer, "PNG")
    return bytes(buffer.data())


def install_desktop(data_home: Path | None = None) -> list[Path]:
    """Put the menu entry and icons under the user's data folder ($XDG_DATA_HOME, ~/.local/share); returns the files."""
    data_home = data_home or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    command = shutil.which("emosymphony") or str(Path(sys.executable).with_name("emosymphony"))
    entry = (_FILES / "emosymphony.desktop").read_text().replace("Exec=emosymphony gui", f"Exec={exec_line(command, 'gui')}")
    icons = data_home / "icons" / "hicolor"
    written = {data_home / "applications" / "emosymphony.desktop": entry.encode(),
               icons / "scalable" / "apps" / "emosymphony.svg": icon_svg()}
    written.update({icons / f"{size}x{size}" / "apps" / "emosymphony.png": render_png(size) for size in ICON_SIZES})
    for path, content in written.items():
        write_atomically(path, content)
    return list(written)


_RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')
"""Characters that make the Desktop Entry specification quote an Exec argument."""


def exec_argument(argument: str) -> str:
    """`argument` written for an Exec key (Desktop Entry specification 1.5, "The Exec key"): quoted when it holds a
    reserved character (`"`, `` ` ``, `$` and `\\` escaped inside the quotes), `%` doubled, then the value escaped
    as every string value is (backslashes doubled, so one literal backslash becomes four)."""
    if any(c in _RESERVED for c in argument):
        argument = '"' + "".join("\\" + c if c in '"`$\\' else c for c in argument) + '"'
    argument = argument.replace("%", "%%")
    return argument.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exec_line(program: str, *arguments: str) -> str:
    """An Exec value that runs `program` with `arguments`, whatever characters the program's path holds.
    (GLib looks the program up before it expands `%%`, so a path with `%` is started through env.)"""
    words = ["env", program] if "%" in program else [program]
    return " ".join(exec_argument(word) for word in (*words, *arguments))


def _image(size: int) -> QImage:
    renderer = QSvgRenderer(QByteArray(icon_svg()))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image

