"""The document camera's owner thread: it opens the camera, runs the live view with guidance,
captures (by request or by itself when the page lies still), and closes the camera — all on
one thread, reporting through callbacks (the Qt bridge in common_qt turns them into signals).

Each preview frame (≤ 960 px) is checked the cheap way — is there a page, is it sharp, is there
glare — and :class:`StableTracker` says when it has lain still long enough to capture. A capture
takes the full-resolution still through the scan pipeline (find, straighten, check, enhance,
JPEG under 300 KB); a page the pipeline cannot use comes back with its verdict, no image.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.errors import DeviceUnavailable, HallError
from core.messages import tr
from core.ports import CapturedPage, DeviceState, DocumentCamera, Health, PreviewFrame, Verdict

if TYPE_CHECKING:
    import numpy as np

# OpenCV and the scan pipeline load on the owner's thread, when it starts (not while the
# kiosk's first screen is built).

log = logging.getLogger(__name__)

THUMB_SIDE = 320


def _rgb(image: np.ndarray) -> tuple[bytes, int, int]:
    import cv2
    import numpy as np

    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    else:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    h, w = image.shape[:2]
    return np.ascontiguousarray(image).tobytes(), w, h


def _moved(a: np.ndarray, b: np.ndarray, distance: float) -> bool:
    import numpy as np

    return bool(np.max(np.linalg.norm(a - b, axis=1)) > distance)


def read_code(frame: np.ndarray) -> str:
    """The text of a QR code in the frame, or ""."""
    import cv2

    try:
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(frame)
    except cv2.error:
        return ""
    return str(text or "")


def preview_verdict(frame: np.ndarray) -> tuple[Verdict, np.ndarray | None]:
    """The guidance for a preview frame, and the page's corners when there is one."""
    from devices.camera import scan

    corners = scan.find_page(frame)
    if corners is None:
        return Verdict.NO_PAGE, None
    return scan.quality(scan.straighten(frame, corners)).verdict, corners


def capture_page(camera: DocumentCamera, *, automatic: bool = False) -> CapturedPage:
    """A full-resolution still through the scan pipeline (on the camera's owner thread)."""
    from devices.camera import scan
    from devices.camera.capture import fit_within

    result = scan.scan(camera.still(), scan.Mode.TEXT, auto_rotate=False)
    if result is None:
        return CapturedPage(Verdict.NO_PAGE, automatic=automatic)
    if result.quality.verdict is not Verdict.OK:
        return CapturedPage(result.quality.verdict, automatic=automatic)
    rgb, w, h = _rgb(fit_within(result.page, THUMB_SIDE))
    return CapturedPage(Verdict.OK, scan.encode_jpeg(result.page), rgb, w, h, automatic)


class CameraOwner:
    """Owns ``camera`` on a thread of its own.

    Args:
        on_frame: each preview frame (about ``fps`` a second) while :meth:`resume`d.
        on_captured: each capture, asked for or automatic.
        on_error: a HallError (unplugged, no frames); the thread then retries opening.
        on_state: the camera's state when it changes.
        auto_capture: capture by itself once a usable page has lain still.
    """

    def __init__(
        self,
        camera: DocumentCamera | Callable[[], DocumentCamera],
        *,
        on_frame: Callable[[PreviewFrame], None] = lambda _: None,
        on_captured: Callable[[CapturedPage], None] = lambda _: None,
        on_error: Callable[[HallError], None] = lambda _: None,
        on_state: Callable[[DeviceState], None] = lambda _: None,
        on_code: Callable[[str], None] = lambda _: None,
        fps: float = 12.0,
        auto_capture: bool = True,
        steady_seconds: float = 0.5,
        reconnect_interval: float = 1.0,
    ) -> None:
        # a camera, or how to build one on the owner's thread (see devices.factory)
        self._make = camera if not hasattr(camera, "latest") else None
        self.camera: DocumentCamera | None = None if self._make else camera  # type: ignore[assignment]
        self.on_frame = on_frame
        self.on_captured = on_captured
        self.on_error = on_error
        self.on_state = on_state
        self.on_code = on_code
        self.interval = 1.0 / fps
        self.auto_capture = auto_capture
        self.steady_seconds = steady_seconds
        self.reconnect_interval = reconnect_interval
        self._requests: queue.Queue[str] = queue.Queue()
        self._live = threading.Event()
        self._codes = threading.Event()  # look for QR codes (a receipt held under the camera)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: DeviceState | None = None

    # -- any thread -----------------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self.camera.state if self.camera is not None else DeviceState.CLOSED

    def health(self) -> Health:
        return Health(self.state)

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="camera-owner", daemon=True)
            self._thread.start()

    def resume(self) -> None:
        """Starts the live view (a page that wants scans is on screen)."""
        self._live.set()
        self._requests.put("wake")

    def pause(self) -> None:
        """Stops the live view; the camera stays open."""
        self._live.clear()
        self._codes.clear()

    def watch_codes(self) -> None:
        """Looks for a QR code in each frame (a receipt held under the camera) instead of
        pages; each new code is reported once through ``on_code``."""
        self._codes.set()
        self.resume()

    def capture(self) -> None:
        """Asks for a capture now (the citizen pressed 拍照)."""
        self._requests.put("capture")

    def request_stop(self) -> None:
        """Asks the thread to end; it closes the camera after the frame or capture at hand."""
        self._stop.set()
        self._live.set()
        self._requests.put("stop")

    def stop(self, timeout: float = 0.8) -> None:
        """Ends the thread, which closes the camera; waits at most ``timeout``."""
        self.request_stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    # -- the owner thread -----------------------------------------------------------------

    def _report_state(self) -> None:
        state = self.state
        if state is not self._state:
            self._state = state
            self.on_state(state)

    def _open(self) -> bool:
        try:
            if self.camera is None:
                assert self._make is not None
                self.camera = self._make()
            self.camera.open()
        except HallError as e:
            self.on_error(e)
            self._report_state()
            return False
        self._report_state()
        return True

    def _run(self) -> None:
        import numpy as np

        from devices.camera.capture import StableTracker

        opened = False
        tracker = StableTracker(seconds=self.steady_seconds)
        last_corners: np.ndarray | None = None  # the page in the newest preview frame
        last_code = ""
        taken: np.ndarray | None = None  # corners of the page last captured (still lying there)
        try:
            while not self._stop.is_set():
                if not opened:
                    opened = self._open()
                    if not opened:
                        self._wait(self.reconnect_interval)
                        continue
                camera = self.camera
                assert camera is not None
                request = self._next_request()
                if self._stop.is_set():
                    break
                try:
                    if request == "capture":
                        self.on_captured(capture_page(camera))
                        taken = last_corners
                        continue
                    if not self._live.is_set():
                        continue
                    frame = camera.latest()
                    if self._codes.is_set():
                        text = read_code(frame)
                        if text and text != last_code:
                            self.on_code(text)
                        last_code = text or last_code
                        continue
                    verdict, corners = preview_verdict(frame)
                    h, w = frame.shape[:2]
                    steady = tracker.update(corners, float(np.hypot(w, h)))
                    last_corners = corners
                    diagonal = float(np.hypot(w, h))
                    if taken is not None and (
                        corners is None or _moved(corners, taken, 0.05 * diagonal)
                    ):
                        taken = None  # lifted or replaced: the next page may auto-capture
                    rgb, fw, fh = _rgb(frame)
                    self.on_frame(PreviewFrame(rgb, fw, fh, verdict, steady))
                    if (
                        self.auto_capture
                        and steady
                        and taken is None
                        and corners is not None
                        and verdict is Verdict.OK
                        and self._live.is_set()
                    ):
                        self.on_captured(capture_page(camera, automatic=True))
                        taken = corners
                except HallError as e:
                    self.on_error(e)
                    self._report_state()
                    if camera.state in (DeviceState.DISCONNECTED, DeviceState.FAULT):
                        camera.close()
                        opened = False
                except Exception as e:  # a driver bug must reach the screen, not kill the view
                    log.exception("document camera failed unexpectedly")
                    self.on_error(DeviceUnavailable(str(e), user_message=tr("高拍仪出现故障。")))
                    self._wait(self.reconnect_interval)
        finally:
            if opened and self.camera is not None:
                self.camera.close()
            self._report_state()

    def _next_request(self) -> str:
        """A request, or "frame" when the next preview frame is due."""
        deadline = time.monotonic() + self.interval
        while True:
            timeout = deadline - time.monotonic() if self._live.is_set() else None
            try:
                request = self._requests.get(timeout=None if timeout is None else max(0.0, timeout))
            except queue.Empty:
                return "frame"
            if request in ("capture", "stop"):
                return request
            if self._live.is_set():  # woken: the live view starts now
                return "frame"

    def _wait(self, seconds: float) -> None:
        try:
            request = self._requests.get(timeout=seconds)
        except queue.Empty:
            return
        if request == "capture":
            self.on_error(
                DeviceUnavailable("capture without a camera", user_message=tr("高拍仪未连接。"))
            )
