"""Device bridges: device threads talk to widgets through Qt signals only.

:class:`CardBridge` offers slots the card watcher (devices/) calls from its own thread; the
signals reach widgets on the GUI thread (queued across threads). :class:`PadSession` runs one
review-pad invitation on a thread of its own and reports the result by signal, so a blocking
pad driver never freezes the window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from common_qt.qt import QtCore, Signal
from core.errors import HallError
from core.ports import CardRead, DeviceState, PadInvitation, PadOutcome, PadResult, ReviewPad

log = logging.getLogger(__name__)


class CardBridge(QtCore.QObject):
    """Pass ``bridge.card``, ``bridge.error`` and ``bridge.state`` as the watcher's callbacks."""

    card_read = Signal(object)  # CardRead
    error = Signal(object)  # HallError
    state_changed = Signal(object)  # DeviceState

    def card(self, card: CardRead) -> None:
        self.card_read.emit(card)

    def fail(self, e: HallError) -> None:
        self.error.emit(e)

    def state(self, s: DeviceState) -> None:
        self.state_changed.emit(s)


class PadSession(QtCore.QObject):
    """One invitation at a time on ``pad``; ``finished`` carries the PadResult, ``failed`` the
    HallError (pad unplugged …)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, pad: ReviewPad, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def invite(self, invitation: PadInvitation) -> bool:
        """Starts the invitation; False when one is still running."""
        if self.active:
            return False

        def run() -> None:
            try:
                if self.pad.state in (DeviceState.CLOSED, DeviceState.DISCONNECTED):
                    self.pad.open()
                result = self.pad.invite(invitation)
            except HallError as e:
                log.warning("review pad: %s", e.detail)
                self.failed.emit(e)
                return
            except Exception as e:  # a driver bug must reach the screen, not vanish
                log.exception("review pad failed unexpectedly")
                self.failed.emit(HallError(str(e)))
                return
            self.finished.emit(result)

        self._thread = threading.Thread(target=run, name="review-pad", daemon=True)
        self._thread.start()
        return True

    def cancel(self) -> None:
        self.pad.cancel()

    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancels a running invitation (the citizen walked away) and closes the pad."""
        self.pad.cancel()
        if self._thread is not None:
            self._thread.join(timeout)
        self.pad.close()


def outcome_text(result: PadResult) -> str:
    if result.outcome is PadOutcome.RATED and result.satisfaction is not None:
        reasons = f"（{'、'.join(result.reasons)}）" if result.reasons else ""
        return f"评价结果：{result.satisfaction.label}{reasons}"
    return "评价已取消" if result.outcome is PadOutcome.CANCELLED else "评价超时，未评价"


class BackgroundLoop(QtCore.QObject):
    """Runs ``job(progress)`` on a thread of its own every ``interval`` seconds (or at once on
    :meth:`trigger`), reporting by signal: ``progress(what, done, total)`` while it works,
    ``finished(result)`` or ``failed(error)`` after each run. Used for the sync worker, whose
    store connection must live on one thread that is not the GUI's."""

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        name: str,
        job: Callable[[Callable[[str, int, int], None]], object],
        interval: float,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def trigger(self) -> None:
        self._wake.set()

    def request_stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops after the current run, waiting at most ``timeout``: a drain cut off by the
        process ending is finished by the next start (delivery is crash-safe)."""
        self.request_stop()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                result = self.job(self.progress.emit)
            except HallError as e:
                self.failed.emit(e)
            except Exception as e:  # a bug must reach the screen and the log, not kill the loop
                log.exception("%s failed unexpectedly", self._thread.name)
                self.failed.emit(HallError(str(e)))
            else:
                self.finished.emit(result)
            self._wake.wait(self.interval)
            self._wake.clear()
