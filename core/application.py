"""Applications (办件): what a citizen or an agent submits, and its status machine.

    draft → queued → delivering → delivered → accepted → completed
                 ↖________↙   ↘ held          ↘ correction_requested ⇄ (queued: resubmitted)
                                               ↘ rejected

Nothing is deleted on send; every change is kept in ``history``.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeGuard

from core.catalogue.models import Material, MaterialForm, ServiceItem
from core.errors import IllegalTransition, ValidationError
from core.messages import tr


class Status(enum.Enum):
    DRAFT = "draft"
    AWAITING_CORRECTION = "awaiting_correction"  # 待补正: counter asked for more; kept locally
    QUEUED = "queued"  # durable in the outbox; receipt printed
    DELIVERING = "delivering"
    DELIVERED = "delivered"  # the platform assigned the official number
    HELD = "held"  # permanent error: needs a person
    ACCEPTED = "accepted"  # 受理
    CORRECTION_REQUESTED = "correction_requested"  # 补正
    REJECTED = "rejected"  # 不予受理
    COMPLETED = "completed"  # 办结

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def final(self) -> bool:
        return self in (Status.REJECTED, Status.COMPLETED)

    @property
    def confirmed_by_platform(self) -> bool:
        return self in _PLATFORM_STATES

    def columns(self, hold_reason: str = "") -> tuple[str, str]:
        """The worklist's two state columns: where the application stands on this terminal,
        and what the platform has said of it ("—" until it has)."""
        if self.confirmed_by_platform:
            return tr("已上报"), (tr("已接收") if self is Status.DELIVERED else self.label)
        if self is Status.HELD and hold_reason:
            return tr("{status}：{reason}", status=self.label, reason=hold_reason), "—"
        return self.label, "—"

    @property
    def purgeable(self) -> bool:
        """Personal data may go after the retention period: the platform has it, or the
        applicant never came back to complete it (an abandoned 待补正)."""
        return self in _PLATFORM_STATES or self is Status.AWAITING_CORRECTION


_STATUS_LABELS = {
    Status.DRAFT: tr("草稿"),
    Status.AWAITING_CORRECTION: tr("待补正"),
    Status.QUEUED: tr("待上报"),
    Status.DELIVERING: tr("上报中"),
    Status.DELIVERED: tr("已上报"),
    Status.HELD: tr("待人工处理"),
    Status.ACCEPTED: tr("已受理"),
    Status.CORRECTION_REQUESTED: tr("需补正"),
    Status.REJECTED: tr("不予受理"),
    Status.COMPLETED: tr("已办结"),
}
#: The platform's decisions on a delivered application, the one vocabulary of the wire: central
#: sets them (its admin API and CLI) and sends them in progress as ``Status.value``; terminals
#: read them back with :func:`platform_decision`.
PLATFORM_DECISIONS = (
    Status.ACCEPTED,
    Status.CORRECTION_REQUESTED,
    Status.REJECTED,
    Status.COMPLETED,
)
_PLATFORM_STATES = frozenset({Status.DELIVERED, *PLATFORM_DECISIONS})


def platform_decision(wire: object) -> Status | None:
    """The decision a progress change names, or None for anything else."""
    return next((s for s in PLATFORM_DECISIONS if s.value == wire), None)


#: Allowed status changes. Platform states may arrive out of order (a terminal offline for a
#: week may learn of 办结 directly), so delivered may jump to any platform state.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.QUEUED, Status.AWAITING_CORRECTION}),
    Status.AWAITING_CORRECTION: frozenset({Status.QUEUED, Status.AWAITING_CORRECTION}),
    Status.QUEUED: frozenset({Status.DELIVERING}),
    Status.DELIVERING: frozenset({Status.DELIVERED, Status.QUEUED, Status.HELD}),
    Status.HELD: frozenset({Status.QUEUED}),
    Status.DELIVERED: frozenset(
        {Status.ACCEPTED, Status.CORRECTION_REQUESTED, Status.REJECTED, Status.COMPLETED}
    ),
    Status.ACCEPTED: frozenset({Status.CORRECTION_REQUESTED, Status.COMPLETED, Status.REJECTED}),
    Status.CORRECTION_REQUESTED: frozenset(
        {Status.QUEUED, Status.ACCEPTED, Status.REJECTED, Status.COMPLETED}
    ),
    Status.REJECTED: frozenset(),
    Status.COMPLETED: frozenset(),
}


class Channel(enum.Enum):
    KIOSK = "kiosk"  # 自助终端
    COUNTER = "counter"  # 窗口
    AGENT = "agent"  # 代办


class ConsentMethod(enum.Enum):
    SIGNED_FORM = "signed_form"  # 委托书 signed and scanned
    SIGNATURE_PAD = "signature_pad"
    CARD_PRESENT = "card_present"  # villager present, card read on the agent's reader


@dataclass(frozen=True, slots=True)
class Applicant:
    """The person applying: a snapshot of what the card said plus contact data."""

    name: str
    id_number: str
    card_type: str
    phone: str = ""
    address: str = ""
    verified_by_card: bool = True  # False: the ID number was typed, no card was read

    def __repr__(self) -> str:
        from core.validators import mask_id_number, mask_name

        return f"Applicant(name={mask_name(self.name)!r}, id={mask_id_number(self.id_number)!r})"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class AgentConsent:
    """代办: the agent submitting on the villager's behalf, and how consent was captured."""

    agent_id: str
    agent_name: str
    method: ConsentMethod
    captured_at: datetime
    evidence_sha256: str = ""  # the scanned 委托书 or signature, when the method has one
    text_version: str = ""  # the consent text the villager saw (core.consent.CONSENT_VERSION)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A scanned material: content-addressed, never stored inline."""

    material_code: str
    sha256: str
    pages: int
    media_type: str  # image/jpeg, application/pdf
    size: int


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: Status
    at: datetime
    note: str = ""


@dataclass(slots=True)
class Application:
    local_id: uuid.UUID  # UUIDv7: also the sync idempotency key
    receipt_number: str  # provisional, printed at once
    item_impl_code: str
    item_version: int
    item_name: str
    channel: Channel
    applicant: Applicant
    created_at: datetime
    terminal_id: str
    form_data: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    consent: AgentConsent | None = None
    official_number: str = ""  # 办件编号, once the platform assigns it
    # the counter's materials checklist (material code → what was provided), kept while the
    # application waits for a correction so the applicant does not bring it all again
    checklist: dict[str, Submission] = field(default_factory=dict)
    status: Status = Status.DRAFT
    history: list[StatusChange] = field(default_factory=list)
    hold_reason: str = ""
    # the counter's decisions on it, in order: each 补正 visit, then 受理 / 不予受理 (or the
    # station's 代办提交) — who, at which window, when, why, and what was missing
    decisions: list[DecisionRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.channel is Channel.AGENT and self.consent is None:
            raise ValidationError(
                "agent application without consent",
                user_message=tr("代办申请须先记录申请人的委托同意。"),
            )
        if not self.history:
            self.history.append(StatusChange(self.status, self.created_at))

    def can_become(self, target: Status) -> bool:
        return target in TRANSITIONS[self.status]

    def advance(self, target: Status, at: datetime, note: str = "") -> None:
        """Moves to ``target``, recording the change.

        Raises:
            IllegalTransition: the machine does not allow ``status → target``.
        """
        if not self.can_become(target):
            raise IllegalTransition(f"{self.status.value} → {target.value} is not allowed")
        self.status = target
        self.hold_reason = note if target is Status.HELD else ""
        self.history.append(StatusChange(target, at, note))

    def deliver(self, official_number: str, at: datetime) -> None:
        if not official_number:
            raise ValidationError("empty official number")
        self.advance(Status.DELIVERED, at, official_number)
        self.official_number = official_number


# --- pre-check (预审) and the one-time notice (一次性告知) -------------------------------


class Defect(enum.Enum):
    MISSING = tr("未提供")
    UNREADABLE = tr("扫描不清晰")
    INCOMPLETE = tr("页数不全")
    EXPIRED = tr("已过有效期")
    WRONG_DOCUMENT = tr("材料与要求不符")


@dataclass(frozen=True, slots=True)
class Submission:
    """What was provided for one material."""

    pages: int = 0
    via_elicence: bool = False  # replaced by an e-licence (免提交)
    original_seen: bool = False  # counter: original checked by staff (原件核验)
    original_kept: bool = False  # counter: the original stays with the hall (原件收取), seen
    defect: Defect | None = None  # set by a scan check or by staff
    remark: str = ""
    # an agent station: the consent signed on its screen for this item stands for it (an
    # electronic 授权委托书, where the material accepts one: Material.consent_accepted)
    via_consent: bool = False
    # the e-licence that stands for it (its GB/T 36904 identifier; with via_elicence)
    elicence: str = ""

    @property
    def provided(self) -> bool:
        """Something stands for the material: pages, an e-licence or a signed consent."""
        return self.pages > 0 or self.via_elicence or self.via_consent


@dataclass(frozen=True, slots=True)
class NoticeEntry:
    material: Material
    defect: Defect
    remark: str = ""

    @property
    def text(self) -> str:
        m = self.material
        if m.form is MaterialForm.ELECTRONIC:
            said = tr("{name} — {defect}", name=m.name, defect=self.defect.value)
        else:
            said = tr(
                "{name}（{form}{copies}份） — {defect}",
                name=m.name,
                form=m.form.value,
                copies=m.copies,
                defect=self.defect.value,
            )
        return tr("{said}：{remark}", said=said, remark=self.remark) if self.remark else said


@dataclass(frozen=True, slots=True)
class PrecheckResult:
    """The result of checking materials against the item: every problem at once."""

    entries: tuple[NoticeEntry, ...]
    accepted: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.entries


def consent_stands_for(item: ServiceItem, channel: Channel) -> tuple[str, ...]:
    """Materials the consent a villager signs on an agent station's screen for this item
    stands for — its electronic 授权委托书, where the catalogue accepts one — so the checklist
    does not ask the agent for a paper that does not exist."""
    if channel is not Channel.AGENT:
        return ()
    return tuple(m.code for m in item.materials if m.consent_accepted)


def proxy_conditions(item: ServiceItem, by_agent: bool) -> list[str]:
    """Materials conditioned on applying through someone else (委托) — required when an agent
    applies for the applicant (代办)."""
    return [m.code for m in item.materials if by_agent and "委托" in m.condition]


def precheck(
    item: ServiceItem,
    provided: Mapping[str, Submission],
    *,
    conditions_met: Iterable[str] = (),
    counter: bool = False,
    consent_signed: bool = False,
) -> PrecheckResult:
    """Checks what was provided against the item's materials list.

    Args:
        provided: material code → what was provided.
        conditions_met: material codes whose condition holds (e.g. "委托办理的提供" when an
            agent applies); those become required.
        counter: at a counter, materials requiring an original also need ``original_seen``.
        consent_signed: the applicant signed a consent for this item (an agent station); a
            material marked as standing on it is refused without one.
    """
    conditional = set(conditions_met)
    entries: list[NoticeEntry] = []
    accepted: list[str] = []
    for m in item.materials:
        needed = m.required or m.code in conditional
        sub = provided.get(m.code)
        if sub is None or not sub.provided:
            if needed:
                entries.append(NoticeEntry(m, Defect.MISSING))
            continue
        if sub.via_elicence and m.elicence_type:
            accepted.append(m.code)
            continue
        if sub.via_consent and sub.pages == 0:
            if not consent_signed:
                entries.append(NoticeEntry(m, Defect.MISSING, tr("未在代办站签署电子委托")))
            elif m.consent_accepted:
                accepted.append(m.code)
            else:  # the item asks for a paper one
                entries.append(NoticeEntry(m, Defect.MISSING, tr("本事项需提交书面材料")))
            continue
        if sub.defect is not None:
            entries.append(NoticeEntry(m, sub.defect, sub.remark))
            continue
        wants_original = m.form in (MaterialForm.ORIGINAL, MaterialForm.ORIGINAL_AND_COPY)
        if counter and wants_original and not sub.original_seen:
            entries.append(NoticeEntry(m, Defect.MISSING, tr("需核验原件")))
            continue
        accepted.append(m.code)
    return PrecheckResult(tuple(entries), tuple(accepted))


def counter_check(
    item: ServiceItem, provided: Mapping[str, Submission], channel: Channel
) -> PrecheckResult:
    """The counter's pre-check, the one rule for the journey, the decision and a reprinted
    notice: originals must have been seen, and an agent's application (代办) needs the
    materials conditioned on applying through someone else (委托)."""
    by_agent = channel is Channel.AGENT
    conditions = proxy_conditions(item, by_agent)
    return precheck(
        item, provided, conditions_met=conditions, counter=True, consent_signed=by_agent
    )


# --- the counter's decision (受理 / 补正 / 不予受理) ---------------------------------------


class DecisionKind(enum.Enum):
    ACCEPT = "accept"  # 受理
    CORRECTION = "correction"  # 补正: one-time notice of everything missing
    REJECT = "reject"  # 不予受理: with the reason and legal basis
    SUBMIT = "submit"  # 代办提交: a station sends it to the hall, which decides

    @property
    def label(self) -> str:
        return {
            "accept": tr("受理"),
            "correction": tr("补正"),
            "reject": tr("不予受理"),
            "submit": tr("提交大厅受理"),
        }[self.value]


def decisions_for(channel: Channel) -> tuple[DecisionKind, ...]:
    """What a terminal of ``channel`` may decide. 受理 and 不予受理 are acts of the
    implementing body, taken at the hall's window; a village station (代办) submits to the hall
    — with its pre-check, and a one-time notice when something is missing — and learns the
    hall's decision at its next sync (OpenCRVS: a field agent sends for approval, only a
    registrar registers)."""
    if channel is Channel.COUNTER:
        return (DecisionKind.ACCEPT, DecisionKind.CORRECTION, DecisionKind.REJECT)
    if channel is Channel.AGENT:
        return (DecisionKind.SUBMIT, DecisionKind.CORRECTION)
    return ()


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    reason: str = ""  # 不予受理: the facts and the reason
    basis: str = ""  # 不予受理: the legal basis (law and article) the reason rests on


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One decision taken on an application at a counter or station, as it goes to the
    platform: 受理 time, the clerk and window, the decision, and for 补正 the list notified."""

    kind: DecisionKind
    at: datetime
    clerk_id: str = ""
    clerk_name: str = ""
    window: str = ""
    reason: str = ""  # 不予受理: the reason
    missing: tuple[str, ...] = ()  # 补正 (or a station's pre-check): what was notified
    basis: str = ""  # 不予受理: its legal basis
    ticket: str = ""  # the queue ticket called to the window (core.queue.numbers.follow_code)


def check_decision(
    decision: Decision, check: PrecheckResult, channel: Channel = Channel.COUNTER
) -> None:
    """The rules of a counter decision against the materials checklist's pre-check.

    Raises:
        ValidationError: with the words for the clerk.
    """
    if decision.kind not in decisions_for(channel):
        raise ValidationError(
            f"{decision.kind.value} on the {channel.value} channel",
            user_message=tr("代办站不能作出受理或不予受理决定，请提交大厅受理。")
            if channel is Channel.AGENT
            else tr("窗口不能作出该决定。"),
        )
    if decision.kind is DecisionKind.SUBMIT and not check.complete:
        raise ValidationError(
            "submit with missing materials",
            user_message=tr("材料不齐全，不能提交；请选择“补正”并打印一次性告知书。"),
        )
    if decision.kind is DecisionKind.ACCEPT and not check.complete:
        raise ValidationError(
            "accept with missing materials",
            user_message=tr("材料不齐全，不能受理；请选择“补正”并打印一次性告知书。"),
        )
    if decision.kind is DecisionKind.CORRECTION and check.complete:
        raise ValidationError(
            "correction with complete materials", user_message=tr("材料已齐全，无需补正。")
        )
    if decision.kind is DecisionKind.REJECT and not decision.reason.strip():
        raise ValidationError(
            "reject without reason", user_message=tr("不予受理须填写理由及依据。")
        )
    if decision.kind is DecisionKind.REJECT and not decision.basis.strip():
        # an administrative act states the law it rests on (the notice said a reason only)
        raise ValidationError(
            "reject without legal basis",
            user_message=tr("不予受理须填写法律依据（法律法规名称及条款）。"),
        )


def check_desk_decision(decision: Decision) -> None:
    """The rules of a hall clerk's decision on what a village station submitted (代办件): 受理,
    退回补正 saying what is missing, or 不予受理 with its reason and legal basis — the station
    checked the materials; the hall decides.

    Raises:
        ValidationError: with the words for the clerk.
    """
    if decision.kind is DecisionKind.SUBMIT:
        raise ValidationError("submit at the hall", user_message=tr("大厅应作出受理决定。"))
    if decision.kind is DecisionKind.CORRECTION and not decision.reason.strip():
        raise ValidationError(
            "correction without what is missing",
            user_message=tr("退回补正须写明需要补正的材料或内容。"),
        )
    if decision.kind is DecisionKind.REJECT:
        check_decision(decision, PrecheckResult((), ()), Channel.COUNTER)


class CheckState(enum.Enum):
    """What the clerk found for one material at the counter (the materials checklist)."""

    MISSING = tr("缺")
    ORIGINAL_SEEN = tr("原件已核验")  # and handed back to the applicant
    ORIGINAL_KEPT = tr("原件已收取")  # seen, and kept for the back office
    COPY_RECEIVED = tr("复印件已收")
    ELICENCE = tr("电子证照")
    CONSENT = tr("电子委托已签署")  # an agent station's consent signed on screen (代办)
    UNUSABLE = tr("不符合要求")

    def submission(self, pages: int = 1, remark: str = "") -> Submission | None:
        """The checklist entry as a :class:`Submission` (None: nothing provided)."""
        if self is CheckState.MISSING:
            return None
        if self is CheckState.ELICENCE:
            return Submission(via_elicence=True)
        if self is CheckState.CONSENT:
            return Submission(via_consent=True)
        if self is CheckState.UNUSABLE:
            if not remark.strip():
                raise ValidationError(
                    "unusable material without a reason",
                    user_message=tr("请填写材料不符合要求的原因。"),
                )
            return Submission(max(pages, 1), defect=Defect.WRONG_DOCUMENT, remark=remark.strip())
        kept = self is CheckState.ORIGINAL_KEPT
        return Submission(
            max(pages, 1),
            original_seen=kept or self is CheckState.ORIGINAL_SEEN,
            original_kept=kept,
        )

    @classmethod
    def of(cls, sub: Submission | None) -> CheckState:
        """The state a stored checklist entry shows as (a resumed correction)."""
        if sub is None or not sub.provided:
            return cls.MISSING
        if sub.via_elicence:
            return cls.ELICENCE
        if sub.via_consent and sub.pages == 0:
            return cls.CONSENT
        if sub.defect is not None:
            return cls.UNUSABLE
        if sub.original_kept:
            return cls.ORIGINAL_KEPT
        return cls.ORIGINAL_SEEN if sub.original_seen else cls.COPY_RECEIVED


def _on_paper(sub: Submission | None) -> TypeGuard[Submission]:
    """Usable pages were provided (not missing, not unusable, not an e-licence)."""
    return sub is not None and sub.pages > 0 and not sub.via_elicence and sub.defect is None


def original_handed_back(sub: Submission | None) -> bool:
    """The applicant's original of a usable entry was checked and given back (not kept)."""
    return _on_paper(sub) and sub.original_seen and not sub.original_kept


def paper_handed_over(material: Material, sub: Submission | None) -> MaterialForm | None:
    """The paper of ``material`` that stays with the hall and goes to the back office (the
    物料转移单): the original when it was kept, copies when received — including the copy of a
    原件及复印件 material whose original was checked and handed back — and None for none
    (missing, unusable, an e-licence, or an original only checked and handed back)."""
    if not _on_paper(sub):
        return None
    if sub.original_kept:
        return MaterialForm.ORIGINAL
    if not sub.original_seen or material.form is MaterialForm.ORIGINAL_AND_COPY:
        return MaterialForm.COPY
    return None


def checklist_from(
    states: Mapping[str, tuple[CheckState, str]], pages: Mapping[str, int] | None = None
) -> dict[str, Submission]:
    """The clerk's checklist (material code → state and reason) as submissions."""
    out: dict[str, Submission] = {}
    for code, (state, remark) in states.items():
        sub = state.submission((pages or {}).get(code, 1), remark)
        if sub is not None:
            out[code] = sub
    return out
