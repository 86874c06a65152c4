"""Ports: what the apps need from devices and the platform, as Protocols.

Adapters in devices/ and sync/ implement them; tests use fakes; the apps depend only on these.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from core.device_state import DeviceState as DeviceState  # re-exported: every port's
from core.errors import HallError
from core.evaluation import Satisfaction
from core.identity import Identity
from core.messages import tr


@dataclass(frozen=True)
class Health:
    state: DeviceState
    detail: str = ""  # technician detail: firmware, SAM id, last error
    checks: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class CardRead:
    """One card read: the identity and the raw blocks, for audit and the optional photo decoder."""

    identity: Identity  # its repr masks personal fields; the raw blocks stay out of repr
    text_block: bytes = field(repr=False)
    photo: bytes = field(repr=False)
    fingerprint: bytes = field(default=b"", repr=False)
    address_appendix: str = field(default="", repr=False)  # 追加地址 (changes written later)
    photo_image: bytes = field(default=b"", repr=False)  # BMP from a licensed decoder, if any


class IdCardReader(Protocol):
    """A second-generation ID card reader."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    @property
    def state(self) -> DeviceState: ...

    def health(self) -> Health: ...

    def read_card(self) -> CardRead | None:
        """One find → select → read cycle; None when no (new) card is on the reader."""
        ...


class PadOutcome(enum.Enum):
    RATED = "rated"
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PadInvitation:
    """What a review pad shows when the counter asks for an evaluation."""

    staff_name: str
    staff_id: str
    window: str
    item_name: str = ""
    timeout_seconds: float = 60.0


@dataclass(frozen=True)
class PadResult:
    outcome: PadOutcome
    satisfaction: Satisfaction | None = None
    reasons: tuple[str, ...] = ()
    comment: str = ""


class ReviewPad(Protocol):
    """A review pad (评价器): invite an evaluation, receive a rating, a timeout or a cancel."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    @property
    def state(self) -> DeviceState: ...

    def invite(self, invitation: PadInvitation) -> PadResult:
        """Blocks (on the device thread) until rated, timed out or cancelled."""
        ...

    def cancel(self) -> None:
        """Ends a pending invitation (from any thread)."""
        ...

    def probe(self) -> None:
        """Between invitations, on the pad's thread: checks the link so that ``state`` is
        live (a pad that is gone reads DISCONNECTED; one plugged back in is reopened).
        Never raises."""
        ...


class Printer(Protocol):
    """A receipt printer (ESC/POS): prints a laid-out document (devices.printer.layout
    blocks). Blocking: call it on the printer's own thread."""

    @property
    def state(self) -> DeviceState: ...

    @property
    def two_way(self) -> bool:
        """True when the printer's status is read back (a print can be confirmed)."""
        ...

    def print_document(self, blocks: list[Any]) -> bytes:
        """Prints; returns the bytes sent. Raises DeviceUnavailable (off, unplugged) or
        DeviceFault (paper out) with words for the user; nothing is lost (reprintable)."""
        ...

    def probe(self) -> DeviceState:
        """Asks the printer how it is, printing nothing (between citizens: a printer brought
        back is found without a print job); returns the state it is in now."""
        ...


class Verdict(enum.Enum):
    """What the scan pipeline says of a page in view (and the citizen's guidance for it)."""

    OK = "ok"
    NO_PAGE = "no_page"
    BLURRY = "blurry"
    GLARE = "glare"

    @property
    def guidance(self) -> str:
        return {
            "ok": tr("拍摄清晰"),
            "no_page": tr("请将材料放平，完整放在拍摄区域内"),
            "blurry": tr("图像模糊，请将材料放平并保持不动"),
            "glare": tr("有反光，请调整角度"),
        }[self.value]


@dataclass(frozen=True)
class PreviewFrame:
    """One frame of the live view, as RGB bytes (row-major, 3 bytes a pixel)."""

    rgb: bytes = field(repr=False)
    width: int
    height: int
    verdict: Verdict
    steady: bool  # lain still long enough: a capture now would be sharp

    @property
    def guidance(self) -> str:
        return self.verdict.guidance


@dataclass(frozen=True)
class CapturedPage:
    """A captured page: a JPEG for the application and a thumbnail to review, or only the
    verdict when the page could not be used."""

    verdict: Verdict
    jpeg: bytes = field(default=b"", repr=False)
    thumb_rgb: bytes = field(default=b"", repr=False)
    thumb_width: int = 0
    thumb_height: int = 0
    automatic: bool = False

    @property
    def usable(self) -> bool:
        return self.verdict is Verdict.OK and bool(self.jpeg)


class DocumentCamera(Protocol):
    """A document camera (高拍仪): frames on its own thread, a still at full resolution."""

    @property
    def state(self) -> DeviceState: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def latest(self) -> Any:
        """The newest preview frame (a BGR image array), without waiting for a new one."""
        ...

    def still(self) -> Any:
        """A full-resolution frame for the scan pipeline."""
        ...


DeviceListener = Callable[[DeviceState], None]


@runtime_checkable
class Pairable(Protocol):
    """A pad that pairs with a tablet's browser before it is used (a LAN tablet pad)."""

    def url(self, advertised_host: str = "") -> str: ...

    def new_pairing_code(self) -> str: ...


# -- owners: each device is talked to by one thread, its owner's ------------------------------


class DeviceOwner(Protocol):
    """One device and the one thread that talks to it (Electrum's hardware-wallet thread): the
    owner opens the device, uses it and closes it on its thread; the calls below are safe from
    any thread. What the device says comes through the owner's ``on_…`` callbacks, called on
    the owner's thread (common_qt's bridges turn them into signals for widgets).

    ``terminal.devices.TerminalDevices`` builds every owner of a terminal from its settings,
    once; the apps start them, pause those no screen wants, and stop them all within one
    budget (``core.lifecycle.stop_within``)."""

    @property
    def state(self) -> DeviceState: ...

    def health(self) -> Health: ...

    def start(self) -> None:
        """Starts the owner's thread (which opens the device; a failure arrives through
        ``on_error`` and the owner keeps trying)."""
        ...

    def pause(self) -> None:
        """No screen wants the device now: it stays open, unused."""
        ...

    def resume(self) -> None: ...

    def request_stop(self) -> None:
        """Asks the thread to end; it closes the device itself."""
        ...

    def stop(self, timeout: float) -> object:
        """Ends the thread, waiting at most ``timeout`` seconds."""
        ...


class CardOwner(DeviceOwner, Protocol):
    """The ID card reader's owner: polls while resumed; a valid card arrives via ``on_card``,
    a refused or unreadable one via ``on_error`` with the reason."""

    on_card: Callable[[CardRead], None]
    on_error: Callable[[HallError], None]
    on_state: Callable[[DeviceState], None]


class ScanOwner(DeviceOwner, Protocol):
    """The document camera's owner: a live view with guidance while resumed, captures asked
    for or taken by itself, or QR codes of receipts held under it."""

    on_frame: Callable[[PreviewFrame], None]
    on_captured: Callable[[CapturedPage], None]
    on_error: Callable[[HallError], None]
    on_state: Callable[[DeviceState], None]
    on_code: Callable[[str], None]

    def capture(self) -> None: ...

    def watch_codes(self) -> None: ...


class PadOwner(DeviceOwner, Protocol):
    """The review pad's owner: runs one invitation at a time; its outcome arrives via
    ``on_result``."""

    pad: ReviewPad
    on_result: Callable[[PadResult], None]
    on_error: Callable[[HallError], None]
    on_state: Callable[[DeviceState], None]

    @property
    def active(self) -> bool:
        """An invitation is running."""
        ...

    def invite(self, invitation: PadInvitation) -> bool:
        """Starts the invitation; False when one is still running."""
        ...

    def cancel(self) -> None: ...
