"""Staff sign-in at the counter through the real window: nothing shows before sign-in, five
wrong passwords lock the account, the idle lock hides the work and only the same password
opens it, another member signing in at the lock ends the first one's session, sign-out
clears the screen — and every event is in the audit chain."""

from __future__ import annotations

from pathlib import Path

from common_qt.qt import Qt
from core.clock import local_today
from core.flows.counter import CounterStep
from core.ports import CardRead
from core.staff import hash_password
from counter.controller import AcceptanceController, CounterServices
from counter.window import CounterWindow
from devices.idcard.cards import DEMO_CARDS
from tests.helpers.keys import counter_terminal

CARD = CardRead(DEMO_CARDS["resident"], b"", b"")


def _staff(number: str, name: str, password: str) -> dict[str, object]:
    return {
        "number": number,
        "name": name,
        "role": "clerk",
        "hall": "",
        "enabled": True,
        "password_hash": hash_password(password, log_n=10),
    }


def _window(qtbot, tmp_path: Path, catalogue: Path, lock_after_minutes: float):  # type: ignore[no-untyped-def]
    terminal = counter_terminal(tmp_path / "data" / "store.sqlite")
    ops = terminal.open()
    ops.store.put_staff(
        2, [_staff("A0123", "王芳", "Wangfang2026"), _staff("A0456", "李强", "Liqiang2026")]
    )
    ops.close()
    controller = AcceptanceController(
        CounterServices(catalogue, "369901001000", operations=terminal.open, clock=terminal.clock)
    )
    window = CounterWindow(
        title="3号窗口",
        operations=terminal.open,
        acceptance=controller,
        today=lambda: local_today(terminal.clock),
        require_sign_in=True,
        lock_after_minutes=lock_after_minutes,
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return terminal, window, controller


def _type_in(qtbot, window: CounterWindow, number: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = window.shift.sign_in_page
    if not page.number.isReadOnly():
        page.number.setText("")
        qtbot.keyClicks(page.number, number)
    qtbot.keyClicks(page.password, password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)  # Enter signs in
    qtbot.waitUntil(lambda: page.submit_button.isEnabled(), timeout=5000)


def _events(terminal) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with terminal.paths.open_store(terminal.clock) as store:
        assert store.audit_verify()
        rows = store.conn.execute("SELECT event, ref FROM audit ORDER BY seq").fetchall()
    return [(e, r) for e, r in rows if e.startswith("staff_") and e != "staff_list_updated"]


def test_nothing_shows_before_sign_in_and_five_wrong_passwords_lock(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, controller = _window(qtbot, tmp_path, demo_catalogue, 10)
    try:
        assert window.locked
        assert not window.shift.work.isVisible()  # no worklist, no card panel behind the sign-in
        assert not window.worklist.table.isVisible()
        window.applicant._on_card(CARD)  # a card placed before anybody signed in opens nothing
        assert window.applicant.last_card is None
        assert controller.step is CounterStep.READ_CARD
        for _ in range(4):
            _type_in(qtbot, window, "A0123", "wrong-pass1")
        assert "再错 1 次将锁定 15 分钟" in window.shift.sign_in_page.message.text()
        _type_in(qtbot, window, "A0123", "wrong-pass1")
        assert "锁定 15 分钟" in window.shift.sign_in_page.message.text()
        _type_in(qtbot, window, "A0123", "Wangfang2026")  # locked: even the right one
        assert "已锁定" in window.shift.sign_in_page.message.text()
        assert window.locked
        assert window.shift.sign_in_page.password.text() == ""  # never kept in the field
        _type_in(qtbot, window, "A0456", "Liqiang2026")  # another account is not affected
        assert not window.locked
        assert window.shift.work.isVisible()
        assert window.clerk_label.text() == "窗口工作人员 李强（工号 A0456）"
    finally:
        controller.stop()
    events = [e for e, _ in _events(terminal)]
    assert events == ["staff_signin_failed"] * 4 + [
        "staff_locked",
        "staff_signin_refused_locked",
        "staff_signin",
    ]


def test_idle_lock_hides_the_work_and_another_member_ends_the_first_session(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_catalogue: Path
) -> None:
    terminal, window, controller = _window(qtbot, tmp_path, demo_catalogue, 2 / 60)  # 2 s
    try:
        _type_in(qtbot, window, "A0123", "Wangfang2026")
        assert not window.locked
        window.applicant._on_card(CARD)
        assert controller.step is CounterStep.PICK_ITEM
        assert window.applicant.last_card is not None
        qtbot.waitUntil(lambda: "秒后锁屏" in window.status.text(), timeout=5000)
        qtbot.waitUntil(lambda: window.locked, timeout=5000)  # no input for 2 s
        assert not window.applicant.card_view.isVisible()  # the applicant's card is behind the lock
        assert window.shift.sign_in_page.number.isReadOnly()
        assert "王芳（工号 A0123）" in window.shift.sign_in_page.who.text()
        _type_in(qtbot, window, "A0123", "wrong-pass1")
        assert window.locked
        _type_in(qtbot, window, "A0123", "Wangfang2026")  # unlocked: the work as it was
        assert not window.locked
        assert controller.step is CounterStep.PICK_ITEM
        assert window.applicant.last_card is not None
        window.shift.lock("button")
        assert window.locked
        qtbot.mouseClick(window.shift.sign_in_page.switch_button, Qt.MouseButton.LeftButton)
        _type_in(qtbot, window, "A0456", "Liqiang2026")  # 换人登录
        assert not window.locked
        assert controller.step is CounterStep.READ_CARD  # the first one's applicant went
        assert window.applicant.last_card is None
        assert controller.clerk is not None
        assert controller.clerk.number == "A0456"
        window.sign_out()
        assert window.locked
        assert window.shift.sign_in_page.message.text() == "已退出登录。"
    finally:
        controller.stop()
    qtbot.waitUntil(lambda: len(_events(terminal)) >= 8, timeout=5000)
    assert _events(terminal) == [
        ("staff_signin", "A0123"),
        ("staff_screen_locked", "A0123"),
        ("staff_signin_failed", "A0123"),
        ("staff_unlocked", "A0123"),
        ("staff_screen_locked", "A0123"),
        ("staff_signout", "A0123"),  # replaced at the locked screen
        ("staff_signin", "A0456"),
        ("staff_signout", "A0456"),
    ]
