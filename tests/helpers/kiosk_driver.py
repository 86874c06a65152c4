"""The real kiosk (hall-kiosk's own `open_kiosk` on a settings file, offscreen) in a process of
its own, for the test that kills it mid-journey (tests/e2e/test_kiosk_kill.py):

    python -m tests.helpers.kiosk_driver journey CONFIG   # a citizen's application up to the
                                                          # rating, then waits to be killed

The card is put on the reader as the reader's thread does (the serial reader is the counter's
tests' subject); camera, printer, store, catalogue and sync are the settings' own.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common_qt.qt import QtWidgets
from core.flows.kiosk import KioskMode, KioskStep
from core.ports import CardRead
from core.settings import load_settings
from devices.idcard.cards import DEMO_CARDS
from kiosk.app import open_kiosk

ITEM = "居民身份证换领"


def _wait(what: str, done: Callable[[], bool], seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        QtWidgets.QApplication.processEvents()
        time.sleep(0.01)


def main(argv: list[str]) -> int:
    mode, config = argv[0], Path(argv[1])
    app, window, instance = open_kiosk(load_settings(config), lockdown=False)
    try:
        return _drive(mode, app, window)
    finally:
        if instance is not None:
            instance.close()


def _drive(mode: str, app: Any, window: Any) -> int:
    window.resize(1280, 800)
    window.show()
    c = window.controller
    _wait("the catalogue", lambda: c.catalogue_worker is not None and not c.catalogue_worker.busy)
    c.choose(KioskMode.APPLY)
    c.card_bridge.card(CardRead(DEMO_CARDS["resident"], b"", b""))
    _wait("the search", lambda: c.step is KioskStep.SEARCH)
    window.search_page.query.setText("身份证换领")
    _wait("results", lambda: window.search_page.hits.rowCount() > 0)
    hit = next(h for h in window.search_page.hits.rows if h.name == ITEM)
    c.choose_item(hit.impl_code)
    _wait("the guide", lambda: c.step is KioskStep.GUIDE)
    c.apply()
    _wait("the licences asked", lambda: c.step is KioskStep.AUTHORISE)
    c.authorise(False)
    _wait("the form", lambda: c.step is KioskStep.FORM)
    c.submit_form({**window.form_page.values(), "phone": "13812345678"})
    _wait("the scans", lambda: c.step is KioskStep.SCAN)
    item = c.state.item
    assert item is not None
    for material in item.required_materials:
        c.select_material(material.code)
        _wait(f"a page of {material.code}", lambda m=material.code: len(c.pages.of(m)) >= 1)
    c.scans_done()
    _wait("the confirmation", lambda: c.step is KioskStep.CONFIRM)
    c.confirm()
    _wait("the receipt", lambda: c.step is KioskStep.RECEIPT and c.last_print is not None)
    submitted = c.submitted
    assert submitted is not None
    c.receipt_done()
    _wait("the rating", lambda: c.step is KioskStep.EVALUATE)
    # mid-journey: the citizen is choosing a rating; the application is in the queue
    print(f"QUEUED {c.state.receipt_number} {submitted.local_id}", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
