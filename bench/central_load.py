"""Central under a fleet: N simulated terminals send the terminals' real request mix to
`hall-central serve`, in time compressed tenfold, against a bare FastAPI echo route served the
same way in the same run — for each configuration asked: SQLite and one process (the embedded
default), PostgreSQL with 1, 2 or 4 worker processes (a scratch cluster with fsync on, made by
the run), optionally with every fsync made ``--fsync-delay-ms`` slower (an LD_PRELOAD shim
compiled by the run: real servers' disks take 1–2 ms where this one takes 0.15).

Each simulated terminal has its own PlatformClient (its own keep-alive session, every request
signed) and does what `hall-sync` does, every ``--cycle`` seconds (3 s: the field's 30 s
compressed ×10): pull progress, configuration and catalogue changes, send a heartbeat; every
``--app-every`` seconds (5 s) a new application: the scan's status, the scan (``--scan-kb``,
200 KB) in one chunk, then the application. A terminal waits for each answer before it asks
again, so a slow central slows its terminals down (what the field sees).

Central runs in its own process pinned to core 0, the generator to core 1 (where the machine has
two). Prints per route: requests, p50/p99 (ms), errors; served req/s; central's CPU per request
(from /proc); the echo baseline's figures; and MET/MISSED against the targets of issues 32 and 27:
200 terminals with every route's p99 < 30 ms and ≤ 1.2 ms CPU a request, 400 with p99 < 200 ms.

    python bench/central_load.py --terminals 200
    python bench/central_load.py --terminals 1000 --config sqlite:1 --config postgresql:1 \
        --config postgresql:2 --config postgresql:4 --fsync-delay-ms 2
    python bench/central_load.py --terminals 400 --seconds 30
    python bench/central_load.py --profile py-spy.svg   # samples central with py-spy record
                                                        # (.svg flame graph, .json, .txt stacks;
                                                        # `pip install py-spy` first: a
                                                        # profiler, not a dependency)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from central.platform import Platform  # noqa: E402
from sync.catalogue import CatalogueStore, build_demo_catalogue  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402

ITEM = "3699010000000101001"  # routed through the catalogue like any application
TARGETS = {200: 30.0, 400: 200.0, 1000: 50.0}  # terminals → p99 target (ms), every route
CPU_TARGET_MS = 1.2

ECHO_APP = """
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.api_route("/echo/{route}", methods=["GET", "POST", "PUT"])
async def echo(route: str, request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse({"route": route, "size": len(body)})
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pin(core: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {core})


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


FSYNC_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <unistd.h>
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
int fsync(int fd) {
    if (!real_fsync) real_fsync = dlsym(RTLD_NEXT, "fsync");
    usleep(DELAY_US);
    return real_fsync(fd);
}
int fdatasync(int fd) {
    if (!real_fdatasync) real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    usleep(DELAY_US);
    return real_fdatasync(fd);
}
"""


def fsync_shim(work: Path, delay_ms: float) -> str:
    """A shared library making every fsync and fdatasync ``delay_ms`` slower (for
    LD_PRELOAD); its path."""
    source, library = work / "slow_fsync.c", work / "slow_fsync.so"
    source.write_text(FSYNC_SHIM.replace("DELAY_US", str(int(delay_ms * 1000))))
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source), "-ldl"], check=True
    )
    return str(library)


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise SystemExit(f"server at {url} did not start")


@dataclass
class Recorder:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_error: dict[str, str] = field(default_factory=dict)

    busy: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    timeouts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def record(self, route: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.times[route].append(seconds)
            if not ok:
                self.errors[route] += 1
                self.first_error.setdefault(route, detail)
                if "503" in detail:
                    self.busy[route] += 1
                elif "imed out" in detail or "Timeout" in detail:
                    self.timeouts[route] += 1

    def total(self) -> int:
        return sum(len(v) for v in self.times.values())


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def application(terminal: str, scan: bytes) -> tuple[str, bytes, str]:
    local_id = str(uuid.uuid4())
    sha = hashlib.sha256(scan).hexdigest()
    doc = {
        "local_id": local_id,
        "receipt_number": f"{terminal}-{local_id[:8].upper()}",
        "item_impl_code": ITEM,
        "item_version": 1,
        "item_name": "居民身份证申领",
        "channel": "kiosk",
        "terminal_id": terminal,
        "created_at": datetime.now(UTC).isoformat(),
        "applicant": {
            "name": "张三",
            "id_number": "110101199001010031",
            "id_type": "resident",
            "phone": "13812345678",
            "address": "示范市青山区示范路1号",
        },
        "form": {"phone": "13812345678"},
        "attachments": [
            {
                "material_code": "id_card",
                "sha256": sha,
                "pages": 1,
                "media_type": "image/jpeg",
                "size": len(scan),
            }
        ],
    }
    return local_id, json.dumps(doc, ensure_ascii=False, sort_keys=True).encode(), sha


def central_terminal(
    client: PlatformClient,
    rec: Recorder,
    stop: threading.Event,
    cycle: float,
    app_every: float,
    scan_kb: int,
) -> None:
    """One terminal's hall-sync, compressed: the same requests in the same order."""
    rng = random.Random()
    terminal = client.credentials.terminal_id
    since, cursor, base = 0, 0, ""
    next_app = time.monotonic() + rng.uniform(0, app_every)
    stop.wait(rng.uniform(0, cycle))  # terminals are not in step

    def timed(route: str, call: Callable[..., object], *args: object) -> object:
        started = time.perf_counter()
        try:
            out = call(*args)
        except Exception as e:  # a failed request is counted, the run goes on
            rec.record(route, time.perf_counter() - started, False, f"{type(e).__name__}: {e}")
            return None
        rec.record(route, time.perf_counter() - started, True)
        return out

    while not stop.is_set():
        began = time.monotonic()
        if began >= next_app:
            next_app = began + app_every
            scan = rng.randbytes(scan_kb * 1024)
            key, body, sha = application(terminal, scan)
            timed("GET /v1/blobs/{sha}", client.blob_status, sha)
            timed("PUT /v1/blobs/{sha}", client.put_chunk, sha, len(scan), 0, scan)
            timed("POST /v1/applications", client.submit_application, key, body)
        doc = timed("GET /v1/progress", client.progress, since)
        if isinstance(doc, dict):
            since = int(doc.get("next", since) or since)
        timed("GET /v1/config", client.config)
        changes = timed("GET /v1/catalogue/changes", client.catalogue_changes, cursor, base)
        if isinstance(changes, dict):
            base = str(changes.get("base", base))
            cursor = int(changes.get("next", cursor) or cursor)
        timed("POST /v1/heartbeat", client.heartbeat, {"version": "bench", "queue": 0})
        stop.wait(max(cycle - (time.monotonic() - began), 0.0))


def echo_terminal(
    base: str,
    rec: Recorder,
    stop: threading.Event,
    cycle: float,
    app_every: float,
    scan_kb: int,
) -> None:
    """The same rhythm and bodies against a bare echo route: the baseline."""
    rng = random.Random()
    session = requests.Session()
    next_app = time.monotonic() + rng.uniform(0, app_every)
    stop.wait(rng.uniform(0, cycle))

    def timed(route: str, method: str, body: bytes = b"") -> None:
        started = time.perf_counter()
        try:
            r = session.request(method, f"{base}/echo/{route}", data=body or None, timeout=30)
            ok = r.status_code == 200
        except requests.RequestException:
            ok = False
        rec.record(f"{method} /echo/{route}", time.perf_counter() - started, ok)

    while not stop.is_set():
        began = time.monotonic()
        if began >= next_app:
            next_app = began + app_every
            timed("blob", "GET")
            timed("blob", "PUT", rng.randbytes(scan_kb * 1024))
            timed("application", "POST", b"{" + b" " * 1500 + b"}")
        for route in ("progress", "config", "changes"):
            timed(route, "GET")
        timed("heartbeat", "POST", b'{"version": "bench"}')
        stop.wait(max(cycle - (time.monotonic() - began), 0.0))
    session.close()


@dataclass
class Run:
    name: str
    rec: Recorder
    seconds: float
    cpu: float

    def refused(self) -> tuple[int, int]:
        """(503s, time-outs) among the errors."""
        return sum(self.rec.busy.values()), sum(self.rec.timeouts.values())

    @property
    def served(self) -> float:
        return self.rec.total() / self.seconds

    @property
    def cpu_ms(self) -> float:
        return self.cpu / max(self.rec.total(), 1) * 1000

    def worst_p99(self) -> float:
        return max((pct(v, 0.99) for v in self.rec.times.values()), default=0.0)

    def print(self) -> None:
        print(
            f"\n{self.name}: {self.rec.total()} requests in {self.seconds:.0f} s = "
            f"{self.served:.0f} req/s; server CPU {self.cpu:.1f} s = {self.cpu_ms:.2f} ms a request"
        )
        print(f"  {'route':<28}{'n':>7}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for route in sorted(self.rec.times):
            v = self.rec.times[route]
            print(
                f"  {route:<28}{len(v):>7}{pct(v, 0.5):>9.1f}{pct(v, 0.99):>9.1f}"
                f"{self.rec.errors.get(route, 0):>8}"
            )
        for route, detail in self.rec.first_error.items():
            print(f"  first error of {route}: {detail[:160]}")


def drive(
    name: str,
    pids: list[int],
    worker: object,
    args_for: list[tuple[object, ...]],
    seconds: float,
    warmup: float,
) -> Run:
    stop = threading.Event()
    warm = Recorder()
    rec = Recorder()
    target = [warm]

    def proxy_record(route: str, s: float, ok: bool, detail: str = "") -> None:
        target[0].record(route, s, ok, detail)

    shared = Recorder()
    shared.record = proxy_record  # type: ignore[method-assign]
    threads = [
        threading.Thread(target=worker, args=(*a[:1], shared, stop, *a[1:]), daemon=True)  # type: ignore[arg-type]
        for a in args_for
    ]
    for t in threads:
        t.start()
    time.sleep(warmup)
    target[0] = rec
    cpu0, t0 = sum(cpu_seconds(p) for p in pids), time.monotonic()
    time.sleep(seconds)
    cpu1, t1 = sum(cpu_seconds(p) for p in pids), time.monotonic()
    target[0] = Recorder()  # what finishes after the window is not counted
    stop.set()
    for t in threads:
        t.join(35)
    return Run(name, rec, t1 - t0, cpu1 - cpu0)


def run_central(
    config: str,
    args: argparse.Namespace,
    work: Path,
    cluster: object | None,
    env: dict[str, str],
) -> Run:
    """One configuration (``sqlite:1``, ``postgresql:N``) under the fleet."""
    backend, _, workers_text = config.partition(":")
    workers = int(workers_text or "1")
    n = args.terminals
    data = work / config.replace(":", "-")
    data.mkdir()
    with CatalogueStore(data / "catalogue.sqlite") as store:
        build_demo_catalogue(store)
    database = ""
    if backend == "postgresql":
        database = cluster.create_database(config.replace(":", "_"))  # type: ignore[attr-defined]
    platform = Platform(data, database=database, blobs="")
    secrets = {f"L{i:04d}": platform.add_terminal(f"L{i:04d}", f"bench {i}") for i in range(n)}
    del platform
    port = free_port()
    log = work / f"central-{config.replace(':', '-')}.log"
    command = [sys.executable, "-m", "central", "serve", "--data-dir", str(data)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", str(workers), "--database", database],
        env={**env, "HALL_CENTRAL_BLOBS": ""},
        cwd=ROOT,
        preexec_fn=lambda: pin(0),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),  # a file: an unread pipe would block central's logging
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    profiler = None
    try:
        wait_up(f"{base}/readyz", server)
        clients = [
            PlatformClient(base, Credentials(tid, secret), read_timeout=30.0)
            for tid, secret in secrets.items()
        ]
        for c in clients:  # each terminal's connection, open before the clock runs
            c.session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=1))
        if args.profile:
            profiler = subprocess.Popen(
                [
                    shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"),
                    "record",
                    "--pid",
                    str(server.pid),
                    "--duration",
                    str(int(args.warmup + args.seconds)),
                    "--rate",
                    "100",
                    "--nonblocking",  # sampling without stopping central: the load stays real
                    "--threads",
                    "--subprocesses",
                    "--output",
                    str(args.profile),
                    "--format",
                    {".json": "speedscope", ".txt": "raw"}.get(args.profile.suffix, "flamegraph"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        run = drive_all(server, clients, args, f"central {config}, {n} terminals", workers)
        if profiler is not None:
            profiler.wait(60)
        for c in clients:
            c.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    if server.returncode not in (0, -15):
        print(log.read_text(errors="replace")[-2000:])
    return run


def drive_all(
    server: subprocess.Popen[bytes],
    clients: list[PlatformClient],
    args: argparse.Namespace,
    name: str,
    workers: int,
) -> Run:
    """The fleet on ``server``; its CPU counted over its worker processes too."""
    pids = [server.pid]
    if workers > 1:
        time.sleep(0.5)
        pids += children_of(server.pid)
    return drive(
        name,
        pids,
        central_terminal,
        [(c, args.cycle, args.app_every, args.scan_kb) for c in clients],
        args.seconds,
        args.warmup,
    )


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=8.0)
    parser.add_argument("--cycle", type=float, default=3.0, help="a terminal's sync interval")
    parser.add_argument("--app-every", type=float, default=5.0)
    parser.add_argument("--scan-kb", type=int, default=200)
    parser.add_argument(
        "--config",
        action="append",
        help="sqlite:1 (default), postgresql:1, postgresql:2, postgresql:4 — several in one run",
    )
    parser.add_argument(
        "--fsync-delay-ms", type=float, default=0.0, help="every fsync this much slower"
    )
    parser.add_argument("--no-echo", action="store_true", help="skip the echo baseline")
    parser.add_argument("--profile", type=Path, help="py-spy record central into this file")
    args = parser.parse_args()
    n = args.terminals
    configs = args.config or ["sqlite:1"]

    work = Path(tempfile.mkdtemp(prefix="central-load-"))
    cluster = None
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        if args.fsync_delay_ms:
            env["LD_PRELOAD"] = fsync_shim(work, args.fsync_delay_ms)
        pin(0)  # PostgreSQL with central on core 0; the terminals on core 1
        if any(c.startswith("postgresql") for c in configs):
            from tests.helpers.postgres import PostgresCluster

            cluster = PostgresCluster(fsync=True, env=env)
        pin(1)
        runs = [run_central(c, args, work, cluster, env) for c in configs]
        for run in runs:
            run.print()

        echo = None
        if not args.no_echo:
            (work / "echo_app.py").write_text(ECHO_APP, encoding="utf-8")
            port = free_port()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "echo_app:app",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                cwd=work,
                preexec_fn=lambda: pin(0),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_up(f"{base}/echo/health", server)
                echo = drive(
                    f"bare FastAPI echo, {n} terminals",
                    [server.pid],
                    echo_terminal,
                    [(base, args.cycle, args.app_every, args.scan_kb) for _ in range(n)],
                    args.seconds,
                    args.warmup,
                )
            finally:
                server.terminate()
                server.wait(15)
            echo.print()

        print(f"\n{n} terminals, fsync delay {args.fsync_delay_ms:g} ms:")
        print(
            f"  {'configuration':<16}{'req/s':>8}{'× first':>9}{'× echo':>8}{'worst p99':>11}"
            f"{'503s':>7}{'time-outs':>11}{'other errors':>14}"
        )
        first = runs[0]
        for run in [*runs, *([echo] if echo else [])]:
            busy, timeouts = run.refused()
            other = sum(run.rec.errors.values()) - busy - timeouts
            label = run.name.split(",")[0].removeprefix("central ")
            print(
                f"  {label:<16}{run.served:>8.0f}{run.served / max(first.served, 1e-9):>9.2f}"
                f"{run.served / max(echo.served, 1e-9) if echo else float('nan'):>8.2f}"
                f"{run.worst_p99():>9.1f}ms{busy:>7}{timeouts:>11}{other:>14}"
            )
        for run in runs:
            target = TARGETS.get(n)
            if target is not None:
                ok = run.worst_p99() < target
                print(
                    f"target ({run.name}): every route's p99 < {target:.0f} ms: "
                    f"{run.worst_p99():.1f} ms — {'MET' if ok else 'MISSED'}"
                )
            if n == 200:
                ok = run.cpu_ms <= CPU_TARGET_MS
                print(
                    f"target ({run.name}): CPU ≤ {CPU_TARGET_MS} ms a request: "
                    f"{run.cpu_ms:.2f} ms — {'MET' if ok else 'MISSED'}"
                )
            busy, timeouts = run.refused()
            print(
                f"overload ({run.name}): {busy} answered 503, {timeouts} timed out — "
                f"{'MET' if timeouts == 0 else 'MISSED'} (no time-outs)"
            )
        return 0
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
