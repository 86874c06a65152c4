"""`hall-devices camera capture | process | simulate`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from core.errors import HallError
from core.ports import Verdict
from devices.camera import scan, synthetic
from devices.camera.capture import StableTracker, UvcCamera


def add_parser(sub: Any) -> None:
    p = sub.add_parser("camera", help="document camera (高拍仪): capture, process, simulate")
    csub = p.add_subparsers(dest="camera_command", required=True)

    c = csub.add_parser("capture", help="capture a page from a camera and save it")
    c.add_argument(
        "--device", required=True, help="index (0), /dev/videoN, file, frames/%%03d.png, URL"
    )
    c.add_argument("--output", type=Path, required=True, help="JPEG to write")
    c.add_argument("--mode", choices=[m.value for m in scan.Mode], default="bw")
    c.add_argument("--width", type=int, default=2592)
    c.add_argument("--height", type=int, default=1944)
    c.add_argument("--auto", action="store_true", help="wait until the page lies still")
    c.add_argument("--timeout", type=float, default=30.0)
    c.set_defaults(handler=_capture)

    pr = csub.add_parser("process", help="find, straighten and check the page in an image")
    pr.add_argument("image", type=Path)
    pr.add_argument("--output", type=Path, required=True, help="JPEG to write")
    pr.add_argument("--mode", choices=[m.value for m in scan.Mode], default="bw")
    pr.add_argument("--rotate", action="store_true", help="turn pages whose text runs vertically")
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(handler=_process)

    s = csub.add_parser("simulate", help="write synthetic camera frames with their true corners")
    s.add_argument("--output", type=Path, required=True, help="folder")
    s.add_argument("--count", type=int, default=10)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--size", default="2592x1944")
    s.add_argument("--finger", action="store_true")
    s.add_argument("--glare", action="store_true")
    s.add_argument("--blur", type=float, default=0.0)
    s.set_defaults(handler=_simulate)


def _report(result: scan.Scan | None, jpeg: bytes, as_json: bool) -> int:
    if result is None:
        doc: dict[str, Any] = {
            "verdict": Verdict.NO_PAGE.value,
            "guidance": Verdict.NO_PAGE.guidance,
        }
    else:
        q = result.quality
        doc = {
            "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in result.corners],
            "blur": round(q.blur, 1),
            "glare": round(q.glare, 4),
            "verdict": q.verdict.value,
            "guidance": q.verdict.guidance,
            "size": [int(result.page.shape[1]), int(result.page.shape[0])],
            "bytes": len(jpeg),
        }
    if as_json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        print(f"{doc['guidance']} ({doc['verdict']})")
        if result is not None:
            print(
                f"corners {doc['corners']}, blur {doc['blur']}, glare {doc['glare']},"
                f" {doc['bytes']} bytes"
            )
    if result is None:
        return 1
    return 0 if result.quality.verdict is Verdict.OK else 3


def _process(args: argparse.Namespace) -> int:
    frame = cv2.imread(str(args.image), cv2.IMREAD_COLOR)
    if frame is None:
        print(f"无法读取图像 {args.image}", file=sys.stderr)
        return 2
    result = scan.scan(frame, scan.Mode(args.mode), auto_rotate=args.rotate)
    jpeg = b""
    if result is not None:
        jpeg = scan.encode_jpeg(result.page)
        args.output.write_bytes(jpeg)
    return _report(result, jpeg, args.json)


def _capture(args: argparse.Namespace) -> int:
    camera = UvcCamera(args.device, args.width, args.height)
    try:
        camera.open()
    except HallError as e:
        print(f"{e.user_message} ({e.detail})", file=sys.stderr)
        return 2
    try:
        print(f"camera {args.device}: {camera.granted[0]}x{camera.granted[1]}", file=sys.stderr)
        if args.auto:
            tracker = StableTracker()
            deadline = time.monotonic() + args.timeout
            while time.monotonic() < deadline:
                preview = camera.latest()
                corners = scan.find_page(preview)
                if tracker.update(corners, float(np.hypot(*preview.shape[:2]))):
                    break
                time.sleep(0.05)
            else:
                print(Verdict.NO_PAGE.guidance, file=sys.stderr)
                return 1
        frame = camera.still()
    finally:
        camera.close()
    result = scan.scan(frame, scan.Mode(args.mode))
    jpeg = b""
    if result is not None:
        jpeg = scan.encode_jpeg(result.page)
        args.output.write_bytes(jpeg)
    return _report(result, jpeg, as_json=False)


def _simulate(args: argparse.Namespace) -> int:
    w, _, h = args.size.partition("x")
    args.output.mkdir(parents=True, exist_ok=True)
    opts = synthetic.Options(blur=args.blur, glare=args.glare, finger=args.finger)
    truth = {}
    for i in range(args.count):
        f = synthetic.frame(args.seed + i, (int(w), int(h)), opts)
        name = f"frame_{i:03d}.png"
        cv2.imwrite(str(args.output / name), f.frame)
        truth[name] = f.corners.round(2).tolist()
    (args.output / "truth.json").write_text(json.dumps(truth, indent=1))
    print(f"wrote {args.count} frames and truth.json to {args.output}")
    return 0
