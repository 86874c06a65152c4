"""The worklist's work without its table: the filters' rule, the history of one application,
its receipt printed again, and 重新上报 refused for one the platform did not refuse."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from common_qt.printing import PrintDesk
from core.application import Channel, Status
from core.settings import DeviceSettings
from counter.panels.worklist import WorklistController, matching
from devices.factory import make_printer
from terminal.operations import ApplicationSummary, Progress, Worklist
from tests.helpers.escpos_decode import decode
from tests.helpers.inline import InlineWorker
from tests.helpers.keys import accepted_application, counter_terminal

ROW = ApplicationSummary(
    local_id=uuid.UUID(int=1),
    receipt_number="C0001-261204-AAAA01",
    item_name="居民身份证换领",
    channel=Channel.COUNTER,
    status=Status.QUEUED,
    official_number="",
    created_at=datetime(2026, 12, 4, 2, 0, tzinfo=UTC),  # 10:00 in the hall
    applicant_masked="张*",
)


def test_the_worklist_filters() -> None:
    other = replace(
        ROW,
        receipt_number="K0001-261205-BBBB02",
        item_name="社会保障卡申领",
        status=Status.ACCEPTED,
        official_number="3699012026120500001",
        created_at=datetime(2026, 12, 4, 17, 0, tzinfo=UTC),  # 01:00 on the 5th in the hall
    )
    rows = [ROW, other]
    assert matching(rows) == rows
    assert matching(rows, text=" bbbb02 ") == [other]  # any column, any case
    assert matching(rows, text="张*") == rows
    assert matching(rows, state=Status.ACCEPTED.columns()[1]) == [other]  # the platform's
    assert matching(rows, item="居民身份证换领") == [ROW]
    assert matching(rows, on=date(2026, 12, 5)) == [other]  # the hall's date, not UTC's
    assert matching(rows, text="nothing like it") == []


def test_a_receipt_is_printed_again_and_a_retry_of_a_delivered_one_refused(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path
) -> None:
    terminal = counter_terminal(tmp_path / "store.sqlite")
    local_id = accepted_application(terminal)
    printed = tmp_path / "printer.escpos"
    worker = InlineWorker("store", setup=terminal.open)
    desk = PrintDesk(make_printer(DeviceSettings("file", str(printed), {"paper_mm": "80"})))
    c = WorklistController(worker, desk)  # type: ignore[arg-type]
    said: list[str] = []
    c.said.connect(said.append)
    loaded: list[Worklist] = []
    c.loaded.connect(loaded.append)
    details: list[Progress] = []
    c.detail_ready.connect(details.append)
    try:
        c.refresh()
        [row] = loaded[0].rows
        assert row.local_id == local_id
        c.detail(row)
        assert [h.status for h in details[0].history] == [Status.DRAFT, Status.QUEUED]
        c.reprint(row)
        desk.stop(5)  # the print job done on the printer's thread
        assert row.receipt_number in decode(printed.read_bytes()).text
        c.retry(row)  # not held by the platform: nothing to send again
        assert said[-1] == f"该办件当前为“{Status.QUEUED.label}”，无需重新上报。"
    finally:
        worker.stop()
