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
from dataclasses import dataclass

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


class UvcCamera:
    def __init__(self, device: str, width: int = 2592, height: int = 1944) -> None:
        self.device = device
        self.requested = (width, height)
        self.granted = (0, 0)
        self._cap: cv2.VideoCapture | None = None
        self._state = DeviceState.CLOSED
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        source: int | str = int(self.device) if self.device.isdigit() else self.device
        cap = cv2.VideoCapture(source)
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
        self._frame = first
        self._state = DeviceState.READY
        self._stop.clear()
        self._thread = threading.Thread(target=self._grab, name="camera", daemon=True)
        self._thread.start()

    def _grab(self) -> None:
        while not self._stop.is_set():
            cap = self._cap
            if cap is None:
                return
            ok, frame = cap.read()
            if not ok or frame is None:
                if isinstance(self.device, str) and not self.device.isdigit():
                    cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # a file source: loop it
                    continue
                self._state = DeviceState.DISCONNECTED
                return
            with self._lock:
                self._frame = frame

    def latest(self) -> np.ndarray:
        """A preview-sized frame (for the live view and auto-capture)."""
        return fit_within(self.still(), PREVIEW_SIDE)

    def still(self) -> np.ndarray:
        with self._lock:
            if self._frame is None:
                raise DeviceUnavailable("no frame yet", user_message=tr("高拍仪没有画面。"))
            return self._frame.copy()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(3)
        if self._cap is not None:
            self._cap.release()
            self._cap = None
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
