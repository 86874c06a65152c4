"""The Qt facade: the one module that imports PySide6 (ruff's TID251 rejects it elsewhere).

Swapping bindings, pinning a version or working around a Qt bug happens here, once.
"""

from types import ModuleType

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = [
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
    "quick_widgets",
    "text_to_speech",
]


def quick_widgets() -> ModuleType:
    """QtQuickWidgets, imported when first needed: the QML engine behind it is heavy and only
    the kiosk's touch keyboard uses it."""
    from PySide6 import QtQuickWidgets

    return QtQuickWidgets


def text_to_speech() -> ModuleType:
    """QtTextToSpeech, imported on the kiosk's speaking thread when it starts."""
    from PySide6 import QtTextToSpeech

    return QtTextToSpeech
