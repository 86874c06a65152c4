"""`hall-sync logs`: a technician reads what the terminal's apps logged (masked as written)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from core.settings import load_settings
from sync.logs import parse_since, read_logs


def add_arguments(sub: Any) -> None:
    p = sub.add_parser("logs", help="the apps' logs since a time (30m, 2h, 3d, or ISO time)")
    p.add_argument("--since", default="1h")
    p.add_argument("--app", default="", help="kiosk, counter, display, sync (default: all)")
    p.add_argument("--config", type=Path, help="the terminal's settings (its data folder)")
    p.add_argument("--data-dir", type=Path, help="the data folder, without settings")
    p.add_argument("--json", action="store_true", help="the lines as stored (JSON)")


def run(args: argparse.Namespace) -> int:
    if args.config:
        data_dir = load_settings(args.config).storage.data_dir
    elif args.data_dir:
        data_dir = args.data_dir
    else:
        print("logs: --config FILE or --data-dir DIR")
        return 2
    try:
        since = parse_since(args.since)
    except ValueError:
        print(f"logs: --since {args.since!r}: 30m, 2h, 3d or an ISO time")
        return 2
    n = 0
    for line in read_logs(data_dir, since, args.app):
        n += 1
        if args.json:
            print(json.dumps(line, ensure_ascii=False))
            continue
        print(f"{line['time']} {line['app']} {line['level']} {line['logger']}: {line['message']}")
        if line.get("exception"):
            print("    " + str(line["exception"]).replace("\n", "\n    "))
    if not n:
        print(f"no log lines since {since.isoformat(timespec='seconds')} in {data_dir / 'logs'}")
    return 0
