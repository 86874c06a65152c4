"""Results by post (core.postal, issue 25): the choice and the address are form fields; by
post all of the address is needed, at the window none of it is kept."""

from __future__ import annotations

from datetime import date

import pytest

from core.errors import ValidationError
from core.forms import FormSchema, validate_form
from core.postal import (
    BY_POST,
    DETAIL,
    PHONE,
    PICKUP,
    RECIPIENT,
    REGION,
    REGION_CODE,
    delivery_of,
    with_delivery,
)
from core.validators import mask_phone

STREETS = (("369901001000", "示范市青山区光明街道"), ("369902001000", "示范市白云区东风街道"))
SCHEMA = with_delivery(FormSchema(()), STREETS)
TODAY = date(2026, 12, 5)


def test_the_choice_comes_with_the_streets_the_hall_s_first_and_only_once() -> None:
    keys = [f.key for f in SCHEMA.fields]
    assert keys == [PICKUP, RECIPIENT, PHONE, REGION, DETAIL]
    assert SCHEMA.fields[3].choices == ("示范市青山区光明街道", "示范市白云区东风街道")
    assert with_delivery(SCHEMA, STREETS) == SCHEMA
    assert with_delivery(FormSchema(()), ()) == FormSchema(())  # no streets known: no choice


def test_by_post_every_part_of_the_address_is_needed_each_named() -> None:
    with pytest.raises(ValidationError) as missing:
        validate_form(SCHEMA, {PICKUP: BY_POST, DETAIL: "8号"}, TODAY)
    errors = missing.value.field_errors
    assert set(errors) == {RECIPIENT, PHONE, REGION, DETAIL}
    assert "门牌号" in errors[DETAIL]
    with pytest.raises(ValidationError) as bad_phone:
        validate_form(SCHEMA, {PICKUP: BY_POST, PHONE: "12345"}, TODAY)
    assert PHONE in bad_phone.value.field_errors
    given = {
        PICKUP: BY_POST,
        RECIPIENT: "张三丰",
        PHONE: "13812345678",
        REGION: "示范市青山区光明街道",
        DETAIL: "幸福路8号3单元201",
    }
    cleaned = validate_form(SCHEMA, given, TODAY)
    post = delivery_of({**cleaned, REGION_CODE: "369901001000"})
    assert post is not None
    assert post.address == "示范市青山区光明街道幸福路8号3单元201"
    assert post.region_code == "369901001000"


def test_at_the_window_nothing_of_an_address_is_kept() -> None:
    typed_then_changed = {
        PICKUP: "窗口自取",
        RECIPIENT: "张三丰",
        DETAIL: "幸福路8号",
    }
    cleaned = validate_form(SCHEMA, typed_then_changed, TODAY)
    assert cleaned == {PICKUP: "窗口自取"}
    assert delivery_of(cleaned) is None
    with pytest.raises(ValidationError):  # the choice itself is required
        validate_form(SCHEMA, {}, TODAY)
    assert mask_phone("13812345678") == "138****5678"
