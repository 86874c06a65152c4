"""读取证件: put the card on the reader; a refused card is explained with what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common_qt.i18n import translate
from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.keypad import KeypadKind, use_keypad
from core.flows.kiosk import KioskMode, KioskStep
from kiosk.controller import Wants
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


class ReadCardPage(KioskPage):
    back_requested = Signal()
    typed = Signal(str, str)  # name, ID number
    no_card = Signal()  # 取号 without a card

    step = KioskStep.READ_CARD
    wants = Wants.CARD

    def prompt(self) -> str:
        return translate("prompts", "请将身份证平放在感应区，读取完成前请不要移开。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.instruction = QtWidgets.QLabel()
        self.instruction.setWordWrap(True)
        self.instruction.setObjectName("lead")
        self.body.addWidget(self.instruction)
        self.reader_state = QtWidgets.QLabel()
        self.reader_state.setObjectName("hint")
        self.body.addWidget(self.reader_state)
        self.type_button = button()
        self.type_button.clicked.connect(self._show_typing)
        self.body.addWidget(self.type_button)
        # 取号: a number without a card (nobody known: no priority, some categories refuse)
        self.no_card_button = button()
        self.no_card_button.clicked.connect(self.no_card)
        self.no_card_button.hide()
        self.body.addWidget(self.no_card_button)
        self._mode: KioskMode | None = None
        self.typing = QtWidgets.QWidget()
        form = QtWidgets.QFormLayout(self.typing)
        self.name = QtWidgets.QLineEdit()
        self.name.setMaxLength(30)
        self.number = QtWidgets.QLineEdit()
        self.number.setMaxLength(18)
        for edit in (self.name, self.number):
            lock_down(edit)
        use_keypad(self.number, KeypadKind.ID_NUMBER)  # digits and X, on our own keypad
        self.name_label = QtWidgets.QLabel()
        self.number_label = QtWidgets.QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.number_label, self.number)
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        form.addRow(self.note)
        # 确定 with the page's actions, in view above the keypad while the number is typed
        self.typed_button = button(primary=True)
        self.typed_button.clicked.connect(
            lambda: self.typed.emit(self.name.text(), self.number.text())
        )
        self.typed_button.hide()
        self.typing.hide()
        self.body.addWidget(self.typing)
        self.body.addStretch(1)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.typed_button)
        self.retranslate()

    def present(self, c: KioskController) -> None:
        """What a card is read for: 我要办事 may type the number instead, 取号 may go without
        one, 预约签到 needs it (the appointment is the card holder's)."""
        self._mode = c.state.mode
        self.retranslate()
        self.type_button.setVisible(self._mode is KioskMode.APPLY and not self.typing.isVisible())
        self.no_card_button.setVisible(self._mode is KioskMode.TICKET)

    def retranslate(self) -> None:
        self.title.setText(self.tr("请将身份证放在感应区"))
        card = self.tr(
            "请将第二代居民身份证（或港澳台居民居住证、外国人永久居留身份证）"
            "平放在屏幕下方的读卡区，读取完成前请不要移开。"
        )
        mode = getattr(self, "_mode", None)
        if mode is KioskMode.TICKET:
            card += self.tr("刷卡取号，老年人优先叫号；没带身份证也可直接取号。")
        elif mode is KioskMode.CHECK_IN:
            card += self.tr("刷卡后显示您今天的预约。")
        self.instruction.setText(card)
        label(self.no_card_button, self.tr("没带身份证，直接取号"))
        label(self.type_button, self.tr("没带身份证？手工输入证件号码"))
        self.name.setAccessibleName(self.tr("姓名"))
        self.number.setAccessibleName(self.tr("公民身份号码"))
        self.name_label.setText(self.tr("姓名"))
        self.number_label.setText(self.tr("公民身份号码"))
        self.note.setText(
            self.tr("手工输入仅限部分事项，申请将标记为“未读卡核验”，需要时请到窗口核验身份。")
        )
        label(self.typed_button, self.tr("确定"))
        label(self.back_button, self.tr("返回"))

    def _show_typing(self) -> None:
        self.type_button.hide()
        self.typing.show()
        self.typed_button.show()
        self.name.setFocus()

    def reset(self) -> None:
        super().reset()
        wipe_line(self.name)
        wipe_line(self.number)
        self.typing.hide()
        self.typed_button.hide()
        self.type_button.show()
        self.reader_state.clear()

    def show_reader_state(self, text: str) -> None:
        self.reader_state.setText(text)
