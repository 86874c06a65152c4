"""调取电子证照 at a hall counter (issue 24): the applicant's card read is their authorisation;
the clerk fetches the licences for the item (F3), the materials they stand for are offered and
set as 电子证照 (a clerk cannot mark one the library did not answer), and the accepted
application reaches the platform with their identifiers and annotated copies."""

from __future__ import annotations

import json
from pathlib import Path

from common_qt.qt import Qt
from core.application import Channel, CheckState
from core.flows.counter import CounterStep
from core.ports import CardRead
from core.settings import Role
from devices.idcard.cards import DEMO_CARDS
from tests.gui.test_agent_station import _terminal, _window
from tests.helpers.central import running_central

ITEM = "居民身份证信息变更"


def _to_materials(qtbot, window, c, panel) -> None:  # type: ignore[no-untyped-def]
    """The demo card read, ITEM chosen, its form filled: the materials' checklist."""
    window.applicant._on_card(CardRead(DEMO_CARDS["resident"], b"", b""))
    assert c.step is CounterStep.PICK_ITEM
    panel.item_page.query.setText(ITEM)
    qtbot.waitUntil(lambda: panel.item_page.hits.rowCount() > 0, timeout=5000)
    c.choose_item(next(h for h in panel.item_page.hits.rows if h.name == ITEM).impl_code)
    qtbot.waitUntil(lambda: c.step is CounterStep.FORM, timeout=5000)
    values = panel.form_page.form.values()
    c.submit_form({**values, "phone": "13812345678", "reason": "姓名有误"})
    qtbot.waitUntil(lambda: c.step is CounterStep.MATERIALS, timeout=5000)


def test_the_clerk_fetches_the_applicants_licences_and_they_arrive_with_the_decision(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    with running_central(tmp_path / "central", demo_catalogue) as central:
        hall = _terminal(
            tmp_path,
            "hall",
            Role.COUNTER,
            central.url,
            central.enrol("HALL", "counter"),
            demo_catalogue,
        )
        window, c = _window(qtbot, hall, Channel.COUNTER, "3号窗口")
        panel = window.acceptance_panel
        assert panel is not None
        try:
            _to_materials(qtbot, window, c, panel)
            page = panel.materials_page
            rows = {r.code: r for r in page.rows if r.code}
            # before the fetch, 电子证照 cannot be claimed: the checklist refuses it
            rows["id_card"].state.setCurrentText(CheckState.ELICENCE.value)
            rows["hukou"].state.setCurrentText(CheckState.ORIGINAL_SEEN.value)
            rows["photo_receipt"].state.setCurrentText(CheckState.ORIGINAL_KEPT.value)
            page.check_next.click()
            assert c.step is CounterStep.MATERIALS
            assert "未调取到电子证照" in panel.message.text()
            assert page.licences_button.isVisible()
            qtbot.mouseClick(page.licences_button, Qt.MouseButton.LeftButton)  # F3
            qtbot.waitUntil(lambda: len(c.licences) == 2, timeout=10000)
            qtbot.waitUntil(
                lambda: rows["hukou"].state.currentText() == CheckState.ELICENCE.value,
                timeout=5000,
            )
            assert "已调取电子证照 居民户口簿" in rows["hukou"].name.text()
            assert "1101**********0031" in rows["id_card"].name.text()  # masked
            # what the clerk found for the others stays
            assert rows["photo_receipt"].state.currentText() == CheckState.ORIGINAL_KEPT.value
            page.check_next.click()
            assert c.step is CounterStep.DECIDE
            qtbot.keyClick(panel, Qt.Key.Key_F5)  # 受理
            qtbot.waitUntil(lambda: c.last_decided is not None, timeout=10000)
            local_id = c.last_decided.local_id
        finally:
            window.close()
            c.stop()
        job = hall.sync_job()
        assert job is not None
        job(lambda *_: None)
        doc = json.loads(
            central.platform.db.conn.execute("SELECT doc FROM applications").fetchone()[0]
        )
        assert doc["local_id"] == str(local_id)
        licensed = {code for code, e in doc["checklist"].items() if e.get("elicence")}
        assert licensed == {"id_card", "hukou"}
        copies = {a["material_code"] for a in doc["attachments"] if a["media_type"] == "image/png"}
        assert copies == {"id_card", "hukou"}
        (use,) = central.platform.licence_uses()
        assert use["window"] == c.services.window  # the window the decision names too
        assert use["application"] == str(local_id)


def test_a_revoked_licence_is_shown_to_the_clerk_and_never_stands_for_the_material(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    from core.elicence.licences import LicenceStatus

    with running_central(tmp_path / "central", demo_catalogue) as central:
        central.platform.add_licence(  # the demo household register, revoked since
            DEMO_CARDS["resident"].id_number, "居民户口簿", "11100000000013127D002", "369901",
            "示范市公安局青山分局光明派出所", "0000000002", "369901001000031",
            status=LicenceStatus.REVOKED,
        )  # fmt: skip
        hall = _terminal(
            tmp_path, "hall", Role.COUNTER, central.url, central.enrol("HALL", "counter"),
            demo_catalogue,
        )  # fmt: skip
        window, c = _window(qtbot, hall, Channel.COUNTER, "3号窗口")
        panel = window.acceptance_panel
        assert panel is not None
        try:
            _to_materials(qtbot, window, c, panel)
            page = panel.materials_page
            rows = {r.code: r for r in page.rows if r.code}
            qtbot.mouseClick(page.licences_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: "电子证照不可用" in rows["hukou"].name.text(), timeout=10000)
            assert "已注销" in rows["hukou"].name.text()
            assert set(c.licences) == {"id_card"}
            assert rows["hukou"].state.currentText() != CheckState.ELICENCE.value
        finally:
            window.close()
            c.stop()
