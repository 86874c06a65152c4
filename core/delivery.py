"""Delivery to the platform as every floor sees it: what waits in the outbox and in which
state, what a drain did, and which software reports it.

The sync worker (sync/) writes these; the apps' status lines, ``hall-sync status`` and the
heartbeat read them — one meaning of each word everywhere.
"""

from __future__ import annotations

import enum
import importlib.metadata
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.pushed import Pushed


def software_version() -> str:
    try:
        return importlib.metadata.version("hall-terminal")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


class OutboxKind(enum.StrEnum):
    APPLICATION = "application"
    EVALUATION = "evaluation"


class OutboxState(enum.StrEnum):
    PENDING = "pending"  # not tried yet
    DELIVERING = "delivering"  # tried, waiting to try again (network, platform busy)
    DELIVERED = "delivered"  # the platform has it (rows are kept: nothing is deleted on send)
    HELD = "held"  # the platform refused it: a person decides (hall-sync held / retry)

    @property
    def waiting(self) -> bool:
        """Will be sent by the next drains without anybody doing anything."""
        return self in (OutboxState.PENDING, OutboxState.DELIVERING)


@dataclass(frozen=True)
class QueueStatus:
    """What waits on this terminal, for the apps' status line, ``hall-sync status`` and the
    heartbeat — one meaning of each word everywhere."""

    counts: Mapping[tuple[OutboxKind, OutboxState], int]
    oldest_waiting: str = ""  # created_at of the oldest item not delivered (held included)
    last_success: str = ""
    last_error: str = ""

    def count(self, kind: OutboxKind | None = None, state: OutboxState | None = None) -> int:
        return sum(
            n
            for (k, st), n in self.counts.items()
            if (kind is None or k is kind) and (state is None or st is state)
        )

    @property
    def waiting(self) -> int:
        """Pending or being retried: leaves by itself when the network allows."""
        return sum(n for (_, st), n in self.counts.items() if st.waiting)

    @property
    def held(self) -> int:
        """Refused by the platform: waits for a person."""
        return self.count(state=OutboxState.HELD)

    @property
    def depth(self) -> int:
        """Everything not delivered (waiting and held): the heartbeat's queue depth."""
        return self.waiting + self.held


@dataclass
class DrainReport:
    delivered: int = 0
    held: int = 0
    deferred: int = 0
    progress_updates: int = 0
    catalogue_changes: int = 0
    config_version: int = 0
    staff_version: int = 0
    bytes_uploaded: int = 0
    errors: list[str] = field(default_factory=list)
    store_error: str = ""  # the store itself failed (busy, wrong key, disk full): for people
    #: the platform could not be reached by the pulls (nothing to deliver said nothing of the
    #: link: the kiosk showed 网络正常 for as long as central was down with an empty queue)
    offline: bool = False
    #: seconds until the earliest waiting item is due again (None: nothing waits); a loop
    #: sleeps no longer than this, so a back-off of seconds is not stretched to the interval
    next_due_in: float | None = None
    #: what the platform pushed, as this terminal applies it (after the configuration's pull)
    pushed: Pushed = field(default_factory=Pushed)

    def add(self, other: DrainReport) -> None:
        """Counts another lane's work in this report."""
        for name in ("delivered", "held", "deferred", "bytes_uploaded"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.store_error = self.store_error or other.store_error


@dataclass(frozen=True)
class SyncResult:
    """One background drain: what it did, and what waits now."""

    report: DrainReport
    queue: QueueStatus
    purged: int = 0  # applications whose personal data and scans the retention rule removed
    #: when the loop should run again: sooner than its interval when a back-off ends sooner
    next_run_in: float | None = None
