import contextlib
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import CardExpired, InvalidIdNumber, ProtocolError
from core.identity import (
    LAYOUTS,
    NATIONS,
    TEXT_BLOCK_SIZE,
    CardType,
    Identity,
    Sex,
    card_type_of,
    check_identity,
    encode_text_block,
    mask_id_number,
    mask_name,
    parse_text_block,
)
from tests.helpers.samples import make_id, resident

TODAY = date(2026, 11, 24)


def _ucs2(text: str, width: int) -> bytes:
    return text.ljust(width // 2).encode("utf-16-le")


def test_resident_block_built_by_hand_decodes_field_by_field() -> None:
    # Built from the byte table of reference/devices.md, independently of encode_text_block.
    block = (
        _ucs2("张三丰", 30)
        + _ucs2("1", 2)
        + _ucs2("01", 4)
        + _ucs2("19900101", 16)
        + _ucs2("北京市东城区示范路1号", 70)
        + _ucs2("110101199001010031", 36)
        + _ucs2("北京市公安局东城分局", 30)
        + _ucs2("20200501", 16)
        + _ucs2("长期", 16)
        + _ucs2("", 36)
    )
    assert len(block) == TEXT_BLOCK_SIZE
    ident = parse_text_block(block, photo=b"\x01" * 1024)
    assert ident.card_type is CardType.RESIDENT
    assert ident.name == "张三丰"
    assert ident.sex is Sex.MALE
    assert ident.nation == "汉"
    assert ident.birth == date(1990, 1, 1)
    assert ident.address == "北京市东城区示范路1号"
    assert ident.id_number == "110101199001010031"
    assert ident.authority == "北京市公安局东城分局"
    assert ident.valid_from == date(2020, 5, 1)
    assert ident.valid_to is None  # 长期
    assert ident.photo == b"\x01" * 1024


def test_flag_at_byte_248_selects_the_layout() -> None:
    base = bytearray(_ucs2("", TEXT_BLOCK_SIZE))
    assert card_type_of(bytes(base)) is CardType.RESIDENT
    for flag, card_type in (
        ("J", CardType.HMT_PERMIT),
        ("I", CardType.FOREIGN_2017),
        ("Y", CardType.FOREIGN_2023),
    ):
        base[248:250] = flag.encode("utf-16-le")
        assert card_type_of(bytes(base)) is card_type


def _samples() -> list[Identity]:
    return [
        resident(),
        resident(
            card_type=CardType.HMT_PERMIT,
            nation_code="",
            id_number=make_id("81000019900101001"),
            pass_number="H12345678",
            issue_count="01",
        ),
        resident(
            card_type=CardType.FOREIGN_2017,
            name="约翰",
            english_name="SMITH JOHN",
            id_number="USA110090010101",
            nationality="USA",
            address="",
            authority="",
            nation_code="",
            card_version="20",
            authority_code="1100",
        ),
        resident(
            card_type=CardType.FOREIGN_2023,
            name="玛丽",
            english_name="MARTIN MARIE CHRISTINE ELISABETH SOPHIE",
            id_number=make_id("91101119900101001"),
            nationality="FRA",
            renewal_count="00",
            address="",
            authority="",
            nation_code="",
        ),
    ]


@pytest.mark.parametrize("ident", _samples(), ids=lambda i: i.card_type.name)
def test_each_layout_round_trips(ident: Identity) -> None:
    block = encode_text_block(ident)
    assert len(block) == TEXT_BLOCK_SIZE
    assert parse_text_block(block, ident.photo) == ident


def test_2023_card_long_english_name_spans_two_fields() -> None:
    ident = _samples()[3]
    assert len(ident.english_name) > LAYOUTS[CardType.FOREIGN_2023][4].chars
    assert parse_text_block(encode_text_block(ident)).english_name == ident.english_name


@given(
    name=st.text(alphabet="张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨欧阳", min_size=1, max_size=15),
    address=st.text(alphabet="北京市东城区示范路号楼单元室0123456789", max_size=35),
    nation=st.sampled_from(sorted(NATIONS)),
    valid_to=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2099, 12, 31))),
)
def test_resident_round_trip_property(
    name: str, address: str, nation: str, valid_to: date | None
) -> None:
    ident = resident(name=name, address=address, nation_code=nation, valid_to=valid_to)
    assert parse_text_block(encode_text_block(ident), ident.photo) == ident


@given(st.binary(min_size=0, max_size=300))
def test_garbage_blocks_raise_only_protocol_errors(data: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_text_block(data)


def test_repr_never_shows_personal_data() -> None:
    ident = resident()
    text = repr(ident) + str(ident)
    assert "张三丰" not in text
    assert "110101199001010031" not in text
    assert "北京市东城区" not in text
    assert "1101**********0031" in text


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张三丰", "张*丰"), ("欧阳娜娜", "欧**娜"), ("李", "李")]
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_id_number() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"


def test_expired_card_is_refused_with_the_date() -> None:
    with pytest.raises(CardExpired) as err:
        check_identity(resident(valid_to=date(2026, 11, 23)), TODAY)
    assert "2026年11月23日" in err.value.user_message


def test_card_valid_until_today_is_accepted() -> None:
    check_identity(resident(valid_to=TODAY), TODAY)


def test_long_term_card_never_expires() -> None:
    check_identity(resident(valid_to=None), date(2099, 1, 1))


def test_bad_number_on_card_is_invalid_not_a_device_fault() -> None:
    with pytest.raises(InvalidIdNumber):
        check_identity(resident(id_number="110101199001010032"), TODAY)


def test_birth_must_agree_with_the_number() -> None:
    with pytest.raises(InvalidIdNumber, match="differs"):
        check_identity(resident(birth=date(1990, 1, 2)), TODAY)


def test_permit_number_must_have_permit_prefix() -> None:
    with pytest.raises(InvalidIdNumber):
        check_identity(replace(_samples()[1], id_number="110101199001010031"), TODAY)


def test_2017_foreigner_number_shape() -> None:
    check_identity(_samples()[2], TODAY)
    with pytest.raises(InvalidIdNumber):
        check_identity(replace(_samples()[2], id_number="123456789012345"), TODAY)
