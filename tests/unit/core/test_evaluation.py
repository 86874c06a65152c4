import uuid
from datetime import datetime

import pytest

from core.clock import CST
from core.errors import ValidationError
from core.evaluation import (
    EXPORTERS,
    NEGATIVE_REASONS,
    Evaluation,
    EvaluationChannel,
    NationalStandardExporter,
    ProvincialApiExporter,
    Rating,
    Satisfaction,
    check_rating,
)

AT = datetime(2026, 11, 24, 10, 0, tzinfo=CST)


def ev(s: Satisfaction, **kw: object) -> Evaluation:
    values: dict[str, object] = {
        "local_id": uuid.uuid4(),
        "satisfaction": s,
        "channel": EvaluationChannel.HALL_TABLET,
        "at": AT,
        "terminal_id": "C1",
        "official_number": "36990100000001010012026112400001",
        "region_code": "369901001000",
    }
    values.update(kw)
    return Evaluation(**values)  # type: ignore[arg-type]


# The two code tables run in opposite directions (reference/devices.md §2).
NATIONAL = {
    Satisfaction.VERY_SATISFIED: "1",
    Satisfaction.SATISFIED: "2",
    Satisfaction.BASICALLY_SATISFIED: "3",
    Satisfaction.DISSATISFIED: "4",
    Satisfaction.VERY_DISSATISFIED: "5",
}
PROVINCIAL = {
    Satisfaction.VERY_SATISFIED: "5",
    Satisfaction.SATISFIED: "4",
    Satisfaction.BASICALLY_SATISFIED: "3",
    Satisfaction.DISSATISFIED: "2",
    Satisfaction.VERY_DISSATISFIED: "1",
}


@pytest.mark.parametrize("s", list(Satisfaction))
def test_national_standard_codes(s: Satisfaction) -> None:
    assert NationalStandardExporter().satisfaction_code(s) == NATIONAL[s]


@pytest.mark.parametrize("s", list(Satisfaction))
def test_provincial_codes_run_the_other_way(s: Satisfaction) -> None:
    assert ProvincialApiExporter().satisfaction_code(s) == PROVINCIAL[s]


def test_only_the_two_lowest_levels_are_negative() -> None:
    assert [s.is_negative for s in Satisfaction] == [False, False, False, True, True]


@pytest.mark.parametrize("s", [Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED])
def test_negative_rating_needs_a_reason_where_it_is_asked_and_is_kept_where_not(
    s: Satisfaction,
) -> None:
    """Asked on a screen (the kiosk's Rating, a tablet or on-screen pad), a 差评 needs a
    reason; from a key pad, which cannot ask, it is kept without one: every 差评 is followed up
    (it was refused and dropped)."""
    with pytest.raises(ValidationError) as err:
        Rating(s)
    assert "原因" in err.value.user_message
    with pytest.raises(ValidationError):
        check_rating(s, (), "")
    assert Rating(s, ("等候时间过长",)).satisfaction is s
    assert Rating(s, comment="窗口无人").satisfaction is s
    kept = ev(s)  # the record of a key pad's 差评
    assert (kept.satisfaction, kept.reasons, kept.comment) == (s, (), "")


def test_unknown_reason_is_refused() -> None:
    with pytest.raises(ValidationError):
        ev(Satisfaction.DISSATISFIED, reasons=("不喜欢",))


def test_national_export_has_the_table_9_fields() -> None:
    record = NationalStandardExporter().export(
        ev(Satisfaction.DISSATISFIED, reasons=(NEGATIVE_REASONS[2],), comment="排队一小时")
    )
    assert record == {
        "办件编号": "36990100000001010012026112400001",
        "评价渠道": "4",
        "评价时间": "2026-11-24T10:00:00+08:00",
        "评价次数": "1",
        "满意度": "不满意",
        "满意度代码": "4",
        "文字评价": "等候时间过长；排队一小时",
        "行政区划": "369901",
    }


def test_provincial_export_is_anonymous_and_reversed() -> None:
    record = ProvincialApiExporter().export(ev(Satisfaction.VERY_SATISFIED))
    assert record["satisfaction"] == "5"
    assert record["isAnonymous"] is True
    assert record["evaluateTime"] == "2026-11-24 10:00:00"


def test_exporters_are_registered_by_name() -> None:
    assert set(EXPORTERS) == {"gbt39046", "provincial"}


def test_second_rating_allowed_third_refused() -> None:
    assert ev(Satisfaction.SATISFIED, attempt=2).attempt == 2
    with pytest.raises(ValidationError):
        ev(Satisfaction.SATISFIED, attempt=3)
