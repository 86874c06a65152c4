"""The terminal's operations: named use cases with typed inputs and results.

One :class:`Operations` per thread (it owns that thread's store connection): the apps build it
on their store worker thread, the CLIs and the demo on their main thread. Each operation is a
durable unit: when it returns, what it did survives a power cut; when it raises a HallError,
nothing half-done is visible (scans stored before a failed commit are swept at next start).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from core import postal
from core.application import (
    AgentConsent,
    Applicant,
    Application,
    Attachment,
    Channel,
    Decision,
    DecisionKind,
    DecisionRecord,
    NoticeEntry,
    Status,
    StatusChange,
    Submission,
    check_decision,
    check_desk_decision,
    counter_check,
)
from core.catalogue.models import ServiceItem
from core.clock import CST
from core.consent import CONSENT_SIGNATURE
from core.documents.blocks import Block
from core.documents.hall import (
    Hall,
    acceptance_notice,
    consent_confirmation,
    guide,
    how_received,
    instant_result_document,
    one_time_notice,
    payment_notice,
    portal_slip,
    post_slip,
    progress_slip,
    queue_ticket,
    receipt,
    rejection_notice,
    test_page,
    transfer_list,
)
from core.errors import HallError, ProtocolError, ValidationError
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.fees import PaymentStatus, fee_lines, payment_from_dict
from core.flows.filing import Filing
from core.identity import Identity
from core.ids import provisional_receipt_number, typed_code, undashed, uuid7
from core.messages import tr
from core.ports import DeviceState
from core.settings import Role
from core.staff import StaffMember
from core.supervision.calendar import CalendarMissing, calendar_from_dict
from core.supervision.clock import LegalClock
from sync.documents import submission_from
from sync.outbox import Outbox
from sync.paths import storage_state
from sync.store import ApplicationSummary, LocalStore
from terminal.licence_desk import LicenceDesk
from terminal.queue_desk import IssuedTicket, QueueDesk
from terminal.staff import SignedIn, StaffDesk

if TYPE_CHECKING:
    from sync.catalogue import CatalogueStore

__all__ = [
    "ApplicationSummary",
    "DecideRequest",
    "Decided",
    "EvaluationRequest",
    "ItemRef",
    "Operations",
    "Progress",
    "ProgressLine",
    "ProgressReport",
    "ScanInput",
    "SignedIn",
    "SubmitRequest",
    "Submitted",
    "Worklist",
]


@dataclass(frozen=True)
class ScanInput:
    """One material's scan as the document camera hands it over (JPEG, or a PDF of pages)."""

    material_code: str
    data: bytes | Path
    pages: int = 1
    media_type: str = "image/jpeg"


class PlatformLookup(Protocol):
    """What the operations ask the platform directly (sync.client.PlatformClient)."""

    def lookup(self, *, code: str = "", id_number: str = "") -> list[dict[str, object]]: ...
    def station_submissions(self, region_code: str) -> list[dict[str, object]]: ...
    def queue(self) -> dict[str, Any]: ...
    def queue_get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]: ...
    def licence_query(self, doc: dict[str, Any]) -> dict[str, Any]: ...
    def instant_result(self, official_number: str) -> dict[str, Any] | None: ...
    def queue_post(self, path: str, doc: dict[str, Any]) -> dict[str, Any]: ...
    def portal_post(self, path: str, doc: dict[str, Any]) -> dict[str, Any]: ...
    def decide_submission(
        self, official_number: str, decision: dict[str, str]
    ) -> dict[str, object]: ...
    def close(self) -> None: ...


def _written(at: datetime) -> str:
    """A time as documents print it: local (China Standard Time), to the minute."""
    return f"{at.astimezone(CST):%Y-%m-%d %H:%M}"


def _payment_told(doc: Mapping[str, object]) -> tuple[PaymentStatus | None, str, int, str]:
    """A look-up's payment as a progress line holds it (status, code, total, e-receipt); a
    status the terminal does not know is not guessed (None)."""
    try:
        status = PaymentStatus(str(doc.get("status", "")))
        amount = doc.get("total_fen", 0)
        total_fen = amount if isinstance(amount, int) and not isinstance(amount, bool) else 0
    except ValueError:
        return None, "", 0, ""
    return status, str(doc.get("code", "")), total_fen, str(doc.get("e_receipt", ""))


def _tracking(doc: object) -> str:
    """A look-up's delivery as the query says it: 中国邮政 1234567890 ("" without one)."""
    if not isinstance(doc, dict) or not doc.get("tracking"):
        return ""
    return f"{doc.get('carrier', '')} {doc['tracking']}".strip()


def _platform_status(value: object) -> Status | None:
    try:
        status = Status(str(value))
    except ValueError:
        return None
    return status if status.confirmed_by_platform else None


class ItemIdentity(Protocol):
    """What an application records of its item: a ServiceItem, or an :class:`ItemRef`."""

    @property
    def impl_code(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class ItemRef:
    """An item by its codes, for callers without the catalogue (tools, benchmarks)."""

    impl_code: str
    version: int
    name: str


@dataclass(frozen=True)
class SubmitRequest:
    item: ItemIdentity
    applicant: Applicant
    channel: Channel
    form: Mapping[str, str] = field(default_factory=dict)
    scans: Sequence[ScanInput] = ()
    consent: AgentConsent | None = None  # 代办: required on the agent channel
    #: what stands for materials beyond the scans (a kiosk's e-licences: 免提交)
    checklist: Mapping[str, Submission] = field(default_factory=dict)
    #: the application's id when it was named before (a licence query names it): else new
    local_id: uuid.UUID | None = None

    @classmethod
    def of(
        cls,
        filing: Filing,
        channel: Channel,
        scans: Sequence[ScanInput] = (),
        consent: AgentConsent | None = None,
    ) -> SubmitRequest:
        """What a journey filled in, as a submission (the kiosk's and the counter's alike)."""
        if filing.item is None:
            raise ValidationError("no item chosen", user_message=tr("请先读取身份证并选择事项。"))
        return cls(
            filing.item,
            filing.applicant(),
            channel,
            form=dict(filing.form),
            scans=scans,
            consent=consent,
        )


@dataclass(frozen=True)
class Submitted:
    """The provisional receipt: what prints at once, before any network."""

    local_id: uuid.UUID
    receipt_number: str
    application: Application


@dataclass(frozen=True)
class StationSubmission:
    """代办件: what a village station submitted for this hall to decide, as the platform has
    it — the applicant (named in full: the clerk decides on them), the item, the agent and the
    villager's consent, and what the station found of each material."""

    official_number: str
    receipt_number: str
    item_impl_code: str
    item_name: str
    station: str
    received_at: str
    applicant_name: str
    id_number: str
    phone: str
    agent_name: str
    consent_at: str
    materials: tuple[str, ...]  # one line a material: its name and what the station found
    pages: int  # scans sent with it


@dataclass(frozen=True)
class DecideRequest:
    """The counter's decision on an application (一窗受理): what was submitted, the clerk's
    materials checklist, and 受理 / 补正 / 不予受理. ``resume`` names an application waiting
    for a correction (待补正) that the applicant came back to complete: what it already had is
    kept, the new scans are added."""

    submit: SubmitRequest
    checklist: Mapping[str, Submission]
    decision: Decision
    resume: uuid.UUID | None = None
    clerk: StaffMember | None = None  # who decided (signed in): on the notice and in the audit
    window: str = ""  # the window it was decided at (窗口号), for the platform's record
    ticket: str = ""  # the queue ticket called to the window (its follow code): travels with it


@dataclass(frozen=True)
class Decided:
    """A decision taken: the application as stored and the notice to print at once."""

    application: Application
    decision: Decision
    notice: list[Block]

    @property
    def local_id(self) -> uuid.UUID:
        return self.application.local_id

    @property
    def receipt_number(self) -> str:
        return self.application.receipt_number


@dataclass(frozen=True)
class EvaluationRequest:
    satisfaction: Satisfaction
    channel: EvaluationChannel
    application_id: uuid.UUID | None = None  # 一事一评: the application rated
    staff_id: str = ""  # the staff member rated; never the citizen who rates
    window: str = ""
    reasons: tuple[str, ...] = ()
    comment: str = ""
    # 一次一评 at the kiosk: one rating of an application, given in the journey or later by
    # its code. A counter rates each visit (a 补正 visit and the 受理 visit are two services).
    once: bool = False


@dataclass(frozen=True)
class Progress:
    """An application as the terminal knows it: its local state and what the platform said
    (the platform's states arrive with each drain; ``synced_at`` says when the last one
    succeeded)."""

    local_id: uuid.UUID
    receipt_number: str
    item_name: str
    status: Status
    official_number: str
    history: tuple[StatusChange, ...]
    synced_at: str


@dataclass(frozen=True)
class ProgressLine:
    """One application as a citizen asking about it sees it: what this terminal holds and
    what the platform says (either may be missing: not delivered yet, or submitted at another
    terminal)."""

    receipt_number: str
    official_number: str
    item_name: str
    local_status: Status | None
    platform_status: Status | None
    note: str = ""  # the platform's last note (补正: what is missing)
    updated_at: str = ""
    #: the hall's public answer to a 差评 of this application (整改 or 解释说明)
    evaluation_answer: str = ""
    #: its fees as the platform told them (None: nothing due, or nothing known of any);
    #: UNKNOWN where a fee is owed and the platform could not be asked — never 已缴费 from
    #: anything but the platform
    payment_status: PaymentStatus | None = None
    payment_code: str = ""
    payment_total_fen: int = 0
    payment_receipt: str = ""  # the fiscal e-receipt's number, once paid
    #: 物流寄递: the carrier and its tracking number once the result is sent ("" before)
    tracking: str = ""

    @property
    def status(self) -> Status:
        status = self.platform_status or self.local_status
        assert status is not None
        return status


@dataclass(frozen=True)
class ProgressReport:
    lines: tuple[ProgressLine, ...]
    platform_error: str = ""  # why the platform could not be asked ("" when it answered)


#: The worklist's rows at most: a station's years, purged on schedule, stay far below it.
WORKLIST_LIMIT = 20_000


@dataclass(frozen=True)
class Worklist:
    rows: Sequence[ApplicationSummary]
    counts: Mapping[Status, int]


class Operations:
    def __init__(
        self,
        store: LocalStore,
        *,
        catalogue: Path,
        terminal_id: str,
        region_code: str,
        hall: Hall,
        platform: Callable[[], PlatformLookup] | None = None,
        role: Role = Role.COUNTER,
    ) -> None:
        self.store = store
        #: staff sign-in on this terminal (counters and agent stations)
        self.staff = StaffDesk(store, role)
        self._platform = platform  # None: not enrolled (no secret), local records only
        self._client: PlatformLookup | None = None
        self.clock = store.clock
        self.catalogue_path = catalogue
        self.terminal_id = terminal_id
        self.region_code = region_code
        self.hall = hall
        self._catalogue: CatalogueStore | None = None
        #: the hall's queue: tickets at a kiosk, calls at a counter
        self.queue = QueueDesk(
            store, self._platform_client if platform is not None else None, terminal_id
        )
        #: the 证照库: the holder's e-licences for an item, with their annotated copies
        self.licences = LicenceDesk(
            self._platform_client if platform is not None else None, store.clock
        )

    # -- applications ---------------------------------------------------------------------

    def submit(self, request: SubmitRequest) -> Submitted:
        """Queues an application durably: its scans sealed and fsynced first, then the
        application and its outbox entry in one transaction. The receipt may print when this
        returns; delivery happens in the background whenever the network allows."""
        now = self.clock.now()
        app = self._new(request, now)
        self._attach(app, request.scans)
        app.advance(Status.QUEUED, now)
        self.store.save(app)
        return Submitted(app.local_id, app.receipt_number, app)

    def decide(self, request: DecideRequest) -> Decided:
        """Records the counter's decision durably and returns its notice. Every decision is
        kept on the application (:class:`DecisionRecord`: when, the clerk, the window, the
        reason, what was missing) and goes to the platform with it:

        - 受理: the application is queued for the platform (as :meth:`submit`), with its
          checklist; the 受理通知书 names the promised time limit and how to query.
        - 补正: the application waits on this terminal (待补正) with what it already has;
          the 一次性告知书 lists every missing or defective material with its reason,
          signature lines and the code to resume with. Each 补正 visit is kept.
        - 不予受理: an administrative act — the application is queued for the platform with
          the decision and its reason (counted there, its notice reprintable here); the
          不予受理通知书 gives the reason and the applicant's remedies.
        - 代办提交 (a station): queued for the hall to decide; the 代办回执 says so.

        Raises:
            ValidationError: the decision does not fit the checklist (e.g. 受理 with a
                material missing) or the channel (a station deciding 受理), or the
                application to resume is not waiting for one.
        """
        s = request.submit
        item = s.item
        if not isinstance(item, ServiceItem):
            raise ValidationError("a decision needs the catalogue's item (its materials)")
        app: Application | None = None
        checklist = dict(request.checklist)
        if request.resume is not None:
            app = self.store.load(request.resume)
            if app.status is not Status.AWAITING_CORRECTION:
                raise ValidationError(
                    f"{app.local_id} is {app.status.value}",
                    user_message=f"该申请当前状态为“{app.status.label}”，不能继续补正。",
                )
            checklist = {**app.checklist, **checklist}
        check = counter_check(item, checklist, s.channel)
        check_decision(request.decision, check, s.channel)
        now = self.clock.now()
        when = _written(now)
        kind = request.decision.kind
        clerk = request.clerk.display if request.clerk else ""
        by = f" by {request.clerk.number}" if request.clerk else ""
        if app is None:
            app = self._new(s, now)
        elif s.form:
            app.form_data = dict(s.form)
        app.checklist = checklist
        app.decisions.append(
            DecisionRecord(
                kind,
                now,
                clerk_id=request.clerk.number if request.clerk else "",
                clerk_name=request.clerk.name if request.clerk else "",
                window=request.window,
                reason=request.decision.reason.strip(),
                missing=tuple(e.text for e in check.entries),
                basis=request.decision.basis.strip(),
                ticket=request.ticket,
            )
        )
        self._attach(app, s.scans)
        if kind is DecisionKind.CORRECTION:
            app.advance(Status.AWAITING_CORRECTION, now, kind.label)
            self.store.save(app)
            self.store.audit("counter_correction", str(app.local_id), f"{item.impl_code}{by}")
            blocks = one_time_notice(
                item,
                check.entries,
                self.hall,
                s.applicant.name,
                when,
                counter=True,
                receipt_number=app.receipt_number,
                clerk=clerk,
            )
            return Decided(app, request.decision, blocks)
        app.advance(Status.QUEUED, now, kind.label)
        self.store.save(app)
        if kind is DecisionKind.REJECT:
            record = app.decisions[-1]
            self.store.audit(
                "counter_rejected", str(app.local_id), f"{item.impl_code} {record.reason}{by}"
            )
            return Decided(app, request.decision, self._rejection(app, item, record, clerk))
        if kind is DecisionKind.SUBMIT:
            self.store.audit("agent_submitted", str(app.local_id), f"{item.impl_code}{by}")
            return Decided(app, request.decision, receipt(app, item, self.hall))
        self.store.audit("counter_accepted", str(app.local_id), f"{item.impl_code}{by}")
        notice = acceptance_notice(app, item, self.hall, when, clerk, self._due(item, now))
        return Decided(app, request.decision, notice)

    def awaiting_correction(self, *, code: str = "", id_number: str = "") -> list[Progress]:
        """待补正 applications the applicant came back to complete, by the code on the
        one-time notice or by the ID card."""
        out = []
        for local_id in self._lookup(code, id_number):
            p = self._progress(local_id)
            if p.status is Status.AWAITING_CORRECTION:
                out.append(p)
        return out

    def recent(self, id_number: str, limit: int = 8) -> list[Progress]:
        """The applicant's applications on this terminal, newest first (the counter shows
        them beside the card: what this person applied for before, and where it stands)."""
        return [self._progress(i) for i in self.store.find_by_id_number(id_number)[:limit]]

    def _lookup(self, code: str, id_number: str) -> list[uuid.UUID]:
        """This terminal's applications by a receipt code or 办件编号, else by ID number."""
        if code:
            found = self.store.find(typed_code(code))
            return [found] if found is not None else []
        return self.store.find_by_id_number(id_number)

    def _attach(self, app: Application, scans: Sequence[ScanInput]) -> None:
        """Seals and syncs the scans, then lists them on the application (saved after)."""
        sealed = self.store.put_scans(app.local_id, [scan.data for scan in scans])
        for scan, (sha, size) in zip(scans, sealed, strict=True):
            app.attachments.append(
                Attachment(scan.material_code, sha, scan.pages, scan.media_type, size)
            )

    def _new(self, s: SubmitRequest, now: datetime) -> Application:
        local_id = s.local_id or uuid7(now)
        return Application(
            local_id=local_id,
            receipt_number=provisional_receipt_number(self.terminal_id, now, local_id),
            item_impl_code=s.item.impl_code,
            item_version=s.item.version,
            item_name=s.item.name,
            channel=s.channel,
            applicant=s.applicant,
            created_at=now,
            terminal_id=self.terminal_id,
            form_data=self._with_region_code(dict(s.form)),
            consent=s.consent,
            checklist=dict(s.checklist),
        )

    def _with_region_code(self, form: dict[str, str]) -> dict[str, str]:
        """A postal address's street with its division code (GB/T 2260) from the catalogue's
        regions, for the carrier and the platform; a street it does not know keeps none."""
        street = form.get(postal.REGION, "")
        store = self._item_store() if street else None
        if store is None:
            return form
        return {**form, postal.REGION_CODE: store.street_code(street)}

    def receipt_document(self, local_id: uuid.UUID) -> list[Block]:
        """The receipt of a stored application, for the printer (on its own thread) or a
        preview; the item's current entry in the catalogue adds its time limit when it still
        exists. A failed print loses nothing: the receipt is rebuilt from the store."""
        app = self.store.load(local_id)
        return receipt(app, self._item(app.item_impl_code), self.hall)

    def notice_document(
        self,
        item: ServiceItem,
        entries: Sequence[NoticeEntry],
        applicant_name: str,
        from_licences: Sequence[str] = (),
    ) -> list[Block]:
        """一次性告知书: everything missing at once (and what e-licences already stand for),
        dated now; nothing is queued."""
        when = _written(self.clock.now())
        return one_time_notice(
            item,
            tuple(entries),
            self.hall,
            applicant_name,
            when,
            from_licences=tuple(from_licences),
        )

    def notice_again(self, local_id: uuid.UUID) -> list[Block]:
        """A counter decision's notice printed again from the worklist, dated as decided: the
        受理通知书 of an accepted application, the 一次性告知书 of one waiting for its correction
        (rebuilt from its checklist: what is missing now), the 不予受理通知书 with its reason,
        a station's 代办回执; a kiosk application has its receipt instead.

        Raises:
            ValidationError: no notice for this application (the reason in the clerk's words).
        """
        app = self.store.load(local_id)
        item = self._item(app.item_impl_code)
        last = app.decisions[-1] if app.decisions else None
        if last is None:  # decided before decisions were kept: the history's note says which
            change = next((c for c in reversed(app.history) if c.note in ("受理", "补正")), None)
            if change is not None:
                kind = DecisionKind.ACCEPT if change.note == "受理" else DecisionKind.CORRECTION
                last = DecisionRecord(kind, change.at)
        if app.channel is Channel.KIOSK or last is None:
            raise ValidationError(
                f"{local_id}: no counter decision",
                user_message=tr("该申请没有窗口通知书（自助终端提交的申请请重打回执）。"),
            )
        if item is None:
            raise ValidationError(
                f"item {app.item_impl_code} not in the catalogue",
                user_message=tr("该事项已不在本机事项目录中，无法重打通知书。"),
            )
        when = _written(last.at)
        clerk = last.clerk_name and f"{last.clerk_name}（工号 {last.clerk_id}）"
        if last.kind is DecisionKind.CORRECTION:
            check = counter_check(item, app.checklist, app.channel)
            return one_time_notice(
                item,
                check.entries,
                self.hall,
                app.applicant.name,
                when,
                counter=True,
                receipt_number=app.receipt_number,
                clerk=clerk,
            )
        if last.kind is DecisionKind.REJECT:
            return self._rejection(app, item, last, clerk)
        if last.kind is DecisionKind.SUBMIT:
            return receipt(app, item, self.hall)
        return acceptance_notice(app, item, self.hall, when, clerk, self._due(item, last.at))

    def _due(self, item: ServiceItem, accepted: datetime) -> date | None:
        """The promised date of an acceptance on ``accepted``, by the working-day calendar
        the platform sent (core.supervision.clock, as the platform's supervision computes
        it); None without a calendar or for a period into a year it has no data for."""
        doc = Outbox(self.store).get_state("work_calendar")
        if not doc:
            return None
        try:
            calendar = calendar_from_dict(json.loads(doc))
            day = accepted.astimezone(CST).date()
            legal = item.legal_limit_days
            return LegalClock(day, legal, min(item.promised_limit_days, legal)).due(calendar, day)
        except (CalendarMissing, ValueError, KeyError, TypeError):
            return None

    def _rejection(
        self, app: Application, item: ServiceItem, decision: DecisionRecord, clerk: str
    ) -> list[Block]:
        """The 不予受理通知书 of ``decision`` (at the decision and reprinted alike)."""
        return rejection_notice(
            item,
            self.hall,
            app.applicant.name,
            decision.reason,
            _written(decision.at),
            clerk,
            basis=decision.basis,
            receipt_number=app.receipt_number,
        )

    def progress_document(self, local_id: uuid.UUID) -> list[Block]:
        """办理进度 of one application, to print for the applicant (at a station: the villager)."""
        when = _written(self.clock.now())
        return progress_slip(self.store.load(local_id), self.hall, when)

    def consent_document(self, local_id: uuid.UUID, item: ServiceItem) -> list[Block]:
        """代办委托确认单 of an agent's application, for the villager."""
        app = self.store.load(local_id)
        if app.consent is None:
            raise ValidationError(
                f"{local_id} has no consent",
                user_message=tr("该申请不是代办申请，没有委托确认单。"),
            )
        signature = next(
            (
                self.store.read_scan(app.local_id, a.sha256, a.size)
                for a in app.attachments
                if a.material_code == CONSENT_SIGNATURE
            ),
            b"",
        )
        return consent_confirmation(app, item, self.hall, signature)

    def transfer_document(
        self, local_id: uuid.UUID, item: ServiceItem, clerk: StaffMember | None = None
    ) -> list[Block]:
        """物料转移单 of an accepted application: its paper materials for the back office
        (``item``: the catalogue entry it was decided on, whose materials are listed)."""
        app = self.store.load(local_id)
        when = _written(self.clock.now())
        return transfer_list(app, item, self.hall, when, clerk.display if clerk else "")

    def storage_state(self) -> DeviceState:
        """The store's disk as a journey needs it (readiness): READY with room for a citizen's
        application, FAULT below it — said before 我要办事 starts, not at 确认提交."""
        return storage_state(Path(self.store.path).parent)

    def test_page_document(self) -> list[Block]:
        """测试页: the terminal, hall and time, a QR and every width of text."""
        when = f"{self.clock.now().astimezone(CST):%Y-%m-%d %H:%M:%S}"
        return test_page(self.hall, self.terminal_id, when)

    def instant_result(self, local_id: uuid.UUID) -> dict[str, Any] | None:
        """即办: the result the platform issued at once for this application (None: not
        delivered yet, or an ordinary application)."""
        app = self.store.load(local_id)
        if not app.official_number or self._platform is None:
            return None
        return self._platform_client().instant_result(app.official_number)

    def instant_document(self, local_id: uuid.UUID, result: dict[str, Any]) -> list[Block]:
        return instant_result_document(self.hall, self.store.load(local_id), result)

    def portal_enrol(self, identity: Identity, phone: str, window: str = "") -> dict[str, Any]:
        """引导网上注册: a verification code sent by the platform to ``phone`` for the card's
        person. Returns the request ({request, phone masked, expires_in}).

        Raises:
            ValidationError: not connected, a phone that is not a mobile number.
            HallError: the platform's refusal, in its words (a phone asked again too soon).
        """
        phone = phone.strip()
        if not (len(phone) == 11 and phone.isascii() and phone.isdigit() and phone[0] == "1"):
            raise ValidationError("not a mobile", user_message=tr("请输入11位手机号码。"))
        if self._platform is None:
            raise ValidationError(
                "not enrolled", user_message=tr("本机未联网，暂不能办理网上注册。")
            )
        doc = {
            "id_number": identity.id_number,
            "name": identity.display_name,
            "phone": phone,
            "window": window,
        }
        self.store.audit("portal_code_requested", "")  # never the phone or the person
        return self._platform_client().portal_post("/v1/portal/enrolments", doc)

    def portal_confirm(self, request: str, code: str) -> dict[str, Any]:
        """The code the citizen typed: the account created or bound (the platform's answer)."""
        code = code.strip()
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError("not a code", user_message=tr("请输入短信中的6位验证码。"))
        if self._platform is None:
            raise ValidationError(
                "not enrolled", user_message=tr("本机未联网，暂不能办理网上注册。")
            )
        done = self._platform_client().portal_post(
            f"/v1/portal/enrolments/{request}/confirm", {"code": code}
        )
        self.store.audit("portal_enrolled", "", f"account {done.get('account', '')}")
        return done

    def portal_document(self, result: dict[str, Any]) -> list[Block]:
        return portal_slip(self.hall, result)

    def post_slip_document(self, local_id: uuid.UUID) -> list[Block]:
        """寄递单 of an application whose result goes by post, once it is 办结 (the carrier's
        number on it when the platform has it).

        Raises:
            ValidationError: not sent by post, or not decided yet — in the clerk's words.
        """
        app = self.store.load(local_id)
        if postal.delivery_of(app.form_data) is None:
            raise ValidationError(
                "not by post", user_message=tr("该申请选择窗口自取，没有寄递单。")
            )
        if app.status is not Status.COMPLETED:
            raise ValidationError(
                "not completed", user_message=tr("办理结果尚未办结，办结后再打印寄递单。")
            )
        told: Mapping[str, object] = {}
        if self._platform is not None and app.official_number:
            # the platform away: printed without the number, the carrier writes it on
            with contextlib.suppress(HallError):
                told = self._platform_says(app.official_number)
        delivery = told.get("delivery")
        sent: Mapping[str, object] = delivery if isinstance(delivery, dict) else {}
        return post_slip(
            self.hall,
            app,
            tracking=str(sent.get("tracking", "")),
            carrier=str(sent.get("carrier", "")),
        )

    def _platform_says(self, official_number: str) -> Mapping[str, object]:
        """The platform's look-up of one 办件 ({} when it does not know it)."""
        rows = self._platform_client().lookup(code=official_number)
        return next((r for r in rows if r.get("official_number") == official_number), {})

    def payment_document(
        self, local_id: uuid.UUID, payment: Mapping[str, Any] | None = None
    ) -> list[Block]:
        """缴款通知书 of an application: from the payment the platform gave (``payment``), or
        asked of it now (a counter's reprint from the worklist).

        Raises:
            ValidationError: nothing to pay, not delivered yet, or the platform not reachable —
                said in the clerk's and citizen's words; a notice is never made up.
        """
        app = self.store.load(local_id)
        if payment is None:
            if not app.official_number:
                raise ValidationError(
                    "not delivered", user_message=tr("申请尚未上报平台，缴款码在上报受理后生成。")
                )
            if self._platform is None:
                raise ValidationError(
                    "not enrolled", user_message=tr("本机未联网，无法取得缴款码。")
                )
            told_now = self._platform_says(app.official_number).get("payment")
            payment = told_now if isinstance(told_now, dict) else None
            if payment is None:
                raise ValidationError(
                    "no payment", user_message=tr("该办件没有待缴费用（不收费或尚未受理）。")
                )
        try:  # the platform's payment as it gave it (its look-up and its 409 carry every line)
            told = payment_from_dict(dict(payment))
        except (KeyError, TypeError, ValueError) as e:
            raise ProtocolError(f"payment: {e}") from None  # a notice is never made up
        return payment_notice(
            self.hall,
            payer=app.applicant.name,
            item_name=app.item_name,
            official_number=app.official_number,
            receipt_number=app.receipt_number,
            payment=told,
        )

    def ticket_document(self, ticket: IssuedTicket) -> list[Block]:
        """排队号 as the kiosk prints it (its QR the progress query follows)."""
        return queue_ticket(
            self.hall,
            ticket.number,
            ticket.category_name,
            ticket.issued_at,
            ahead=ticket.ahead,
            estimate=ticket.estimate,
            provisional=ticket.provisional,
            appointment=bool(ticket.appointment),
        )

    def guide_document(self, item: ServiceItem) -> list[Block]:
        """The printed guide (办事指南) a citizen takes home."""
        return guide(item, self.hall)

    def find(self, code: str) -> Progress | None:
        """By the receipt's query code, the provisional receipt number or the 办件编号."""
        local_id = self.store.find(typed_code(code))
        if local_id is None:
            return None
        return self._progress(local_id)

    def _progress(self, local_id: uuid.UUID) -> Progress:
        app = self.store.load(local_id)
        return Progress(
            local_id=app.local_id,
            receipt_number=app.receipt_number,
            item_name=app.item_name,
            status=app.status,
            official_number=app.official_number,
            history=tuple(app.history),
            synced_at=Outbox(self.store).get_state("last_success"),
        )

    def query_progress(self, *, code: str = "", id_number: str = "") -> ProgressReport:
        """进度查询 by the receipt's code (or 办件编号), or by the ID number of a card read on
        this terminal: the local state and, when the network allows, the platform's."""
        code = typed_code(code)
        lines: dict[str, ProgressLine] = {}
        charged: set[str] = set()  # receipts of applications whose item charges a fee
        for local_id in self._lookup(code, id_number):
            app = self.store.load(local_id)
            lines[app.receipt_number] = ProgressLine(
                app.receipt_number, app.official_number, app.item_name, app.status, None
            )
            item = self._item(app.item_impl_code)
            if item is not None and fee_lines(item):
                charged.add(app.receipt_number)
            if code:  # typed without its hyphens: the platform is asked for it as printed
                code = (
                    app.receipt_number if undashed(code) == undashed(app.receipt_number) else code
                )
        error = ""
        if self._platform is None:
            error = tr("本机未联网，仅显示本机记录。")
        else:
            try:
                remote = self._platform_client().lookup(code=code, id_number=id_number)
            except HallError as e:
                error = tr(
                    "暂时无法连接政务服务平台（{why}），仅显示本机记录。", why=e.user_message
                )
            else:
                for r in remote:
                    receipt = str(r.get("receipt_number") or r.get("official_number"))
                    mine = lines.get(receipt)
                    told = r.get("payment")
                    paying: Mapping[str, object] = told if isinstance(told, dict) else {}
                    lines[receipt] = ProgressLine(
                        receipt,
                        str(r.get("official_number", "")),
                        str(r.get("item_name", "")),
                        mine.local_status if mine else None,
                        _platform_status(r.get("status")),
                        str(r.get("note") or ""),
                        str(r.get("updated_at", "")),
                        str(r.get("evaluation_answer") or ""),
                        *_payment_told(paying),
                        _tracking(r.get("delivery")),
                    )
        if error:  # the platform not asked: a fee owed is 缴费状态待确认, never assumed paid
            for receipt in charged:
                lines[receipt] = replace(lines[receipt], payment_status=PaymentStatus.UNKNOWN)
        return ProgressReport(tuple(lines.values()), error)

    # -- the hall's desk: what stations submitted -------------------------------------------

    def station_submissions(self) -> list[StationSubmission]:
        """代办件 for this hall's bodies, undecided, oldest first (asked of the platform).

        Raises:
            HallError: not enrolled, or the platform could not be asked (said for the clerk).
        """
        if self._platform is None:
            raise ValidationError("not enrolled", user_message=tr("本机未联网，无法获取代办件。"))
        rows = self._platform_client().station_submissions(self.region_code)
        return [self._submission(r) for r in rows]

    def _submission(self, row: Mapping[str, object]) -> StationSubmission:
        def text(value: object) -> str:
            return value if isinstance(value, str) else ""

        impl = text(row.get("item_impl_code"))
        item = self._item(impl)
        names = {m.code: m.name for m in item.materials} if item else {}
        checklist = row.get("checklist")
        found_of = checklist if isinstance(checklist, dict) else {}
        order = list(names)  # the item's order (the guide's), then what else the station sent
        materials = []
        for code, sub in sorted(
            found_of.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
        ):
            try:
                found = submission_from(sub)
            except (KeyError, TypeError, AttributeError):  # not a checklist entry
                how: str | None = "—"
            else:
                how = how_received(found)
                if how is None:  # what the station found wanting, with its reason
                    how = f"不符合要求：{found.remark}" if found.defect else "缺"
            materials.append(f"{names.get(str(code), str(code))}（{how}）")
        applicant = row.get("applicant")
        who = applicant if isinstance(applicant, dict) else {}
        attachments = row.get("attachments")
        pages = sum(
            a.get("pages", 0) if isinstance(a.get("pages"), int) else 0
            for a in (attachments if isinstance(attachments, list) else ())
            if isinstance(a, dict)
        )
        return StationSubmission(
            official_number=text(row.get("official_number")),
            receipt_number=text(row.get("receipt_number")),
            item_impl_code=impl,
            item_name=text(row.get("item_name")),
            station=(
                f"{text(row.get('station_name'))}（{text(row.get('station'))}）"
                if row.get("station_name")
                else text(row.get("station"))
            ),
            received_at=text(row.get("received_at")),
            applicant_name=text(who.get("name")),
            id_number=text(who.get("id_number")),
            phone=text(who.get("phone")),
            agent_name=text(row.get("agent_name")),
            consent_at=text(row.get("consent_at")),
            materials=tuple(materials),
            pages=pages,
        )

    def decide_submission(
        self,
        official_number: str,
        decision: Decision,
        *,
        clerk: StaffMember | None = None,
        window: str = "",
    ) -> None:
        """A clerk's 受理, 退回补正 or 不予受理 of a station's submission, recorded on the
        platform (the station learns it at its next sync) and in this terminal's audit.

        Raises:
            ValidationError: the decision breaks its rules (core.application.check_desk_decision).
            HallError: the platform refused or could not be reached (said for the clerk).
        """
        check_desk_decision(decision)
        if self._platform is None:
            raise ValidationError("not enrolled", user_message=tr("本机未联网，无法办理代办件。"))
        self._platform_client().decide_submission(
            official_number,
            {
                "decision": decision.kind.value,
                "reason": decision.reason.strip(),
                "basis": decision.basis.strip(),
                "clerk": clerk.display if clerk else "",
                "window": window,
            },
        )
        by = f" by {clerk.number}" if clerk else ""
        self.store.audit("hall_decided", official_number, f"{decision.kind.value}{by}")

    def worklist(self, limit: int = WORKLIST_LIMIT, *, names: bool = False) -> Worklist:
        """Every local application, newest first (up to ``limit``), with the counts by
        state. ``names`` False: the applicants are left for :meth:`applicant_names` to give
        for the rows on screen — a station's thousands of rows open no personal data."""
        return Worklist(self.store.summaries(limit, names=names), self.store.counts())

    def applicant_names(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The masked applicants of the worklist rows on screen."""
        return self.store.masked_applicants(ids)

    def retry_held(self, local_id: uuid.UUID) -> str:
        """重新上报: an application the platform refused (待人工处理) goes back to 待上报 once
        its cause is fixed; audited. Returns the official number when it had been delivered
        after all, else "".

        Raises:
            ValidationError: it is not held (its state named in the clerk's words).
        """
        try:
            return Outbox(self.store).retry(str(local_id))
        except (LookupError, ValueError) as e:
            status = self.store.load(local_id).status if isinstance(e, ValueError) else None
            said = f"该办件当前为“{status.label}”，" if status else "该办件不在上报队列中，"
            raise ValidationError(str(e), user_message=said + "无需重新上报。") from None

    # -- evaluations ----------------------------------------------------------------------

    def record_evaluation(self, request: EvaluationRequest) -> Evaluation:
        """Queues a rating (好差评) for delivery, linked to its application and the window
        and staff rated — every rating, a 差评 from a key pad without reasons too (the screens
        that can ask why, ask). Raises ValidationError for reasons not on the list, and for a
        second rating of one application (一次一评)."""
        basic_code = impl_code = official = ""
        if request.application_id is not None:
            if request.once and self.store.evaluated(request.application_id):
                raise ValidationError(
                    f"application {request.application_id} already evaluated",
                    user_message=tr("这次办理已经评价过了，感谢您的评价。"),
                )
            app = self.store.load(request.application_id)
            impl_code, official = app.item_impl_code, app.official_number
            item = self._item(impl_code)
            basic_code = item.basic_code if item is not None else ""
        evaluation = Evaluation(
            local_id=uuid7(self.clock.now()),
            satisfaction=request.satisfaction,
            channel=request.channel,
            at=self.clock.now(),
            terminal_id=self.terminal_id,
            application_id=request.application_id,
            official_number=official,
            item_basic_code=basic_code,
            item_impl_code=impl_code,
            staff_id=request.staff_id,
            window=request.window,
            reasons=request.reasons,
            comment=request.comment,
            region_code=self.region_code,
        )
        self.store.save_evaluation(evaluation)
        return evaluation

    # -- plumbing -------------------------------------------------------------------------

    def _platform_client(self) -> PlatformLookup:
        if self._client is None:
            assert self._platform is not None
            self._client = self._platform()
        return self._client

    def _item_store(self) -> CatalogueStore | None:
        if self._catalogue is None:
            if not self.catalogue_path.exists():
                return None
            from sync.catalogue import CatalogueStore  # the pinyin tables load with it

            self._catalogue = CatalogueStore(self.catalogue_path)
        return self._catalogue

    def _item(self, impl_code: str) -> ServiceItem | None:
        store = self._item_store()
        if store is None:
            return None
        try:
            return store.get(impl_code)
        except KeyError:
            return None

    def __enter__(self) -> Operations:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._catalogue is not None:
            self._catalogue.close()
        if self._client is not None:
            self._client.close()
        self.store.close()
