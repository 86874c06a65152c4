"""Background work off the GUI thread.

A :class:`ThreadWorker` owns a thread. Jobs reach it through a queue and their
results come back to callbacks on the GUI thread (like Anki's CollectionOp), so the GUI never
blocks on SQLite, serial or HTTP and no widget is touched from another thread. Per-thread
resources (a SQLite connection must stay on the thread that opened it) are built by
``setup`` on the worker thread and handed to every job.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from common_qt.qt import QtCore, Signal, Slot
from core.errors import HallError

log = logging.getLogger(__name__)

OnSuccess = Callable[[Any], None]
OnFailure = Callable[[Exception], None]


class _Relay(QtCore.QObject):
    """Carries results from the worker's thread to the GUI thread (a signal emitted on another
    thread is queued to the receiver's)."""

    finished = Signal(int, object)  # request id, result
    failed = Signal(int, object)  # request id, exception


_STOP = object()


class ThreadWorker(QtCore.QObject):
    """Runs jobs one at a time on a dedicated thread.

    The thread is a daemon Python thread, not a QThread: a job stuck in device or network I/O
    when the app closes is abandoned to the process's end instead of holding the window open
    (or aborting Qt with "QThread destroyed while running").

    Args:
        name: the thread's name (shows in debuggers and logs).
        setup: builds the per-thread context on the worker thread; passed to every job.
        on_failure: the default place failures are shown (e.g. a status line).
    """

    def __init__(
        self,
        name: str,
        setup: Callable[[], Any] | None = None,
        on_failure: OnFailure | None = None,
    ) -> None:
        super().__init__()
        self._relay = _Relay()
        self._relay.finished.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._setup = setup
        self._context: Any = None
        self._pending: dict[int, tuple[OnSuccess | None, OnFailure | None]] = {}
        self._default_failure = on_failure
        self._next_id = 0
        self._thread_ident: int | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(
        self,
        job: Callable[[Any], Any],
        on_success: OnSuccess | None = None,
        on_failure: OnFailure | None = None,
    ) -> int:
        """Queues ``job(context)``; its result goes to ``on_success`` on the GUI thread."""
        self._next_id += 1
        self._pending[self._next_id] = (on_success, on_failure or self._default_failure)
        self._jobs.put((self._next_id, job))
        return self._next_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def worker_thread_ident(self) -> int | None:
        return self._thread_ident

    def _run(self) -> None:
        self._thread_ident = threading.get_ident()
        while (item := self._jobs.get()) is not _STOP:
            request_id, job = item
            try:
                if self._context is None and self._setup is not None:
                    self._context = self._setup()
                result = job(self._context)
            except Exception as e:
                self._relay.failed.emit(request_id, e)
            else:
                self._relay.finished.emit(request_id, result)
        context, self._context = self._context, None
        if context is not None and hasattr(context, "close"):
            try:
                context.close()  # on its own thread (a SQLite connection must be)
            except Exception:
                log.exception("closing %s failed", self._thread.name)

    @Slot(int, object)
    def _done(self, request_id: int, result: object) -> None:
        on_success, _ = self._pending.pop(request_id, (None, None))
        if on_success is not None:
            on_success(result)

    @Slot(int, object)
    def _failed(self, request_id: int, error: Exception) -> None:
        _, on_failure = self._pending.pop(request_id, (None, None))
        if isinstance(error, HallError):
            log.info("job %d failed: %s", request_id, error.detail)
        else:
            log.error("job %d failed unexpectedly", request_id, exc_info=error)
        if on_failure is not None:
            on_failure(error)

    def request_stop(self) -> None:
        """Asks the thread to end after the jobs queued so far (it then closes its context)."""
        self._jobs.put(_STOP)

    def stop(self, timeout: float = 5.0) -> bool:
        """Ends the thread after its queued jobs, closing the context there; waits at most
        ``timeout`` seconds. False: a job is still running (abandoned to the process's end —
        a store's writes are crash-safe, a print is reprintable)."""
        self.request_stop()
        self._thread.join(timeout)
        return not self._thread.is_alive()


def user_message(error: Exception) -> str:
    """What to tell the user about ``error``: its own words, or a generic apology."""
    if isinstance(error, HallError):
        return error.user_message
    return HallError.default_user_message
