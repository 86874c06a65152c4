"""The terminal's operations: named use cases with typed inputs and results.

One :class:`Operations` per thread (it owns that thread's store connection): the apps build it
on their store worker thread, the CLIs and the demo on their main thread. Each operation is a
durable unit: when it returns, what it did survives a power cut; when it raises a HallError,
nothing half-done is visible (scans stored before a failed commit are swept at next start).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.application import (
    AgentConsent,
    Applicant,
    Application,
    Attachment,
    Channel,
    Status,
    StatusChange,
)
from core.catalogue.models import ServiceItem
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.ids import provisional_receipt_number, uuid7
from devices.printer.layout import Block
from devices.printer.templates import Hall, receipt
from sync.catalogue import CatalogueStore
from sync.store import ApplicationSummary, LocalStore, Outbox

__all__ = [
    "ApplicationSummary",
    "EvaluationRequest",
    "ItemRef",
    "Operations",
    "Progress",
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
    ) -> None:
        self.store = store
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

    def worklist(self, limit: int = 500) -> Worklist:
        return Worklist(self.store.summaries(limit), self.store.counts())

    # -- evaluations ----------------------------------------------------------------------

    def record_evaluation(self, request: EvaluationRequest) -> Evaluation:
        """Queues a rating (好差评) for delivery, linked to its application and the window
        and staff rated. Raises ValidationError for a 差评 without a reason."""
        basic_code = impl_code = official = ""
        if request.application_id is not None:
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

    def _item(self, impl_code: str) -> ServiceItem | None:
        if self._catalogue is None:
            if not self.catalogue_path.exists():
                return None
            self._catalogue = CatalogueStore(self.catalogue_path)
        try:
            return self._catalogue.get(impl_code)
        except KeyError:
            return None

    def close(self) -> None:
        if self._catalogue is not None:
            self._catalogue.close()
        self.store.close()
