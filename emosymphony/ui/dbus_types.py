"""D-Bus values that PySide6 cannot type by itself: an unsigned 32-bit integer, a 64-bit integer, a string array.

PySide6 sends a Python int as a signed 32-bit D-Bus integer (64-bit only when it does not fit) and binds
QDBusArgument's `<<` for int to the 16-bit overload, and an empty Python list as an array of variants. The
Notifications spec wants `u` for replaces_id and `as` for actions, and MPRIS wants `x` for mpris:length: these
values are written with QDBusArgument's own C++ operators for those types, so QtDBus sends them as the spec says.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Iterable

import shiboken6
from PySide6 import QtDBus
from PySide6.QtCore import QMetaType
from PySide6.QtDBus import QDBusArgument

_OPERATORS = {"u": ("_ZN13QDBusArgumentlsEj", ctypes.c_uint32), "x": ("_ZN13QDBusArgumentlsEx", ctypes.c_int64)}
"""QDBusArgument::operator<<(uint) and operator<<(qlonglong), by their (Itanium ABI) names."""


@cache
def _operator(code: str):
    name, kind = _OPERATORS[code]
    function = getattr(ctypes.CDLL(QtDBus.__file__), name)  # found in libQt6DBus, which the module loaded
    function.argtypes, function.restype = [ctypes.c_void_p, kind], ctypes.c_void_p
    return function


def _typed(code: str, value: int) -> QDBusArgument:
    argument = QDBusArgument()
    _operator(code)(shiboken6.getCppPointer(argument)[0], value)
    return argument


def uint32(value: int) -> QDBusArgument:
    """`value` as a D-Bus `u`."""
    if not 0 <= value < 2**32:
        raise ValueError(f"{value} is not an unsigned 32-bit integer")
    return _typed("u", value)


def int64(value: int) -> QDBusArgument:
    """`value` as a D-Bus `x`."""
    if not -2**63 <= value < 2**63:
        raise ValueError(f"{value} is not a 64-bit integer")
    return _typed("x", value)


def strings(values: Iterable[str]) -> QDBusArgument:
    """`values` as a D-Bus `as` (also when there are none)."""
    argument, values = QDBusArgument(), list(values)
    if values:
        argument << values  # a list of str goes in as a QStringList
    else:  # an empty one would go in as an empty array of variants
        argument.beginArray(QMetaType(QMetaType.Type.QString))
        argument.endArray()
    return argument
