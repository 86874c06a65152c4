"""core.messages: a text is its Chinese and remembers how it was made."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import CardExpired, HallError, ValidationError
from core.forms import FieldType, FormField, check_field
from core.messages import Text, tr
from core.validators import parse_id_number


def test_a_text_is_its_chinese_and_keeps_its_template() -> None:
    m = tr("{label}不能超过{n}个字。", label="联系电话", n=20)
    assert m == "联系电话不能超过20个字。"
    assert isinstance(m, str)
    assert isinstance(m, Text)
    assert m.template == "{label}不能超过{n}个字。"
    assert m.args == {"label": "联系电话", "n": 20}
    assert pickle.loads(pickle.dumps(m)).template == m.template


def test_texts_put_together_stay_texts() -> None:
    a = tr("读卡器暂不可用")
    said = "注意：" + a + "。"
    assert said == "注意：读卡器暂不可用。"
    assert isinstance(said, Text)
    assert said.args["_0"].args["_1"] is a  # type: ignore[union-attr]


@given(st.text(max_size=20), st.integers())
def test_arguments_are_any_values(label: str, n: int) -> None:
    m = tr("{label}至少需要{n}个字。", label=label, n=n)
    assert m == f"{label}至少需要{n}个字。"


def test_the_rules_say_what_is_wrong_as_texts() -> None:
    """Core's messages are made with tr, arguments and all (so an interface can say them in
    English): a field's message names the field, the ID number's the count typed."""
    with pytest.raises(ValidationError) as e:
        parse_id_number("11010119900101")
    assert isinstance(e.value.user_message, Text)
    assert e.value.user_message.args == {"n": 14}
    f = FormField("phone", "联系电话", FieldType.MOBILE, required=True)
    said = check_field(f, "", date(2026, 11, 30))
    assert isinstance(said, Text)
    assert said.args == {"label": "联系电话"}
    inner = check_field(f, "123", date(2026, 11, 30))
    assert isinstance(inner, Text)
    assert isinstance(inner.args["reason"], Text)
    assert isinstance(HallError("x").user_message, Text)
    assert isinstance(CardExpired("x").user_message, Text)
