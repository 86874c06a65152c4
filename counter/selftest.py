"""`hall-counter --config C --self-test DIR`: the technician's check of an installed counter or
agent station, without staff or applicants — the store opens under its key and its worklist
loads, the catalogue answers (a terminal that accepts applications), the printer prints a test
page (测试页), and each configured device says its state. The window is saved to DIR. Exit
status 0 when every check passed, 1 otherwise; each check is one line on stdout."""

from __future__ import annotations

from pathlib import Path

from common_qt.app import save_screenshot, wait_until
from common_qt.selftest import Checks
from counter.window import CounterWindow
from terminal.printing import PrintOutcome


def self_test(window: CounterWindow, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    checks = Checks()
    check = checks.check

    try:
        loaded = wait_until(lambda: window.worklist.loaded, 30)
        rows = window.worklist.model.rowCount()
        check(
            loaded, f"store: {rows} applications in the worklist" if loaded else "store: no answer"
        )
        acceptance = window.acceptance
        if acceptance is not None:
            ready: list[bool] = []
            acceptance.catalogue_worker.submit(lambda c: c.ready(), ready.append)
            wait_until(lambda: bool(ready), 30)
            check(
                bool(ready and ready[0]),
                "catalogue: "
                + (
                    "ready" if ready and ready[0] else "missing or not synced (hall-sync catalogue)"
                ),
            )
        printed: list[PrintOutcome] = []
        if window.printer is not None:
            window.desk.print_built(
                "测试页", lambda ops: ops.test_page_document(), window.worker, done=printed.append
            )
            wait_until(lambda: bool(printed), 30)
            outcome = printed[0] if printed else None
            check(
                outcome is not None and outcome.state.ok,
                "printer: test page " + (outcome.message if outcome else "not answered"),
            )
        checks.devices(window.device_health, besides=("printer",))  # the printer: above
        save_screenshot(window, out / "self-test-counter.png")
    finally:
        window.close()
    return checks.finish(out)
