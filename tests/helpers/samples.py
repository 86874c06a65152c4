"""Sample identities and items used across tests (synthetic people, valid numbers)."""

from __future__ import annotations

from datetime import date

from core.catalogue.models import (
    Audience,
    Handling,
    ItemType,
    Level,
    Material,
    MaterialForm,
    ServiceItem,
)
from core.forms import FieldType, FormField, FormSchema, Prefill
from core.identity import CardType, Identity, Sex
from core.validators import id_check_char


def make_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def resident(**overrides: object) -> Identity:
    values: dict[str, object] = {
        "card_type": CardType.RESIDENT,
        "name": "张三丰",
        "sex": Sex.MALE,
        "birth": date(1990, 1, 1),
        "id_number": "110101199001010031",
        "valid_from": date(2020, 5, 1),
        "valid_to": date(2040, 5, 1),
        "address": "北京市东城区示范路1号",
        "authority": "北京市公安局东城分局",
        "nation_code": "01",
        "photo": b"WLT" + bytes(1021),
    }
    values.update(overrides)
    return Identity(**values)  # type: ignore[arg-type]


def simple_item(**overrides: object) -> ServiceItem:
    values: dict[str, object] = {
        "impl_code": "3699010000000101001",
        "basic_code": "0101001",
        "version": 1,
        "name": "居民身份证申领",
        "theme": "身份证",
        "item_type": ItemType.CONFIRMATION,
        "audiences": frozenset({Audience.PERSON}),
        "department": "示范市青山区公安局",
        "region_code": "369901000000",
        "region_name": "示范市青山区",
        "level": Level.COUNTY,
        "handling": Handling.PROMISED,
        "legal_limit_days": 60,
        "promised_limit_days": 20,
        "materials": (
            Material(
                "id_card", "申请人居民身份证", MaterialForm.ORIGINAL, 1, True, "", "居民身份证"
            ),
            Material("hukou", "居民户口簿", MaterialForm.ORIGINAL_AND_COPY, 1, True),
            Material("photo", "照片", MaterialForm.ORIGINAL, 2, False, "如有"),
            Material(
                "power_of_attorney",
                "授权委托书",
                MaterialForm.ORIGINAL,
                1,
                False,
                "委托他人代办的提供",
            ),
        ),
        "form": FormSchema(
            (
                FormField(
                    "name", "申请人姓名", FieldType.TEXT, max_length=30, prefill=Prefill.NAME
                ),
                FormField(
                    "id_number", "公民身份号码", FieldType.ID_NUMBER, prefill=Prefill.ID_NUMBER
                ),
                FormField("phone", "联系电话", FieldType.PHONE),
                FormField("remark", "备注", FieldType.TEXTAREA, required=False, max_length=10),
            )
        ),
    }
    values.update(overrides)
    return ServiceItem(**values)  # type: ignore[arg-type]
