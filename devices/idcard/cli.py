"""`hall-devices idcard …`: read a card, check a reader, run the reader simulator.

Exit status of ``read``: 0 a valid card was read · 1 no card within the time-out · 2 the reader
failed (unplugged, silent, SAM fault) · 3 a card was read but must be refused (expired, invalid
number, failed authentication). Every failure prints one line saying why.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from core.clock import SystemClock, local_today
from core.errors import CardRejected, CardUnreadable, HallError, SettingsError
from core.identity import Identity, check_identity
from core.ports import CardRead
from devices.idcard.cards import DEMO_CARDS, card_to_json, load_card_file
from devices.idcard.photo import load_photo_decoder
from devices.idcard.reader import ReaderOptions, SamReader
from devices.idcard.simulator import PtySimulator, ReaderEngine, SimCard, SocketSimulator

EXIT_OK, EXIT_NO_CARD, EXIT_DEVICE, EXIT_REFUSED = 0, 1, 2, 3


def add_parser(sub: Any) -> None:
    p = sub.add_parser("idcard", help="ID card reader (SAM protocol): read, info, simulate")
    isub = p.add_subparsers(dest="idcard_command", required=True)

    r = isub.add_parser("read", help="wait for a card and print it")
    r.add_argument(
        "--port",
        required=True,
        help="pyserial URL: /dev/ttyUSB0, COM3, "
        "hwgrep://VID:PID, socket://host:port, or a simulator's pty",
    )
    r.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a card")
    r.add_argument("--json", action="store_true", help="print the card as JSON")
    r.add_argument("--full", action="store_true", help="show personal fields unmasked")
    r.add_argument("--baud", type=int, default=115200)
    r.add_argument("--fingerprint", action="store_true", help="also read fingerprints (30 10)")
    r.add_argument("--photo-library", default="", help="licensed WLT decoder (.so/.dll)")
    r.add_argument("--photo-out", type=Path, help="write the decoded photo (BMP) here")
    r.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    r.set_defaults(handler=_read)

    i = isub.add_parser("info", help="open the reader and print its SAM id and status")
    i.add_argument("--port", required=True)
    i.add_argument("--baud", type=int, default=115200)
    i.set_defaults(handler=_info)

    s = isub.add_parser("simulate", help="run a reader simulator and print the port to use")
    where = s.add_mutually_exclusive_group(required=True)
    where.add_argument("--pty", action="store_true", help="on a pseudo-terminal")
    where.add_argument("--port", help="socket://HOST:PORT (PORT 0 picks a free one)")
    s.add_argument("--link", type=Path, help="with --pty: a stable symlink to the pty")
    s.add_argument(
        "--card",
        default="resident",
        help=f"a card JSON file (as printed by 'read --json') or one of "
        f"{', '.join(DEMO_CARDS)}; 'none' starts empty",
    )
    s.add_argument(
        "--represent-every",
        type=float,
        default=0.0,
        metavar="S",
        help="put the card back S seconds after each read (0: once)",
    )
    s.add_argument(
        "--auto-represent",
        action="store_true",
        help="the card leaves for one find after each read and comes back (benchmarks)",
    )
    s.add_argument("--wire-timing", action="store_true", help="pace answers like 115200 baud")
    s.set_defaults(handler=_simulate)


def _one_line(e: HallError) -> str:
    return f"{e.user_message} ({e.detail})"


def _open(port: str, options: ReaderOptions) -> SamReader:
    reader = SamReader(port, options)
    reader.open()
    return reader


def _read(args: argparse.Namespace) -> int:
    options = ReaderOptions(baudrate=args.baud, fingerprint=args.fingerprint)
    try:
        decoder = load_photo_decoder(args.photo_library)
        reader = _open(args.port, options)
    except HallError as e:
        print(f"读卡器不可用: {_one_line(e)}", file=sys.stderr)
        return EXIT_DEVICE
    print(f"请放置证件… (SAM {reader.sam_id}, {args.timeout:g} s)", file=sys.stderr)
    deadline = time.monotonic() + args.timeout
    card: CardRead | None = None
    try:
        while card is None and time.monotonic() < deadline:
            try:
                card = reader.read_card()
            except CardUnreadable as e:
                print(f"  {e.user_message}", file=sys.stderr)
            except CardRejected as e:
                print(f"证件被拒绝: {_one_line(e)}", file=sys.stderr)
                return EXIT_REFUSED
            except HallError as e:
                print(f"读卡器故障: {_one_line(e)}", file=sys.stderr)
                return EXIT_DEVICE
            if card is None:
                time.sleep(0.2)
    finally:
        reader.close()
    if card is None:
        print(
            f"{args.timeout:g} 秒内未放置证件 / no card within {args.timeout:g} s", file=sys.stderr
        )
        return EXIT_NO_CARD
    photo = decoder.decode(card.photo)
    if args.photo_out is not None and photo is not None:
        args.photo_out.write_bytes(photo)
    doc = card_to_json(card)
    doc["photo_decoded"] = photo is not None
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        _print_card(card.identity, doc, full=args.full)
    try:
        check_identity(card.identity, args.today or local_today(SystemClock()))
    except HallError as e:
        print(f"证件不可受理: {_one_line(e)}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


_LABELS = {
    "card_type_label": "证件类型",
    "name": "姓名",
    "english_name": "英文姓名",
    "sex": "性别",
    "nation": "民族",
    "nationality": "国籍",
    "birth": "出生日期",
    "address": "住址",
    "id_number": "证件号码",
    "authority": "签发机关",
    "valid_from": "有效期起",
    "valid_to": "有效期止",
    "pass_number": "通行证号码",
    "issue_count": "签发次数",
    "renewal_count": "换证次数",
    "address_appendix": "追加地址",
    "photo_decoded": "照片已解码",
}


def _print_card(identity: Identity, doc: dict[str, Any], *, full: bool) -> None:
    if not full:
        doc = {
            **doc,
            "name": identity.masked_name,
            "id_number": identity.masked_id,
            "address": "（已隐藏，--full 显示）" if doc["address"] else "",
            "english_name": identity.masked_name if identity.english_name else "",
        }
    for key, label in _LABELS.items():
        value = doc.get(key)
        if value not in (None, ""):
            print(f"{label}\t{value}")


def _info(args: argparse.Namespace) -> int:
    try:
        reader = _open(args.port, ReaderOptions(baudrate=args.baud))
    except HallError as e:
        print(f"读卡器不可用: {_one_line(e)}", file=sys.stderr)
        return EXIT_DEVICE
    health = reader.health()
    reader.close()
    print(f"状态\t{health.state.label}\nSAM\t{reader.sam_id}\n详情\t{health.detail}")
    return EXIT_OK if all(health.checks.values()) else EXIT_DEVICE


def _card_from_arg(text: str) -> SimCard | None:
    if text == "none":
        return None
    if text in DEMO_CARDS:
        return SimCard(DEMO_CARDS[text])
    return SimCard(load_card_file(Path(text)))


_HELP = (
    "命令 / commands: place [CARD] · remove · sam-fail on|off · corrupt N · silent N · "
    "noise on|off · reject HEX · unplug · replug · quit"
)


def _control(
    line: str, engine: ReaderEngine, sim: PtySimulator | SocketSimulator, default: SimCard | None
) -> str:
    words = line.split()
    if not words:
        return ""
    cmd, rest = words[0], words[1:]
    f = engine.faults
    if cmd == "place":
        card = _card_from_arg(rest[0]) if rest else default
        if card is None:
            return "no card given"
        engine.place(card)
        return f"placed {card.identity!r}"
    if cmd == "remove":
        engine.remove()
        return "removed"
    if cmd in ("sam-fail", "noise") and rest and rest[0] in ("on", "off"):
        setattr(f, "sam_failure" if cmd == "sam-fail" else "noise", rest[0] == "on")
        return f"{cmd} {rest[0]}"
    if cmd in ("corrupt", "silent") and rest and rest[0].isdigit():
        setattr(f, f"{cmd}_answers", int(rest[0]))
        return f"next {rest[0]} answers {cmd}"
    if cmd == "reject" and rest:
        f.card_status = int(rest[0], 16)
        return f"reads answer 0x{f.card_status:02X}"
    if cmd in ("unplug", "replug") and isinstance(sim, PtySimulator):
        getattr(sim, cmd)()
        return f"{cmd}ged; port {sim.port}"
    return _HELP


def _simulate(args: argparse.Namespace) -> int:
    try:
        card = _card_from_arg(args.card)
    except SettingsError as e:
        print(f"卡片文件有误: {e.detail}", file=sys.stderr)
        return EXIT_DEVICE
    engine = ReaderEngine(auto_represent=args.auto_represent)
    sim: PtySimulator | SocketSimulator
    if args.pty:
        sim = PtySimulator(engine, link=args.link, wire_timing=args.wire_timing)
    else:
        url = str(args.port)
        if not url.startswith("socket://") or ":" not in url[len("socket://") :]:
            print("--port must be socket://HOST:PORT", file=sys.stderr)
            return EXIT_DEVICE
        host, _, port = url[len("socket://") :].rpartition(":")
        sim = SocketSimulator(engine, host=host, port=int(port), wire_timing=args.wire_timing)
    sim.start()
    if card is not None:
        engine.place(card)
    print(f"port: {sim.port}", flush=True)
    print(_HELP, file=sys.stderr, flush=True)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    def commands() -> None:
        for line in sys.stdin:
            if line.strip() == "quit":
                stop.set()
                return
            answer = _control(line, engine, sim, card)
            if answer:
                print(answer, file=sys.stderr, flush=True)

    threading.Thread(target=commands, daemon=True).start()
    read_at: float | None = None
    try:
        while not stop.wait(0.05):
            if args.represent_every and card is not None and engine.awaiting_removal:
                read_at = read_at or time.monotonic()
                if time.monotonic() - read_at >= args.represent_every:
                    engine.remove()
                    engine.place(card)
                    read_at = None
    finally:
        sim.stop()
    return EXIT_OK
