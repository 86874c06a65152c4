"""Optional photo decoding: the card's 1024-byte WLT blob is proprietary.

Only licensed vendor libraries decode it (to a 102×126 24-bit picture). When a terminal has one,
the technician names it in the configuration and it is loaded with ctypes::

    [devices.idcard.options]
    photo_library = "/opt/vendor/lib/libwlt.so"   # or C:\\Vendor\\WltRS.dll
    photo_symbol = "unpack"

The expected C signature is the common one of these libraries:
``int unpack(const unsigned char *wlt, unsigned char *out, int flag)``, returning 1 on success
and writing either a whole BMP file (38,862 bytes) or the raw BGR pixels (38,556 bytes) to
``out``. Without a library the apps show a placeholder and nothing fails.
"""

from __future__ import annotations

import ctypes
import logging
import struct
import threading
from pathlib import Path
from typing import Protocol

from core.errors import SettingsError
from core.messages import tr

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 102, 126
_ROW = (WIDTH * 3 + 3) // 4 * 4  # BMP rows are padded to 4 bytes
RAW_SIZE = WIDTH * HEIGHT * 3
BMP_SIZE = 54 + _ROW * HEIGHT
WLT_SIZE = 1024


class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> bytes | None:
        """A BMP file of the holder's photo, or None when it cannot be decoded."""
        ...


class NoPhotoDecoder:
    """The default: no licensed decoder on this terminal."""

    def decode(self, wlt: bytes) -> bytes | None:
        return None


def bmp_from_bgr(raw: bytes) -> bytes:
    """Wraps 102×126 top-down BGR pixels into a bottom-up BMP file."""
    if len(raw) != RAW_SIZE:
        raise ValueError(f"expected {RAW_SIZE} bytes of pixels, got {len(raw)}")
    header = b"BM" + struct.pack("<IHHI", BMP_SIZE, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, WIDTH, HEIGHT, 1, 24, 0, _ROW * HEIGHT, 2835, 2835, 0, 0)
    pad = bytes(_ROW - WIDTH * 3)
    rows = [raw[y * WIDTH * 3 : (y + 1) * WIDTH * 3] + pad for y in range(HEIGHT - 1, -1, -1)]
    return header + info + b"".join(rows)


class VendorPhotoDecoder:
    """Calls a vendor library through ctypes; one call at a time (these libraries are rarely
    thread-safe)."""

    def __init__(self, library: str, symbol: str = "unpack") -> None:
        path = Path(library)
        if not path.exists():
            raise SettingsError(
                f"photo_library {library!r} does not exist",
                user_message=tr("配置的证件照解码库不存在，请联系技术人员。"),
            )
        try:
            lib = ctypes.CDLL(str(path))
            fn = getattr(lib, symbol)
        except (OSError, AttributeError) as e:
            raise SettingsError(
                f"photo_library {library!r}: cannot load {symbol!r}: {e}",
                user_message=tr("证件照解码库无法加载，请联系技术人员。"),
            ) from e
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn
        self._lock = threading.Lock()
        self.library = str(path)

    def decode(self, wlt: bytes) -> bytes | None:
        if len(wlt) != WLT_SIZE:
            return None
        out = ctypes.create_string_buffer(BMP_SIZE + 1024)  # generous: some write extra
        with self._lock:
            code = self._fn(wlt, out, 0)
        if code != 1:
            log.warning("photo decoder %s returned %d", self.library, code)
            return None
        data = out.raw
        if data[:2] == b"BM":
            size = struct.unpack_from("<I", data, 2)[0]
            return data[:size] if 54 < size <= len(data) else None
        return bmp_from_bgr(data[:RAW_SIZE])


def load_photo_decoder(library: str, symbol: str = "unpack") -> PhotoDecoder:
    """A vendor decoder when configured, else the placeholder one."""
    return VendorPhotoDecoder(library, symbol) if library else NoPhotoDecoder()
