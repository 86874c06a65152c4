"""Fees on the platform (issue 25): a payment code issued where a fee falls due — at the window's
受理, or as a fee-bearing 即办件 arrives — of the item's province; the status told only by the
platform (the progress look-up), paid by the payment platform's notice with its e-receipt; a
即办件's result withheld until its fee is paid, then given."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from central.base import PlatformError
from central.platform import Platform
from core.application import Applicant, Channel, Decision, DecisionKind, Status, Submission
from core.catalogue.models import Fee, Handling, Material, MaterialForm
from core.errors import ValidationError
from core.fees import PaymentStatus
from core.settings import DeviceSettings, parse_settings
from devices.printer.printer import PrinterConfig, ReceiptPrinter
from sync.catalogue import CatalogueStore
from terminal.operations import DecideRequest, ScanInput, SubmitRequest
from terminal.terminal import Terminal
from tests.helpers.central import running_central
from tests.helpers.escpos_decode import decode
from tests.helpers.keys import data_paths
from tests.helpers.samples import simple_item

PASSPORT = simple_item(
    impl_code="3699010000000301001",
    name="普通护照签发",
    department="示范市公安局出入境管理支队",
    fees=(Fee("护照证件费", "120", "发改价格〔2019〕914号"),),
)
FREE = simple_item(impl_code="3699010000000101001")
CERTIFICATE = simple_item(
    impl_code="3699010000000101017",
    name="户籍证明开具",
    handling=Handling.IMMEDIATE,
    promised_limit_days=0,
    materials=(Material("id_card", "申请人居民身份证", MaterialForm.ORIGINAL, 1, True),),
    fees=(Fee("证明工本费", "5.50"),),
)
ITEMS = {i.impl_code: i for i in (PASSPORT, FREE, CERTIFICATE)}
ID = "110101199001010031"
APPLICANT = Applicant("张三丰", ID, "resident", "13812345678", "示范路1号")
FORM = {"phone": "13812345678", "destination": "香港", "reason": "旅游"}


def _platform(data: Path) -> Platform:
    platform = Platform(data)
    platform.catalogue_item = ITEMS.get
    platform.add_terminal("C1", "3号窗口", hall="H1", role="counter")
    platform.add_terminal("K1", "自助终端", hall="H1", role="kiosk")
    return platform


def _deliver(platform: Platform, terminal: str, key: str, impl: str, accept: bool) -> str:
    doc = {
        "local_id": key,
        "receipt_number": f"R-{key}",
        "item_impl_code": impl,
        "item_name": ITEMS[impl].name,
        "applicant": {"name": "张三丰", "id_number": ID},
        "attachments": [],
        "decisions": [{"kind": "accept", "at": "2026-12-05T10:00:00+08:00"}] if accept else [],
    }
    return str(
        platform.receive_application(terminal, key, json.dumps(doc).encode()).doc["official_number"]
    )


def _looked_up(platform: Platform, official: str) -> dict[str, object]:
    [found] = platform.lookup(code=official).doc["applications"]
    return dict(found)


def test_a_fee_falls_due_at_acceptance_and_is_paid_only_by_the_payment_platform(
    tmp_path: Path,
) -> None:
    platform = _platform(tmp_path)
    free = _deliver(platform, "C1", "a-free", FREE.impl_code, accept=True)
    assert "payment" not in _looked_up(platform, free)  # 不收费: no code
    official = _deliver(platform, "C1", "a-passport", PASSPORT.impl_code, accept=True)
    payment = _looked_up(platform, official)["payment"]
    assert isinstance(payment, dict)
    assert (payment["status"], payment["total_fen"], payment["e_receipt"]) == ("due", 12000, "")
    assert payment["collector"] == "示范市公安局出入境管理支队"
    code = str(payment["code"])
    assert len(code) == 20
    assert code.startswith("36")  # the item's province
    paid = platform.mark_paid(code).doc
    assert paid["status"] == "paid"
    assert paid["e_receipt"]
    assert platform.mark_paid(code).doc == paid  # the notice twice: nothing changes
    told = _looked_up(platform, official)["payment"]
    assert isinstance(told, dict)
    assert (told["status"], told["e_receipt"]) == ("paid", paid["e_receipt"])
    with pytest.raises(PlatformError) as unknown:
        platform.mark_paid("36" + "0" * 18)
    assert unknown.value.status == 404
    # accepted later by the platform (a kiosk's application): the fee falls due then
    later = _deliver(platform, "K1", "k-passport", PASSPORT.impl_code, accept=False)
    assert "payment" not in _looked_up(platform, later)
    platform.set_status(later, "accepted", "受理")
    due = _looked_up(platform, later)["payment"]
    assert isinstance(due, dict)
    assert due["status"] == "due"


def test_a_fee_bearing_instant_item_waits_for_its_payment_before_its_result(
    tmp_path: Path,
) -> None:
    platform = _platform(tmp_path)
    platform.add_licence(
        ID, "居民户口簿", "11100000000013127D002", "369901", "示范市公安局青山分局光明派出所",
        "0000000002", "369901001000031", holder_name="张三丰",
    )  # fmt: skip
    official = _deliver(platform, "K1", "k-cert", CERTIFICATE.impl_code, accept=False)
    looked = _looked_up(platform, official)
    assert looked["status"] == "accepted"
    payment = looked["payment"]
    assert isinstance(payment, dict)
    assert (payment["status"], payment["total_fen"]) == ("due", 550)
    with pytest.raises(PlatformError) as waiting:
        platform.instant_result_of("K1", official)
    assert waiting.value.status == 409
    assert waiting.value.extra["payment"]["code"] == payment["code"]
    platform.mark_paid(str(payment["code"]))
    assert _looked_up(platform, official)["status"] == "completed"
    result = platform.instant_result_of("K1", official).doc
    assert result["title"] == "户籍证明"
    assert "awaiting_payment" not in result
    notes = [n for (n,) in platform.db.conn.execute("SELECT note FROM progress")]
    assert "即办件：已缴费，系统自动核验办结" in notes


def _counter(tmp: Path, url: str, secret: str, catalogue: Path) -> Terminal:
    """A hall counter of ``url`` holding the platform's catalogue (synced already)."""
    secret_file = tmp / "keys" / "C0001.secret"
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(secret, encoding="utf-8")
    paths = data_paths(tmp / "var" / "store.sqlite")
    paths.catalogue.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(catalogue, paths.catalogue)
    settings = parse_settings(
        {
            "terminal": {"id": "C0001", "role": "counter", "region_code": "369901001000"},
            "storage": {"data_dir": str(tmp / "var"), "key_file": str(paths.key_file)},
            "platform": {"url": url, "secret_file": str(secret_file)},
        }
    )
    return Terminal.from_settings(settings)


def drain_until(terminal: Terminal, done: Any, seconds: float = 90.0) -> None:
    """Runs the terminal's delivery until ``done()`` — a drain may stop short on a loaded
    machine, and an item that failed once waits out its back-off before it is tried again."""
    import time

    job = terminal.sync_job()
    assert job is not None
    deadline = time.monotonic() + seconds
    while True:
        job(lambda *_: None)
        if done():
            return
        assert time.monotonic() < deadline, "not delivered in time"
        time.sleep(0.5)


def accept_at_counter(terminal: Terminal, item: Any, form: dict[str, str]) -> Any:
    """受理 of ``item`` at ``terminal``'s counter, every required material seen (the decision's
    result: its local id and receipt number)."""
    checklist = {m.code: Submission(pages=1, original_seen=True) for m in item.required_materials}
    scans = [ScanInput(code, b"\xff\xd8 " + code.encode()) for code in checklist]
    request = DecideRequest(
        SubmitRequest(item, APPLICANT, Channel.COUNTER, form=form, scans=scans),
        checklist,
        Decision(DecisionKind.ACCEPT),
    )
    with terminal.open() as ops:
        return ops.decide(request)


def test_the_counter_prints_the_payment_notice_and_the_query_tells_only_what_the_platform_says(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    with CatalogueStore(demo_catalogue) as catalogue:
        [hit] = catalogue.search("普通护照签发", region_code="369901001000", limit=1)
        passport = catalogue.get(hit.impl_code)
    assert [(f.name, f.amount_yuan) for f in passport.fees] == [("护照证件费", "120")]
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret = central.platform.add_terminal("C0001", "3号窗口", role="counter")
        terminal = _counter(tmp_path, central.url, secret, demo_catalogue)
        terminal.paths.initialise()
        done = accept_at_counter(terminal, passport, FORM)
        with terminal.open() as ops:
            with pytest.raises(ValidationError) as early:  # not delivered: no code yet
                ops.payment_document(done.local_id)
            assert "上报" in early.value.user_message
            receipt_text = "".join(str(getattr(b, "value", getattr(b, "text", ""))) for b in
                                   ops.receipt_document(done.local_id))  # fmt: skip
            assert "120.00元（待缴费）" in receipt_text
        drain_until(terminal, lambda: bool(ops_official(terminal, done.local_id)))
        with terminal.open() as ops:
            notice = ops.payment_document(done.local_id)
            printed = _printed(notice, tmp_path / "notice.escpos")
            (line,) = ops.query_progress(code=done.receipt_number).lines
        assert "缴款通知书" in printed
        assert "护照证件费" in printed
        assert "120.00元" in printed
        assert line.payment_status is PaymentStatus.DUE
        code = line.payment_code
        assert code in decode((tmp_path / "notice.escpos").read_bytes()).qr_payloads
        assert " ".join(code[i : i + 4] for i in range(0, 20, 4)) in printed
        central.platform.mark_paid(code)
        with terminal.open() as ops:
            (paid,) = ops.query_progress(code=done.receipt_number).lines
        assert paid.payment_status is PaymentStatus.PAID
        assert paid.payment_receipt
    # the platform away: a fee owed is 缴费状态待确认 — never taken as paid
    with terminal.open() as ops:
        (away,) = ops.query_progress(code=done.receipt_number).lines
    assert away.payment_status is PaymentStatus.UNKNOWN


def _printed(blocks: list[Any], out: Path) -> str:
    printer = ReceiptPrinter(PrinterConfig.from_settings(DeviceSettings("file", str(out), {})))
    printer.print_document(blocks)
    return "".join(line.strip() for line in decode(out.read_bytes()).text_lines)


def test_a_result_by_post_carries_its_address_and_the_tracking_number_reaches_the_query(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    """邮政寄递 (issue 25): the passport's form asks 窗口自取 or 邮政寄递 with the catalogue's
    streets; the address is sealed with the application, sent inside it, on its receipt; once
    办结 the counter prints the 寄递单 with the carrier's number the platform was told, which
    the progress query says; a window pickup has no slip; a purge takes the address."""
    from core.postal import BY_POST, DETAIL, PHONE, PICKUP, RECIPIENT, REGION, REGION_CODE
    from terminal.catalogue import Catalogue

    catalogue = Catalogue(demo_catalogue, "369901001000")
    try:
        [hit] = catalogue.search("普通护照签发", limit=1)
        passport = catalogue.item(hit.impl_code)
    finally:
        catalogue.close()
    keys = [f.key for f in passport.form.fields]
    assert keys[-5:] == [PICKUP, RECIPIENT, PHONE, REGION, DETAIL]
    streets = passport.form.fields[-2].choices
    assert streets[0] == "示范市青山区光明街道"  # the hall's county first
    address = {
        PICKUP: BY_POST,
        RECIPIENT: "张三丰",
        PHONE: "13912345678",
        REGION: streets[0],
        DETAIL: "幸福路8号3单元201",
    }
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret = central.platform.add_terminal("C0001", "3号窗口", role="counter")
        terminal = _counter(tmp_path, central.url, secret, demo_catalogue)
        terminal.paths.initialise()
        posted = accept_at_counter(terminal, passport, {**FORM, **address})
        window = accept_at_counter(terminal, passport, {**FORM, PICKUP: "窗口自取"})
        with terminal.open() as ops:
            app = ops.store.load(posted.local_id)
            assert app.form_data[REGION_CODE] == "369901001000"  # the street's division code
            receipt_text = _printed(ops.receipt_document(posted.local_id), tmp_path / "r.escpos")
            assert "邮政寄递" in receipt_text
            assert "张*丰 139****5678" in receipt_text
            assert "示范市青山区光明街道幸福路8号3单元201" in receipt_text
            raw = ops.store.conn.execute("SELECT * FROM applications").fetchall()
            assert "幸福路" not in repr(raw)  # sealed at rest
            with pytest.raises(ValidationError) as early:
                ops.post_slip_document(posted.local_id)
            assert "尚未办结" in early.value.user_message
            with pytest.raises(ValidationError) as at_window:
                ops.post_slip_document(window.local_id)
            assert "窗口自取" in at_window.value.user_message
        drain_until(terminal, lambda: bool(ops_official(terminal, posted.local_id)))
        official = ops_official(terminal, posted.local_id)
        received = central.platform.db.conn.execute(
            "SELECT doc FROM applications WHERE official_number = ?", (official,)
        ).fetchone()[0]
        assert json.loads(received)["form"][DETAIL] == "幸福路8号3单元201"
        central.platform.set_status(official, "completed", "办结")
        central.platform.set_delivery(official, "中国邮政EMS", "1189012345678")
        drain_until(terminal, lambda: status_of(terminal, posted.local_id) is Status.COMPLETED)
        with terminal.open() as ops:
            slip = _printed(ops.post_slip_document(posted.local_id), tmp_path / "s.escpos")
            (line,) = ops.query_progress(code=posted.receipt_number).lines
            ops.store.purge(posted.local_id)
            assert REGION not in ops.store.load(posted.local_id).form_data
        assert "政务服务结果寄递单" in slip
        assert "13912345678" in slip  # the carrier needs the number in full
        assert "中国邮政EMS 1189012345678" in slip
        assert line.tracking == "中国邮政EMS 1189012345678"


def ops_official(terminal: Terminal, local_id: Any) -> str:
    with terminal.open() as ops:
        return ops.store.load(local_id).official_number


def status_of(terminal: Terminal, local_id: Any) -> Status:
    with terminal.open() as ops:
        return ops.store.load(local_id).status
