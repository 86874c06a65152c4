"""The document camera's owner thread: live view, auto-capture, capture on request, QR codes,
an unplugged camera, and a quick stop — with the synthetic camera and small fakes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import cv2
import numpy as np
import qrcode

from core.errors import DeviceUnavailable, HallError
from core.ports import DeviceState, Verdict
from devices.camera.capture import SyntheticCamera
from devices.camera.owner import CameraOwner, CapturedPage, PreviewFrame


def _until(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


class _Still:
    """A camera showing one fixed frame."""

    def __init__(self, frame: np.ndarray) -> None:
        self.frame = frame
        self.state = DeviceState.CLOSED
        self.threads: set[str] = set()

    def open(self) -> None:
        self.threads.add(threading.current_thread().name)
        self.state = DeviceState.READY

    def close(self) -> None:
        self.threads.add(threading.current_thread().name)
        self.state = DeviceState.CLOSED

    def latest(self) -> np.ndarray:
        return self.frame

    def still(self) -> np.ndarray:
        return self.frame


def test_live_view_guides_then_captures_by_itself_once_per_page() -> None:
    frames: list[PreviewFrame] = []
    pages: list[CapturedPage] = []
    owner = CameraOwner(
        SyntheticCamera(seed=5, size=(1296, 972)), on_frame=frames.append, on_captured=pages.append
    )
    owner.start()
    owner.resume()
    try:
        assert _until(lambda: len(pages) >= 2, 30)  # the page, lifted, the next page
    finally:
        started = time.monotonic()
        owner.stop()
        assert time.monotonic() - started < 1.0
    assert all(p.automatic and p.usable for p in pages[:2])
    assert all(0 < len(p.jpeg) <= 300_000 for p in pages[:2])
    assert pages[0].thumb_width <= 320
    assert max(f.width for f in frames) <= 960
    assert any(f.steady for f in frames)
    assert any(f.verdict is Verdict.OK for f in frames)
    assert len({p.jpeg for p in pages[:2]}) == 2  # two different pages, not one twice


def test_capture_on_request_without_a_page_says_so() -> None:
    desk = np.full((600, 800, 3), 80, np.uint8)
    pages: list[CapturedPage] = []
    camera = _Still(desk)
    owner = CameraOwner(camera, on_captured=pages.append, auto_capture=False)
    owner.start()
    owner.capture()
    try:
        assert _until(lambda: bool(pages))
    finally:
        owner.stop()
    assert pages[0].verdict is Verdict.NO_PAGE
    assert not pages[0].usable
    assert camera.threads == {"camera-owner"}  # opened and closed on its owner's thread


def test_a_receipt_qr_under_the_camera_is_read_once() -> None:
    qr = np.array(qrcode.make("https://zwfw.example.gov.cn/q/K0001-261130-ABC123").convert("RGB"))
    frame = np.full((720, 960, 3), 90, np.uint8)
    frame[200:500, 300:600] = cv2.resize(qr[:, :, ::-1], (300, 300))
    codes: list[str] = []
    owner = CameraOwner(_Still(frame), on_code=codes.append)
    owner.start()
    owner.watch_codes()
    try:
        assert _until(lambda: bool(codes))
        time.sleep(0.5)  # still under the camera: not reported again
    finally:
        owner.stop()
    assert codes == ["https://zwfw.example.gov.cn/q/K0001-261130-ABC123"]


class _Unplugged(_Still):
    def open(self) -> None:
        self.state = DeviceState.DISCONNECTED
        raise DeviceUnavailable("no camera", user_message="高拍仪未连接，请检查连接线。")


def test_an_unplugged_camera_is_reported_and_retried_and_stops_at_once() -> None:
    errors: list[HallError] = []
    states: list[DeviceState] = []
    owner = CameraOwner(
        _Unplugged(np.zeros((10, 10, 3), np.uint8)),
        on_error=errors.append,
        on_state=states.append,
        reconnect_interval=0.1,
    )
    owner.start()
    try:
        assert _until(lambda: len(errors) >= 2, 5)  # tried again
    finally:
        started = time.monotonic()
        owner.stop()
        assert time.monotonic() - started < 1.0
    assert "高拍仪未连接" in errors[0].user_message
    assert states[0] is DeviceState.DISCONNECTED
