"""读取证件: put the card on the reader; a refused card is explained with what to do."""

from __future__ import annotations

from common_qt.qt import QtWidgets, Signal
from kiosk.pages.base import KioskPage, button


class ReadCardPage(KioskPage):
    back_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(self.tr("请将身份证放在感应区"), parent)
        self.instruction = QtWidgets.QLabel(
            self.tr(
                "请将第二代居民身份证（或港澳台居民居住证、外国人永久居留身份证）"
                "平放在屏幕下方的读卡区，读取完成前请不要移开。"
            )
        )
        self.instruction.setWordWrap(True)
        self.instruction.setObjectName("lead")
        self.body.addWidget(self.instruction)
        self.reader_state = QtWidgets.QLabel()
        self.reader_state.setObjectName("hint")
        self.body.addWidget(self.reader_state)
        self.body.addStretch(1)
        back = button(self.tr("返回"))
        back.clicked.connect(self.back_requested)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)

    def show_reader_state(self, text: str) -> None:
        self.reader_state.setText(text)
