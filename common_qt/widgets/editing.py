"""Editing on public terminals: no context menu, and emptying a field empties its undo history
(``clear()`` can be undone: the next person would get the previous one's text back)."""

from __future__ import annotations

from common_qt.qt import Qt, QtCore, QtGui, QtWidgets


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


class TypeAhead(QtCore.QObject):
    """Keys typed while the next step loads — an item chosen, its form not drawn yet — kept
    and given to the field that takes the focus when it shows (they went to the list being
    left, and were lost). Only text is kept (letters, digits, an input method's commits);
    Enter, Tab, arrows and shortcuts pass as always. Keeps at most ``limit_ms`` of typing."""

    def __init__(self, parent: QtCore.QObject | None = None, limit_ms: int = 5000) -> None:
        super().__init__(parent)
        self._typed: list[tuple[int, Qt.KeyboardModifier, str] | str] = []
        self._active = False
        self._limit = QtCore.QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.setInterval(limit_ms)
        self._limit.timeout.connect(self._stop)

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        app = QtWidgets.QApplication.instance()
        if app is None or self._active:
            return
        self._typed = []
        self._active = True
        app.installEventFilter(self)
        self._limit.start()

    def deliver(self, target: QtWidgets.QWidget | None) -> None:
        """What was typed, into ``target`` (None: dropped — the step did not come)."""
        if not self._active:
            return
        typed = self._stop()
        if target is None:
            return
        for entry in typed:
            if isinstance(entry, str):
                commit = QtGui.QInputMethodEvent()
                commit.setCommitString(entry)
                QtWidgets.QApplication.sendEvent(target, commit)
                continue
            key, modifiers, text = entry
            for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
                QtWidgets.QApplication.sendEvent(
                    target, QtGui.QKeyEvent(kind, key, modifiers, text)
                )

    def _stop(self) -> list[tuple[int, Qt.KeyboardModifier, str] | str]:
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._limit.stop()
        self._active = False
        typed, self._typed = self._typed, []
        return typed

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if isinstance(event, QtGui.QKeyEvent) and event.type() == QtCore.QEvent.Type.KeyPress:
            text = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if text and text.isprintable() and plain:
                self._typed.append((event.key(), event.modifiers(), text))
                return True
        elif isinstance(event, QtGui.QInputMethodEvent) and event.commitString():
            self._typed.append(event.commitString())
            return True
        return False
