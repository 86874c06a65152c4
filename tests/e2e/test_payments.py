"""Fees on the platform (issue 25): a payment code issued where a fee falls due — at the window's
受理, or as a fee-bearing 即办件 arrives — of the item's province; the status told only by the
platform (the progress look-up), paid by the payment platform's notice with its e-receipt; a
即办件's result withheld until its fee is paid, then given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from central.base import PlatformError
from central.platform import Platform
from core.catalogue.models import Fee, Handling, Material, MaterialForm
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
