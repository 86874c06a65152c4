"""办事指南: the chosen item's guide, in large print."""

from __future__ import annotations

from common_qt.qt import QtWidgets, Signal
from core.catalogue.models import ServiceItem


class GuidePage(QtWidgets.QWidget):
    back_requested = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.text = QtWidgets.QTextBrowser()
        layout.addWidget(self.text, 1)
        buttons = QtWidgets.QHBoxLayout()
        back = QtWidgets.QPushButton(self.tr("返回"))
        back.clicked.connect(self.back_requested)
        buttons.addWidget(back)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_item(self, item: ServiceItem) -> None:
        self.title.setText(item.name)
        self.text.setPlainText(item.guide)

    def clear(self) -> None:
        self.title.clear()
        self.text.clear()
