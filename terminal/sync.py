"""Delivery to the platform as the windows see it: what a drain did and what waits."""

from __future__ import annotations

from sync.background import SyncResult
from sync.store import OutboxKind, OutboxState, QueueStatus
from sync.worker import DrainReport, software_version

__all__ = [
    "DrainReport",
    "OutboxKind",
    "OutboxState",
    "QueueStatus",
    "SyncResult",
    "software_version",
]
