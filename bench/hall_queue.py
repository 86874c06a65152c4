"""Hall queue benchmark (issue 23; not `queue.py`: beside the script it would shadow the
standard library's `queue`): a hall of 40 windows, 8 kiosks and 10 displays on one
hall server; 2,000 tickets taken over a compressed day while the windows call them. Prints the
call-to-display latency (from the counter's call leaving to each display receiving it, over
server-sent events) p50/p99 against a bare signed round trip on the same server in the same run
(target: p99 < 500 ms), and that no number repeats.

As a hall has them: the hall server (`hall-central serve`) in a process of its own, the
displays in another (their receipt times are CLOCK_MONOTONIC, the same clock across
processes), the kiosks and counters in this one. (Server and clients in one interpreter
measured the GIL: every request, SSE read and JSON parse of 58 client threads queued the
server's own work behind it.)

    python bench/hall_queue.py [--tickets 2000] [--windows 40] [--kiosks 8] [--displays 10]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core.validators import id_check_char  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402

LETTERS = "ABCD"


def _post(client: PlatformClient, path: str, doc: dict[str, object]) -> dict[str, object]:
    r = client._send("POST", path, body=json.dumps(doc).encode())
    return r.json()  # type: ignore[no-any-return]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _displays(
    url: str, credentials: list[tuple[str, str]], out: Any, ready: Any, stop: Any
) -> None:
    """The hall's displays, in a process of their own: each call's key and when it arrived."""
    arrivals: list[tuple[str, float]] = []
    lock = threading.Lock()
    connected = [0]

    def display(c: PlatformClient) -> None:
        while not stop.is_set():
            try:
                for _, kind, doc in c.queue_events(0):
                    if stop.is_set():
                        return
                    if kind == "state":
                        with lock:
                            connected[0] += 1
                            if connected[0] == len(credentials):
                                ready.set()
                    if kind == "call":
                        now = time.perf_counter()
                        with lock:
                            arrivals.append((f"{doc['number']}@{doc['window']}", now))
            except Exception:
                time.sleep(0.2)

    for terminal, secret in credentials:
        client = PlatformClient(url, Credentials(terminal, secret))
        threading.Thread(target=display, args=(client,), daemon=True).start()
    stop.wait()
    with lock:
        out.put(arrivals)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--windows", type=int, default=40)
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--displays", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    from central.platform import Platform

    platform = Platform(work / "central")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    windows = [f"{n}号窗口" for n in range(1, args.windows + 1)]
    platform.set_queue(
        "",
        {
            "categories": [
                {
                    "letter": letter,
                    "name": f"类别{letter}",
                    "windows": windows[i :: len(LETTERS)],
                    "opens": "00:00:00",
                    "closes": "23:59:59",
                    "daily_limit": args.tickets,
                }
                for i, letter in enumerate(LETTERS)
            ],
            "policy": {"recall_gap_seconds": 0},
        },
    )

    def client(terminal: str, role: str) -> PlatformClient:
        return PlatformClient(
            url, Credentials(terminal, platform.add_terminal(terminal, role=role))
        )

    kiosks = [client(f"K{n:02d}", "kiosk") for n in range(args.kiosks)]
    counters = [client(f"C{n:02d}", "counter") for n in range(args.windows)]
    displays = [
        (f"D{n:02d}", platform.add_terminal(f"D{n:02d}", role="display"))
        for n in range(args.displays)
    ]
    platform.db.conn.close()
    serve = ["serve", "--data-dir", str(work / "central"), "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-m", "central", *serve],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)

    # the baseline: a bare signed round trip on the same server
    bare = []
    for _ in range(50):
        t0 = time.perf_counter()
        kiosks[0]._send("GET", "/v1/time")
        bare.append(time.perf_counter() - t0)

    sent: dict[str, float] = {}  # "number@window" → when its call left the counter
    lock = threading.Lock()
    context = multiprocessing.get_context("fork")
    results, ready, stop = context.Queue(), context.Event(), context.Event()
    listeners = context.Process(target=_displays, args=(url, displays, results, ready, stop))
    listeners.start()
    ready.wait(30)

    issued: list[str] = []
    per_kiosk = args.tickets // args.kiosks

    def kiosk(c: PlatformClient, n: int) -> None:
        rng = random.Random(n)
        for i in range(per_kiosk):
            letter = rng.choice(LETTERS)
            # each ticket its own person: born in month n, on day i % 28, the i // 28th
            first17 = f"1101011990{1 + n % 12:02d}{1 + i % 28:02d}{i // 28:03d}"
            who = first17 + id_check_char(first17)
            got = _post(c, "/v1/queue/tickets", {"category": letter, "id_number": who})
            ticket = got.get("ticket")
            if isinstance(ticket, dict):
                with lock:
                    issued.append(str(ticket["number"]))
            time.sleep(rng.uniform(0.0, 0.01))

    called = 0
    answered: list[float] = []  # each call's own round trip (the counter has its answer)

    def window(c: PlatformClient, name: str) -> None:
        nonlocal called
        rng = random.Random(name)
        idle = 0
        while idle < 40:
            t0 = time.perf_counter()
            # the key is known once the answer names the ticket: the time the call left is
            # kept under it, and matched with each display's receipt after the run
            got = _post(c, "/v1/queue/call", {"window": name, "categories": list(LETTERS)})
            ticket = got.get("ticket")
            if not isinstance(ticket, dict):
                idle += 1
                time.sleep(0.05)
                continue
            idle = 0
            with lock:
                sent.setdefault(f"{ticket['number']}@{name}", t0)
                answered.append(time.perf_counter() - t0)
                called += 1
            number = str(ticket["number"])
            _post(c, f"/v1/queue/tickets/{number}/serve", {})
            time.sleep(rng.uniform(0.0, 0.02))  # a compressed service
            _post(c, f"/v1/queue/tickets/{number}/finish", {})

    started = time.perf_counter()
    takers = [threading.Thread(target=kiosk, args=(k, n)) for n, k in enumerate(kiosks)]
    callers = [
        threading.Thread(target=window, args=(c, windows[n])) for n, c in enumerate(counters)
    ]
    for t in (*takers, *callers):
        t.start()
    for t in (*takers, *callers):
        t.join()
    time.sleep(1.0)
    stop.set()
    elapsed = time.perf_counter() - started
    arrivals: list[tuple[str, float]] = results.get(timeout=30)
    listeners.join(10)
    server.terminate()
    server.wait(10)

    rows = (
        Platform(work / "central")
        .db.conn.execute("SELECT count(*), count(DISTINCT day || number) FROM queue_tickets")
        .fetchone()
    )
    # the time the call left the counter to each display's receipt (the call's own request
    # counted in: the display may hear of it before the counter has its answer)
    received = [at - sent[key] for key, at in arrivals if key in sent]
    p50, p99 = percentile(received, 0.5), percentile(received, 0.99)
    bare_p50 = statistics.median(bare)
    print(
        f"{args.windows} windows, {args.kiosks} kiosks, {args.displays} displays:"
        f" {len(issued)} tickets taken, {called} called in {elapsed:.1f} s"
    )
    print(f"bare signed round trip   p50 {bare_p50 * 1000:6.1f} ms")
    print(
        f"call → display          p50 {p50 * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms"
        f"  (×{p50 / bare_p50:.1f} of a round trip at p50; {len(received)} deliveries)"
    )
    print(
        f"the call's own answer    p50 {percentile(answered, 0.5) * 1000:6.1f} ms"
        f"  p99 {percentile(answered, 0.99) * 1000:6.1f} ms"
    )
    unique = rows[0] == rows[1]
    print(
        f"numbers: {rows[0]} tickets, {rows[1]} distinct —"
        f" {'none repeats' if unique else 'REPEATS'}"
    )
    met = p99 < 0.5 and unique and called == len(issued)
    print(
        "target (p99 < 500 ms, no number twice, every ticket called):", "MET" if met else "MISSED"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
