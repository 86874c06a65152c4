"""The kiosk's controller without a window: intents in, steps and operations out, its workers
run inline (tests.helpers.inline) — a journey walked in milliseconds, every step checked."""

from __future__ import annotations

from pathlib import Path

from core.application import Status
from core.evaluation import Rating, Satisfaction
from core.flows.kiosk import KioskMode, KioskStep
from core.ports import CapturedPage, CardRead, Verdict
from core.settings import DeviceSettings
from devices.factory import make_printer
from devices.idcard.cards import DEMO_CARDS
from kiosk.controller import KioskController, KioskServices
from terminal.devices import TerminalDevices
from tests.helpers.escpos_decode import decode
from tests.helpers.inline import InlineWorker
from tests.helpers.keys import counter_terminal
from tests.helpers.kiosk import REGION

ITEM = "居民身份证换领"


def _controller(tmp_path: Path, catalogue: Path) -> tuple[KioskController, Path]:
    terminal = counter_terminal(tmp_path / "var" / "store.sqlite")
    printed = tmp_path / "printer.escpos"
    printer = make_printer(DeviceSettings("file", str(printed), {"paper_mm": "80"}))
    services = KioskServices(
        catalogue,
        REGION,
        operations=terminal.open,
        clock=terminal.clock,
        devices=TerminalDevices(printer=printer),
    )
    c = KioskController(services)
    c.start()
    return c, printed


def test_a_citizen_applies_from_card_to_rating(  # type: ignore[no-untyped-def]
    qapp, inline_workers: None, tmp_path: Path, demo_catalogue: Path
) -> None:
    c, printed = _controller(tmp_path, demo_catalogue)
    errors: list[str] = []
    c.error.connect(lambda e: errors.append(e) if e else None)
    field_errors: list[dict[str, str]] = []
    c.field_errors.connect(lambda e: field_errors.append(e) if e else None)
    hits: list[object] = []
    c.search_results.connect(lambda _, found: hits.extend(found))
    try:
        c.choose(KioskMode.APPLY)
        assert c.step is KioskStep.READ_CARD
        c.card_bridge.card(CardRead(DEMO_CARDS["resident"], b"", b""))  # as the reader does
        assert c.step is KioskStep.SEARCH
        c.search("身份证换领")
        c.choose_item(next(h for h in hits if h.name == ITEM).impl_code)  # type: ignore[attr-defined]
        assert c.step is KioskStep.GUIDE
        c.apply()
        assert c.step is KioskStep.AUTHORISE  # 授权用证: this kiosk has no platform: paper
        c.authorise(False)
        assert c.step is KioskStep.FORM
        values = c.state.form_defaults()
        assert values["name"] == DEMO_CARDS["resident"].name  # pre-filled from the card
        c.submit_form({**values, "phone": "1381234"})  # a slip: refused, the journey stays
        assert c.step is KioskStep.FORM
        # said under the phone field, and only there (the page said it again below the form)
        assert field_errors
        assert "phone" in field_errors[-1]
        assert not errors
        c.submit_form({**values, "phone": "13812345678"})
        assert c.step is KioskStep.SCAN
        item = c.state.item
        assert item is not None
        required = [m.code for m in item.required_materials]
        for code in required:  # a page of each on the camera (its thread, through the bridge)
            c.select_material(code)
            c.camera_bridge.captured.emit(
                CapturedPage(Verdict.OK, b"\xff\xd8" + code.encode()), None
            )
        assert c.pages.counts() == dict.fromkeys(required, 1)
        c.scans_done()
        assert c.step is KioskStep.CONFIRM  # nothing missing: no one-time notice
        c.confirm()
        assert c.step is KioskStep.RECEIPT
        submitted = c.submitted
        assert submitted is not None
        assert c.last_print is not None
        assert c.last_print.state.ok
        assert submitted.receipt_number in decode(printed.read_bytes()).text
        c.receipt_done()
        assert c.step is KioskStep.EVALUATE
        c.rate(Rating(Satisfaction.SATISFIED))
        assert c.step is KioskStep.DONE
        ops = c.services.operations
        assert ops is not None
        with ops() as o:
            app = o.store.load(submitted.local_id)
            assert app.status is Status.QUEUED
            assert sorted(a.material_code for a in app.attachments) == sorted(required)
            assert o.store.evaluated(submitted.local_id)
        c.finish()  # 完成: nothing of the citizen stays
        assert c.step is KioskStep.WELCOME
        assert c.state.identity is None
        assert c.pages.counts() == {}
        assert c.submitted is None
    finally:
        c.stop()


def test_an_answer_for_a_citizen_who_left_is_dropped(  # type: ignore[no-untyped-def]
    qapp, inline_workers: None, tmp_path: Path, demo_catalogue: Path
) -> None:
    """The session guard: a search answered after 返回首页 reaches nobody (the next citizen
    would have seen the last one's results)."""
    c, _ = _controller(tmp_path, demo_catalogue)
    answered: list[str] = []
    c.search_results.connect(lambda query, _: answered.append(query))
    worker = c.catalogue_worker
    assert isinstance(worker, InlineWorker)
    try:
        c.choose(KioskMode.GUIDE)
        worker.hold = True  # the catalogue is slow to answer
        c.search("sfz")
        c.cancel()  # the citizen walked away
        worker.release()
        assert answered == []
        c.choose(KioskMode.GUIDE)
        c.search("sfz")
        worker.release()
        assert answered == ["sfz"]
    finally:
        c.stop()
