"""E-licence identifiers (GB/T 36904) and the rules of using a holder's licences (issue 24)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue.models import Material, MaterialForm
from core.elicence.identifier import InvalidLicenceId, licence_id, parse_licence_id
from core.elicence.licences import (
    ELicence,
    LicenceStatus,
    check_query,
    purpose_for,
    refusal,
    replacing,
    wanted_types,
)
from core.errors import ValidationError
from tests.helpers.samples import simple_item

TYPE = "11100000000013127D001"  # the ministry's USCC (valid check) + the type's number
TODAY = date(2026, 12, 5)


def test_an_identifier_is_made_and_read_back_with_its_check_character() -> None:
    made = licence_id(TYPE, "369901", "0000000001")
    assert str(made) == "1.2.156.3005.2.11100000000013127D001.369901.0000000001.1.7"
    read = parse_licence_id(str(made).lower())  # capitals or not
    assert read == made
    assert read.check_matches


def test_a_published_identifier_whose_check_does_not_match_is_read_with_a_warning() -> None:
    odd = parse_licence_id("1.2.156.3005.2.11100000000013127D001.369901.0000000001.1.X")
    assert not odd.check_matches  # used, with a warning naming its issuer — not refused
    assert odd.issuer == "369901"


@pytest.mark.parametrize(
    "text",
    [
        "1.2.156.3005.3.11100000000013127D001.369901.0000000001.1.7",  # a wrong root
        "1.2.156.3005.2.11100000000013127D001.369901.0000000001.7",  # a part missing
        "1.2.156.3005.2.11100000000013127A001.369901.0000000001.1.7",  # the USCC's check
        "1.2.156.3005.2.11100000000013127D001.36990.0000000001.1.7",  # issuer: 5 digits
        "1.2.156.3005.2.11100000000013127D001.369901.0000-01.1.7",  # serial malformed
        "",
    ],
)
def test_what_is_not_an_identifier_is_refused(text: str) -> None:
    with pytest.raises(InvalidLicenceId):
        parse_licence_id(text)


@given(st.from_regex(r"[0-9A-Z]{1,12}", fullmatch=True), st.integers(1, 99))
def test_every_identifier_made_checks(serial: str, version: int) -> None:
    assert parse_licence_id(str(licence_id(TYPE, "369901", serial, str(version)))).check_matches


def _licence(type_name: str, **kw: object) -> ELicence:
    values: dict[str, object] = {
        "identifier": str(licence_id(TYPE, "369901", "1")),
        "type_name": type_name,
        "number": "N1",
        "issuer_name": "示范市公安局",
    }
    values.update(kw)
    return ELicence(**values)  # type: ignore[arg-type]


def test_a_licence_stands_for_the_material_that_names_its_type_while_it_is_valid() -> None:
    item = simple_item(
        materials=(
            Material(
                "id_card", "申请人居民身份证", MaterialForm.ORIGINAL, 1, True, "", "居民身份证"
            ),
            Material("hukou", "居民户口簿", MaterialForm.ORIGINAL, 1, True, "", "居民户口簿"),
            Material("photo", "照片", MaterialForm.ORIGINAL, 1, True),
        )
    )
    assert wanted_types(item) == ["居民户口簿", "居民身份证"]
    card = _licence("居民身份证", valid_to=date(2040, 1, 1))
    register = _licence("居民户口簿")
    other = _licence("结婚证")
    assert replacing(item, [card, register, other], TODAY) == {"id_card": card, "hukou": register}
    expired = _licence("居民身份证", valid_to=date(2026, 12, 4))
    revoked = _licence("居民户口簿", status=LicenceStatus.REVOKED)
    assert replacing(item, [expired, revoked], TODAY) == {}  # paper, then
    assert "已过有效期" in str(refusal(expired, TODAY))
    assert "已注销" in str(refusal(revoked, TODAY))
    wrong = _licence("居民身份证", identifier="1.2.3")
    assert "证照标识不正确" in str(refusal(wrong, TODAY))


def test_a_query_needs_the_holders_authorisation_and_asks_only_for_the_items_types() -> None:
    item = simple_item()
    purpose = purpose_for(item)
    allowed = {"居民身份证": True}
    check_query(purpose, "KIOSK-1", ["居民身份证"], allowed)
    with pytest.raises(ValidationError) as refused:
        check_query(purpose, " ", ["居民身份证"], allowed)
    assert "须经本人授权" in refused.value.user_message
    with pytest.raises(ValidationError):
        check_query(purpose, "KIOSK-1", ["居民身份证", "结婚证"], allowed)
    with pytest.raises(ValidationError):
        check_query("x" * 201, "KIOSK-1", ["居民身份证"], allowed)
