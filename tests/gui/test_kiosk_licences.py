"""减材料 at the kiosk (issue 24): after the card and the item, the citizen authorises the use
of their e-licences (授权用证); the materials two licences stand for need no scan and say so;
the application arrives with the licences' identifiers and annotated copies and no scans for
them; the platform's 用证日志 holds exactly that query; with the 证照库 answering 503 the same
journey says so plainly and goes on with paper."""

from __future__ import annotations

import json
from pathlib import Path

from central.base import PlatformError
from common_qt.qt import Qt
from core.application import Status
from core.elicence.identifier import parse_licence_id
from core.flows.kiosk import KioskMode, KioskStep
from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS
from tests.gui.test_kiosk_journey import _capture, _kiosk, _terminal
from tests.helpers.central import running_central
from tests.helpers.escpos_decode import decode

ITEM = "居民身份证信息变更"  # id_card (居民身份证) and hukou (居民户口簿) from licences


def _to_authorise(qtbot, k, item: str = ITEM) -> None:  # type: ignore[no-untyped-def]
    """我要办事 by the demo card → ``item`` found → its guide → 我要办理: 授权用证 asked."""
    c, w = k.c, k.window
    qtbot.mouseClick(w.welcome_page.choice_buttons[KioskMode.APPLY], Qt.MouseButton.LeftButton)
    k.card.card(CardRead(DEMO_CARDS["resident"], b"", b""))
    qtbot.waitUntil(lambda: c.step is KioskStep.SEARCH, timeout=5000)
    w.search_page.query.setText(item)
    qtbot.waitUntil(lambda: w.search_page.shown_query == item, timeout=5000)
    c.choose_item(next(h for h in w.search_page.hits.rows if h.name == item).impl_code)
    qtbot.waitUntil(lambda: c.step is KioskStep.GUIDE, timeout=5000)
    qtbot.mouseClick(w.guide_page.apply_button, Qt.MouseButton.LeftButton)
    assert c.step is KioskStep.AUTHORISE
    assert w.authorise_page.types.text() == "居民户口簿、居民身份证"  # what both items name


def _fill_form(qtbot, k) -> None:  # type: ignore[no-untyped-def]
    c, w = k.c, k.window
    values = w.form_page.values()
    c.submit_form({**values, "phone": "13812345678", "reason": "姓名有误"})
    qtbot.waitUntil(lambda: c.step is KioskStep.SCAN, timeout=5000)


def test_licences_stand_for_two_materials_and_arrive_with_their_copies(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    with running_central(tmp_path / "central", demo_catalogue) as central:
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        try:
            _to_authorise(qtbot, k)
            qtbot.mouseClick(w.authorise_page.yes_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: c.step is KioskStep.FORM, timeout=10000)
            assert set(c.state.licences) == {"id_card", "hukou"}
            _fill_form(qtbot, k)
            # the licensed materials said so; the first to scan is one no licence stands for
            assert c.material == "photo_receipt"
            listed = [
                w.scan_page.materials.text(i) for i in range(w.scan_page.materials.rowCount())
            ]
            assert sum("（电子证照）" in t for t in listed) == 2
            c.select_material("id_card")
            assert "已调取电子证照：居民身份证" in w.scan_page.current.text()
            _capture(qtbot, k, "photo_receipt")
            c.scans_done()
            assert c.step is KioskStep.CONFIRM
            assert w.confirm_page.scanned.accessibleName() == "已收材料"  # as headed
            scanned = w.confirm_page.scanned.toPlainText()
            assert "电子证照 居民户口簿" in scanned
            assert "电子证照 居民身份证" in scanned
            qtbot.mouseClick(w.confirm_page.submit_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: c.last_print is not None, timeout=10000)
            receipt = "".join(decode(k.printer_file.read_bytes()).text_lines)
            assert "居民户口簿（电子证照，免提交）" in receipt
            local_id = c.submitted.local_id
        finally:
            w.close()
        job = terminal.sync_job()
        assert job is not None
        job(lambda *_: None)
        db = central.platform.db.conn
        doc = json.loads(db.execute("SELECT doc FROM applications").fetchone()[0])
        assert doc["local_id"] == str(local_id)
        used = {code: e["elicence"] for code, e in doc["checklist"].items() if e["via_elicence"]}
        assert set(used) == {"id_card", "hukou"}
        for identifier in used.values():
            assert parse_licence_id(identifier).check_matches
        kinds = sorted((a["material_code"], a["media_type"]) for a in doc["attachments"])
        # the annotated copies in place of the scans, the photo receipt scanned
        assert kinds == [
            ("hukou", "image/png"),
            ("id_card", "image/png"),
            ("photo_receipt", "image/jpeg"),
        ]
        (use,) = central.platform.licence_uses()  # exactly the one query, of this application
        assert use["application"] == str(local_id)
        assert sorted(use["identifiers"]) == sorted(used.values())
        assert use["authorisation"]
        assert use["purpose"] == f"办理“{ITEM}”"


def test_an_unavailable_library_leaves_paper_said_plainly(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, expected_warnings: None
) -> None:
    with running_central(tmp_path / "central", demo_catalogue) as central:

        def down(terminal: str, body: bytes) -> object:
            raise PlatformError(503, "证照库维护中")

        central.platform.query_licences = down  # type: ignore[method-assign]
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        try:
            _to_authorise(qtbot, k)
            qtbot.mouseClick(w.authorise_page.yes_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: "电子证照暂不可用，请扫描纸质材料" in w.authorise_page.message.text(),
                timeout=10000,
            )
            assert c.step is KioskStep.AUTHORISE
            qtbot.mouseClick(w.authorise_page.no_button, Qt.MouseButton.LeftButton)
            assert c.step is KioskStep.FORM
            _fill_form(qtbot, k)
            assert c.material == "id_card"  # every material scanned
            _capture(qtbot, k, "photo_receipt")
            c.scans_done()
            assert c.step is KioskStep.NOTICE  # the paper originals listed
            notice = [e.material.code for e in c.state.check.entries]
            assert set(notice) == {"id_card", "hukou"}
            qtbot.waitUntil(lambda: c.last_print is not None, timeout=10000)
            printed = "".join(decode(k.printer_file.read_bytes()).text_lines)
            assert "居民户口簿" in printed
            assert "已调取电子证照" not in printed  # none was
        finally:
            w.close()


INSTANT_ITEM = "户籍证明开具"  # 即办件: a certificate from the platform's records


def _instant_journey(qtbot, k) -> None:  # type: ignore[no-untyped-def]
    """户籍证明开具 by card, the licences authorised (both materials from them), submitted."""
    c, w = k.c, k.window
    _to_authorise(qtbot, k, INSTANT_ITEM)
    qtbot.mouseClick(w.authorise_page.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.step is KioskStep.FORM, timeout=10000)
    values = w.form_page.values()
    c.submit_form({**values, "phone": "13812345678", "reason": "入学"})
    qtbot.waitUntil(lambda: c.step in (KioskStep.SCAN, KioskStep.CONFIRM), timeout=5000)
    if c.step is KioskStep.SCAN:
        c.scans_done()  # nothing to scan: both materials from licences
    assert c.step is KioskStep.CONFIRM
    qtbot.mouseClick(w.confirm_page.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: c.step is KioskStep.RECEIPT, timeout=10000)


def test_an_instant_item_is_decided_by_the_platform_and_its_result_printed(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    import time

    with running_central(tmp_path / "central", demo_catalogue) as central:
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        job = terminal.sync_job()
        assert job is not None
        c.deliver_now.connect(lambda: job(lambda *_: None))  # what the kiosk's sync loop does
        try:
            _instant_journey(qtbot, k)
            submitted = time.monotonic()
            qtbot.waitUntil(lambda: c.instant_result is not None, timeout=10000)
            assert time.monotonic() - submitted < 3.0  # decided within 3 s of submit
            qtbot.waitUntil(lambda: "已办结" in w.receipt_page.instant.text(), timeout=5000)
            qtbot.waitUntil(
                lambda: "核验码" in "".join(decode(k.printer_file.read_bytes()).text_lines),
                timeout=10000,
            )
            result = "".join(decode(k.printer_file.read_bytes()).text_lines)
            assert "户籍证明" in result
            assert "张三丰" in result
        finally:
            w.close()
        db = central.platform.db.conn
        assert db.execute("SELECT status FROM applications").fetchone() == ("completed",)
        # the statistics the seeds ask for: the share of 即办 items, and of 秒批 applications
        shares = central.platform.instant_statistics()
        assert shares["applications"] == {"total": 1, "decided_at_once": 1, "share": 1.0}
        assert shares["items"]["immediate"] > 0
        print(f"即办件 share of the catalogue: {shares['items']['share']}")


def test_a_fee_bearing_instant_item_prints_its_payment_notice_and_no_result_before_payment(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    """The platform charges for the certificate (its catalogue says so): the kiosk prints the
    缴款通知书 with the code as a QR and says so; no result is printed; the payment platform's
    notice decides it (issue 25)."""
    from dataclasses import replace

    from core.catalogue.models import Fee

    with running_central(tmp_path / "central", demo_catalogue) as central:
        own = central.platform.catalogue_item

        def charging(code: str):  # type: ignore[no-untyped-def]
            item = own(code)
            if item is not None and item.name == INSTANT_ITEM:
                return replace(item, fees=(Fee("证明工本费", "5"),))
            return item

        central.platform.catalogue_item = charging  # type: ignore[method-assign]
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        job = terminal.sync_job()
        assert job is not None
        c.deliver_now.connect(lambda: job(lambda *_: None))
        try:
            _instant_journey(qtbot, k)
            qtbot.waitUntil(
                lambda: "本事项需缴费 5.00元" in w.receipt_page.instant.text(), timeout=10000
            )
            qtbot.waitUntil(
                lambda: "缴款通知书" in "".join(decode(k.printer_file.read_bytes()).text_lines),
                timeout=10000,
            )
            printed = decode(k.printer_file.read_bytes())
            text = "".join(printed.text_lines)
            assert "证明工本费" in text
            assert "核验码" not in text  # no result before the payment
            [(official, code)] = central.platform.db.conn.execute(
                "SELECT official_number, code FROM payments"
            ).fetchall()
            assert code in printed.qr_payloads
        finally:
            w.close()
        central.platform.mark_paid(code)
        looked = central.platform.lookup(code=official).doc["applications"][0]
        assert looked["status"] == "completed"
        assert looked["payment"]["status"] == "paid"


def test_offline_an_instant_item_queues_and_no_result_is_printed(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, monkeypatch
) -> None:
    import kiosk.controller

    monkeypatch.setattr(kiosk.controller, "INSTANT_SECONDS", 1.5)
    with running_central(tmp_path / "central", demo_catalogue) as central:
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        try:
            _instant_journey(qtbot, k)  # nothing delivers: the link is down
            qtbot.waitUntil(lambda: "网络恢复" in w.receipt_page.instant.text(), timeout=10000)
            assert c.instant_result is None
            printed = "".join(decode(k.printer_file.read_bytes()).text_lines)
            assert "核验码" not in printed  # the receipt only, never a result
            receipt = c.state.receipt_number
        finally:
            w.close()
        job = terminal.sync_job()  # back online: delivered, decided as it arrives
        assert job is not None
        job(lambda *_: None)
        db = central.platform.db.conn
        assert db.execute("SELECT status FROM applications").fetchone() == ("completed",)
        job(lambda *_: None)  # the decision comes back with the next drain
        with terminal.open() as ops:
            (line,) = ops.query_progress(code=receipt).lines
            assert line.status is Status.COMPLETED  # 办结, as the platform decided
