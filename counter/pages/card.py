"""读取证件: the card panel beside shows the card; here the code of a one-time notice the
applicant brought back, and 人工录入 when the reader fails."""

from __future__ import annotations

from collections.abc import Callable

from common_qt.qt import QtCore, QtGui, QtWidgets
from common_qt.widgets.editing import lock_down, wipe_line
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage


class ReadCardPage(AcceptancePage):
    step = CounterStep.READ_CARD

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(QtWidgets.QLabel(self.tr("请申请人将身份证放在读卡器上。")))
        code_row = QtWidgets.QHBoxLayout()
        self.code = QtWidgets.QLineEdit()
        self.code.setPlaceholderText(self.tr("或输入一次性告知书上的编号，继续补正"))
        self.code.setAccessibleName(self.tr("一次性告知书编号"))
        lock_down(self.code)
        self.code.returnPressed.connect(lambda: controller.find_waiting(self.code.text()))
        code_row.addWidget(self.code, 1)
        lay.addLayout(code_row)
        # 人工录入: the reader failed; the clerk types what the card in hand says
        typed = QtWidgets.QGroupBox(self.tr("人工录入（读卡失败时）"))
        typed_row = QtWidgets.QHBoxLayout(typed)
        self.typed_name = QtWidgets.QLineEdit()
        self.typed_name.setPlaceholderText(self.tr("姓名"))
        self.typed_name.setAccessibleName(self.tr("人工录入：姓名"))
        self.typed_name.setMaxLength(30)
        self.typed_number = QtWidgets.QLineEdit()
        self.typed_number.setPlaceholderText(self.tr("公民身份号码（18位）"))
        self.typed_number.setAccessibleName(self.tr("人工录入：公民身份号码"))
        self.typed_number.setMaxLength(18)
        self.typed_number.setValidator(
            QtGui.QRegularExpressionValidator(QtCore.QRegularExpression("[0-9]{0,17}[0-9Xx]?"))
        )
        self.typed_button = QtWidgets.QPushButton(self.tr("确认录入"))
        self.typed_button.clicked.connect(self._typed)
        self.typed_number.returnPressed.connect(self._typed)
        for w in (self.typed_name, self.typed_number):
            lock_down(w)
        typed_row.addWidget(self.typed_name, 1)
        typed_row.addWidget(self.typed_number, 2)
        typed_row.addWidget(self.typed_button)
        lay.addWidget(typed)
        lay.addLayout(self.message_slot)
        lay.addWidget(
            QtWidgets.QLabel(
                self.tr("人工录入的申请将标记为“手工录入，未读卡核验”，请核验证件原件。")
            )
        )
        lay.addStretch(1)

    def _typed(self) -> None:
        name, number = self.typed_name.text(), self.typed_number.text().upper()
        self.c.typed_identity(name, number)
        if self.c.step is not CounterStep.READ_CARD:
            wipe_line(self.typed_name)
            wipe_line(self.typed_number)

    def wipe(self) -> None:
        for edit in (self.code, self.typed_name, self.typed_number):
            wipe_line(edit)
