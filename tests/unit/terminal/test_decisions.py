"""The counter's decisions as operations: 受理, 补正 (waiting, then resumed) and 不予受理, each
with its printed notice, against a real store."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from core.application import (
    Applicant,
    Channel,
    Decision,
    DecisionKind,
    Defect,
    Status,
    Submission,
)
from core.clock import CST
from core.errors import ValidationError
from core.settings import DeviceSettings
from core.staff import StaffMember, StaffRole
from core.supervision.calendar import calendar_to_dict, load_calendar
from devices.printer.printer import PrinterConfig, ReceiptPrinter
from sync.catalogue import CatalogueStore
from sync.documents import application_document
from sync.outbox import Outbox
from terminal.operations import DecideRequest, ScanInput, SubmitRequest
from terminal.terminal import Terminal
from tests.helpers.clock import ManualClock
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import counter_terminal
from tests.helpers.samples import simple_item

APPLICANT = Applicant("张三丰", "110101199001010031", "resident", "13812345678", "示范路1号")
ITEM = simple_item()


@pytest.fixture
def terminal(tmp_path: Path, clock: ManualClock) -> Terminal:
    t = counter_terminal(tmp_path / "data" / "store.sqlite")
    return Terminal(t.settings, t.paths, clock)


def _printed(blocks: list, tmp_path: Path) -> str:  # type: ignore[type-arg]
    out = tmp_path / "notice.escpos"
    printer = ReceiptPrinter(PrinterConfig.from_settings(DeviceSettings("file", str(out), {})))
    printer.print_document(blocks)
    lines = decode(out.read_bytes()).text_lines
    assert not any(line[:1] in "，。、；：）" for line in lines)  # 避头点
    return "".join(line.strip() for line in lines)  # phrases are found across breaks


def _request(checklist: dict[str, Submission], decision: Decision, **kw: object) -> DecideRequest:
    scans = [
        ScanInput(code, b"\xff\xd8 " + code.encode()) for code, s in checklist.items() if s.pages
    ]
    return DecideRequest(
        SubmitRequest(ITEM, APPLICANT, Channel.COUNTER, form={"phone": "13812345678"}, scans=scans),
        checklist,
        decision,
        **kw,  # type: ignore[arg-type]
    )


def test_accept_with_everything_queues_it_and_prints_the_acceptance_notice(
    terminal: Terminal, tmp_path: Path
) -> None:
    checklist = {
        "id_card": Submission(pages=1, original_seen=True),
        "hukou": Submission(pages=2, original_seen=True),
    }
    with terminal.open() as ops:
        # the queue ticket called to the window travels with the decision (issue 23)
        done = ops.decide(
            _request(checklist, Decision(DecisionKind.ACCEPT), ticket="Q20261205A012")
        )
        app = ops.store.load(done.local_id)
        assert app.status is Status.QUEUED
        assert app.decisions[-1].ticket == "Q20261205A012"
        sent = json.loads(application_document(app))
        assert sent["decisions"][-1]["ticket"] == "Q20261205A012"
        assert app.checklist == checklist
        assert len(app.attachments) == 2
        assert Outbox(ops.store).status().waiting == 1
    text = _printed(done.notice, tmp_path)
    assert "受理通知书" in text
    assert "张三丰：" in text  # the notice's addressee in full (it said 张*丰)
    assert "20个工作日" in text  # the promised limit
    assert done.receipt_number in text
    assert "示范市青山区公安局" in text
    assert "（盖章）" in text


def test_the_acceptance_notice_tells_the_due_date_by_the_platforms_calendar(
    terminal: Terminal, tmp_path: Path
) -> None:
    """The calendar the platform sent (sync: GET /v1/calendar) dates the promise on the
    notice — 20 working days from Tuesday 24 November 2026, the day itself not counted; none
    is printed without a calendar (never guessed)."""
    checklist = {
        "id_card": Submission(pages=1, original_seen=True),
        "hukou": Submission(pages=2, original_seen=True),
    }
    with terminal.open() as ops:
        before = ops.decide(_request(checklist, Decision(DecisionKind.ACCEPT)))
        calendar = load_calendar(Path(__file__).parents[3] / "assets/calendar/cn-workdays.toml")
        Outbox(ops.store).set_state(work_calendar=json.dumps(calendar_to_dict(calendar)))
        after = ops.decide(_request(checklist, Decision(DecisionKind.ACCEPT)))
        with CatalogueStore(ops.catalogue_path) as catalogue:  # the reprint reads the item
            catalogue.replace_all([ITEM], version="v1")
        again = ops.notice_again(after.local_id)
    assert "承诺办结日期" not in _printed(before.notice, tmp_path)
    promised = re.compile(r"承诺办结日期\s*2026年12月22日")
    assert promised.search(_printed(after.notice, tmp_path))
    assert promised.search(_printed(again, tmp_path))  # reprinted the same


def test_correction_waits_lists_everything_at_once_and_resumes_without_rescanning(
    terminal: Terminal, tmp_path: Path, clock: ManualClock
) -> None:
    first = {
        "id_card": Submission(pages=1, original_seen=True),
        "hukou": Submission(pages=1, defect=Defect.INCOMPLETE, remark="缺少本人页"),
    }
    with terminal.open() as ops:
        with pytest.raises(ValidationError) as refused:
            ops.decide(_request(first, Decision(DecisionKind.ACCEPT)))
        assert "不能受理" in refused.value.user_message
        waiting = ops.decide(_request(first, Decision(DecisionKind.CORRECTION)))
        app = ops.store.load(waiting.local_id)
        assert app.status is Status.AWAITING_CORRECTION
        assert Outbox(ops.store).status().waiting == 0  # nothing goes to the platform yet
    text = _printed(waiting.notice, tmp_path)
    assert "一次性告知书" in text
    assert "张三丰：" in text
    assert "居民户口簿（原件及复印件1份） — 页数不全：缺少本人页" in text
    flat = text.replace("\n", "")
    # what the guide asks of it, the period to correct in and what follows it (issue 29.13)
    assert "要求：原件及复印件1份" not in flat  # nothing beyond the line above
    deadline = (clock.now().astimezone(CST) + timedelta(days=30)).date()
    assert f"请于{deadline.year}年{deadline.month}月{deadline.day}日前补正" in flat
    assert "逾期未补正的，视为撤回本次申请" in flat
    assert "依据：" not in flat  # a 行政确认: the licensing law's article is not cited
    assert "申请人居民身份证" not in text  # what was accepted is not asked for again
    assert "申请人（代理人）签字" in text
    assert "经办人签字" in text
    assert "（盖章）" in text
    assert waiting.receipt_number in text

    clock.advance(3 * 86400)  # the applicant comes back with the right 户口簿
    with terminal.open() as ops:
        found = ops.awaiting_correction(id_number=APPLICANT.id_number)
        assert [p.local_id for p in found] == [waiting.local_id]
        assert (
            ops.awaiting_correction(code=waiting.receipt_number.lower())[0].item_name == ITEM.name
        )
        later = {"hukou": Submission(pages=2, original_seen=True)}  # only what was missing
        done = ops.decide(_request(later, Decision(DecisionKind.ACCEPT), resume=waiting.local_id))
        assert done.local_id == waiting.local_id
        app = ops.store.load(done.local_id)
        assert app.status is Status.QUEUED
        assert app.checklist["id_card"].original_seen  # kept from the first visit
        assert [a.material_code for a in app.attachments] == ["id_card", "hukou", "hukou"]
        assert [h.status for h in app.history] == [
            Status.DRAFT,
            Status.AWAITING_CORRECTION,
            Status.QUEUED,
        ]
        with pytest.raises(ValidationError):  # not waiting any more
            ops.decide(_request(later, Decision(DecisionKind.ACCEPT), resume=waiting.local_id))


def test_rejection_gives_the_reason_and_the_remedies_and_is_kept_for_the_platform(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Issue 29 item 3: a 不予受理 is an administrative act — kept (in the worklist, its notice
    reprintable) and queued for the platform with the decision, the clerk and the window."""
    checklist = {"id_card": Submission(pages=1, original_seen=True)}
    reason = "申请事项不属于本机关职权范围"
    basis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
    clerk = StaffMember("A0123", "王芳", StaffRole.CLERK)
    with terminal.open() as ops:
        with CatalogueStore(ops.catalogue_path) as catalogue:  # the reprint reads the item
            catalogue.replace_all([ITEM], version="v1")
        with pytest.raises(ValidationError) as no_reason:
            ops.decide(_request(checklist, Decision(DecisionKind.REJECT)))
        assert "理由" in no_reason.value.user_message
        with pytest.raises(ValidationError) as no_basis:  # an act states the law it rests on
            ops.decide(_request(checklist, Decision(DecisionKind.REJECT, reason)))
        assert "法律依据" in no_basis.value.user_message
        request = _request(checklist, Decision(DecisionKind.REJECT, reason, basis))
        done = ops.decide(replace(request, clerk=clerk, window="3号窗口"))
        assert ops.store.counts() == {Status.QUEUED: 1}  # on its way to the platform
        app = ops.store.load(done.local_id)
        [decision] = app.decisions
        assert (decision.kind, decision.reason, decision.basis) == (
            DecisionKind.REJECT,
            reason,
            basis,
        )
        assert (decision.clerk_id, decision.clerk_name, decision.window) == (
            "A0123",
            "王芳",
            "3号窗口",
        )
        sent = json.loads(application_document(app))
        assert sent["decisions"][0]["kind"] == "reject"
        assert sent["decisions"][0]["reason"] == reason
        assert sent["decisions"][0]["basis"] == basis
        again = _printed(ops.notice_again(done.local_id), tmp_path)  # reprint from the worklist
        assert "不予受理通知书" in again
        assert "不属于本机关职权范围" in again
        assert basis in again.replace("\n", "")
        assert ops.store.audit_verify()
        events = ops.store.conn.execute("SELECT event, detail FROM audit").fetchall()
        assert ("counter_rejected", f"{ITEM.impl_code} {reason} by A0123") in events
        assert not any(APPLICANT.id_number in d or APPLICANT.name in d for _, d in events)
    text = _printed(done.notice, tmp_path)
    assert "不予受理通知书" in text
    assert "不属于本机关职权范围" in text
    flat = text.replace("\n", "")
    # its document number, its legal basis, the review organ and the court named
    assert f"不予受理〔2026〕第{app.receipt_number}号" in flat
    assert f"依据：{basis}" in flat
    assert f"六十日内向{ITEM.region_name}人民政府申请行政复议" in flat
    assert f"六个月内依法向{ITEM.region_name}人民法院提起行政诉讼" in flat
    # an official notice names its addressee in full (it said 张*丰); the receipt masks
    assert "张三丰：" in text


def test_a_correction_never_completed_is_purged_after_the_retention_period(
    terminal: Terminal, clock: ManualClock
) -> None:
    checklist = {"id_card": Submission(pages=1, original_seen=True)}
    with terminal.open() as ops:
        waiting = ops.decide(_request(checklist, Decision(DecisionKind.CORRECTION)))
        assert ops.store.purge_due(30) == []
        clock.advance(31 * 86400)
        assert ops.store.purge_due(30) == [waiting.local_id]
        assert ops.awaiting_correction(id_number=APPLICANT.id_number) == []


def test_an_agents_correction_asks_for_the_power_of_attorney_as_the_journey_did(
    terminal: Terminal, tmp_path: Path
) -> None:
    """One rule (core.application.counter_check) for the journey, the decision and the
    reprint: at an agent station the 授权委托书 is required, so a 补正 for it alone is taken
    (it was refused with 材料已齐全，无需补正) and the notice lists it beside anything else
    missing — the decision's notice and its reprint alike."""
    from core.application import AgentConsent, ConsentMethod

    consent = AgentConsent("A0007", "李代办", ConsentMethod.CARD_PRESENT, terminal.clock.now())
    everything_but_the_mandate = {
        "id_card": Submission(pages=1, original_seen=True),
        "hukou": Submission(pages=2, original_seen=True),
    }
    hukou_missing_too = {"id_card": Submission(pages=1, original_seen=True)}

    def agent(checklist: dict[str, Submission], decision: Decision) -> DecideRequest:
        r = _request(checklist, decision)
        submit = SubmitRequest(
            ITEM, APPLICANT, Channel.AGENT, form=dict(r.submit.form), consent=consent
        )
        return DecideRequest(submit, checklist, decision)

    with terminal.open() as ops:
        with CatalogueStore(ops.catalogue_path) as catalogue:  # the reprint reads the item
            catalogue.replace_all([ITEM], version="v1")
        with pytest.raises(ValidationError) as refused:  # 提交 without the mandate is refused
            ops.decide(agent(everything_but_the_mandate, Decision(DecisionKind.SUBMIT)))
        assert "材料不齐全" in refused.value.user_message
        only_mandate = ops.decide(
            agent(everything_but_the_mandate, Decision(DecisionKind.CORRECTION))
        )
        both = ops.decide(agent(hukou_missing_too, Decision(DecisionKind.CORRECTION)))
        reprinted = ops.notice_again(both.local_id)
    assert "授权委托书" in _printed(only_mandate.notice, tmp_path)
    for notice in (both.notice, reprinted):  # decided, and reprinted from the worklist
        text = _printed(notice, tmp_path)
        assert "授权委托书" in text
        assert "居民户口簿" in text
    # a counter's own applicant, present in person, needs no mandate
    with terminal.open() as ops:
        done = ops.decide(_request(everything_but_the_mandate, Decision(DecisionKind.ACCEPT)))
        assert ops.store.load(done.local_id).status is Status.QUEUED
