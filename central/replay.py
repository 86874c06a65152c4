"""Replay protection without a durable write on every request.

A signed request carries a nonce and its time; the platform refuses a time more than
``MAX_SKEW`` off its own, so a nonce needs remembering only while its request could still pass
that check: ``2 × MAX_SKEW`` after it arrived. Those nonces live in memory (it was a SQLite row
inserted and fsynced for every request, GETs included, on the event loop: 17 % of central's busy
time under a fleet, and the event loop waited on the write lock that applications held). A
restart empties the memory, so a request signed before this process started is refused as if
its clock were off: the 401 carries the platform's time and the terminal signs again with it
(sync.client does so at once), and nothing signed before the restart can be replayed after it.

One process holds its own memory; replicas on one PostgreSQL share what they have seen through
``shared`` (central.storage.postgres.PostgresRecords.first_nonce: an unlogged table — no WAL,
no fsync — of the same window), checked after this process's memory, so a request replayed to
another replica is refused too.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable

from core import protocol

log = logging.getLogger(__name__)

#: a nonce is kept this long after it arrived (then its time is out of the skew window)
WINDOW = 2 * protocol.MAX_SKEW
#: at most this many nonces are held (≈ 100 bytes each); past it the oldest go first and
#: the window is shorter than WINDOW (said once in the log)
CAPACITY = 2_000_000


class ReplayGuard:
    """The nonces of the last ``WINDOW`` seconds, checked and remembered in one step."""

    def __init__(
        self,
        started: float,
        *,
        window: int = WINDOW,
        capacity: int = CAPACITY,
        shared: Callable[[str, str, int, int], bool] | None = None,
        shared_since: Callable[[], float] | None = None,
    ) -> None:
        #: requests signed before this second are refused as off the platform's clock
        self.started = int(started)
        #: the replicas' common memory: (terminal, nonce, now, window) → first use?
        self.shared = shared
        #: since when that memory holds (an unlogged table is emptied by a database crash)
        self.shared_since = shared_since
        self.window = window
        self.capacity = capacity
        self._lock = threading.Lock()
        self._seen: set[int] = set()
        self._arrivals: deque[tuple[int, int]] = deque()  # (arrival second, key) in order
        self._said_full = False

    def signed_before_start(self, timestamp: int) -> bool:
        if self.shared_since is not None:
            return timestamp < max(self.started, int(self.shared_since()))
        return timestamp < self.started

    def first_use(self, terminal_id: str, nonce: str, now: int) -> bool:
        """True the first time ``nonce`` of ``terminal_id`` is seen in the window (and
        remembers it); False for a replay."""
        key = hash((terminal_id, nonce))  # a rare collision refuses a request; it is signed again
        oldest = now - self.window
        with self._lock:
            arrivals, seen = self._arrivals, self._seen
            while arrivals and (arrivals[0][0] < oldest or len(arrivals) >= self.capacity):
                if arrivals[0][0] >= oldest and not self._said_full:
                    self._said_full = True
                    log.warning("replay guard full (%d nonces): its window shortens", len(seen))
                seen.discard(arrivals.popleft()[1])
            if key in seen:
                return False
            seen.add(key)
            arrivals.append((now, key))
        # seen by no request of this process: and by no other replica's?
        return self.shared is None or self.shared(terminal_id, nonce, now, self.window)

    def __len__(self) -> int:
        return len(self._seen)
