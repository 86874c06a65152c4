"""The counter's controller for one-window acceptance (一窗受理): it drives the journey
(core.flows.counter) and the terminal's decision operations, and tells the acceptance panel
what to show. The panel emits intents; results come back as signals.

Threads: the catalogue, the store and the printer each have a worker thread of their own;
nothing here blocks the GUI. A session counter drops late results once the clerk has moved on
to the next applicant.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from common_qt.devices import CameraBridge
from common_qt.journey import JourneyController
from common_qt.printing import PrintDesk
from common_qt.qt import QtCore, QtGui, Signal
from common_qt.scans import CapturedPages
from common_qt.tasks import ThreadWorker
from core.applicant import TypedIdentity
from core.application import (
    AgentConsent,
    Channel,
    CheckState,
    ConsentMethod,
    Decision,
    DecisionKind,
    Submission,
    checklist_from,
    consent_stands_for,
)
from core.clock import Clock, SystemClock
from core.consent import CONSENT_MANDATE, CONSENT_SIGNATURE, CONSENT_STROKES, CONSENT_VERSION
from core.elicence.licences import masked_number, wanted_types
from core.errors import HallError, ValidationError
from core.flows.counter import CounterState, CounterStep, counter_journey
from core.lifecycle import stop_within
from core.ports import CapturedPage, CardRead, ScanOwner
from core.staff import StaffMember
from terminal.catalogue import Catalogue
from terminal.printing import PrintOutcome

if TYPE_CHECKING:
    from terminal.catalogue import SearchHit
    from terminal.operations import Decided, Operations, Progress, ScanInput


@dataclass
class CounterServices:
    catalogue: Path
    region_code: str
    operations: Callable[[], Operations]
    clock: Clock = field(default_factory=SystemClock)
    desk: PrintDesk | None = None  # the printer and its one thread, shared with the worklist
    channel: Channel = Channel.COUNTER
    station_name: str = ""  # the hall or station, named in the consent text
    window: str = ""  # this counter's window (窗口号): on each decision the platform receives
    camera: ScanOwner | None = None  # the document camera's owner thread (高拍仪)


class AcceptanceController(JourneyController):
    search_results = Signal(str, object)  # query, list[SearchHit]
    waiting_found = Signal(object)  # list[Progress]: this applicant's 待补正 applications
    history_found = Signal(object)  # list[Progress]: this applicant's applications here
    decided = Signal(object)  # Decided
    printed = Signal(object)  # PrintOutcome
    pages_changed = Signal()  # pages captured on the document camera changed
    choosing = Signal()  # an item was chosen and loads (its form comes next)
    licences_changed = Signal()  # the applicant's e-licences for this item were fetched

    def __init__(self, services: CounterServices, parent: QtCore.QObject | None = None) -> None:
        agent_mode = services.channel is Channel.AGENT  # 代办: the villager's consent first
        super().__init__(counter_journey(services.clock, agent_mode=agent_mode), parent)
        self.services = services
        self.resume_id: uuid.UUID | None = None
        self.resumed_checklist: dict[str, Any] = {}
        #: 继续补正: pages scanned of each material on the earlier visit (kept with it)
        self.earlier_pages: dict[str, int] = {}
        self.last_decided: Decided | None = None
        self.last_print: PrintOutcome | None = None
        self.last_transfer: list[Any] | None = None  # the 物料转移单 last printed
        self.last_consent_slip: list[Any] | None = None  # the 代办委托确认单 last printed
        self.clerk: StaffMember | None = None  # signed in: named on notices and in the audit
        #: 调取电子证照: the applicant's licences standing for materials (code → LicenceUse)
        #: and the application the query named
        self.licences: dict[str, Any] = {}
        self.licences_refused: dict[str, str] = {}  # code → why the one answered may not serve
        self.application_id: uuid.UUID | None = None
        #: the queue ticket called to this window (its follow code; "" none): the applicant's
        self.ticket = ""
        self.pages = CapturedPages()  # scans of this applicant's materials, per material
        self.consent_evidence: list[ScanInput] = []  # 代办: the signature, image and strokes
        self.material = ""  # the material the camera captures for ("" : none)
        # the camera's thread reports here (its live view goes to the materials page)
        self.camera_bridge = CameraBridge(self)
        self.camera_bridge.captured.connect(self._captured)
        self.camera_bridge.error.connect(lambda e: self.error.emit(self.message_for(e)))
        if services.camera is not None:
            self.camera_bridge.attach(services.camera)
        self.catalogue_worker = ThreadWorker(
            "counter-catalogue",
            setup=lambda: Catalogue(services.catalogue, services.region_code),
            on_failure=self.failed,
        )
        self.store_worker = ThreadWorker(
            "counter-decisions", setup=services.operations, on_failure=self.failed
        )
        self._own_desk = services.desk is None
        self.desk = services.desk or PrintDesk(None, "counter-notices")  # no printer

    @property
    def step(self) -> CounterStep:
        return CounterStep(self.journey.current)

    @property
    def state(self) -> CounterState:
        return cast(CounterState, self.journey.state)

    def start(self) -> None:
        """Starts the document camera's owner, paused until a material is being scanned."""
        camera = self.services.camera
        if camera is not None:
            camera.start()
            camera.pause()

    def stop(self, timeout: float = 0.8) -> None:
        """Ends its threads within ``timeout`` seconds in all (a job still running is
        abandoned to its thread)."""
        self.session += 1  # what an abandoned job answers later is dropped
        stop_within(
            timeout,
            self.services.camera,
            self.catalogue_worker,
            self.store_worker,
            self.desk if self._own_desk else None,
        )

    # -- intents --------------------------------------------------------------------------

    def card(self, card: CardRead) -> None:
        """A card on the reader: a new applicant (the whole previous one goes). The same card
        read again mid-way (lifted and put back) changes nothing."""
        current = self.state.identity
        if current is not None and current.id_number == card.identity.id_number:
            return
        if self.step is not CounterStep.READ_CARD:
            self.next_applicant()
        self.advance(card.identity)
        self._applicant_found()

    def typed_identity(self, name: str, id_number: str) -> None:
        """人工录入: the reader failed; the clerk types the name and number from the card
        (checked as GB 11643 requires; the application is marked as not read from a card)."""
        if self.step is not CounterStep.READ_CARD:
            self.next_applicant()
        self.advance(TypedIdentity(name, id_number))
        self._applicant_found()

    def _applicant_found(self) -> None:
        """The applicant's waiting corrections and recent applications on this terminal."""
        identity = self.state.identity
        if self.step is CounterStep.READ_CARD or identity is None:
            return
        id_number = identity.id_number

        def found(result: tuple[list[Progress], list[Progress]]) -> None:
            self.waiting_found.emit(result[0])
            self.history_found.emit(result[1])

        self.store_worker.submit(
            lambda ops: (ops.awaiting_correction(id_number=id_number), ops.recent(id_number)),
            self.guard(found),
        )

    def find_waiting(self, code: str) -> None:
        """The code on a one-time notice the applicant brought back. Before any card is read,
        the application it names is resumed by the code alone (the applicant is named from
        it, marked 人工录入 like a typed identity: the clerk checks the card in hand)."""

        def found(waiting: list[Progress]) -> None:
            self.waiting_found.emit(waiting)
            if self.step is CounterStep.READ_CARD:
                if len(waiting) == 1:
                    self.resume(waiting[0].local_id)
                elif not waiting:
                    self.error.emit("没有找到该编号待补正的办件，请核对一次性告知书上的编号。")

        self.store_worker.submit(lambda ops: ops.awaiting_correction(code=code), self.guard(found))

    def search(self, text: str) -> None:
        def done(result: tuple[str, list[SearchHit]]) -> None:
            self.search_results.emit(*result)

        self.catalogue_worker.submit(
            lambda c: (text, c.search(text, audience=None)), self.guard(done)
        )

    def choose_item(self, impl_code: str) -> None:
        self.choosing.emit()
        self.licences = {}  # fetched for another item: fetched again for this one
        self.licences_refused = {}
        self.catalogue_worker.submit(lambda c: c.item(impl_code), self.guard(self.advance))

    def submit_form(self, values: dict[str, str]) -> None:
        self.field_errors.emit({})
        self.advance(values)

    # -- 调取电子证照 ----------------------------------------------------------------------

    def may_fetch_licences(self) -> bool:
        """A licence could stand for a material of this item, and the applicant's card was
        read (the card on the reader is their authorisation at this hall's counters)."""
        s = self.state
        return (
            s.item is not None
            and bool(wanted_types(s.item))
            and s.identity is not None
            and not s.identity_typed
        )

    def fetch_licences(self) -> None:
        """The applicant's licences for this item from the platform's 证照库 (the query names
        this application and the window, and is logged there)."""
        if not self.may_fetch_licences():
            self.error.emit("请先读取申请人的身份证：刷卡即授权调取本人电子证照。")
            return
        s = self.state
        assert s.item is not None
        assert s.identity is not None
        from core.ids import uuid7

        application = self.resume_id or self.application_id or uuid7(self.services.clock.now())
        self.application_id = application
        item, number, window = s.item, s.identity.id_number, self.services.window
        authorisation = f"CARD-{window or 'COUNTER'}-{application}"
        self.busy.emit("正在调取电子证照…")

        def fetched(answer: tuple[dict[str, Any], dict[str, str]]) -> None:
            found, refused = answer
            self.busy.emit("")
            self.licences = dict(found)
            self.licences_refused = dict(refused)
            self.licences_changed.emit()
            self.error.emit(
                f"已调取电子证照 {len(found)} 件，请核对后确认。"
                if found
                else "未调取到可用的电子证照，请核验纸质材料。"
            )

        self.store_worker.submit(
            lambda ops: ops.licences.query_all(item, number, application, authorisation, window),
            self.guard(fetched),
            self.guard(self.failed),
        )

    def licence_texts(self) -> dict[str, str]:
        """Material code → the licence answered for it, as the checklist shows it."""
        return {
            code: f"{lic.type_name} {masked_number(lic.number)}（{lic.issuer_name}）"
            for code, lic in ((c, u.licence) for c, u in self.licences.items())
        }

    def licence_refusals(self) -> dict[str, str]:
        """Material code → why the licence the library answered may not stand for it."""
        return dict(self.licences_refused)

    def submit_checklist(
        self, states: Mapping[str, tuple[CheckState, str]], pages: Mapping[str, int] | None = None
    ) -> None:
        try:
            checklist = checklist_from(states, pages)
            checklist = self._with_licences(checklist)
        except HallError as e:
            self.error.emit(e.user_message)
            return
        if self.advance(checklist):
            self.scan("")  # the checklist is done: the camera rests

    def _with_licences(self, checklist: dict[str, Submission]) -> dict[str, Submission]:
        """电子证照 entries carry the licence the library answered (a resumed correction keeps
        the one it had); one the library did not answer is refused."""
        item = self.state.item
        names = {m.code: m.name for m in item.materials} if item else {}
        out = dict(checklist)
        for code, sub in checklist.items():
            if not sub.via_elicence:
                continue
            if code in self.licences:
                out[code] = replace(sub, elicence=self.licences[code].licence.identifier)
                continue
            earlier = self.resumed_checklist.get(code)
            if isinstance(earlier, Submission) and earlier.elicence:
                out[code] = replace(sub, elicence=earlier.elicence)
                continue
            raise ValidationError(
                f"{code}: no e-licence answered",
                user_message=f"“{names.get(code, code)}”未调取到电子证照，请先调取或核验纸质材料。",
            )
        return out

    # -- 代办委托: the villager's consent ----------------------------------------------------

    def consent_signed(self, png: bytes, strokes: bytes) -> None:
        """The villager signed the consent on the screen: it is bound to the application
        with the agent signed in and the version of the text shown; the signature's image
        and strokes are sealed with the application like scans."""
        from terminal.operations import ScanInput

        self._take_consent(
            ConsentMethod.SIGNATURE_PAD,
            [
                ScanInput(CONSENT_SIGNATURE, png, media_type="image/png"),
                ScanInput(CONSENT_STROKES, strokes, media_type="application/json"),
            ],
        )

    def scan_mandate(self) -> None:
        """The villager signed a paper 委托书: its scan on the document camera is the consent
        (the next page captured)."""
        if self.step is CounterStep.CONSENT:
            self.scan(CONSENT_MANDATE)
            if self.services.camera is not None:
                self.busy.emit("请将委托人签字的委托书放在高拍仪下…")

    def _mandate_scanned(self, jpeg: bytes) -> None:
        from terminal.operations import ScanInput

        self.scan("")
        self._take_consent(ConsentMethod.SIGNED_FORM, [ScanInput(CONSENT_MANDATE, jpeg)])

    def _take_consent(self, method: ConsentMethod, evidence: list[ScanInput]) -> None:
        """The consent, bound to the agent signed in, the text's version and the sha256 of
        its first piece of evidence (the signature's image, or the mandate's scan)."""
        agent = self.clerk
        if agent is None:
            self.error.emit("请先以代办员身份登录。")
            return
        first = evidence[0].data
        assert isinstance(first, bytes)
        consent = AgentConsent(
            agent_id=agent.number,
            agent_name=agent.name,
            method=method,
            captured_at=self.services.clock.now(),
            evidence_sha256=hashlib.sha256(first).hexdigest(),
            text_version=CONSENT_VERSION,
        )
        if self.advance(consent):
            self.consent_evidence = evidence

    def print_consent(self) -> None:
        """代办委托确认单 for the villager: who acts for them, for what, under which text."""
        decided, item = self.last_decided, self.state.item
        if decided is None or item is None or decided.application.consent is None:
            return
        local_id = decided.local_id

        def built(blocks: list[Any]) -> None:
            self.last_consent_slip = blocks

        self.busy.emit("正在打印代办委托确认单…")
        self._print_built("代办委托确认单", lambda ops: ops.consent_document(local_id, item), built)

    # -- scans on the document camera (高拍仪) ---------------------------------------------

    def scan(self, code: str) -> None:
        """扫描: the camera's live view for one material (pages captured by themselves when
        the page lies still, or by :meth:`capture`); "" stops scanning."""
        camera = self.services.camera
        if code and camera is None:
            self.error.emit("本窗口未配置高拍仪：请核验原件后在清单中选择核验结果。")
            return
        self.material = code
        if camera is not None:
            camera.resume() if code else camera.pause()
        self.pages_changed.emit()

    def capture(self) -> None:
        if self.services.camera is not None and self.material:
            self.busy.emit("正在拍摄…")
            self.services.camera.capture()

    def remove_page(self, code: str, index: int) -> None:
        if self.pages.remove(code, index):
            self.pages_changed.emit()

    def _captured(self, page: CapturedPage, thumb: QtGui.QImage | None) -> None:
        if self.step is CounterStep.CONSENT and self.material == CONSENT_MANDATE:
            self.busy.emit("")
            if page.usable:
                self._mandate_scanned(page.jpeg)
            else:
                self.error.emit(f"没有拍好：{page.verdict.guidance}")
            return
        if self.step is not CounterStep.MATERIALS or not self.material:
            return  # not scanning (a late frame after the clerk moved on)
        self.busy.emit("")
        refused = self.pages.add(self.material, page, thumb)
        self.error.emit(refused)
        if not refused:
            self.pages_changed.emit()

    def decide(self, kind: DecisionKind, reason: str = "", basis: str = "") -> None:
        """受理 / 补正 / 不予受理: the rule is checked, the decision recorded durably, its
        notice printed."""
        from terminal.operations import DecideRequest, SubmitRequest

        s = self.state
        decision = Decision(kind, reason, basis)
        if s.item is None or s.identity is None or s.check is None:
            self.error.emit("请先读取证件、选择事项并核验材料。")
            return
        if not self.advance(decision, show=False):
            return
        from terminal.operations import ScanInput

        copies = [  # the e-licences' annotated copies (加注件) in place of scans
            ScanInput(code, self.licences[code].copy_png, 1, "image/png")
            for code, sub in s.provided.items()
            if sub.via_elicence and code in self.licences
        ]
        submit = SubmitRequest.of(
            s,
            self.services.channel,
            [*self.consent_evidence, *self.pages.scan_inputs(), *copies],
            consent=s.consent,
        )
        if self.resume_id is None and self.application_id is not None:
            submit = replace(submit, local_id=self.application_id)  # what the query named
        request = DecideRequest(
            submit,
            dict(s.provided),
            decision,
            resume=self.resume_id,
            clerk=self.clerk,
            window=self.services.window,
            ticket=self.ticket,
        )
        self.busy.emit(f"正在办理{kind.label}…")

        def done(decided: Decided) -> None:
            self.last_decided = decided
            self.busy.emit("")
            self.decided.emit(decided)
            self.show_step()
            self.print_notice()

        def failed(error: Exception) -> None:
            self.journey.back()  # the decision was not recorded: decide again
            self.failed(error)
            self.show_step()

        self.store_worker.submit(lambda ops: ops.decide(request), self.guard(done), failed)

    def print_notice(self) -> None:
        """Prints (or prints again) the notice of the last decision."""
        decided = self.last_decided
        if decided is None:
            return
        what = _NOTICE[decided.decision.kind]
        self.busy.emit(f"正在打印{what}…")
        self.desk.print_blocks(what, decided.notice, done=self._printed, guard=self.guard)

    def _print_built(
        self, what: str, build: Callable[[Operations], list[Any]], built: Callable[[Any], None]
    ) -> None:
        """A document built from the store, printed on the printer's thread; the outcome
        comes back as ``printed``."""
        self.desk.print_built(
            what, build, self.store_worker, done=self._printed, built=built, guard=self.guard
        )

    def _printed(self, outcome: PrintOutcome) -> None:
        self.last_print = outcome
        self.busy.emit("")
        self.printed.emit(outcome)

    def print_transfer(self) -> None:
        """物料转移单 of the application just accepted: its paper for the back office."""
        decided, item = self.last_decided, self.state.item
        if decided is None or item is None or decided.decision.kind is not DecisionKind.ACCEPT:
            return
        local_id, clerk = decided.local_id, self.clerk

        def built(blocks: list[Any]) -> None:
            self.last_transfer = blocks

        self.busy.emit("正在打印物料转移单…")
        self._print_built(
            "物料转移单", lambda ops: ops.transfer_document(local_id, item, clerk), built
        )

    def resume(self, local_id: uuid.UUID) -> None:
        """继续补正: the waiting application's item, form and checklist come back — with the
        reasons given for what was not usable and the pages scanned on the earlier visit —
        and the clerk checks only what was missing. From the card step (the notice's code
        alone) the applicant comes from the application, marked as not read from a card."""

        def load(ops: Operations) -> Any:
            return ops.store.load(local_id)

        def loaded(app: Any) -> None:
            by_code = self.step is CounterStep.READ_CARD
            if by_code:
                a = app.applicant
                if not self.advance(TypedIdentity(a.name, a.id_number), show=False):
                    return  # said (a number typed identities cannot carry)
            identity = self.state.identity
            if identity is None or identity.id_number != app.applicant.id_number:
                self.error.emit("该办件不是当前申请人的，请核对。")
                self.show_step()
                return

            def with_item(item: Any) -> None:
                if self.step is not CounterStep.PICK_ITEM:
                    return
                self.resume_id = local_id
                self.advance(item, show=False)
                if self.journey.current == CounterStep.CONSENT and app.consent is not None:
                    # 代办: the villager consented to this application on the first visit
                    self.advance(app.consent, show=False)
                self.advance(dict(app.form_data), show=False)
                self.resumed_checklist = dict(app.checklist)
                self.earlier_pages = {}
                for a in app.attachments:
                    self.earlier_pages[a.material_code] = (
                        self.earlier_pages.get(a.material_code, 0) + a.pages
                    )
                self.show_step()
                if by_code:
                    self.error.emit(
                        "已按一次性告知书编号找到待补正的办件，请核验申请人身份证原件。"
                    )

            self.catalogue_worker.submit(
                lambda c: c.item(app.item_impl_code), self.guard(with_item)
            )

        self.store_worker.submit(load, self.guard(loaded))

    @property
    def can_go_back(self) -> bool:
        """上一步 is offered: the step allows it, and it would not go back to reading the card
        (a new card, or 取消本次办理, starts over)."""
        return self.journey.can_go_back and self.journey.previous != CounterStep.READ_CARD

    def back(self) -> None:
        """上一步: the previous step, with what was entered kept (the form, the checklist,
        the pages scanned). The camera rests; back at the item, a resumed correction is let
        go (another item chosen is a new application)."""
        if not self.can_go_back:
            return
        self.scan("")
        self.error.emit("")
        self.journey.back()
        if self.step is CounterStep.PICK_ITEM:
            self.resume_id = None
            self.resumed_checklist = {}
            self.earlier_pages = {}
        self.show_step()

    def finish(self) -> None:
        """完成 (after the notice and the evaluation): ready for the next applicant."""
        self.next_applicant()

    def next_applicant(self) -> None:
        self.scan("")
        self.pages.clear()
        self.consent_evidence = []
        self.new_session()
        self.resume_id = None
        self.resumed_checklist = {}
        self.earlier_pages = {}
        self.licences = {}
        self.licences_refused = {}
        self.application_id = None
        self.last_decided = None
        self.last_print = None
        self.show_step()

    # -- plumbing -------------------------------------------------------------------------

    def check_states(self) -> dict[str, CheckState]:
        """The checklist as the panel shows it (a resumed correction keeps what it had)."""
        source = self.state.provided or self.resumed_checklist
        item = self.state.item
        if item is None:
            return {}
        states = {m.code: CheckState.of(source.get(m.code)) for m in item.materials}
        # the consent the villager signed for this item is its 授权委托书 where the catalogue
        # accepts an electronic one (the agent was asked to tick 原件已核验 for a paper that
        # does not exist); the agent may still change it
        for code in self.consent_materials():
            if code not in source:
                states[code] = CheckState.CONSENT
        return states

    def consent_materials(self) -> tuple[str, ...]:
        """The chosen item's materials the villager's signed consent may stand for."""
        item = self.state.item
        return consent_stands_for(item, self.services.channel) if item is not None else ()

    def check_remarks(self) -> dict[str, str]:
        """Why each material was not usable, as the clerk wrote it (a resumed correction)."""
        source = self.state.provided or self.resumed_checklist
        return {code: sub.remark for code, sub in source.items() if sub is not None and sub.remark}

    def message_for(self, error: HallError) -> str:
        return staff_message(error)


_NOTICE = {
    DecisionKind.SUBMIT: "代办回执",
    DecisionKind.ACCEPT: "受理通知书",
    DecisionKind.CORRECTION: "一次性告知书",
    DecisionKind.REJECT: "不予受理通知书",
}


def staff_message(e: HallError) -> str:
    """A refusal worded for the clerk: it is about the applicant's card, not 您的."""
    text = e.user_message
    if isinstance(e, ValidationError) and text.startswith("您的"):
        text = "该" + text[2:]
    return text.replace("请使用有效证件办理", "请申请人使用有效证件").replace(
        "请核对后重新输入", "请核对"
    )
