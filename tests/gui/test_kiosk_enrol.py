"""网上办事注册 at the kiosk with a real platform (issue 25): the card, the phone, a wrong code
refused in the platform's words, the right one — the account, its slip printed with the
portal's QR; the same card again binds the account to a new phone, never a second; a typed
number cannot register."""

from __future__ import annotations

import json
import re
from pathlib import Path

from common_qt.qt import Qt
from core.flows.kiosk import KioskMode, KioskStep
from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS
from tests.gui.test_kiosk_journey import _kiosk, _terminal
from tests.helpers.central import running_central
from tests.helpers.escpos_decode import decode


def _sent(data: Path) -> str:
    line = (data / "sms-outbox.log").read_text(encoding="utf-8").splitlines()[-1]
    found = re.search(r"验证码为(\d{6})", json.loads(line)["text"])
    assert found is not None
    return found.group(1)


def _printed(path: Path) -> str:
    return "".join(decode(path.read_bytes()).text_lines) if path.exists() else ""


def _to_code(qtbot, k, phone: str) -> None:  # type: ignore[no-untyped-def]
    c, w = k.c, k.window
    qtbot.mouseClick(w.welcome_page.choice_buttons[KioskMode.ENROL], Qt.MouseButton.LeftButton)
    assert c.step is KioskStep.READ_CARD
    k.card.card(CardRead(DEMO_CARDS["resident"], b"", b""))
    qtbot.waitUntil(lambda: c.step is KioskStep.ENROL_PHONE, timeout=5000)
    assert "张*丰" in w.enrol_phone_page.lead.text()
    w.enrol_phone_page.phone.setText(phone)
    w.enrol_phone_page.send_button.click()  # (QScroller takes synthetic clicks on the page)
    qtbot.waitUntil(lambda: c.step is KioskStep.ENROL_CODE, timeout=10000)
    assert phone[:3] + "****" + phone[-4:] in w.enrol_code_page.lead.text()


def test_a_citizen_registers_by_card_and_phone_and_binds_again_later(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    with running_central(tmp_path / "central", demo_catalogue) as central:
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        try:
            _to_code(qtbot, k, "13812345678")
            code = _sent(central.data_dir)
            w.enrol_code_page.code.setText("000000" if code != "000000" else "111111")
            w.enrol_code_page.ok_button.click()
            qtbot.waitUntil(
                lambda: "验证码不正确，还可尝试4次" in w.enrol_code_page.message.text(),
                timeout=10000,
            )
            assert c.step is KioskStep.ENROL_CODE
            w.enrol_code_page.code.setText(code)
            w.enrol_code_page.ok_button.click()
            qtbot.waitUntil(lambda: c.step is KioskStep.ENROL_DONE, timeout=10000)
            shown = w.enrol_done_page.text.toPlainText()
            assert "注册成功" in shown
            assert "138****5678" in shown
            qtbot.waitUntil(lambda: "注册凭条" in _printed(k.printer_file), timeout=10000)
            printed = decode(k.printer_file.read_bytes())
            assert "https://zwfw.example.gov.cn" in printed.qr_payloads
            assert "110101199001010031" not in "".join(printed.text_lines)
            w.enrol_done_page.done_button.click()
            assert c.step is KioskStep.WELCOME
            # a typed number registers nobody
            qtbot.mouseClick(
                w.welcome_page.choice_buttons[KioskMode.ENROL], Qt.MouseButton.LeftButton
            )
            c.typed_identity("张三丰", "110101199001010031")
            qtbot.waitUntil(lambda: "须读取本人身份证" in w.card_page.message.text(), timeout=5000)
            c.cancel()
            central.platform.clock = lambda: 2e9 + 86_400 * 400  # another day: a new phone
            _to_code(qtbot, k, "13987654321")
            w.enrol_code_page.code.setText(_sent(central.data_dir))
            w.enrol_code_page.ok_button.click()
            qtbot.waitUntil(lambda: c.step is KioskStep.ENROL_DONE, timeout=10000)
            assert "已绑定为新的手机号" in w.enrol_done_page.text.toPlainText()
        finally:
            w.close()
        accounts = central.platform.db.conn.execute("SELECT count(*) FROM portal_accounts")
        assert accounts.fetchone()[0] == 1
        assert central.platform.enrolment_counts()["total"] == 2
