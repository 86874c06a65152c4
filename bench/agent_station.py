"""A village agent station after a week offline: 500 applications with ~1.5 GB of scans.

Measures, against baselines taken in the same run (machines are noisy):
- the worklist: a new counter process in agent role, from start until the worklist's rows
  are shown, and its resident memory then — against a bare PySide6 window's process
  (targets, issue 13: < 1 s and < 300 MB);
- export to a USB bundle (everything waiting, sealed) — against a plain copy of the same
  scan bytes (target: throughput ≥ 0.9× the copy, issue 31).

    python bench/agent_station.py [--apps 500] [--mb 3.0]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys, time
t0 = time.perf_counter()
from PySide6 import QtCore, QtWidgets
app = QtWidgets.QApplication(sys.argv)
w = QtWidgets.QMainWindow(); w.resize(1280, 800); w.show()
QtCore.QTimer.singleShot(0, app.quit); app.exec()
from bench._measure import rss_mb
print(time.perf_counter() - t0, rss_mb())
"""

WORKLIST = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from common_qt.app import make_application, wait_until
from core.settings import load_settings
app = make_application("hall-counter")
from counter.window import CounterWindow
from terminal.terminal import Terminal
terminal = Terminal.from_settings(load_settings(Path(sys.argv[1])))
w = CounterWindow(title="代办站", operations=terminal.open, bundles=terminal.bundles())
w.resize(1280, 800); w.show(); w.tabs.setCurrentWidget(w.worklist); w.refresh()
assert wait_until(lambda: w.worklist.loaded, 60)
elapsed = time.perf_counter() - t0
from bench._measure import rss_mb
rss = rss_mb()
# the worklist again in a running app (a refresh: the store's query to the rows drawn)
table = w.worklist.table
t1 = time.perf_counter(); w.worklist.loaded = False; w.refresh()
assert wait_until(lambda: w.worklist.loaded, 60)
table.viewport().grab()
again = time.perf_counter() - t1
# scrolling through the whole list a screen at a time, each step drawn: the longest step
bar = table.verticalScrollBar()
steps = []
for value in range(0, bar.maximum() + 1, max(bar.pageStep(), 1)):
    t2 = time.perf_counter()
    bar.setValue(value)
    app.processEvents()
    table.viewport().grab()
    steps.append(time.perf_counter() - t2)
app.processEvents()
print(elapsed, rss, w.worklist.model.rowCount(), again, max(steps), len(steps))
w.close()
"""


def _station(work: Path, apps: int, mb: float) -> Path:
    from core.application import Applicant, Channel
    from core.settings import load_settings
    from sync.crypto import KeyRing
    from terminal.operations import ItemRef, ScanInput, SubmitRequest
    from terminal.terminal import Terminal

    config = work / "station.toml"
    (work / "station.secret").write_text("bench-secret")
    config.write_text(
        f"""[terminal]
id = "STATION-BENCH"
role = "agent"
region_code = "369901001000"
hall_name = "青山村代办站"

[storage]
data_dir = "{work / "data"}"
key_file = "{work / "keys" / "master.key"}"

[platform]
url = "http://127.0.0.1:9"
secret_file = "{work / "station.secret"}"
""",
        encoding="utf-8",
    )
    KeyRing.create(work / "keys" / "master.key")
    terminal = Terminal.from_settings(load_settings(config))
    size = int(mb * (1 << 20))
    page = os.urandom(size // 3)  # scans do not compress; each page a different slice
    with terminal.open() as ops:
        for n in range(apps):
            ops.submit(
                SubmitRequest(
                    ItemRef("3699010000000101001", 1, "居民身份证申领"),
                    Applicant("张三", "110101199001010031", "resident", "13812345678", "村1号"),
                    Channel.AGENT,
                    scans=[
                        ScanInput(f"m{i}", n.to_bytes(4, "big") + page[i:] + page[:i])
                        for i in range(3)
                    ],
                    consent=_consent(n),
                )
            )
    return config


def _consent(n: int) -> object:
    from datetime import datetime

    from core.application import AgentConsent, ConsentMethod
    from core.clock import CST

    return AgentConsent("D0001", "李代办", ConsentMethod.CARD_PRESENT, datetime.now(CST))


def _run(code: str, *args: str) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return [float(x) for x in out.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=500)
    parser.add_argument("--mb", type=float, default=3.0, help="scans per application, MB")
    parser.add_argument(
        "--worklist-only", action="store_true", help="the worklist, not the export (try 5000 apps)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        config = _station(work, args.apps, args.mb)
        blobs = work / "data" / "blobs"
        total = sum(p.stat().st_size for p in blobs.rglob("*") if p.is_file())
        print(
            f"station: {args.apps} applications, {total / (1 << 30):.2f} GB of sealed scans"
            f" (built in {time.perf_counter() - t0:.0f} s)"
        )
        bare_s, bare_mb = _run(BARE)
        open_s, open_mb, rows, again_s, stall_s, steps = _run(WORKLIST, str(config))
        print(
            f"worklist: {open_s:.2f} s to {int(rows)} rows, {open_mb:.0f} MB RSS"
            f" | bare window {bare_s:.2f} s, {bare_mb:.0f} MB"
            f" | ratio {open_s / bare_s:.1f}× time, {open_mb / bare_mb:.1f}× memory"
            f" | targets < 1 s, < 300 MB: {'met' if open_s < 1 and open_mb < 300 else 'MISSED'}"
        )
        print(
            f"worklist in a running app: {again_s * 1000:.0f} ms to {int(rows)} rows drawn"
            f" (target < 300 ms: {'met' if again_s < 0.3 else 'MISSED'});"
            f" scrolled in {int(steps)} screens, the longest {stall_s * 1000:.0f} ms"
            f" (a stall is > 100 ms: {'none' if stall_s < 0.1 else 'STALLED'})"
        )
        if args.worklist_only:
            return 0
        # export against a plain copy of the same bytes, on the same disk
        t0 = time.perf_counter()
        shutil.copytree(blobs, work / "copy")
        os.sync()  # on the drive before it is pulled out, as the export's fsync makes sure
        copy_s = time.perf_counter() - t0
        shutil.rmtree(work / "copy")
        from core.settings import load_settings
        from terminal.terminal import Terminal

        terminal = Terminal.from_settings(load_settings(config))
        with terminal.open() as ops:
            t0 = time.perf_counter()
            exported = terminal.bundles().export(ops, work / "usb")
            export_s = time.perf_counter() - t0
        ratio = copy_s / export_s
        print(
            f"export: {exported.applications} applications, {exported.size / (1 << 30):.2f} GB"
            f" in {export_s:.1f} s ({exported.size / (1 << 20) / export_s:.0f} MB/s)"
            f" | plain copy {copy_s:.1f} s ({total / (1 << 20) / copy_s:.0f} MB/s)"
            f" | throughput {ratio:.2f}× the copy"
            f" (target ≥ 0.9, issue 31: {'MET' if ratio >= 0.9 else 'MISSED'})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
