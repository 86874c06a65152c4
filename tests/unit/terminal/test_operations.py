"""The terminal's operations against a real store (and a file printer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.application import AgentConsent, Applicant, Channel, ConsentMethod, Status
from core.errors import ValidationError
from core.evaluation import EvaluationChannel, Satisfaction
from core.settings import DeviceSettings
from devices.printer.printer import PrinterConfig, ReceiptPrinter
from sync.outbox import Outbox
from terminal.operations import EvaluationRequest, ScanInput, SubmitRequest
from terminal.terminal import Terminal
from tests.helpers.clock import ManualClock
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import counter_terminal
from tests.helpers.outbox import deliver
from tests.helpers.samples import simple_item

APPLICANT = Applicant("张三丰", "110101199001010031", "resident", "13812345678", "示范路1号")


@pytest.fixture
def terminal(tmp_path: Path, clock: ManualClock) -> Terminal:
    t = counter_terminal(tmp_path / "data" / "store.sqlite")
    return Terminal(t.settings, t.paths, clock)


def test_submit_seals_scans_then_queues_application_and_outbox_at_once(
    terminal: Terminal,
) -> None:
    ops = terminal.open()
    done = ops.submit(
        SubmitRequest(
            simple_item(),
            APPLICANT,
            Channel.COUNTER,
            form={"phone": "13812345678"},
            scans=[ScanInput("id_card", b"\xff\xd8 front", pages=2)],
        )
    )
    ops.close()
    assert done.receipt_number.startswith("C0001")
    with terminal.paths.open_store(terminal.clock) as store:  # durable: another connection
        app = store.load(done.local_id)
        assert app.status is Status.QUEUED
        assert app.form_data == {"phone": "13812345678"}
        [scan] = app.attachments
        assert (scan.material_code, scan.pages) == ("id_card", 2)
        assert store.read_scan(app.local_id, scan.sha256, scan.size) == b"\xff\xd8 front"
        [item] = Outbox(store).items()
        assert (item.kind, item.ref_id, item.state) == (
            "application",
            str(done.local_id),
            "pending",
        )


def test_agent_submission_needs_the_villagers_consent(terminal: Terminal) -> None:
    ops = terminal.open()
    with pytest.raises(ValidationError):
        ops.submit(SubmitRequest(simple_item(), APPLICANT, Channel.AGENT))
    consent = AgentConsent("A0007", "李代办", ConsentMethod.CARD_PRESENT, terminal.clock.now())
    done = ops.submit(SubmitRequest(simple_item(), APPLICANT, Channel.AGENT, consent=consent))
    assert ops.store.load(done.local_id).consent == consent
    ops.close()


def test_evaluation_carries_application_window_and_staff(terminal: Terminal) -> None:
    ops = terminal.open()
    done = ops.submit(SubmitRequest(simple_item(), APPLICANT, Channel.COUNTER))
    e = ops.record_evaluation(
        EvaluationRequest(
            Satisfaction.SATISFIED,
            EvaluationChannel.HALL_TABLET,
            application_id=done.local_id,
            staff_id="A0123",
            window="3号窗口",
        )
    )
    assert (e.application_id, e.staff_id, e.window) == (done.local_id, "A0123", "3号窗口")
    assert e.item_impl_code == simple_item().impl_code
    assert e.region_code == "369901001000"
    kinds = {(i.kind, i.ref_id) for i in Outbox(ops.store).items()}
    assert ("evaluation", str(e.local_id)) in kinds
    # a 差评 from a key pad (it cannot ask why) is kept and queued like any rating
    bad = ops.record_evaluation(
        EvaluationRequest(Satisfaction.DISSATISFIED, EvaluationChannel.HALL_TABLET)
    )
    assert ("evaluation", str(bad.local_id)) in {
        (i.kind, i.ref_id) for i in Outbox(ops.store).items()
    }
    with pytest.raises(ValidationError):  # reasons come from the list: one rule, in core
        ops.record_evaluation(
            EvaluationRequest(
                Satisfaction.DISSATISFIED, EvaluationChannel.HALL_TABLET, reasons=("不喜欢",)
            )
        )
    ops.close()


def test_progress_is_found_by_receipt_or_official_number(terminal: Terminal) -> None:
    ops = terminal.open()
    done = ops.submit(SubmitRequest(simple_item(), APPLICANT, Channel.KIOSK))
    number = "3699010000000101001202611300001"
    deliver(ops.store, terminal.clock, ops.store.load(done.local_id), number)
    typed = done.receipt_number.replace("-", " ").lower()  # spaces, small letters, no hyphens
    for code in (done.receipt_number, f" {number} ", typed, done.receipt_number.replace("-", "")):
        progress = ops.find(code)
        assert progress is not None
        assert progress.status is Status.DELIVERED
        assert [h.status for h in progress.history][-1] is Status.DELIVERED
    assert ops.find("K0001-NOPE") is None
    ops.close()


def test_reprint_rebuilds_the_receipt_from_the_store(terminal: Terminal, tmp_path: Path) -> None:
    ops = terminal.open()
    done = ops.submit(SubmitRequest(simple_item(), APPLICANT, Channel.COUNTER))
    out = tmp_path / "printer.bin"
    printer = ReceiptPrinter(PrinterConfig.from_settings(DeviceSettings("file", str(out), {})))
    printer.print_document(ops.receipt_document(done.local_id))
    text = decode(out.read_bytes()).text
    assert done.receipt_number in text
    assert "示范市青山区光明街道便民服务中心" in text
    assert "110101199001010031" not in text  # the receipt masks the applicant
    ops.close()


def test_a_submit_with_three_scans_enters_the_store_twice(terminal: Terminal) -> None:
    """Once for the scans' data key, once for the application with its outbox row and audit
    (a transaction per scan before: a kiosk submit with 3 scans entered it 4 times), and the
    personal data is sealed once."""
    ops = terminal.open()
    writes: list[str] = []
    ops.store.conn.set_trace_callback(
        lambda sql: writes.append(sql) if sql.startswith("BEGIN IMMEDIATE") else None
    )
    done = ops.submit(
        SubmitRequest(
            simple_item(),
            APPLICANT,
            Channel.KIOSK,
            scans=[ScanInput(code, f"page {code}".encode()) for code in ("a", "b", "c")],
        )
    )
    ops.store.conn.set_trace_callback(None)
    ops.close()
    assert len(writes) == 2
    with terminal.paths.open_store(terminal.clock) as store:
        app = store.load(done.local_id)
        assert [a.material_code for a in app.attachments] == ["a", "b", "c"]
        assert [store.read_scan(app.local_id, a.sha256, a.size) for a in app.attachments] == [
            b"page a",
            b"page b",
            b"page c",
        ]
