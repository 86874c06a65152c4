"""叫号 at a hall counter (issue 23): the window calls the next ticket of its categories by key
(F9) — the elderly first —, is refused a recall too soon in the hall server's words, recalls,
starts and ends the service, marks a no-show, transfers a ticket to another category's window
(Ctrl+F11), pauses (Ctrl+F12: calls nobody) and resumes; the ticket called is the
acceptance's applicant (its number travels with the decision, which ends its service); the
hall server keeps every step."""

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
from tests.helpers.samples import make_id


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
        for n, born in ((1, "19900101"), (2, "19500101"), (3, "19900101"), (4, "19900101")):
            body = {"category": "A", "id_number": make_id(f"110101{born}{n:03d}")}
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
            qtbot.waitUntil(lambda: "户籍证件（A）3人" in panel.waiting.text(), timeout=5000)
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
            # 转移 A003 to 社保医保 at 5号窗口 (its own window is not offered)
            qtbot.keyClick(window, Qt.Key.Key_F9)
            qtbot.waitUntil(lambda: "A003" in panel.current.text(), timeout=5000)
            targets = [panel.target.itemText(i) for i in range(panel.target.count())]
            assert "社保医保（B）· 5号窗口" in targets
            assert not any("3号窗口" in t for t in targets)
            panel.target.setCurrentIndex(targets.index("社保医保（B）· 5号窗口"))
            qtbot.keyClick(window, Qt.Key.Key_F11, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: "A003 已转移" in panel.message.text(), timeout=5000)
            assert panel.current.text() == "当前：—"
            # 暂停服务: the window calls nobody until it resumes
            qtbot.keyClick(window, Qt.Key.Key_F12, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: "已暂停服务" in panel.message.text(), timeout=5000)
            assert not panel.buttons["call"].isEnabled()
            assert panel.buttons["pause"].accessibleName() == "恢复服务"
            qtbot.keyClick(window, Qt.Key.Key_F12, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: "恢复服务" in panel.message.text(), timeout=5000)
            # the ticket called is the acceptance's applicant; the decision ends its service
            qtbot.keyClick(window, Qt.Key.Key_F9)
            qtbot.waitUntil(lambda: "A004" in panel.current.text(), timeout=5000)
            assert controller.ticket.startswith("Q")
            assert controller.ticket.endswith("A004")
            trail = window.acceptance_panel.trail.text()  # type: ignore[union-attr]
            assert "排队号 A004" in trail
            panel.controller.finish_with("HALL-261205-ABCDEF")
            qtbot.waitUntil(lambda: "A004 办结" in panel.message.text(), timeout=5000)
            assert controller.ticket == ""
        finally:
            window.close()
            controller.stop()
        states = {
            json.loads(doc)["number"]: json.loads(doc)["state"]
            for (doc,) in central.platform.db.conn.execute("SELECT doc FROM queue_tickets")
        }
        assert states == {
            "A001": "missed",
            "A002": "done",
            "A003": "waiting",
            "A004": "done",
            "B001": "waiting",
        }
        a3 = central.platform.db.conn.execute(
            "SELECT doc FROM queue_tickets WHERE number = 'A003'"
        ).fetchone()[0]
        assert (json.loads(a3)["category"], json.loads(a3)["for_window"]) == ("B", "5号窗口")
        a4 = central.platform.db.conn.execute(
            "SELECT doc FROM queue_tickets WHERE number = 'A004'"
        ).fetchone()[0]
        assert json.loads(a4)["application"] == "HALL-261205-ABCDEF"
