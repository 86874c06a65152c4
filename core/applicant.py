"""Who applies: the applicant snapshot an application records, from the card and the form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from core.application import Applicant
from core.errors import ValidationError
from core.forms import FieldType, FormSchema, card_name
from core.identity import CardType, Identity, Sex
from core.messages import tr
from core.validators import parse_id_number


def applicant_from(
    identity: Identity,
    schema: FormSchema,
    values: Mapping[str, str],
    *,
    verified_by_card: bool = True,
) -> Applicant:
    """The card's name, number and type, with the phone and address the form collected (the
    address typed on the form wins: the card's may be out of date)."""
    phone = next(
        (
            values[f.key]
            for f in schema.fields
            if f.type in (FieldType.MOBILE, FieldType.PHONE) and values.get(f.key)
        ),
        "",
    )
    address = next(
        (values[f.key] for f in schema.fields if f.type is FieldType.ADDRESS and values.get(f.key)),
        identity.address,
    )
    return Applicant(
        name=card_name(identity),
        id_number=identity.id_number,
        card_type=identity.card_type.value,
        phone=phone,
        address=address,
        verified_by_card=verified_by_card,
    )


@dataclass(frozen=True)
class TypedIdentity:
    """An ID number typed in (no card at hand): at a kiosk for items that allow it, at a
    counter when the reader fails (人工录入, the clerk has seen the card)."""

    name: str
    id_number: str


def identity_from_typed(typed: TypedIdentity, today: date) -> Identity:
    """The identity a typed resident ID number gives: the number's own birth date and sex;
    nothing else is known (no card: no address, validity or photo)."""
    name = typed.name.strip()
    if not name:
        raise ValidationError("no name typed", user_message=tr("请输入姓名。"))
    if len(name) > 30:
        raise ValidationError("name too long", user_message=tr("姓名不能超过30个字。"))
    number = parse_id_number(typed.id_number, today=today)
    return Identity(
        card_type=CardType.RESIDENT,
        name=name,
        sex=Sex.MALE if number.male else Sex.FEMALE,
        birth=number.birth,
        id_number=number.value,
        valid_from=number.birth,
        valid_to=None,
    )
