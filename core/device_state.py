"""A device's state as every screen shows it — on its own, for screens drawn before the rest
of an app is loaded (the kiosk's first screen: kiosk.first); core.ports re-exports it."""

from __future__ import annotations

import enum

from core.messages import tr


class DeviceState(enum.Enum):
    """Shown to the user and the technician for every device."""

    CLOSED = "closed"
    OPENING = "opening"
    READY = "ready"
    BUSY = "busy"
    DISCONNECTED = "disconnected"  # unplugged or not answering; reconnecting
    FAULT = "fault"  # answered with an error it will repeat; needs a technician

    @property
    def label(self) -> str:
        return {
            "closed": tr("未启用"),
            "opening": tr("正在连接"),
            "ready": tr("就绪"),
            "busy": tr("工作中"),
            "disconnected": tr("未连接"),
            "fault": tr("故障"),
        }[self.value]
