"""Who applies: the applicant snapshot an application records, from the card and the form."""

from __future__ import annotations

from collections.abc import Mapping

from core.application import Applicant
from core.forms import FieldType, FormSchema
from core.identity import Identity


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
        name=identity.display_name,
        id_number=identity.id_number,
        card_type=identity.card_type.value,
        phone=phone,
        address=address,
        verified_by_card=verified_by_card,
    )
