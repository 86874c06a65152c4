"""一窗受理 through the real counter window and its controller: correction (the one-time notice
lists exactly what is missing), the applicant back with it (resume without re-checking what was
accepted), acceptance, and a rejection with its remedies — against a real store and catalogue,
with a file printer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from common_qt.printing import PrintDesk
from common_qt.qt import Qt, QtCore, QtWidgets
from core.application import Channel, CheckState, DecisionKind, Status
from core.clock import local_today
from core.flows.counter import CounterStep
from core.ports import CardRead
from core.settings import DeviceSettings
from counter.controller import AcceptanceController, CounterServices
from counter.window import CounterWindow
from devices.camera.capture import SyntheticCamera
from devices.factory import make_printer
from devices.idcard.cards import DEMO_CARDS
from terminal.devices import TerminalDevices
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import counter_terminal
from walks.fingers import sign

CARD = CardRead(DEMO_CARDS["resident"], b"", b"")


def _counter(qtbot, tmp_path: Path, catalogue: Path, *, camera: bool = False, agent: bool = False):  # type: ignore[no-untyped-def]
    terminal = counter_terminal(tmp_path / "data" / "store.sqlite")
    terminal.paths.catalogue.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalogue, terminal.paths.catalogue)  # what the first sync brings
    catalogue = terminal.paths.catalogue
    out = tmp_path / "notice.escpos"
    printer = make_printer(DeviceSettings("file", str(out), {"paper_mm": "80"}))
    desk = PrintDesk(printer)
    services = CounterServices(
        catalogue,
        "369901001000",
        operations=terminal.open,
        clock=terminal.clock,
        desk=desk,
        channel=Channel.AGENT if agent else Channel.COUNTER,
        station_name=terminal.settings.terminal.hall_name,
    )
    # the document camera's owner thread, on the synthetic camera
    devices = TerminalDevices.of(
        camera=SyntheticCamera(seed=5, size=(1296, 972)) if camera else None, printer=printer
    )
    services.camera = devices.camera
    controller = AcceptanceController(services)
    window = CounterWindow(
        title="3号窗口",
        operations=terminal.open,
        acceptance=controller,
        today=lambda: local_today(terminal.clock),
        desk=desk,
        devices=devices,
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.start_devices()
    assert window.acceptance_panel is not None
    return terminal, window, controller, window.acceptance_panel, out


def _choose_item(qtbot, c: AcceptanceController, panel, then: CounterStep) -> None:  # type: ignore[no-untyped-def]
    """居民身份证换领 searched and chosen on the item page, as the clerk does; ``then``: the
    step it leads to (the form, or an agent station's consent)."""
    panel.item_page.query.setText("身份证换领")
    qtbot.waitUntil(lambda: panel.item_page.hits.rowCount() > 0, timeout=5000)
    hit = next(h for h in panel.item_page.hits.rows if h.name == "居民身份证换领")
    c.choose_item(hit.impl_code)
    qtbot.waitUntil(lambda: c.step is then, timeout=5000)


def _to_checklist(qtbot, window: CounterWindow, c: AcceptanceController, panel) -> None:  # type: ignore[no-untyped-def]
    window.applicant._on_card(CARD)  # as the card bridge delivers it
    assert c.step is CounterStep.PICK_ITEM
    _choose_item(qtbot, c, panel, CounterStep.FORM)
    assert "原居民身份证" in panel.form_page.guide.toPlainText()
    phone = panel.form_page.form.fields["phone"].widget
    assert isinstance(phone, QtWidgets.QLineEdit)
    qtbot.keyClicks(phone, "13812345678")
    qtbot.mouseClick(panel.form_page.form_next, Qt.MouseButton.LeftButton)
    assert c.step is CounterStep.MATERIALS


def _set(panel, states: dict[str, CheckState], reasons: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    for row in panel.materials_page.rows:
        if row.code in states:
            row.state.setCurrentText(states[row.code].value)
            row.reason.setText((reasons or {}).get(row.code, ""))


def _printed(qtbot, c: AcceptanceController, out: Path) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: c.last_print is not None, timeout=10000)
    return "".join(line.strip() for line in decode(out.read_bytes()).text_lines)


def test_correction_then_the_applicant_returns_and_is_accepted(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        _to_checklist(qtbot, window, c, panel)
        _set(
            panel,
            {"id_card": CheckState.ORIGINAL_SEEN, "photo_receipt": CheckState.UNUSABLE},
            {"photo_receipt": "照片回执已过期"},
        )
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.DECIDE
        assert "原居民身份证" in panel.decide_page.check_summary.text()
        qtbot.keyClick(panel, Qt.Key.Key_F5)  # 受理 with materials missing: refused
        assert "不能受理" in panel.message.text()
        qtbot.keyClick(panel, Qt.Key.Key_F6)  # 补正
        text = _printed(qtbot, c, out)
        assert (
            panel.result_page.print_state.text() == "一次性告知书已发送到打印机，请交申请人签收。"
        )
        assert "一次性告知书" in text
        assert "原居民身份证（原件1份） — 未提供" in text
        assert "数码相片回执（原件1份） — 材料与要求不符：照片回执已过期" in text
        assert "申请人居民身份证" not in text
        assert "经办人签字" in text
        waiting = c.last_decided
        assert waiting is not None
        assert waiting.receipt_number in text
        # the worklist: this terminal's state and the platform's apart, and a filter
        qtbot.waitUntil(lambda: window.worklist.model.rowCount() == 1, timeout=5000)
        assert window.worklist.model.text(0, 4) == "待补正"
        assert window.worklist.model.text(0, 5) == "—"
        window.worklist.filter_text.setText(waiting.receipt_number[-4:].lower())
        assert window.worklist.model.rowCount() == 1
        window.worklist.filter_text.setText("没有这个办件")
        assert window.worklist.model.rowCount() == 0
        window.worklist.filter_text.setText("")
        window.worklist.filter_today.setChecked(True)
        assert window.worklist.model.rowCount() == 1
        window.worklist.table.selectRow(0)
        window.worklist.show_detail()  # what Enter or a double-click opens
        qtbot.waitUntil(window.worklist.detail.isVisible, timeout=5000)
        history = window.worklist.detail_text.toPlainText()
        assert "待补正" in history
        assert "补正" in history
        window.worklist.detail.hide()
        window.activateWindow()  # the window manager's part when the dialog closes
        # the notice again from the worklist, dated as decided, rebuilt from the checklist
        out.write_bytes(b"")
        window.worklist.reprint_selected(document="notice")
        qtbot.waitUntil(lambda: "通知书已重新打印" in window.status.text(), timeout=5000)
        again = "".join(line.strip() for line in decode(out.read_bytes()).text_lines)
        assert "原居民身份证（原件1份） — 未提供" in again
        assert waiting.receipt_number in again
        out.write_bytes(b"")  # and its progress, printed for the applicant
        window.worklist.reprint_selected(document="progress")
        qtbot.waitUntil(lambda: "办理进度已重新打印" in window.status.text(), timeout=5000)
        progress = "".join(line.strip() for line in decode(out.read_bytes()).text_lines)
        assert "办理进度告知" in progress
        assert "待补正（补正）" in progress
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)  # 下一位
        assert c.step is CounterStep.READ_CARD
        assert "张三丰" not in panel.applicant.text()

        # three days later the applicant is back with what was missing
        window.applicant._on_card(CARD)
        qtbot.waitUntil(lambda: panel.item_page.waiting.rowCount() == 1, timeout=5000)
        c.resume(panel.item_page.waiting.row(0).local_id)
        qtbot.waitUntil(lambda: c.step is CounterStep.MATERIALS, timeout=5000)
        kept = {r.code: r.state.currentText() for r in panel.materials_page.rows if r.code}
        assert kept["id_card"] == CheckState.ORIGINAL_SEEN.value  # not checked again
        _set(panel, {"photo_receipt": CheckState.ORIGINAL_SEEN, "old_id": CheckState.ORIGINAL_SEEN})
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        c.last_print = None
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        text = _printed(qtbot, c, out)
        assert "受理通知书" in text
        accepted = c.last_decided
        assert accepted is not None
        assert accepted.local_id == waiting.local_id
        assert accepted.receipt_number in text
    finally:
        window.close()
    with terminal.open() as ops:
        app = ops.store.load(waiting.local_id)
        assert app.status is Status.QUEUED
        assert app.applicant.phone == "13812345678"
        assert set(app.checklist) == {"id_card", "photo_receipt", "old_id"}


def test_rejection_needs_its_reason_and_prints_the_remedies(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        _to_checklist(qtbot, window, c, panel)
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        qtbot.keyClick(panel, Qt.Key.Key_F7)
        assert "理由" in panel.message.text()
        panel.decide_page.reason.setText("申请人不具备申请资格")
        qtbot.keyClick(panel, Qt.Key.Key_F7)
        assert "法律依据" in panel.message.text()  # a refusal states the law it rests on
        panel.decide_page.basis.setText("《居民身份证法》第十一条")
        qtbot.keyClick(panel, Qt.Key.Key_F7)
        text = _printed(qtbot, c, out)
        assert "不予受理通知书" in text
        assert "申请人不具备申请资格" in text
        assert "依据：《居民身份证法》第十一条" in text
        assert "人民政府申请行政复议" in text
        assert "人民法院提起行政诉讼" in text
    finally:
        window.close()
    with terminal.open() as ops:  # kept, and on its way to the platform (issue 29 item 3)
        assert ops.store.counts() == {Status.QUEUED: 1}


def test_a_rejection_reason_typed_is_not_dropped_by_a_habitual_f5(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Typing into the 不予受理 reason and pressing F5 (受理) used to accept with the reason
    silently dropped: now the clerk is asked to clear it or press F7; cleared, F5 accepts."""
    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        _to_checklist(qtbot, window, c, panel)
        _set(panel, {r.code: CheckState.ORIGINAL_SEEN for r in panel.materials_page.rows if r.code})
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.DECIDE
        panel.decide_page.reason.setText("材料齐全")  # typed there by habit
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        assert c.step is CounterStep.DECIDE  # nothing decided
        assert c.last_decided is None
        assert "清空理由" in panel.message.text()
        # said right under the decision buttons (issue 29 item 18: a line at the window's
        # bottom edge, far from the action)
        message = panel.message
        assert message.isVisible()
        assert panel.decide_page.isAncestorOf(message)
        accept = panel.decide_page.decision_buttons[DecisionKind.ACCEPT]
        below = (
            message.mapTo(panel, QtCore.QPoint()).y()
            - accept.mapTo(panel, QtCore.QPoint(0, accept.height())).y()
        )
        assert 0 <= below < 40, below
        panel.decide_page.reason.clear()
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: c.last_decided is not None, timeout=5000)
        assert c.last_decided is not None
        assert c.last_decided.decision.kind is DecisionKind.ACCEPT
    finally:
        window.close()


def test_an_accepted_application_arrives_on_central_once(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """The counter's 受理 goes through the same outbox as the kiosk's submit."""
    from dataclasses import replace

    from terminal.terminal import Terminal
    from tests.helpers.central import running_central

    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        _to_checklist(qtbot, window, c, panel)
        _set(
            panel,
            {
                "id_card": CheckState.ORIGINAL_SEEN,
                "photo_receipt": CheckState.ORIGINAL_SEEN,
                "old_id": CheckState.ORIGINAL_SEEN,
            },
        )
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        assert "受理通知书" in _printed(qtbot, c, out)
        accepted = c.last_decided
        assert accepted is not None
    finally:
        window.close()
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret = tmp_path / "C0001.secret"
        secret.write_text(central.enrol("C0001"), encoding="utf-8")
        settings = replace(
            terminal.settings,
            platform=replace(terminal.settings.platform, url=central.url, secret_file=str(secret)),
        )
        online = Terminal(settings, replace(terminal.paths, secret_file=secret))
        job = online.sync_job()
        assert job is not None
        job(lambda *_: None)
        job(lambda *_: None)
        assert central.platform.counts()["applications"] == 1
        with online.open() as ops:  # accepted at the window: the platform's state too
            assert ops.store.load(accepted.local_id).status is Status.ACCEPTED


def test_typed_entry_when_the_reader_fails_is_checked_and_marked(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """人工录入: the number is checked as GB 11643 requires, the application is marked as not
    read from a card, and the applicant's earlier applications on this terminal show."""
    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        panel.card_page.typed_name.setText("张三丰")  # typed through the input method
        qtbot.keyClicks(panel.card_page.typed_number, "11010119900101003x")
        qtbot.mouseClick(panel.card_page.typed_button, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.READ_CARD
        assert "校验位不正确" in panel.message.text()
        panel.card_page.typed_number.setText("")
        qtbot.keyClicks(panel.card_page.typed_number, "110101199001010031")
        qtbot.keyClick(panel.card_page.typed_number, Qt.Key.Key_Return)
        assert c.step is CounterStep.PICK_ITEM
        assert panel.applicant.text() == "申请人：张三丰　110101199001010031（人工录入）"
        qtbot.waitUntil(
            lambda: "近期办件（本机）：无" in panel.item_page.history_label.text(), timeout=5000
        )
        _choose_item(qtbot, c, panel, CounterStep.FORM)
        assert (
            panel.form_page.form.values()["sex"] == "男"
        )  # from the number itself; no address known
        assert panel.form_page.form.values()["address"] == ""
        address = {"address": "北京市朝阳区示范路1号"}  # typed by the clerk from the card
        c.submit_form({**panel.form_page.form.values(), "phone": "13812345678", **address})
        assert c.step is CounterStep.MATERIALS
        _set(panel, dict.fromkeys(("id_card", "photo_receipt", "old_id"), CheckState.ORIGINAL_SEEN))
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        text = _printed(qtbot, c, out)
        assert "受理通知书" in text
        accepted = c.last_decided
        assert accepted is not None
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
        window.applicant._on_card(CARD)  # the same person later, with the card read this time
        qtbot.waitUntil(lambda: panel.item_page.history.rowCount() == 1, timeout=5000)
        assert "居民身份证换领　待上报" in panel.item_page.history.text(0, 0)
        assert panel.applicant.text() == "申请人：张三丰　110101199001010031"
    finally:
        window.close()
    with terminal.open() as ops:
        app = ops.store.load(accepted.local_id)
        assert app.applicant.verified_by_card is False
    with terminal.open() as ops:
        blocks = ops.receipt_document(app.local_id)
    printer = make_printer(DeviceSettings("file", str(tmp_path / "r.escpos"), {"paper_mm": "80"}))
    receipt = "".join(line.strip() for line in decode(printer.render(blocks)).text_lines)
    assert "手工录入，未读卡核验" in receipt


def test_materials_scanned_on_the_document_camera_go_with_the_application(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """扫描 at the counter: a live view, pages captured by themselves when still (and 拍照),
    one deleted to retake; the scans are sealed with the accepted application."""
    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue, camera=True)
    try:
        _to_checklist(qtbot, window, c, panel)
        assert not panel.materials_page.scan_box.isVisible()
        row = next(r for r in panel.materials_page.rows if r.code == "photo_receipt")
        qtbot.mouseClick(row.scan, Qt.MouseButton.LeftButton)
        assert panel.materials_page.scan_box.isVisible()
        assert "数码相片回执" in panel.materials_page.scan_box.title()
        qtbot.waitUntil(
            lambda: (
                panel.materials_page.preview.pixmap() is not None
                and not panel.materials_page.preview.pixmap().isNull()
            ),
            timeout=10000,
        )
        qtbot.waitUntil(lambda: len(c.pages.of("photo_receipt")) == 1, timeout=20000)  # by itself
        qtbot.keyClick(panel, Qt.Key.Key_F8)  # 拍照
        qtbot.waitUntil(lambda: len(c.pages.of("photo_receipt")) == 2, timeout=20000)
        assert row.pages.value() == 2
        assert panel.materials_page._thumbs[1][1].isVisible()
        qtbot.mouseClick(panel.materials_page._thumbs[1][1], Qt.MouseButton.LeftButton)  # 删除第2页
        assert len(c.pages.of("photo_receipt")) == 1
        assert row.scan.text() == "扫描（1页）"
        # the card checked and handed back; the photo receipt and the old card kept
        _set(
            panel,
            {
                "id_card": CheckState.ORIGINAL_SEEN,
                "photo_receipt": CheckState.ORIGINAL_KEPT,
                "old_id": CheckState.ORIGINAL_KEPT,
            },
        )
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        assert c.material == ""  # the camera rests once the checklist is done
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        _printed(qtbot, c, out)
        accepted = c.last_decided
        assert accepted is not None
        # 物料转移单: the paper handed to the back office
        assert panel.result_page.transfer.isVisible()
        c.last_print = None
        qtbot.mouseClick(panel.result_page.transfer, Qt.MouseButton.LeftButton)
        text = _printed(qtbot, c, out)
        assert "物料转移单" in text
        # only the paper the hall keeps is handed over (the card went back to its holder)
        assert "1. 数码相片回执（原件，1页）" in text
        assert "共 2 项" in text
        assert "原件核验后已退还申请人（不移交）" in text
        assert "申请人居民身份证" in text.split("不移交")[1]
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
        assert c.pages.counts() == {}  # nothing of this applicant stays
        assert not panel.materials_page.scan_box.isVisible()
    finally:
        window.close()
    with terminal.open() as ops:
        app = ops.store.load(accepted.local_id)
        [scan] = app.attachments
        assert (scan.material_code, scan.media_type) == ("photo_receipt", "image/jpeg")
        jpeg = ops.store.read_scan(app.local_id, scan.sha256, scan.size)
        assert jpeg[:2] == b"\xff\xd8"


def test_the_card_leaves_the_screen_when_its_holder_is_done(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """A SAM reader cannot sense a card taken away: its details go when the applicant is done,
    and after a while when nobody is being served for it."""
    _, window, c, _, _ = _counter(qtbot, tmp_path, demo_catalogue)

    def on_screen() -> str:
        return " ".join(w.text() for w in window.applicant.card_view.findChildren(QtWidgets.QLabel))

    try:
        window.applicant.card_timer.setInterval(300)  # CARD_SHOWN_SECONDS, shortened
        window.applicant._on_card(CARD)
        assert "110101199001010031" in on_screen()
        qtbot.wait(700)  # its holder is being served: it stays
        assert "110101199001010031" in on_screen()
        c.next_applicant()  # the clerk moved on without a decision
        qtbot.waitUntil(lambda: window.applicant.last_card is None, timeout=2000)
        assert "110101199001010031" not in on_screen()
        assert "示范路" not in on_screen()
        window.applicant._on_card(CARD)
        assert window.applicant.last_card is not None
        window._next_applicant()  # 下一位 after a decision: at once
        assert window.applicant.last_card is None
        assert "110101199001010031" not in on_screen()
    finally:
        window.close()


def test_an_unusable_card_ends_the_previous_applicants_acceptance(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Read A, then an expired card B: the person at the counter changed, so A's acceptance
    ends with A's card (it stayed on A while B stood at the counter); an unreadable read of
    the same card (a transient failure) ends nothing."""
    from core.errors import CardExpired, CardUnreadable

    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        _to_checklist(qtbot, window, c, panel)
        assert c.state.identity is not None
        window.applicant._on_card_error(CardUnreadable("lifted too early"))  # as the bridge says it
        assert c.step is CounterStep.MATERIALS  # a bad read of A's card: A stays
        window.applicant._on_card_error(CardExpired("B's card expired 2025-01-01"))
        assert c.step is CounterStep.READ_CARD
        assert c.state.identity is None
        assert c.state.item is None
        assert "已过有效期" in window.applicant.card_message.text()
    finally:
        window.close()


def test_agent_station_takes_the_villagers_consent_and_prints_its_confirmation(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """代办: after the card, the villager signs the consent on the screen; it is bound to the
    application with the agent and the text's version, the signature sealed with it, and the
    代办委托确认单 prints for the villager."""
    import hashlib
    from dataclasses import replace

    from core.application import Channel, ConsentMethod
    from core.consent import CONSENT_SIGNATURE, CONSENT_STROKES, CONSENT_VERSION
    from core.staff import StaffMember, StaffRole

    terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue)
    window.close()
    c.stop()
    services = replace(  # the same terminal as an agent station (the first window closed)
        c.services,
        channel=Channel.AGENT,
        station_name=terminal.settings.terminal.hall_name,  # as the app sets it
        desk=PrintDesk(c.desk.printer),
    )
    c = AcceptanceController(services)
    window = CounterWindow(
        title="青山村代办站",
        operations=terminal.open,
        acceptance=c,
        desk=services.desk,
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    panel = window.acceptance_panel
    assert panel is not None
    assert window.tabs.tabText(0) == "代办"
    window.shift.start(StaffMember("D0001", "李代办", StaffRole.AGENT))
    try:
        window.applicant._on_card(CARD)
        assert c.step is CounterStep.PICK_ITEM
        # the consent to the item chosen: the text the villager signs names it (issue 29 item
        # 10: it was signed before the item was chosen and named none)
        _choose_item(qtbot, c, panel, CounterStep.CONSENT)
        said = panel.consent_page.consent_text.text()
        assert "李代办（工号 D0001）" in said
        assert "代为办理“居民身份证换领”事项" in said
        assert CONSENT_VERSION in said
        qtbot.mouseClick(panel.consent_page.consent_button, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.CONSENT  # no signature yet
        assert "签名" in panel.message.text()
        sign(panel.consent_page.signature)
        assert panel.consent_page.signature.signed
        png = panel.consent_page.signature.png()
        qtbot.mouseClick(panel.consent_page.consent_button, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.FORM
        c.submit_form({**panel.form_page.form.values(), "phone": "13812345678"})
        assert c.step is CounterStep.MATERIALS
        _set(panel, {r.code: CheckState.ORIGINAL_SEEN for r in panel.materials_page.rows if r.code})
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        # a station submits to the hall and never decides (issue 29 item 9)
        assert set(panel.decide_page.decision_buttons) == {
            DecisionKind.SUBMIT,
            DecisionKind.CORRECTION,
        }
        assert not panel.decide_page.reason.isVisible()
        qtbot.keyClick(panel, Qt.Key.Key_F7)  # no 不予受理 here
        assert c.step is CounterStep.DECIDE
        qtbot.keyClick(panel, Qt.Key.Key_F5)  # 提交大厅受理
        receipt = _printed(qtbot, c, out)
        assert "代办回执" in receipt
        assert "本回执不是受理通知书" in receipt
        assert "受理通知书" not in receipt.replace("不是受理通知书", "")
        assert "已提交大厅受理" in panel.result_page.result.text()
        accepted = c.last_decided
        assert accepted is not None
        assert panel.result_page.consent_slip.isVisible()
        c.last_print = None
        qtbot.mouseClick(panel.result_page.consent_slip, Qt.MouseButton.LeftButton)
        slip = _printed(qtbot, c, out)
        assert "代办委托确认单" in slip
        assert "李代办（工号D0001）" in slip.replace(" ", "")
        assert f"委托书文本版本：{CONSENT_VERSION}" in slip
        assert "本人自愿委托示范市青山区光明街道便民服务中心代办员李代办" in slip.replace(" ", "")
        assert "代为办理“居民身份证换领”事项" in slip.replace(" ", "")
        # the villager's copy carries the signature as signed on the screen (it printed only
        # a check code of it; issue 29 item 10), drawn as dots under its caption
        assert "委托人签名" in slip
        signed = [r for r in decode(out.read_bytes()).rasters if r.bits.sum() > 300]
        assert signed, "no signature printed"
    finally:
        window.close()
        c.stop()
    with terminal.open() as ops:
        app = ops.store.load(accepted.local_id)
        assert app.channel is Channel.AGENT
        consent = app.consent
        assert consent is not None
        assert (consent.agent_id, consent.agent_name) == ("D0001", "李代办")
        assert consent.method is ConsentMethod.SIGNATURE_PAD
        assert consent.text_version == CONSENT_VERSION
        by_code = {a.material_code: a for a in app.attachments}
        signature = by_code[CONSENT_SIGNATURE]
        stored = ops.store.read_scan(app.local_id, signature.sha256, signature.size)
        assert stored[:8] == b"\x89PNG\r\n\x1a\n"
        assert hashlib.sha256(stored).hexdigest() == consent.evidence_sha256
        assert len(stored) == len(png)
        strokes = by_code[CONSENT_STROKES]
        assert strokes.media_type == "application/json"
        doc = json.loads(ops.store.read_scan(app.local_id, strokes.sha256, strokes.size))
        assert len(doc["strokes"]) == 2
        assert len(doc["strokes"][0]) == 20


def test_an_agent_may_scan_the_villagers_signed_mandate_instead(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    from core.application import ConsentMethod
    from core.consent import CONSENT_MANDATE
    from core.staff import StaffMember, StaffRole

    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue, camera=True, agent=True)
    window.shift.start(StaffMember("D0001", "李代办", StaffRole.AGENT))
    try:
        window.applicant._on_card(CARD)
        assert c.step is CounterStep.PICK_ITEM
        _choose_item(qtbot, c, panel, CounterStep.CONSENT)  # 代办: the consent to the item
        qtbot.mouseClick(panel.consent_page.mandate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=20000)  # captured
        consent = c.state.consent
        assert consent is not None
        assert consent.method is ConsentMethod.SIGNED_FORM
        [evidence] = c.consent_evidence
        assert evidence.material_code == CONSENT_MANDATE
        assert isinstance(evidence.data, bytes)
        assert evidence.data[:2] == b"\xff\xd8"
        assert c.material == ""  # the camera rests again
    finally:
        window.close()


def test_every_counter_control_has_a_name_a_screen_reader_can_say(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Every button, field, list and text view of the counter (agent station: consent and
    camera included) reports a name through the accessibility interface; the parts Qt builds
    inside a combo box, a spin box or a table header speak through their owner."""
    from common_qt.qt import QtGui

    _, window, _, _, _ = _counter(qtbot, tmp_path, demo_catalogue, camera=True, agent=True)
    interactive = (
        QtWidgets.QAbstractButton,
        QtWidgets.QLineEdit,
        QtWidgets.QComboBox,
        QtWidgets.QAbstractItemView,
        QtWidgets.QAbstractSpinBox,
        QtWidgets.QTextEdit,
    )

    def qt_part(w: QtWidgets.QWidget) -> bool:
        if w.objectName().startswith("qt_") or isinstance(w, QtWidgets.QHeaderView):
            return True
        parent = w.parentWidget()
        while parent is not None:
            if isinstance(parent, QtWidgets.QComboBox | QtWidgets.QAbstractSpinBox):
                return True
            parent = parent.parentWidget()
        return isinstance(w.window(), QtWidgets.QFrame) and w.window() is not window  # popups

    try:
        controls = [
            w
            for w in window.findChildren(QtWidgets.QWidget)
            if isinstance(w, interactive) and not qt_part(w)
        ]
        assert len(controls) > 80
        unnamed = []
        for w in controls:
            face = QtGui.QAccessible.queryAccessibleInterface(w)
            name = face.text(QtGui.QAccessible.Text.Name) if face is not None else ""
            if not name.strip():
                unnamed.append(
                    f"{type(w).__name__} {w.objectName()} in {type(w.parent()).__name__}"
                )
        assert unnamed == []
    finally:
        window.close()


def test_the_clerk_goes_back_a_step_and_cancels_the_acceptance(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 1: 上一步 on every step of the acceptance (the form and checklist kept),
    and 取消本次办理 that discards it, asking once more; the item being served is named on
    every step after choosing it (item 16)."""
    _terminal, window, c, panel, _out = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        window.applicant._on_card(CARD)
        assert c.step is CounterStep.PICK_ITEM
        assert not panel.back_button.isVisible()  # back to the card is a new applicant
        assert panel.cancel_button.isVisible()
        _to_checklist_from_item(qtbot, c, panel)
        assert "事项：居民身份证换领" in panel.applicant.text()  # named after choosing it
        _set(panel, {"id_card": CheckState.ORIGINAL_SEEN})
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.DECIDE
        qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)  # a checklist mistake
        assert c.step is CounterStep.MATERIALS
        row = next(r for r in panel.materials_page.rows if r.code == "id_card")
        assert row.state.currentText() == CheckState.ORIGINAL_SEEN.value  # as the clerk left it
        qtbot.keyClick(panel, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Alt+←
        assert c.step is CounterStep.FORM
        phone = panel.form_page.form.fields["phone"].widget
        assert phone.text() == "13812345678"  # the form as it was
        qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)  # the wrong item
        assert c.step is CounterStep.PICK_ITEM
        assert not panel.back_button.isVisible()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)  # asks once more
        assert c.step is CounterStep.PICK_ITEM
        assert "再按一次" in panel.cancel_button.text()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.READ_CARD
        assert c.state.identity is None
        assert panel.applicant.text() == ""
        assert window.applicant.last_card is None  # the card's details leave with them
        assert "已取消本次办理" in panel.message.text()
        assert not panel.cancel_button.isVisible()
        window.refresh()
        qtbot.waitUntil(lambda: window.worklist.loaded, timeout=5000)
        assert window.worklist.model.rowCount() == 0  # nothing of it was recorded
    finally:
        window.close()


def _to_checklist_from_item(qtbot, c: AcceptanceController, panel) -> None:  # type: ignore[no-untyped-def]
    _choose_item(qtbot, c, panel, CounterStep.FORM)
    chosen = c.state.item
    assert chosen is not None
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)  # back from the form…
    assert c.step is CounterStep.PICK_ITEM
    c.choose_item(chosen.impl_code)  # …and on again
    qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=5000)
    phone = panel.form_page.form.fields["phone"].widget
    qtbot.keyClicks(phone, "13812345678")
    qtbot.mouseClick(panel.form_page.form_next, Qt.MouseButton.LeftButton)
    assert c.step is CounterStep.MATERIALS


def test_working_on_another_material_stops_the_scan_of_the_last_one(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 8: the live view kept capturing into the material opened last while the
    clerk worked other rows (1 page on the checklist, 5 scans on central). Now working on
    another row stops it, and says so."""
    _terminal, window, c, panel, _out = _counter(qtbot, tmp_path, demo_catalogue, camera=True)
    try:
        _to_checklist(qtbot, window, c, panel)
        photo = next(r for r in panel.materials_page.rows if r.code == "photo_receipt")
        other = next(r for r in panel.materials_page.rows if r.code == "id_card")
        qtbot.mouseClick(photo.scan, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(c.pages.of("photo_receipt")) == 1, timeout=20000)
        other.state.setFocus()  # the clerk moves on to the ID card's row
        qtbot.waitUntil(lambda: c.material == "", timeout=2000)
        assert not panel.materials_page.scan_box.isVisible()
        assert "已停止扫描“数码相片回执”" in panel.message.text()
        qtbot.wait(1500)  # the page still lies on the camera: nothing more is captured
        assert len(c.pages.of("photo_receipt")) == 1
        qtbot.mouseClick(photo.scan, Qt.MouseButton.LeftButton)  # back to it on purpose
        assert c.material == "photo_receipt"
        other.state.setCurrentText(CheckState.ORIGINAL_SEEN.value)  # a change by the wheel
        assert c.material == ""
    finally:
        window.close()


def test_a_correction_resumes_by_its_code_alone_with_its_reasons_and_earlier_scans(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 19: resuming by the notice's code alone was refused (the README says card
    or code), and the resumed checklist lost the defect reasons and the count of the pages
    scanned on the first visit."""
    _terminal, window, c, panel, out = _counter(qtbot, tmp_path, demo_catalogue, camera=True)
    try:
        _to_checklist(qtbot, window, c, panel)
        photo = next(r for r in panel.materials_page.rows if r.code == "photo_receipt")
        qtbot.mouseClick(photo.scan, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(c.pages.of("photo_receipt")) == 1, timeout=20000)
        c.scan("")
        _set(
            panel,
            {"id_card": CheckState.ORIGINAL_SEEN, "photo_receipt": CheckState.UNUSABLE},
            {"photo_receipt": "照片回执已过期"},
        )
        qtbot.mouseClick(panel.materials_page.check_next, Qt.MouseButton.LeftButton)
        qtbot.keyClick(panel, Qt.Key.Key_F6)
        _printed(qtbot, c, out)
        waiting = c.last_decided
        assert waiting is not None
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
        assert c.step is CounterStep.READ_CARD
        # the applicant comes back with the notice only: its code finds and resumes it
        qtbot.keyClicks(panel.card_page.code, waiting.receipt_number)
        qtbot.keyClick(panel.card_page.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: c.step is CounterStep.MATERIALS, timeout=10000)
        assert c.resume_id == waiting.local_id
        assert "（人工录入）" in panel.applicant.text()  # the card in hand is checked
        assert "核验申请人身份证原件" in panel.message.text()
        photo = next(r for r in panel.materials_page.rows if r.code == "photo_receipt")
        assert photo.reason.text() == "照片回执已过期"
        assert "已有1页" in photo.scan.text()
    finally:
        window.close()


def test_the_keyboard_enters_the_item_results_at_the_first_row(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 17: ↓ in the search field did nothing, and Tab then ↓ took the second
    row; now both land on the first, and Enter chooses it."""
    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        window.applicant._on_card(CARD)
        page = panel.item_page
        page.query.setFocus()
        page.query.setText("身份证换领")
        qtbot.waitUntil(lambda: page.hits.rowCount() > 1, timeout=5000)
        qtbot.keyClick(page.query, Qt.Key.Key_Down)
        assert page.results.hasFocus()
        assert page.results.currentIndex().row() == 0
        page.query.setFocus()
        page.query.setText("身份证")  # new results: nothing current in them yet
        qtbot.waitUntil(lambda: page.results.currentIndex().row() == -1, timeout=5000)
        qtbot.keyClick(page.query, Qt.Key.Key_Tab)  # Tab, then ↓: the second row
        assert page.results.hasFocus()
        assert page.results.currentIndex().row() == 0
        qtbot.keyClick(page.results, Qt.Key.Key_Down)
        assert page.results.currentIndex().row() == 1
        qtbot.keyClick(page.results, Qt.Key.Key_Up)
        first = page.hits.rows[0]
        qtbot.keyClick(page.results, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=5000)
        assert c.state.item is not None
        assert c.state.item.impl_code == first.impl_code
    finally:
        window.close()


def test_keys_typed_while_the_chosen_item_loads_reach_its_form(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 17: keys typed right after choosing an item were lost (they went to the
    results list being left, and the form's fields had no focus)."""
    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue)
    try:
        window.applicant._on_card(CARD)
        page = panel.item_page
        page.query.setFocus()
        page.query.setText("身份证换领")
        qtbot.waitUntil(lambda: page.hits.rowCount() > 0, timeout=5000)
        row = next(i for i, h in enumerate(page.hits.rows) if h.name == "居民身份证换领")
        page.results.setFocus()
        page.results.setCurrentIndex(page.hits.index(row, 0))
        qtbot.keyClick(page.results, Qt.Key.Key_Return)  # chosen: its item loads…
        qtbot.keyClicks(page.results, "13812345678")  # …while the clerk types on
        qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=5000)
        phone = panel.form_page.form.fields["phone"].widget
        assert isinstance(phone, QtWidgets.QLineEdit)
        assert phone.hasFocus()  # the first field the card did not fill
        assert phone.text() == "13812345678"
    finally:
        window.close()


def test_the_checklist_takes_one_tab_a_row_and_f4_scans_the_row(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """Issue 29 item 17: the checklist took 3 Tabs a row (what was found, the page count, the
    scan button) with no visible focus. Tab goes from one row's result to the next (through the
    reason when the material is 不符合要求), a ring shows where it is, and F4 scans the material
    of the row being worked."""
    _, window, c, panel, _ = _counter(qtbot, tmp_path, demo_catalogue, camera=True)
    try:
        with qtbot.waitActive(window):
            window.activateWindow()
        _to_checklist(qtbot, window, c, panel)
        first, second = panel.materials_page.rows[:2]
        first.state.setFocus()
        qtbot.keyClick(first.state, Qt.Key.Key_Tab)
        assert second.state.hasFocus()
        # the row being worked shows: a ring drawn around its result, in the ring's colour
        # (the native style's hairline could not be told from the others)
        from common_qt.widgets.focus_ring import RING_COLOUR

        ring = window.focus_ring
        assert ring.target is second.state
        place = QtCore.QRect(second.state.mapTo(window, QtCore.QPoint()), second.state.size())
        assert ring.geometry().contains(place)
        picture = window.grab(ring.geometry()).toImage()
        assert picture.pixelColor(picture.width() // 2, 1).name() == RING_COLOUR
        first.state.setCurrentText(CheckState.UNUSABLE.value)  # the reason joins the path
        first.state.setFocus()
        qtbot.keyClick(first.state, Qt.Key.Key_Tab)
        assert first.reason.hasFocus()
        qtbot.keyClick(first.reason, Qt.Key.Key_Tab)
        assert second.state.hasFocus()
        qtbot.keyClick(second.state, Qt.Key.Key_F4)
        assert c.material == second.code  # the camera scans the row being worked
    finally:
        window.close()
