"""授权用证: may the kiosk use the citizen's electronic licences for this item (no copies to
scan for the materials they stand for)? Plain words, yes or no; no keeps paper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common_qt.i18n import published, translate
from common_qt.qt import QtWidgets, Signal
from core.elicence.licences import wanted_types
from core.flows.kiosk import KioskStep
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


class AuthorisePage(KioskPage):
    answered = Signal(bool)  # True: 同意调取
    back_requested = Signal()

    step = KioskStep.AUTHORISE

    def prompt(self) -> str:
        return translate("prompts", "是否同意调取您的电子证照，免交相应纸质材料？")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setObjectName("lead")
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.types = QtWidgets.QLabel()
        self.types.setWordWrap(True)
        self.body.addWidget(self.types)
        self.terms = QtWidgets.QLabel()
        self.terms.setObjectName("hint")
        self.terms.setWordWrap(True)
        self.body.addWidget(self.terms)
        self.body.addStretch(1)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.no_button = button()
        self.no_button.clicked.connect(lambda: self.answered.emit(False))
        self.yes_button = button(primary=True)
        self.yes_button.clicked.connect(lambda: self.answered.emit(True))
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.no_button)
        self.buttons.addWidget(self.yes_button)
        self._types: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("使用电子证照"))
        self.lead.setText(self.tr("本事项的以下材料可以用您的电子证照代替，无需扫描纸质材料："))
        self.terms.setText(
            self.tr(
                "同意后，本机将向政务服务平台调取您本人的上述电子证照，仅用于本次办理，"
                "调取记录可查。不同意也可以照常扫描纸质材料。"
            )
        )
        self._show_types()
        label(self.back_button, self.tr("返回"))
        label(self.no_button, self.tr("不同意，扫描纸质材料"))
        label(self.yes_button, self.tr("同意调取"))

    def _show_types(self) -> None:
        self.types.setText("、".join(published(t) for t in self._types))

    def present(self, c: KioskController) -> None:
        item = c.state.item
        self._types = wanted_types(item) if item is not None else []
        self._show_types()
        self.yes_button.setEnabled(True)

    def set_busy(self, busy: bool) -> None:
        self.yes_button.setEnabled(not busy)
        self.no_button.setEnabled(not busy)

    def reset(self) -> None:
        super().reset()
        self._types = []
        self.types.clear()
