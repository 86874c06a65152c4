"""`hall-devices`: the technician's tool. Same code paths as the apps."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable

from devices import config_check
from devices.camera import cli as camera_cli
from devices.idcard import cli as idcard_cli
from devices.pad import cli as pad_cli
from devices.printer import cli as printer_cli


def _ports(args: argparse.Namespace) -> int:
    from serial.tools import list_ports

    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    rows = [
        {
            "device": p.device,
            "vid_pid": f"{p.vid:04X}:{p.pid:04X}"
            if p.vid is not None and p.pid is not None
            else "",
            "description": p.description or "",
            "serial_number": p.serial_number or "",
        }
        for p in ports
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("未发现串口设备 / no serial ports found")
    else:
        for r in rows:
            hint = f'  (port = "hwgrep://{r["vid_pid"]}")' if r["vid_pid"] else ""
            print(f"{r['device']}\t{r['vid_pid'] or '-'}\t{r['description']}{hint}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hall-devices",
        description="Hall Terminal device tool: list ports and exercise the terminal's devices.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ports", help="list serial ports with their USB VID:PID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_ports)
    idcard_cli.add_parser(sub)
    pad_cli.add_parser(sub)
    printer_cli.add_parser(sub)
    camera_cli.add_parser(sub)
    config_check.add_parser(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
