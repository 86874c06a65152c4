"""技术人员: the way out of the locked-down kiosk. A hidden gesture (five taps on the hall's
name within three seconds, or Ctrl+Alt+T on a keyboard) opens the PIN pad; the PIN is checked
on the store thread (locked after five wrong tries, every try audited); the technician page
then shows the devices, the queue and the version, prints a test page, and exits."""

from __future__ import annotations

from common_qt.qt import Qt, QtGui, QtWidgets, Signal
from kiosk.pages.base import KioskPage, button

MAX_PIN = 12


class TechnicianPinPage(KioskPage):
    """A digit pad of our own (no system keyboard on a kiosk); the digits show as dots."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(self.tr("技术人员验证"), parent)
        self._pin = ""
        self.display = QtWidgets.QLabel()
        self.display.setObjectName("lead")
        self.display.setAccessibleName(self.tr("已输入的密码位数"))
        self.body.addWidget(self.display)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(12)
        keys = [*"123456789", "删除", "0", "清空"]
        self.keys: dict[str, QtWidgets.QPushButton] = {}
        for i, key in enumerate(keys):
            b = button(key, name=self.tr("数字 ") + key if key.isdigit() else key)
            b.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
            self.keys[key] = b
        self.body.addLayout(grid)
        self.body.addStretch(1)
        back = button(self.tr("返回"))
        back.clicked.connect(self.cancelled)
        self.ok = button(self.tr("确定"), primary=True)
        self.ok.clicked.connect(lambda: self.submitted.emit(self._pin))
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.ok)
        self._show()

    def _press(self, key: str) -> None:
        if key == "删除":
            self._pin = self._pin[:-1]
        elif key == "清空":
            self._pin = ""
        elif len(self._pin) < MAX_PIN:
            self._pin += key
        self._show()

    def _show(self) -> None:
        self.display.setText("●" * len(self._pin) or self.tr("请输入技术人员密码"))

    def reset(self) -> None:
        self._pin = ""
        self._show()
        super().reset()


class TechnicianPage(KioskPage):
    test_print = Signal()
    exit_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(self.tr("技术人员"), parent)
        self.details = QtWidgets.QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("终端状态"))
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.details, 1)
        checks = QtWidgets.QVBoxLayout()
        self.preview = QtWidgets.QLabel()
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(480, 360)
        self.preview.setAccessibleName(self.tr("高拍仪实时画面"))
        checks.addWidget(self.preview)
        self.card_test = QtWidgets.QLabel()
        self.card_test.setObjectName("lead")
        self.card_test.setWordWrap(True)
        self.card_test.setAccessibleName(self.tr("读卡测试结果"))
        checks.addWidget(self.card_test)
        checks.addStretch(1)
        row.addLayout(checks)
        self.body.addLayout(row, 1)
        self._await_checks()
        back = button(self.tr("返回首页"))
        back.clicked.connect(self.back_requested)
        test = button(self.tr("测试打印"))
        test.clicked.connect(self.test_print)
        leave = button(self.tr("退出自助程序"), primary=True)
        leave.clicked.connect(self.exit_requested)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(test)
        self.buttons.addWidget(leave)

    def show_state(self, lines: list[tuple[str, str]]) -> None:
        self.details.setText("\n".join(f"{k}：{v}" for k, v in lines))
        self._await_checks()

    def _await_checks(self) -> None:
        """The camera and reader checks as they start: nothing seen, nothing read yet."""
        self.preview.setText(self.tr("高拍仪：等待画面…"))
        self.card_test.setText(self.tr("读卡测试：请将身份证放在感应区"))

    def show_no_picture(self, why: str) -> None:
        self.preview.clear()
        self.preview.setText(self.tr("高拍仪：") + why)

    def show_frame(self, image: QtGui.QImage) -> None:
        """The document camera's live view (the camera works if this moves)."""
        self.preview.setPixmap(
            QtGui.QPixmap.fromImage(image).scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def show_card(self, text: str) -> None:
        self.card_test.setText(self.tr("读卡测试：读取成功 ") + text)
