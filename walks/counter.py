"""The counter's scripted walk (``python -m walks counter DIR``): a clerk's work driven
through the acceptance controller's intents — the calls the panel makes — with a screenshot of
every screen and a picture of every notice printed.

With the acceptance tab (a counter with settings): the applicant's card, the item and its
form, the checklist with a material missing → 补正 and its one-time notice; the applicant back
(the card read again) → 继续补正 → 受理 and its notice; another applicant refused (不予受理) with
the reason and remedies, rated on the pad; what a village station submitted accepted from the
代办件 tab. Then the worklist, a receipt reprinted, and an evaluation on the pad.

At a village station (an agent's settings): a villager's card, the item, the villager's consent
signed on the screen, the form, the checklist (the signed consent standing for the 授权委托书)
and 提交大厅受理 with its 代办回执 — ``station-*.png``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from common_qt.app import save_screenshot, wait_until
from core.application import Channel, CheckState, DecisionKind
from core.flows.counter import CounterStep
from counter.window import CounterWindow
from walks.fingers import sign

ITEM = "居民身份证换领"


class WalkFailed(Exception):
    pass


def walk(window: CounterWindow, out: Path, credentials: str = "") -> int:
    """``credentials``: 工号:密码 of the staff member the walk signs in as (when the window
    asks for a sign-in)."""
    shots: list[Path] = []
    c = window.acceptance
    agent = c is not None and c.services.channel is Channel.AGENT
    prefix = "station" if agent else "counter"

    def shot(name: str) -> None:
        shots.append(save_screenshot(window, out / f"{prefix}-{name}.png"))

    def wait(what: str, predicate: Any, timeout: float = 20.0) -> None:
        if not wait_until(predicate, timeout):
            panel = window.acceptance_panel
            said = panel.message.text() if panel is not None else window.status.text()
            raise WalkFailed(f"timed out waiting for {what} ({said})")

    try:
        if window.shift.required:
            _sign_in(window, shot, wait, credentials)
        wait("the worklist", lambda: window.worklist.loaded)
        if agent and window.applicant.watcher is not None:
            _submit_for_villager(window, shot, wait, out)
        elif window.acceptance is not None and window.applicant.watcher is not None:
            _accept(window, shot, wait, out)
        if window.submissions is not None:
            _hall_desk(window, shot, wait)
        window.tabs.setCurrentWidget(window.worklist)
        window.refresh()
        wait("the worklist", lambda: window.worklist.loaded)
        shot("worklist")
        if window.worklist.model.rowCount():  # 办件详情 of the first application
            window.worklist.table.selectRow(0)
            window.worklist.show_detail()
            wait("the detail", window.worklist.detail.isVisible)
            shots.append(
                save_screenshot(window.worklist.detail, out / f"{prefix}-worklist-detail.png")
            )
            window.worklist.detail.hide()
        if window.shift.required:  # 锁屏: the work hidden behind the clerk's password
            window.shift.lock("button")
            shot("locked")
            sign_in = window.shift.sign_in_page
            sign_in.password.setText(credentials.partition(":")[2])
            sign_in.submit_button.click()
            wait("the unlock", lambda: not window.locked)
        if window.applicant.watcher is not None:
            wait("a card", lambda: window.applicant.last_card is not None, 15)
            assert window.applicant.last_card is not None
            print(f"  card read: {window.applicant.last_card.identity!r}")
            shot("card")
        if window.printer is not None and window.worklist.model.rowCount():
            window.worklist.table.selectRow(0)
            window.worklist.reprint_selected()
            wait("the reprint", lambda: window.worklist.controller.last_reprint is not None, 15)
            code = window.worklist.model.row(0).receipt_number
            print(f"  receipt of {code} reprinted from the worklist")
        if window.pad.controller.pad is not None:
            pad = window.pad.controller.pad
            wait("the pad", lambda: not pad.active, 30)  # the decided applicant's rating
            window.pad.controller.last_evaluation = None
            # the pad again, as after the next decision: a rating names its application
            applications = [
                window.worklist.model.row(i) for i in range(window.worklist.model.rowCount())
            ]
            window.pad.controller.invite(
                "居民身份证申领",
                applications[-1].local_id if applications else None,
            )
            wait("the evaluation", lambda: window.pad.controller.last_evaluation is not None, 30)
            print(f"  {window.pad.pad_message.text()}")
            rated = window.pad.controller.last_evaluation
            assert rated is not None
            print(f"  evaluation stored: {rated.satisfaction.label}, window {rated.window}")
            shot("evaluation")
    except WalkFailed as e:
        print(f"counter walk failed: {e}", file=sys.stderr)
        shot("failed")
        return 1
    finally:
        window.close()
    for s in shots:
        print(f"  wrote {s}")
    return 0


def _call(window: CounterWindow, shot: Any, wait: Any) -> str:
    """叫号 (F9) before the first applicant: the next ticket of this window's categories is
    called (the kiosk's tickets: the appointment first) and served; returns its number ("":
    nobody waits, or the hall keeps no queue)."""
    queue = window.queue
    if queue is None:
        return ""
    calls = queue.controller
    queue.message.clear()
    calls.call()
    wait("the call", lambda: bool(queue.message.text()), 15)
    if calls.ticket is None:
        print(f"  叫号: {queue.message.text()}")
        return ""
    number = str(calls.ticket["number"])
    calls.act("serve")
    wait("the service started", lambda: (calls.ticket or {}).get("state") == "serving", 15)
    wait("who waits", lambda: bool(queue.waiting.text()), 15)
    shot("00-call")
    print(f"  叫号 {number} to {calls.window_name}: {queue.waiting.text()}")
    return number


def _accept(window: CounterWindow, shot: Any, wait: Any, out: Path) -> None:
    c, panel = window.acceptance, window.acceptance_panel
    assert c is not None
    assert panel is not None
    called = _call(window, shot, wait)
    wait("the applicant's card", lambda: c.step is CounterStep.PICK_ITEM, 20)
    impl = _find_item(panel, wait)
    shot("01-applicant")
    c.choose_item(impl)
    wait("the form", lambda: c.step is CounterStep.FORM)
    panel.form_page.form.fields["phone"].set_value("13812345678")  # what the clerk types
    shot("02-form")  # the guide above, the form pre-filled from the card
    c.submit_form(panel.form_page.form.values())
    wait("the checklist", lambda: c.step is CounterStep.MATERIALS)
    panel.back_button.click()  # 上一步: the form again, as the clerk left it
    wait("the form again", lambda: c.step is CounterStep.FORM)
    shot("02b-back-to-form")
    c.submit_form(panel.form_page.form.values())
    wait("the checklist", lambda: c.step is CounterStep.MATERIALS)
    if c.services.camera is not None:  # the ID card's copy on the document camera
        c.scan("id_card")
        wait("a page on the camera", lambda: len(c.pages.of("id_card")) >= 1, 30)
        shot("03a-scan")
        c.scan("")
        print(f"  scanned: {c.pages.counts()}")
    states = {
        "id_card": (CheckState.ORIGINAL_SEEN, ""),
        "photo_receipt": (CheckState.UNUSABLE, "照片回执已超过六个月"),
    }
    for row in panel.materials_page.rows:
        if row.code in states:
            row.state.setCurrentText(states[row.code][0].value)
            row.reason.setText(states[row.code][1])
    shot("03-checklist")
    panel.materials_page.check_next.click()
    wait("the decision", lambda: c.step is CounterStep.DECIDE)
    c.decide(DecisionKind.CORRECTION)
    wait("the one-time notice printed", lambda: c.last_print is not None)
    shot("04-correction")
    _keep(window, out, "counter-one-time-notice")
    print(f"  补正: {c.last_print.message if c.last_print else ''}")
    waiting = c.last_decided
    assert waiting is not None
    if called:  # the ticket's number went with the decision, which ended its service
        carried = waiting.application.decisions[-1].ticket
        assert window.queue is not None
        wait("the service ended", lambda: window.queue.controller.ticket is None, 15)
        print(f"  {called} travelled with the 补正 ({carried}); {window.queue.message.text()}")
    window._next_applicant()
    # the applicant comes back with what was missing: the card is read again
    waiting_rows = panel.item_page.waiting  # (a walk that failed before may have left more)
    wait(
        "the waiting correction",
        lambda: any(p.local_id == waiting.local_id for p in waiting_rows.rows),
        20,
    )
    shot("05-returns")
    c.resume(waiting.local_id)
    wait("the checklist again", lambda: c.step is CounterStep.MATERIALS)
    for row in panel.materials_page.rows:
        if row.code in ("photo_receipt", "old_id"):
            row.state.setCurrentText(CheckState.ORIGINAL_KEPT.value)  # the hall keeps them
            row.reason.setText("")
    panel.materials_page.check_next.click()
    wait("the decision", lambda: c.step is CounterStep.DECIDE)
    c.last_print = None
    c.decide(DecisionKind.ACCEPT)
    wait("the acceptance notice printed", lambda: c.last_print is not None)
    shot("06-accepted")
    _keep(window, out, "counter-acceptance-notice")
    if window.printer is not None:  # 物料转移单: the paper for the back office
        c.print_transfer()
        wait("the transfer list", lambda: c.last_transfer is not None)
        window.printer.preview(c.last_transfer or []).save(out / "counter-transfer-list.png")  # type: ignore[attr-defined]
    print(f"  受理 {waiting.receipt_number}: {c.last_print.message if c.last_print else ''}")
    # the same applicant asks for something this hall cannot grant: 不予受理
    c.next_applicant()
    assert window.applicant.last_card is not None
    window.applicant._on_card(
        window.applicant.last_card
    )  # what the card bridge delivers when it is read
    wait("the applicant", lambda: c.step is CounterStep.PICK_ITEM)
    c.choose_item(_find_item(panel, wait))
    wait("the form", lambda: c.step is CounterStep.FORM)
    c.submit_form({**panel.form_page.form.values(), "phone": "13812345678"})
    wait("the checklist", lambda: c.step is CounterStep.MATERIALS)
    panel.materials_page.check_next.click()
    wait("the decision", lambda: c.step is CounterStep.DECIDE)
    panel.decide_page.reason.setText("申请人所持居民身份证在有效期内且无换领情形，不符合换领条件")
    panel.decide_page.basis.setText("《中华人民共和国居民身份证法》第十一条")
    c.last_print = None
    c.decide(DecisionKind.REJECT, panel.decide_page.reason.text(), panel.decide_page.basis.text())
    wait("the rejection notice printed", lambda: c.last_print is not None)
    shot("07-rejected")
    _keep(window, out, "counter-rejection-notice")
    rejected = c.last_decided
    assert rejected is not None
    print(f"  不予受理 {rejected.receipt_number}: kept, on its way to the platform")
    pads = window.pad.controller
    if pads.pad is not None:  # 下一位: the refused applicant rates on the pad, bound to it
        pad = pads.pad
        # the earlier visit's rating recorded too (the pad is free before its rating is
        # saved on the store's thread: saved after the reset below, it was taken for this one)
        wait("the pad free", lambda: not pad.active and not window.worker.busy, 30)
        pads.last_evaluation = None
        window._next_applicant()
        wait("the refused applicant's rating", lambda: pads.last_evaluation is not None, 30)
        rated = pads.last_evaluation
        assert rated is not None
        if rated.application_id != rejected.local_id:
            raise WalkFailed(f"the rating is bound to {rated.application_id}, not the refusal")
        print(
            f"  评价器: {rated.satisfaction.label}, bound to 不予受理 {rejected.receipt_number}"
            f" ({rated.local_id})"
        )
    else:
        c.next_applicant()
    # the rejection is in the worklist, its notice reprinted from there
    window.refresh()
    wait("the worklist", lambda: window.worklist.loaded)
    rows = window.worklist.model.rows
    index = next(i for i, r in enumerate(rows) if r.local_id == rejected.local_id)
    window.worklist.table.selectRow(index)
    window.worklist.controller.last_reprint = None
    window.worklist.reprint_selected(document="notice")
    wait("the rejection reprinted", lambda: window.worklist.controller.last_reprint is not None)
    print(f"  不予受理通知书 of {rejected.receipt_number} reprinted from the worklist")


def _find_item(panel: Any, wait: Any) -> str:
    """居民身份证换领 searched as the clerk types it: its implementation code."""
    panel.item_page.query.setText("身份证换领")
    wait("the search", lambda: panel.item_page.hits.rowCount() > 0)
    return str(next(h for h in panel.item_page.hits.rows if h.name == ITEM).impl_code)


def _submit_for_villager(window: CounterWindow, shot: Any, wait: Any, out: Path) -> None:
    """代办: the villager's card on the station's reader, the item, the consent signed on the
    screen, the form, the checklist (the consent stands for the 授权委托书) and 提交大厅受理."""
    c, panel = window.acceptance, window.acceptance_panel
    assert c is not None
    assert panel is not None
    wait("the villager's card", lambda: c.step is CounterStep.PICK_ITEM, 20)
    c.choose_item(_find_item(panel, wait))
    wait("the consent", lambda: c.step is CounterStep.CONSENT)
    sign(panel.consent_page.signature)
    shot("01-consent")
    panel.consent_page.consent_button.click()
    wait("the form", lambda: c.step is CounterStep.FORM)
    panel.form_page.form.fields["phone"].set_value("13812345678")
    c.submit_form(panel.form_page.form.values())
    wait("the checklist", lambda: c.step is CounterStep.MATERIALS)
    item = c.state.item
    assert item is not None
    on_the_table = {m.code for m in item.required_materials} | {"agent_id"}
    for row in panel.materials_page.rows:
        if row.code in on_the_table:
            row.state.setCurrentText(CheckState.ORIGINAL_SEEN.value)
    shot("02-checklist")  # 授权委托书: 电子委托已签署, by itself
    panel.materials_page.check_next.click()
    wait("the decision", lambda: c.step is CounterStep.DECIDE)
    c.decide(DecisionKind.SUBMIT)
    wait("the agent's receipt printed", lambda: c.last_print is not None)
    shot("03-submitted")
    _keep(window, out, "station-agent-receipt")
    decided = c.last_decided
    assert decided is not None
    print(f"  代办提交 {decided.receipt_number}: for the hall to decide")
    c.next_applicant()


def _hall_desk(window: CounterWindow, shot: Any, wait: Any) -> None:
    """代办件: what a village station submitted, accepted by the clerk (the station learns it
    at its next sync)."""
    panel = window.submissions
    assert panel is not None
    window.tabs.setCurrentWidget(panel)  # shown: what came in is asked for
    if not wait_until(lambda: panel.model.rowCount() > 0, 10):
        print("  代办件: none waiting")
        return
    panel.table.selectRow(0)
    submitted = panel.model.row(0)
    shot("08-station-submission")
    panel.buttons[DecisionKind.ACCEPT].click()
    wait("the hall's decision", lambda: panel.controller.last_decided == submitted.official_number)
    print(f"  代办件 {submitted.receipt_number} from {submitted.station}: 受理 at the hall")


def _sign_in(window: CounterWindow, shot: Any, wait: Any, credentials: str) -> None:
    """工作人员登录: typed as a clerk would; while the staff list has not come from the
    platform yet (the first sync), the terminal says so and the walk tries again."""
    number, _, password = credentials.partition(":")
    if not number:
        raise WalkFailed("the counter asks for a sign-in: set HALL_DEMO_SIGN_IN=工号:密码")
    page = window.shift.sign_in_page
    page.number.setText(number)
    shot("00-sign-in")
    deadline = time.monotonic() + 60
    while window.locked:
        page.password.setText(password)
        page.submit_button.click()
        wait("the sign-in", lambda: page.submit_button.isEnabled() or not window.locked)
        if window.locked and ("尚未" not in page.message.text() or time.monotonic() > deadline):
            raise WalkFailed(f"sign-in refused: {page.message.text()}")
        if window.locked:
            wait_until(lambda: False, 1.0)  # the first sync brings the staff list
    print(f"  signed in: {window.clerk_label.text()}")


def _keep(window: CounterWindow, out: Path, name: str) -> None:
    """A picture of the notice just printed (the printer's own preview of the same lines)."""
    c = window.acceptance
    printer = window.printer
    if c is None or c.last_decided is None or printer is None:
        return
    printer.preview(c.last_decided.notice).save(out / f"{name}.png")  # type: ignore[attr-defined]
