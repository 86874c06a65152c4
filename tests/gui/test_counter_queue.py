"""叫号 at a hall counter (issue 23): the window calls the next ticket of its categories by key
(F9) — the elderly first —, is refused a recall too soon in the hall server's words, recalls,
starts and ends the service, marks a no-show; the hall server keeps every step."""

from __future__ import annotations

import json
import time
from pathlib import Path

from common_qt.qt import Qt
from core.application import Channel
from core.settings import Role
from sync.client import Credentials, PlatformClient
from tests.gui.test_agent_station import _terminal, _window
from tests.helpers.central import free_port, running_central


def test_a_counter_calls_recalls_serves_and_marks_a_no_show(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        central.platform.set_queue(
            "",
            {
                "categories": [
                    {
                        "letter": "A",
                        "name": "户籍证件",
                        "windows": ["3号窗口"],
                        "opens": "00:00:00",
                        "closes": "23:59:59",
                    },
                    {
                        "letter": "B",
                        "name": "社保医保",
                        "windows": ["5号窗口"],
                        "opens": "00:00:00",
                        "closes": "23:59:59",
                    },
                ],
                "policy": {"recall_gap_seconds": 1, "requeue_behind": None},
            },
        )
        kiosk = PlatformClient(url, Credentials("K1", central.enrol("K1", "kiosk")))
        for person, birth in (("p1", "1990-01-01"), ("p2", "1950-01-01"), ("p3", "")):
            body = {"category": "A", "person": person, "birth": birth}
            kiosk._send("POST", "/v1/queue/tickets", body=json.dumps(body).encode())
        kiosk._send(  # another window's category: never called here
            "POST", "/v1/queue/tickets", body=json.dumps({"category": "B"}).encode()
        )
        hall = _terminal(
            tmp_path, "hall", Role.COUNTER, url, central.enrol("HALL", "counter"), demo_catalogue
        )
        window, controller = _window(qtbot, hall, Channel.COUNTER, "3号窗口")
        with qtbot.waitActive(window):
            window.activateWindow()
        panel = window.queue
        assert panel is not None
        try:
            qtbot.keyClick(window, Qt.Key.Key_F9)  # 叫号
            qtbot.waitUntil(lambda: "A002" in panel.current.text(), timeout=5000)  # 70+ first
            qtbot.waitUntil(lambda: "户籍证件（A）2人" in panel.waiting.text(), timeout=5000)
            assert "社保医保" not in panel.waiting.text()  # not this window's
            qtbot.keyClick(window, Qt.Key.Key_F10)  # 重呼 at once: refused in the hall's words
            qtbot.waitUntil(lambda: "秒后再重呼" in panel.message.text(), timeout=5000)
            time.sleep(1.1)
            qtbot.keyClick(window, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: "呼叫 2 次" in panel.current.text(), timeout=5000)
            qtbot.mouseClick(panel.buttons["serve"], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "办理中" in panel.current.text(), timeout=5000)
            qtbot.keyClick(window, Qt.Key.Key_F12)  # 办结
            qtbot.waitUntil(lambda: panel.current.text() == "当前：—", timeout=5000)
            qtbot.keyClick(window, Qt.Key.Key_F9)
            qtbot.waitUntil(lambda: "A001" in panel.current.text(), timeout=5000)
            qtbot.keyClick(window, Qt.Key.Key_F11)  # 过号: dropped (the hall's choice)
            qtbot.waitUntil(lambda: "A001 已过号" in panel.message.text(), timeout=5000)
        finally:
            window.close()
            controller.stop()
        states = {
            json.loads(doc)["number"]: json.loads(doc)["state"]
            for (doc,) in central.platform.db.conn.execute("SELECT doc FROM queue_tickets")
        }
        assert states == {"A001": "missed", "A002": "done", "A003": "waiting", "B001": "waiting"}
