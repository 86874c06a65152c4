"""读取证件: put the card on the reader; a refused card is explained with what to do."""

from __future__ import annotations

from common_qt.i18n import translate
from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.keypad import KeypadKind, use_keypad
from core.flows.kiosk import KioskStep
from kiosk.controller import Wants
from kiosk.pages.base import KioskPage, button, label


class ReadCardPage(KioskPage):
    back_requested = Signal()
    typed = Signal(str, str)  # name, ID number

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

    def retranslate(self) -> None:
        self.title.setText(self.tr("请将身份证放在感应区"))
        self.instruction.setText(
            self.tr(
                "请将第二代居民身份证（或港澳台居民居住证、外国人永久居留身份证）"
                "平放在屏幕下方的读卡区，读取完成前请不要移开。"
            )
        )
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
