"""Validators for citizen-entered and card-read data, with Chinese messages.

GB 11643-1999 (公民身份号码): 6-digit address code, 8-digit birth date, 3-digit sequence
(odd = male), and an ISO 7064 MOD 11-2 check character. The same rule holds for
HK/Macao/Taiwan residence permit numbers (810000/820000/830000) and for the 2023 foreigner
permanent residence card (18 digits starting with 9, then a province code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.errors import InvalidIdNumber, ValidationError
from core.messages import tr

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

#: First two digits of a resident address code (GB/T 2260 provinces), plus 71 Taiwan,
#: 81/82 Hong Kong/Macao and 83 Taiwan (residence permits).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
#: Address codes of HK/Macao/Taiwan residence permits ('J' cards).
PERMIT_PREFIXES = ("810000", "820000", "830000")

_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_EARLIEST_BIRTH = date(1880, 1, 1)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A validated 18-character identity number and what it encodes."""

    value: str
    birth: date
    male: bool
    region_prefix: str
    foreigner: bool

    @property
    def masked(self) -> str:
        """Masked for receipts and logs (1101**********002X)."""
        return mask_id_number(self.value)


def mask_name(name: str) -> str:
    """张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; Latin names keep their first letter."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678 (a receipt names the phone without giving it away)."""
    phone = phone.strip()
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(number: str) -> str:
    """1101**********002X: the first 4 and last 4 characters kept."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def normalize_id_number(raw: str) -> str:
    """Upper-cases the check letter and drops spaces citizens type between groups."""
    return re.sub(r"\s+", "", raw).upper()


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """Validates an 18-character identity number.

    Args:
        raw: the number as typed or read; spaces are ignored and a lower-case x accepted.
        today: when given, birth dates after it are refused.

    Raises:
        InvalidIdNumber: with a Chinese message naming what is wrong.
    """
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise InvalidIdNumber(
            f"id number has {len(value)} characters, expected 18",
            user_message=tr("证件号码应为18位，您输入了{n}位。", n=len(value)),
        )
    if not _ID_SHAPE.match(value):
        raise InvalidIdNumber(
            "id number must be 17 digits and a digit or X",
            user_message=tr("证件号码只能包含数字，最后一位可以是X。"),
        )
    foreigner = value[0] == "9"
    province = value[1:3] if foreigner else value[0:2]
    if province not in PROVINCE_CODES:
        raise InvalidIdNumber(
            f"unknown province code {province}",
            user_message=tr("证件号码的地区代码无效，请核对前六位。"),
        )
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdNumber(
            f"invalid birth date {value[6:14]}",
            user_message=tr("证件号码中的出生日期无效，请核对第7至14位。"),
        ) from None
    if birth < _EARLIEST_BIRTH or (today is not None and birth > today):
        raise InvalidIdNumber(
            f"implausible birth date {birth.isoformat()}",
            user_message=tr("证件号码中的出生日期不合理，请核对第7至14位。"),
        )
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise InvalidIdNumber(
            "check digit mismatch",
            user_message=tr("证件号码校验位不正确，请核对后重新输入。"),
        )
    return IdNumber(
        value=value,
        birth=birth,
        male=int(value[16]) % 2 == 1,
        region_prefix=value[:6],
        foreigner=foreigner,
    )


def is_valid_id_number(raw: str) -> bool:
    try:
        parse_id_number(raw)
    except InvalidIdNumber:
        return False
    return True


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_phone(raw: str) -> str:
    """Removes spaces, a +86/0086 prefix and separators citizens type in mobile numbers."""
    value = re.sub(r"[\s()（）]", "", raw)
    value = re.sub(r"^(\+86|0086)-?", "", value)
    if _MOBILE.match(value.replace("-", "")):
        return value.replace("-", "")
    return value


def parse_phone(raw: str, *, allow_landline: bool = True) -> str:
    """Validates a mainland mobile number (11 digits, 1[3-9]…) or a landline (010-12345678).

    Returns the normalized number.
    """
    value = normalize_phone(raw)
    if _MOBILE.match(value):
        return value
    if allow_landline and _LANDLINE.match(value):
        return value
    expected = tr("11位手机号码或带区号的固定电话") if allow_landline else tr("11位手机号码")
    raise ValidationError(
        f"invalid phone number {len(value)} chars",
        user_message=tr("请输入{expected}。", expected=expected),
    )


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def parse_date(raw: str) -> date:
    """Parses 2024-05-01, 20240501, 2024.5.1, 2024/5/1 or 2024年5月1日."""
    value = raw.strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise ValidationError(
        f"invalid date {value!r}", user_message=tr("日期无效，请按“2024-05-01”格式填写。")
    )
