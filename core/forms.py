"""Form schemas of service items and their validation, with per-field Chinese messages."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ValidationError
from core.identity import CardType, Identity
from core.messages import tr
from core.validators import parse_date, parse_id_number, parse_phone


class FieldType(enum.Enum):
    TEXT = "text"
    TEXTAREA = "textarea"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    MOBILE = "mobile"
    DATE = "date"
    NUMBER = "number"
    CHOICE = "choice"
    ADDRESS = "address"


class Prefill(enum.Enum):
    """Where a field's initial value comes from when an ID card has been read."""

    NAME = "name"
    ID_NUMBER = "id_number"
    SEX = "sex"
    BIRTH = "birth"
    ADDRESS = "address"
    NATION = "nation"


@dataclass(frozen=True, slots=True)
class FormField:
    key: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = True
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    choices: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    prefill: Prefill | None = None
    help: str = ""


@dataclass(frozen=True, slots=True)
class FormSchema:
    fields: tuple[FormField, ...] = field(default_factory=tuple)

    def field(self, key: str) -> FormField:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


# A name as a card carries it is never refused for its length: a foreigner's English name is
# up to 60 characters (2017 card) and a Chinese name may stand beside it.
CARD_NAME_LIMIT = 80


def _foreign(identity: Identity | None) -> bool:
    return identity is not None and identity.card_type in (
        CardType.FOREIGN_2017,
        CardType.FOREIGN_2023,
    )


def form_for(schema: FormSchema, identity: Identity | None) -> FormSchema:
    """The item's form as the holder of ``identity``'s card fills it — shown, checked and kept
    by this one rule. For a foreigner's permanent residence card the number field is called
    what the card calls it (a foreigner is not a 公民: it said 公民身份号码) and the name field
    takes the name as the card carries it, English name and Chinese name together. A resident
    card and a 港澳台居民居住证 (its number is a 公民身份号码, address code 81/82/83) keep the
    item's form as published."""
    if not _foreign(identity):
        return schema
    fields = []
    for f in schema.fields:
        if f.prefill is Prefill.ID_NUMBER:
            f = replace(f, label=tr("永久居留身份证号码"))
        elif f.prefill is Prefill.NAME and (f.max_length or 0) < CARD_NAME_LIMIT:
            f = replace(f, max_length=CARD_NAME_LIMIT)
        fields.append(f)
    return FormSchema(tuple(fields))


def card_name(identity: Identity) -> str:
    """The name a form takes from the card: a foreigner's English name with the Chinese name
    beside it when the card has both (the 2023 card's English name was left out)."""
    if _foreign(identity) and identity.name and identity.english_name:
        return f"{identity.english_name}（{identity.name}）"
    return identity.display_name


def prefill_values(schema: FormSchema, identity: Identity) -> dict[str, str]:
    """Initial form values taken from the card: the citizen only confirms them."""
    sources = {
        Prefill.NAME: card_name(identity),
        Prefill.ID_NUMBER: identity.id_number,
        Prefill.SEX: identity.sex.label,
        Prefill.BIRTH: identity.birth.isoformat(),
        Prefill.ADDRESS: identity.address,
        Prefill.NATION: identity.nation,
    }
    return {f.key: sources[f.prefill] for f in schema.fields if f.prefill is not None}


def _clean_one(f: FormField, raw: Any, today: date) -> str | None:
    """Returns the normalized value, or None for an empty optional field; raises on error."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        if f.required:
            said = (
                tr("请选择{label}。", label=f.label)
                if f.type is FieldType.CHOICE
                else tr("请填写{label}。", label=f.label)
            )
            raise ValidationError(f"{f.key} missing", user_message=said)
        return None
    if f.max_length is not None and len(text) > f.max_length:
        raise ValidationError(
            f"{f.key} too long",
            user_message=tr("{label}不能超过{n}个字。", label=f.label, n=f.max_length),
        )
    if f.min_length is not None and len(text) < f.min_length:
        raise ValidationError(
            f"{f.key} too short",
            user_message=tr("{label}至少需要{n}个字。", label=f.label, n=f.min_length),
        )
    match f.type:
        case FieldType.ID_NUMBER:
            try:
                text = parse_id_number(text, today=today).value
            except ValidationError as e:
                raise ValidationError(f"{f.key}: {e.detail}", user_message=e.user_message) from e
        case FieldType.PHONE | FieldType.MOBILE:
            try:
                text = parse_phone(text, allow_landline=f.type is FieldType.PHONE)
            except ValidationError as e:
                raise ValidationError(
                    f"{f.key}: {e.detail}",
                    user_message=tr(
                        "{label}格式不正确，{reason}", label=f.label, reason=e.user_message
                    ),
                ) from e
        case FieldType.DATE:
            try:
                text = parse_date(text).isoformat()
            except ValidationError as e:
                raise ValidationError(
                    f"{f.key}: {e.detail}",
                    user_message=tr("{label}：{reason}", label=f.label, reason=e.user_message),
                ) from e
        case FieldType.NUMBER:
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValidationError(
                    f"{f.key} not a number", user_message=tr("{label}请填写数字。", label=f.label)
                ) from None
            if not number.is_finite():
                raise ValidationError(
                    f"{f.key} not finite", user_message=tr("{label}请填写数字。", label=f.label)
                )
            if f.minimum is not None and number < f.minimum:
                raise ValidationError(
                    f"{f.key} below minimum",
                    user_message=tr("{label}不能小于{n}。", label=f.label, n=f.minimum),
                )
            if f.maximum is not None and number > f.maximum:
                raise ValidationError(
                    f"{f.key} above maximum",
                    user_message=tr("{label}不能大于{n}。", label=f.label, n=f.maximum),
                )
            text = str(number)
        case FieldType.CHOICE:
            if text not in f.choices:
                raise ValidationError(
                    f"{f.key} not among choices",
                    user_message=tr("请从列出的选项中选择{label}。", label=f.label),
                )
        case FieldType.TEXT | FieldType.TEXTAREA | FieldType.ADDRESS:
            pass
    if f.pattern is not None and not re.fullmatch(f.pattern, text):
        raise ValidationError(
            f"{f.key} does not match pattern",
            user_message=f.pattern_message or tr("{label}格式不正确。", label=f.label),
        )
    return text


def check_field(f: FormField, raw: Any, today: date) -> str:
    """One field as it is typed: "" when it is fine, else the message to show under it."""
    try:
        _clean_one(f, raw, today)
    except ValidationError as e:
        return e.user_message
    return ""


def validate_form(schema: FormSchema, data: Mapping[str, Any], today: date) -> dict[str, str]:
    """Validates every field and reports all errors at once (one decision per screen).

    Returns:
        The cleaned values (normalized ID numbers, phones, ISO dates); empty optional fields
        are left out. Keys not in the schema are dropped.

    Raises:
        ValidationError: ``field_errors`` maps each failing field key to a Chinese message.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for f in schema.fields:
        try:
            value = _clean_one(f, data.get(f.key), today)
        except ValidationError as e:
            errors[f.key] = e.user_message
            continue
        if value is not None:
            cleaned[f.key] = value
    if any(f.key == "result_pickup" for f in schema.fields):  # 窗口自取 or 邮政寄递
        from core.postal import check_delivery, drop_address_unless_post  # (it imports forms)

        errors.update({k: v for k, v in check_delivery(cleaned).items() if k not in errors})
        cleaned = drop_address_unless_post(cleaned)
    if errors:
        first = next(iter(errors.values()))
        raise ValidationError(
            f"form invalid: {sorted(errors)}",
            user_message=(
                first if len(errors) == 1 else tr("有{n}项填写有误，请按提示修改。", n=len(errors))
            ),
            field_errors=errors,
        )
    return cleaned
