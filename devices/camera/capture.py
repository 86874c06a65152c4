"""The document camera adapter (OpenCV / UVC), its synthetic stand-in, and auto-capture.

``UvcCamera`` opens ``device`` — an index ("0"), a device path ("/dev/video2"), a video file or
an image sequence ("frames/%03d.png") or a stream URL — asks for MJPG *before* the resolution
(otherwise many UVC cameras fall back to a slow raw mode at a low resolution), reads back what
was granted, and grabs frames on its own thread: ``latest()`` gives a small preview frame,
``still()`` the full-resolution frame. ``SyntheticCamera`` produces frames of the synthetic
desk for the demo and the tests. :class:`StableTracker` decides when to capture by itself:
corners steady for about half a second and the checks passing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from core.errors import DeviceUnavailable
from core.messages import tr
from core.ports import DeviceState
from devices.camera import synthetic

log = logging.getLogger(__name__)

PREVIEW_SIDE = 960


def fit_within(image: np.ndarray, side: int) -> np.ndarray:
    """``image`` shrunk so its longest side is at most ``side`` pixels (never enlarged)."""
    h, w = image.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return image
    return cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


# A frame older than this is not shown: the camera stopped delivering (a cable pulled half
# way, a driver stalled). The live view said 设备就绪 and kept the last frame — the previous
# citizen's page — on screen.
STALE_SECONDS = 2.0
# Reads of a file source (a video, an image sequence) are paced to its frame rate (a source
# without one: this); a live camera paces itself (a read waits for the next frame).
FILE_FPS = 15.0
# A source whose reads fail this many times in a row gives no frames: it is disconnected (a
# live camera), or a file that cannot be read from its start again.
FAILED_READS = 5


def _is_live(device: str) -> bool:
    """A camera (an index, /dev/videoN, a stream URL), not a file that can be rewound."""
    return device.isdigit() or device.startswith("/dev/") or "://" in device


class UvcCamera:
    """A UVC document camera through OpenCV, read on a grab thread of its own.

    ``capture``: how to open ``device`` (``cv2.VideoCapture``; tests put a stand-in there).
    """

    def __init__(
        self,
        device: str,
        width: int = 2592,
        height: int = 1944,
        *,
        capture: Callable[[int | str], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.device = device
        self.requested = (width, height)
        self.granted = (0, 0)
        self._open_capture = capture or cv2.VideoCapture
        self._clock = clock
        self._cap: Any = None
        self._state = DeviceState.CLOSED
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = None
        self._frame_at = 0.0  # when the newest frame arrived (clock)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reads = 0  # frames read by the grab thread (its pace, for tests and the bench)

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        source: int | str = int(self.device) if self.device.isdigit() else self.device
        cap = self._open_capture(source)
        if not cap.isOpened():
            self._state = DeviceState.DISCONNECTED
            raise DeviceUnavailable(
                f"camera {self.device!r} cannot be opened",
                user_message=tr("高拍仪未连接，请检查连接线或联系工作人员。"),
            )
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))  # before the size
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.requested[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.requested[1])
        ok, first = cap.read()
        if not ok or first is None:
            cap.release()
            self._state = DeviceState.DISCONNECTED
            raise DeviceUnavailable(
                f"camera {self.device!r} gives no frames",
                user_message=tr("高拍仪没有画面，请检查连接线或联系工作人员。"),
            )
        self.granted = (first.shape[1], first.shape[0])
        if self.granted != self.requested:
            log.info("camera %s granted %dx%d", self.device, *self.granted)
        self._cap = cap
        with self._lock:
            self._frame, self._frame_at = first, self._clock()
        self._state = DeviceState.READY
        self._stop.clear()
        live = _is_live(self.device)
        fps = 0.0 if live else float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        pace = 0.0 if live else 1.0 / (fps if 1.0 <= fps <= 120.0 else FILE_FPS)
        self._thread = threading.Thread(
            target=self._grab, args=(cap, live, pace), name="camera", daemon=True
        )
        self._thread.start()

    def _grab(self, cap: Any, live: bool, pace: float) -> None:
        failures = 0
        while not self._stop.is_set():
            started = self._clock()
            ok, frame = cap.read()
            if ok and frame is not None:
                failures = 0
                self.reads += 1
                with self._lock:
                    self._frame, self._frame_at = frame, self._clock()
            else:
                failures += 1
                if failures >= FAILED_READS:
                    log.warning("camera %s: no frames (%d reads failed)", self.device, failures)
                    self._state = DeviceState.DISCONNECTED
                    return
                if not live:
                    cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # a file source: loop it
            # a failed read that returns at once does not spin; a file plays at its rate
            wait = max(pace, 0.0 if ok else 0.05) - (self._clock() - started)
            if wait > 0:
                self._stop.wait(wait)

    def latest(self) -> np.ndarray:
        """A preview-sized frame (for the live view and auto-capture)."""
        return fit_within(self.still(), PREVIEW_SIDE)

    def still(self) -> np.ndarray:
        """The newest full-resolution frame; a camera that stopped delivering frames (or was
        found disconnected by its grab thread) raises instead of giving an old one."""
        with self._lock:
            frame, at = self._frame, self._frame_at
        if self._state is DeviceState.DISCONNECTED:
            raise DeviceUnavailable(
                f"camera {self.device!r} stopped giving frames",
                user_message=tr("高拍仪没有画面，请检查连接线或联系工作人员。"),
            )
        if frame is None:
            raise DeviceUnavailable("no frame yet", user_message=tr("高拍仪没有画面。"))
        if self._clock() - at > STALE_SECONDS:
            self._state = DeviceState.FAULT
            raise DeviceUnavailable(
                f"camera {self.device!r}: no frame for {self._clock() - at:.1f} s",
                user_message=tr("高拍仪没有画面，请检查连接线或联系工作人员。"),
            )
        return frame.copy()

    def close(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(3)
        if self._cap is not None:
            if thread is not None and thread.is_alive():
                # a read stuck in the driver: releasing under it could crash the process;
                # the capture is left to the stuck thread (a daemon)
                log.warning("camera %s: a read did not return; left to its thread", self.device)
            else:
                self._cap.release()
            self._cap = None
        with self._lock:
            self._frame = None  # nothing of the last page stays in memory
        self._state = DeviceState.CLOSED


class SyntheticCamera:
    """Frames of the synthetic desk, as a citizen uses a real one: a hand places the page (a
    few moving frames), it lies still, and after each still is taken the page is lifted (an
    empty desk) and the next one placed (the next seed). Frames are made once per layout and
    kept, so the live view runs at camera speed (a full-size frame takes about a second)."""

    PLACING = 3  # moving frames before the page lies still
    LIFTED = 4  # empty-desk frames after a still, before the next page

    def __init__(
        self,
        seed: int = 0,
        size: tuple[int, int] = (2592, 1944),
        options: synthetic.Options | None = None,
    ) -> None:
        self.seed = seed
        self.size = size
        self.options = options
        self._state = DeviceState.CLOSED
        self._n = 0  # frames shown of the current page
        self._lifted = 0  # empty-desk frames still to show
        self._frames: dict[tuple[int, tuple[int, int]], synthetic.SyntheticFrame] = {}
        self._lock = threading.Lock()
        self.truth: np.ndarray | None = None

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        self._state = DeviceState.READY

    def close(self) -> None:
        self._state = DeviceState.CLOSED

    def _frame(self, seed: int, size: tuple[int, int]) -> synthetic.SyntheticFrame:
        key = (seed, size)
        if key not in self._frames:
            if len(self._frames) > 16:
                self._frames.clear()
            self._frames[key] = synthetic.frame(seed, size, self.options)
        return self._frames[key]

    def still(self) -> np.ndarray:
        with self._lock:
            f = self._frame(self.seed, self.size)
            self.truth = f.corners
            # the citizen lifts the page; the next one (another layout) comes after
            self.seed += 1
            self._n = 0
            self._lifted = self.LIFTED
            return f.frame

    def latest(self) -> np.ndarray:
        with self._lock:
            w, h = self.size
            scale = min(1.0, PREVIEW_SIDE / max(w, h))
            small = (round(w * scale), round(h * scale))
            if self._lifted:
                self._lifted -= 1
                rng = np.random.default_rng(self.seed)
                return synthetic.desk(rng, small[1], small[0])
            self._n += 1
            # the first frames: a hand still placing the page (a different layout each time)
            seed = self.seed if self._n > self.PLACING else self.seed + 1000 + self._n
            return self._frame(seed, small).frame


@dataclass
class StableTracker:
    """Auto-capture: True once the page's corners stayed within ``tolerance`` (share of the
    frame's diagonal) for ``seconds``."""

    seconds: float = 0.5
    tolerance: float = 0.01
    _since: float | None = None
    _last: np.ndarray | None = None

    def update(self, corners: np.ndarray | None, diagonal: float, now: float | None = None) -> bool:
        t = time.monotonic() if now is None else now
        if corners is None:
            self._since, self._last = None, None
            return False
        if self._last is None or np.max(np.linalg.norm(corners - self._last, axis=1)) > (
            self.tolerance * diagonal
        ):
            self._since = t
        self._last = corners
        return self._since is not None and t - self._since >= self.seconds
