"""Fees in fen and payment codes (core.fees): no float anywhere, a code of its province."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue.models import Fee
from core.errors import ValidationError
from core.fees import (
    FeeLine,
    Payment,
    PaymentStatus,
    check_payment_code,
    fee_lines,
    fee_text,
    fen,
    payment_from_dict,
    payment_to_dict,
    total,
    yuan,
)
from sync.catalogue import load_demo_seed
from tests.helpers.samples import simple_item


def test_amounts_are_parsed_to_fen_and_anything_else_is_refused() -> None:
    assert [fen(x) for x in ("0", "15", "15.5", "120.00", "0.01")] == [0, 1500, 1550, 12000, 1]
    for bad in ("-1", "1.234", "1e3", "abc", "", "01", "0.1.2", "１２", "1２"):
        with pytest.raises(ValueError, match="not an amount"):
            fen(bad)
    assert yuan(12000) == "120.00"
    assert yuan(1) == "0.01"
    assert total([FeeLine("a", 6000), FeeLine("b", 1500)]) == 7500
    assert fee_text(Fee("护照证件费", "120")) == "护照证件费 120.00元"
    assert fee_text(Fee("本事项不收费", "0")) == "本事项不收费"


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_fen_and_yuan_round_trip(amount: int) -> None:
    assert fen(yuan(amount)) == amount


def test_a_payment_code_is_twenty_digits_of_its_province() -> None:
    assert check_payment_code("3699 0000 0000 0000 0001", "369901001000") == "36990000000000000001"
    bad_codes = (
        "3799000000000000000",  # 19 digits
        "37990000000000000001",  # another province's
        "36A90000000000000001",
        "3６990000000000000001",  # a full-width digit
    )
    for bad in bad_codes:
        with pytest.raises(ValidationError) as refused:
            check_payment_code(bad, "36")
        assert refused.value.user_message == "缴款码必须等于20位且36开头。"


def test_the_seeds_fees_reach_the_items_and_a_free_item_owes_nothing() -> None:
    seed = load_demo_seed()
    passport = next(i for i in seed.items if i.name == "普通护照签发")
    assert [(f.name, fen(f.amount_yuan)) for f in passport.fees] == [("护照证件费", 12000)]
    hk = next(i for i in seed.items if i.name == "往来港澳通行证及签注签发")
    assert sum(fen(f.amount_yuan) for f in hk.fees) == 7500
    assert fee_lines(simple_item(fees=(Fee("本事项不收费", "0"),))) == ()


def test_a_payment_is_stored_and_read_back_and_its_lines_must_have_amounts() -> None:
    p = Payment("36990000000000000001", "示范市公安局出入境管理支队",
                (FeeLine("护照证件费", 12000, "依据"),), "2026-12-05T10:00:00+08:00",
                PaymentStatus.PAID, "36010626-0000000001", "2026-12-05T10:05:00+08:00")  # fmt: skip
    doc = payment_to_dict(p)
    assert doc["total_fen"] == 12000
    assert payment_from_dict(doc) == p
    with pytest.raises(ValueError, match="without an amount"):
        payment_from_dict({**doc, "lines": [{"name": "x", "amount_fen": 0}]})
    assert PaymentStatus.UNKNOWN.label == "缴费状态待确认"
