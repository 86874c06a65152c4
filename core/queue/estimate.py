"""An honest waiting estimate: from the service times observed in this hall for the category
(the last N), shared among the windows open for it. An empty queue waits nothing; without an
observation or an open window there is no estimate (None), never a made-up figure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

#: The service times an estimate averages (the most recent).
RECENT = 20


def estimate_wait(
    ahead: int, service_times: Sequence[timedelta], open_windows: int
) -> timedelta | None:
    """How long a person with ``ahead`` people before them may wait."""
    if ahead <= 0:
        return timedelta(0)
    recent = [t for t in service_times[-RECENT:] if t > timedelta(0)]
    if not recent or open_windows <= 0:
        return None
    mean = sum(recent, timedelta(0)) / len(recent)
    return mean * ahead / open_windows


def said(wait: timedelta | None) -> str:
    """The estimate as a ticket prints it: 约15分钟, 无需等待, or nothing at all."""
    if wait is None:
        return ""
    minutes = round(wait.total_seconds() / 60)
    if minutes <= 0:
        return "无需等待"
    return f"约{minutes}分钟"
