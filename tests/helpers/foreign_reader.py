"""A reader the adapter has never seen: written for the tests straight from devices.md §1.

It shares no code with devices/ or core/identity: frames are built here by hand (the public
frames of devices.md are used verbatim where they exist), text blocks are laid out from the
byte offsets in devices.md, and its behaviour differs from our own simulator where real readers
differ: it keeps answering "card found" while a card lies on it (no removal rule), pads its
select answer as in the public capture, and it answers a SAM id of 16 bytes of its own making.

Modes: "ok", "bad_checksum" (every answer's checksum wrong), "sam_failure" (status 60),
"mute" (no answer).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from pathlib import Path

HEAD = bytes.fromhex("AAAAAA9669")

FIND_OK = bytes.fromhex("AAAAAA9669000800009F0000000097")
NO_CARD = bytes.fromhex("AAAAAA9669000400008084")
SELECT_OK = bytes.fromhex("AAAAAA9669000C00009000000000000000009C")
STATUS_OK = bytes.fromhex("AAAAAA9669000400009094")


def frame(sw3: int, data: bytes = b"") -> bytes:
    body = bytes([0, 0, sw3]) + data
    n = len(body) + 1
    chk = (n >> 8) ^ (n & 0xFF)
    for b in body:
        chk ^= b
    return HEAD + bytes([n >> 8, n & 0xFF]) + body + bytes([chk])


def put(block: bytearray, start: int, end: int, text: str) -> None:
    """Writes ``text`` UCS-2 LE into bytes start..end (inclusive), space padded."""
    width = (end - start + 1) // 2
    assert len(text) <= width, (text, width)
    block[start : end + 1] = (text + " " * (width - len(text))).encode("utf-16-le")


def resident_block(
    name: str,
    sex: str,
    nation: str,
    birth: str,
    address: str,
    number: str,
    authority: str,
    start: str,
    end: str,
) -> bytes:
    b = bytearray(" ".encode("utf-16-le") * 128)
    put(b, 0, 29, name)
    put(b, 30, 31, sex)
    put(b, 32, 35, nation)
    put(b, 36, 51, birth)
    put(b, 52, 121, address)
    put(b, 122, 157, number)
    put(b, 158, 187, authority)
    put(b, 188, 203, start)
    put(b, 204, 219, end)
    return bytes(b)


def permit_block(pass_number: str, issues: str, **kw: str) -> bytes:
    b = bytearray(resident_block(nation="", **kw))
    put(b, 220, 237, pass_number)
    put(b, 238, 241, issues)
    put(b, 248, 249, "J")
    return bytes(b)


def foreigner_2017_block(
    english: str,
    sex: str,
    number: str,
    nationality: str,
    chinese: str,
    issued: str,
    expires: str,
    birth: str,
    version: str,
    authority_code: str,
) -> bytes:
    b = bytearray(" ".encode("utf-16-le") * 128)
    put(b, 0, 119, english)
    put(b, 120, 121, sex)
    put(b, 122, 151, number)
    put(b, 152, 157, nationality)
    put(b, 158, 187, chinese)
    put(b, 188, 203, issued)
    put(b, 204, 219, expires)
    put(b, 220, 235, birth)
    put(b, 236, 239, version)
    put(b, 240, 247, authority_code)
    put(b, 248, 249, "I")
    return bytes(b)


def foreigner_2023_block(
    chinese: str,
    sex: str,
    renewals: str,
    birth: str,
    english_1: str,
    number: str,
    issued: str,
    expires: str,
    english_2: str,
    country: str,
) -> bytes:
    b = bytearray(" ".encode("utf-16-le") * 128)
    put(b, 0, 29, chinese)
    put(b, 30, 31, sex)
    put(b, 32, 35, renewals)
    put(b, 36, 51, birth)
    put(b, 52, 121, english_1)
    put(b, 122, 157, number)
    put(b, 188, 203, issued)
    put(b, 204, 219, expires)
    put(b, 220, 241, english_2)
    put(b, 242, 247, country)
    put(b, 248, 249, "Y")
    return bytes(b)


class ForeignReader:
    """Serves on a pty behind a stable symlink ``link``."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.mode = "ok"
        self.text: bytes | None = None  # the card on the reader
        self.photo = bytes(range(256)) * 4
        self.requests: list[bytes] = []
        self._fds: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> ForeignReader:
        self.plug()
        self._thread.start()
        return self

    def plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        tmp = self.link.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.link)
        self._fds = (master, slave)

    def pull(self) -> None:
        """Like pulling the USB cable: the device node goes away."""
        fds, self._fds = self._fds, None
        if fds:
            for fd in fds:
                os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.pull()

    def _answer(self, request: bytes) -> bytes:
        cmd = request[7:9]
        if self.mode == "mute":
            return b""
        if self.mode == "sam_failure":
            out = frame(0x60)
        elif cmd == b"\x11\xff":
            out = STATUS_OK
        elif cmd == b"\x12\xff":
            out = frame(0x90, bytes([5, 0, 2, 0]) + (7).to_bytes(4, "little") * 3)
        elif cmd == b"\x20\x01":
            out = FIND_OK if self.text else NO_CARD
        elif cmd == b"\x20\x02":
            out = SELECT_OK if self.text else frame(0x81)
        elif cmd == b"\x30\x01" and self.text:
            data = len(self.text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big")
            out = frame(0x90, data + self.text + self.photo)
            assert len(out) == 1295
        elif cmd == b"\x30\x03":
            out = frame(0x91)
        elif cmd[:1] == b"\x30":
            out = frame(0x41)
        else:
            out = frame(0x21)
        if self.mode == "bad_checksum":
            out = out[:-1] + bytes([out[-1] ^ 0xFF])
        return out

    def _serve(self) -> None:
        buf = b""
        while not self._stop.is_set():
            fds = self._fds
            if fds is None:
                self._stop.wait(0.05)
                buf = b""
                continue
            try:
                ready, _, _ = select.select([fds[0]], [], [], 0.05)
                if not ready:
                    continue
                buf += os.read(fds[0], 1024)
            except OSError:
                continue
            # requests are short: header, LEN, then LEN bytes
            while True:
                at = buf.find(HEAD)
                if at < 0 or len(buf) < at + 7:
                    break
                n = int.from_bytes(buf[at + 5 : at + 7], "big")
                if len(buf) < at + 7 + n:
                    break
                request, buf = buf[at : at + 7 + n], buf[at + 7 + n :]
                self.requests.append(request)
                answer = self._answer(request)
                if answer:
                    with contextlib.suppress(OSError):
                        os.write(fds[0], answer)
