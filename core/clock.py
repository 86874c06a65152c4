"""The clock port: every rule that depends on time takes a :class:`Clock`.

Production code uses :class:`SystemClock`; tests inject a manual clock (tests/helpers).
Never patch :mod:`time` in tests.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol

#: China Standard Time. Halls print and decide dates in local time; storage is ISO-8601 with offset.
CST = timezone(timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never go backwards (timeouts, backoff)."""
        ...


class SystemClock:
    """The real clock, reporting wall time in the given zone (China Standard Time by default)."""

    def __init__(self, tz: timezone = CST) -> None:
        self._tz = tz

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone(self._tz)

    def monotonic(self) -> float:
        return time.monotonic()


def local_today(clock: Clock) -> date:
    """Today's date in China Standard Time, whatever zone the clock reports."""
    return clock.now().astimezone(CST).date()
