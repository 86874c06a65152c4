"""Ports: what the apps need from devices and the platform, as Protocols.

Adapters in devices/ and sync/ implement them; tests use fakes; the apps depend only on these.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.evaluation import Satisfaction
from core.identity import Identity
from core.messages import tr


class DeviceState(enum.Enum):
    """Shown to the user and the technician for every device."""

    CLOSED = "closed"
    OPENING = "opening"
    READY = "ready"
    BUSY = "busy"
    DISCONNECTED = "disconnected"  # unplugged or not answering; reconnecting
    FAULT = "fault"  # answered with an error it will repeat; needs a technician

    @property
    def label(self) -> str:
        return {
            "closed": tr("未启用"),
            "opening": tr("正在连接"),
            "ready": tr("就绪"),
            "busy": tr("工作中"),
            "disconnected": tr("未连接"),
            "fault": tr("故障"),
        }[self.value]


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
