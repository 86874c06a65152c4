"""Pure codec of the SAM serial protocol (facts in reference/devices.md §1).

    request:  AA AA AA 96 69 | LEN(2, BE) | CMD PARA DATA… | CHK
    response: AA AA AA 96 69 | LEN(2, BE) | SW1 SW2 SW3 DATA… | CHK

LEN counts every byte after itself, the checksum included; CHK is the XOR of every byte after
the preamble except itself (the two LEN bytes included).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.errors import ProtocolError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
#: The longest legitimate frame body (read with a 1024-byte fingerprint: 2321 - 7); LEN above
#: this is noise, and the decoder resynchronises instead of waiting for kilobytes.
MAX_LEN = 4096


class FrameError(ProtocolError):
    """Bytes that are not a valid frame."""


class ChecksumError(FrameError):
    pass


class Cmd(enum.Enum):
    """Commands as (CMD, PARA)."""

    RESET_SAM = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND = (0x20, 0x01)
    SELECT = (0x20, 0x02)
    READ_TEXT_PHOTO = (0x30, 0x01)
    READ_ADDRESS = (0x30, 0x03)
    READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)


#: Baud rates of the 0x60 command, by its PARA byte.
BAUD_PARA = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}


class Outcome(enum.Enum):
    OK = "ok"
    NO_CARD = "no_card"  # the normal idle answer
    RETRY = "retry"  # transient: the card moved, a read glitched
    CARD = "card"  # the card itself is the problem (not a device fault)
    FAULT = "fault"  # the reader or its SAM needs a technician


@dataclass(frozen=True)
class StatusInfo:
    code: int
    outcome: Outcome
    user_message: str  # Chinese, for the person at the terminal
    detail: str  # English, for the log


_S = StatusInfo
#: SW3 reader status bytes.
STATUS: dict[int, StatusInfo] = {
    s.code: s
    for s in (
        _S(0x90, Outcome.OK, "操作成功", "ok"),
        _S(0x9F, Outcome.OK, "已找到证件", "card found"),
        _S(0x80, Outcome.NO_CARD, "请将证件放在读卡区", "no card in the field"),
        _S(0x81, Outcome.RETRY, "请将证件放稳，不要移动", "select failed"),
        _S(0x41, Outcome.RETRY, "读卡失败，请重新放置证件", "read failed"),
        _S(0x91, Outcome.OK, "证件无此项内容", "no such content on the card"),
        _S(0x10, Outcome.RETRY, "通信受干扰，正在重试", "reader saw a checksum error"),
        _S(0x11, Outcome.RETRY, "通信受干扰，正在重试", "reader saw a length error"),
        _S(0x21, Outcome.FAULT, "读卡器不支持此命令，请联系工作人员", "command error"),
        _S(0x23, Outcome.FAULT, "读卡器未授权，请联系工作人员", "unauthorised operation"),
        _S(0x24, Outcome.FAULT, "读卡器出现未知错误，请联系工作人员", "unknown reader error"),
        _S(
            0x31,
            Outcome.CARD,
            "无法验证此证件，请确认是有效的身份证件",
            "card authentication failed (31)",
        ),
        _S(
            0x32,
            Outcome.CARD,
            "无法验证此证件，请确认是有效的身份证件",
            "card authentication failed (32)",
        ),
        _S(
            0x33,
            Outcome.CARD,
            "无法验证此证件，请确认是有效的身份证件",
            "card authentication failed (33)",
        ),
        _S(0x40, Outcome.CARD, "无法识别此证件类型，请使用身份证或居住证", "wrong card type"),
        _S(0x47, Outcome.RETRY, "读卡失败，请重新放置证件", "random number generation failed"),
        _S(0x60, Outcome.FAULT, "读卡器安全模块自检失败，请联系工作人员", "SAM self-test failed"),
        _S(0x66, Outcome.FAULT, "读卡器安全模块未授权，请联系工作人员", "SAM not authorised"),
    )
}


def status_info(code: int) -> StatusInfo:
    return STATUS.get(
        code,
        StatusInfo(
            code,
            Outcome.FAULT,
            "读卡器返回未知状态，请联系工作人员",
            f"unknown status 0x{code:02X}",
        ),
    )


def checksum(body: bytes) -> int:
    """XOR of LEN and payload bytes (everything after the preamble, before CHK)."""
    value = 0
    for b in body:
        value ^= b
    return value


def _frame(payload: bytes) -> bytes:
    length = (len(payload) + 1).to_bytes(2, "big")
    body = length + payload
    return PREAMBLE + body + bytes([checksum(body)])


def encode_request(cmd: Cmd | tuple[int, int], data: bytes = b"") -> bytes:
    code, para = cmd.value if isinstance(cmd, Cmd) else cmd
    return _frame(bytes([code, para]) + data)


def encode_baud_request(rate: int) -> bytes:
    if rate not in BAUD_PARA:
        raise ValueError(f"unsupported baud rate {rate}")
    return encode_request((0x60, BAUD_PARA[rate]))


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Request:
    cmd: int
    para: int
    data: bytes = b""


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def status(self) -> StatusInfo:
        return status_info(self.sw3)


def payload_of(frame: bytes) -> bytes:
    """Checks one complete frame and returns what lies between LEN and CHK.

    Raises:
        FrameError / ChecksumError: with the reason.
    """
    if len(frame) < HEADER_SIZE + 1 or not frame.startswith(PREAMBLE):
        raise FrameError("not a frame: missing preamble or too short")
    length = int.from_bytes(frame[5:7], "big")
    if length < 1 or length > MAX_LEN:
        raise FrameError(f"implausible length {length}")
    if len(frame) != HEADER_SIZE + length:
        raise FrameError(f"frame has {len(frame)} bytes, LEN says {HEADER_SIZE + length}")
    body = frame[5:-1]
    if checksum(body) != frame[-1]:
        raise ChecksumError(f"checksum 0x{frame[-1]:02X}, expected 0x{checksum(body):02X}")
    return frame[7:-1]


def decode_response(frame: bytes) -> Response:
    payload = payload_of(frame)
    if len(payload) < 3:
        raise FrameError("response shorter than its three status bytes")
    return Response(payload[0], payload[1], payload[2], payload[3:])


def decode_request(frame: bytes) -> Request:
    payload = payload_of(frame)
    if len(payload) < 2:
        raise FrameError("request shorter than CMD and PARA")
    return Request(payload[0], payload[1], payload[2:])


class FrameDecoder:
    """Splits a byte stream into frames, resynchronising on the preamble after noise.

    ``feed`` returns, in order, every complete frame (bytes) and every error met (a
    FrameError for a frame that was dropped). Partial frames wait for more bytes.
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes | FrameError]:
        self._buf += data
        out: list[bytes | FrameError] = []
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = max(len(self._buf) - (len(PREAMBLE) - 1), 0)
                if keep:
                    out.append(FrameError(f"{keep} bytes of noise skipped"))
                    del self._buf[:keep]
                return out
            if start:
                out.append(FrameError(f"{start} bytes of noise skipped"))
                del self._buf[:start]
            if len(self._buf) < HEADER_SIZE:
                return out
            length = int.from_bytes(self._buf[5:7], "big")
            if length < 1 or length > MAX_LEN:
                out.append(FrameError(f"implausible length {length}; resynchronising"))
                del self._buf[:1]
                continue
            total = HEADER_SIZE + length
            if len(self._buf) < total:
                return out
            frame = bytes(self._buf[:total])
            try:
                payload_of(frame)
            except FrameError as e:
                out.append(e)
                del self._buf[:1]  # the preamble may have been noise: look again after it
                continue
            out.append(frame)
            del self._buf[:total]

    @property
    def pending(self) -> int:
        return len(self._buf)

    @property
    def needed(self) -> int:
        """How many more bytes would complete the frame at the head of the buffer (≥ 1)."""
        if len(self._buf) < HEADER_SIZE:
            return HEADER_SIZE - len(self._buf)
        length = int.from_bytes(self._buf[5:7], "big")
        return max(HEADER_SIZE + length - len(self._buf), 1)

    def resync(self) -> list[bytes | FrameError]:
        """The line went quiet with a partial frame at the head: that header was noise (or the
        frame was cut). Drops it and returns whatever complete frames follow it."""
        if not self._buf:
            return []
        dropped = len(self._buf)
        del self._buf[:1]
        out: list[bytes | FrameError] = [FrameError(f"incomplete frame of {dropped} bytes")]
        out += self.feed(b"")
        return out


@dataclass(frozen=True)
class CardPayload:
    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def parse_read_payload(data: bytes, *, with_fingerprint: bool) -> CardPayload:
    """The data of a 30 01 / 30 10 answer: lengths (BE), then text, photo[, fingerprint]."""
    n_lengths = 3 if with_fingerprint else 2
    if len(data) < 2 * n_lengths:
        raise FrameError("read answer too short for its length fields")
    lengths = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(n_lengths)]
    if len(data) != 2 * n_lengths + sum(lengths):
        raise FrameError(f"read answer has {len(data)} data bytes, lengths say {sum(lengths)}")
    pos = 2 * n_lengths
    parts = []
    for n in lengths:
        parts.append(data[pos : pos + n])
        pos += n
    return CardPayload(parts[0], parts[1], parts[2] if with_fingerprint else b"")


def encode_read_payload(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    lengths = [len(text), len(photo)] + ([len(fingerprint)] if fingerprint is not None else [])
    head = b"".join(n.to_bytes(2, "big") for n in lengths)
    return head + text + photo + (fingerprint or b"")


SAM_ID_SIZE = 16


def format_sam_id(data: bytes) -> str:
    """The SAM id as printed on readers: ``05.01-20101010-000123456-000654321``.

    The answer to 12 FF carries two small numbers (one byte each, followed by a reserved byte)
    and three little-endian 32-bit numbers.
    """
    if len(data) < SAM_ID_SIZE:
        raise FrameError(f"SAM id answer has {len(data)} bytes, expected {SAM_ID_SIZE}")
    a, b = data[0], data[2]
    c, d, e = (int.from_bytes(data[i : i + 4], "little") for i in (4, 8, 12))
    return f"{a:02d}.{b:02d}-{c}-{d:09d}-{e:09d}"


def encode_sam_id(a: int, b: int, c: int, d: int, e: int) -> bytes:
    """The inverse of :func:`format_sam_id` (for simulators)."""
    return (
        bytes([a, 0, b, 0])
        + c.to_bytes(4, "little")
        + d.to_bytes(4, "little")
        + e.to_bytes(4, "little")
    )
