"""Ending a terminal's threads within one budget of time: the rule every app and controller
closes by (a kiosk's citizen leaving, a counter's window closing).

Each part — a device owner, a worker thread, the background delivery — is first asked to
stop (``request_stop`` where it has one), all at once, then waited for in turn with what is
left of the shared budget. A part still busy when the budget is spent is abandoned to its
daemon thread: device reads are read-only, a print is printed again from the store, the store
is crash-safe and delivery resumes at the next start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class Stoppable(Protocol):
    def stop(self, timeout: float) -> object: ...


def stop_within(
    budget: float,
    *parts: Stoppable | None,
    monotonic: Callable[[], float] = time.monotonic,
) -> None:
    """Stops ``parts`` (None: absent) within ``budget`` seconds in all, in the order given."""
    deadline = monotonic() + budget
    present = [p for p in parts if p is not None]
    for part in present:
        ask = getattr(part, "request_stop", None)
        if ask is not None:
            ask()
    for part in present:
        part.stop(max(deadline - monotonic(), 0.0))
