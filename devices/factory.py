"""Devices from configuration strings: the apps' composition roots call these, nothing else.

    [devices.idcard]
    type = "sam-serial"                 # the SAM serial protocol (also: "none")
    port = "hwgrep://0400:C35A"         # or /dev/ttyUSB0, COM3, socket://host:port
    options = { fingerprint = "false", photo_library = "" }

    [devices.pad]
    type = "tablet"                     # serial | tablet | keyboard | screen | none
    port = "0.0.0.0:8765"               # tablet: where to listen; serial: a pyserial URL
    options = { keys = "..." }          # serial and keyboard pads: the explicit key map

    [devices.camera]
    type = "uvc"                        # uvc | synthetic | none
    port = "0"                          # uvc: index, /dev/videoN, a video file or URL
    options = { width = "2592", height = "1944" }   # asked for; what is granted is read back

Keyboard (HID) and on-screen pads live in the Qt layer (common_qt) and are built by the apps.
The synthetic camera (a page on a desk, known corners) is for demos and stations being set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core.errors import SettingsError
from core.messages import tr
from core.ports import DocumentCamera, IdCardReader, ReviewPad
from core.settings import DeviceSettings, parse_options

# Each adapter is imported when it is configured: a kiosk does not load the pads' drivers,
# nor a counter the camera's (start-up time).
if TYPE_CHECKING:
    from devices.idcard.photo import PhotoDecoder
    from devices.printer.printer import ReceiptPrinter

ID_READER_TYPES = ("sam-serial", "none")
PAD_TYPES = ("serial", "tablet", "keyboard", "screen", "none")
QT_PAD_TYPES = ("keyboard", "screen")
CAMERA_TYPES = ("uvc", "synthetic", "none")


def _unknown(section: str, given: str, known: tuple[str, ...]) -> SettingsError:
    return SettingsError(
        f"[devices.{section}] type {given!r} unknown; use one of: {', '.join(known)}",
        user_message=tr("设备配置有误，请联系技术人员。"),
    )


def make_id_reader(s: DeviceSettings | None) -> IdCardReader | None:
    if s is None or s.type == "none":
        return None
    if s.type in ("sam-serial", "serial"):
        from devices.idcard.reader import ReaderOptions, SamReader

        if not s.port:
            raise SettingsError("[devices.idcard] needs port (a pyserial URL)")
        return SamReader(s.port, ReaderOptions.from_options(s.options))
    raise _unknown("idcard", s.type, ID_READER_TYPES)


def make_photo_decoder(s: DeviceSettings | None) -> PhotoDecoder:
    from devices.idcard.photo import load_photo_decoder

    options = s.options if s is not None else {}
    return load_photo_decoder(
        options.get("photo_library", ""), options.get("photo_symbol", "unpack")
    )


def make_review_pad(s: DeviceSettings | None) -> ReviewPad | None:
    """The serial or tablet pad; None for none and for the Qt pads (keyboard, screen)."""
    if s is None or s.type == "none" or s.type in QT_PAD_TYPES:
        return None
    if s.type == "serial":
        from devices.pad.serial_pad import SerialKeyPad, SerialPadOptions

        if not s.port:
            raise SettingsError("[devices.pad] type serial needs port (a pyserial URL)")
        return SerialKeyPad(s.port, SerialPadOptions.from_options(s.options))
    if s.type == "tablet":
        from devices.pad.tablet import TabletPad

        host, _, port = (s.port or "0.0.0.0:8765").rpartition(":")
        try:
            return TabletPad(host or "0.0.0.0", int(port))
        except ValueError:
            raise SettingsError(
                f"[devices.pad] tablet port {s.port!r} must be HOST:PORT, e.g. 0.0.0.0:8765"
            ) from None
    raise _unknown("pad", s.type, PAD_TYPES)


def make_printer(s: DeviceSettings | None) -> ReceiptPrinter | None:
    if s is None or s.type == "none":
        return None
    from devices.printer.printer import PrinterConfig, ReceiptPrinter

    return ReceiptPrinter(PrinterConfig.from_settings(s))


def make_camera(s: DeviceSettings | None) -> DocumentCamera | None:
    """The document camera (高拍仪) named in the settings; not opened (its owner opens it)."""
    factory = camera_factory(s)
    return factory() if factory is not None else None


def camera_factory(s: DeviceSettings | None) -> Callable[[], DocumentCamera] | None:
    """Checks the camera's settings now and builds it later — on its owner's thread, where
    OpenCV then loads (about 0.1 s a kiosk does not spend before its first screen)."""
    if s is None or s.type == "none":
        return None
    o = parse_options("camera", s.options, {"width": 2592, "height": 1944, "seed": 0})
    if s.type == "uvc":

        def uvc() -> DocumentCamera:
            from devices.camera.capture import UvcCamera

            return UvcCamera(s.port or "0", o["width"], o["height"])

        return uvc
    if s.type == "synthetic":

        def synthetic() -> DocumentCamera:
            from devices.camera.capture import SyntheticCamera

            return SyntheticCamera(seed=o["seed"], size=(o["width"], o["height"]))

        return synthetic
    raise _unknown("camera", s.type, CAMERA_TYPES)
