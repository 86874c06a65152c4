"""The kiosk journey (自助终端): card → item → guide → form → scan → pre-check → submit →
receipt → evaluation; or a progress query; or a number for the hall's queue (取号: card or
none → category → ticket; 预约签到: card → today's appointment → ticket). A citizen alone,
one decision per screen."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.applicant import TypedIdentity, identity_from_typed
from core.application import Submission, precheck
from core.catalogue.models import ServiceItem
from core.clock import Clock, local_today
from core.elicence.licences import wanted_types
from core.errors import ValidationError
from core.evaluation import Rating
from core.flows.engine import Journey, Step, StepMap
from core.flows.filing import Filing
from core.flows.kiosk_steps import KioskMode as KioskMode  # re-exported: the journeys
from core.flows.kiosk_steps import KioskStep as KioskStep  # and their steps
from core.forms import validate_form
from core.identity import Identity, check_identity
from core.messages import tr
from core.ports import DeviceState


class Claim(enum.Enum):
    """A priority the citizen claims at the kiosk (shown at the window: 到窗口出示证件)."""

    NONE = ""
    DISABLED = "disabled"  # 残疾人
    SERVICE_MEMBER = "service_member"  # 军人、消防救援人员


@dataclass(frozen=True)
class TicketChoice:
    """取号's choice: the category's letter and the priority claimed."""

    letter: str
    claim: Claim = Claim.NONE


@dataclass(frozen=True)
class RatingTarget:
    """The earlier application a citizen rates at the kiosk, found by its receipt code."""

    local_id: uuid.UUID
    receipt_number: str
    item_name: str


class NoticeChoice(enum.Enum):
    RESCAN = "rescan"  # go back and add what is missing
    FINISH = "finish"  # take the printed one-time notice and leave


#: What each journey needs (readiness): 我要办事 reads the card, scans the materials and prints
#: the receipt; a query, a guide on screen and a rating need none of them.
NEEDS: dict[KioskMode, tuple[str, ...]] = {
    KioskMode.APPLY: ("storage", "idcard", "camera", "printer"),
    KioskMode.QUERY: (),
    KioskMode.GUIDE: (),
    KioskMode.RATE: ("storage",),
    KioskMode.TICKET: ("printer",),  # with or without a card
    KioskMode.CHECK_IN: ("idcard", "printer"),
    KioskMode.ENROL: ("idcard", "printer"),
}
_MISSING = {
    "storage": tr("本机存储空间不足"),  # the store's disk (not a device a citizen sees)
    "idcard": tr("读卡器暂不可用"),
    "camera": tr("高拍仪暂不可用"),
    "printer": tr("打印机缺纸或故障"),
}


def unavailable(
    mode: KioskMode, states: Mapping[str, DeviceState], *, configured: bool = True
) -> str:
    """Why a journey is not offered now ("" when it is): a kiosk not set up to take
    applications (no store: ``configured`` False) offers guides only; a device a journey needs
    reported that it is gone or faulty. A device not reported yet (starting) does not block."""
    if not configured and mode is not KioskMode.GUIDE:
        return tr("本终端仅提供办事指南查询，请到窗口办理")
    for device in NEEDS[mode]:
        if states.get(device) in (DeviceState.DISCONNECTED, DeviceState.FAULT):
            return tr("{reason}，请到窗口办理", reason=_MISSING[device])
    return ""


@dataclass
class KioskState(Filing):
    mode: KioskMode | None = None
    receipt_number: str = ""
    notice_choice: NoticeChoice | None = None
    rating: Rating | None = None  # None: the citizen chose not to rate
    rated: bool = False  # the rating step was passed (rated or skipped)
    rate_target: RatingTarget | None = None  # RATE mode: the application being rated
    query: str = ""
    ticket: Any = None  # 取号, 预约签到: the ticket issued (terminal.queue_desk.IssuedTicket)
    #: 授权用证: the citizen's answer (None: not asked), the application it named, and the
    #: licences standing for materials (code → terminal.licence_desk.LicenceUse)
    authorised: bool | None = None
    application_id: uuid.UUID | None = None
    licences: dict[str, Any] = field(default_factory=dict)
    #: 网上注册: the platform's request (the code sent) and its answer (the account)
    enrolment: dict[str, Any] | None = None
    enrolled: dict[str, Any] | None = None


def _need_item(s: KioskState) -> ServiceItem:
    if s.item is None:
        raise ValidationError("no item chosen", user_message=tr("请先选择要办理的事项。"))
    return s.item


def kiosk_steps(clock: Clock) -> StepMap[KioskState]:
    def choose_mode(s: KioskState, p: Any) -> None:
        s.mode = KioskMode(p)

    def take_card(s: KioskState, p: Any) -> None:
        if p is None and s.mode is KioskMode.TICKET:  # 不刷卡取号: no card, nobody known
            s.identity = None
            return
        if isinstance(p, TypedIdentity):
            if s.mode is KioskMode.ENROL:  # 实名: the account is verified by the card read
                raise ValidationError(
                    "enrolment needs a card read",
                    user_message=tr("网上注册须读取本人身份证，请将身份证放在感应区。"),
                )
            s.identity = identity_from_typed(p, local_today(clock))
            s.identity_typed = True
            return
        if not isinstance(p, Identity):
            raise ValidationError("no card read", user_message=tr("请将身份证放在读卡区。"))
        check_identity(p, local_today(clock))
        s.identity = p
        s.identity_typed = False

    def take_item(s: KioskState, p: Any) -> None:
        if not isinstance(p, ServiceItem):
            raise ValidationError("no item", user_message=tr("请选择要办理的事项。"))
        if s.mode is KioskMode.APPLY and s.identity_typed and p.card_required:
            raise ValidationError(
                f"{p.impl_code} needs a card read",
                user_message=tr(
                    "“{item}”须读取身份证办理。请返回首页刷身份证，或咨询工作人员。", item=p.name
                ),
            )
        if s.item is not None and s.item.impl_code != p.impl_code:
            s.form.clear()
            s.provided.clear()
            s.licences.clear()  # asked for that item: this one is asked again
            s.authorised = None
        s.item = p

    def take_form(s: KioskState, p: Any) -> None:
        _need_item(s)
        s.form = validate_form(s.form_schema, dict(p or {}), local_today(clock))

    def take_scans(s: KioskState, p: Any) -> None:
        provided: Mapping[str, Submission] = p or {}
        s.provided = dict(provided)
        s.check = precheck(_need_item(s), s.provided)

    def after_form(s: KioskState) -> str:
        return KioskStep.SCAN if _need_item(s).materials else KioskStep.CONFIRM

    def after_scan(s: KioskState) -> str:
        return KioskStep.CONFIRM if s.check is not None and s.check.complete else KioskStep.NOTICE

    def take_notice(s: KioskState, p: Any) -> None:
        s.notice_choice = NoticeChoice(p)

    def after_notice(s: KioskState) -> str:
        return KioskStep.SCAN if s.notice_choice is NoticeChoice.RESCAN else KioskStep.DONE

    def take_receipt(s: KioskState, p: Any) -> None:
        if not isinstance(p, str) or not p:
            raise ValidationError("no receipt number: application was not queued")
        s.receipt_number = p

    def take_rating(s: KioskState, p: Any) -> None:
        if p is not None and not isinstance(p, Rating):
            raise ValidationError("rating payload must be a Rating or None")
        s.rating = p
        s.rated = True

    def take_rate_target(s: KioskState, p: Any) -> None:
        if not isinstance(p, RatingTarget):
            raise ValidationError("no application to rate", user_message=tr("请输入回执编号。"))
        s.rate_target = p

    def after_card(s: KioskState) -> str:
        return {
            KioskMode.TICKET: KioskStep.QUEUE_CATEGORY,
            KioskMode.CHECK_IN: KioskStep.APPOINTMENTS,
            KioskMode.ENROL: KioskStep.ENROL_PHONE,
        }.get(s.mode or KioskMode.APPLY, KioskStep.SEARCH)

    def take_ticket(s: KioskState, p: Any) -> None:
        if p is None:
            raise ValidationError("no ticket issued")
        s.ticket = p

    def after_welcome(s: KioskState) -> str:
        return {
            KioskMode.APPLY: KioskStep.READ_CARD,
            KioskMode.QUERY: KioskStep.QUERY,
            KioskMode.GUIDE: KioskStep.SEARCH,
            KioskMode.RATE: KioskStep.RATE_CODE,
            KioskMode.TICKET: KioskStep.READ_CARD,
            KioskMode.CHECK_IN: KioskStep.READ_CARD,
            KioskMode.ENROL: KioskStep.READ_CARD,
        }[s.mode or KioskMode.APPLY]

    def after_guide(s: KioskState) -> str:
        if s.mode is not KioskMode.APPLY:
            return KioskStep.DONE
        # 授权用证 where a licence could stand for a material, for a card's holder (a number
        # typed in proves no one)
        if wanted_types(_need_item(s)) and not s.identity_typed:
            return KioskStep.AUTHORISE
        return KioskStep.FORM

    def take_authorisation(s: KioskState, p: Any) -> None:
        s.authorised = bool(p)
        if not s.authorised:
            s.licences.clear()

    def take_enrolment(s: KioskState, p: Any) -> None:
        if not isinstance(p, dict) or not p.get("request"):
            raise ValidationError("no verification code requested")
        s.enrolment = p

    def take_enrolled(s: KioskState, p: Any) -> None:
        if not isinstance(p, dict) or not p.get("account"):
            raise ValidationError("no account")
        s.enrolled = p

    def take_query(s: KioskState, p: Any) -> None:
        text = str(p or "").strip().upper()
        if not text:
            raise ValidationError("empty query", user_message=tr("请输入回执编号或刷身份证查询。"))
        s.query = text

    return StepMap(
        start=KioskStep.WELCOME,
        steps={
            KioskStep.WELCOME: Step(tr("首页"), choose_mode, after_welcome),
            KioskStep.READ_CARD: Step(tr("读取证件"), take_card, after_card),
            KioskStep.SEARCH: Step(tr("选择事项"), take_item, KioskStep.GUIDE),
            KioskStep.GUIDE: Step(tr("办事指南"), None, after_guide),
            KioskStep.AUTHORISE: Step(tr("授权用证"), take_authorisation, KioskStep.FORM),
            KioskStep.FORM: Step(tr("填写信息"), take_form, after_form),
            KioskStep.SCAN: Step(tr("扫描材料"), take_scans, after_scan),
            KioskStep.NOTICE: Step(tr("一次性告知"), take_notice, after_notice),
            KioskStep.CONFIRM: Step(tr("确认提交"), take_receipt, KioskStep.RECEIPT),
            KioskStep.RECEIPT: Step(tr("打印回执"), None, KioskStep.EVALUATE, can_go_back=False),
            KioskStep.EVALUATE: Step(
                tr("服务评价"), take_rating, KioskStep.DONE, can_go_back=False
            ),
            KioskStep.DONE: Step(tr("办理完成"), can_go_back=False),
            KioskStep.QUERY: Step(tr("进度查询"), take_query, KioskStep.QUERY_RESULT),
            KioskStep.QUERY_RESULT: Step(tr("查询结果")),
            KioskStep.RATE_CODE: Step(tr("服务评价"), take_rate_target, KioskStep.EVALUATE),
            # 取号 and 预约签到: the choice is made and the ticket issued, then shown
            KioskStep.QUEUE_CATEGORY: Step(tr("选择业务"), take_ticket, KioskStep.TICKET),
            KioskStep.APPOINTMENTS: Step(tr("预约签到"), take_ticket, KioskStep.TICKET),
            KioskStep.TICKET: Step(tr("排队号"), can_go_back=False),
            # 网上注册: the phone (the code sent), the code, the account
            KioskStep.ENROL_PHONE: Step(tr("手机号码"), take_enrolment, KioskStep.ENROL_CODE),
            KioskStep.ENROL_CODE: Step(tr("短信验证"), take_enrolled, KioskStep.ENROL_DONE),
            KioskStep.ENROL_DONE: Step(tr("注册完成"), can_go_back=False),
        },
        trail=(
            KioskStep.READ_CARD,
            KioskStep.SEARCH,
            KioskStep.GUIDE,
            KioskStep.FORM,
            KioskStep.SCAN,
            KioskStep.CONFIRM,
            KioskStep.RECEIPT,
            KioskStep.EVALUATE,
        ),
    )


def kiosk_journey(clock: Clock) -> Journey[KioskState]:
    return Journey(kiosk_steps(clock), KioskState)
