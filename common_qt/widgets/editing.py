"""Editing on public terminals: no context menu, and emptying a field empties its undo history
(``clear()`` can be undone: the next person would get the previous one's text back)."""

from __future__ import annotations

from common_qt.qt import Qt, QtWidgets


def wipe_line(edit: QtWidgets.QLineEdit) -> None:
    """Empties a line edit *and its undo history* (``clear()`` can be undone: the next citizen
    would get the previous one's text back with Ctrl+Z or the context menu)."""
    edit.blockSignals(True)
    edit.setText("")  # setText resets the undo/redo history; clear() does not
    edit.blockSignals(False)


def lock_down(edit: QtWidgets.QWidget) -> None:
    """No context menu (no Undo, Paste, Select All) on a public kiosk."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


def touch_only(root: QtWidgets.QWidget) -> None:
    """A citizen's screen for fingers: no context menu anywhere (a long press or right click
    would open an English Undo/Copy/Paste menu), and every list and scroll area scrolls
    kinetically with a swipe instead of selecting what the finger drags over."""
    for w in [root, *root.findChildren(QtWidgets.QWidget)]:
        w.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    for area in root.findChildren(QtWidgets.QAbstractScrollArea):
        QtWidgets.QScroller.grabGesture(
            area.viewport(), QtWidgets.QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        if isinstance(area, QtWidgets.QAbstractItemView):
            area.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
