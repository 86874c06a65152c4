import uuid
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.application import (
    TRANSITIONS,
    AgentConsent,
    Applicant,
    Application,
    Channel,
    ConsentMethod,
    Defect,
    Status,
    Submission,
    consent_stands_for,
    counter_check,
    precheck,
)
from core.errors import IllegalTransition, ValidationError
from tests.helpers.clock import ManualClock
from tests.helpers.samples import simple_item


def make_app(clock: ManualClock, **kw: object) -> Application:
    values: dict[str, object] = {
        "local_id": uuid.uuid4(),
        "receipt_number": "K1-261124-ABC123",
        "item_impl_code": "X",
        "item_version": 1,
        "item_name": "居民身份证申领",
        "channel": Channel.KIOSK,
        "applicant": Applicant("张三", "110101199001010031", "resident"),
        "created_at": clock.now(),
        "terminal_id": "K1",
    }
    values.update(kw)
    return Application(**values)  # type: ignore[arg-type]


def test_happy_path_records_every_change(clock: ManualClock) -> None:
    app = make_app(clock)
    for status in (Status.QUEUED, Status.DELIVERING):
        clock.advance(1)
        app.advance(status, clock.now())
    app.deliver("3699010000000101001202611240001", clock.now())
    app.advance(Status.ACCEPTED, clock.now())
    app.advance(Status.COMPLETED, clock.now())
    assert [h.status for h in app.history] == [
        Status.DRAFT,
        Status.QUEUED,
        Status.DELIVERING,
        Status.DELIVERED,
        Status.ACCEPTED,
        Status.COMPLETED,
    ]
    assert app.official_number.endswith("0001")
    assert app.status.final


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.DRAFT, Status.DELIVERED),
        (Status.QUEUED, Status.DELIVERED),
        (Status.COMPLETED, Status.QUEUED),
        (Status.REJECTED, Status.ACCEPTED),
        (Status.HELD, Status.DELIVERED),
    ],
)
def test_illegal_transitions_raise(clock: ManualClock, start: Status, target: Status) -> None:
    app = make_app(clock, status=start)
    with pytest.raises(IllegalTransition):
        app.advance(target, clock.now())
    assert app.status is start


def test_every_status_is_in_the_table_and_finals_lead_nowhere() -> None:
    assert set(TRANSITIONS) == set(Status)
    for status in Status:
        if status.final:
            assert not TRANSITIONS[status]
        assert status.label


@given(st.lists(st.sampled_from(list(Status)), max_size=30))
def test_random_walks_only_follow_the_table(targets: list[Status]) -> None:
    clock = ManualClock()
    app = make_app(clock)
    for target in targets:
        before = app.status
        try:
            app.advance(target, clock.now())
        except IllegalTransition:
            assert target not in TRANSITIONS[before]
            assert app.status is before
        else:
            assert target in TRANSITIONS[before]
    for a, b in zip(app.history, app.history[1:], strict=False):
        assert b.status in TRANSITIONS[a.status]


def test_held_keeps_its_reason_and_clears_it_on_retry(clock: ManualClock) -> None:
    app = make_app(clock, status=Status.DELIVERING)
    app.advance(Status.HELD, clock.now(), "422: 材料缺失")
    assert app.hold_reason == "422: 材料缺失"
    app.advance(Status.QUEUED, clock.now())
    assert app.hold_reason == ""


def test_agent_application_needs_consent(clock: ManualClock) -> None:
    with pytest.raises(ValidationError) as err:
        make_app(clock, channel=Channel.AGENT)
    assert "委托" in err.value.user_message
    consent = AgentConsent("A01", "李代办", ConsentMethod.CARD_PRESENT, clock.now())
    assert make_app(clock, channel=Channel.AGENT, consent=consent).consent == consent


def test_deliver_needs_a_number(clock: ManualClock) -> None:
    app = make_app(clock, status=Status.DELIVERING)
    with pytest.raises(ValidationError):
        app.deliver("", clock.now() + timedelta(seconds=1))


def test_applicant_repr_is_masked() -> None:
    text = repr(Applicant("张三丰", "110101199001010031", "resident", "13812345678"))
    assert "张三丰" not in text
    assert "110101199001010031" not in text


# --- pre-check ---------------------------------------------------------------------------


def test_precheck_lists_every_missing_required_material_at_once() -> None:
    result = precheck(simple_item(), {})
    assert not result.complete
    assert [e.material.code for e in result.entries] == ["id_card", "hukou"]
    assert all(e.defect is Defect.MISSING for e in result.entries)
    assert "居民户口簿（原件及复印件1份） — 未提供" in [e.text for e in result.entries]


def test_precheck_complete_with_scans_and_elicence() -> None:
    provided = {"id_card": Submission(via_elicence=True), "hukou": Submission(pages=2)}
    result = precheck(simple_item(), provided)
    assert result.complete
    assert result.accepted == ("id_card", "hukou")


def test_defective_scan_is_reported_with_its_reason() -> None:
    provided = {
        "id_card": Submission(pages=1),
        "hukou": Submission(pages=1, defect=Defect.UNREADABLE, remark="反光"),
    }
    result = precheck(simple_item(), provided)
    assert [(e.material.code, e.defect, e.remark) for e in result.entries] == [
        ("hukou", Defect.UNREADABLE, "反光")
    ]


def test_conditional_material_becomes_required_when_condition_holds() -> None:
    provided = {"id_card": Submission(pages=1), "hukou": Submission(pages=1)}
    assert precheck(simple_item(), provided).complete
    result = precheck(simple_item(), provided, conditions_met=["power_of_attorney"])
    assert [e.material.code for e in result.entries] == ["power_of_attorney"]


def test_counter_requires_originals_to_be_seen() -> None:
    provided = {"id_card": Submission(pages=1), "hukou": Submission(pages=1, original_seen=True)}
    result = precheck(simple_item(), provided, counter=True)
    assert [(e.material.code, e.remark) for e in result.entries] == [("id_card", "需核验原件")]


def test_a_signed_consent_stands_for_the_power_of_attorney_only_where_accepted() -> None:
    """Issue 29 item 10: the villager's consent signed on the station's screen for this item is
    its 授权委托书 where the catalogue accepts an electronic one; elsewhere, or where nobody
    signed one (a hall's counter), a paper is still asked for."""
    from dataclasses import replace

    paper = simple_item()
    attorney = replace(paper.material("power_of_attorney"), consent_accepted=True)
    signed = replace(
        paper,
        materials=tuple(attorney if m.code == attorney.code else m for m in paper.materials),
    )
    assert consent_stands_for(signed, Channel.AGENT) == ("power_of_attorney",)
    assert consent_stands_for(signed, Channel.COUNTER) == ()
    assert consent_stands_for(paper, Channel.AGENT) == ()
    seen = Submission(pages=1, original_seen=True)
    provided = {
        "id_card": seen,
        "hukou": seen,
        "power_of_attorney": Submission(via_consent=True),
    }
    assert counter_check(signed, provided, Channel.AGENT).complete
    [entry] = counter_check(paper, provided, Channel.AGENT).entries
    assert (entry.material.code, entry.remark) == ("power_of_attorney", "本事项需提交书面材料")
    [entry] = counter_check(signed, provided, Channel.COUNTER).entries
    assert entry.remark == "未在代办站签署电子委托"


def test_optional_material_absent_is_fine() -> None:
    provided = {"id_card": Submission(pages=1), "hukou": Submission(pages=1)}
    assert "photo" not in precheck(simple_item(), provided).accepted


def test_the_worklist_shows_the_terminal_and_the_platform_apart() -> None:
    from core.application import Status

    assert Status.QUEUED.columns() == ("待上报", "—")
    assert Status.HELD.columns("422 材料不全") == ("待人工处理：422 材料不全", "—")
    assert Status.AWAITING_CORRECTION.columns() == ("待补正", "—")
    assert Status.DELIVERED.columns() == ("已上报", "已接收")
    assert Status.CORRECTION_REQUESTED.columns() == ("已上报", "需补正")
    assert Status.COMPLETED.columns() == ("已上报", "已办结")
