"""The Qt facade: the one module that imports PySide6 (ruff's TID251 rejects it elsewhere).

Swapping bindings, pinning a version or working around a Qt bug happens here, once.
"""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]
