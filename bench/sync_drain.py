"""Outbox drain benchmark: N applications × M MB of scans, queued durably, then delivered to
the reference platform over loopback.

Prints, measured in the same run:
* time per durable enqueue (scans sealed + fsynced, row committed): median and p95
  (target: median < 50 ms);
* drain throughput as a ratio to a plain ``requests`` upload of the same bytes to the same
  platform (one PUT per scan, no chunking, no sealing, no store) (target ≥ 0.9, issue 31);
* resident memory before, at its peak during, and after the drain (target: flat).

    python bench/sync_drain.py [--apps 500] [--mb 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _measure import rss_mb  # noqa: E402  (bench/_measure.py, beside this file)

from central.app import create_app  # noqa: E402
from core import protocol  # noqa: E402
from core.application import Applicant, Channel  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.documents.hall import Hall  # noqa: E402
from core.settings import PlatformSettings  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402
from sync.store import LocalStore  # noqa: E402
from sync.worker import SyncWorker  # noqa: E402
from terminal.operations import ItemRef, Operations, ScanInput, SubmitRequest  # noqa: E402
from tests.helpers.keys import keyring, new_store  # noqa: E402


class RssSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())


def start_central(data: Path) -> tuple[uvicorn.Server, str]:
    (data / "catalogue.sqlite").parent.mkdir(parents=True, exist_ok=True)
    # An empty catalogue file is enough: this benchmark never searches.
    from sync.catalogue import CatalogueStore

    with CatalogueStore(data / "catalogue.sqlite") as store:
        store.replace_all([], version="bench")
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(data, admin_token="bench"), host="127.0.0.1", port=0, log_level="error"
        )
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


def plain_upload(url: str, terminal: str, secret: str, blobs: list[bytes]) -> float:
    """The baseline: one signed PUT per scan with requests, body in one piece."""
    session = requests.Session()
    t0 = time.perf_counter()
    for data in blobs:
        sha = hashlib.sha256(data).hexdigest()
        path = f"/v1/blobs/{sha}?offset=0"
        ts, nonce = str(int(time.time())), protocol.new_nonce()
        size = {protocol.BLOB_SIZE: str(len(data))}
        sig = protocol.sign(secret, "PUT", path, ts, nonce, protocol.body_digest(data), size)
        r = session.put(
            url + path,
            data=data,
            timeout=60,
            headers={
                protocol.TERMINAL: terminal,
                protocol.TIMESTAMP: ts,
                protocol.NONCE: nonce,
                protocol.SIGNATURE: sig,
                protocol.BLOB_SIZE: str(len(data)),
            },
        )
        r.raise_for_status()
        assert r.json()["complete"]
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--apps", type=int, default=500)
    parser.add_argument("--mb", type=float, default=3.0)
    parser.add_argument("--lanes", type=int, default=PlatformSettings.parallel_uploads)
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    (work / "terminal").mkdir()
    server, url = start_central(work / "central")
    platform = server.config.app.state.platform  # type: ignore[attr-defined]
    rng = random.Random(1)
    clock = SystemClock()
    store = new_store(work / "terminal" / "store.sqlite", clock, keyring(work / "keys" / "m.key"))
    ops = Operations(
        store,
        catalogue=work / "terminal" / "catalogue.sqlite",
        terminal_id="B1",
        region_code="369901001000",
        hall=Hall("示范市青山区光明街道便民服务中心"),
    )

    enqueue: list[float] = []
    sample = rng.randbytes(size)  # scans differ by a prefix so each is its own blob
    for i in range(args.apps):
        data = i.to_bytes(8, "big") + sample[8:]
        t0 = time.perf_counter()
        ops.submit(
            SubmitRequest(
                ItemRef("3699010000000101001", 1, "居民身份证申领"),
                Applicant("王五", "110101199001010031", "resident", "", ""),
                Channel.COUNTER,
                scans=[ScanInput("scan", data)],
            )
        )
        enqueue.append(time.perf_counter() - t0)
    total = size * args.apps
    print(
        f"queued {args.apps} applications × {args.mb:g} MB = {total / 1e6:.0f} MB;"
        f" drained on {args.lanes} lane(s)"
    )
    print(
        f"durable enqueue: median {statistics.median(enqueue) * 1000:.1f} ms,"
        f" p95 {statistics.quantiles(enqueue, n=20)[-1] * 1000:.1f} ms (target median < 50 ms)"
    )

    baseline_blobs = [b"P" + i.to_bytes(8, "big") + sample[9:] for i in range(args.apps)]
    base_secret = platform.add_terminal("BASE")
    base_time = plain_upload(url, "BASE", base_secret, baseline_blobs)
    del baseline_blobs

    b1 = platform.add_terminal("B1")
    client = PlatformClient(url, Credentials("B1", b1))

    def open_lane() -> tuple[LocalStore, PlatformClient]:
        lane = LocalStore(store.path, clock, keyring(work / "keys" / "m.key"))
        return lane, PlatformClient(url, Credentials("B1", b1))

    # as the apps drain: the settings' delivery lanes ([platform] parallel_uploads)
    worker = SyncWorker(store, client, lanes=args.lanes, open_lane=open_lane)
    rss_before = rss_mb()
    sampler = RssSampler()
    sampler.start()
    t0 = time.perf_counter()
    report = worker.run_once()
    drain_time = time.perf_counter() - t0
    sampler.stop.set()
    sampler.join()
    rss_after = rss_mb()
    assert report.delivered == args.apps, report.errors[:3]
    ours = total / drain_time / 1e6
    plain = total / base_time / 1e6
    print(
        f"drain: {ours:.1f} MB/s; plain requests upload of the same bytes: {plain:.1f} MB/s;"
        f" ratio {ours / plain:.2f} (target ≥ 0.9, issue 31)"
    )
    print(
        f"memory: {rss_before:.0f} MB before, peak {sampler.peak:.0f} MB while draining,"
        f" {rss_after:.0f} MB after (flat: peak − before = {sampler.peak - rss_before:.0f} MB)"
    )
    store.close()
    server.should_exit = True
    ok = ours / plain >= 0.9 and statistics.median(enqueue) < 0.05
    print("targets MET" if ok else "targets MISSED")
    os.system(f"rm -rf {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
