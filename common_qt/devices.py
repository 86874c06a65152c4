"""Device bridges: device threads talk to widgets through Qt signals only.

Each device's owner (``core.ports.DeviceOwner``: the card reader's, the document camera's, the
review pad's — built once by ``terminal.devices``) calls its callbacks on its own thread; a
bridge's ``attach`` makes them emit its signals, which reach widgets on the GUI thread (queued
across threads).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from common_qt.qt import QtCore, QtGui, Signal
from core.errors import HallError
from core.ports import (
    CapturedPage,
    CardOwner,
    CardRead,
    DeviceState,
    PadOutcome,
    PadOwner,
    PadResult,
    PreviewFrame,
    ScanOwner,
)

log = logging.getLogger(__name__)


class CardBridge(QtCore.QObject):
    """Pass ``bridge.card``, ``bridge.error`` and ``bridge.state`` as the watcher's callbacks."""

    card_read = Signal(object)  # CardRead
    error = Signal(object)  # HallError
    state_changed = Signal(object)  # DeviceState

    def attach(self, owner: CardOwner) -> CardBridge:
        """Makes ``owner`` report here (before it starts)."""
        owner.on_card = self.card
        owner.on_error = self.fail
        owner.on_state = self.state
        return self

    def card(self, card: CardRead) -> None:
        self.card_read.emit(card)

    def fail(self, e: HallError) -> None:
        self.error.emit(e)

    def state(self, s: DeviceState) -> None:
        self.state_changed.emit(s)


def to_image(rgb: bytes, width: int, height: int) -> QtGui.QImage:
    """An RGB buffer (3 bytes a pixel, rows packed) as a QImage that owns its pixels."""
    return QtGui.QImage(rgb, width, height, 3 * width, QtGui.QImage.Format.Format_RGB888).copy()


class CameraBridge(QtCore.QObject):
    """The document camera's owner thread reports here (``attach``); the pixels become a
    QImage on that thread and the signals reach widgets on the GUI thread."""

    frame_ready = Signal(QtGui.QImage, object, bool)  # preview, guidance (a core text), steady
    captured = Signal(object, object)  # CapturedPage, its thumbnail (QImage or None)
    error = Signal(object)  # HallError
    state_changed = Signal(object)  # DeviceState
    code_read = Signal(str)  # a QR code's text (a receipt held under the camera)

    def attach(self, owner: ScanOwner) -> CameraBridge:
        """Makes ``owner`` report here (before it starts)."""
        owner.on_frame = self.frame
        owner.on_captured = self.page
        owner.on_error = self.fail
        owner.on_state = self.state
        owner.on_code = self.code
        return self

    def code(self, text: str) -> None:
        self.code_read.emit(text)

    def frame(self, preview: PreviewFrame) -> None:
        image = to_image(preview.rgb, preview.width, preview.height)
        self.frame_ready.emit(image, preview.guidance, preview.steady)

    def page(self, page: CapturedPage) -> None:
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


class PadBridge(QtCore.QObject):
    """The review pad's owner thread reports here; the signals reach widgets on the GUI
    thread: ``finished`` (PadResult), ``failed`` (HallError: unplugged, port busy …) and
    ``state_changed`` (DeviceState)."""

    finished = Signal(object)
    failed = Signal(object)
    state_changed = Signal(object)

    def attach(self, owner: PadOwner) -> PadBridge:
        """Makes ``owner`` report here (before it starts)."""
        owner.on_result = self.finished.emit
        owner.on_error = self.failed.emit
        owner.on_state = self.state_changed.emit
        return self


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
