"""ID card read benchmark: full find/select/read cycles through the real driver over a pty.

The reader simulator runs in another process (``hall-devices idcard simulate --pty
--auto-represent``): after each read the card leaves the field for one find and comes back, so
every cycle is a complete new read. The baseline is a bare pyserial exchange of the very same
frames in the same run (write each request, read the documented number of answer bytes, no
decoding). The driver's own cost per read is the difference of the medians.
Target (issue 3): < 5 ms of overhead per read.

    python bench/idcard_read.py [--cycles N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import serial

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.idcard.reader import ReaderOptions, SamReader  # noqa: E402

# One cycle as it goes over the wire (devices.md §1): the card leaves (find → 80), comes back
# (find → 9F), select → 90, read 30 01 → 1295 bytes, appended address 30 03 → 91.
EXCHANGE = [
    (bytes.fromhex("AAAAAA96690003200122"), 11),
    (bytes.fromhex("AAAAAA96690003200122"), 15),
    (bytes.fromhex("AAAAAA96690003200221"), 19),
    (bytes.fromhex("AAAAAA96690003300132"), 1295),
    (bytes.fromhex("AAAAAA96690003300330"), 11),
]


def _bare_cycle(port: serial.Serial) -> float:
    t0 = time.perf_counter()
    for request, answer_size in EXCHANGE:
        port.write(request)
        got = port.read(answer_size)
        if len(got) != answer_size:
            raise RuntimeError(f"bare exchange: {len(got)} of {answer_size} bytes")
    return time.perf_counter() - t0


def _driver_cycle(reader: SamReader) -> float:
    t0 = time.perf_counter()
    if reader.read_card() is not None:
        raise RuntimeError("expected the card to leave the field first")
    card = reader.read_card()
    if card is None:
        raise RuntimeError("expected a card")
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=300)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="idcard-bench-"))
    link = tmp / "ttyID"
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devices",
            "idcard",
            "simulate",
            "--pty",
            "--link",
            str(link),
            "--card",
            "resident",
            "--auto-represent",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert sim.stdout is not None
        print(f"simulator: {sim.stdout.readline().strip()}")
        reader = SamReader(str(link), ReaderOptions())
        reader.open()
        if reader.read_card() is None:  # the first card lies there from the start
            raise RuntimeError("no card on the simulator")
        driver: list[float] = []
        bare: list[float] = []
        # Interleave the two so machine noise hits both alike.
        for i in range(args.cycles + 20):
            d = _driver_cycle(reader)
            reader.close()
            bare_port = serial.Serial(str(link), 115200, timeout=2)
            b = _bare_cycle(bare_port)
            bare_port.close()
            reader.open()
            if i >= 20:  # warm-up
                driver.append(d)
                bare.append(b)
        reader.close()
    finally:
        sim.terminate()
        sim.communicate(timeout=10)

    def ms(xs: list[float], q: float) -> float:
        return statistics.quantiles(xs, n=100)[int(q) - 1] * 1000 if q < 100 else max(xs) * 1000

    d_med, b_med = statistics.median(driver) * 1000, statistics.median(bare) * 1000
    overhead = d_med - b_med
    print(f"cycles: {len(driver)} (find 80, find 9F, select, read 1295 B, address)")
    print(f"driver   median {d_med:7.3f} ms   p99 {ms(driver, 99):7.3f} ms")
    print(f"bare     median {b_med:7.3f} ms   p99 {ms(bare, 99):7.3f} ms")
    print(
        f"driver overhead per read: {overhead:.3f} ms (target < 5 ms)  "
        f"ratio driver/bare: {d_med / b_med:.2f}"
    )
    print("for scale: the 1295-byte answer alone takes ≈112 ms on a real 115200-baud line")
    ok = overhead < 5.0
    print("target MET" if ok else "target MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
