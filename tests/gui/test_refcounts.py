"""The Qt binding must neither steal nor leak references to None, True and False.

PySide6 6.12.0 on CPython 3.11 takes one reference off ``None`` at every call of a Qt method
returning void and one off ``True`` at every ``Signal.emit()``; on 3.11 these objects are not
immortal, so a kiosk aborted with ``bool_dealloc`` after about four minutes of searching.
Short tests never see it: only counting references does. These tests fail on such a binding
(on 3.12+ the singletons are immortal and their counts never move, so they pass trivially).
"""

from __future__ import annotations

import gc
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from common_qt.app import wait_until
from common_qt.qt import QtCore, QtWidgets, Signal
from core.flows.kiosk import KioskMode
from core.ports import DeviceState, PadOutcome, PadResult
from counter.window import CounterWindow
from kiosk.window import KioskWindow
from terminal.devices import TerminalDevices
from tests.helpers.keys import counter_terminal
from tests.helpers.pads import AnsweringPad

# pytest-qt's qtbot.wait/waitUntil are not used while counting: QTimer.singleShot and a timer
# connected per wait leak references to None in PySide6 6.11 (3-6 per wait), which would be
# the test's own drift, not the application's. ``wait_until`` only processes events.

# Transient references (a result tuple in flight, a cache entry) come and go; a broken binding
# moves a count by one per call, i.e. by thousands here.
BOUND = 40
SINGLETONS = {"None": None, "True": True, "False": False}


def _counts() -> dict[str, int]:
    QtWidgets.QApplication.processEvents()
    gc.collect()
    return {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}


def assert_no_drift(action: Callable[[], None], what: str, bound: int = BOUND) -> None:
    """Runs ``action`` once to warm caches, then again, and checks the singletons' counts."""
    action()
    before = _counts()
    action()
    after = _counts()
    drift = {name: after[name] - before[name] for name in SINGLETONS}
    bad = {name: d for name, d in drift.items() if abs(d) > bound}
    assert not bad, f"{what}: reference counts moved by {drift} (Qt binding: {QtCore.qVersion()})"


class _Emitter(QtCore.QObject):
    flag = Signal(bool)
    thing = Signal(object)
    bare = Signal()


def test_void_calls_and_emits_leave_singletons_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QtWidgets.QLabel()
    qtbot.addWidget(label)
    listing = QtWidgets.QListWidget()
    qtbot.addWidget(listing)
    timer = QtCore.QTimer()
    emitter = _Emitter()
    heard: list[object] = []
    emitter.flag.connect(heard.append)
    emitter.thing.connect(heard.append)
    emitter.bare.connect(lambda: None)

    def calls(n: int) -> None:
        for i in range(n):
            label.setText("办事指南" if i % 2 else "")  # void
            label.clear()
            timer.start(1000)
            timer.stop()
            listing.addItem("居民身份证申领")
            emitter.flag.emit(i % 2 == 0)
            emitter.thing.emit(None)
            emitter.bare.emit()
        listing.clear()
        heard.clear()

    # A broken binding moves the counts by hundreds here, far from zero (an abort loses the
    # report); only then thousands.
    assert_no_drift(lambda: calls(200), "200 void calls and emits")
    assert_no_drift(lambda: calls(3000), "3,000 void calls and emits")


def test_kiosk_searches_pages_and_timers_leave_singletons_alone(  # type: ignore[no-untyped-def]
    qtbot, kiosk: KioskWindow
) -> None:
    page = kiosk.search_page
    page.set_search_delay(0)  # the debounce is not the subject here: searches back to back
    queries = ("sfz", "社保", "shebao", "结婚", "户口", "qwxzqwxz", "公积金", "")

    def journeys() -> None:
        kiosk.controller.choose(KioskMode.GUIDE)  # 打印办事指南: the search
        for q in queries * 8:
            page.query.setText(q)
            assert wait_until(lambda q=q: page.shown_query == q)
            if page.hits.rowCount():
                page.results.clicked.emit(page.hits.index(0, 0))
                assert wait_until(lambda: kiosk.current_page is kiosk.guide_page)
                kiosk.guide_page.back_requested.emit()
        for _ in range(500):  # the idle guard's 200 ms tick and a warning banner
            kiosk.idle._check()
        kiosk.idle.poke()
        kiosk.toggle_large_text()
        kiosk.toggle_large_text()
        kiosk.wipe()

    assert_no_drift(journeys, "kiosk searches, guides, idle ticks and a wipe")


def test_kiosk_forms_pages_and_wipes_reuse_their_widgets(  # type: ignore[no-untyped-def]
    qtbot, kiosk: KioskWindow, demo_catalogue: Path
) -> None:
    """A widget created and deleted per citizen leaks references to None (2-4 each in
    PySide6 6.11): the kiosk showed +240 per whole journey before forms and page thumbnails
    were built once and reused."""
    from common_qt.qt import QtGui
    from sync.catalogue import CatalogueStore

    with CatalogueStore(demo_catalogue) as store:
        items = [
            store.get(store.search(q, region_code="369901001000", limit=1)[0].impl_code)
            for q in ("居民身份证换领", "结婚登记", "公积金提取", "医保参保凭证查询打印")
        ]
    image = QtGui.QImage(240, 320, QtGui.QImage.Format.Format_RGB888)
    image.fill(0xFFFFFF)
    form, scan = kiosk.form_page, kiosk.scan_page

    def sessions() -> None:
        for _ in range(25):
            for item in items:
                form.show_form(item.form, {"name": "王小明"})
                scan.set_materials(item.materials)
                scan.show_material(item.materials[0].code, [image, image, None])
                scan.show_counts({item.materials[0].code: 3})
            kiosk.wipe()

    # A window with timers moves the counts by a few dozen now and then (transients that
    # come back); widgets made and deleted per session moved them by 28,101 here.
    assert_no_drift(sessions, "100 forms, scan pages and 25 wipes", bound=200)


@pytest.fixture
def counter(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    terminal = counter_terminal(tmp_path / "store.sqlite")
    window = CounterWindow(
        title="示范窗口",
        operations=terminal.open,
        # the refcounts are under test
        devices=TerminalDevices.of(pad=AnsweringPad(PadResult(PadOutcome.TIMEOUT))),
    )
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.worklist.loaded, timeout=10000)
    yield window
    window.close()


def test_counter_timers_and_evaluations_leave_singletons_alone(  # type: ignore[no-untyped-def]
    qtbot, counter: CounterWindow
) -> None:
    def hours() -> None:
        states = (DeviceState.READY, DeviceState.BUSY)
        for i in range(3600):  # an hour of the pad's state reports (its thread probes each 1 s)
            counter.pad.controller.bridge.state_changed.emit(states[i % 2])
        for _ in range(20):
            counter.pad.controller.invite("居民身份证申领", uuid.UUID(int=1))
            assert wait_until(counter.pad.invite_button.isEnabled)
        counter.worklist.loaded = False
        counter.refresh()
        assert wait_until(lambda: counter.worklist.loaded)

    assert_no_drift(hours, "an hour of counter timers, 20 evaluations and a refresh")
