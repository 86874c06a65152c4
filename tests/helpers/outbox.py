"""Applications and evaluations queued the way the apps queue them, for sync tests."""

from __future__ import annotations

from pathlib import Path

from core.application import Applicant, Application, Channel, Status
from core.clock import Clock
from core.documents.hall import Hall
from core.evaluation import Evaluation, EvaluationChannel, Satisfaction
from core.ids import uuid7
from sync.store import LocalStore
from terminal.operations import ItemRef, Operations, ScanInput, SubmitRequest
from tests.helpers.clock import ManualClock


def queue(
    store: LocalStore,
    clock: ManualClock,
    scans: list[bytes],
    impl: str = "3699010000000101001",
    name: str = "张三",
) -> Application:
    """An application of ``name`` queued the way the apps queue it (terminal operations'
    submit)."""
    done = Operations(
        store,
        catalogue=Path("/nonexistent/catalogue.sqlite"),
        terminal_id="K0001",
        region_code="369901001000",
        hall=Hall("示范市青山区光明街道便民服务中心"),
    ).submit(
        SubmitRequest(
            ItemRef(impl, 1, "居民身份证申领"),
            Applicant(name, "110101199001010031", "resident", "13812345678", "示范路1号"),
            Channel.KIOSK,
            form={"phone": "13812345678"},
            scans=[ScanInput(f"m{i}", data) for i, data in enumerate(scans)],
        )
    )
    clock.advance(1)
    return done.application


def evaluation(clock: ManualClock, app: Application | None = None) -> Evaluation:
    return Evaluation(
        local_id=uuid7(clock.now()),
        satisfaction=Satisfaction.VERY_SATISFIED,
        channel=EvaluationChannel.HALL_TERMINAL,
        at=clock.now(),
        terminal_id="K0001",
        application_id=app.local_id if app else None,
    )


def hold(store: LocalStore, clock: Clock, app: Application, reason: str) -> None:
    """The platform refused ``app`` (its delivery held for a person)."""
    app.advance(Status.DELIVERING, clock.now())
    app.advance(Status.HELD, clock.now(), reason)
    store.save(app)


def deliver(store: LocalStore, clock: Clock, app: Application, number: str) -> None:
    """The platform accepted ``app`` and gave it the 办件编号 ``number``."""
    app.advance(Status.DELIVERING, clock.now())
    app.deliver(number, clock.now())
    store.save(app)
