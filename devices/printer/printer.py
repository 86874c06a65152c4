"""The receipt printer adapter: documents → bytes → a python-escpos transport from settings.

    [devices.printer]
    type = "network"              # serial | usb | network | file | win32
    port = "192.168.1.50:9100"    # serial: pyserial port · usb: VID:PID · file: a path or
                                  # /dev/usb/lp0 · win32: the Windows printer name
    options = { profile = "TM-T88V", paper_mm = "80", native_qr = "true",
                cjk_mode_commands = "false", charset = "gbk", baudrate = "9600" }

Status (paper, online) is asked where the transport is two-way (serial, USB, network); a
failed print raises with a Chinese message and the caller keeps the document to print again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

from core.documents.blocks import Block
from core.errors import DeviceFault, DeviceUnavailable, SettingsError
from core.messages import tr
from core.ports import DeviceState, Health
from core.settings import DeviceSettings, parse_options
from devices.printer.layout import Charset, layout
from devices.printer.render import PrinterProfile, preview, to_escpos

log = logging.getLogger(__name__)

TYPES = ("serial", "usb", "network", "file", "win32")
_TWO_WAY = ("serial", "usb", "network")


@dataclass(frozen=True)
class PrinterConfig:
    type: str
    port: str
    profile: PrinterProfile
    charset: Charset = Charset.GBK
    baudrate: int = 9600

    @classmethod
    def from_settings(cls, s: DeviceSettings) -> PrinterConfig:
        if s.type not in TYPES:
            raise SettingsError(f"[devices.printer] type {s.type!r}; use one of {TYPES}")
        if not s.port:
            raise SettingsError("[devices.printer] needs port")

        o = parse_options("printer", s.options, PRINTER_OPTIONS)
        try:
            profile = PrinterProfile(
                name=o["profile"],
                paper_mm=o["paper_mm"],
                native_qr=o["native_qr"],
                cjk_mode_commands=o["cjk_mode_commands"],
                can_cut=o["cut"],
            )
            profile.paper  # noqa: B018 - validates the width
            return cls(s.type, s.port, profile, Charset(o["charset"]), o["baudrate"])
        except ValueError as e:
            raise SettingsError(f"[devices.printer] {e}") from None


#: The printer's options and their defaults (``[devices.printer] options``).
PRINTER_OPTIONS: dict[str, object] = {
    "profile": "default",  # escpos-printer-db profile name
    "paper_mm": 80,  # 58 or 80
    "native_qr": True,  # GS ( k; false prints the QR as an image
    "cjk_mode_commands": False,  # FS & / FS . around Chinese text
    "cut": True,
    "charset": "gbk",  # what the printer's font shows: gb2312 | gbk | gb18030
    "baudrate": 9600,  # serial printers
}


class ReceiptPrinter:
    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self._state = DeviceState.CLOSED
        self._lock = threading.Lock()

    @property
    def state(self) -> DeviceState:
        return self._state

    @property
    def two_way(self) -> bool:
        """Whether the transport reads the printer's status back (a print is then confirmed
        by the printer, not only handed over)."""
        return self.config.type in _TWO_WAY

    def render(self, blocks: list[Block]) -> bytes:
        lines = layout(blocks, self.config.profile.paper, self.config.charset)
        return to_escpos(lines, self.config.profile)

    def preview(self, blocks: list[Block]) -> Any:
        """A PIL image of the paper (the same lines the bytes print)."""
        lines = layout(blocks, self.config.profile.paper, self.config.charset)
        return preview(lines, self.config.profile)

    def _open(self) -> Any:
        from escpos import printer as escpos_printer

        c = self.config
        profile = c.profile.name
        if c.type == "network":
            host, _, port = c.port.rpartition(":")
            return escpos_printer.Network(
                host or c.port, int(port or 9100), timeout=3, profile=profile
            )
        if c.type == "serial":
            return escpos_printer.Serial(c.port, baudrate=c.baudrate, timeout=2, profile=profile)
        if c.type == "usb":
            vid, _, pid = c.port.partition(":")
            return escpos_printer.Usb(int(vid, 16), int(pid, 16), profile=profile)
        if c.type == "file":
            return escpos_printer.File(c.port, profile=profile)
        return escpos_printer.Win32Raw(c.port, profile=profile)

    def print_bytes(self, data: bytes) -> None:
        """Sends ``data``; raises DeviceUnavailable/DeviceFault with the user's words."""
        with self._lock:
            self._state = DeviceState.BUSY
            device = None
            try:
                if self.config.type == "network":
                    self._probe_network()
                device = self._open()
                if self.config.type in _TWO_WAY:
                    self._check_paper(device)
                device._raw(data)
                if self.config.type in _TWO_WAY:
                    self._check_paper(device)  # read back: the paper ran out mid-print?
            except (DeviceFault, DeviceUnavailable):
                raise
            except Exception as e:  # escpos raises many kinds (USBNotFound, socket errors …)
                self._state = DeviceState.DISCONNECTED
                raise DeviceUnavailable(
                    f"printer {self.config.type}:{self.config.port}: {type(e).__name__}: {e}",
                    # the driver does not know what it prints: what to do next is the page's
                    user_message=tr("打印机未连接或未开机。"),
                ) from e
            finally:
                if device is not None:
                    try:
                        device.close()
                    except Exception:
                        log.debug("printer close failed", exc_info=True)
            self._state = DeviceState.READY

    def probe(self) -> DeviceState:
        """How the printer is now, printing nothing: reachable (and, two-way, with paper) →
        READY; paper out → FAULT; off or unplugged → DISCONNECTED. A file printer is ready
        when its folder is writable (the file is not opened: that would empty it)."""
        with self._lock:
            c = self.config
            try:
                if c.type == "file":
                    folder = os.path.dirname(os.path.abspath(c.port))
                    ok = os.access(folder, os.W_OK)
                    self._state = DeviceState.READY if ok else DeviceState.DISCONNECTED
                    return self._state
                if c.type == "network":
                    self._probe_network()
                if c.type in _TWO_WAY:
                    device = self._open()
                    try:
                        self._check_paper(device)
                    finally:
                        device.close()
                self._state = DeviceState.READY
            except DeviceFault:
                self._state = DeviceState.FAULT
            except Exception as e:  # escpos raises many kinds (USBNotFound, socket errors …)
                log.info("printer probe: %s: %s", type(e).__name__, e)
                self._state = DeviceState.DISCONNECTED
            return self._state

    def _probe_network(self) -> None:
        """Connect once ourselves: python-escpos leaks its socket when the connect fails."""
        host, _, port = self.config.port.rpartition(":")
        with socket.create_connection((host or self.config.port, int(port or 9100)), timeout=3):
            pass

    def print_document(self, blocks: list[Block]) -> bytes:
        data = self.render(blocks)
        self.print_bytes(data)
        return data

    def _check_paper(self, device: Any) -> None:
        try:
            status = device.paper_status()
        except Exception:
            return
        if status == 0:
            self._state = DeviceState.FAULT
            raise DeviceFault(
                "printer reports paper out", user_message=tr("打印机缺纸，请联系工作人员更换纸卷。")
            )
        if status == 1:
            log.warning("printer paper near end")

    def health(self) -> Health:
        detail = f"{self.config.type}:{self.config.port} profile {self.config.profile.name}"
        return Health(self._state, detail)
