"""Bad-link benchmark: 30 applications × 1 MB of scans delivered through a loopback proxy that
misbehaves, against the same delivery over a clean link measured in the same run.

Three runs, each from a fresh terminal store to the reference platform, with the apps' own
sync loop (``SyncWorker.run_once`` and the wait it asks for, lanes as in the default settings):

* clean        — the proxy relays everything;
* failing 30 % — 30 % of connections fail: half are reset mid-request, half have their answer
  dropped after the platform did the work;
* stalling 10 % — 10 % of connections are read and never answered (held for 10 minutes, as a
  dead mobile link holds them); the client has to give up on its own;
* mixed        — both at once, as a village line has them: 30 % of connections reset within
  their first 300 KB and 10 % stalling for 60 s (issue 22 item 14: target ≤ 3× clean, and
  the bytes uploaded ≤ 1.1× the payload).

The client speaks one request per connection (``Connection: close``), so every request gets
its own fault decision. ``--rate`` throttles each connection's upload like a village 4G
uplink (default 1 MB/s; with 0 the clean run takes 3 s on loopback and the 3-second floor of the
stall detector dominates the ratio). Chunks wait for the platform's ``100 Continue``
(sync/expect_continue.py) and central keeps the part of a chunk a reset cut, so a stall costs
a chunk's headers and a reset what was in flight. Prints each run's time and its ratio to
the clean run (target ≤ 3×, every application delivered once) and the bytes that left the
terminal against the payload (target ≤ 1.1× in the mixed run).

    python bench/bad_link.py [--apps 30] [--mb 1] [--rate 1000000] [--only mixed] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_drain import start_central  # noqa: E402  (bench/sync_drain.py, beside this file)

from core.application import Applicant, Channel, Status  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.documents.hall import Hall  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402
from sync.store import LocalStore  # noqa: E402
from sync.worker import SyncWorker, next_wait  # noqa: E402
from terminal.operations import ItemRef, Operations, ScanInput, SubmitRequest  # noqa: E402
from tests.helpers.fault_proxy import FaultProxy  # noqa: E402
from tests.helpers.keys import keyring, new_store  # noqa: E402

LANES = 3  # PlatformSettings.parallel_uploads' default


def queue_apps(path: Path, key: Path, apps: int, size: int, seed: int) -> None:
    rng = random.Random(seed)
    sample = rng.randbytes(size)
    with new_store(path, SystemClock(), keyring(key)) as store:
        ops = Operations(
            store,
            catalogue=path.parent / "catalogue.sqlite",
            terminal_id="B1",
            region_code="369901001000",
            hall=Hall("示范市青山区光明街道便民服务中心"),
        )
        for i in range(apps):
            ops.submit(
                SubmitRequest(
                    ItemRef("3699010000000101001", 1, "居民身份证申领"),
                    Applicant("王五", "110101199001010031", "resident", "", ""),
                    Channel.COUNTER,
                    scans=[
                        ScanInput(
                            "scan", seed.to_bytes(4, "big") + i.to_bytes(4, "big") + sample[8:]
                        )
                    ],
                )
            )


def deliver(
    name: str,
    url: str,
    secret: str,
    plan: Callable[[random.Random], str],
    work: Path,
    apps: int,
    size: int,
    rate: float | None,
    seed: int,
    stall_seconds: float = 600,
    reset_within: int | None = None,
) -> tuple[float, dict[str, int], int, int]:
    terminal = work / name
    terminal.mkdir()
    key = work / "keys" / f"{name}.key"
    queue_apps(terminal / "store.sqlite", key, apps, size, seed)
    host, port = url.removeprefix("http://").split(":")
    proxy = FaultProxy(
        (host, int(port)),
        plan,
        seed=seed,
        rate=rate,
        stall_seconds=stall_seconds,
        reset_within=reset_within,
    ).start()

    def client() -> PlatformClient:
        session = requests.Session()
        session.headers["Connection"] = "close"  # one request per connection, one fault each
        return PlatformClient(
            proxy.url,
            Credentials(f"B{seed}", secret),
            connect_timeout=5,
            read_timeout=30,
            session=session,
        )

    def open_lane() -> tuple[LocalStore, PlatformClient]:
        return LocalStore(terminal / "store.sqlite", SystemClock(), keyring(key)), client()

    store = LocalStore(terminal / "store.sqlite", SystemClock(), keyring(key))
    worker = SyncWorker(store, client(), lanes=LANES, open_lane=open_lane)
    delivered = 0
    t0 = time.perf_counter()
    while delivered < apps and time.perf_counter() - t0 < 900:
        report = worker.run_once()
        # delivered as the store has it: an application whose answer was dropped is learnt
        # delivered from the platform's progress (not counted in report.delivered)
        delivered = store.counts().get(Status.DELIVERED, 0)
        if delivered < apps:
            time.sleep(next_wait(report, 30.0))
    elapsed = time.perf_counter() - t0
    store.close()
    proxy.stop()
    return elapsed, dict(proxy.faults), delivered, proxy.bytes_from_client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--apps", type=int, default=30)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument(
        "--rate", type=float, default=1_000_000, help="bytes/s per connection (0: unthrottled)"
    )
    parser.add_argument("--seed", type=int, default=0, help="draws other fault sequences")
    parser.add_argument(
        "--only", default="", help="runs besides the clean one, e.g. mixed (default: all)"
    )
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    rate = args.rate or None
    work = Path(tempfile.mkdtemp(prefix="bad-link-"))
    server, url = start_central(work / "central")
    platform = server.config.app.state.platform  # type: ignore[attr-defined]
    # name, plan, stall seconds, resets within the first … bytes, the targets checked
    runs: list[tuple[str, Callable[[random.Random], str], float, int | None, bool]] = [
        ("clean", lambda rng: "pass", 600, None, False),
        (
            "failing 30 %",
            lambda rng: "reset" if (x := rng.random()) < 0.15 else "drop" if x < 0.30 else "pass",
            600,
            None,
            False,
        ),
        ("stalling 10 %", lambda rng: "stall" if rng.random() < 0.10 else "pass", 600, None, False),
        (
            "mixed",
            lambda rng: "reset" if (x := rng.random()) < 0.30 else "stall" if x < 0.40 else "pass",
            60,
            300_000,
            True,
        ),
    ]
    print(
        f"{args.apps} applications × {args.mb:g} MB, {LANES} lanes, "
        + (f"{rate / 1e6:g} MB/s per connection" if rate else "unthrottled")
    )
    clean = 0.0
    ok = True
    payload = args.apps * size
    if args.only:
        runs = [r for r in runs if r[0] == "clean" or r[0].split()[0] in args.only.split(",")]
    for seed, (name, plan, stall, within, bytes_target) in enumerate(runs, start=1 + args.seed):
        secret = platform.add_terminal(f"B{seed}")
        elapsed, faults, delivered, sent = deliver(
            name.split()[0], url, secret, plan, work, args.apps, size, rate, seed, stall, within
        )
        with sqlite3.connect(work / "central" / "platform.sqlite") as db:
            on_platform = db.execute(
                "SELECT count(*) FROM applications WHERE terminal_id = ?", (f"B{seed}",)
            ).fetchone()[0]
        clean = clean or elapsed
        ratio = elapsed / clean
        uploaded = sent / payload
        met = delivered == args.apps == on_platform and ratio <= 3.0
        met &= uploaded <= 1.1 or not bytes_target
        ok &= met
        print(
            f"{name:<14} {elapsed:6.1f} s  ×{ratio:4.2f} of clean  uploaded ×{uploaded:4.2f}"
            f" of the payload  delivered {delivered} (platform holds {on_platform})"
            f"  connections {faults}  {'ok' if met else 'MISSED'}"
        )
    server.should_exit = True
    shutil.rmtree(work, ignore_errors=True)
    print("targets MET" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
