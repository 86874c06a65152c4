"""The one way a terminal prints: :class:`PrintDesk`.

Every document — a kiosk's receipt, notice and guide, a counter's notices, consent slip and
transfer list, a worklist's reprint, the technician's test page — is built from the store on
the store's thread, then printed as a job with a state (``terminal.printing.print_job``) on
the printer's one thread, and its outcome comes back on the GUI thread. Before, the kiosk,
the counter's acceptance and its worklist each had their own path, and the worklist's reprints
skipped the job and its state (a failed reprint said nothing of the printer's state).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from common_qt.qt import QtCore
from common_qt.tasks import OnFailure, ThreadWorker
from core.ports import DeviceState, Health, Printer
from terminal.printing import PrintOutcome, print_job

Blocks = list[Any]


def _as_is(callback: Callable[[Any], None]) -> Callable[[Any], None]:
    return callback


class PrintDesk(QtCore.QObject):
    """The printer (or none) and its one thread: the printer's owner, in the shape of every
    device owner (``core.ports.DeviceOwner``). Its thread runs from construction (a print is
    a job, not a loop: nothing to pause)."""

    def __init__(
        self,
        printer: Printer | None,
        name: str = "printer",
        *,
        on_failure: OnFailure | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.printer = printer
        self._worker = ThreadWorker(name, on_failure=on_failure)

    @property
    def state(self) -> DeviceState:
        return self.printer.state if self.printer is not None else DeviceState.CLOSED

    def health(self) -> Health:
        return Health(self.state)

    def start(self) -> None:
        """Nothing to start: the thread runs from construction."""

    def pause(self) -> None:
        """Nothing to pause: the printer prints only when asked."""

    def resume(self) -> None:
        """See :meth:`pause`."""

    @property
    def thread_ident(self) -> int | None:
        """The printer's thread (every print and probe runs there)."""
        return self._worker.worker_thread_ident

    def print_built(
        self,
        what: str,
        build: Callable[[Any], Blocks],
        store: ThreadWorker,
        *,
        done: Callable[[PrintOutcome], None] | None = None,
        built: Callable[[Blocks], None] | None = None,
        failed: OnFailure | None = None,
        guard: Callable[[Callable[[Any], None]], Callable[[Any], None]] = _as_is,
    ) -> None:
        """Builds the document with ``build(operations)`` on ``store``'s thread, then prints it.

        ``built`` sees the blocks before they print; ``guard`` wraps each callback (a
        journey's session guard: a document built after its citizen left is not printed);
        ``failed`` hears a document that could not be built.
        """

        def send(blocks: Blocks) -> None:
            if built is not None:
                built(blocks)
            self.print_blocks(what, blocks, done=done, guard=guard)

        store.submit(build, guard(send), failed)

    def print_blocks(
        self,
        what: str,
        blocks: Blocks,
        *,
        done: Callable[[PrintOutcome], None] | None = None,
        guard: Callable[[Callable[[Any], None]], Callable[[Any], None]] = _as_is,
    ) -> None:
        """Prints built ``blocks`` on the printer's thread; ``done`` hears the outcome."""
        printer = self.printer

        def job(_: object) -> PrintOutcome:
            self._on_own_thread()
            return print_job(printer, blocks, what)

        self._worker.submit(job, guard(done) if done is not None else None)

    def probe(self, done: Callable[[DeviceState], None], failed: OnFailure | None = None) -> None:
        """Asks the printer for its state on its thread (a printer brought back is seen)."""
        printer = self.printer
        if printer is None:
            return

        def job(_: object) -> DeviceState:
            self._on_own_thread()
            return printer.probe()

        self._worker.submit(job, done, failed)

    def _on_own_thread(self) -> None:
        # one thread talks to the printer (Electrum's run_in_hwd_thread + its assertion)
        assert threading.get_ident() == self._worker.worker_thread_ident, "not the printer's thread"

    def request_stop(self) -> None:
        self._worker.request_stop()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ends the printer's thread after the jobs queued; False: a print still runs
        (abandoned to the process's end — every document is printed again from the store)."""
        return self._worker.stop(timeout)
