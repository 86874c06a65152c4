"""The terminal's operations: named use cases with typed inputs and results.

One :class:`Operations` per thread (it owns that thread's store connection): the apps build it
on their store worker thread, the CLIs and the demo on their main thread. Each operation is a
durable unit: when it returns, what it did survives a power cut; when it raises a HallError,
nothing half-done is visible (scans stored before a failed commit are swept at next start).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from core.application import (
    AgentConsent,
    Applicant,
    Application,
    Attachment,
    Channel,
    NoticeEntry,
    Status,
    StatusChange,
)
from core.catalogue.models import ServiceItem
from core.clock import CST
from core.errors import HallError, ValidationError
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.ids import provisional_receipt_number, uuid7
from devices.printer.layout import Block
from devices.printer.templates import Hall, guide, one_time_notice, receipt
from sync.store import ApplicationSummary, LocalStore, Outbox

if TYPE_CHECKING:
    from sync.catalogue import CatalogueStore

__all__ = [
    "ApplicationSummary",
    "EvaluationRequest",
    "ItemRef",
    "Operations",
    "Progress",
    "ProgressLine",
    "ProgressReport",
    "ScanInput",
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
    def close(self) -> None: ...


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


@dataclass(frozen=True)
class Submitted:
    """The provisional receipt: what prints at once, before any network."""

    local_id: uuid.UUID
    receipt_number: str
    application: Application


@dataclass(frozen=True)
class EvaluationRequest:
    satisfaction: Satisfaction
    channel: EvaluationChannel
    application_id: uuid.UUID | None = None  # 一事一评: the application rated
    staff_id: str = ""  # the staff member rated; never the citizen who rates
    window: str = ""
    reasons: tuple[str, ...] = ()
    comment: str = ""


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

    @property
    def status(self) -> Status:
        status = self.platform_status or self.local_status
        assert status is not None
        return status


@dataclass(frozen=True)
class ProgressReport:
    lines: tuple[ProgressLine, ...]
    platform_error: str = ""  # why the platform could not be asked ("" when it answered)


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
    ) -> None:
        self.store = store
        self._platform = platform  # None: not enrolled (no secret), local records only
        self._client: PlatformLookup | None = None
        self.clock = store.clock
        self.catalogue_path = catalogue
        self.terminal_id = terminal_id
        self.region_code = region_code
        self.hall = hall
        self._catalogue: CatalogueStore | None = None

    # -- applications ---------------------------------------------------------------------

    def submit(self, request: SubmitRequest) -> Submitted:
        """Queues an application durably: its scans sealed and fsynced first, then the
        application and its outbox entry in one transaction. The receipt may print when this
        returns; delivery happens in the background whenever the network allows."""
        now = self.clock.now()
        local_id = uuid7(now)
        item = request.item
        app = Application(
            local_id=local_id,
            receipt_number=provisional_receipt_number(self.terminal_id, now, local_id),
            item_impl_code=item.impl_code,
            item_version=item.version,
            item_name=item.name,
            channel=request.channel,
            applicant=request.applicant,
            created_at=now,
            terminal_id=self.terminal_id,
            form_data=dict(request.form),
            consent=request.consent,
        )
        for scan in request.scans:
            sha, size = self.store.put_scan(local_id, scan.data)
            app.attachments.append(
                Attachment(scan.material_code, sha, scan.pages, scan.media_type, size)
            )
        app.advance(Status.QUEUED, now)
        self.store.save(app)
        return Submitted(local_id, app.receipt_number, app)

    def receipt_document(self, local_id: uuid.UUID) -> list[Block]:
        """The receipt of a stored application, for the printer (on its own thread) or a
        preview; the item's current entry in the catalogue adds its time limit when it still
        exists. A failed print loses nothing: the receipt is rebuilt from the store."""
        app = self.store.load(local_id)
        return receipt(app, self._item(app.item_impl_code), self.hall)

    def notice_document(
        self, item: ServiceItem, entries: Sequence[NoticeEntry], applicant_name: str
    ) -> list[Block]:
        """一次性告知书: everything missing at once, dated now; nothing is queued."""
        when = f"{self.clock.now().astimezone(CST):%Y-%m-%d %H:%M}"
        return one_time_notice(item, tuple(entries), self.hall, applicant_name, when)

    def guide_document(self, item: ServiceItem) -> list[Block]:
        """The printed guide (办事指南) a citizen takes home."""
        return guide(item, self.hall)

    def find(self, code: str) -> Progress | None:
        """By the receipt's query code, the provisional receipt number or the 办件编号."""
        local_id = self.store.find(code.strip())
        if local_id is None:
            return None
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
        code = code.strip().upper()
        if code:
            found = self.store.find(code)
            ids = [found] if found is not None else []
        else:
            ids = self.store.find_by_id_number(id_number)
        lines: dict[str, ProgressLine] = {}
        for local_id in ids:
            app = self.store.load(local_id)
            lines[app.receipt_number] = ProgressLine(
                app.receipt_number, app.official_number, app.item_name, app.status, None
            )
        error = ""
        if self._platform is None:
            error = "本机未联网，仅显示本机记录。"
        else:
            try:
                remote = self._platform_client().lookup(code=code, id_number=id_number)
            except HallError as e:
                error = f"暂时无法连接政务服务平台（{e.user_message}），仅显示本机记录。"
            else:
                for r in remote:
                    receipt = str(r.get("receipt_number") or r.get("official_number"))
                    mine = lines.get(receipt)
                    lines[receipt] = ProgressLine(
                        receipt,
                        str(r.get("official_number", "")),
                        str(r.get("item_name", "")),
                        mine.local_status if mine else None,
                        _platform_status(r.get("status")),
                        str(r.get("note") or ""),
                        str(r.get("updated_at", "")),
                    )
        return ProgressReport(tuple(lines.values()), error)

    def worklist(self, limit: int = 500) -> Worklist:
        return Worklist(self.store.summaries(limit), self.store.counts())

    # -- evaluations ----------------------------------------------------------------------

    def record_evaluation(self, request: EvaluationRequest) -> Evaluation:
        """Queues a rating (好差评) for delivery, linked to its application and the window
        and staff rated. Raises ValidationError for a 差评 without a reason, and for a second
        rating of one application (一次一评)."""
        basic_code = impl_code = official = ""
        if request.application_id is not None:
            if self.store.evaluated(request.application_id):
                raise ValidationError(
                    f"application {request.application_id} already evaluated",
                    user_message="这次办理已经评价过了，感谢您的评价。",
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

    def _item(self, impl_code: str) -> ServiceItem | None:
        if self._catalogue is None:
            if not self.catalogue_path.exists():
                return None
            from sync.catalogue import CatalogueStore  # the pinyin tables load with it

            self._catalogue = CatalogueStore(self.catalogue_path)
        try:
            return self._catalogue.get(impl_code)
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
