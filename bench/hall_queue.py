"""Hall queue benchmark (issue 23; not `queue.py`: beside the script it would shadow the
standard library's `queue`): a hall of 40 windows, 8 kiosks and 10 displays on one
hall server; 2,000 tickets taken over a compressed day while the windows call them. Prints the
call-to-display latency (from the counter's call leaving to each display receiving it, over
server-sent events) p50/p99 against a bare signed round trip on the same server in the same run
(target: p99 < 500 ms), and that no number repeats.

    python bench/hall_queue.py [--tickets 2000] [--windows 40] [--kiosks 8] [--displays 10]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_drain import start_central  # noqa: E402  (bench/sync_drain.py, beside this file)

from core.validators import id_check_char  # noqa: E402
from sync.client import Credentials, PlatformClient  # noqa: E402

LETTERS = "ABCD"


def _post(client: PlatformClient, path: str, doc: dict[str, object]) -> dict[str, object]:
    r = client._send("POST", path, body=json.dumps(doc).encode())
    return r.json()  # type: ignore[no-any-return]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--windows", type=int, default=40)
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--displays", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    server, url = start_central(work / "central")
    platform = server.config.app.state.platform  # type: ignore[attr-defined]
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
    displays = [client(f"D{n:02d}", "display") for n in range(args.displays)]

    # the baseline: a bare signed round trip on the same server
    bare = []
    for _ in range(50):
        t0 = time.perf_counter()
        kiosks[0]._send("GET", "/v1/time")
        bare.append(time.perf_counter() - t0)

    sent: dict[str, float] = {}  # "number@window" → when its call left the counter
    arrivals: list[tuple[str, float]] = []  # each display's receipt of each call
    lock = threading.Lock()
    stop = threading.Event()

    def display(c: PlatformClient) -> None:
        while not stop.is_set():
            try:
                for _, kind, doc in c.queue_events(0):
                    if stop.is_set():
                        return
                    if kind == "call":
                        key = f"{doc['number']}@{doc['window']}"
                        now = time.perf_counter()
                        with lock:
                            arrivals.append((key, now))
            except Exception:
                time.sleep(0.2)

    listeners = [threading.Thread(target=display, args=(d,), daemon=True) for d in displays]
    for t in listeners:
        t.start()
    time.sleep(1.0)

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
    server.should_exit = True

    rows = platform.db.conn.execute(
        "SELECT count(*), count(DISTINCT day || number) FROM queue_tickets"
    ).fetchone()
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
