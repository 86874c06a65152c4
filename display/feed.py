"""The display's link to the hall server: one thread owns the event stream (server-sent
events) and hands each event to the window through a Qt signal; when the stream breaks or the
server is away it reconnects by itself — at once, then waiting longer each time up to a bound —
resuming from the last event it had, so nothing is shown twice and nothing is missed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from common_qt.qt import QtCore, Signal
from core.errors import HallError

log = logging.getLogger(__name__)

Events = Callable[[int], Iterator[tuple[int, str, dict[str, Any]]]]

#: The longest wait between two tries to reach the hall server (seconds).
MAX_BACKOFF = 15.0


class QueueFeed(QtCore.QObject):
    """``events(since)``: the hall server's event stream (``PlatformClient.queue_events``)."""

    arrived = Signal(str, object)  # an event: its kind ("state", "call", "recall"), document
    connected = Signal(bool)  # the stream is open (True) or being reconnected (False)

    def __init__(self, events: Events, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._events = events
        self._stop = threading.Event()
        self.last = 0  # the last event's sequence: where a reconnection resumes
        self.connects = 0
        self._thread = threading.Thread(target=self._run, name="queue-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            try:
                for seq, kind, doc in self._events(self.last):
                    if self._stop.is_set():
                        return
                    if kind == "state":
                        self.connects += 1
                        self.connected.emit(True)
                        backoff = 0.0
                    else:
                        self.last = max(self.last, seq)
                    self.arrived.emit(kind, doc)
            except HallError as e:
                log.info("queue feed: %s; again in %.0f s", e.detail, backoff)
            except Exception:
                log.exception("queue feed failed; reconnecting")
            self.connected.emit(False)
            if self._stop.wait(backoff):
                return
            backoff = min(MAX_BACKOFF, max(1.0, backoff * 2))
