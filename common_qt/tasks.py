"""Background work off the GUI thread.

A :class:`ThreadWorker` owns a QThread. Jobs reach it through a queued signal and their
results come back to callbacks on the GUI thread (like Anki's CollectionOp), so the GUI never
blocks on SQLite, serial or HTTP and no widget is touched from another thread. Per-thread
resources (a SQLite connection must stay on the thread that opened it) are built by
``setup`` on the worker thread and handed to every job.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from common_qt.qt import QtCore, Signal, Slot
from core.errors import HallError

log = logging.getLogger(__name__)

OnSuccess = Callable[[Any], None]
OnFailure = Callable[[Exception], None]


class _Runner(QtCore.QObject):
    finished = Signal(int, object)  # request id, result
    failed = Signal(int, object)  # request id, exception

    def __init__(self, setup: Callable[[], Any] | None) -> None:
        super().__init__()
        self._setup = setup
        self._context: Any = None
        self.thread_ident: int | None = None

    @Slot(int, object)
    def run(self, request_id: int, job: Callable[[Any], Any]) -> None:
        self.thread_ident = threading.get_ident()
        try:
            if self._context is None and self._setup is not None:
                self._context = self._setup()
            self.finished.emit(request_id, job(self._context))
        except Exception as e:
            self.failed.emit(request_id, e)


class ThreadWorker(QtCore.QObject):
    """Runs jobs one at a time on a dedicated thread.

    Args:
        name: the thread's name (shows in debuggers and logs).
        setup: builds the per-thread context on the worker thread; passed to every job.
        on_failure: the default place failures are shown (e.g. a status line).
    """

    _submit = Signal(int, object)

    def __init__(
        self,
        name: str,
        setup: Callable[[], Any] | None = None,
        on_failure: OnFailure | None = None,
    ) -> None:
        super().__init__()
        self._thread = QtCore.QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner(setup)
        self._runner.moveToThread(self._thread)
        self._submit.connect(self._runner.run, QtCore.Qt.ConnectionType.QueuedConnection)
        self._runner.finished.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._pending: dict[int, tuple[OnSuccess | None, OnFailure | None]] = {}
        self._default_failure = on_failure
        self._next_id = 0
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
        self._submit.emit(self._next_id, job)
        return self._next_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def worker_thread_ident(self) -> int | None:
        return self._runner.thread_ident

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

    def stop(self) -> None:
        """Closes the context on its own thread (if it has ``close``), then ends the thread."""

        def close(context: Any) -> None:
            if context is not None and hasattr(context, "close"):
                context.close()

        self.submit(close)
        self._thread.quit()
        self._thread.wait(5000)


def user_message(error: Exception) -> str:
    """What to tell the user about ``error``: its own words, or a generic apology."""
    if isinstance(error, HallError):
        return error.user_message
    return "系统出现问题，请联系工作人员。"
