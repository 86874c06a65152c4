"""The devices a terminal was configured with, and the types the windows see of them.

The windows import device types from here, never from ``devices`` (import-linter): the
reader's owner thread (:class:`CardWatcher`), the document camera's (:class:`CameraOwner`),
the receipt printer, the optional photo decoder,
and whether a review pad pairs with a tablet.
"""

from __future__ import annotations

from core.ports import ReviewPad
from devices.camera.owner import CameraOwner, CapturedPage, PreviewFrame
from devices.idcard.photo import PhotoDecoder
from devices.idcard.watcher import CardWatcher
from devices.pad.tablet import TabletPad
from devices.printer.layout import Block
from devices.printer.printer import ReceiptPrinter

__all__ = [
    "Block",
    "CameraOwner",
    "CapturedPage",
    "CardWatcher",
    "PhotoDecoder",
    "PreviewFrame",
    "ReceiptPrinter",
    "TabletPad",
    "tablet_of",
]


def tablet_of(pad: ReviewPad | None) -> TabletPad | None:
    """The pad when it is a LAN tablet (it then needs pairing), else None."""
    return pad if isinstance(pad, TabletPad) else None
