"""Our own keypads for what a citizen types as digits: an ID number (digits and X — the
virtual keyboard's digit layout has no X) and a phone number. Its keys never take the focus
from the field they write into; they are touch targets of the theme's size."""

from __future__ import annotations

import enum

from common_qt.qt import Qt, QtWidgets, Signal
from common_qt.widgets.editing import wipe_line

#: The dynamic property that binds a field to a keypad (see :func:`use_keypad`).
KEYPAD_PROPERTY = "hallKeypad"


class KeypadKind(enum.StrEnum):
    ID_NUMBER = "id_number"  # 0–9 and X (GB 11643 check character)
    DIGITS = "digits"  # phone numbers, counts


def use_keypad(edit: QtWidgets.QLineEdit, kind: KeypadKind) -> None:
    """Marks ``edit`` as typed on our keypad (the kiosk window shows it when the field has the
    focus) instead of the virtual keyboard."""
    edit.setProperty(KEYPAD_PROPERTY, kind.value)
    hints = (
        Qt.InputMethodHint.ImhDigitsOnly
        if kind is KeypadKind.DIGITS
        else (Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhPreferUppercase)
    )
    # added to what the field has (lock_down's sensitive data stays, whichever came first)
    edit.setInputMethodHints(
        edit.inputMethodHints() | hints | Qt.InputMethodHint.ImhNoPredictiveText
    )


def keypad_kind(widget: QtWidgets.QWidget | None) -> KeypadKind | None:
    if widget is None:
        return None
    value = widget.property(KEYPAD_PROPERTY)
    return KeypadKind(value) if value else None


class Keypad(QtWidgets.QFrame):
    """1–6 and 7–9, X, 0, ⌫ in two rows, 清空 and 完成 at their end."""

    done = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.target: QtWidgets.QLineEdit | None = None
        # two rows, low enough to leave the page room on a 1280×800 screen in large text
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addStretch(1)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(8)
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        for i, key in enumerate("123456789X0⌫"):
            b = self._key(key)
            grid.addWidget(b, i // 6, i % 6)
        clear = self._key("清空")
        clear.setProperty("word", True)  # a word, not a digit: the theme sets it smaller
        grid.addWidget(clear, 0, 6)
        finish = self._key("完成")
        finish.setObjectName("primary")
        grid.addWidget(finish, 1, 6)
        row.addLayout(grid)
        row.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """The keys' names in the current language (digits and X name themselves)."""
        self.keys["⌫"].setAccessibleName(self.tr("退格"))
        for key, name in (("清空", self.tr("清空")), ("完成", self.tr("完成"))):
            self.keys[key].setText(name)
            self.keys[key].setAccessibleName(name)

    def _key(self, key: str) -> QtWidgets.QPushButton:
        b = QtWidgets.QPushButton(key if key in "0123456789X⌫" else "")
        b.setObjectName("key")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus and its cursor
        b.setAccessibleName(key)
        b.setAutoRepeat(key == "⌫")
        b.clicked.connect(lambda: self._press(key))
        self.keys[key] = b
        return b

    def bind(self, edit: QtWidgets.QLineEdit | None) -> None:
        """Writes into ``edit`` from now on (its kind decides whether X is offered)."""
        self.target = edit
        self.keys["X"].setEnabled(keypad_kind(edit) is KeypadKind.ID_NUMBER)

    def _press(self, key: str) -> None:
        edit = self.target
        if edit is None:
            return
        if key == "⌫":
            edit.backspace()
        elif key == "清空":
            wipe_line(edit)
            edit.textEdited.emit("")
        elif key == "完成":
            self.done.emit()
        elif key != "X" or keypad_kind(edit) is KeypadKind.ID_NUMBER:
            edit.insert(key)
