"""The counter journey (一窗受理), and the agent variant (代办) with the villager's consent.

card → item → [consent to that item] → form → materials checklist → decision → result
(办理结果: the decision recorded, its notice printed — the 受理通知书, the 一次性告知书 or the
不予受理通知书 — and the rating invited on the review pad; 完成 starts the next applicant).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.applicant import TypedIdentity, identity_from_typed
from core.application import (
    AgentConsent,
    Channel,
    Decision,
    DecisionKind,
    Submission,
    check_decision,
    counter_check,
)
from core.catalogue.models import ServiceItem
from core.clock import Clock, local_today
from core.errors import ValidationError
from core.flows.engine import Journey, Step, StepMap
from core.flows.filing import Filing
from core.forms import validate_form
from core.identity import Identity, check_identity
from core.messages import tr

__all__ = ["CounterState", "CounterStep", "Decision", "DecisionKind", "counter_journey"]


class CounterStep(enum.StrEnum):
    """The counter journey's steps."""

    READ_CARD = "read_card"
    CONSENT = "consent"
    PICK_ITEM = "pick_item"
    FORM = "form"
    MATERIALS = "materials"
    DECIDE = "decide"
    DONE = "done"  # 办理结果


@dataclass
class CounterState(Filing):
    agent_mode: bool = False
    consent: AgentConsent | None = None
    decision: Decision | None = None


def _item(s: CounterState) -> ServiceItem:
    if s.item is None:
        raise ValidationError("no item chosen", user_message=tr("请先选择事项。"))
    return s.item


def counter_steps(clock: Clock, *, agent_mode: bool = False) -> StepMap[CounterState]:
    def take_card(s: CounterState, p: Any) -> None:
        if isinstance(p, TypedIdentity):  # 人工录入: the reader failed, the clerk saw the card
            s.identity = identity_from_typed(p, local_today(clock))
            s.identity_typed = True
            return
        if not isinstance(p, Identity):
            raise ValidationError("no card", user_message=tr("请读取申请人身份证，或人工录入。"))
        check_identity(p, local_today(clock))
        s.identity = p
        s.identity_typed = False

    def take_consent(s: CounterState, p: Any) -> None:
        if not isinstance(p, AgentConsent):
            raise ValidationError("no consent", user_message=tr("请先记录申请人的委托同意。"))
        s.consent = p

    def take_item(s: CounterState, p: Any) -> None:
        if not isinstance(p, ServiceItem):
            raise ValidationError("no item", user_message=tr("请选择事项。"))
        s.item = p

    def take_form(s: CounterState, p: Any) -> None:
        _item(s)
        s.form = validate_form(s.form_schema, dict(p or {}), local_today(clock))

    def take_materials(s: CounterState, p: Any) -> None:
        provided: Mapping[str, Submission] = p or {}
        s.provided = dict(provided)
        channel = Channel.AGENT if agent_mode else Channel.COUNTER
        s.check = counter_check(_item(s), s.provided, channel)

    def take_decision(s: CounterState, p: Any) -> None:
        if not isinstance(p, Decision):
            raise ValidationError("no decision")
        if s.check is None:
            raise ValidationError("no checklist", user_message=tr("请先核验材料。"))
        check_decision(p, s.check, Channel.AGENT if agent_mode else Channel.COUNTER)
        s.decision = p

    steps: dict[str, Step[CounterState]] = {
        CounterStep.READ_CARD: Step("读取证件", take_card, CounterStep.PICK_ITEM),
        # 代办: the villager consents to the item chosen (the consent names it)
        CounterStep.PICK_ITEM: Step(
            "选择事项", take_item, CounterStep.CONSENT if agent_mode else CounterStep.FORM
        ),
        CounterStep.CONSENT: Step("委托同意", take_consent, CounterStep.FORM),
        CounterStep.FORM: Step("填写信息", take_form, CounterStep.MATERIALS),
        CounterStep.MATERIALS: Step("材料核验", take_materials, CounterStep.DECIDE),
        CounterStep.DECIDE: Step("受理决定", take_decision, CounterStep.DONE),
        # the decision is recorded: nothing to go back to (a wrong one is answered by the
        # platform's process, not undone at the counter)
        CounterStep.DONE: Step("办理结果", can_go_back=False),
    }
    trail: tuple[str, ...] = (
        CounterStep.READ_CARD,
        CounterStep.PICK_ITEM,
        CounterStep.FORM,
        CounterStep.MATERIALS,
        CounterStep.DECIDE,
        CounterStep.DONE,
    )
    if agent_mode:
        trail = (*trail[:2], CounterStep.CONSENT, *trail[2:])
    return StepMap(start=CounterStep.READ_CARD, steps=steps, trail=trail)


def counter_journey(clock: Clock, *, agent_mode: bool = False) -> Journey[CounterState]:
    return Journey(
        counter_steps(clock, agent_mode=agent_mode), lambda: CounterState(agent_mode=agent_mode)
    )
