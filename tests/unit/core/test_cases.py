"""The 差评 case's rules (core.supervision.cases) and the statistics' definitions
(core.supervision.metrics): pure, without a platform."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ValidationError
from core.supervision.cases import (
    Case,
    CaseState,
    FollowUpResult,
    Outcome,
    case_from_dict,
    case_to_dict,
)
from core.supervision.metrics import (
    METRIC_BY_KEY,
    Channel,
    Dimension,
    Fact,
    Facts,
    RatingFact,
    split,
)

DAY = date(2026, 3, 2)


def _case(named: bool = True) -> Case:
    return Case(CaseState.VERIFYING, named, DAY, date(2026, 3, 9))


def test_the_closed_loop_in_order_and_no_step_out_of_it() -> None:
    case = _case()
    with pytest.raises(ValidationError):
        case.rectify("先整改")  # not verified yet
    with pytest.raises(ValidationError):
        case.verify("  ", Outcome.AT_ONCE, DAY)  # a finding is required
    rectifying = case.verify("窗口不足", Outcome.AT_ONCE, DAY)
    assert rectifying.state is CaseState.RECTIFYING
    with pytest.raises(ValidationError):
        rectifying.appeal("误评")  # an appeal is taken at 核实 only
    answered = rectifying.rectify("增开窗口")
    closed = answered.record_follow_up(FollowUpResult.SATISFIED, "电话回访", date(2026, 3, 10))
    assert (closed.state, closed.closed) == (CaseState.CLOSED, date(2026, 3, 10))
    assert closed.overdue(date(2026, 4, 1))  # closed after its deadline stays overdue
    assert not _case().overdue(date(2026, 3, 9))  # on its deadline: not yet


def test_rectifying_by_a_deadline_needs_one_after_today_and_within_the_policy() -> None:
    case = _case()
    with pytest.raises(ValidationError):
        case.verify("x", Outcome.BY_DEADLINE, DAY)
    with pytest.raises(ValidationError):
        case.verify("x", Outcome.BY_DEADLINE, DAY, DAY)
    with pytest.raises(ValidationError) as late:
        case.verify("x", Outcome.BY_DEADLINE, DAY, date(2026, 5, 1), date(2026, 4, 13))
    assert "2026-04-13" in late.value.user_message
    ledger = case.verify("x", Outcome.BY_DEADLINE, DAY, date(2026, 3, 20), date(2026, 4, 13))
    assert ledger.rectification_overdue(date(2026, 3, 21))
    assert case.verify("x", Outcome.EXPLAINED, DAY, date(2026, 3, 20)).rectify_by is None


def test_an_anonymous_rating_cannot_be_called_back_and_an_appeal_is_taken_once() -> None:
    answered = _case(named=False).verify("x", Outcome.EXPLAINED, DAY).rectify("说明")
    with pytest.raises(ValidationError):
        answered.record_follow_up(FollowUpResult.SATISFIED, "回访", DAY)
    assert answered.record_follow_up(FollowUpResult.UNREACHABLE, "已公示", DAY).closed == DAY
    dismissed = _case().appeal("误评").review(False, "差评成立", DAY)
    assert dismissed.state is CaseState.VERIFYING
    assert dismissed.counts_as_negative
    with pytest.raises(ValidationError):
        dismissed.appeal("再次申诉")
    upheld = _case().appeal("误评").review(True, "误触", DAY)
    assert upheld.state is CaseState.CLOSED
    assert not upheld.counts_as_negative


@given(
    st.sampled_from(list(CaseState)),
    st.booleans(),
    st.one_of(st.none(), st.sampled_from(list(Outcome))),
    st.one_of(st.none(), st.sampled_from(list(FollowUpResult))),
    st.one_of(st.none(), st.booleans()),
    st.text(max_size=20),
)
def test_a_case_is_stored_and_read_back_unchanged(
    state: CaseState,
    named: bool,
    outcome: Outcome | None,
    follow_up: FollowUpResult | None,
    upheld: bool | None,
    note: str,
) -> None:
    case = Case(
        state, named, DAY, None, outcome, note, None, note, follow_up, note, bool(upheld),
        note, upheld, DAY if state is CaseState.CLOSED else None,
    )  # fmt: skip
    assert case_from_dict(case_to_dict(case)) == case


def _fact(channel: Channel, *, hall: str = "H1", window: str = "1号窗口", **kw: object) -> Fact:
    values: dict[str, object] = {
        "official_number": f"N{id(kw)}",
        "hall": hall,
        "window": window,
        "clerk": "王芳（C101）",
        "item": "户籍证明开具",
        "channel": channel,
        "status": "completed",
        "received": DAY,
        "body": "公安局",
        "accepted": True,
        "completed": True,
        "instant": False,
        "overdue": False,
        "handling_days": 3,
    }
    values.update(kw)
    return Fact(**values)  # type: ignore[arg-type]


def test_metrics_count_by_their_definitions_and_say_nothing_without_data() -> None:
    empty = Facts([], [], [], [])
    assert all(METRIC_BY_KEY[k].value(empty) in (0, None) for k in METRIC_BY_KEY)
    facts = Facts(
        [
            _fact(Channel.ONLINE, official_number="A", window=""),
            _fact(Channel.COUNTER, official_number="B", completed=False, overdue=True),
            _fact(Channel.COUNTER, official_number="C", hall="", handling_days=9),
            _fact(Channel.KIOSK, official_number="D", accepted=False, completed=False),
        ],
        [RatingFact("H1", "1号窗口", "", "", Channel.COUNTER, "B", good=False)],
        [],
        [],
    )
    assert METRIC_BY_KEY["online_rate"].value(facts) == 25.0
    assert METRIC_BY_KEY["completion_rate"].value(facts) == 66.7  # 2 of 3 accepted
    members = METRIC_BY_KEY["overdue"].members
    assert members is not None
    assert members(facts) == ["B"]
    assert METRIC_BY_KEY["handling_p90"].value(facts) == 9
    assert METRIC_BY_KEY["good_rate"].value(facts) == 0.0
    by_hall = split(facts, Dimension.HALL)
    assert sorted(by_hall) == ["H1", "（未分配大厅）"]  # none left out
    by_window = split(facts, Dimension.WINDOW)
    assert [a.official_number for a in by_window["1号窗口"].applications] == ["B", "C", "D"]
