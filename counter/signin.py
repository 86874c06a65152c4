"""工作人员登录: the counter's sign-in and lock screen. It holds no rule: it asks for a staff
number and a password and emits them; the window checks them on the store thread
(terminal/staff.py) and says the answer here.

As a lock screen (idle, or 锁屏) it names who is signed in and asks only for their password;
换人登录 lets another member sign in instead, which ends the first one's session.
"""

from __future__ import annotations

from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line


class SignInPage(QtWidgets.QWidget):
    submitted = Signal(str, str)  # staff number, password

    def __init__(self, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signIn")
        outer = QtWidgets.QVBoxLayout(self)
        outer.addStretch(1)
        box = QtWidgets.QFrame()
        box.setObjectName("signInBox")
        box.setMaximumWidth(520)
        form = QtWidgets.QVBoxLayout(box)
        form.setSpacing(12)
        place = QtWidgets.QLabel(title)
        place.setWordWrap(True)
        place.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        form.addWidget(place)
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("title")
        self.heading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        form.addWidget(self.heading)
        self.who = QtWidgets.QLabel()
        self.who.setWordWrap(True)
        self.who.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        form.addWidget(self.who)
        grid = QtWidgets.QFormLayout()
        self.number = QtWidgets.QLineEdit()
        self.number.setAccessibleName(self.tr("工号"))
        self.number.setMaxLength(32)
        self.password = QtWidgets.QLineEdit()
        self.password.setAccessibleName(self.tr("密码"))
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        for edit in (self.number, self.password):
            lock_down(edit)  # no context menu, no undo history of a password
            edit.setMinimumHeight(44)
        grid.addRow(self.tr("工号"), self.number)
        grid.addRow(self.tr("密码"), self.password)
        form.addLayout(grid)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("deviceError")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("登录提示"))
        form.addWidget(self.message)
        buttons = QtWidgets.QHBoxLayout()
        self.switch_button = QtWidgets.QPushButton(self.tr("换人登录"))
        self.switch_button.clicked.connect(lambda: self.show_sign_in())
        buttons.addWidget(self.switch_button)
        self.submit_button = QtWidgets.QPushButton(self.tr("登录"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self._submit)
        buttons.addWidget(self.submit_button, 1)
        form.addLayout(buttons)
        for edit in (self.number, self.password):
            edit.returnPressed.connect(self._submit)  # Enter signs in
        row = QtWidgets.QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.locked_number = ""
        self.show_sign_in()

    def show_sign_in(self, message: str = "") -> None:
        """The plain sign-in: anybody with an account for this terminal."""
        self.heading.setText(self.tr("工作人员登录"))
        self.who.setText(self.tr("请输入工号和密码"))
        self.number.setReadOnly(False)
        wipe_line(self.number)
        wipe_line(self.password)
        self.switch_button.setVisible(False)
        self.submit_button.setText(self.tr("登录"))
        self.submit_button.setEnabled(True)
        self.message.setText(message)
        self.number.setFocus()

    def show_locked(self, number: str, who: str) -> None:
        """The lock screen of the member signed in: their password, or 换人登录."""
        self.locked_number = number
        self.heading.setText(self.tr("屏幕已锁定"))
        self.who.setText(self.tr("当前登录：") + who + self.tr("。输入密码解锁，或换人登录。"))
        self.number.setText(number)
        self.number.setReadOnly(True)
        wipe_line(self.password)
        self.switch_button.setVisible(True)
        self.submit_button.setText(self.tr("解锁"))
        self.submit_button.setEnabled(True)
        self.message.setText("")
        self.password.setFocus()

    @property
    def locking(self) -> bool:
        return self.number.isReadOnly()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.submit_button.setEnabled(True)
        self.password.setFocus()

    def _submit(self) -> None:
        number, password = self.number.text().strip(), self.password.text()
        if not number:
            self.say(self.tr("请输入工号。"))
            self.number.setFocus()
            return
        if not password:
            self.say(self.tr("请输入密码。"))
            return
        wipe_line(self.password)  # the password lives only in the call that checks it
        self.submit_button.setEnabled(False)
        self.message.setText(self.tr("正在验证…"))
        self.submitted.emit(number, password)
