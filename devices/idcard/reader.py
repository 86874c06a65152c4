"""The real ID card reader adapter: the SAM serial protocol over pyserial.

One card read is find (expect 9F) → select (90) → read (90) → optionally the appended address;
every command has its own time-out. Answers that fail their checksum or never come are asked
for again (``retries``); a port that vanishes (USB unplugged) closes the adapter in state
DISCONNECTED and :meth:`SamReader.open` may be called again to reconnect — the watcher does
that on its own.

Thread-safety: every public method takes the adapter's lock, so a health check from another
thread never interleaves its bytes with a read in progress.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields

import serial

from core.errors import (
    CardRejected,
    CardUnreadable,
    DeviceFault,
    DeviceUnavailable,
    HallError,
    ProtocolError,
    SettingsError,
)
from core.identity import parse_text_block
from core.messages import tr
from core.ports import CardRead, DeviceState, Health
from core.settings import parse_options
from devices.idcard.frames import (
    BAUD_PARA,
    ChecksumError,
    Cmd,
    FrameDecoder,
    FrameError,
    Outcome,
    Response,
    decode_response,
    encode_baud_request,
    encode_request,
    format_sam_id,
    parse_read_payload,
)
from devices.serialport import SERIAL_ERRORS, close_serial, open_serial

log = logging.getLogger(__name__)

LABEL = "读卡器"
#: Status words that mean "your request arrived garbled": worth sending it again.
_RESEND = frozenset({0x10, 0x11})
#: A port read returns after this long without bytes; it is also the quiet period after which a
#: partial frame is judged to be noise.
_QUIET = 0.1


@dataclass(frozen=True)
class ReaderOptions:
    """Options of ``[devices.idcard]`` (strings in the TOML file, parsed here)."""

    baudrate: int = 115200
    switch_baud_to: int = 0  # 0: keep; else 0x60 switches the reader after opening
    fingerprint: bool = False  # 30 10: text + photo + fingerprint templates
    read_address: bool = True  # 30 03: the appended address (追加地址)
    find_timeout: float = 1.0
    select_timeout: float = 1.0
    read_timeout: float = 3.0
    sam_timeout: float = 1.0
    retries: int = 2
    photo_library: str = ""  # a licensed vendor decoder (see devices.idcard.photo)
    photo_symbol: str = "unpack"

    @classmethod
    def from_options(cls, options: Mapping[str, str]) -> ReaderOptions:
        """Raises SettingsError naming every option it cannot use."""
        defaults = {f.name: getattr(cls(), f.name) for f in fields(cls)}
        result = cls(**parse_options("idcard", options, defaults))
        for rate in (result.baudrate, result.switch_baud_to):
            if rate and rate not in BAUD_PARA:
                raise SettingsError(
                    f"devices.idcard: baud rate {rate} not one of {sorted(BAUD_PARA)}"
                )
        return result


@dataclass
class ReaderStats:
    reads: int = 0
    retries: int = 0
    noise_bytes_events: int = 0
    reconnects: int = 0


class SamReader:
    """A second-generation ID card reader on a serial port (implements core.ports.IdCardReader).

    Args:
        port: a pyserial URL (``/dev/ttyUSB0``, ``COM3``, ``hwgrep://VID:PID``,
            ``socket://host:port``, ``spy://...``) or a simulator's pty path.
    """

    def __init__(self, port: str, options: ReaderOptions | None = None) -> None:
        self.port_url = port
        self.options = options or ReaderOptions()
        self.stats = ReaderStats()
        self.sam_id = ""
        self.last_error: HallError | None = None
        self._serial: serial.SerialBase | None = None
        self._state = DeviceState.CLOSED
        self._lock = threading.RLock()
        self._fingerprint = self.options.fingerprint
        self._address_supported = self.options.read_address
        # Readers are supposed to answer "no card" after a read until the card leaves the field;
        # for those that do not, the same card is recognised and not reported twice.
        self._last_text: bytes | None = None
        self._opened_once = False

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        """Opens the port and checks the SAM; idempotent, also used to reconnect.

        Raises:
            DeviceUnavailable: no port, or nothing answering on it.
            DeviceFault: the reader answers but its SAM failed the self-test.
        """
        with self._lock:
            if self._serial is not None and self._state is DeviceState.READY:
                return
            self._close_port()
            self._state = DeviceState.OPENING
            try:
                self._serial = open_serial(
                    self.port_url,
                    baudrate=self.options.baudrate,
                    timeout=_QUIET,
                    device_label=LABEL,
                )
                self._check_sam()
                if self.options.switch_baud_to and (
                    self.options.switch_baud_to != self._serial.baudrate
                ):
                    self._switch_baud(self.options.switch_baud_to)
            except HallError as e:
                self._fail(e)
                raise
            if self._opened_once:
                self.stats.reconnects += 1
            self._opened_once = True
            self._state = DeviceState.READY
            self.last_error = None
            log.info("ID card reader ready on %s (SAM %s)", self.port_url, self.sam_id)

    def close(self) -> None:
        with self._lock:
            self._close_port()
            self._state = DeviceState.CLOSED

    def health(self) -> Health:
        """Asks the SAM for its status; never raises."""
        with self._lock:
            checks = {"port_open": self._serial is not None}
            if self._serial is not None:
                try:
                    r = self._transact(Cmd.SAM_STATUS, self.options.sam_timeout)
                    checks["sam_ok"] = r.sw3 == 0x90
                    if r.sw3 != 0x90:
                        self._state = DeviceState.FAULT
                except HallError as e:
                    checks["sam_ok"] = False
                    self._fail(e)
            detail = f"{self.port_url} @ {self._baud()} baud"
            if self.sam_id:
                detail += f", SAM {self.sam_id}"
            if self.last_error is not None:
                detail += f"; last error: {self.last_error.detail}"
            return Health(self._state, detail, checks)

    # -- reading -----------------------------------------------------------------------------

    def read_card(self) -> CardRead | None:
        """One find → select → read cycle.

        Returns:
            The card, or None when no new card is on the reader (including the card just read,
            still lying there).

        Raises:
            CardUnreadable: the card moved or the read glitched (transient).
            CardRejected: the card failed authentication or is not an identity card.
            ProtocolError: the reader sent a frame that is well-formed but makes no sense.
            DeviceUnavailable: the port vanished or the reader stopped answering.
            DeviceFault: the reader or its SAM reports a fault.
        """
        with self._lock:
            if self._serial is None or self._state not in (DeviceState.READY, DeviceState.BUSY):
                raise DeviceUnavailable(
                    f"reader on {self.port_url} is {self._state.value}",
                    user_message=tr("读卡器未就绪，请稍候或联系工作人员。"),
                )
            try:
                return self._read_cycle()
            except HallError as e:
                self._fail(e)
                raise
            finally:
                if self._state is DeviceState.BUSY:
                    self._state = DeviceState.READY

    def _read_cycle(self) -> CardRead | None:
        o = self.options
        r = self._transact(Cmd.FIND, o.find_timeout)
        if r.sw3 == 0x80:
            self._last_text = None  # the field is empty: the next card is a new card
            return None
        if not self._expect(r, (0x9F, 0x90), "find"):
            return None
        self._state = DeviceState.BUSY
        r = self._transact(Cmd.SELECT, o.select_timeout)
        if not self._expect(r, (0x90,), "select"):
            return None
        cmd = Cmd.READ_TEXT_PHOTO_FINGERPRINT if self._fingerprint else Cmd.READ_TEXT_PHOTO
        r = self._transact(cmd, o.read_timeout)
        if r.sw3 == 0x21 and cmd is Cmd.READ_TEXT_PHOTO_FINGERPRINT:
            log.warning("reader does not support fingerprint reads (30 10); using 30 01")
            self._fingerprint = False
            cmd = Cmd.READ_TEXT_PHOTO
            r = self._transact(cmd, o.read_timeout)
        if not self._expect(r, (0x90,), "read"):
            return None
        payload = parse_read_payload(
            r.data, with_fingerprint=cmd is Cmd.READ_TEXT_PHOTO_FINGERPRINT
        )
        if payload.text == self._last_text:
            return None
        identity = parse_text_block(payload.text, payload.photo)
        appendix = self._read_address() if self._address_supported else ""
        self._last_text = payload.text
        self.stats.reads += 1
        return CardRead(identity, payload.text, payload.photo, payload.fingerprint, appendix)

    def _read_address(self) -> str:
        try:
            r = self._transact(Cmd.READ_ADDRESS, self.options.read_timeout)
        except (DeviceUnavailable, ProtocolError) as e:
            log.warning("appended address not read: %s", e.detail)
            return ""
        if r.sw3 == 0x21:
            self._address_supported = False
            return ""
        if r.sw3 != 0x90 or len(r.data) % 2:
            return ""  # 91: the card carries no appended address
        return r.data.decode("utf-16-le", errors="replace").replace("\x00", " ").strip()

    def _expect(self, r: Response, wanted: tuple[int, ...], step: str) -> bool:
        """True when ``r`` is the wanted answer; False when the card left the field."""
        if r.sw3 in wanted:
            return True
        info = r.status
        detail = f"{step}: status 0x{r.sw3:02X} ({info.detail})"
        if info.outcome is Outcome.NO_CARD:
            return False
        if info.outcome is Outcome.RETRY:
            raise CardUnreadable(detail, user_message=info.user_message)
        if info.outcome is Outcome.CARD:
            raise CardRejected(detail, user_message=info.user_message)
        raise DeviceFault(detail, user_message=info.user_message)

    # -- SAM and line --------------------------------------------------------------------

    def _check_sam(self) -> None:
        r = self._transact(Cmd.SAM_STATUS, self.options.sam_timeout)
        if r.sw3 != 0x90:
            info = r.status
            raise DeviceFault(
                f"SAM status 0x{r.sw3:02X} ({info.detail})", user_message=info.user_message
            )
        r = self._transact(Cmd.SAM_ID, self.options.sam_timeout)
        if r.sw3 == 0x90:
            try:
                self.sam_id = format_sam_id(r.data)
            except FrameError as e:
                log.warning("SAM id not readable: %s", e)

    def _switch_baud(self, rate: int) -> None:
        assert self._serial is not None
        r = self._transact_raw(encode_baud_request(rate), "baud", self.options.sam_timeout)
        if r.sw3 != 0x90:
            raise DeviceFault(
                f"baud switch to {rate} refused: 0x{r.sw3:02X}",
                user_message=tr("读卡器不支持所设波特率，请联系技术人员。"),
            )
        self._serial.baudrate = rate
        time.sleep(0.05)  # the reader changes its UART after answering
        self._check_sam()

    def _baud(self) -> int:
        return self._serial.baudrate if self._serial is not None else self.options.baudrate

    def _transact(self, cmd: Cmd, timeout: float) -> Response:
        return self._transact_raw(encode_request(cmd), cmd.name, timeout)

    def _transact_raw(self, request: bytes, name: str, timeout: float) -> Response:
        """Sends ``request`` and returns the first valid answer, asking again on garbage."""
        port = self._serial
        if port is None:
            raise DeviceUnavailable(f"{name}: port not open")
        bad_sums: list[str] = []
        garbled: list[str] = []
        noise = 0
        silent = 0
        for attempt in range(1 + self.options.retries):
            if attempt:
                self.stats.retries += 1
            try:
                port.reset_input_buffer()
                port.write(request)
                frame, errors = self._receive(port, timeout)
            except SERIAL_ERRORS as e:
                self._close_port()
                self._state = DeviceState.DISCONNECTED
                raise DeviceUnavailable(
                    f"{name}: port {self.port_url} failed: {e}",
                    user_message=tr("读卡器已断开，请检查连接线；重新接上后会自动恢复。"),
                ) from e
            bad_sums += [str(e) for e in errors if isinstance(e, ChecksumError)]
            noise += sum(1 for e in errors if not isinstance(e, ChecksumError))
            if frame is None:
                if not errors:
                    silent += 1
                continue
            response = decode_response(frame)
            if response.sw3 in _RESEND:
                garbled.append(f"reader saw our request garbled (0x{response.sw3:02X})")
                continue
            return response
        tries = 1 + self.options.retries
        if silent == tries:
            raise DeviceUnavailable(
                f"{name}: no answer within {timeout:.1f} s ({tries} tries) on {self.port_url}",
                user_message=tr("读卡器没有响应，请检查连接线或电源；如反复出现请联系工作人员。"),
            )
        what = []
        if bad_sums:
            what.append(f"{len(bad_sums)} answers failed their checksum ({bad_sums[-1]})")
        what += garbled[-1:]
        if noise:
            what.append(f"{noise} stretches of line noise")
        raise CardUnreadable(
            f"{name}: no valid answer in {tries} tries: " + "; ".join(what),
            user_message=tr(
                "与读卡器的通信受到干扰（校验错误），请重新放置证件；如反复出现请联系工作人员。"
            ),
        )

    def _receive(
        self, port: serial.SerialBase, timeout: float
    ) -> tuple[bytes | None, list[FrameError]]:
        decoder = FrameDecoder()
        errors: list[FrameError] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = port.read(max(decoder.needed, port.in_waiting, 1))
            items = decoder.feed(chunk) if chunk else []
            if not chunk and decoder.pending:
                items = decoder.resync()
            for item in items:
                if isinstance(item, FrameError):
                    errors.append(item)
                    if not isinstance(item, ChecksumError):
                        self.stats.noise_bytes_events += 1
                else:
                    return item, errors
        return None, errors

    def _fail(self, e: HallError) -> None:
        self.last_error = e
        if isinstance(e, DeviceFault):
            self._state = DeviceState.FAULT
        elif isinstance(e, DeviceUnavailable):
            self._close_port()
            self._state = DeviceState.DISCONNECTED

    def _close_port(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            close_serial(port)
