"""The kiosk's top row: the hall's name, the time, 大字模式, the voice's mute button and
返回首页 — its own widget, so the first screen (kiosk.first) shows it before the rest of the
kiosk is loaded, and the same as the window's (kiosk.window wires what its buttons do)."""

from __future__ import annotations

from datetime import datetime

from common_qt.qt import QtCore, QtWidgets
from core.clock import CST

# the header's words are the window's (context "KioskWindow"), translated where they always
# were; written out in each call, as lupdate finds them


class KioskHeader(QtWidgets.QWidget):
    def __init__(self, hall_name: str) -> None:
        super().__init__()
        self.setObjectName("header")
        # a QWidget subclass paints its style sheet's background only when asked to
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(32, 10, 32, 10)
        self.hall_label = QtWidgets.QLabel(hall_name)
        # a long name wraps rather than widening the window past a 1280 px screen (large text)
        self.hall_label.setWordWrap(True)
        self.hall_label.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        row.addWidget(self.hall_label, 1)  # it takes the free width (no stretch beside it)
        self.clock_label = QtWidgets.QLabel()
        self.clock_label.setObjectName("clock")
        row.addWidget(self.clock_label)
        self.large_button = QtWidgets.QPushButton()
        row.addWidget(self.large_button)
        self.mute_button = QtWidgets.QPushButton()
        self.mute_button.hide()  # shown once a voice is known to speak the language
        row.addWidget(self.mute_button)
        self.home_button = QtWidgets.QPushButton()
        self.home_button.hide()  # not on the start page: there is nowhere to come back from
        row.addWidget(self.home_button)

    def show_time(self, now: datetime) -> None:
        """The hall's time (CST), the one receipts print — not the machine's zone."""
        now = now.astimezone(CST)
        self.clock_label.setText(
            QtCore.QCoreApplication.translate("KioskWindow", "%1月%2日 %3")
            .replace("%1", str(now.month))
            .replace("%2", str(now.day))
            .replace("%3", f"{now:%H:%M}")
        )

    def show_large_text(self, on: bool) -> None:
        self.large_button.setText(
            QtCore.QCoreApplication.translate("KioskWindow", "标准字体")
            if on
            else QtCore.QCoreApplication.translate("KioskWindow", "大字模式")
        )
        self.large_button.setAccessibleDescription(
            QtCore.QCoreApplication.translate("KioskWindow", "切换到标准字号和配色")
            if on
            else QtCore.QCoreApplication.translate("KioskWindow", "切换到大字号、高对比度显示")
        )

    def show_muted(self, muted: bool) -> None:
        self.mute_button.setText(
            QtCore.QCoreApplication.translate("KioskWindow", "开启语音")
            if muted
            else QtCore.QCoreApplication.translate("KioskWindow", "静音")
        )

    def retranslate(self) -> None:
        self.mute_button.setAccessibleDescription(
            QtCore.QCoreApplication.translate("KioskWindow", "关闭或打开语音提示")
        )
        self.home_button.setText(QtCore.QCoreApplication.translate("KioskWindow", "返回首页"))
