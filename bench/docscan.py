"""Document-camera benchmark: a 2592×1944 frame through page detection, perspective correction,
blur/glare checks, enhancement and JPEG encoding under 300 KB.

Prints the median time per frame and its ratio to a bare ``cv2.imencode`` of the same frame
measured in the same run. Targets: < 150 ms median on 2 cores (issue 4), ≤ 3× the bare
encode (issue 31).

    python bench/docscan.py [--frames 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devices.camera import scan, synthetic  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=30)
    args = parser.parse_args()
    frames = [
        synthetic.frame(i, (2592, 1944), synthetic.Options(finger=i % 4 == 0)).frame
        for i in range(args.frames)
    ]
    ours, bare, sizes = [], [], []
    for f in frames:
        t0 = time.perf_counter()
        result = scan.scan(f, scan.Mode.TEXT)
        assert result is not None
        jpeg = scan.encode_jpeg(result.page)
        ours.append(time.perf_counter() - t0)
        sizes.append(len(jpeg))
        t0 = time.perf_counter()
        cv2.imencode(".jpg", f, [cv2.IMWRITE_JPEG_QUALITY, 85])
        bare.append(time.perf_counter() - t0)
    m, b = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    print(f"frames: {len(frames)} at 2592x1944")
    print(
        f"scan (detect + straighten + checks + enhance + JPEG): median {m:.1f} ms,"
        f" max {max(ours) * 1000:.1f} ms; page JPEG median {statistics.median(sizes) / 1000:.0f} KB"
    )
    print(f"bare cv2.imencode of the frame: median {b:.1f} ms; ratio {m / b:.2f}")
    ok = m < 150
    print("target MET (< 150 ms)" if ok else "target MISSED (< 150 ms)")
    ratio_ok = m / b <= 3.0
    print(f"target {'MET' if ratio_ok else 'MISSED'} (≤ 3× the bare encode: {m / b:.2f}×)")
    return 0 if ok and ratio_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
