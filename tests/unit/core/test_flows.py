from datetime import date

import pytest

from core.application import AgentConsent, ConsentMethod, Defect, Submission
from core.errors import CardExpired, IllegalTransition, ValidationError
from core.evaluation import Rating, Satisfaction
from core.flows.counter import CounterStep, Decision, DecisionKind, counter_journey
from core.flows.engine import Journey, Step, StepMap
from core.flows.kiosk import KioskMode, KioskStep, NoticeChoice, kiosk_journey, unavailable
from tests.helpers.clock import ManualClock
from tests.helpers.samples import resident, simple_item

FORM = {"name": "张三丰", "id_number": "110101199001010031", "phone": "13812345678"}
ALL_SCANS = {"id_card": Submission(pages=1), "hukou": Submission(pages=2)}


def test_kiosk_happy_path(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    assert j.current == "welcome"
    assert j.advance(KioskMode.APPLY.value) == "read_card"
    assert j.advance(resident()) == "search"
    assert j.advance(simple_item()) == "guide"
    assert j.state.form_defaults()["name"] == "张三丰"  # pre-filled from the card
    assert j.advance() == "authorise"  # 授权用证: a licence could stand for the ID card
    assert j.advance(False) == "form"  # no: paper
    assert j.advance(FORM) == "scan"
    assert j.advance(ALL_SCANS) == "confirm"
    assert j.progress() == (6, 8)
    assert j.advance("K1-261124-ABCDEF") == "receipt"
    assert not j.can_go_back  # the receipt is printed: no way back
    assert j.advance() == "evaluate"
    assert j.advance(Rating(Satisfaction.VERY_SATISFIED)) == "done"
    assert j.finished
    assert j.state.rating == Rating(Satisfaction.VERY_SATISFIED)


def test_kiosk_missing_materials_lead_to_the_one_time_notice(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(), None, False, FORM):
        j.advance(payload)
    assert j.advance({"id_card": Submission(pages=1)}) == "notice"
    assert j.state.check is not None
    assert [e.material.code for e in j.state.check.entries] == ["hukou"]
    assert j.advance(NoticeChoice.RESCAN.value) == "scan"
    assert j.advance(ALL_SCANS) == "confirm"


def test_kiosk_notice_finish_ends_the_journey(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(), None, False, FORM, {}):
        j.advance(payload)
    assert j.current == "notice"
    assert j.advance(NoticeChoice.FINISH.value) == "done"


def test_expired_card_keeps_the_citizen_on_the_card_step(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    j.advance(KioskMode.APPLY.value)
    with pytest.raises(CardExpired):
        j.advance(resident(valid_to=date(2020, 1, 1)))
    assert j.current == "read_card"
    assert j.state.identity is None


def test_invalid_form_keeps_the_step_and_reports_fields(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(), None, False):
        j.advance(payload)
    with pytest.raises(ValidationError) as err:
        j.advance({**FORM, "phone": "1"})
    assert set(err.value.field_errors) == {"phone"}
    assert j.current == "form"


def test_back_and_cancel_wipe_everything(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item()):
        j.advance(payload)
    assert j.back() == "search"
    assert j.back() == "read_card"
    j.cancel()
    assert j.current == "welcome"
    assert j.state.identity is None
    assert j.state.item is None
    with pytest.raises(IllegalTransition):
        j.back()


def test_changing_the_item_forgets_form_and_scans(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(), None, False, FORM):
        j.advance(payload)
    j.back()
    j.back()
    j.back()
    j.back()  # form → 授权用证 → guide → search
    assert j.current == "search"
    j.state.licences["id_card"] = object()  # what the licences stood for, for the last item
    j.advance(simple_item(impl_code="OTHER"))
    assert j.state.form == {}
    assert j.state.licences == {}


def test_item_without_materials_skips_scanning(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(materials=()), None):
        j.advance(payload)
    assert j.advance(FORM) == "confirm"


def test_progress_query_branch(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    assert j.advance(KioskMode.QUERY.value) == "query"
    with pytest.raises(ValidationError):
        j.advance("  ")
    assert j.advance(" k1-261124-abcdef ") == "query_result"
    assert j.state.query == "K1-261124-ABCDEF"
    assert j.finished


def test_last_step_cannot_advance(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    j.advance(KioskMode.QUERY.value)
    j.advance("X")
    with pytest.raises(IllegalTransition):
        j.advance()


def test_confirm_requires_a_queued_receipt(clock: ManualClock) -> None:
    j = kiosk_journey(clock)
    for payload in (KioskMode.APPLY.value, resident(), simple_item(), None, False, FORM, ALL_SCANS):
        j.advance(payload)
    for not_queued in ("", None, 0, b"K0001-261201-8NVH0W"):
        with pytest.raises(ValidationError):
            j.advance(not_queued)
        assert j.current == KioskStep.CONFIRM
    j.advance("K0001-261201-8NVH0W")  # the receipt number of the queued application
    assert j.current == KioskStep.RECEIPT
    assert j.state.receipt_number == "K0001-261201-8NVH0W"


# --- counter ---------------------------------------------------------------------------

SEEN = {
    "id_card": Submission(pages=1, original_seen=True),
    "hukou": Submission(pages=2, original_seen=True),
}


def _to_decision(j: Journey, materials: dict[str, Submission]) -> None:  # type: ignore[type-arg]
    j.advance(resident())
    j.advance(simple_item())
    if j.current == "consent":
        j.advance(AgentConsent("A01", "李代办", ConsentMethod.SIGNED_FORM, ManualClock().now()))
    j.advance(FORM)
    j.advance(materials)
    assert j.current == "decide"


def test_counter_walks_every_step_it_has_to_the_result(clock: ManualClock) -> None:
    """The counter's journey has no step it never walks: the decision leads to the result
    (办理结果), the last step of the trail, where there is no going back."""
    mandate = {"power_of_attorney": Submission(pages=1, original_seen=True)}
    walked = set()
    for agent_mode, materials, steps in ((False, SEEN, 6), (True, SEEN | mandate, 7)):
        j = counter_journey(clock, agent_mode=agent_mode)
        walked.add(j.current)
        decision = Decision(DecisionKind.SUBMIT if agent_mode else DecisionKind.ACCEPT)
        payloads = [resident(), simple_item(), FORM, materials, decision]
        if agent_mode:
            payloads.insert(  # the consent names the item: it comes once the item is chosen
                2, AgentConsent("A01", "李代办", ConsentMethod.CARD_PRESENT, clock.now())
            )
        for payload in payloads:
            walked.add(j.advance(payload))
        assert j.current == "done"
        assert j.progress() == (steps, steps)
        assert not j.can_go_back
    assert walked == {s.value for s in CounterStep}


def test_a_village_station_submits_to_the_hall_and_never_decides(clock: ManualClock) -> None:
    """Issue 29 item 9: 受理 and 不予受理 are the implementing body's acts; the station
    submits (with everything there) or notifies what is missing (补正), and nothing else."""
    mandate = {"power_of_attorney": Submission(pages=1, original_seen=True)}
    for kind in (DecisionKind.ACCEPT, DecisionKind.REJECT):
        j = counter_journey(clock, agent_mode=True)
        for payload in (
            resident(),
            simple_item(),
            AgentConsent("A01", "李代办", ConsentMethod.CARD_PRESENT, clock.now()),
            FORM,
            SEEN | mandate,
        ):
            j.advance(payload)
        with pytest.raises(ValidationError) as refused:
            j.advance(Decision(kind, "理由"))
        assert "提交大厅受理" in refused.value.user_message
        assert j.current == "decide"
    j = counter_journey(clock)  # and a hall's window does not "submit": it decides
    _to_decision(j, SEEN)
    with pytest.raises(ValidationError):
        j.advance(Decision(DecisionKind.SUBMIT))
    assert j.advance(Decision(DecisionKind.ACCEPT)) == "done"


def test_counter_cannot_accept_with_missing_materials(clock: ManualClock) -> None:
    j = counter_journey(clock)
    _to_decision(j, {"id_card": Submission(pages=1, original_seen=True)})
    with pytest.raises(ValidationError) as err:
        j.advance(Decision(DecisionKind.ACCEPT))
    assert "补正" in err.value.user_message
    assert j.advance(Decision(DecisionKind.CORRECTION)) == "done"


def test_counter_correction_needs_something_missing(clock: ManualClock) -> None:
    j = counter_journey(clock)
    _to_decision(j, SEEN)
    with pytest.raises(ValidationError):
        j.advance(Decision(DecisionKind.CORRECTION))


def test_counter_reject_needs_a_reason(clock: ManualClock) -> None:
    j = counter_journey(clock)
    _to_decision(j, SEEN)
    with pytest.raises(ValidationError):
        j.advance(Decision(DecisionKind.REJECT, "  ", "《行政许可法》第三十二条"))
    with pytest.raises(ValidationError):  # and the law it rests on
        j.advance(Decision(DecisionKind.REJECT, "不属于本机关职权范围", " "))
    assert (
        j.advance(Decision(DecisionKind.REJECT, "不属于本机关职权范围", "《行政许可法》第三十二条"))
        == "done"
    )


def test_counter_originals_not_seen_are_missing(clock: ManualClock) -> None:
    j = counter_journey(clock)
    _to_decision(j, ALL_SCANS)
    assert j.state.check is not None
    assert {e.material.code for e in j.state.check.entries} == {"id_card", "hukou"}


def test_agent_mode_captures_consent_and_requires_power_of_attorney(clock: ManualClock) -> None:
    j = counter_journey(clock, agent_mode=True)
    j.advance(resident())
    assert j.current == "pick_item"
    j.advance(simple_item())
    assert j.current == "consent"  # to the item chosen: the consent names it
    with pytest.raises(ValidationError):
        j.advance(None)
    _rest = j.advance(AgentConsent("A01", "李代办", ConsentMethod.CARD_PRESENT, clock.now()))
    assert _rest == "form"
    j.advance(FORM)
    j.advance(SEEN)
    assert j.state.check is not None
    assert [e.material.code for e in j.state.check.entries] == ["power_of_attorney"]
    assert j.progress()[1] == 7


def test_defect_flows_into_the_notice(clock: ManualClock) -> None:
    j = counter_journey(clock)
    _to_decision(
        j, {**SEEN, "hukou": Submission(pages=1, original_seen=True, defect=Defect.INCOMPLETE)}
    )
    assert j.state.check is not None
    assert j.state.check.entries[0].defect is Defect.INCOMPLETE


def test_step_map_validates_its_own_shape() -> None:
    with pytest.raises(ValueError, match="unknown step"):
        StepMap(start="a", steps={"a": Step("A", None, "b")})
    with pytest.raises(ValueError, match="start step"):
        StepMap(start="x", steps={"a": Step("A")})
    with pytest.raises(ValueError, match="trail"):
        StepMap(start="a", steps={"a": Step("A")}, trail=("z",))


def test_the_rating_step_keeps_reasons_and_comment_and_its_rule(clock: ManualClock) -> None:
    from core.errors import ValidationError as Invalid

    with pytest.raises(Invalid):
        Rating(Satisfaction.DISSATISFIED)  # 差评 without a reason: refused before any step
    bad = Rating(Satisfaction.DISSATISFIED, ("等候时间过长",), "排队太久")
    assert (bad.reasons, bad.comment) == (("等候时间过长",), "排队太久")


def test_a_typed_id_number_works_only_for_items_that_allow_it(clock: ManualClock) -> None:
    from dataclasses import replace as _replace

    from core.applicant import TypedIdentity

    j = kiosk_journey(clock)
    j.advance(KioskMode.APPLY.value)
    with pytest.raises(ValidationError) as bad:
        j.advance(TypedIdentity("王小明", "110101199001010032"))  # check digit wrong
    assert j.current == "read_card"
    assert bad.value.user_message
    j.advance(TypedIdentity(" 王小明 ", "110101199001010031"))
    assert j.state.identity_typed
    assert j.state.identity is not None
    assert j.state.identity.birth == date(1990, 1, 1)
    assert j.state.identity.sex.label == "男"
    with pytest.raises(ValidationError) as refused:
        j.advance(simple_item())  # card required (the default)
    assert "须读取身份证" in refused.value.user_message
    j.advance(_replace(simple_item(), card_required=False))
    assert j.current == "guide"
    assert j.state.form_defaults()["name"] == "王小明"


def test_a_kiosk_without_a_store_offers_guides_alone() -> None:
    """A guide-only kiosk (not set up to take applications) offered 我要办事, 进度查询 and
    服务评价, and refused or failed them once chosen: they are not offered, with the reason."""
    for mode in (KioskMode.APPLY, KioskMode.QUERY, KioskMode.RATE):
        assert "仅提供办事指南查询" in unavailable(mode, {}, configured=False)
        assert unavailable(mode, {}) == ""
    assert unavailable(KioskMode.GUIDE, {}, configured=False) == ""
