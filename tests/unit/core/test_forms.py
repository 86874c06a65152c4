from datetime import date
from decimal import Decimal

import pytest

from core.errors import ValidationError
from core.forms import FieldType, FormField, FormSchema, prefill_values, validate_form
from tests.helpers.samples import resident, simple_item

TODAY = date(2026, 11, 24)


def test_prefill_from_card() -> None:
    values = prefill_values(simple_item().form, resident())
    assert values == {"name": "张三丰", "id_number": "110101199001010031"}


def test_valid_form_is_cleaned() -> None:
    cleaned = validate_form(
        simple_item().form,
        {"name": " 张三丰 ", "id_number": "110101199001010031", "phone": "+86 138 1234 5678"},
        TODAY,
    )
    assert cleaned == {"name": "张三丰", "id_number": "110101199001010031", "phone": "13812345678"}


def test_all_field_errors_are_reported_at_once_in_chinese() -> None:
    with pytest.raises(ValidationError) as err:
        validate_form(
            simple_item().form,
            {"name": "", "id_number": "110101199001010032", "phone": "123", "remark": "很长" * 10},
            TODAY,
        )
    errors = err.value.field_errors
    assert set(errors) == {"name", "id_number", "phone", "remark"}
    assert errors["name"] == "请填写申请人姓名。"
    assert "校验位" in errors["id_number"]
    assert errors["phone"].startswith("联系电话格式不正确")
    assert errors["remark"] == "备注不能超过10个字。"
    assert err.value.user_message == "有4项填写有误，请按提示修改。"


def test_single_error_message_is_the_field_message() -> None:
    with pytest.raises(ValidationError) as err:
        validate_form(
            simple_item().form, {"name": "张三", "id_number": "110101199001010031"}, TODAY
        )
    assert err.value.user_message == "请填写联系电话。"


def _schema(*fields: FormField) -> FormSchema:
    return FormSchema(fields)


def test_choice_field() -> None:
    schema = _schema(FormField("sex", "性别", FieldType.CHOICE, choices=("男", "女")))
    assert validate_form(schema, {"sex": "女"}, TODAY) == {"sex": "女"}
    with pytest.raises(ValidationError) as err:
        validate_form(schema, {"sex": "未知"}, TODAY)
    assert err.value.field_errors["sex"] == "请从列出的选项中选择性别。"
    with pytest.raises(ValidationError) as err:
        validate_form(schema, {}, TODAY)
    assert err.value.field_errors["sex"] == "请选择性别。"


def test_number_field_bounds() -> None:
    schema = _schema(
        FormField("area", "面积", FieldType.NUMBER, minimum=Decimal(0), maximum=Decimal(1000))
    )
    assert validate_form(schema, {"area": "88.5"}, TODAY) == {"area": "88.5"}
    for bad, fragment in (
        ("-1", "不能小于0"),
        ("1e9", "不能大于1000"),
        ("abc", "请填写数字"),
        ("NaN", "请填写数字"),
    ):
        with pytest.raises(ValidationError) as err:
            validate_form(schema, {"area": bad}, TODAY)
        assert fragment in err.value.field_errors["area"]


def test_date_field_normalizes_to_iso() -> None:
    schema = _schema(FormField("d", "出生日期", FieldType.DATE))
    assert validate_form(schema, {"d": "1990年1月2日"}, TODAY) == {"d": "1990-01-02"}


def test_pattern_with_custom_message() -> None:
    schema = _schema(
        FormField(
            "code",
            "统一社会信用代码",
            pattern=r"[0-9A-Z]{18}",
            pattern_message="请输入18位信用代码。",
        )
    )
    with pytest.raises(ValidationError) as err:
        validate_form(schema, {"code": "123"}, TODAY)
    assert err.value.field_errors["code"] == "请输入18位信用代码。"


def test_unknown_keys_are_dropped_and_optional_empty_left_out() -> None:
    schema = _schema(FormField("a", "甲", required=False), FormField("b", "乙"))
    assert validate_form(schema, {"b": "x", "evil": "y", "a": "  "}, TODAY) == {"b": "x"}


def test_mobile_field_refuses_landline() -> None:
    schema = _schema(FormField("m", "手机号码", FieldType.MOBILE))
    with pytest.raises(ValidationError) as err:
        validate_form(schema, {"m": "010-12345678"}, TODAY)
    assert "11位手机号码" in err.value.field_errors["m"]


def _foreigner(**overrides: object):  # type: ignore[no-untyped-def]
    from core.identity import CardType
    from core.validators import id_check_char

    base = "91101119900101001"
    values: dict[str, object] = {
        "card_type": CardType.FOREIGN_2023,
        "name": "玛丽",
        "english_name": "MARTIN MARIE CHRISTINE ELISABETH SOPHIE",
        "id_number": base + id_check_char(base),
        "nationality": "FRA",
        "address": "",
        "nation_code": "",
    }
    values.update(overrides)
    return resident(**values)


def test_a_foreigners_card_fills_the_form_as_the_card_says() -> None:
    """A 2023 foreigner's card filled a field labelled 公民身份号码 (a foreigner is not a 公民)
    and left the English name out; a long English name was refused as too long."""
    from core.applicant import applicant_from
    from core.forms import form_for

    item = simple_item()
    card = _foreigner()
    schema = form_for(item.form, card)
    assert schema.field("id_number").label == "永久居留身份证号码"
    values = prefill_values(schema, card)
    assert values["name"] == "MARTIN MARIE CHRISTINE ELISABETH SOPHIE（玛丽）"
    cleaned = validate_form(schema, {**values, "phone": "0791-12345678"}, date(2026, 12, 4))
    assert cleaned["id_number"] == card.id_number
    assert applicant_from(card, schema, cleaned).name == values["name"]
    # a card with the English name only: that name
    assert prefill_values(schema, _foreigner(name=""))["name"] == card.english_name


def test_residents_and_hmt_permit_holders_keep_the_published_form() -> None:
    from core.forms import form_for
    from core.identity import CardType

    item = simple_item()
    assert form_for(item.form, resident()) == item.form
    assert form_for(item.form, resident(card_type=CardType.HMT_PERMIT)) == item.form
    assert form_for(item.form, None) == item.form
