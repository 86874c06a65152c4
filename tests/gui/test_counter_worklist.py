"""The counter's worklist: filters by state (this terminal's or the platform's) and by item,
and 重新上报 of an application the platform refused, once its cause is fixed."""

from __future__ import annotations

from pathlib import Path

from common_qt.qt import Qt
from core.evaluation import Satisfaction
from core.ports import PadOutcome, PadResult
from counter.window import CounterWindow
from sync.outbox import Outbox
from terminal.devices import TerminalDevices
from tests.helpers.clock import ManualClock
from tests.helpers.keys import counter_terminal, new_store
from tests.helpers.outbox import deliver, hold, queue
from tests.helpers.pads import AnsweringPad


def test_filters_and_retry_of_a_held_application(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, clock: ManualClock
) -> None:
    store_path = tmp_path / "data" / "store.sqlite"
    store_path.parent.mkdir()
    terminal = counter_terminal(store_path)
    with new_store(store_path, clock) as s:
        waiting = queue(s, clock, [b"a"])
        refused = queue(s, clock, [b"b"], impl="3699010000000101002")
        hold(s, clock, refused, "422 表单字段 phone 格式错误")
        done = queue(s, clock, [b"c"])
        deliver(s, clock, done, "36990100000001012026113000001")
    window = CounterWindow(title="窗口", operations=terminal.open)
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 3, timeout=5000)
        states = [
            window.worklist.filter_state.itemText(i)
            for i in range(window.worklist.filter_state.count())
        ]
        assert states[0] == "全部状态"
        assert "待人工处理" in states
        assert "已上报" in states
        assert "已接收" in states  # the platform's column
        window.worklist.filter_state.setCurrentIndex(
            window.worklist.filter_state.findData("待人工处理")
        )
        assert window.worklist.model.rowCount() == 1
        assert window.worklist.model.text(0, 4) == "待人工处理：422 表单字段 phone 格式错误"
        window.worklist.filter_state.setCurrentIndex(
            window.worklist.filter_state.findData("已接收")
        )
        assert [
            window.worklist.model.row(i).local_id for i in range(window.worklist.model.rowCount())
        ] == [done.local_id]
        window.worklist.filter_state.setCurrentIndex(0)
        assert window.worklist.model.rowCount() == 3

        # 重新上报 of something not held is refused in the clerk's words
        window.worklist.table.selectRow(
            [r.local_id for r in window.worklist.model.rows].index(waiting.local_id)
        )
        qtbot.mouseClick(window.worklist.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "无需重新上报" in window.status.text(), timeout=5000)
        assert window.status.text() == "该办件当前为“待上报”，无需重新上报。"
        window.worklist.table.selectRow(
            [r.local_id for r in window.worklist.model.rows].index(refused.local_id)
        )
        qtbot.mouseClick(window.worklist.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "重新加入上报队列" in window.status.text(), timeout=5000)
        qtbot.waitUntil(
            lambda: window.worklist.filter_state.findData("待人工处理") == -1, timeout=5000
        )  # the worklist was refreshed: nothing is held any more
    finally:
        window.close()
    with new_store(store_path, clock) as s:
        assert Outbox(s).get("application", str(refused.local_id)).state == "pending"
        events = [r[0] for r in s.conn.execute("SELECT event FROM audit")]
        assert "outbox_retry" in events


def test_a_rating_is_of_an_application_and_given_once(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, clock: ManualClock
) -> None:
    """邀请评价 with nothing decided or selected stores nothing (each press stored another
    unbound 满意); a worklist row is rated once (一次一评); each rating names its application."""
    store_path = tmp_path / "data" / "store.sqlite"
    store_path.parent.mkdir()
    terminal = counter_terminal(store_path)
    with new_store(store_path, clock) as s:
        app = queue(s, clock, [b"a"])
    pad = AnsweringPad(PadResult(PadOutcome.RATED, Satisfaction.SATISFIED))
    window = CounterWindow(
        title="窗口", operations=terminal.open, devices=TerminalDevices.of(pad=pad)
    )
    qtbot.addWidget(window)
    window.show()
    try:
        window.start_pad()
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1, timeout=5000)
        for _ in range(3):
            qtbot.mouseClick(window.pad.invite_button, Qt.MouseButton.LeftButton)
        assert pad.invitations == []
        assert "选择要评价的办件" in window.pad.pad_message.text()

        window.worklist.table.selectRow(0)
        qtbot.mouseClick(window.pad.invite_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.pad.controller.last_evaluation is not None, timeout=5000)
        assert window.pad.controller.last_evaluation is not None
        assert window.pad.controller.last_evaluation.application_id == app.local_id
        qtbot.waitUntil(window.pad.invite_button.isEnabled, timeout=5000)
        qtbot.mouseClick(window.pad.invite_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已评价（一次一评）" in window.pad.pad_message.text(), timeout=5000)
        assert len(pad.invitations) == 1
    finally:
        window.close()
    with new_store(store_path, clock) as s:
        rows = s.conn.execute("SELECT count(*) FROM evaluations").fetchone()[0]
        assert rows == 1
