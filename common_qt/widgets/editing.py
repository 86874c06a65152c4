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
    """A citizen's field on a public terminal: no context menu (no Undo, Paste, Select All),
    and the input method keeps nothing and predicts nothing — sensitive data (Qt Virtual
    Keyboard's Pinyin would otherwise learn a citizen's words in its user dictionary and offer
    them to the next person) and no predictive text (its next-word prediction also leaked
    ~70 KB of memory at each change of the field's text: bench/touch_keyboard.py)."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    edit.setInputMethodHints(
        edit.inputMethodHints()
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )


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
