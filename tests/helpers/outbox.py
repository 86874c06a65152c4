"""Applications and evaluations queued the way the apps queue them, for sync tests."""

from __future__ import annotations

from core.application import Applicant, Application, Attachment, Channel, Status
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.ids import provisional_receipt_number, uuid7
from sync.store import LocalStore
from tests.helpers.clock import ManualClock


def queue(
    store: LocalStore, clock: ManualClock, scans: list[bytes], impl: str = "3699010000000101001"
) -> Application:
    lid = uuid7(clock.now())
    app = Application(
        local_id=lid,
        receipt_number=provisional_receipt_number("K0001", clock.now(), lid),
        item_impl_code=impl,
        item_version=1,
        item_name="居民身份证申领",
        channel=Channel.KIOSK,
        applicant=Applicant("张三", "110101199001010031", "resident", "13812345678", "示范路1号"),
        created_at=clock.now(),
        terminal_id="K0001",
        form_data={"phone": "13812345678"},
    )
    for i, data in enumerate(scans):
        sha, size = store.put_scan(lid, data)
        app.attachments.append(Attachment(f"m{i}", sha, 1, "image/jpeg", size))
    app.advance(Status.QUEUED, clock.now())
    store.save(app)
    clock.advance(1)
    return app


def evaluation(clock: ManualClock, app: Application | None = None) -> Evaluation:
    return Evaluation(
        local_id=uuid7(clock.now()),
        satisfaction=Satisfaction.VERY_SATISFIED,
        channel=EvaluationChannel.HALL_TERMINAL,
        at=clock.now(),
        terminal_id="K0001",
        application_id=app.local_id if app else None,
    )
