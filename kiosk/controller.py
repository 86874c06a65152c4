"""The kiosk's controller: it drives the journey (core.flows.kiosk) and the terminal's
operations, and tells the window what to show. Pages emit intents; the controller turns them
into journey steps and background operations; results come back as signals.

Threads: the catalogue and the store each live on a worker thread of their own (their SQLite
connections stay there), the printer prints on its own thread, the card reader and the
document camera are owned by their threads (``terminal.devices``) and reach the GUI through
the bridges. Nothing here blocks the GUI thread.

Sessions: everything a citizen left — the journey's state, captured pages, results still on
their way from a worker — belongs to one session; :meth:`cancel` ends it and a late result of
an ended session is dropped, never shown to the next citizen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from common_qt import i18n
from common_qt.devices import CameraBridge, CardBridge
from common_qt.i18n import say
from common_qt.journey import JourneyController
from common_qt.printing import PrintDesk
from common_qt.qt import QtCore, QtGui, Signal
from common_qt.scans import CapturedPages, Page
from common_qt.tasks import ThreadWorker
from core.applicant import TypedIdentity
from core.application import Channel, Submission
from core.catalogue.models import Handling
from core.clock import Clock, SystemClock
from core.errors import HallError, IllegalTransition, ValidationError
from core.evaluation import EvaluationChannel, Rating
from core.flows.kiosk import (
    Claim,
    KioskMode,
    KioskState,
    KioskStep,
    NoticeChoice,
    RatingTarget,
    TicketChoice,
    kiosk_journey,
    unavailable,
)
from core.flows.kiosk_steps import Wants as Wants  # re-exported: the pages declare theirs
from core.lifecycle import stop_within
from core.messages import tr
from core.ports import CapturedPage, CardRead, DeviceState
from core.queue.numbers import parse_follow_code
from core.queue.tickets import category_for
from core.validators import mask_id_number, mask_name
from terminal.catalogue import Catalogue, CatalogueNotSynced
from terminal.devices import TerminalDevices
from terminal.printing import PrintOutcome

# The catalogue (pinyin tables), the store (SQLite helpers) and the camera (OpenCV) load on
# their own threads when they start, not before the kiosk's first screen is on.
if TYPE_CHECKING:
    from terminal.catalogue import SearchHit
    from terminal.operations import Operations, ProgressReport, Submitted
    from terminal.queue_desk import IssuedTicket, QueueOverview, TicketPlace

log = logging.getLogger(__name__)


SEARCH_LIMIT = 20  # results shown for one search (one more is asked for: "and more")
PRINTER_PROBE_SECONDS = 30  # a printer not ready is asked this often while the start page waits
QUEUE_SECONDS = 60  # between citizens: the hall's queue asked, blocks topped up, tickets sent
INSTANT_SECONDS = 8.0  # how long the receipt page waits for the platform's 即办 decision


@dataclass
class KioskServices:
    """What the composition root hands the controller (any may be missing on a station
    being set up; the journey then says so where it needs it)."""

    catalogue: Path
    region_code: str
    operations: Callable[[], Operations] | None = None  # builds the store side, on its thread
    clock: Clock = field(default_factory=SystemClock)
    devices: TerminalDevices = field(default_factory=TerminalDevices)
    technician_pin_hash: str = ""  # the locked-down kiosk's exit (settings, hashed)


class KioskController(JourneyController):
    search_results = Signal(str, object)  # query, list[SearchHit]
    pages_changed = Signal()  # captured pages changed
    printed = Signal(object)  # PrintOutcome
    progress_ready = Signal(object)  # ProgressReport
    device_changed = Signal(str, object)  # device name, DeviceState
    wiped = Signal()
    technician_unlocked = Signal()
    technician_refused = Signal(str)  # why, for the technician
    card_tested = Signal(str)  # the technician's card-read test: what the reader read (masked)
    deliver_now = Signal()  # a 即办件 submitted: the background delivery, at once
    instant_decided = Signal(object)  # the platform's result (dict), or None: not at once
    queue_changed = Signal(object)  # QueueOverview, or None: this hall keeps no queue
    appointments_found = Signal(object)  # list of today's appointments (dicts)
    categories_found = Signal(object)  # [(service name, category letter)]
    ticket_followed = Signal(object)  # TicketPlace

    def __init__(self, services: KioskServices, parent: QtCore.QObject | None = None) -> None:
        super().__init__(kiosk_journey(services.clock), parent)
        self.services = services
        #: the devices each step wants awake, as its page declares them (the window's table)
        self.wants: dict[KioskStep, Wants] = {}
        self.pages = CapturedPages()  # material code → pages captured
        self.material = ""  # the material the camera captures for
        self._technician = False  # the technician's page is open (see technician_devices)
        self.submitted: Submitted | None = None
        #: 即办: the platform's result for the application just submitted (None: none yet)
        self.instant_result: dict[str, Any] | None = None
        self.last_print: PrintOutcome | None = None
        self.last_progress: ProgressReport | None = None
        #: the hall's queue as last heard (None: not known yet, or this hall keeps none)
        self.queue_overview: QueueOverview | None = None
        self._queue_timer = QtCore.QTimer(self)
        self._queue_timer.setInterval(QUEUE_SECONDS * 1000)
        self._queue_timer.timeout.connect(self._queue_between_citizens)
        self.device_states: dict[str, DeviceState] = {}
        self.catalogue_ready = False
        self.catalogue_worker = ThreadWorker(
            "kiosk-catalogue",
            setup=lambda: Catalogue(services.catalogue, services.region_code),
            on_failure=self.failed,
        )
        self._store = (
            ThreadWorker("kiosk-store", setup=services.operations, on_failure=self.failed)
            if services.operations is not None
            else None
        )
        devices = services.devices
        self.desk = PrintDesk(devices.printer, "kiosk-printer", on_failure=self.failed)
        self._probing = False
        self._printer_probe = QtCore.QTimer(self)  # while the start page waits for a citizen
        self._printer_probe.setInterval(PRINTER_PROBE_SECONDS * 1000)
        self._printer_probe.timeout.connect(self._probe_between_citizens)
        # the devices' threads report here (a test speaks for a device through its bridge)
        self.card_bridge = CardBridge(self)
        self.card_bridge.card_read.connect(self.card)
        self.card_bridge.error.connect(self._card_error)
        self.card_bridge.state_changed.connect(lambda s: self._device("idcard", s))
        self.camera_bridge = CameraBridge(self)
        self.camera_bridge.captured.connect(self._captured)
        self.camera_bridge.error.connect(self._camera_error)
        self.camera_bridge.state_changed.connect(lambda s: self._device("camera", s))
        self.camera_bridge.code_read.connect(self._code_read)
        if devices.card is not None:
            self.card_bridge.attach(devices.card)
        if devices.camera is not None:
            self.camera_bridge.attach(devices.camera)
        if devices.printer is not None:
            self.device_states["printer"] = devices.printer.state

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the device owners (paused until a step wants them) and checks the catalogue."""
        for owner in self.services.devices.owners():
            owner.pause()  # until a step wants it
            owner.start()
        self.catalogue_worker.submit(lambda c: c.ready(), self._catalogue_checked)
        self.check_storage()
        self._printer_probe.start()
        self._queue_timer.start()
        self._queue_between_citizens()
        self.show_step()

    def probe_printer(self) -> None:
        """Between citizens, a printer that is not ready is asked again on its own thread: a
        printer brought back returns 我要办事 by itself (it stayed 打印机缺纸或故障 until a
        technician's test print or a restart — its state changed only with a print job)."""
        printer = self.services.devices.printer
        if printer is None or printer.state is DeviceState.READY or self._probing:
            return
        self._probing = True

        def probed(state: DeviceState) -> None:
            self._probing = False
            self._device("printer", state)

        def failed(error: Exception) -> None:
            self._probing = False

        self.desk.probe(probed, failed)

    def check_storage(self) -> None:
        """The store's disk, on the store's thread (a dead disk blocks that thread, not the
        screen): a journey that writes (我要办事, 好差评) is not offered without room for it."""
        if self._store is None:
            return
        self._store.submit(
            lambda ops: ops.storage_state(),
            lambda state: self._device("storage", state),
            lambda _: self._device("storage", DeviceState.FAULT),
        )

    def _probe_between_citizens(self) -> None:
        if self.step is KioskStep.WELCOME:
            self.probe_printer()
            self.check_storage()

    def stop(self, budget: float = 0.8) -> None:
        """Ends every thread within one shared ``budget`` of seconds, whatever they are
        doing: all are asked at once, then each is waited for with what is left. A print or a
        read still running is abandoned to its thread (a receipt is reprintable by its code;
        the store is crash-safe); devices are closed by their owners."""
        self.session += 1  # what an abandoned job answers later is dropped
        self._printer_probe.stop()
        self._queue_timer.stop()
        stop_within(
            budget, *self.services.devices.owners(), self.catalogue_worker, self._store, self.desk
        )

    def device_health(self) -> dict[str, str]:
        """Device states for the platform's fleet view (read from the sync thread)."""
        return self.services.devices.health()

    @property
    def step(self) -> KioskStep:
        return KioskStep(self.journey.current)

    @property
    def state(self) -> KioskState:
        return cast(KioskState, self.journey.state)

    @property
    def can_apply(self) -> bool:
        """Applications need the store (a configured, initialised terminal)."""
        return self._store is not None

    # -- intents --------------------------------------------------------------------------

    def choose(self, mode: KioskMode) -> None:
        """首页: 我要办事, 进度查询, 打印办事指南 or 服务评价."""
        reason = unavailable(mode, self.device_states, configured=self.can_apply)
        if reason:
            self.error.emit(say(reason))
            return
        self.advance(mode.value)

    def card(self, card: CardRead) -> None:
        """A card was read (the reader's thread, through the bridge)."""
        if self._technician:  # the technician's read test: shown, never used
            i = card.identity
            until = i.valid_to.isoformat() if i.valid_to else self.tr("长期")
            self.card_tested.emit(
                f"{mask_name(i.name)}  {mask_id_number(i.id_number)}  "
                + self.tr("有效期至 %1").replace("%1", until)
            )
            return
        if self.step is KioskStep.READ_CARD:
            if self.advance(card.identity) and self.state.mode is KioskMode.CHECK_IN:
                self._find_appointments()  # 预约签到: the card's appointments of today
        elif self.step is KioskStep.QUERY:
            self._query(id_number=card.identity.id_number)

    # -- the hall's queue (取号, 预约签到) ---------------------------------------------------

    def _queue_between_citizens(self) -> None:
        """Between citizens: the hall's queue asked (取号 offered when the hall keeps one),
        this kiosk's blocks topped up and the tickets it issued alone sent back."""
        if self._store is None or self.step is not KioskStep.WELCOME:
            return

        self._store.submit(
            lambda ops: ops.queue.between_citizens(), self._queue_known, self._queue_unknown
        )

    def refresh_queue(self) -> None:
        """Who waits now (the category page as it shows)."""
        if self._store is not None:
            self._store.submit(
                lambda ops: ops.queue.overview(), self.guard(self._queue_known), lambda _: None
            )

    def _queue_known(self, overview: QueueOverview | None) -> None:
        self.queue_overview = overview
        self.queue_changed.emit(overview)

    def _queue_unknown(self, error: Exception) -> None:
        log.info("queue: not known (%s)", getattr(error, "detail", error))
        if self.queue_overview is None:
            self.queue_changed.emit(None)

    def no_card(self) -> None:
        """不刷卡取号: a number without a card (categories that allow it)."""
        if self.state.mode is KioskMode.TICKET and self.step is KioskStep.READ_CARD:
            self.advance(None)

    def take_ticket(self, choice: TicketChoice) -> None:
        """取号 in the category chosen: issued by the hall server (or this kiosk's block while
        it is away), then printed."""
        if self._store is None or self.step is not KioskStep.QUEUE_CATEGORY:
            return
        identity = self.state.identity
        self.busy.emit(self.tr("正在取号…"))

        def issue(ops: Operations) -> IssuedTicket:
            return ops.queue.issue(
                choice.letter,
                id_number=identity.id_number if identity else "",
                name=identity.name if identity else "",
                birth=identity.birth if identity else None,
                disabled=choice.claim is Claim.DISABLED,
                service_member=choice.claim is Claim.SERVICE_MEMBER,
            )

        self._store.submit(issue, self.guard(self._ticket_issued), self.guard(self._refused))

    def check_in(self, reference: str) -> None:
        """预约签到 of one of today's appointments: a ticket called first, printed."""
        identity = self.state.identity
        if self._store is None or identity is None or self.step is not KioskStep.APPOINTMENTS:
            return
        self.busy.emit(self.tr("正在签到…"))
        number = identity.id_number
        self._store.submit(
            lambda ops: ops.queue.check_in(reference, number),
            self.guard(self._ticket_issued),
            self.guard(self._refused),
        )

    def enrol_phone(self, phone: str) -> None:
        """网上注册: the platform sends a code to ``phone`` for the card's person."""
        identity = self.state.identity
        if self._store is None or identity is None:
            return
        if self.step is not KioskStep.ENROL_PHONE:
            return
        self.busy.emit(self.tr("正在发送验证码…"))

        def sent(request: dict[str, Any]) -> None:
            self.busy.emit("")
            self.advance(request)

        self._store.submit(  # counted for the kiosk ("自助终端") of its hall
            lambda ops: ops.portal_enrol(identity, phone, "自助终端"),
            self.guard(sent),
            self.guard(self._refused),
        )

    def enrol_again(self) -> None:
        """重新获取: back to the phone, still typed, to send again (the platform says when a
        new code may be sent)."""
        if self.step is KioskStep.ENROL_CODE:
            self.back()

    def enrol_code(self, code: str) -> None:
        """The code typed: the account created or bound, its slip printed."""
        request = (self.state.enrolment or {}).get("request")
        if self._store is None or not request or self.step is not KioskStep.ENROL_CODE:
            return
        self.busy.emit(self.tr("正在验证…"))

        def done(result: dict[str, Any]) -> None:
            self.busy.emit("")
            if self.advance(result):
                self._document(lambda ops: ops.portal_document(result), self.tr("注册凭条"))

        self._store.submit(
            lambda ops: ops.portal_confirm(str(request), code),
            self.guard(done),
            self.guard(self._refused),
        )

    def _refused(self, error: Exception) -> None:
        self.busy.emit("")
        self.failed(error)

    def _ticket_issued(self, ticket: IssuedTicket) -> None:
        self.busy.emit("")
        if self.advance(ticket):
            self.print_ticket()

    def print_ticket(self) -> None:
        ticket = self.state.ticket
        if ticket is not None:
            self._document(lambda ops: ops.ticket_document(ticket), self.tr("排队号"))

    def _find_appointments(self) -> None:
        identity = self.state.identity
        if self._store is None or identity is None:
            return
        number = identity.id_number
        self._store.submit(
            lambda ops: ops.queue.appointments(number),
            self.guard(self.appointments_found.emit),
            self.guard(self._refused),
        )

    def find_category(self, text: str) -> None:
        """取号 by a service: the services the words find, each with its category."""
        overview = self.queue_overview
        if overview is None or not text.strip():
            return
        categories = overview.categories

        def run(c: Catalogue) -> list[tuple[str, str]]:
            found: dict[str, str] = {}
            for hit in c.search(text, limit=12):
                category = category_for(categories, hit.theme)
                if category is not None:
                    found.setdefault(hit.name, category.letter)
            return list(found.items())

        self.catalogue_worker.submit(run, self.guard(self.categories_found.emit))

    def typed_identity(self, name: str, id_number: str) -> None:
        """No card at hand: the name and ID number typed in (items that allow it; the
        application is marked as not verified by card)."""
        self.advance(TypedIdentity(name, id_number))

    def search(self, text: str) -> None:
        """Characters, pinyin or initials, and the English names of the glossary ("passport"
        finds 普通护照签发 …) — in English their services first, on the Chinese screen after what
        the words find as pinyin (an English word found nothing there)."""
        terms = i18n.glossary().terms_for(text)
        english_first = i18n.current() == i18n.ENGLISH

        def run(c: Catalogue) -> tuple[str, list[SearchHit]]:
            hits: dict[str, SearchHit] = {}

            def by_glossary() -> None:
                for term in terms:
                    for hit in c.search(term, limit=5):
                        hits.setdefault(hit.impl_code, hit)

            if english_first:
                by_glossary()
            for hit in c.search(text, limit=SEARCH_LIMIT + 1):  # one more: "and more"
                hits.setdefault(hit.impl_code, hit)
            if not english_first and len(hits) <= SEARCH_LIMIT:  # room left for them
                by_glossary()
            return text, list(hits.values())[: SEARCH_LIMIT + 1]

        def done(result: tuple[str, list[SearchHit]]) -> None:
            self.search_results.emit(*result)

        self.catalogue_worker.submit(run, self.guard(done))

    def choose_item(self, impl_code: str) -> None:
        self.catalogue_worker.submit(lambda c: c.item(impl_code), self.guard(self.advance))

    def apply(self) -> None:
        """我要办理 on the guide (or 完成 in the guide-only mode)."""
        self.advance()

    def authorise(self, agreed: bool) -> None:
        """授权用证: yes — the citizen's licences for this item are asked of the platform's
        证照库 (the application named now, the authorisation recorded with the query) and
        stand for their materials; no, or the library unavailable — paper, said plainly."""
        s = self.state
        if not agreed or self._store is None or s.item is None or s.identity is None:
            self.advance(False)
            return
        from core.ids import uuid7

        item, number = s.item, s.identity.id_number
        application = s.application_id or uuid7(self.services.clock.now())
        s.application_id = application
        authorisation = f"KIOSK-{application}"  # the kiosk's record of the citizen's yes
        self.busy.emit(self.tr("正在调取电子证照…"))

        def asked(found: dict[str, Any]) -> None:
            self.busy.emit("")
            s.licences = dict(found)
            self.advance(True)

        def failed(error: Exception) -> None:
            self.busy.emit("")
            self.failed(error)  # 电子证照暂不可用，请扫描纸质材料 — the page offers paper

        self._store.submit(
            lambda ops: ops.licences.query(item, number, application, authorisation),
            self.guard(asked),
            self.guard(failed),
        )

    def technician_unlock(self, pin: str) -> None:
        """The technician's PIN (locked after 5 wrong tries; every try audited)."""
        pin_hash = self.services.technician_pin_hash
        if self._store is None:
            self.technician_refused.emit(self.tr("本机未初始化存储，不能验证技术人员密码。"))
            return
        self._store.submit(
            lambda ops: ops.staff.technician_exit(pin, pin_hash),
            lambda _: self.technician_unlocked.emit(),
            lambda e: self.technician_refused.emit(
                say(e.user_message) if isinstance(e, HallError) else str(e)
            ),
        )

    def print_test_page(self) -> None:
        """测试打印 from the technician's page: the printer's own self-description."""
        self._document(lambda ops: ops.test_page_document(), self.tr("测试页"))

    def print_guide(self) -> None:
        item = self.state.item
        if item is None:
            return
        if self._store is None:
            self.error.emit(self.tr("本终端尚未完成设置，暂不能打印，请咨询工作人员。"))
            return
        self._document(lambda ops: ops.guide_document(item), self.tr("办事指南"))

    def shown_on_fields(self, errors: dict[str, str]) -> bool:
        # the form's messages under its fields, the focus on the first: said once (the page's
        # line below repeated the first and cut the form's room in large text)
        on_form = {f.key for f in self.state.form_schema.fields}
        return self.step is KioskStep.FORM and set(errors) <= on_form

    def submit_form(self, values: dict[str, str]) -> None:
        self.field_errors.emit({})
        self.advance(values)

    def select_material(self, code: str) -> None:
        self.material = code
        self.pages_changed.emit()

    def capture(self) -> None:
        """拍照 (the camera also captures by itself when the page lies still)."""
        camera = self.services.devices.camera
        if camera is None:
            self.error.emit(self.tr("本机未连接高拍仪，请咨询工作人员。"))
            return
        self.busy.emit(self.tr("正在拍摄…"))
        camera.capture()

    def remove_page(self, code: str, index: int) -> None:
        """重拍: drop a page (the citizen captures it again)."""
        if self.pages.remove(code, index):
            self.pages_changed.emit()

    def scans_done(self) -> None:
        """下一步 on the scan page: the pre-check decides between confirm and the notice. A
        material with pages is the paper the citizen chose; one without, that a licence
        stands for, is that licence (免提交)."""
        provided = {code: Submission(pages=n) for code, n in self.pages.counts().items()}
        for code, use in self.state.licences.items():
            if code not in provided:
                provided[code] = Submission(via_elicence=True, elicence=use.licence.identifier)
        self.advance(provided)

    def licence_for(self, code: str) -> Any:
        """The licence standing for material ``code`` (terminal.licence_desk.LicenceUse)."""
        return self.state.licences.get(code)

    def notice_choice(self, choice: NoticeChoice) -> None:
        self.advance(choice.value)

    def confirm(self) -> None:
        """确认提交 (the privacy notice was shown on the same screen): the durable submit,
        then the receipt prints."""
        if self._store is None or self.submitted is not None:
            return
        s = self.state
        from terminal.operations import ScanInput, SubmitRequest

        used = {code: sub for code, sub in s.provided.items() if sub.via_elicence and sub.elicence}
        copies = [  # the annotated copies (加注件) in place of the scans
            ScanInput(code, s.licences[code].copy_png, 1, "image/png")
            for code in used
            if code in s.licences
        ]
        try:
            request = replace(
                SubmitRequest.of(s, Channel.KIOSK, [*self.pages.scan_inputs(), *copies]),
                checklist=used,
                local_id=s.application_id,
            )
        except ValidationError as e:  # no card read or no item chosen: said, nothing queued
            self.failed(e)
            return
        self.busy.emit(self.tr("正在提交，请稍候…"))

        def done(submitted: Submitted) -> None:
            self.submitted = submitted
            self.busy.emit("")
            self.advance(submitted.receipt_number)
            self.print_receipt()
            if item_is_instant:
                self._await_instant(submitted.local_id)

        item_is_instant = s.item is not None and s.item.handling is Handling.IMMEDIATE

        self._store.submit(lambda ops: ops.submit(request), self.guard(done))

    def _await_instant(self, local_id: Any) -> None:
        """即办: delivered at once, then the platform's decision asked every half second for
        INSTANT_SECONDS — printed when it comes; none in time (offline), said: it is decided
        when the kiosk is back online, never a result printed without the platform."""
        self.instant_result = None
        self.deliver_now.emit()
        deadline = self.services.clock.monotonic() + INSTANT_SECONDS
        store = self._store
        assert store is not None

        session = self.session

        def ask() -> None:
            if session != self.session:  # the citizen left: nothing more is asked
                return
            store.submit(
                lambda ops: ops.instant_result(local_id),
                self.guard(answered),
                self.guard(failed),
            )

        def answered(result: dict[str, Any] | None) -> None:
            if result is not None and result.get("awaiting_payment"):
                # a fee to pay first: its notice printed with the code to pay by phone; the
                # platform decides once paid (never a result printed before that)
                payment = result.get("payment") or {}
                self.instant_decided.emit(result)
                self._document(
                    lambda ops: ops.payment_document(local_id, payment), self.tr("缴款通知书")
                )
            elif result is not None:
                self.instant_result = result
                self.instant_decided.emit(result)
                self._document(
                    lambda ops: ops.instant_document(local_id, result), self.tr("办理结果")
                )
            elif self.services.clock.monotonic() < deadline:
                QtCore.QTimer.singleShot(500, ask)
            else:
                self.instant_decided.emit(None)

        def failed(error: Exception) -> None:  # offline: asked again until the deadline
            answered(None)

        QtCore.QTimer.singleShot(300, ask)

    def print_receipt(self) -> None:
        """Prints (or prints again) the receipt of the application just submitted."""
        submitted = self.submitted
        if submitted is not None:
            self._document(lambda ops: ops.receipt_document(submitted.local_id), self.tr("回执"))

    def receipt_done(self) -> None:
        self.advance()

    def rate(self, rating: Rating | None) -> None:
        """好差评 (None: the citizen skipped it): queued as an evaluation of the application."""
        target = self.submitted.local_id if self.submitted else None
        if self.state.rate_target is not None:
            target = self.state.rate_target.local_id
        if rating is None or self._store is None:
            self.advance(None)
            return
        from terminal.operations import EvaluationRequest

        request = EvaluationRequest(
            rating.satisfaction,
            EvaluationChannel.HALL_TERMINAL,
            application_id=target,
            reasons=rating.reasons,
            comment=rating.comment,
            once=True,
        )
        self._store.submit(
            lambda ops: ops.record_evaluation(request),
            self.guard(lambda _: self.advance(rating)),
        )

    def rate_code(self, code: str) -> None:
        """服务评价: the receipt code of an earlier application."""
        code = code.strip().upper()
        if not code:
            self.error.emit(self.tr("请输入回执上的回执编号。"))
            return
        if self._store is None:
            return

        def find(ops: Operations) -> RatingTarget:
            progress = ops.find(code)
            if progress is None:
                raise ValidationError(
                    f"no application {code}",
                    user_message=tr("没有找到这个回执编号，请核对后重新输入，或咨询工作人员。"),
                )
            if ops.store.evaluated(progress.local_id):
                raise ValidationError(
                    "already evaluated", user_message=tr("这次办理已经评价过了，感谢您的评价。")
                )
            return RatingTarget(progress.local_id, progress.receipt_number, progress.item_name)

        self._store.submit(find, self.guard(self.advance))

    def query(self, code: str) -> None:
        """进度查询 by the receipt code typed (or held under the camera)."""
        self._query(code=code)

    def back(self) -> None:
        try:
            self.journey.back()
        except IllegalTransition:
            return
        self.show_step()

    def finish(self) -> None:
        """完成: the journey ends; nothing of it stays."""
        self.cancel()

    def technician_devices(self, on: bool) -> None:
        """The technician's page: while it is open the reader listens (a card read there is
        only shown) and the document camera shows its live view; closing it returns both to
        the current step's rules."""
        self._technician = on
        if not on:
            self.show_step()
            return
        for owner in self.services.devices.owners():
            owner.resume()

    def cancel(self) -> None:
        """返回首页, 完成 or the idle timeout: a full wipe of the session."""
        self._technician = False
        self.new_session()
        self.pages.clear()
        self.material = ""
        self.submitted = None
        self.instant_result = None
        self.last_print = None
        self.last_progress = None
        self.busy.emit("")
        self.error.emit("")
        self.wiped.emit()
        self.show_step()

    # -- plumbing -------------------------------------------------------------------------

    def show_step(self) -> None:
        step = self.step
        wants = self.wants.get(step, Wants.NOTHING)
        watcher = self.services.devices.card
        if watcher is not None:
            (watcher.resume if Wants.CARD in wants else watcher.pause)()
        camera = self.services.devices.camera
        if camera is not None:
            camera.pause()
            if Wants.CAMERA in wants:
                camera.resume()
            elif Wants.CODES in wants:
                camera.watch_codes()  # the receipt's QR held under the camera
        if step is KioskStep.SCAN and not self.material and self.state.item is not None:
            # the first material to scan: one no licence stands for
            materials = [
                m for m in self.state.item.materials if m.code not in self.state.licences
            ] or list(self.state.item.materials)
            self.material = materials[0].code if materials else ""
        if step is KioskStep.NOTICE:
            self._print_notice()
        if step is KioskStep.WELCOME:
            # a citizen left: is the printer back, and is there room for the next one?
            self._probe_between_citizens()
        self.step_changed.emit(step.value)

    def _print_notice(self) -> None:
        s = self.state
        if s.item is None or s.check is None or s.identity is None:
            return
        item, entries, name = s.item, s.check.entries, s.identity.display_name
        used = tuple(m.name for m in item.materials if m.code in s.licences)
        self._document(
            lambda ops: ops.notice_document(item, entries, name, used), self.tr("一次性告知书")
        )

    def _document(self, build: Callable[[Operations], list[Any]], what: str) -> None:
        """Builds a document on the store thread, then prints it on the printer's."""
        if self._store is None:
            return
        self.busy.emit(self.tr("正在打印%1…").replace("%1", what))
        printer = self.services.devices.printer

        def done(outcome: PrintOutcome) -> None:
            self.last_print = outcome
            self.busy.emit("")
            if printer is not None:
                self._device("printer", printer.state)
            self.printed.emit(outcome)

        self.desk.print_built(what, build, self._store, done=done, guard=self.guard)

    def _query(self, *, code: str = "", id_number: str = "") -> None:
        if not (code.strip() or id_number):
            self.error.emit(self.tr("请输入回执编号，或将身份证放在感应区。"))
            return
        if self._store is None:
            self.error.emit(self.tr("本终端尚未完成设置，暂不能查询，请咨询工作人员。"))
            return
        if self.step is KioskStep.QUERY:
            self.advance(code or "身份证")
        self.busy.emit(self.tr("正在查询…"))
        ticket = parse_follow_code(code) if code else None
        if ticket is not None:  # a queue ticket's QR or number: where it stands
            day, number = ticket

            def followed(place: TicketPlace) -> None:
                self.busy.emit("")
                self.ticket_followed.emit(place)

            self._store.submit(
                lambda ops: ops.queue.follow(number, day),
                self.guard(followed),
                self.guard(self._refused),
            )
            return

        def done(report: ProgressReport) -> None:
            self.last_progress = report
            self.busy.emit("")
            self.progress_ready.emit(report)

        self._store.submit(
            lambda ops: ops.query_progress(code=code, id_number=id_number), self.guard(done)
        )

    def _captured(self, page: CapturedPage, thumb: QtGui.QImage | None) -> None:
        if self.step is not KioskStep.SCAN or not self.material:
            return
        self.busy.emit("")
        refused = self.pages.add(self.material, page, thumb)
        self.error.emit(say(refused))
        if not refused:
            self.pages_changed.emit()

    def _code_read(self, text: str) -> None:
        """A QR code under the camera: the receipt's query link ends with its code."""
        code = text.rstrip("/").rsplit("/", 1)[-1].strip()
        if self.step is KioskStep.QUERY:
            self.query(code)
        elif self.step is KioskStep.RATE_CODE:
            self.rate_code(code)

    def _card_error(self, error: HallError) -> None:
        if Wants.CARD in self.wants.get(self.step, Wants.NOTHING):
            self.error.emit(say(error.user_message))

    def _camera_error(self, error: HallError) -> None:
        self.busy.emit("")
        if Wants.CAMERA in self.wants.get(self.step, Wants.NOTHING):
            self.error.emit(say(error.user_message))

    def _device(self, name: str, state: DeviceState) -> None:
        self.device_states[name] = state
        self.device_changed.emit(name, state)

    def _catalogue_checked(self, ready: bool) -> None:
        self.catalogue_ready = ready
        if not ready:
            self.error.emit(say(CatalogueNotSynced("").user_message))

    def material_pages(self, code: str) -> Sequence[Page]:
        return self.pages.of(code)
