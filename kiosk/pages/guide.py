"""办事指南: the chosen item's guide, in large print, with 我要办理 and 打印指南."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common_qt.i18n import published, translate
from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.guide import guide_html
from common_qt.widgets.reading import ReadableText
from core.catalogue.models import ServiceItem
from core.flows.kiosk import KioskMode, KioskStep
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


class GuidePage(KioskPage):
    back_requested = Signal()
    apply_requested = Signal()
    print_requested = Signal()

    step = KioskStep.GUIDE

    def prompt(self) -> str:
        return translate("prompts", "这是办事指南，请查看需要的材料。")

    def present(self, c: KioskController) -> None:
        s = c.state
        if s.item is not None:
            self.show_item(s.item, applying=s.mode is KioskMode.APPLY)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.text = ReadableText()  # a screen reader reads what it shows
        self.text.setOpenLinks(False)
        self.body.addWidget(self.text, 1)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.print_button = button()
        self.print_button.clicked.connect(self.print_requested)
        self.apply_button = button(primary=True)
        self.apply_button.clicked.connect(self.apply_requested)
        self.applying = True
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.print_button)
        self.buttons.addWidget(self.apply_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setAccessibleName(self.tr("办事指南"))
        label(self.back_button, self.tr("返回"))
        label(self.print_button, self.tr("打印指南"))
        label(self.apply_button, self.tr("我要办理") if self.applying else self.tr("完成"))

    def show_item(self, item: ServiceItem, *, applying: bool = True) -> None:
        self.title.setText(published(item.name))
        self.text.setHtml(guide_html(item))
        self.applying = applying
        label(self.apply_button, self.tr("我要办理") if applying else self.tr("完成"))

    def reset(self) -> None:
        super().reset()
        self.title.clear()
        self.text.clear()
