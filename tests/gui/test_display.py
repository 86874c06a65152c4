"""The hall's call display (叫号屏, issue 23): what it shows and says for a call, its type sized
to be read across the hall in both orientations, its feed reconnecting by itself, and a call
from a real counter on the screen within half a second of the click."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common_qt.qt import QtCore, QtGui
from core.settings import parse_settings
from display.app import open_display
from display.feed import QueueFeed
from display.window import DisplayWindow
from sync.client import Credentials, LinkBroken, PlatformClient
from tests.helpers.central import running_central

STATE = {
    "categories": {"A": "户籍证件", "B": "社保医保"},
    "waiting": {"A": 3, "B": 1},
    "recent": [{"number": "A001", "window": "1号窗口", "caption": "请A001号到1号窗口办理"}],
}
CALL = {
    "number": "A012",
    "window": "3号窗口",
    "caption": "请A012号到3号窗口办理",
    "speech": "请A零一二号到3号窗口办理",
    "waiting": {"A": 2, "B": 1},
}


def _lit(image: QtGui.QImage, rect: QtCore.QRect) -> int:
    """The call's yellow type drawn in ``rect``."""
    return sum(
        1
        for y in range(rect.top(), rect.bottom(), 3)
        for x in range(rect.left(), rect.right(), 3)
        if (c := image.pixelColor(x, y)).red() > 200 and c.green() > 180 and c.blue() < 120
    )


def test_a_call_is_shown_large_and_spoken_twice_in_both_orientations(qtbot) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    window = DisplayWindow(hall_name="示范市青山区光明街道便民服务中心", say=said.append)
    qtbot.addWidget(window)
    window.show_event("state", STATE)
    assert window.now.text() == "请A001号\n到1号窗口办理"
    window.show_event("call", CALL)
    assert window.now.text() == "请A012号\n到3号窗口办理"  # two lines, broken where read
    # the caption's words, the number read out, twice
    assert said == ["请A零一二号到3号窗口办理"] * 2
    assert [line.text() for line in window.recent[:2]] == [
        "请A012号到3号窗口办理",
        "请A001号到1号窗口办理",
    ]
    assert "户籍证件（A）：2 人" in window.waiting.text()
    for size in ((1920, 1080), (1080, 1920)):
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(100)
        assert (window.width(), window.height()) == size  # nothing wider than the screen
        # read from 5 metres: the call ≥ 90 px type, the last calls ≥ 60 px
        assert window.now.font().pixelSize() >= 90, size
        assert window.recent[0].font().pixelSize() >= 60, size
        # drawn whole: the caption's lines fit its place, in the call's colour
        assert window.now.heightForWidth(window.now.width()) <= window.now.height(), size
        picture = window.grab().toImage()
        place = QtCore.QRect(window.now.mapTo(window, QtCore.QPoint()), window.now.size())
        assert _lit(picture, place) > 500, size
    window.show_event("recall", CALL)
    assert said.count("请A零一二号到3号窗口办理") == 4  # a recall is said twice again
    # a window paused is said on the notice line, and no longer once it resumes
    window.show_event("windows", {"window": "2号窗口", "paused": ["2号窗口"], "waiting": {}})
    assert window.notice.text().startswith("2号窗口暂停服务。")
    window.show_event("windows", {"window": "2号窗口", "paused": [], "waiting": {}})
    assert "暂停服务" not in window.notice.text()
    assert len(said) == 4  # said nothing


def test_the_feed_reconnects_by_itself_from_its_last_event(qtbot) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []

    def events(since: int) -> Iterator[tuple[int, str, dict[str, Any]]]:
        asked.append(since)
        if len(asked) == 1:
            raise LinkBroken("the hall server is away")
        yield 0, "state", STATE
        yield since + 1, "call", {**CALL, "number": f"A0{since + 1:02d}"}
        if len(asked) >= 3:
            time.sleep(60)  # the stream stays open

    feed = QueueFeed(events)
    got: list[tuple[str, dict[str, Any]]] = []
    feed.arrived.connect(lambda kind, doc: got.append((kind, doc)))
    feed.start()
    try:
        qtbot.waitUntil(lambda: len(asked) >= 3, timeout=10000)
        qtbot.waitUntil(lambda: len(got) >= 4, timeout=5000)
    finally:
        feed.stop()
    assert asked[:3] == [0, 0, 1]  # resumed after the last event it had
    assert [k for k, _ in got[:4]] == ["state", "call", "state", "call"]
    assert feed.connects >= 2


def test_a_counters_call_is_on_the_display_within_half_a_second(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    with running_central(tmp_path / "central") as central:
        _call_on_the_display(qtbot, central, tmp_path)


def _call_on_the_display(qtbot, central, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hall = "光明街道便民服务中心"
    platform = central.platform
    platform.set_queue(
        hall,
        {
            "categories": [
                {"letter": "A", "name": "户籍证件", "opens": "00:00:00", "closes": "23:59:59"}
            ],
            "policy": {},
        },
    )
    kiosk = PlatformClient(
        central.url, Credentials("K1", platform.add_terminal("K1", "", hall, "kiosk"))
    )
    counter = PlatformClient(
        central.url, Credentials("C1", platform.add_terminal("C1", "", hall, "counter"))
    )
    secret = tmp_path / "display.secret"
    secret.write_text(platform.add_terminal("D1", "大厅叫号屏", hall, "display"))
    settings = parse_settings(
        {
            "terminal": {
                "id": "D1",
                "role": "display",
                "region_code": "369901001000",
                "hall_name": "示范市青山区光明街道便民服务中心",
            },
            "platform": {"url": central.url, "secret_file": str(secret)},
            "storage": {"data_dir": str(tmp_path / "display")},
        }
    )
    _app, window, feed = open_display(settings, speak=False)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    try:
        qtbot.waitUntil(lambda: feed.connects >= 1, timeout=10000)
        body = json.dumps({"category": "A", "person": "p1"}).encode()
        assert kiosk._send("POST", "/v1/queue/tickets", body=body).status_code == 201
        call = json.dumps({"window": "3号窗口", "categories": ["A"]}).encode()
        clicked = time.monotonic()
        assert counter._send("POST", "/v1/queue/call", body=call).status_code == 200
        qtbot.waitUntil(lambda: window.now.text() == "请A001号\n到3号窗口办理", timeout=5000)
        assert window.shown_at is not None
        assert window.shown_at - clicked < 0.5
        assert window.spoken == ["请A零零一号到3号窗口办理"] * 2
    finally:
        feed.stop()
