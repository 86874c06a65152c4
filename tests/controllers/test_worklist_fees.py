"""The counter's worklist says a selected application's fees and post as the platform says
them (issue 25): 待缴费 with its code, then 已缴费 with the e-receipt once the payment
platform's notice reached central — never from the terminal."""

from __future__ import annotations

from pathlib import Path

from common_qt.printing import PrintDesk
from core.fees import PaymentStatus
from counter.panels.worklist import WorklistController
from sync.catalogue import CatalogueStore
from terminal.operations import ProgressLine, Worklist
from tests.e2e.test_payments import FORM, _counter, accept_at_counter, drain_until
from tests.helpers.central import running_central
from tests.helpers.inline import InlineWorker


def test_the_worklist_tells_the_platforms_payment_status(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, demo_catalogue: Path
) -> None:
    with CatalogueStore(demo_catalogue) as catalogue:
        [hit] = catalogue.search("普通护照签发", region_code="369901001000", limit=1)
        passport = catalogue.get(hit.impl_code)
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret = central.platform.add_terminal("C0001", "3号窗口", role="counter")
        terminal = _counter(tmp_path, central.url, secret, demo_catalogue)
        terminal.paths.initialise()
        accept_at_counter(terminal, passport, FORM)
        drain_until(terminal, lambda: bool(central.platform.counts()["applications"]))
        worker = InlineWorker("store", setup=terminal.open)
        c = WorklistController(worker, PrintDesk(None))  # type: ignore[arg-type]
        loaded: list[Worklist] = []
        told: list[ProgressLine] = []
        c.loaded.connect(loaded.append)
        c.told.connect(told.append)
        try:
            c.refresh()
            [row] = loaded[0].rows
            c.detail(row)
            assert told[-1].payment_status is PaymentStatus.DUE
            central.platform.mark_paid(told[-1].payment_code)
            c.detail(row)
            assert told[-1].payment_status is PaymentStatus.PAID
            assert told[-1].payment_receipt
        finally:
            worker.stop()
