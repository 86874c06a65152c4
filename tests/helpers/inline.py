"""A synchronous stand-in for the controllers' worker threads: each job runs at once, on the
calling thread, and its callback is called before ``submit`` returns — controller tests walk a
journey step by step without an event loop to wait on, and without widgets."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest


class InlineWorker:
    """The interface of ``common_qt.tasks.ThreadWorker``, run inline."""

    def __init__(
        self,
        name: str,
        setup: Callable[[], Any] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self.name = name
        self._setup = setup
        self._context: Any = None
        self._on_failure = on_failure
        self.worker_thread_ident = threading.get_ident()
        self.jobs = 0
        #: while True, jobs wait for :meth:`release` (a slow worker: late answers)
        self.hold = False
        self._held: list[tuple[Any, Any, Any]] = []

    @property
    def busy(self) -> bool:
        return bool(self._held)

    def release(self) -> None:
        """Runs the jobs held back, in order (and those to come at once)."""
        self.hold = False
        held, self._held = self._held, []
        for job, on_success, on_failure in held:
            self._run(job, on_success, on_failure)

    def submit(
        self,
        job: Callable[[Any], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> int:
        self.jobs += 1
        if self.hold:
            self._held.append((job, on_success, on_failure))
        else:
            self._run(job, on_success, on_failure)
        return self.jobs

    def _run(
        self,
        job: Callable[[Any], Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        try:
            if self._context is None and self._setup is not None:
                self._context = self._setup()
            result = job(self._context)
        except Exception as e:
            failure = on_failure or self._on_failure
            if failure is None:
                raise
            failure(e)
        else:
            if on_success is not None:
                on_success(result)

    def request_stop(self) -> None:
        pass

    def stop(self, timeout: float = 5.0) -> bool:
        context, self._context = self._context, None
        if context is not None and hasattr(context, "close"):
            context.close()
        return True


@pytest.fixture
def inline_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every controller's (and the print desk's) worker runs jobs inline."""
    import common_qt.printing
    import counter.controller
    import kiosk.controller

    for module in (kiosk.controller, counter.controller, common_qt.printing):
        monkeypatch.setattr(module, "ThreadWorker", InlineWorker)
