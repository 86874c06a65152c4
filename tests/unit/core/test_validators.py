import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidIdNumber, ValidationError
from core.validators import (
    id_check_char,
    is_valid_id_number,
    normalize_phone,
    parse_date,
    parse_id_number,
    parse_phone,
)
from tests.helpers.samples import make_id


@pytest.mark.parametrize("number", ["11010519491231002X", "110101199001010031"])
def test_known_valid_numbers_from_the_reference(number: str) -> None:
    assert parse_id_number(number).value == number


def test_parse_extracts_birth_sex_and_region() -> None:
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth == date(1949, 12, 31)
    assert parsed.male is False  # 17th digit 2 is even
    assert parsed.region_prefix == "110105"
    assert parsed.masked == "1101**********002X"


def test_lowercase_x_and_spaces_are_accepted() -> None:
    assert parse_id_number(" 110105 19491231 002x ").value == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("11010519491231002", "18位"),
        ("1101051949123100211", "18位"),
        ("11010519491231002Y", "只能包含数字"),
        ("A1010519491231002X", "只能包含数字"),
        ("990105194912310028", "地区代码"),
        ("110105194902300020", "出生日期"),
        ("110105187901010020", "出生日期不合理"),
        ("110105194912310021", "校验位"),
    ],
)
def test_invalid_numbers_say_what_is_wrong_in_chinese(number: str, fragment: str) -> None:
    with pytest.raises(InvalidIdNumber) as err:
        parse_id_number(number)
    assert fragment in err.value.user_message


def test_future_birth_date_refused_when_today_given() -> None:
    number = make_id("11010520300101002")
    assert is_valid_id_number(number)
    with pytest.raises(InvalidIdNumber):
        parse_id_number(number, today=date(2026, 11, 24))


def test_permit_and_2023_foreigner_numbers_follow_the_same_rule() -> None:
    assert parse_id_number(make_id("81000019900101001")).region_prefix == "810000"
    foreign = parse_id_number(make_id("91101119900101001"))
    assert foreign.foreigner


@given(
    st.sampled_from(["11", "31", "44", "65", "81"]),
    st.integers(0, 9999),
    st.dates(date(1900, 1, 1), date(2025, 12, 31)),
    st.integers(0, 999),
)
def test_any_number_with_a_computed_check_char_validates(
    province: str, county: int, birth: date, seq: int
) -> None:
    first17 = f"{province}{county:04d}{birth:%Y%m%d}{seq:03d}"
    number = first17 + id_check_char(first17)
    parsed = parse_id_number(number)
    assert parsed.birth == birth
    assert parsed.male == (seq % 2 == 1)


@given(st.text(max_size=25))
def test_arbitrary_text_never_raises_anything_but_invalid_id(text: str) -> None:
    with contextlib.suppress(InvalidIdNumber):
        parse_id_number(text)


@given(
    st.sampled_from(["110101", "110105", "369901", "440305", "650102"]),
    st.dates(date(1900, 1, 1), date(2025, 12, 31)),
    st.integers(0, 999),
)
def test_exactly_one_check_char_is_right(region: str, birth: date, seq: int) -> None:
    """Of the eleven possible last characters of a well-formed number, exactly one — the
    computed check character — makes it valid (fails for a validator refusing everything,
    and for one ignoring the check digit)."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    valid = [c for c in "0123456789X" if is_valid_id_number(first17 + c)]
    assert valid == [id_check_char(first17)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("010-12345678", "010-12345678"),
        ("0799-1234567", "0799-1234567"),
        ("0086 19912345678", "19912345678"),
    ],
)
def test_phones_are_normalized(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "abc", "010-123", ""])
def test_bad_phones_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_phone(raw)
    assert "手机号码" in err.value.user_message


def test_landline_refused_where_a_mobile_is_needed() -> None:
    with pytest.raises(ValidationError, match="phone"):
        parse_phone("010-12345678", allow_landline=False)


def test_normalize_phone_keeps_unknown_shapes() -> None:
    assert normalize_phone("（010）12345678") == "01012345678"


@pytest.mark.parametrize(
    "raw", ["2024-05-01", "20240501", "2024.5.1", "2024/5/1", "2024年5月1日", "2024年05月01"]
)
def test_dates_in_the_shapes_citizens_write(raw: str) -> None:
    assert parse_date(raw) == date(2024, 5, 1)


@pytest.mark.parametrize("raw", ["2024-02-30", "May 1", "2024-13-01", ""])
def test_bad_dates_are_refused_with_the_expected_shape(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(raw)
    assert "2024-05-01" in err.value.user_message
