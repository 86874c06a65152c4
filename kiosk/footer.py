"""The kiosk's bottom line: what is happening now (正在打印…), and — at a glance, short in
any language and text size — the devices that are not ready by name (one word when all are),
the storage, and the network with what waits to be delivered. The technician's page has each
device's state in full."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from common_qt.i18n import say
from common_qt.qt import Qt, QtWidgets
from core.clock import CST
from core.device_state import DeviceState
from core.messages import tr

DEVICE_NAMES = {
    "idcard": tr("读卡器"),
    "camera": tr("高拍仪"),
    "printer": tr("打印机"),
    "storage": tr("存储空间"),
}


class Footer(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footer")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(32, 4, 32, 4)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("status")
        row.addWidget(self.status, 1)
        self.devices_label = QtWidgets.QLabel()
        self.devices_label.setObjectName("devices")
        # wrapped, never wider than the screen (the English states are twice as long)
        for label in (self.status, self.devices_label):
            label.setWordWrap(True)
        self.devices_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.devices_label)
        #: the sync loop's last word (网络正常 / 网络中断, 待上报 n 件; a core text) and when
        self.network = ""
        self.last_sync = ""
        self._states: Mapping[str, DeviceState] = {}

    def show_network(self, text: str, at: datetime) -> None:
        self.network = text
        self.last_sync = f"{at.astimezone(CST):%m-%d %H:%M:%S}"
        self.show_devices(self._states)

    def show_devices(self, states: Mapping[str, DeviceState]) -> None:
        self._states = states
        shown = {n: s for n, s in states.items() if s is not DeviceState.CLOSED}
        parts = [
            say(tr("本机存储空间不足"))
            if name == "storage"
            else self.tr("%1%2")
            .replace("%1", say(DEVICE_NAMES.get(name, name)))
            .replace("%2", say(state.label))
            for name, state in shown.items()
            if state is not DeviceState.READY
        ]
        if shown and not parts:
            parts.append(self.tr("设备就绪"))
        if self.network:
            parts.append(say(self.network))
        self.devices_label.setText(" · ".join(parts))
