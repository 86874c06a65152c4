"""Using a holder's e-licences for an item (授权用证, 免提交):

- a query by holder (GB/T 36903 holder code 111: 公民身份证号码) carries a purpose (申请事由,
  at most 200 characters) and the holder's authorisation, and asks only for the licence types
  the item's materials name;
- a licence stands for a material when its type is the one the material names, it is valid
  today and not revoked, and its identifier is well formed (a check character that does not
  match is used, with a warning naming the issuer);
- paper stays possible: the citizen may scan a material a licence could replace.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.catalogue.models import ServiceItem
from core.elicence.identifier import InvalidLicenceId, parse_licence_id
from core.errors import ValidationError
from core.messages import Text, tr

HOLDER_CITIZEN = "111"  # GB/T 36903: the holder is named by a 公民身份证号码
HOLDER_ORGANISATION = "001"  # … by a 统一社会信用代码
PURPOSE_LIMIT = 200


class LicenceStatus(enum.Enum):
    VALID = "valid"  # 有效
    EXPIRED = "expired"  # 已过期
    REVOKED = "revoked"  # 已注销/吊销


@dataclass(frozen=True, slots=True)
class ELicence:
    """A licence as the 证照库 answers a query (no annotated copy: that is its own file)."""

    identifier: str  # GB/T 36904 (core.elicence.identifier)
    type_name: str  # 居民身份证, 居民户口簿 … : what a material names (Material.elicence_type)
    number: str  # 证照编号, as on its face
    issuer_name: str
    valid_to: date | None = None  # None: 长期
    status: LicenceStatus = LicenceStatus.VALID


def licence_to_dict(licence: ELicence) -> dict[str, Any]:
    return {
        "identifier": licence.identifier,
        "type_name": licence.type_name,
        "number": licence.number,
        "issuer_name": licence.issuer_name,
        "valid_to": licence.valid_to.isoformat() if licence.valid_to else None,
        "status": licence.status.value,
    }


def licence_from_dict(d: dict[str, Any]) -> ELicence:
    """Raises KeyError, ValueError or TypeError for a document that is not a licence (the
    library's answer and its store read alike)."""
    return ELicence(
        identifier=str(d["identifier"]),
        type_name=str(d["type_name"]),
        number=str(d["number"]),
        issuer_name=str(d["issuer_name"]),
        valid_to=date.fromisoformat(d["valid_to"]) if d.get("valid_to") else None,
        status=LicenceStatus(d.get("status", "valid")),
    )


def masked_number(number: str) -> str:
    """A licence's number as a screen or a log shows it: its first and last four characters
    (an ID card's number is the holder's ID number)."""
    if len(number) <= 8:
        return number
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def refusal(licence: ELicence, today: date) -> Text | None:
    """Why ``licence`` may not stand for a material today (None: it may)."""
    if licence.status is LicenceStatus.REVOKED:
        return tr("电子证照“{name}”已注销，请提交纸质材料。", name=licence.type_name)
    if licence.status is LicenceStatus.EXPIRED or (
        licence.valid_to is not None and licence.valid_to < today
    ):
        return tr("电子证照“{name}”已过有效期，请提交纸质材料。", name=licence.type_name)
    try:
        parse_licence_id(licence.identifier)
    except InvalidLicenceId:
        return tr("电子证照“{name}”的证照标识不正确，请提交纸质材料。", name=licence.type_name)
    return None


def wanted_types(item: ServiceItem) -> list[str]:
    """The licence types the item's materials name (what a query may ask for, no more)."""
    return sorted({m.elicence_type for m in item.materials if m.elicence_type})


def replacing(item: ServiceItem, licences: Iterable[ELicence], today: date) -> dict[str, ELicence]:
    """Material code → the usable licence that stands for it (a material without one, or
    whose licences are all refused, is scanned as usual)."""
    usable: dict[str, ELicence] = {}
    for licence in licences:
        if refusal(licence, today) is None:
            usable.setdefault(licence.type_name, licence)
    return {
        m.code: usable[m.elicence_type]
        for m in item.materials
        if m.elicence_type and m.elicence_type in usable
    }


def purpose_for(item: ServiceItem) -> str:
    """申请事由: what the licences are used for (≤ 200 characters)."""
    return f"办理“{item.name}”"[:PURPOSE_LIMIT]


def check_query(
    purpose: str, authorisation: str, types: Iterable[str], allowed: Mapping[str, object]
) -> None:
    """A query may be made: a purpose, the holder's authorisation, and only licence types the
    item needs (``allowed``: the item's types).

    Raises:
        ValidationError: what is missing or asked beyond the item.
    """
    if not authorisation.strip():
        raise ValidationError(
            "licence query without the holder's authorisation",
            user_message=tr("调取电子证照须经本人授权。"),
        )
    if not purpose.strip() or len(purpose) > PURPOSE_LIMIT:
        raise ValidationError(f"licence query purpose of {len(purpose)} characters")
    asked = set(types)
    if not asked or not asked <= set(allowed):
        raise ValidationError(f"licence types {sorted(asked - set(allowed))} beyond the item")
