"""Identity documents read from second-generation ID card readers.

The reader returns a 256-byte text block in UCS-2 little-endian, fixed-width fields padded
with spaces. Four layouts exist; the type flag is the character at byte 248. The layouts are
data (:data:`LAYOUTS`) shared by the parser, the encoder (used by the reader simulator) and
the tests. Byte offsets are from reference/devices.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, replace
from datetime import date

from core.errors import CardExpired, InvalidIdNumber, ProtocolError
from core.messages import tr
from core.validators import PERMIT_PREFIXES, mask_id_number, mask_name, parse_id_number

TEXT_BLOCK_SIZE = 256
LONG_TERM = "长期"


class CardType(enum.Enum):
    RESIDENT = "resident"  # 居民身份证
    HMT_PERMIT = "J"  # 港澳台居民居住证
    FOREIGN_2017 = "I"  # 外国人永久居留身份证 (2017)
    FOREIGN_2023 = "Y"  # 外国人永久居留身份证 (2023)

    @property
    def label(self) -> str:
        return _CARD_LABELS[self]


_CARD_LABELS = {
    CardType.RESIDENT: tr("居民身份证"),
    CardType.HMT_PERMIT: tr("港澳台居民居住证"),
    CardType.FOREIGN_2017: tr("外国人永久居留身份证（2017版）"),
    CardType.FOREIGN_2023: tr("外国人永久居留身份证（2023版）"),
}


class Sex(enum.Enum):
    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"

    @property
    def label(self) -> str:
        return {"0": tr("未知"), "1": tr("男"), "2": tr("女"), "9": tr("未说明")}[self.value]


#: GB 3304 nationality (民族) codes.
_NATION_NAMES = """
汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯
阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲
门巴 珞巴 基诺 其他 外国血统中国籍人士
""".split()
NATIONS: dict[str, str] = dict(
    zip([*(f"{i:02d}" for i in range(1, 57)), "97", "98"], _NATION_NAMES, strict=True)
)


class FieldKind(enum.Enum):
    TEXT = "text"
    DATE = "date"  # YYYYMMDD
    DATE_OR_LONG = "date_or_long"  # YYYYMMDD or 长期
    SEX = "sex"
    NATION = "nation"


@dataclass(frozen=True, slots=True)
class LayoutField:
    """One fixed-width field: byte offsets [start, end] inclusive, as in the standard's tables."""

    name: str
    start: int
    end: int
    kind: FieldKind = FieldKind.TEXT

    @property
    def chars(self) -> int:
        return (self.end - self.start + 1) // 2


_T, _D, _L, _S, _N = (
    FieldKind.TEXT,
    FieldKind.DATE,
    FieldKind.DATE_OR_LONG,
    FieldKind.SEX,
    FieldKind.NATION,
)

_RESIDENT_FIELDS = (
    LayoutField("name", 0, 29),
    LayoutField("sex", 30, 31, _S),
    LayoutField("nation", 32, 35, _N),
    LayoutField("birth", 36, 51, _D),
    LayoutField("address", 52, 121),
    LayoutField("id_number", 122, 157),
    LayoutField("authority", 158, 187),
    LayoutField("valid_from", 188, 203, _D),
    LayoutField("valid_to", 204, 219, _L),
)

#: Field layouts of the text block, per card type.
LAYOUTS: dict[CardType, tuple[LayoutField, ...]] = {
    CardType.RESIDENT: _RESIDENT_FIELDS,
    CardType.HMT_PERMIT: (
        *(f for f in _RESIDENT_FIELDS if f.name != "nation"),
        LayoutField("pass_number", 220, 237),
        LayoutField("issue_count", 238, 241),
    ),
    CardType.FOREIGN_2017: (
        LayoutField("english_name", 0, 119),
        LayoutField("sex", 120, 121, _S),
        LayoutField("id_number", 122, 151),
        LayoutField("nationality", 152, 157),
        LayoutField("name", 158, 187),
        LayoutField("valid_from", 188, 203, _D),
        LayoutField("valid_to", 204, 219, _L),
        LayoutField("birth", 220, 235, _D),
        LayoutField("card_version", 236, 239),
        LayoutField("authority_code", 240, 247),
    ),
    CardType.FOREIGN_2023: (
        LayoutField("name", 0, 29),
        LayoutField("sex", 30, 31, _S),
        LayoutField("renewal_count", 32, 35),
        LayoutField("birth", 36, 51, _D),
        LayoutField("english_name", 52, 121),
        LayoutField("id_number", 122, 157),
        LayoutField("valid_from", 188, 203, _D),
        LayoutField("valid_to", 204, 219, _L),
        LayoutField("english_name_2", 220, 241),
        LayoutField("nationality", 242, 247),
        LayoutField("old_number_link", 250, 255),
    ),
}
FLAG_FIELD = LayoutField("flag", 248, 249)


@dataclass(frozen=True, slots=True)
class Identity:
    """A person as read from an identity card. ``repr`` masks every personal field."""

    card_type: CardType
    name: str
    sex: Sex
    birth: date
    id_number: str
    valid_from: date
    valid_to: date | None  # None: long-term (长期)
    address: str = ""
    authority: str = ""
    nation_code: str = ""
    pass_number: str = ""
    issue_count: str = ""
    english_name: str = ""
    nationality: str = ""
    card_version: str = ""
    authority_code: str = ""
    renewal_count: str = ""
    old_number_link: str = ""
    photo: bytes = field(default=b"")  # raw WLT blob; decoding is an optional vendor plug-in

    @property
    def nation(self) -> str:
        return NATIONS.get(self.nation_code, "")

    @property
    def display_name(self) -> str:
        return self.name or self.english_name

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.display_name)

    def __repr__(self) -> str:
        return (
            f"Identity(card_type={self.card_type.name}, name={self.masked_name!r}, "
            f"id_number={self.masked_id!r})"
        )

    __str__ = __repr__

    def is_expired(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today


def card_type_of(block: bytes) -> CardType:
    flag = _field_text(block, FLAG_FIELD)[:1]
    for card_type in (CardType.HMT_PERMIT, CardType.FOREIGN_2017, CardType.FOREIGN_2023):
        if flag == card_type.value:
            return card_type
    return CardType.RESIDENT


def _field_text(block: bytes, f: LayoutField) -> str:
    raw = block[f.start : f.end + 1]
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise ProtocolError(f"field {f.name} is not valid UCS-2") from None
    return text.replace("\x00", " ").strip()


def _parse_date(text: str, name: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise ProtocolError(f"field {name}: expected YYYYMMDD, got {len(text)} chars")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise ProtocolError(f"field {name}: impossible date") from None


def parse_text_block(block: bytes, photo: bytes = b"") -> Identity:
    """Decodes the 256-byte text block of any of the four layouts.

    Raises:
        ProtocolError: wrong size, bytes that are not UCS-2, impossible dates or codes.
    """
    if len(block) != TEXT_BLOCK_SIZE:
        raise ProtocolError(f"text block has {len(block)} bytes, expected {TEXT_BLOCK_SIZE}")
    card_type = card_type_of(block)
    values: dict[str, object] = {"card_type": card_type, "photo": photo}
    english_parts: dict[str, str] = {}
    for f in LAYOUTS[card_type]:
        text = _field_text(block, f)
        if f.name.startswith("english_name"):
            # Keep the padding: a name split over two fields may have its space at the split.
            english_parts[f.name] = block[f.start : f.end + 1].decode("utf-16-le")
        elif f.kind is FieldKind.DATE:
            values[f.name] = _parse_date(text, f.name)
        elif f.kind is FieldKind.DATE_OR_LONG:
            values[f.name] = None if text == LONG_TERM else _parse_date(text, f.name)
        elif f.kind is FieldKind.SEX:
            try:
                values["sex"] = Sex(text)
            except ValueError:
                raise ProtocolError("field sex: unknown code") from None
        elif f.kind is FieldKind.NATION:
            if text and text not in NATIONS:
                raise ProtocolError("field nation: unknown GB 3304 code")
            values["nation_code"] = text
        else:
            values[f.name] = text
    if english_parts:
        # The 2023 card splits a long English name over two fields; join without a separator.
        joined = english_parts.get("english_name", "") + english_parts.get("english_name_2", "")
        values["english_name"] = joined.replace("\x00", " ").strip()
    return Identity(**values)  # type: ignore[arg-type]


def _encode_field(value: str, f: LayoutField) -> bytes:
    if len(value) > f.chars:
        raise ValueError(f"{f.name} longer than {f.chars} characters")
    data = value.ljust(f.chars).encode("utf-16-le")
    if len(data) != f.end - f.start + 1:
        raise ValueError(f"{f.name} has characters outside UCS-2")
    return data


def encode_text_block(identity: Identity) -> bytes:
    """The inverse of :func:`parse_text_block` (used by the reader simulator and tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_BLOCK_SIZE // 2))
    english = identity.english_name
    for f in LAYOUTS[identity.card_type]:
        if f.name == "english_name":
            value = english[: f.chars] if identity.card_type is CardType.FOREIGN_2023 else english
        elif f.name == "english_name_2":
            value = english[LAYOUTS[CardType.FOREIGN_2023][4].chars :]
        elif f.kind is FieldKind.DATE:
            value = getattr(identity, f.name).strftime("%Y%m%d")
        elif f.kind is FieldKind.DATE_OR_LONG:
            valid_to = identity.valid_to
            value = LONG_TERM if valid_to is None else valid_to.strftime("%Y%m%d")
        elif f.kind is FieldKind.SEX:
            value = identity.sex.value
        elif f.kind is FieldKind.NATION:
            value = identity.nation_code
        else:
            value = getattr(identity, f.name)
        block[f.start : f.end + 1] = _encode_field(value, f)
    if identity.card_type is not CardType.RESIDENT:
        block[FLAG_FIELD.start : FLAG_FIELD.end + 1] = _encode_field(
            identity.card_type.value, FLAG_FIELD
        )
    return bytes(block)


def check_identity(identity: Identity, today: date) -> None:
    """Refuses cards a hall must not accept: expired, or with an invalid number.

    Raises:
        CardExpired: the card's validity ended before ``today``.
        InvalidIdNumber: the number breaks GB 11643 (resident, 'J', 'Y'), or the 2017
            foreigner card number is not 3 letters and 12 digits.
    """
    if identity.is_expired(today):
        assert identity.valid_to is not None
        raise CardExpired(
            f"card expired on {identity.valid_to.isoformat()}",
            user_message=tr(
                "您的{card}已于{date:%Y年%m月%d日}过期，请使用有效证件办理。",
                card=identity.card_type.label,
                date=identity.valid_to,
            ),
        )
    number = identity.id_number
    if identity.card_type is CardType.FOREIGN_2017:
        if not (len(number) == 15 and number[:3].isalpha() and number[3:].isdigit()):
            raise InvalidIdNumber("2017 foreigner card number must be 3 letters + 12 digits")
        return
    parsed = parse_id_number(number, today=today)
    if identity.card_type is CardType.HMT_PERMIT and not number.startswith(PERMIT_PREFIXES):
        raise InvalidIdNumber("residence permit number must start with 810000/820000/830000")
    if identity.card_type is CardType.FOREIGN_2023 and not parsed.foreigner:
        raise InvalidIdNumber("2023 foreigner card number must start with 9")
    if parsed.birth != identity.birth:
        raise InvalidIdNumber(
            "birth date on card differs from the number",
            user_message=tr("证件号码与出生日期不一致，请联系工作人员。"),
        )


def with_photo(identity: Identity, photo: bytes) -> Identity:
    return replace(identity, photo=photo)


IDENTITY_FIELDS = tuple(f.name for f in fields(Identity))
