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
