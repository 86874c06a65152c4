"""Key-map review pads on a serial port: the pad sends one byte per key press.

An invitation optionally writes configured bytes to the pad (many pads light up or speak
"请您评价" on a command of their own; the bytes come from the vendor's sheet), then waits for a
mapped key until the time-out or a cancel. Bytes that map to nothing are ignored (a stray press,
line noise). A key pad cannot ask for the reason of a negative rating: the result carries none,
and the app asks the citizen on screen.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from dataclasses import dataclass

import serial

from core.errors import DeviceUnavailable, SettingsError
from core.evaluation import Satisfaction
from core.messages import tr
from core.padkeys import KeyKind, KeyMap, PadAction
from core.ports import DeviceState, PadInvitation, PadOutcome, PadResult
from core.settings import parse_options
from devices.serialport import SERIAL_ERRORS, close_serial, open_serial

log = logging.getLogger(__name__)

LABEL = "评价器"


@dataclass(frozen=True)
class SerialPadOptions:
    keys: KeyMap
    baudrate: int = 9600
    invite_bytes: bytes = b""  # written when an evaluation starts
    done_bytes: bytes = b""  # written when it ends (rated, timed out or cancelled)

    @classmethod
    def from_options(cls, options: dict[str, str]) -> SerialPadOptions:
        if "keys" not in options:
            raise SettingsError(
                "review pad: option 'keys' is required (e.g. keys = \"31=满意, 32=基本满意, "
                '33=不满意")',
                user_message=tr("评价器按键配置缺失，请联系技术人员。"),
            )
        o = parse_options(
            "pad", options, {"keys": "", "baudrate": 9600, "invite_hex": "", "done_hex": ""}
        )
        try:
            return cls(
                keys=KeyMap.parse(o["keys"], KeyKind.BYTE),
                baudrate=o["baudrate"],
                invite_bytes=bytes.fromhex(o["invite_hex"]),
                done_bytes=bytes.fromhex(o["done_hex"]),
            )
        except ValueError as e:
            raise SettingsError(f"review pad options: {e}") from None


class SerialKeyPad:
    """Implements core.ports.ReviewPad for key pads on a serial port (pyserial URL)."""

    def __init__(self, port: str, options: SerialPadOptions) -> None:
        self.port_url = port
        self.options = options
        self._serial: serial.SerialBase | None = None
        self._state = DeviceState.CLOSED
        self._cancel = threading.Event()
        self._lock = threading.Lock()

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        with self._lock:
            if self._serial is not None:
                return
            self._state = DeviceState.OPENING
            try:
                self._serial = open_serial(
                    self.port_url, baudrate=self.options.baudrate, timeout=0.1, device_label=LABEL
                )
            except DeviceUnavailable:
                self._state = DeviceState.DISCONNECTED
                raise
            self._state = DeviceState.READY

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._drop_port()
            self._state = DeviceState.CLOSED

    def cancel(self) -> None:
        self._cancel.set()

    def probe(self) -> None:
        """A pad that is gone shows 未连接 before an invitation fails on it: its device node
        vanished, or the line hung up (select says readable with nothing to read). A pad
        disconnected earlier is reopened when its port is back."""
        if not self._lock.acquire(blocking=False):
            return  # an invitation holds the port: it reports failures itself
        try:
            port = self._serial
            if port is not None:
                try:
                    if _gone(self.port_url, port):
                        raise serial.SerialException("the line hung up")
                except SERIAL_ERRORS as e:
                    log.warning("review pad on %s is gone: %s", self.port_url, e)
                    self._drop_port()
                    self._state = DeviceState.DISCONNECTED
                return
        finally:
            self._lock.release()
        if self._state is DeviceState.DISCONNECTED:
            try:
                self.open()
                log.info("review pad on %s is back", self.port_url)
            except DeviceUnavailable:
                pass

    def invite(self, invitation: PadInvitation) -> PadResult:
        """Blocks until a mapped key, the time-out or :meth:`cancel`.

        Raises:
            DeviceUnavailable: the port is gone (state becomes DISCONNECTED; open() again).
        """
        with self._lock:
            if self._serial is None:
                self._state = DeviceState.DISCONNECTED
                raise DeviceUnavailable(
                    f"pad on {self.port_url} is not open",
                    user_message=tr("评价器未连接，请检查连接线。"),
                )
            port = self._serial
            self._cancel.clear()
            self._state = DeviceState.BUSY
            try:
                return self._wait(port, invitation)
            except SERIAL_ERRORS as e:
                self._drop_port()
                self._state = DeviceState.DISCONNECTED
                raise DeviceUnavailable(
                    f"pad on {self.port_url} failed: {e}",
                    user_message=tr("评价器已断开，请检查连接线；重新接上后会自动恢复。"),
                ) from e
            finally:
                if self._state is DeviceState.BUSY:
                    self._state = DeviceState.READY

    def _wait(self, port: serial.SerialBase, invitation: PadInvitation) -> PadResult:
        port.reset_input_buffer()  # presses before the invitation do not count
        if self.options.invite_bytes:
            port.write(self.options.invite_bytes)
        deadline = time.monotonic() + invitation.timeout_seconds
        result = PadResult(PadOutcome.TIMEOUT)
        while time.monotonic() < deadline:
            if self._cancel.is_set():
                result = PadResult(PadOutcome.CANCELLED)
                break
            data = port.read(1)
            if not data:
                continue
            meaning = self.options.keys.meaning_of_byte(data[0])
            if meaning is None:
                log.debug("pad: unmapped byte 0x%02X ignored", data[0])
                continue
            if meaning is PadAction.CANCEL:
                result = PadResult(PadOutcome.CANCELLED)
            else:
                assert isinstance(meaning, Satisfaction)
                result = PadResult(PadOutcome.RATED, meaning)
            break
        if self.options.done_bytes:
            port.write(self.options.done_bytes)
        return result

    def _drop_port(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            close_serial(port)


def _gone(port_url: str, port: serial.SerialBase) -> bool:
    """True when the serial line behind ``port`` has gone away (USB unplugged, pty closed)."""
    if port_url.startswith("/") and not os.path.exists(port_url):
        return True  # the device node (or its udev link) vanished
    waiting = port.in_waiting  # raises where the driver reports the loss (Windows, USB)
    fileno = getattr(port, "fileno", None)
    if waiting or fileno is None:
        return False
    readable, _, _ = select.select([fileno()], [], [], 0)
    return bool(readable)  # readable with nothing to read: hang-up
