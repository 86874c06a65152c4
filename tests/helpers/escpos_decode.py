"""An ESC/POS token decoder for the tests, written from the command set (not from our renderer),
so tests assert on what the printer would do, not on bytes copied from the implementation.

Understands: ESC @ (init), ESC a n (align), ESC E n (bold), ESC ! n (mode), GS ! n (size),
ESC t n (code table), ESC d n (feed), ESC 2 / ESC 3 n (line spacing), FS & / FS . (CJK mode),
GS ( k (QR store / print), GS v 0 (raster image), GS V (cut), LF, and text runs decoded as
GB18030. Anything else raises, so an unexpected command cannot slip through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Raster:
    width: int  # dots
    height: int
    bits: np.ndarray  # height × width, True = black


@dataclass
class Decoded:
    tokens: list[tuple[str, object]] = field(default_factory=list)

    @property
    def text_lines(self) -> list[str]:
        return [str(v) for k, v in self.tokens if k == "text"]

    @property
    def text(self) -> str:
        return "\n".join(self.text_lines)

    @property
    def qr_payloads(self) -> list[str]:
        return [str(v) for k, v in self.tokens if k == "qr_print"]

    @property
    def rasters(self) -> list[Raster]:
        return [v for k, v in self.tokens if k == "raster"]  # type: ignore[misc]

    @property
    def cuts(self) -> int:
        return sum(1 for k, _ in self.tokens if k == "cut")

    def kinds(self) -> list[str]:
        return [k for k, _ in self.tokens]


def decode(data: bytes) -> Decoded:
    out = Decoded()
    i = 0
    text = bytearray()
    qr_store = b""

    def flush() -> None:
        if text:
            out.tokens.append(("text", text.decode("gb18030")))
            text.clear()

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            flush()
            i += 1
        elif b == 0x1B:
            flush()
            cmd = data[i + 1]
            if cmd == 0x40:
                out.tokens.append(("init", None))
                i += 2
            elif cmd in (0x61, 0x45, 0x21, 0x74, 0x64, 0x33, 0x4D, 0x2D, 0x47, 0x7B):
                name = {
                    0x61: "align",
                    0x45: "bold",
                    0x21: "mode",
                    0x74: "codepage",
                    0x64: "feed",
                    0x33: "spacing",
                    0x4D: "font",
                    0x2D: "underline",
                    0x47: "double_strike",
                    0x7B: "upside_down",
                }[cmd]
                out.tokens.append((name, data[i + 2]))
                i += 3
            elif cmd == 0x32:
                out.tokens.append(("spacing", None))
                i += 2
            else:
                raise ValueError(f"unknown ESC 0x{cmd:02X} at {i}")
        elif b == 0x1C:
            flush()
            cmd = data[i + 1]
            if cmd == 0x26:
                out.tokens.append(("cjk_on", None))
            elif cmd == 0x2E:
                out.tokens.append(("cjk_off", None))
            else:
                raise ValueError(f"unknown FS 0x{cmd:02X} at {i}")
            i += 2
        elif b == 0x1D:
            flush()
            cmd = data[i + 1]
            if cmd == 0x21:
                out.tokens.append(("size", data[i + 2]))
                i += 3
            elif cmd == 0x56:
                mode = data[i + 2]
                out.tokens.append(("cut", mode))
                i += 3 if mode in (0, 1, 0x30, 0x31) else 4
            elif cmd == 0x28 and data[i + 2] == 0x6B:
                n = data[i + 3] | data[i + 4] << 8
                body = data[i + 5 : i + 5 + n]
                cn, fn = body[0], body[1]
                if (cn, fn) == (0x31, 0x50):
                    qr_store = body[3:]
                elif (cn, fn) == (0x31, 0x51):
                    out.tokens.append(("qr_print", qr_store.decode("utf-8")))
                else:
                    out.tokens.append(("qr_setting", (fn, bytes(body[2:]))))
                i += 5 + n
            elif cmd == 0x76 and data[i + 2] == 0x30:
                xl, xh, yl, yh = data[i + 4 : i + 8]
                width_bytes = xl | xh << 8
                height = yl | yh << 8
                raw = np.frombuffer(data[i + 8 : i + 8 + width_bytes * height], np.uint8)
                bits = np.unpackbits(raw.reshape(height, width_bytes), axis=1).astype(bool)
                out.tokens.append(("raster", Raster(width_bytes * 8, height, bits)))
                i += 8 + width_bytes * height
            else:
                raise ValueError(f"unknown GS 0x{cmd:02X} at {i}")
        elif b < 0x20 and b not in (0x09,):
            raise ValueError(f"unexpected control byte 0x{b:02X} at {i}")
        else:
            text.append(b)
            i += 1
    flush()
    return out
