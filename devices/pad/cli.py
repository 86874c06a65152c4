"""`hall-devices pad …`: read a rating from a key pad, run the pad simulator or the tablet pad.

Exit status of ``read`` and ``tablet``: 0 rated · 1 timed out or cancelled · 2 device failure.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from core.errors import HallError
from core.padkeys import KeyKind, KeyMap, Meaning, PadAction
from core.ports import PadInvitation, PadOutcome, PadResult
from devices.pad.serial_pad import SerialKeyPad, SerialPadOptions
from devices.pad.simulator import PadSimulator
from devices.pad.tablet import TabletPad

EXIT_OK, EXIT_NO_RATING, EXIT_DEVICE = 0, 1, 2
_KEYS_HELP = 'explicit key map, e.g. "31=满意, 32=基本满意, 33=不满意" (see core.padkeys)'


def add_parser(sub: Any) -> None:
    p = sub.add_parser("pad", help="review pads (评价器): read, simulate, tablet")
    psub = p.add_subparsers(dest="pad_command", required=True)

    r = psub.add_parser("read", help="invite one evaluation on a serial key pad and print it")
    r.add_argument("--port", required=True, help="pyserial URL of the pad")
    r.add_argument("--keys", required=True, help=_KEYS_HELP)
    r.add_argument("--baud", type=int, default=9600)
    r.add_argument("--invite-hex", default="", help="bytes sent to the pad to start (hex)")
    r.add_argument("--timeout", type=float, default=60.0)
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=_read)

    s = psub.add_parser("simulate", help="a serial key pad on a pty; type keys on stdin")
    s.add_argument("--pty", action="store_true", required=True)
    s.add_argument("--link", type=Path, help="a stable symlink to the pty")
    s.add_argument("--keys", required=True, help=_KEYS_HELP)
    s.add_argument("--invite-hex", default="", help="bytes that mean 'an evaluation starts'")
    s.add_argument(
        "--auto",
        default="",
        help="answer each invitation with this level (several, comma-separated: in turn)",
    )
    s.add_argument("--delay", type=float, default=1.0, help="seconds before the auto answer")
    s.set_defaults(handler=_simulate)

    t = psub.add_parser("tablet", help="serve the tablet pad page and wait for one rating")
    t.add_argument("--host", default="0.0.0.0")
    t.add_argument("--port", type=int, default=8765)
    t.add_argument("--staff", default="测试人员")
    t.add_argument("--staff-id", default="0000")
    t.add_argument("--window", default="测试窗口")
    t.add_argument("--timeout", type=float, default=300.0)
    t.set_defaults(handler=_tablet)


def _print_result(result: PadResult, as_json: bool) -> int:
    if as_json:
        doc = {
            "outcome": result.outcome.value,
            "level": result.satisfaction.value if result.satisfaction else None,
            "label": result.satisfaction.label if result.satisfaction else None,
            "reasons": list(result.reasons),
            "comment": result.comment,
        }
        print(json.dumps(doc, ensure_ascii=False))
    elif result.satisfaction is not None:
        extra = f"（{'、'.join(result.reasons)}）" if result.reasons else ""
        print(f"{result.satisfaction.label}{extra}")
    else:
        print(
            {"timeout": "未评价（超时）", "cancelled": "已取消"}[result.outcome.value],
            file=sys.stderr,
        )
    return EXIT_OK if result.outcome is PadOutcome.RATED else EXIT_NO_RATING


def _read(args: argparse.Namespace) -> int:
    try:
        options = SerialPadOptions(
            keys=KeyMap.parse(args.keys, KeyKind.BYTE),
            baudrate=args.baud,
            invite_bytes=bytes.fromhex(args.invite_hex),
        )
        pad = SerialKeyPad(args.port, options)
        pad.open()
    except (HallError, ValueError) as e:
        print(f"评价器不可用: {getattr(e, 'user_message', '')} ({e})", file=sys.stderr)
        return EXIT_DEVICE
    print(f"请按评价键… ({args.timeout:g} s)", file=sys.stderr)
    try:
        result = pad.invite(PadInvitation("", "", "", timeout_seconds=args.timeout))
    except HallError as e:
        print(f"评价器故障: {e.user_message} ({e.detail})", file=sys.stderr)
        return EXIT_DEVICE
    finally:
        pad.close()
    return _print_result(result, args.json)


def _meaning(text: str, keys: KeyMap) -> int | None:
    text = text.strip()
    for key, meaning in keys.keys.items():
        label = "取消" if meaning is PadAction.CANCEL else meaning.label
        if text in (label, meaning.value, key):
            return int(key, 16)
    try:
        return int(text, 16) if len(text) == 2 else None
    except ValueError:
        return None


def _simulate(args: argparse.Namespace) -> int:
    try:
        keys = KeyMap.parse(args.keys, KeyKind.BYTE)
        auto: list[Meaning] = []
        for level in filter(None, (part.strip() for part in args.auto.split(","))):
            meaning = keys.meaning_of_byte(_meaning(level, keys) or -1)
            if meaning is None:
                raise ValueError(f"no key for {level!r}")
            auto.append(meaning)
        invite = bytes.fromhex(args.invite_hex)
    except (HallError, ValueError) as e:
        print(f"参数有误: {e}", file=sys.stderr)
        return EXIT_DEVICE
    sim = PadSimulator(keys, link=args.link, invite_bytes=invite, auto=auto, delay=args.delay)
    sim.start()
    print(f"port: {sim.port}", flush=True)
    print("输入等级名称或按键十六进制后回车即按键 / type a level or a hex key", file=sys.stderr)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    def commands() -> None:
        for line in sys.stdin:
            b = _meaning(line, keys)
            if b is None:
                print(f"未知按键 {line.strip()!r}", file=sys.stderr, flush=True)
            else:
                sim.press_byte(b)

    threading.Thread(target=commands, daemon=True).start()
    try:
        stop.wait()
    finally:
        sim.stop()
    return EXIT_OK


def _tablet(args: argparse.Namespace) -> int:
    pad = TabletPad(args.host, args.port)
    try:
        pad.open()
    except HallError as e:
        print(f"评价平板服务无法启动: {e.user_message} ({e.detail})", file=sys.stderr)
        return EXIT_DEVICE
    try:
        print(f"url: {pad.url()}", flush=True)
        print(f"pairing code: {pad.new_pairing_code()}", flush=True)
        invitation = PadInvitation(
            args.staff, args.staff_id, args.window, timeout_seconds=args.timeout
        )
        return _print_result(pad.invite(invitation), as_json=True)
    finally:
        pad.close()
