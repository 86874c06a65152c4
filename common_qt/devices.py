"""Device bridges: device threads talk to widgets through Qt signals only.

:class:`CardBridge` offers slots the card watcher (devices/) calls from its own thread; the
signals reach widgets on the GUI thread (queued across threads). :class:`PadSession` owns the
review pad: one thread of its own opens it, runs its invitations and closes it, and reports by
signal, so a blocking pad driver never freezes the window.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypedDict

from common_qt.qt import QtCore, QtGui, Signal
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


def to_image(rgb: bytes, width: int, height: int) -> QtGui.QImage:
    """An RGB buffer (3 bytes a pixel, rows packed) as a QImage that owns its pixels."""
    return QtGui.QImage(rgb, width, height, 3 * width, QtGui.QImage.Format.Format_RGB888).copy()


class CameraCallbacks(TypedDict):
    """What a CameraOwner reports to (its keyword arguments), typed for ``**``."""

    on_frame: Callable[[Any], None]
    on_captured: Callable[[Any], None]
    on_error: Callable[[Any], None]
    on_state: Callable[[Any], None]
    on_code: Callable[[str], None]


class CameraBridge(QtCore.QObject):
    """The document camera's owner thread reports here (pass ``bridge.frame``,
    ``bridge.page``, ``bridge.fail`` and ``bridge.state`` as its callbacks); the pixels become
    a QImage on that thread and the signals reach widgets on the GUI thread."""

    frame_ready = Signal(QtGui.QImage, object, bool)  # preview, guidance (a core text), steady
    captured = Signal(object, object)  # CapturedPage, its thumbnail (QImage or None)
    error = Signal(object)  # HallError
    state_changed = Signal(object)  # DeviceState
    code_read = Signal(str)  # a QR code's text (a receipt held under the camera)

    def callbacks(self) -> CameraCallbacks:
        """The camera owner's callbacks, all reporting here: ``CameraOwner(camera,
        **bridge.callbacks())``."""
        return {
            "on_frame": self.frame,
            "on_captured": self.page,
            "on_error": self.fail,
            "on_state": self.state,
            "on_code": self.code,
        }

    def code(self, text: str) -> None:
        self.code_read.emit(text)

    def frame(self, preview: Any) -> None:
        image = to_image(preview.rgb, preview.width, preview.height)
        self.frame_ready.emit(image, preview.guidance, preview.steady)

    def page(self, page: Any) -> None:
        thumb = (
            to_image(page.thumb_rgb, page.thumb_width, page.thumb_height)
            if page.thumb_rgb
            else None
        )
        self.captured.emit(page, thumb)

    def fail(self, e: HallError) -> None:
        self.error.emit(e)

    def state(self, s: DeviceState) -> None:
        self.state_changed.emit(s)


#: How often an idle pad's link is checked (its state on screen follows within this).
PROBE_SECONDS = 1.0


class PadSession(QtCore.QObject):
    """The review pad's owner: one thread opens the pad, runs every invitation (one at a
    time) and closes it; the GUI hears ``finished`` (PadResult) and ``failed`` (HallError:
    unplugged, port busy …). ``cancel`` may come from any thread (the port allows it)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, pad: ReviewPad, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        self._jobs: queue.Queue[PadInvitation | None] = queue.Queue()
        self._busy = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def active(self) -> bool:
        return self._busy.is_set()

    def start(self) -> None:
        """Opens the pad on its thread (a failure arrives through ``failed``)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="review-pad", daemon=True)
            self._thread.start()

    def invite(self, invitation: PadInvitation) -> bool:
        """Starts the invitation; False when one is still running."""
        if self.active:
            return False
        self._busy.set()
        self.start()
        self._jobs.put(invitation)
        return True

    def cancel(self) -> None:
        self.pad.cancel()

    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancels a running invitation (the citizen walked away); the pad's thread then
        closes the pad. Waits at most ``timeout``."""
        self.pad.cancel()
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
        else:
            self.pad.close()

    def _run(self) -> None:
        self._call(self._open_if_closed)
        while True:
            try:
                invitation = self._jobs.get(timeout=PROBE_SECONDS)
            except queue.Empty:
                self.pad.probe()  # between invitations: the state shown stays live
                continue
            if invitation is None:
                break
            self._call(functools.partial(self._invite, invitation))
        self.pad.close()

    def _open_if_closed(self) -> None:
        if self.pad.state in (DeviceState.CLOSED, DeviceState.DISCONNECTED):
            self.pad.open()

    def _invite(self, invitation: PadInvitation) -> None:
        try:
            self._open_if_closed()
            result = self.pad.invite(invitation)
        finally:
            self._busy.clear()
        self.finished.emit(result)

    def _call(self, action: Callable[[], None]) -> None:
        try:
            action()
        except HallError as e:
            log.warning("review pad: %s", e.detail)
            self.failed.emit(e)
        except Exception as e:  # a driver bug must reach the screen, not vanish
            log.exception("review pad failed unexpectedly")
            self.failed.emit(HallError(str(e)))


def outcome_text(result: PadResult) -> str:
    """What the clerk is told of an evaluation: that it was given, never what it was (the
    rating is the citizen's; a clerk who saw it could press for a better one)."""
    if result.outcome is PadOutcome.RATED and result.satisfaction is not None:
        return "申请人已评价"
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
            result: object = None
            try:
                result = self.job(self.progress.emit)
            except HallError as e:
                self.failed.emit(e)
            except Exception as e:  # a bug must reach the screen and the log, not kill the loop
                log.exception("%s failed unexpectedly", self._thread.name)
                self.failed.emit(HallError(str(e)))
            else:
                self.finished.emit(result)
            sooner = getattr(result, "next_run_in", None)  # a back-off ending sooner
            self._wake.wait(self.interval if sooner is None else min(sooner, self.interval))
            self._wake.clear()
