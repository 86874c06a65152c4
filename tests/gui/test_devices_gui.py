"""Device widgets and the counter's device panels, driven with pytest-qt against simulators."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from common_qt.app import save_screenshot
from common_qt.devices import PadBridge
from common_qt.qt import Qt, QtWidgets
from common_qt.widgets.identity_card import IdentityCardView
from common_qt.widgets.review_pad import KeyboardPad, OnScreenPad, ReviewPadWidget
from core.evaluation import Satisfaction
from core.padkeys import KeyKind, KeyMap
from core.ports import CardRead, DeviceState, PadInvitation, PadOutcome, PadResult
from core.staff import StaffMember, StaffRole
from counter.window import CounterWindow
from devices.idcard.cards import DEMO_CARDS
from devices.idcard.reader import ReaderOptions, SamReader
from devices.idcard.simulator import PtySimulator
from devices.pad.serial_pad import SerialKeyPad, SerialPadOptions
from devices.pad.session import PadSession
from devices.pad.simulator import PadSimulator
from terminal.devices import TerminalDevices
from tests.helpers.keys import accepted_application, counter_terminal, keyring, new_store
from tests.helpers.pads import AnsweringPad

INVITE = PadInvitation("王芳", "A0123", "3号窗口", "居民身份证申领", timeout_seconds=10)


def _owned(pad: Any) -> tuple[PadSession, PadBridge]:
    """The pad on its owner thread, reporting to a bridge (as terminal.devices builds it)."""
    session = PadSession(pad)
    return session, PadBridge().attach(session)


def test_identity_view_masks_for_the_kiosk_and_shows_a_placeholder(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk_view, counter_view = IdentityCardView(masked=True), IdentityCardView(masked=False)
    for view in (kiosk_view, counter_view):
        qtbot.addWidget(view)
        view.show_card(CardRead(DEMO_CARDS["resident"], b"", bytes(1024)))
    kiosk_text = " ".join(w.text() for w in kiosk_view.findChildren(QtWidgets.QLabel))
    counter_text = " ".join(w.text() for w in counter_view.findChildren(QtWidgets.QLabel))
    assert "张*丰" in kiosk_text
    assert "110101199001010031" not in kiosk_text
    assert "110101199001010031" in counter_text
    assert "示范路1号" in counter_text
    assert "解码库" in counter_view.photo_note  # no decoder: a placeholder, and no failure
    counter_view.resize(520, 320)
    counter_view.show()
    assert save_screenshot(counter_view, tmp_path / "card.png").stat().st_size > 1000


def test_on_screen_pad_negative_rating_needs_a_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = ReviewPadWidget()
    qtbot.addWidget(widget)
    pad = OnScreenPad(widget)
    pad.open()
    session, bridge = _owned(pad)
    with qtbot.waitSignal(bridge.finished, timeout=10000) as done:
        session.invite(INVITE)
        qtbot.waitUntil(widget.isVisible)
        assert "王芳" in widget.staff.text()
        qtbot.mouseClick(
            widget.level_buttons[Satisfaction.VERY_DISSATISFIED], Qt.MouseButton.LeftButton
        )
        assert widget.pages.currentIndex() == 1
        qtbot.mouseClick(widget.submit_button, Qt.MouseButton.LeftButton)
        assert "请选择或填写不满意的原因" in widget.why_message.text()  # nothing sent yet
        widget.reason_boxes[2].setChecked(True)
        qtbot.mouseClick(widget.submit_button, Qt.MouseButton.LeftButton)
    assert done.args[0] == PadResult(
        PadOutcome.RATED, Satisfaction.VERY_DISSATISFIED, ("等候时间过长",)
    )
    qtbot.waitUntil(lambda: not widget.isVisible())
    assert pad.state is DeviceState.READY


def test_on_screen_pad_positive_rating_is_one_tap(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = ReviewPadWidget()
    qtbot.addWidget(widget)
    pad = OnScreenPad(widget)
    pad.open()
    session, bridge = _owned(pad)
    with qtbot.waitSignal(bridge.finished, timeout=10000) as done:
        session.invite(INVITE)
        qtbot.waitUntil(widget.isVisible)
        qtbot.mouseClick(widget.level_buttons[Satisfaction.SATISFIED], Qt.MouseButton.LeftButton)
    assert done.args[0] == PadResult(PadOutcome.RATED, Satisfaction.SATISFIED)


def test_keyboard_pad_maps_its_keys_and_swallows_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QtWidgets.QApplication.instance()
    field = QtWidgets.QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    pad = KeyboardPad(KeyMap.parse("F1=非常满意, F2=满意, F3=不满意, Esc=取消", KeyKind.NAME), app)
    pad.open()
    session, bridge = _owned(pad)
    qtbot.keyClick(field, Qt.Key.Key_F2)  # before the invitation: not a rating
    with qtbot.waitSignal(bridge.finished, timeout=10000) as done:
        session.invite(INVITE)
        qtbot.waitUntil(lambda: pad.state is DeviceState.BUSY)
        qtbot.wait(50)
        qtbot.keyClick(field, Qt.Key.Key_A)  # an ordinary key still types
        qtbot.keyClick(field, Qt.Key.Key_F1)
    assert done.args[0] == PadResult(PadOutcome.RATED, Satisfaction.VERY_SATISFIED)
    assert field.text() == "a"
    with qtbot.waitSignal(bridge.finished, timeout=10000) as done:
        session.invite(INVITE)
        qtbot.waitUntil(lambda: pad.state is DeviceState.BUSY)
        qtbot.wait(50)
        qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert done.args[0].outcome is PadOutcome.CANCELLED


@pytest.fixture
def simulators(tmp_path: Path) -> Iterator[tuple[PtySimulator, PadSimulator]]:
    card_sim = PtySimulator(link=tmp_path / "idcard").start()
    keys = KeyMap.parse("31=满意, 32=基本满意, 33=不满意", KeyKind.BYTE)
    pad_sim = PadSimulator(keys, link=tmp_path / "pad", invite_bytes=b"\xa5").start()
    yield card_sim, pad_sim
    card_sim.stop()
    pad_sim.stop()


def test_counter_reads_the_card_and_takes_an_evaluation(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, simulators: tuple[PtySimulator, PadSimulator], expected_warnings: None
) -> None:
    card_sim, pad_sim = simulators
    keys = pad_sim.keys
    terminal = counter_terminal(tmp_path / "store.sqlite")
    decided = accepted_application(terminal)  # each rating is of an application (一次一评)
    window = CounterWindow(
        title="示范市青山区光明街道便民服务中心 · 综合受理窗口 3号窗口",
        operations=terminal.open,
        devices=TerminalDevices.of(
            reader=SamReader(card_sim.port, ReaderOptions(find_timeout=0.3, read_timeout=0.5)),
            pad=SerialKeyPad(pad_sim.port, SerialPadOptions(keys, invite_bytes=b"\xa5")),
        ),
        window_name="3号窗口",
    )
    qtbot.addWidget(window)
    window.shift.start(StaffMember("A0123", "王芳", StaffRole.CLERK))  # as after sign-in
    window.resize(1280, 720)
    window.show()
    try:
        window.start_devices()
        window.start_pad()
        qtbot.waitUntil(lambda: "就绪" in window.applicant.reader_state.text(), timeout=5000)
        card_sim.engine.place(DEMO_CARDS["J"])
        qtbot.waitUntil(lambda: window.applicant.last_card is not None, timeout=5000)
        assert window.applicant.last_card is not None
        assert window.applicant.last_card.identity.pass_number == "H12345678"
        # no photo decoder: said once beside the reader, not in red under every card read
        assert window.applicant.card_message.text() == ""
        assert "未配置证件照解码库" in window.applicant.reader_state.text()

        card_sim.engine.remove()
        card_sim.engine.place(DEMO_CARDS["expired"])
        qtbot.waitUntil(lambda: "过期" in window.applicant.card_message.text(), timeout=5000)
        # said to the clerk about the applicant's card, and not under the previous card
        assert window.applicant.card_message.text().startswith("该")
        assert window.applicant.last_card is None
        assert "H12345678" not in " ".join(
            w.text() for w in window.applicant.card_view.findChildren(QtWidgets.QLabel)
        )

        window.pad.controller.invite("居民身份证申领", decided)
        assert not window.pad.invite_button.isEnabled()
        qtbot.waitUntil(lambda: pad_sim.invitations == 1, timeout=5000)
        pad_sim.press(Satisfaction.BASICALLY_SATISFIED)
        qtbot.waitUntil(lambda: window.pad.controller.last_pad_result is not None, timeout=5000)
        assert "已评价" in window.pad.pad_message.text()
        assert "满意" not in window.pad.pad_message.text()  # the clerk is not told the rating
        assert window.pad.invite_button.isEnabled()

        card_sim.unplug()
        qtbot.waitUntil(lambda: "未连接" in window.applicant.reader_state.text(), timeout=5000)
        assert "断开" in window.applicant.card_message.text()
        card_sim.replug()
        qtbot.waitUntil(lambda: "就绪" in window.applicant.reader_state.text(), timeout=5000)

        # the pad unplugged between invitations shows 未连接 without anybody inviting, and
        # 就绪 again once it is back
        assert window.pad.pad_state.text() == "评价器：就绪"
        pad_sim.pty.unplug()
        qtbot.waitUntil(lambda: window.pad.pad_state.text() == "评价器：未连接", timeout=5000)
        pad_sim.pty.plug()
        qtbot.waitUntil(lambda: window.pad.pad_state.text() == "评价器：就绪", timeout=5000)
        window.pad.controller.invite("居民身份证申领", decided)
        qtbot.waitUntil(lambda: pad_sim.invitations == 2, timeout=5000)
        pad_sim.press(Satisfaction.SATISFIED)
        qtbot.waitUntil(lambda: window.pad.invite_button.isEnabled(), timeout=5000)
        assert window.pad.pad_message.text().startswith("申请人已评价")

        # a 差评 on the key pad (it cannot ask why) is kept and queued like any rating, and
        # the clerk's screen says only that a rating was given (it was dropped, and the
        # citizen's "please give a reason" shown to the clerk told them it was negative)
        qtbot.waitUntil(lambda: "已保存" in window.pad.pad_message.text(), timeout=5000)  # stored
        window.pad.controller.last_evaluation = None
        window.pad.controller.invite("居民身份证申领", decided)
        qtbot.waitUntil(lambda: pad_sim.invitations == 3, timeout=5000)
        pad_sim.press(Satisfaction.DISSATISFIED)
        qtbot.waitUntil(lambda: window.pad.controller.last_evaluation is not None, timeout=5000)
        assert window.pad.controller.last_evaluation is not None
        assert window.pad.controller.last_evaluation.satisfaction is Satisfaction.DISSATISFIED
        said = window.pad.pad_message.text()
        assert said == "申请人已评价（已保存，将上报平台）"
        save_screenshot(window, tmp_path / "counter-devices.png")
        # the next applicant's card: nothing said for the last one stays (issue 29 item 18)
        window.status.setText("回执已重新打印")
        card_sim.engine.remove()
        card_sim.engine.place(DEMO_CARDS["resident"])
        qtbot.waitUntil(lambda: window.applicant.last_card is not None, timeout=5000)
        assert window.pad.pad_message.text() == ""
        assert window.status.text() == ""
    finally:
        window.close()


def test_counter_syncs_in_the_background_and_shows_it(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, clock
) -> None:
    import shutil

    from common_qt.devices import BackgroundLoop
    from core.settings import parse_settings
    from terminal.terminal import Terminal
    from tests.helpers.central import running_central
    from tests.helpers.outbox import queue

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_catalogue, data / "catalogue.sqlite")  # synced before (a new one downloads)
    store_path = data / "store.sqlite"
    with new_store(store_path, clock, keyring(tmp_path / "k" / "m.key")) as s:
        app = queue(s, clock, [b"scan" * 1000])
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret_file = tmp_path / "secret"
        secret_file.write_text(central.enrol("C0001"))
        settings = parse_settings(
            {
                "terminal": {"id": "C0001", "role": "counter", "region_code": "369901001000"},
                "platform": {"url": central.url, "secret_file": str(secret_file)},
                "storage": {"data_dir": str(data), "key_file": str(tmp_path / "k" / "m.key")},
            }
        )
        terminal = Terminal.from_settings(settings)  # what hall-counter --config builds
        job = terminal.sync_job()
        assert job is not None
        window = CounterWindow(
            title="窗口", operations=terminal.open, sync_loop=BackgroundLoop("sync", job, 3600)
        )
        qtbot.addWidget(window)
        window.show()
        try:
            window.start_devices()
            qtbot.waitUntil(lambda: window.last_sync is not None, timeout=15000)
            qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1, timeout=5000)
            qtbot.waitUntil(lambda: window.worklist.model.text(0, 4) == "已上报", timeout=5000)
            assert window.worklist.model.text(0, 0) == app.receipt_number
            assert window.worklist.model.text(0, 5) == "已接收"
            assert window.worklist.model.text(0, 6).startswith("3699")
            assert window.sync_state.text().startswith("待上报 0")
        finally:
            window.close()


def test_worklist_reprints_a_receipt_and_a_dead_printer_loses_nothing(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, clock, expected_warnings
) -> None:
    from core.settings import DeviceSettings
    from devices.printer.printer import PrinterConfig, ReceiptPrinter
    from tests.helpers.escpos_decode import decode
    from tests.helpers.outbox import queue

    store_path = tmp_path / "store.sqlite"
    with new_store(store_path, clock) as s:
        app = queue(s, clock, [b"scan"])
    out = tmp_path / "printer.bin"
    printer = ReceiptPrinter(PrinterConfig.from_settings(DeviceSettings("file", str(out), {})))
    window = CounterWindow(
        title="窗口",
        operations=counter_terminal(store_path).open,
        devices=TerminalDevices(printer=printer),
    )
    qtbot.addWidget(window)
    window.show()
    try:
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.loaded, timeout=5000)
        window.worklist.table.selectRow(0)
        qtbot.mouseClick(window.worklist.reprint_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.worklist.controller.last_reprint is not None, timeout=5000)
        assert (
            window.worklist.controller.last_reprint.state.ok
        )  # a job with a state, as every print
        assert "回执已重新打印" in window.status.text()
        assert app.receipt_number in decode(out.read_bytes()).text
        # printed on the printer's own thread: neither the GUI's nor the store's
        import threading

        printer_thread = window.desk.thread_ident
        assert printer_thread not in (None, threading.get_ident())
        assert printer_thread != window.worker.worker_thread_ident
        # a printer that is off: the message says so, and the receipt can be printed later
        window.desk.printer = ReceiptPrinter(
            PrinterConfig.from_settings(DeviceSettings("network", "127.0.0.1:9", {}))
        )
        window.worklist.reprint_selected()
        qtbot.waitUntil(lambda: "打印机未连接" in window.status.text(), timeout=10000)
        assert (
            window.status.text()
            == "回执未能打印：打印机未连接或未开机。可稍后在办件列表中重新打印。"
        )
    finally:
        window.close()


def test_worklist_opens_the_store_with_the_configured_master_key(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, clock
) -> None:
    from tests.helpers.outbox import queue

    store_path, key_file = tmp_path / "data" / "store.sqlite", tmp_path / "etc" / "master.key"
    store_path.parent.mkdir()
    with new_store(store_path, clock, keyring(key_file)) as s:  # [storage] key_file
        queue(s, clock, [b"scan"])
    window = CounterWindow(title="窗口", operations=counter_terminal(store_path, key_file).open)
    qtbot.addWidget(window)
    window.show()
    try:
        window.tabs.setCurrentWidget(window.worklist)
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.loaded, timeout=5000)
        # unsealed with the configured key when the row is on screen (its name is asked then)
        qtbot.waitUntil(lambda: window.worklist.model.text(0, 2) == "张*", timeout=5000)
    finally:
        window.close()


def test_counter_pad_rating_reaches_the_platform_with_application_window_and_staff(  # type: ignore[no-untyped-def]
    qtbot,
    tmp_path: Path,
    demo_catalogue: Path,
    simulators: tuple[PtySimulator, PadSimulator],
    clock,
) -> None:
    import json

    from sync.client import Credentials, PlatformClient
    from sync.worker import RetryPolicy, SyncWorker
    from tests.helpers.central import running_central
    from tests.helpers.outbox import queue

    _, pad_sim = simulators
    store_path = tmp_path / "data" / "store.sqlite"
    store_path.parent.mkdir()
    terminal = counter_terminal(store_path)
    with new_store(store_path, clock) as s:
        served = queue(s, clock, [b"scan"])
    window = CounterWindow(
        title="窗口",
        operations=terminal.open,
        devices=TerminalDevices.of(
            pad=SerialKeyPad(pad_sim.port, SerialPadOptions(pad_sim.keys, invite_bytes=b"\xa5"))
        ),
        window_name="3号窗口",
    )
    qtbot.addWidget(window)
    window.shift.start(StaffMember("A0123", "王芳", StaffRole.CLERK))  # as after sign-in
    window.show()
    try:
        window.start_pad()
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1, timeout=5000)
        window.worklist.table.selectRow(0)  # the application just served
        qtbot.mouseClick(window.pad.invite_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pad_sim.invitations == 1, timeout=5000)
        pad_sim.press(Satisfaction.SATISFIED)
        qtbot.waitUntil(lambda: window.pad.controller.last_evaluation is not None, timeout=5000)
        assert "已保存" in window.pad.pad_message.text()
    finally:
        window.close()
    with running_central(tmp_path / "central", demo_catalogue) as central:
        client = PlatformClient(central.url, Credentials("C0001", central.enrol("C0001")))
        with new_store(store_path, clock) as s:
            report = SyncWorker(s, client, policy=RetryPolicy(base=0, cap=0)).run_once()
        assert report.delivered == 2, report.errors  # the application and its rating
        [(doc,)] = central.platform.db.conn.execute("SELECT doc FROM evaluations").fetchall()
    rating = json.loads(doc)
    assert rating["application_id"] == str(served.local_id)
    assert (rating["staff_id"], rating["window"]) == ("A0123", "3号窗口")
    assert rating["satisfaction"] == Satisfaction.SATISFIED.value
    assert rating["channel"] == 4  # 政务大厅平板电脑 (the window's review pad)


def test_counter_closes_at_once_with_every_device_busy(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, simulators: tuple[PtySimulator, PadSimulator]
) -> None:
    """Closing used to wait for each device in turn (about 20 s in the worst case)."""
    import threading
    import time

    from common_qt.devices import BackgroundLoop

    card_sim, pad_sim = simulators
    drain_started, release = threading.Event(), threading.Event()

    def slow_drain(progress):  # type: ignore[no-untyped-def]
        drain_started.set()
        release.wait(10)  # a long upload over a slow link
        return

    terminal = counter_terminal(tmp_path / "store.sqlite")
    decided = accepted_application(terminal)
    window = CounterWindow(
        title="窗口",
        operations=terminal.open,
        devices=TerminalDevices.of(
            reader=SamReader(card_sim.port, ReaderOptions(find_timeout=3, read_timeout=3)),
            pad=SerialKeyPad(pad_sim.port, SerialPadOptions(pad_sim.keys, invite_bytes=b"\xa5")),
        ),
        sync_loop=BackgroundLoop("sync", slow_drain, 3600),
    )
    qtbot.addWidget(window)
    window.show()
    try:
        window.start_devices()
        window.start_pad()
        qtbot.waitUntil(lambda: "就绪" in window.applicant.reader_state.text(), timeout=5000)
        card_sim.engine.faults.silent_answers = 100  # the reader hangs in 3 s time-outs
        window.pad.controller.invite("居民身份证申领", decided)  # the pad waits
        qtbot.waitUntil(lambda: pad_sim.invitations == 1, timeout=5000)
        assert drain_started.wait(5)
        qtbot.wait(200)  # let the watcher enter a silent read
        t0 = time.monotonic()
        window.close()
        took = time.monotonic() - t0
    finally:
        release.set()
    print(f"closed in {took:.2f} s with the reader, the pad and a drain busy", file=sys.stderr)
    assert took < 2.5  # the busy work would have taken 3 s (reader) and 10 s (drain)


def test_the_pad_is_opened_used_and_closed_on_one_thread_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    pad = AnsweringPad(PadResult(PadOutcome.RATED, Satisfaction.SATISFIED))
    session, bridge = _owned(pad)
    session.start()
    with qtbot.waitSignal(bridge.finished, timeout=5000):
        assert session.invite(INVITE)
    session.stop()
    assert [c for c, _ in pad.calls] == ["open", "invite", "close"]
    threads = {t for _, t in pad.calls}
    assert len(threads) == 1
    assert threading.get_ident() not in threads


def test_the_live_views_show_no_stale_frame_when_the_camera_fails(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    """A camera that stopped giving frames left its last frame — the previous citizen's
    page — in the kiosk's live view; a camera error now clears it and says why."""
    from common_qt.app import settle
    from common_qt.qt import QtGui
    from core.errors import DeviceUnavailable
    from kiosk.controller import KioskServices
    from tests.helpers.kiosk import REGION, kiosk_window

    services = KioskServices(demo_catalogue, REGION)
    w = kiosk_window(demo_catalogue, services=services, mode=None)
    bridge = w.controller.camera_bridge  # speaks for the camera's thread
    qtbot.addWidget(w)
    try:
        settle(w, 0.2)
        w.show_page(w.scan_page)
        page = QtGui.QImage(640, 480, QtGui.QImage.Format.Format_RGB888)
        page.fill(QtGui.QColor("white"))
        w.scan_page.show_frame(page, "画面清晰", True)
        assert not w.scan_page.preview.pixmap().isNull()
        bridge.fail(
            DeviceUnavailable(
                "stalled", user_message="高拍仪没有画面，请检查连接线或联系工作人员。"
            )
        )
        qtbot.waitUntil(lambda: w.scan_page.preview.pixmap().isNull(), timeout=3000)
        assert "没有画面" in w.scan_page.preview.text()
        assert w.scan_page.guidance.text() == ""
    finally:
        w.controller.stop()
