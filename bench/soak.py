"""Soak: the real kiosk and counter windows, offscreen, for a long time.

The refcount bug of PySide6 6.12.0 on Python 3.11 passed every short test and aborted the kiosk
after about four minutes of use; only a long run, or counting references, shows such a thing.

- kiosk: ``--journeys`` citizen journeys (default 2,000) through the real window: a search typed
  (rotating Chinese, pinyin and initials, one that finds nothing), the first guide opened, back,
  large text on and off every tenth time, and the idle wipe back to the start.
- kiosk applications: ``--applications`` whole journeys (default 2,000): card, search, guide,
  form, a page on the document camera, submit, receipt printed, rating — or walked away from.
- counter: the equivalent of ``--hours`` (default 24) of its timers, driven without sleeping
  (the review-pad state timer every second, a worklist refresh every 30 s as after each sync),
  plus ``--cards`` ID card reads through the real driver and a simulated reader on a pty and
  ``--evaluations`` invitations answered on a simulated serial review pad.
- baseline: a bare window in the same process doing the same number of event-loop turns and
  label updates, so that what the interpreter and Qt grow by themselves is not blamed on the apps.

Printed for each, beside the bare window's figures: RSS growth after a warm-up, and the drift
of the reference counts of None, True and False from the end of the first quarter of the run
to its end (state set up once, such as the card or the rating last shown, is not drift; a
binding that steals or leaks a reference per call moves the counts by thousands).
Targets (issue 8): no abort, RSS growth < 20 MB, drift 0.

    python bench/soak.py [--journeys 2000] [--hours 24] [--cards 300]
                         [--evaluations 300]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _measure import rss_mb  # noqa: E402  (bench/_measure.py, beside this file)

from common_qt.app import make_application, wait_until  # noqa: E402
from common_qt.qt import QtWidgets  # noqa: E402
from common_qt.tasks import ThreadWorker  # noqa: E402
from tests.helpers.keys import counter_terminal, new_store  # noqa: E402

QUERIES = (
    *("sfz", "社保", "shebao", "结婚", "户口迁移"),
    *("gjj", "养老", "qwxzqwxz", "营业执照", "医保"),
)
SINGLETONS = {"None": None, "True": True, "False": False}


def settle(pause: Callable[[], None] = lambda: None) -> tuple[float, dict[str, int]]:
    """RSS and the singletons' reference counts once pending events and garbage are gone
    (``pause`` stops background pollers first, whose stack frames hold references too)."""
    pause()
    time.sleep(0.1)
    samples = []
    for _ in range(7):  # the simulators' threads (the devices) hold a reference now and then:
        for _ in range(3):  # the least count of a few quiet moments filters that out
            QtWidgets.QApplication.processEvents()
        gc.collect()
        samples.append({name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()})
        time.sleep(0.02)
    return rss_mb(), {name: min(c[name] for c in samples) for name in SINGLETONS}


class Phase:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rss0 = 0.0
        self.counts0: dict[str, int] = {}
        self.t0 = 0.0
        self.growth = 0.0
        self.drift: dict[str, int] = {}
        self.seconds = 0.0
        self.pause: Callable[[], None] = lambda: None
        self.resume: Callable[[], None] = lambda: None

    def start(self) -> None:
        self.rss0, _ = settle()
        self.t0 = time.perf_counter()

    def quarter_done(self) -> None:
        """Called after the first quarter of the run: drift is counted from here."""
        _, self.counts0 = settle(self.pause)
        self.resume()

    def stop(self) -> None:
        self.seconds = time.perf_counter() - self.t0
        rss, counts = settle(self.pause)
        self.resume()
        self.growth = rss - self.rss0
        self.drift = {k: counts[k] - self.counts0[k] for k in SINGLETONS}


def measure(
    name: str,
    step: Callable[[int], None],
    count: int,
    *,
    warmup: int,
    every: int = 0,
    pause: Callable[[], None] = lambda: None,
) -> Phase:
    """``warmup`` unmeasured steps, then ``count`` measured ones (drift from the first
    quarter on), printing RSS every ``every`` steps; ``pause`` waits for background work to
    end before each count."""
    for n in range(warmup):
        step(n)
    phase = Phase(name)
    phase.pause = pause
    phase.start()
    for n in range(count):
        step(n)
        if n == count // 4 - 1:
            phase.quarter_done()
        if every and n % every == every - 1:
            print(f"  {name}: {n + 1}, RSS {rss_mb():.1f} MB", flush=True)
    phase.stop()
    return phase


def must(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    if not wait_until(predicate, timeout):
        raise SystemExit(f"soak: timed out waiting for {what}")


def bare_window(turns: int) -> Phase:
    window = QtWidgets.QMainWindow()
    label = QtWidgets.QLabel()
    window.setCentralWidget(label)
    window.resize(1280, 800)
    window.show()
    worker = ThreadWorker("bare")
    done: list[int] = []

    def turn(i: int) -> None:
        done.clear()
        label.setText(f"第 {i} 次")
        worker.submit(lambda _: i, done.append)
        must(lambda: bool(done), "the bare worker")

    def idle() -> None:
        must(lambda: not worker.busy, "the bare worker")

    phase = measure(f"bare window, {turns} turns", turn, turns, warmup=50, pause=idle)
    worker.stop()
    window.close()
    return phase


def kiosk(journeys: int, catalogue: Path) -> Phase:
    from core.flows.kiosk import KioskMode
    from kiosk.app import build
    from walks.kiosk import DEMO_REGION

    window = build(None, catalogue, region=DEMO_REGION)
    window.resize(1280, 800)
    window.show()
    page = window.search_page
    page.set_search_delay(0)

    def journey(n: int) -> None:
        window.controller.choose(KioskMode.GUIDE)  # 打印办事指南: the search and a guide
        query = QUERIES[n % len(QUERIES)]
        page.query.setText(query)
        must(lambda: page.shown_query == query, f"results for {query!r}")
        if page.hits.rowCount():
            page.results.clicked.emit(page.hits.index(0, 0))
            must(lambda: window.current_page is window.guide_page, "the guide")
            if n % 10 == 0:
                window.toggle_large_text()
            window.guide_page.back_requested.emit()
        window.wipe()  # what the idle guard does when the citizen walks away

    def idle() -> None:  # a wipe's empty search may still be on the catalogue thread
        must(lambda: not window.controller.catalogue_worker.busy, "the catalogue worker")

    phase = measure(
        f"kiosk, {journeys} journeys", journey, journeys, warmup=100, every=500, pause=idle
    )
    window.close()
    return phase


class _DeskCamera:
    """A document camera with one page lying on it (captures on request, at once)."""

    def __init__(self) -> None:
        from core.ports import DeviceState
        from devices.camera import synthetic

        self.frame = synthetic.frame(3, (1296, 972)).frame
        self.state = DeviceState.CLOSED
        self._ready = DeviceState.READY

    def open(self) -> None:
        self.state = self._ready

    def close(self) -> None:
        pass

    def latest(self) -> object:
        return self.frame

    def still(self) -> object:
        return self.frame


def kiosk_applications(journeys: int, catalogue: Path, work: Path) -> Phase:
    """Whole citizen journeys through the real kiosk window and controller: card, search,
    guide, form, a page captured on the camera's owner thread, confirm, the durable submit,
    the receipt printed, a rating, 完成 — every tenth one left at the form for the idle wipe."""
    from core.clock import SystemClock
    from core.evaluation import Rating, Satisfaction
    from core.flows.kiosk import KioskMode, KioskStep
    from core.ports import CardRead
    from core.settings import DeviceSettings
    from devices.camera.owner import CameraOwner
    from devices.factory import make_printer
    from devices.idcard.cards import DEMO_CARDS
    from kiosk.controller import KioskServices
    from terminal.devices import TerminalDevices
    from tests.helpers.keys import counter_terminal
    from tests.helpers.kiosk import REGION, kiosk_window

    terminal = counter_terminal(work / "kiosk" / "store.sqlite")
    owner = CameraOwner(_DeskCamera(), auto_capture=False)
    services = KioskServices(
        catalogue,
        REGION,
        operations=lambda: terminal.open(sweep=True),
        clock=SystemClock(),
        devices=TerminalDevices(
            camera=owner,
            printer=make_printer(DeviceSettings("file", str(work / "kiosk.escpos"), {})),
        ),
    )
    window = kiosk_window(catalogue, services=services, mode=None)
    card = window.controller.card_bridge  # speaks for the reader's thread
    window.start()
    c = window.controller
    identity = CardRead(DEMO_CARDS["resident"], b"", b"")
    item_code: list[str] = []

    def journey(n: int) -> None:
        c.choose(KioskMode.APPLY)
        card.card(identity)
        must(lambda: c.step is KioskStep.SEARCH, "the card")
        if not item_code:
            window.search_page.query.setText("医保参保凭证查询打印")
            must(lambda: window.search_page.hits.rowCount() > 0, "the search")
            item_code.append(window.search_page.hits.row(0).impl_code)
        c.choose_item(item_code[0])
        must(lambda: c.step is KioskStep.GUIDE, "the guide")
        c.apply()
        values = window.form_page.values()
        c.submit_form({**values, "mobile": "13812345678", "live_address": "幸福路8号"})
        if n % 10 == 9:
            window.wipe()  # walked away with the form filled in
            return
        c.capture()
        must(lambda: len(c.pages.of("id_card")) == 1, "the capture")
        c.scans_done()
        c.confirm()
        must(lambda: c.last_print is not None and c.step is KioskStep.RECEIPT, "the receipt")
        c.receipt_done()
        c.rate(Rating(Satisfaction.SATISFIED))
        must(lambda: c.step is KioskStep.DONE, "the rating")
        c.finish()

    def idle() -> None:
        must(lambda: not c.catalogue_worker.busy, "the catalogue worker")

    phase = measure(
        f"kiosk, {journeys} whole journeys", journey, journeys, warmup=50, every=250, pause=idle
    )
    window.close()
    return phase


def counter(hours: float, cards: int, evaluations: int, work: Path) -> Phase:
    from core.evaluation import Satisfaction
    from core.padkeys import KeyKind, KeyMap
    from core.ports import DeviceState
    from core.staff import StaffMember, StaffRole
    from counter.window import CounterWindow
    from devices.idcard.cards import DEMO_CARDS
    from devices.idcard.reader import ReaderOptions, SamReader
    from devices.idcard.simulator import PtySimulator, ReaderEngine
    from devices.idcard.watcher import CardWatcher
    from devices.pad.serial_pad import SerialKeyPad, SerialPadOptions
    from devices.pad.session import PadSession
    from devices.pad.simulator import PadSimulator
    from terminal.devices import TerminalDevices
    from tests.helpers.clock import ManualClock
    from tests.helpers.outbox import queue

    store_path = work / "store.sqlite"
    clock = ManualClock()
    with new_store(store_path, clock) as store:
        queued = [queue(store, clock, [b"scan" * 256]).local_id for _ in range(40)]
    card_sim = PtySimulator(ReaderEngine(), link=work / "idcard").start()
    keys = KeyMap.parse("31=满意, 32=基本满意, 33=不满意", KeyKind.BYTE)
    pad_sim = PadSimulator(
        keys, link=work / "pad", invite_bytes=b"\xa5", auto=Satisfaction.SATISFIED, delay=0.0
    ).start()
    window = CounterWindow(
        title="示范市青山区光明街道便民服务中心 · 综合受理窗口 3号窗口",
        operations=counter_terminal(store_path).open,
        devices=TerminalDevices(
            # the soak wants reads, not a realistic idle poll
            card=CardWatcher(
                SamReader(card_sim.port, ReaderOptions(find_timeout=0.3, read_timeout=0.5)),
                poll_interval=0.01,
            ),
            pad=PadSession(
                SerialKeyPad(pad_sim.port, SerialPadOptions(keys, invite_bytes=b"\xa5"))
            ),
        ),
        window_name="3号窗口",
    )
    window.shift.start(StaffMember("A0123", "王芳", StaffRole.CLERK))
    window.resize(1280, 720)
    window.show()
    window.start_devices()
    window.start_pad()
    people = [DEMO_CARDS[k] for k in ("resident", "elder", "J", "I", "Y")]
    done = {"reads": 0, "evaluations": 0}

    def read_card() -> None:
        card_sim.engine.place(people[done["reads"] % len(people)])
        before = window.applicant.last_card
        must(lambda: window.applicant.last_card is not before, "a card read")
        card_sim.engine.remove()  # the citizen takes the card back
        done["reads"] += 1

    def evaluate() -> None:  # as after each decision: the decided application rated
        decided = queued[done["evaluations"] % len(queued)]
        window.pad.controller.invite("居民身份证申领", decided)
        must(lambda: window.pad.invite_button.isEnabled(), "the evaluation")
        done["evaluations"] += 1

    def refresh() -> None:
        window.worklist.loaded = False
        window.refresh()
        must(lambda: window.worklist.loaded, "the worklist")

    def run(seconds: int, reads: int, invitations: int, first: int = 0) -> None:
        """``seconds`` of the counter's timers from second ``first`` of a span of that
        length, with the card reads and evaluations spread evenly over it."""
        for t in range(first, first + seconds):
            window.pad.controller.bridge.state_changed.emit(
                DeviceState.READY
            )  # the pad's probe (1 s)
            if t % 30 == 0:  # a drain finished: the worklist refreshes
                refresh()
            if (t + 1) * reads // seconds > t * reads // seconds:
                read_card()
            if (t + 1) * invitations // seconds > t * invitations // seconds:
                evaluate()

    seconds = int(hours * 3600)
    try:
        run(600, 10, 10)  # warm-up: ten minutes
        done.update(reads=0, evaluations=0)
        phase = Phase(f"counter, {hours:g} h of timers, {cards} cards, {evaluations} evaluations")
        watcher = window.applicant.watcher
        assert watcher is not None

        def pause() -> None:  # the reader's poller, and a rating still being stored
            watcher.pause()
            must(lambda: not window.worker.busy, "the store worker")

        phase.pause, phase.resume = pause, watcher.resume
        phase.start()
        quarter = seconds // 4
        for q in range(4):
            run(quarter, cards // 4, evaluations // 4)
            if q == 0:
                phase.quarter_done()
            print(
                f"  counter: {(q + 1) * hours / 4:g} h, {done['reads']} card reads, "
                f"{done['evaluations']} evaluations, RSS {rss_mb():.1f} MB",
                flush=True,
            )
        phase.stop()
    finally:
        window.close()
        card_sim.stop()
        pad_sim.stop()
    return phase


def report(phase: Phase, base: Phase) -> bool:
    ok = phase.growth < 20 and all(d == 0 for d in phase.drift.values())

    def drift(p: Phase) -> str:
        return ", ".join(f"{k} {v:+d}" for k, v in p.drift.items())

    print(
        f"{phase.name}: {phase.seconds:.0f} s\n"
        f"  RSS growth {phase.growth:+.1f} MB, bare window {base.growth:+.1f} MB "
        f"(difference {phase.growth - base.growth:+.1f} MB)\n"
        f"  reference drift {drift(phase)}; bare window {drift(base)}\n"
        f"  -> {'ok' if ok else 'MISSED (target: RSS growth < 20 MB, drift 0)'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journeys", type=int, default=2000)
    parser.add_argument("--applications", type=int, default=2000, help="whole kiosk journeys")
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--evaluations", type=int, default=300)
    args = parser.parse_args()

    from common_qt.qt import QtCore
    from sync.catalogue import CatalogueStore, build_demo_catalogue

    app = make_application("hall-soak")

    def quiet(mode: object, context: object, message: str) -> None:
        # The offscreen platform says this whenever a window's size hints change.
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    QtCore.qInstallMessageHandler(quiet)
    print(f"Python {sys.version.split()[0]}, Qt {QtCore.qVersion()}")
    with tempfile.TemporaryDirectory(prefix="hall-soak-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("HALL_KEY_DIR", str(work / "keys"))
        catalogue = work / "catalogue.sqlite"
        print("building the demo catalogue…", flush=True)
        with CatalogueStore(catalogue) as store:
            build_demo_catalogue(store)
        base = bare_window(args.journeys)
        results = [
            report(kiosk(args.journeys, catalogue), base),
            report(kiosk_applications(args.applications, catalogue, work), base),
            report(counter(args.hours, args.cards, args.evaluations, work), base),
        ]
    app.quit()
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
