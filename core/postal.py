"""Results by post (物流寄递, GB/T 39046: whether an item supports it, and the delivery's address,
recipient and tracking number with its 办件): where the item supports it the citizen (or the
clerk for them) chooses 窗口自取 or 邮政寄递; for post, the recipient, a phone, the street by its
division code (GB/T 2260, to the township/street level, the hall's own first) and the detail.

The choice and the address are fields of the application's form (core.forms): so they are
sealed at rest with the rest of its personal data, sent inside it, and purged with it. The
conditional rule — an address only for post, then all of it — is :func:`check_delivery`,
called by core.forms.validate_form for every form that carries the choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.forms import FieldType, FormField, FormSchema
from core.messages import tr

PICKUP = "result_pickup"
RECIPIENT = "post_recipient"
PHONE = "post_phone"
REGION = "post_region"
DETAIL = "post_detail"
REGION_CODE = "post_region_code"  # added at submit from the catalogue's regions

AT_WINDOW = "窗口自取"
BY_POST = "邮政寄递"

#: the fields of the address: asked (shown) only when the result goes by post
ADDRESS_KEYS = (RECIPIENT, PHONE, REGION, DETAIL)


def address_wanted(values: Mapping[str, str]) -> bool:
    """Whether a form's address fields are asked: only once 邮政寄递 is chosen."""
    return values.get(PICKUP) == BY_POST


@dataclass(frozen=True)
class PostalDelivery:
    recipient: str
    phone: str
    region_name: str  # 示范市青山区光明街道
    region_code: str  # its 12-digit division code ("" where the catalogue did not know it)
    detail: str  # 幸福路8号3单元201

    @property
    def address(self) -> str:
        return f"{self.region_name}{self.detail}"


def delivery_fields(regions: Sequence[tuple[str, str]]) -> tuple[FormField, ...]:
    """The fields an item that supports post adds to its form: the choice, then the address
    (the region's choices: ``regions`` as (code, name), the hall's own first)."""
    return (
        FormField(PICKUP, tr("领取方式"), FieldType.CHOICE, True, choices=(AT_WINDOW, BY_POST)),
        FormField(RECIPIENT, tr("收件人"), FieldType.TEXT, False, max_length=30),
        FormField(PHONE, tr("收件人手机"), FieldType.MOBILE, False),
        FormField(
            REGION,
            tr("寄递地区（街道/乡镇）"),
            FieldType.CHOICE,
            False,
            choices=tuple(name for _, name in regions),
        ),
        FormField(DETAIL, tr("详细地址"), FieldType.TEXT, False, max_length=60),
    )


def with_delivery(schema: FormSchema, regions: Sequence[tuple[str, str]]) -> FormSchema:
    """``schema`` with the delivery fields (once), for an item that supports post."""
    if any(f.key == PICKUP for f in schema.fields) or not regions:
        return schema
    return FormSchema((*schema.fields, *delivery_fields(regions)))


def check_delivery(cleaned: Mapping[str, str]) -> dict[str, str]:
    """The conditional rule of a form with the choice: by post, the recipient, the phone,
    the region and the detail are all needed (each missing one named); at the window, none
    is kept. Returns the errors by field key (empty: none)."""
    if cleaned.get(PICKUP) != BY_POST:
        return {}
    needed = {
        RECIPIENT: tr("邮政寄递须填写收件人。"),
        PHONE: tr("邮政寄递须填写收件人手机，以便投递联系。"),
        REGION: tr("请选择寄递地区（街道/乡镇）。"),
        DETAIL: tr("请填写详细地址（路、门牌号、楼栋房号）。"),
    }
    errors = {key: str(said) for key, said in needed.items() if not cleaned.get(key, "").strip()}
    detail = cleaned.get(DETAIL, "").strip()
    if DETAIL not in errors and len(detail) < 4:
        errors[DETAIL] = str(tr("详细地址过短，请写到门牌号。"))
    return errors


def drop_address_unless_post(cleaned: dict[str, str]) -> dict[str, str]:
    """At the window nothing of an address is kept (what was typed before the choice
    changed goes)."""
    if address_wanted(cleaned):
        return cleaned
    return {k: v for k, v in cleaned.items() if k not in ADDRESS_KEYS}


def delivery_of(form: Mapping[str, str]) -> PostalDelivery | None:
    """The delivery an application's form asks for (None: collected at the window, or an item
    without the choice)."""
    if form.get(PICKUP) != BY_POST:
        return None
    return PostalDelivery(
        form.get(RECIPIENT, ""),
        form.get(PHONE, ""),
        form.get(REGION, ""),
        form.get(REGION_CODE, ""),
        form.get(DETAIL, ""),
    )
