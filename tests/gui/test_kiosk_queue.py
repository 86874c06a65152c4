"""取号 and 预约签到 at the kiosk (issue 23), through the real window and controller against a
running hall server: the welcome screen offers them where the hall keeps a queue; a ticket
by card (the category chosen by a tap, or found from a service), one without a card (a
category that needs a card refused), an appointment checked in (called first), the ticket
followed at the progress query by its number; then the hall server stops and the kiosk goes
on issuing from its own block, saying so, and sends the tickets back when it returns."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from common_qt.qt import Qt
from core.clock import CST
from core.flows.kiosk import KioskMode, KioskStep
from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS
from tests.gui.test_kiosk_journey import _kiosk, _terminal
from tests.helpers.central import free_port, running_central
from tests.helpers.escpos_decode import decode

CONFIG = {
    "categories": [
        {
            "letter": "A",
            "name": "户籍证件",
            "themes": ["户籍"],
            "windows": ["3号窗口"],
            "opens": "00:00:00",
            "closes": "23:59:59",
            "card_only": True,
        },
        {
            "letter": "B",
            "name": "社保医保",
            "themes": ["社会保险", "医疗保障"],
            "opens": "00:00:00",
            "closes": "23:59:59",
        },
    ],
    "policy": {"elderly_age": 70},
}


def test_tickets_by_card_without_one_by_appointment_followed_and_while_the_server_is_away(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path, expected_warnings: None
) -> None:
    port = free_port()
    central_dir = tmp_path / "central"
    with running_central(central_dir, demo_catalogue, port=port) as central:
        central.platform.set_queue("", CONFIG)
        resident = DEMO_CARDS["resident"]
        slot = datetime.now(CST) + timedelta(minutes=5)
        central.platform.book_appointment(
            "", {"category": "A", "id_number": resident.id_number, "slot": slot.isoformat()}
        )
        terminal = _terminal(tmp_path, central.url, central.enrol("K0001", "kiosk"), demo_catalogue)
        k = _kiosk(qtbot, tmp_path, demo_catalogue, terminal)
        c, w = k.c, k.window
        ticket_button = w.welcome_page.choice_buttons[KioskMode.TICKET]
        qtbot.waitUntil(lambda: ticket_button.isVisible(), timeout=10000)  # the hall has one
        assert w.welcome_page.choice_buttons[KioskMode.CHECK_IN].isVisible()
        # shown inside the kiosk, not as windows of their own (they were, parentless, and
        # took the focus from the kiosk: the Pinyin keys then typed nowhere)
        assert ticket_button.window() is w
        assert w.welcome_page.choice_buttons[KioskMode.CHECK_IN].window() is w
        assert w.isActiveWindow()

        # 取号 by card: the category by a tap
        qtbot.mouseClick(ticket_button, Qt.MouseButton.LeftButton)
        assert c.step is KioskStep.READ_CARD
        assert w.card_page.no_card_button.isVisible()
        assert not w.card_page.type_button.isVisible()
        k.card.card(CardRead(resident, b"", b""))
        qtbot.waitUntil(lambda: c.step is KioskStep.QUEUE_CATEGORY, timeout=5000)
        page = w.category_page
        qtbot.waitUntil(lambda: set(page.category_buttons) == {"A", "B"}, timeout=5000)
        assert "张*丰" in page.who.text()
        assert "户籍证件（A）" in page.category_buttons["A"].text()
        qtbot.mouseClick(page.category_buttons["A"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: c.step is KioskStep.TICKET, timeout=5000)
        assert w.ticket_page.number.text() == "A001"
        assert "前面还有 0 人" in w.ticket_page.details.text()
        qtbot.wait(500)
        qtbot.waitUntil(lambda: c.last_print is not None, timeout=10000)
        printed = "".join(decode(k.printer_file.read_bytes()).text_lines)
        assert "A001" in printed
        assert "户籍证件" in printed
        assert "查看排队进度" in printed  # the QR's caption (the progress query follows it)
        qtbot.mouseClick(w.ticket_page.done_button, Qt.MouseButton.LeftButton)
        assert c.step is KioskStep.WELCOME

        # 取号 without a card: 户籍证件 needs one; found from a service typed instead
        qtbot.mouseClick(ticket_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(w.card_page.no_card_button, Qt.MouseButton.LeftButton)
        assert c.step is KioskStep.QUEUE_CATEGORY
        qtbot.waitUntil(lambda: set(page.category_buttons) == {"A", "B"}, timeout=5000)
        assert not page.category_buttons["A"].isEnabled()
        assert "须刷身份证取号" in page.category_buttons["A"].text()
        page.finder.setText("养老保险")
        qtbot.waitUntil(lambda: page.found_layout.count() > 0, timeout=5000)
        chip = page.found_layout.itemAt(0).widget()
        assert "社保医保（B）" in chip.text()
        chip.click()  # (see the click below: the page may scroll now)
        qtbot.waitUntil(lambda: c.step is KioskStep.TICKET, timeout=5000)
        assert w.ticket_page.number.text() == "B001"
        w.go_home()

        # 预约签到: the card's appointment of today, called before A001
        qtbot.mouseClick(
            w.welcome_page.choice_buttons[KioskMode.CHECK_IN], Qt.MouseButton.LeftButton
        )
        assert not w.card_page.no_card_button.isVisible()
        k.card.card(CardRead(resident, b"", b""))
        qtbot.waitUntil(lambda: c.step is KioskStep.APPOINTMENTS, timeout=5000)
        booked = w.appointments_page
        qtbot.waitUntil(lambda: booked.list.count() == 1, timeout=5000)
        choice = booked.list.itemAt(0).widget()
        assert f"{slot:%H:%M}" in choice.text()
        qtbot.mouseClick(choice, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: c.step is KioskStep.TICKET, timeout=5000)
        assert w.ticket_page.number.text() == "A002"
        assert "（预约）" in w.ticket_page.details.text()
        w.go_home()

        # the first ticket followed by its number: one before it now (the appointment)
        c.choose(KioskMode.QUERY)
        w.query_page.code.setText("a001")
        qtbot.mouseClick(w.query_page.go_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "前面还有 1 人" in w.result_page.result.toPlainText(), timeout=5000)
        w.go_home()
        # between citizens (and at start) this kiosk took its blocks, from the top
        with terminal.open() as ops:
            blocks = ops.store.conn.execute("SELECT letter, first, last FROM queue_blocks")
            assert sorted(blocks) == [("A", 950, 999), ("B", 950, 999)]

    # the hall server is gone: the kiosk issues from its block and says so
    qtbot.mouseClick(ticket_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(w.card_page.no_card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "B" in page.category_buttons, timeout=5000)
    # (a click, not a synthetic press and release: the page's kinetic scroller delays a
    # press on a page it may scroll, and a finger's tap is replayed; QTest's is not)
    page.category_buttons["B"].click()
    qtbot.waitUntil(lambda: c.step is KioskStep.TICKET, timeout=10000)
    offline_number = w.ticket_page.number.text()
    assert offline_number.startswith("B")
    assert offline_number != "B001"
    assert "本号码由本机发放" in w.ticket_page.note.text()
    assert "前面还有" not in w.ticket_page.details.text()  # not known while away
    w.go_home()

    # … and back: the ticket is taken into the hall's queue
    with running_central(central_dir, demo_catalogue, port=port) as central:
        c._queue_between_citizens()
        qtbot.waitUntil(
            lambda: (
                central.platform.db.conn.execute(
                    "SELECT count(*) FROM queue_tickets WHERE number = ?", (offline_number,)
                ).fetchone()[0]
                == 1
            ),
            timeout=10000,
        )
        w.close()
        c.stop()


def test_appointments_shown_again_leave_none_of_the_last_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A citizen's list replaced by the next one's: the old buttons go at once (they stayed
    drawn under the new ones, in the last citizen's language, until a deferred delete came)."""
    from common_qt.qt import QtWidgets
    from kiosk.pages.queue import AppointmentsPage

    page = AppointmentsPage()
    qtbot.addWidget(page)
    page.show()
    slot = datetime.now(CST).isoformat()
    two = [
        {"reference": r, "category": "A", "category_name": "户籍证件", "slot": slot}
        for r in ("Y1", "Y2")
    ]
    page.show_appointments(two)
    page.show_appointments(two[:1])
    QtWidgets.QApplication.processEvents()  # the new one shown; no deferred delete run
    shown = [b for b in page.findChildren(QtWidgets.QPushButton) if b.isVisible()]
    assert [b.accessibleName() for b in shown if b is not page.back_button] == [
        f"{datetime.fromisoformat(slot):%H:%M}\u3000户籍证件"
    ]
