"""The document-camera pipeline on synthetic frames with known corners."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.ports import Verdict
from devices.camera import scan, synthetic
from devices.camera.capture import StableTracker, UvcCamera

SIZE = (960, 720)


def corner_error(true: np.ndarray, found: np.ndarray) -> float:
    """Largest corner distance, whatever the labelling of the found corners."""
    best = np.inf
    for order in (found, found[::-1]):
        for k in range(4):
            best = min(
                best, float(np.max(np.linalg.norm(np.roll(order, k, axis=0) - true, axis=1)))
            )
    return best


def test_corners_within_one_percent_of_the_diagonal_on_at_least_95_percent_of_frames() -> None:
    frames = 110
    within, misses = 0, []
    for i in range(frames):
        opts = synthetic.Options(
            finger=i % 5 == 0,
            blur=1.2 if i % 7 == 0 else 0.0,
            glare=i % 11 == 0,
            noise=3.0 + (i % 4) * 2,
        )
        f = synthetic.frame(10_000 + i, SIZE, opts)
        found = scan.find_page(f.frame)
        diag = float(np.hypot(*SIZE))
        if found is not None and corner_error(f.corners, found) <= 0.01 * diag:
            within += 1
        else:
            misses.append(i)
    assert within / frames >= 0.95, misses


def test_checks_say_what_to_do() -> None:
    sharp = synthetic.frame(1, SIZE)
    result = scan.scan(sharp.frame)
    assert result is not None
    assert result.quality.verdict is Verdict.OK
    blurry = scan.scan(synthetic.frame(1, SIZE, synthetic.Options(blur=4.0)).frame)
    assert blurry is not None
    assert blurry.quality.verdict is Verdict.BLURRY
    assert blurry.quality.verdict.guidance == "图像模糊，请将材料放平并保持不动"
    glare = scan.scan(synthetic.frame(2, SIZE, synthetic.Options(glare=True)).frame)
    assert glare is not None
    assert glare.quality.verdict is Verdict.GLARE
    assert "反光" in glare.quality.verdict.guidance
    desk = synthetic.frame(3, SIZE).frame.copy()
    desk[:] = cv2.GaussianBlur(desk, (0, 0), 1)[0:1].mean(axis=(0, 1))  # nothing on the desk
    assert scan.scan(desk) is None
    assert "放平" in Verdict.NO_PAGE.guidance


def test_full_resolution_page_is_a_jpeg_under_300_kb_and_pages_make_one_pdf() -> None:
    f = synthetic.frame(5, (2592, 1944))
    result = scan.scan(f.frame, scan.Mode.TEXT)
    assert result is not None
    h, w = result.page.shape[:2]
    assert abs(h / w - 2**0.5) < 0.01  # snapped to A4
    jpeg = scan.encode_jpeg(result.page)
    assert len(jpeg) <= 300_000
    decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert decoded.shape[0] >= 1000  # still readable, not shrunk to a thumbnail
    colour = scan.encode_jpeg(scan.enhance(result.page, scan.Mode.COLOUR))
    pdf = scan.to_pdf([jpeg, colour])
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") >= 2


def test_a_quarter_turned_page_is_turned_upright() -> None:
    page = synthetic.document()
    turned = cv2.rotate(page, cv2.ROTATE_90_COUNTERCLOCKWISE)
    fixed = scan.upright(turned)
    assert fixed.shape == page.shape
    assert scan.upright(page).shape == page.shape  # an upright page stays


def test_auto_capture_waits_for_stillness() -> None:
    t = StableTracker(seconds=0.5, tolerance=0.01)
    c = np.array([[10, 10], [110, 10], [110, 150], [10, 150]], np.float32)
    assert not t.update(c, 1000, now=0.0)
    assert not t.update(c + 30, 1000, now=0.3)  # moved: the clock restarts
    assert not t.update(c + 31, 1000, now=0.6)
    assert t.update(c + 31, 1000, now=0.85)
    assert not t.update(None, 1000, now=0.9)


def test_uvc_adapter_reads_an_image_sequence(tmp_path: Path) -> None:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"f_{i:03d}.png"), synthetic.frame(i, (1600, 1200)).frame)
    cam = UvcCamera(str(tmp_path / "f_%03d.png"), 1600, 1200)
    cam.open()
    try:
        assert cam.granted == (1600, 1200)
        assert cam.still().shape == (1200, 1600, 3)
        assert max(cam.latest().shape[:2]) == 960  # preview size
    finally:
        cam.close()


def test_missing_camera_is_reported(tmp_path: Path) -> None:
    from core.errors import DeviceUnavailable

    with pytest.raises(DeviceUnavailable) as err:
        UvcCamera(str(tmp_path / "nothing_%03d.png")).open()
    assert "高拍仪" in err.value.user_message


def test_process_cli_recovers_corners_of_pages_it_has_never_seen(tmp_path: Path) -> None:
    """Frames made with another page size and seeds far from the tuning set."""
    page = synthetic.document(width=900, seed=77)
    ok = 0
    for i in range(6):
        f = synthetic.frame(90_000 + i, (1920, 1440), synthetic.Options(finger=i == 3), page=page)
        image = tmp_path / f"in_{i}.png"
        cv2.imwrite(str(image), f.frame)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "devices",
                "camera",
                "process",
                str(image),
                "--output",
                str(tmp_path / f"out_{i}.jpg"),
                "--json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        doc = json.loads(done.stdout)
        assert doc["verdict"] == "ok", doc
        found = np.array(doc["corners"], np.float32)
        ok += corner_error(f.corners, found) <= 0.01 * np.hypot(1920, 1440)
        assert doc["bytes"] <= 300_000
    assert ok == 6


def test_camera_from_settings() -> None:
    from core.errors import SettingsError
    from core.ports import DeviceState
    from core.settings import DeviceSettings
    from devices.factory import make_camera

    assert make_camera(None) is None
    assert make_camera(DeviceSettings("none")) is None
    camera = make_camera(
        DeviceSettings("synthetic", "", {"width": "1296", "height": "972", "seed": "3"})
    )
    assert camera is not None
    camera.open()
    assert camera.state is DeviceState.READY
    assert camera.still().shape[:2] == (972, 1296)
    camera.close()
    uvc = make_camera(DeviceSettings("uvc", "/dev/video9", {}))
    assert uvc is not None
    assert uvc.state is DeviceState.CLOSED  # made, not opened: its owner thread opens it
    with pytest.raises(SettingsError):
        make_camera(DeviceSettings("webcam", "0", {}))
    with pytest.raises(SettingsError):
        make_camera(DeviceSettings("uvc", "0", {"width": "wide"}))


class _Capture:
    """A stand-in for cv2.VideoCapture: ``frames`` good reads, then ``after`` ("fail": reads
    that fail at once; "block": a read that never returns until released)."""

    def __init__(self, frames: int, after: str) -> None:
        import threading

        self.left, self.after = frames, after
        self.reads = 0
        self.released = False
        self.unblock = threading.Event()
        self.frame = synthetic.frame(1, (1600, 1200)).frame

    def isOpened(self) -> bool:  # OpenCV's name
        return True

    def set(self, *_: object) -> bool:
        return True

    def get(self, _: int) -> float:
        return 0.0

    def read(self) -> tuple[bool, np.ndarray | None]:
        self.reads += 1
        if self.left > 0:
            self.left -= 1
            return True, self.frame
        if self.after == "block":
            self.unblock.wait(10)
        return False, None

    def release(self) -> None:
        self.released = True


def test_a_live_camera_whose_reads_fail_is_disconnected_without_spinning(expected_warnings) -> None:  # type: ignore[no-untyped-def]
    """A camera whose reads fail at once was rewound as if it were a file, forever: its grab
    thread spun at ~75 % of a core while the live view kept the last frame and 设备就绪."""
    import time

    from core.errors import DeviceUnavailable
    from core.ports import DeviceState

    cap = _Capture(frames=3, after="fail")
    cam = UvcCamera("/dev/video9", 1600, 1200, capture=lambda _: cap)
    cam.open()
    try:
        deadline = time.monotonic() + 5
        while cam.state is not DeviceState.DISCONNECTED and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cam.state is DeviceState.DISCONNECTED
        assert cap.reads < 20  # a handful of tries, not thousands
        with pytest.raises(DeviceUnavailable) as err:
            cam.latest()  # never the last good frame
        assert "没有画面" in err.value.user_message
    finally:
        cam.close()


def test_a_camera_that_stops_delivering_frames_gives_no_stale_frame(expected_warnings) -> None:  # type: ignore[no-untyped-def]
    """A read stuck in the driver: the newest frame gets old; after STALE_SECONDS it is not
    given (it was the previous citizen's page, shown as live), and closing does not release
    the capture under the stuck read."""
    import time

    from core.errors import DeviceUnavailable
    from core.ports import DeviceState
    from devices.camera.capture import STALE_SECONDS

    now = [1000.0]
    cap = _Capture(frames=2, after="block")
    cam = UvcCamera("/dev/video9", 1600, 1200, capture=lambda _: cap, clock=lambda: now[0])
    cam.open()
    try:
        deadline = time.monotonic() + 5
        while cap.reads < 3 and time.monotonic() < deadline:  # the third read hangs
            time.sleep(0.01)
        assert cam.latest().shape[:2] == (720, 960)  # fresh enough
        now[0] += STALE_SECONDS + 0.5
        with pytest.raises(DeviceUnavailable):
            cam.latest()
        assert cam.state is DeviceState.FAULT  # the owner closes and reopens it
        cam.close()
        assert not cap.released  # the stuck read keeps its capture
    finally:
        cap.unblock.set()


def test_a_file_source_plays_at_its_frame_rate() -> None:
    """A video file or an image sequence was read as fast as it decodes (~56 % of a core
    for a live view that shows 12 frames a second)."""
    import time

    from devices.camera.capture import FILE_FPS

    cap = _Capture(frames=10_000, after="fail")
    cam = UvcCamera("frames/%03d.png", 1600, 1200, capture=lambda _: cap)
    cam.open()
    try:
        time.sleep(1.0)
    finally:
        cam.close()
    assert cam.reads <= 2 * FILE_FPS + 2  # about FILE_FPS in that second, never hundreds
