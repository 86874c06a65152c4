"""The locked-down kiosk: no close by the window manager, Alt+F4 or keys; the technician's way
out behind a hidden gesture and a PIN (locked after five wrong tries, every try audited), a
technician page with the terminal's state and a test print."""

from __future__ import annotations

from pathlib import Path

from common_qt.qt import Qt, QtCore, QtGui, QtWidgets
from core.clock import SystemClock
from core.settings import DeviceSettings
from core.staff import hash_password
from devices.factory import make_printer
from kiosk.controller import KioskServices
from terminal.devices import TerminalDevices
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import counter_terminal
from tests.helpers.kiosk import REGION, kiosk_window

PIN = "246810"


def _kiosk(qtbot, tmp_path: Path, catalogue: Path, printer_dir: str = ""):  # type: ignore[no-untyped-def]
    terminal = counter_terminal(tmp_path / "var" / "store.sqlite")
    printer_file = tmp_path / printer_dir / "printer.escpos"
    services = KioskServices(
        catalogue,
        REGION,
        operations=terminal.open,
        clock=SystemClock(),
        devices=TerminalDevices.of(
            printer=make_printer(DeviceSettings("file", str(printer_file), {"paper_mm": "80"}))
        ),
        technician_pin_hash=hash_password(PIN, log_n=10),
    )
    window = kiosk_window(catalogue, services=services, mode=None, lockdown=True)
    qtbot.addWidget(window)
    window.start()
    return terminal, window, printer_file


def _pin(qtbot, window, digits: str) -> None:  # type: ignore[no-untyped-def]
    page = window.pin_page
    for d in digits:
        qtbot.mouseClick(page.keys[d], Qt.MouseButton.LeftButton)
    page.show_message("")
    qtbot.mouseClick(page.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.message.text() != "" or window.current_page is window.technician_page,
        timeout=5000,
    )


def _audit(terminal) -> list[str]:  # type: ignore[no-untyped-def]
    with terminal.paths.open_store(terminal.clock) as store:
        assert store.audit_verify()
        rows = store.conn.execute("SELECT event FROM audit ORDER BY seq").fetchall()
    return [e for (e,) in rows if e.startswith("technician")]


def test_nothing_closes_the_kiosk_but_the_technician_pin(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, printer_file = _kiosk(qtbot, tmp_path, demo_catalogue)
    try:
        window.close()  # what the window manager's close and Alt+F4 ask for
        assert window.isVisible()
        for keys in ("Alt+F4", "Ctrl+Q", "Ctrl+W", "Escape"):
            QtWidgets.QApplication.sendEvent(
                window,
                QtGui.QKeyEvent(
                    QtCore.QEvent.Type.KeyPress,
                    QtGui.QKeySequence(keys)[0].key(),
                    QtGui.QKeySequence(keys)[0].keyboardModifiers(),
                ),
            )
        window.close()
        assert window.isVisible()
        # the hidden gesture: five quick taps on the hall's name
        for _ in range(5):
            qtbot.mouseClick(window.hall_label, Qt.MouseButton.LeftButton)
        assert window.current_page is window.pin_page
        assert window.pin_page.display.text() == "请输入技术人员密码"
        _pin(qtbot, window, "111111")
        assert window.pin_page.message.text() == "密码错误（还可尝试 4 次）。"
        assert window.pin_page.display.text() == "●●●●●●"  # the digits never show
        qtbot.mouseClick(window.pin_page.keys["清空"], Qt.MouseButton.LeftButton)
        _pin(qtbot, window, PIN)
        assert window.current_page is window.technician_page
        details = window.technician_page.details.text()
        assert "版本：" in details
        assert "打印机：" in details
        window.technician_page.test_print.emit()  # 测试打印
        qtbot.waitUntil(
            lambda: printer_file.exists() and printer_file.stat().st_size > 0, timeout=5000
        )
        assert "打印测试页" in "".join(decode(printer_file.read_bytes()).text_lines)
        window.technician_page.back_requested.emit()  # 返回首页: still locked down
        window.close()
        assert window.isVisible()
        window.show_technician_entry()  # Ctrl+Alt+T on a keyboard
        _pin(qtbot, window, PIN)
        window.technician_page.exit_requested.emit()
        assert not window.isVisible()  # the one way out
    finally:
        window.technician_exit()
    assert _audit(terminal) == ["technician_pin_failed", "technician_exit", "technician_exit"]


def test_five_wrong_pins_lock_the_exit(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    try:
        window.show_technician_entry()
        for _ in range(5):
            qtbot.mouseClick(window.pin_page.keys["清空"], Qt.MouseButton.LeftButton)
            _pin(qtbot, window, "000000")
        assert window.pin_page.message.text() == "密码错误 5 次，已锁定 15 分钟。"
        qtbot.mouseClick(window.pin_page.keys["清空"], Qt.MouseButton.LeftButton)
        _pin(qtbot, window, PIN)  # locked: even the right PIN
        assert "已锁定" in window.pin_page.message.text()
        assert window.current_page is window.pin_page
        window.close()
        assert window.isVisible()
    finally:
        window.technician_exit()
    events = _audit(terminal)
    assert events.count("technician_pin_failed") == 4
    assert events.count("technician_locked") == 1
    assert events[-1] == "technician_exit_refused"


def test_a_journey_a_missing_device_prevents_is_not_offered_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    from core.flows.kiosk import KioskMode, KioskStep
    from core.ports import DeviceState

    _, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    c = window.controller
    apply = window.welcome_page.choice_buttons[KioskMode.APPLY]
    try:
        assert apply.isEnabled()
        c._device("printer", DeviceState.FAULT)  # what a print that found no paper reports
        assert not apply.isEnabled()
        assert apply.text() == "我要办事\n打印机缺纸或故障，请到窗口办理"
        assert apply.accessibleDescription() == "打印机缺纸或故障，请到窗口办理"
        assert window.welcome_page.choice_buttons[KioskMode.QUERY].isEnabled()  # no device
        c.choose(KioskMode.APPLY)  # refused by the controller too, not only by the button
        assert c.step is KioskStep.WELCOME
        c._device("idcard", DeviceState.DISCONNECTED)
        c._device("printer", DeviceState.READY)
        assert apply.text() == "我要办事\n读卡器暂不可用，请到窗口办理"
        c._device("idcard", DeviceState.READY)
        assert apply.isEnabled()
        assert apply.text().startswith("我要办事\n刷身份证")
    finally:
        window.technician_exit()


def test_every_citizen_screen_is_for_fingers(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """No context menu anywhere (a long press would open an English Undo/Copy/Paste menu);
    every list and scroll area scrolls with a swipe; scroll bars a finger can hold."""
    _, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    try:
        widgets = window.findChildren(QtWidgets.QWidget)
        assert len(widgets) > 200
        menus = [w for w in widgets if w.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu]
        assert menus == []
        areas = window.findChildren(QtWidgets.QAbstractScrollArea)
        assert len(areas) > 10
        assert all(QtWidgets.QScroller.hasScroller(a.viewport()) for a in areas)
        bars = [
            b
            for b in window.findChildren(QtWidgets.QScrollBar)
            if b.orientation() == Qt.Orientation.Vertical
        ]
        assert bars
        assert min(b.sizeHint().width() for b in bars) >= 28  # the platform's is 13 px
    finally:
        window.technician_exit()


def test_large_text_from_the_settings_is_where_every_session_starts(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    window = kiosk_window(demo_catalogue, mode=None, large_text=True)
    qtbot.addWidget(window)
    try:
        assert window.large_text
        window.toggle_large_text()  # the citizen prefers standard text
        assert not window.large_text
        window.go_home()  # the session ends: the next person starts as configured
        assert window.large_text
    finally:
        window.close()


def test_every_interactive_control_has_a_name_a_screen_reader_can_say(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """What the accessibility interface (AT-SPI / UI Automation) reports for each control of
    every kiosk screen, the technician's included: a name, never an empty one."""
    _, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    interactive = (
        QtWidgets.QAbstractButton,
        QtWidgets.QLineEdit,
        QtWidgets.QComboBox,
        QtWidgets.QAbstractItemView,
        QtWidgets.QAbstractSpinBox,
        QtWidgets.QTextEdit,
    )
    try:
        controls = [w for w in window.findChildren(QtWidgets.QWidget) if isinstance(w, interactive)]
        assert len(controls) > 60
        unnamed = []
        for w in controls:
            face = QtGui.QAccessible.queryAccessibleInterface(w)
            name = face.text(QtGui.QAccessible.Text.Name) if face is not None else ""
            if not name.strip():
                unnamed.append(f"{type(w).__name__} in {type(w.parent()).__name__}")
        assert unnamed == []
    finally:
        window.technician_exit()


def test_text_and_targets_meet_the_elderly_friendly_sizes_in_both_modes(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """适老化 (MIIT guidelines on a 1920×1080 kiosk): every text ≥ 24 px and every button
    ≥ 64 px high; in large text ≥ 36 px and ≥ 96 px — on every screen, measured from the
    widgets as the style sheet made them."""
    _, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    window.resize(1920, 1080)
    try:
        for large, text_px, target_px in ((False, 24, 64), (True, 36, 96)):
            if window.large_text != large:
                window.toggle_large_text()
            small, low = [], []
            for w in window.findChildren(QtWidgets.QWidget):
                if w.objectName().startswith("qt_") or isinstance(w, QtWidgets.QScrollBar):
                    continue
                if isinstance(
                    w, QtWidgets.QLabel | QtWidgets.QAbstractButton | QtWidgets.QLineEdit
                ):
                    w.ensurePolished()
                    size = w.font().pixelSize()
                    if 0 < size < text_px:
                        small.append(f"{type(w).__name__} {w.objectName()} {size}px")
                if isinstance(w, QtWidgets.QPushButton) and w.sizeHint().height() < target_px:
                    low.append(f"{w.text()!r} {w.sizeHint().height()}px")
            assert small == [], (large, small[:10])
            assert low == [], (large, low[:10])
    finally:
        window.technician_exit()


def test_the_technician_page_tests_the_reader_and_shows_the_camera(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    from core.ports import CardRead
    from devices.camera.capture import SyntheticCamera
    from devices.idcard.cards import DEMO_CARDS

    terminal = counter_terminal(tmp_path / "var" / "store.sqlite")
    services = KioskServices(
        demo_catalogue,
        REGION,
        operations=terminal.open,
        clock=SystemClock(),
        devices=TerminalDevices.of(camera=SyntheticCamera(seed=3, size=(640, 480))),
        technician_pin_hash=hash_password(PIN, log_n=10),
    )
    window = kiosk_window(demo_catalogue, services=services, mode=None, lockdown=True)
    card = window.controller.card_bridge  # speaks for the reader's thread
    qtbot.addWidget(window)
    window.start()
    try:
        window.show_technician_entry()
        _pin(qtbot, window, PIN)
        page = window.technician_page
        assert window.current_page is page
        assert "上次联系平台" in page.details.text()
        # the camera's live view moves on the page (it is paused outside the scan step)
        qtbot.waitUntil(
            lambda: page.preview.pixmap() is not None and not page.preview.pixmap().isNull(),
            timeout=10_000,
        )
        # a card on the reader is read and shown masked, and starts no journey
        identity = DEMO_CARDS["resident"]
        card.card(CardRead(identity, b"", b""))  # as the reader's thread does
        qtbot.waitUntil(lambda: "读取成功" in page.card_test.text(), timeout=5000)
        assert identity.id_number not in page.card_test.text()
        assert identity.id_number[-4:] in page.card_test.text()
        assert window.controller.state.identity is None
        # back home: a card read there is the reader's ordinary business again (nothing on
        # the welcome screen), and the test result is gone
        window.go_home()
        assert window.current_page is window.welcome_page
        card.card(CardRead(identity, b"", b""))
        qtbot.wait(100)
        assert window.controller.state.identity is None
    finally:
        window.technician_exit()


def test_every_field_a_citizen_types_in_keeps_nothing(kiosk) -> None:  # type: ignore[no-untyped-def]
    """The input method is told, on every field of every page (a form of every field type
    shown too), that the text is sensitive — the Pinyin keyboard's user dictionary would
    otherwise learn a citizen's words and offer them to the next person — and to predict
    nothing (its next-word prediction leaked ~70 KB a keystroke: bench/touch_keyboard.py)."""
    from core.forms import FieldType, FormField, FormSchema

    schema = FormSchema(tuple(FormField(t.value, t.value, t) for t in FieldType))
    kiosk.form_page.show_form(schema, {})
    fields = [
        w
        for w in kiosk.findChildren(QtWidgets.QWidget)
        if isinstance(w, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit)
        and not isinstance(w.parentWidget(), QtWidgets.QAbstractSpinBox)  # a date's own edit
    ]
    assert len(fields) >= 10
    wanted = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    missing = [
        f"{type(w.parentWidget()).__name__}>{w.accessibleName()}"
        for w in fields
        if (w.inputMethodHints() & wanted) != wanted
    ]
    assert missing == []


def test_a_failing_disk_is_not_said_to_be_the_network(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path, expected_warnings: None
) -> None:
    """A drain that fails on a full disk says so in the footer: it said 网络中断，申请已保存在本机
    — the network was fine and nothing had been saved."""
    from common_qt.devices import BackgroundLoop
    from core.errors import NetworkError, StorageError
    from kiosk.app import attach_sync
    from tests.helpers.kiosk import kiosk_window

    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    failures = [StorageError("database or disk is full", user_message="本机磁盘已满")]

    def drain(progress: object) -> object:
        raise failures[0]

    loop = BackgroundLoop("sync-test", drain, 3600)
    try:
        attach_sync(window, loop)
        qtbot.waitUntil(lambda: window.footer.network != "", timeout=5000)
        assert window.footer.network == "本机磁盘已满"
        assert "网络" not in window.footer.network
        failures[0] = NetworkError("connection refused")
        window.footer.network = ""
        loop.trigger()
        qtbot.waitUntil(lambda: window.footer.network != "", timeout=5000)
        assert window.footer.network == "网络中断，申请已保存在本机"
    finally:
        loop.stop()
        window.controller.stop()


def test_the_technician_page_shows_the_printer_as_it_is_after_a_test_print(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 30 item 7: the technician page said 打印机：未连接 right after a successful 测试打印
    (its table was made once, when the page opened)."""
    _, window, printer_file = _kiosk(qtbot, tmp_path, demo_catalogue, printer_dir="usb")
    try:
        qtbot.waitUntil(lambda: "未连接" in window.controller.device_states["printer"].label)
        window.show_technician_entry()
        _pin(qtbot, window, PIN)
        assert "打印机：未连接" in window.technician_page.details.text()
        printer_file.parent.mkdir()  # the technician plugs it in
        window.technician_page.test_print.emit()
        qtbot.waitUntil(lambda: printer_file.exists(), timeout=5000)
        qtbot.waitUntil(
            lambda: "打印机：就绪" in window.technician_page.details.text(), timeout=5000
        )
    finally:
        window._may_close = True
        window.close()


def test_a_full_disk_is_said_before_a_journey_and_the_technician_gets_out(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, monkeypatch, expected_warnings: None
) -> None:
    """Issue 30 item 4: with the disk nearly full the start page still offered 我要办事 (the
    citizen learnt at 确认提交), and the technician's right PIN was refused without a word
    (its audit write failed), so nobody could reach 退出自助程序 to free the disk."""
    import shutil
    from collections import namedtuple

    from core.errors import StorageError
    from core.flows.kiosk import KioskMode
    from sync.store import LocalStore
    from terminal.staff import StaffDesk

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        shutil, "disk_usage", lambda _: usage(8 << 30, (8 << 30) - (5 << 20), 5 << 20)
    )
    _, window, _ = _kiosk(qtbot, tmp_path, demo_catalogue)
    try:
        apply = window.welcome_page.choice_buttons[KioskMode.APPLY]
        qtbot.waitUntil(lambda: not apply.isEnabled(), timeout=5000)
        assert "本机存储空间不足，请到窗口办理" in apply.text()
        assert "存储空间不足" in window.footer.devices_label.text()
        assert window.welcome_page.choice_buttons[KioskMode.GUIDE].isEnabled()  # reads only

        def full(*_: object, **__: object) -> None:
            raise StorageError("database or disk is full", user_message="本机存储空间已满")

        monkeypatch.setattr(LocalStore, "audit", full)
        monkeypatch.setattr(StaffDesk, "_record", full)
        for _ in range(5):
            qtbot.mouseClick(window.hall_label, Qt.MouseButton.LeftButton)
        _pin(qtbot, window, "000000")  # a wrong PIN is still refused, and counted
        assert "密码错误（还可尝试 4 次）" in window.pin_page.message.text()
        qtbot.mouseClick(window.pin_page.keys["清空"], Qt.MouseButton.LeftButton)
        _pin(qtbot, window, PIN)
        assert window.current_page is window.technician_page
    finally:
        window.controller.stop()
