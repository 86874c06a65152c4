"""A reader simulator speaking the SAM protocol on a wire: a pty pair or a TCP socket.

:class:`ReaderEngine` is the reader's behaviour (no I/O): cards placed and removed, the
find → select → read sequence, "the card must leave the field after a read", SAM status and id,
baud switching, and faults on demand (SAM failure, answers with a bad checksum, silence, line
noise, card authentication failures). :class:`PtySimulator` and :class:`SocketSimulator` put
an engine on a real byte stream so the real adapter is tested through pyserial.

The pty simulator keeps a stable symlink to its slave device: :meth:`PtySimulator.unplug`
makes the port vanish like a pulled USB cable, :meth:`PtySimulator.replug` brings it back
under the same name.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.identity import Identity, encode_text_block
from devices.idcard.frames import (
    BAUD_PARA,
    ChecksumError,
    Cmd,
    FrameDecoder,
    FrameError,
    decode_request,
    encode_read_payload,
    encode_response,
    encode_sam_id,
)
from devices.ptylink import PtyLink

log = logging.getLogger(__name__)

#: A plausible (synthetic) WLT photo: the real format is proprietary; only its size matters here.
PHOTO_SIZE = 1024
ADDRESS_APPENDIX_SIZE = 70


def synthetic_photo(identity: Identity) -> bytes:
    seed = int.from_bytes(identity.id_number.encode()[-8:].ljust(8, b"0"), "big")
    rnd = random.Random(seed)
    return b"WLT" + bytes(rnd.getrandbits(8) for _ in range(PHOTO_SIZE - 3))


@dataclass
class SimCard:
    identity: Identity
    photo: bytes = b""
    fingerprint: bytes = b""
    address_appendix: str = ""
    text_block: bytes = b""  # override (e.g. malformed blocks in tests)

    def block(self) -> bytes:
        return self.text_block or encode_text_block(self.identity)

    def photo_bytes(self) -> bytes:
        return self.photo or synthetic_photo(self.identity)


@dataclass
class Faults:
    """Faults to inject; counters count down as they are used."""

    sam_failure: bool = False  # SAM self-test failed: 60 to everything
    corrupt_answers: int = 0  # the next N answers carry a wrong checksum
    silent_answers: int = 0  # the next N requests get no answer at all
    noise: bool = False  # random bytes (sometimes a false preamble) before every answer
    card_status: int = 0  # e.g. 0x31: the card fails authentication when read
    select_failures: int = 0  # the next N selects answer 81 (card moved)


@dataclass
class ReaderEngine:
    sam_id: tuple[int, int, int, int, int] = (5, 1, 20240101, 123456, 654321)
    fingerprint_supported: bool = True
    faults: Faults = field(default_factory=Faults)
    baudrate: int = 115200
    card: SimCard | None = None
    #: After each read the card leaves the field for one find and comes back, like a queue of
    #: citizens at the terminal (benchmarks, soak tests).
    auto_represent: bool = False
    requests: int = 0
    _selected: bool = False
    _needs_removal: bool = False
    _rng: random.Random = field(default_factory=lambda: random.Random(7))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def place(self, card: SimCard | Identity) -> None:
        with self._lock:
            self.card = card if isinstance(card, SimCard) else SimCard(card)
            self._selected = False
            self._needs_removal = False

    def remove(self) -> None:
        with self._lock:
            self.card = None
            self._selected = False
            self._needs_removal = False

    @property
    def awaiting_removal(self) -> bool:
        return self._needs_removal

    def handle_bytes(self, decoder: FrameDecoder, data: bytes) -> bytes:
        """Feeds bytes from the host; returns the bytes to send back."""
        out = b""
        for item in decoder.feed(data):
            if isinstance(item, ChecksumError):
                out += self._emit(encode_response(0x10))
            elif isinstance(item, FrameError):
                continue
            else:
                out += self._answer(item)
        return out

    def _answer(self, frame: bytes) -> bytes:
        with self._lock:
            self.requests += 1
            try:
                req = decode_request(frame)
            except FrameError:
                return self._emit(encode_response(0x11))
            return self._emit(self._respond(req.cmd, req.para))

    def _respond(self, cmd: int, para: int) -> bytes:
        f = self.faults
        key = (cmd, para)
        if cmd == 0x60:
            rates = {v: k for k, v in BAUD_PARA.items()}
            if para not in rates:
                return encode_response(0x21)
            self.baudrate = rates[para]
            return encode_response(0x90)
        if key == Cmd.RESET_SAM.value:
            return encode_response(0x90)
        if f.sam_failure:
            return encode_response(0x60)
        if key == Cmd.SAM_STATUS.value:
            return encode_response(0x90)
        if key == Cmd.SAM_ID.value:
            return encode_response(0x90, encode_sam_id(*self.sam_id))
        if key == Cmd.FIND.value:
            self._selected = False
            if self.card is None or self._needs_removal:
                if self.auto_represent:
                    self._needs_removal = False
                return encode_response(0x80)
            return encode_response(0x9F, bytes(4))
        if key == Cmd.SELECT.value:
            if self.card is None or self._needs_removal:
                return encode_response(0x81)
            if f.select_failures:
                f.select_failures -= 1
                return encode_response(0x81)
            self._selected = True
            return encode_response(0x90, bytes(8))
        if key in (Cmd.READ_TEXT_PHOTO.value, Cmd.READ_TEXT_PHOTO_FINGERPRINT.value):
            with_fp = key == Cmd.READ_TEXT_PHOTO_FINGERPRINT.value
            if with_fp and not self.fingerprint_supported:
                return encode_response(0x21)
            if self.card is None or not self._selected:
                return encode_response(0x41)
            if f.card_status:
                return encode_response(f.card_status)
            c = self.card
            payload = encode_read_payload(
                c.block(), c.photo_bytes(), c.fingerprint if with_fp else None
            )
            self._needs_removal = True  # selected stays true: a garbled answer may be re-read
            return encode_response(0x90, payload)
        if key == Cmd.READ_ADDRESS.value:
            if self.card is None or not self._selected:
                return encode_response(0x41)
            if not self.card.address_appendix:
                return encode_response(0x91)
            text = self.card.address_appendix[: ADDRESS_APPENDIX_SIZE // 2]
            return encode_response(0x90, text.ljust(ADDRESS_APPENDIX_SIZE // 2).encode("utf-16-le"))
        return encode_response(0x21)

    def _emit(self, frame: bytes) -> bytes:
        f = self.faults
        if f.silent_answers:
            f.silent_answers -= 1
            return b""
        if f.corrupt_answers:
            f.corrupt_answers -= 1
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        if f.noise:
            junk = bytes(self._rng.getrandbits(8) for _ in range(self._rng.randint(1, 24)))
            if self._rng.random() < 0.3:
                junk += b"\xaa\xaa\xaa\x96\x69\x00"  # a false start the host must get past
            frame = junk + frame
        return frame


class _Server:
    """Runs an engine on a byte link in a thread."""

    def __init__(self, engine: ReaderEngine, *, wire_timing: bool = False) -> None:
        self.engine = engine
        self.wire_timing = wire_timing
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _pace(self, nbytes: int) -> None:
        if self.wire_timing and nbytes:
            time.sleep(nbytes * 10 / self.engine.baudrate)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


class PtySimulator(_Server):
    """The engine behind a pseudo-terminal; the host opens :attr:`port` with pyserial."""

    def __init__(
        self,
        engine: ReaderEngine | None = None,
        *,
        link: Path | None = None,
        wire_timing: bool = False,
    ) -> None:
        super().__init__(engine or ReaderEngine(), wire_timing=wire_timing)
        self.pty = PtyLink(link)

    @property
    def port(self) -> str:
        return self.pty.port

    def start(self) -> PtySimulator:
        self.pty.plug()
        self._thread = threading.Thread(target=self._run, name="idcard-sim-pty", daemon=True)
        self._thread.start()
        return self

    def unplug(self) -> None:
        """The port vanishes: the host's next read or write fails."""
        self.pty.unplug()

    def replug(self) -> None:
        self.pty.plug()

    def stop(self) -> None:
        self._stop.set()
        super().stop()
        self.pty.unplug()

    def _run(self) -> None:
        decoder = FrameDecoder()
        while not self._stop.is_set():
            data = self.pty.read(0.1)
            if data is None:
                decoder = FrameDecoder()  # a new plug starts a clean line
                continue
            answer = self.engine.handle_bytes(decoder, data) if data else b""
            if answer:
                self._pace(len(answer))
                self.pty.write(answer)


class SocketSimulator(_Server):
    """The engine behind a TCP port: ``socket://127.0.0.1:PORT`` for pyserial."""

    def __init__(
        self,
        engine: ReaderEngine | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        wire_timing: bool = False,
    ) -> None:
        super().__init__(engine or ReaderEngine(), wire_timing=wire_timing)
        self._listener = socket.create_server((host, port))
        self._listener.settimeout(0.2)
        self.host, self.tcp_port = self._listener.getsockname()[:2]

    @property
    def port(self) -> str:
        return f"socket://{self.host}:{self.tcp_port}"

    def start(self) -> SocketSimulator:
        self._thread = threading.Thread(target=self._run, name="idcard-sim-tcp", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        super().stop()
        self._listener.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.2)
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                decoder = FrameDecoder()
                while not self._stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    answer = self.engine.handle_bytes(decoder, data)
                    if answer:
                        self._pace(len(answer))
                        try:
                            conn.sendall(answer)
                        except OSError:
                            break
