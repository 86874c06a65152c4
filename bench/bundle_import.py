"""Bundle import memory benchmark (issue 22 item 5): a station's USB bundle holding one large
scan, imported by the reference platform — the resident memory it takes, against a bundle
with a 1 MB scan imported the same way in the same run (the baseline).

Each import runs in a fresh process of its own (its peak resident memory is its own), into a
platform of its own. Prints each one's peak growth and the target: growth for the large scan
at most 64 MB more than the baseline's, whatever the scan's size (a 600 MB scan took
``hall-central serve`` from 129 MB to 2.0 GB when members were read whole).

    python bench/bundle_import.py [--mb 300]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MB = 64


class _Peak:
    """The highest resident memory seen while it runs (sampled every 5 ms)."""

    def __init__(self) -> None:
        import threading

        from _measure import rss_mb

        self._rss = rss_mb
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self._rss())


def child(bundle: Path, data: Path) -> None:
    """Imports ``bundle`` into the platform in ``data``; prints the peak growth as JSON."""
    from _measure import rss_mb

    from central.platform import Platform

    platform = Platform(data)
    before = rss_mb()
    peak = _Peak()
    t0 = time.perf_counter()
    with open(bundle, "rb") as f:
        answer = platform.import_bundle(f)
    seconds = time.perf_counter() - t0
    growth = peak.stop() - before
    assert answer.doc["applications_new"] == 1, answer.doc
    print(json.dumps({"growth_mb": growth, "seconds": seconds}))


def make_bundle(work: Path, mb: int) -> tuple[Path, Path]:
    """A platform enrolling the station, and the station's store with one application and a
    scan of ``mb`` MB, bundled; returns (bundle, the platform's data folder)."""
    from datetime import UTC, datetime

    from central.platform import Platform
    from sync.bundle import write_bundle
    from tests.helpers.clock import ManualClock
    from tests.helpers.keys import new_store
    from tests.helpers.outbox import queue

    data = work / f"central-{mb}"
    secret = Platform(data).add_terminal("K0001")
    clock = ManualClock(datetime.now(UTC))
    store = new_store(work / f"station-{mb}" / "store.sqlite", clock)
    queue(store, clock, [os.urandom(mb << 20)])
    path, _ = write_bundle(store, "K0001", secret, work / f"usb-{mb}", now=clock.now())
    store.close()
    return path, data


def run_child(bundle: Path, data: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(bundle), str(data)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=300, help="the large scan's size")
    parser.add_argument("--child", nargs=2, metavar=("BUNDLE", "DATA"))
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = run_child(*make_bundle(work, 1))
        big = run_child(*make_bundle(work, args.mb))
    extra = big["growth_mb"] - base["growth_mb"]
    print(f"baseline: a 1 MB scan's bundle    peak growth {base['growth_mb']:7.1f} MB")
    print(
        f"large:    a {args.mb} MB scan's bundle  peak growth {big['growth_mb']:7.1f} MB"
        f"  ({big['seconds']:.1f} s, {args.mb / max(big['seconds'], 1e-6):.0f} MB/s)"
    )
    verdict = "MET" if extra <= TARGET_MB else "MISSED"
    print(f"growth over the baseline: {extra:.1f} MB (target ≤ {TARGET_MB} MB): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
