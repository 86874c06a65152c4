"""`hall-sync update status | apply | stage`: signed updates from the technician's chair and
from the installer's timer (sync.updates)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from core.settings import load_settings
from sync.paths import DataPaths
from sync.updates import Installer, Updates, folder_of, report


def add_arguments(sub: Any) -> None:
    p = sub.add_parser(
        "update",
        help="signed updates: status; apply (the installer, as root: install what was staged"
        " at a quiet moment, keep it if healthy, else roll back); stage a version from a USB"
        " stick",
    )
    p.add_argument("action", choices=["status", "apply", "stage"])
    p.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="stage: the version's <file>.manifest.json (hall-central release export)",
    )
    p.add_argument("--config", type=Path, required=True, help="the terminal's settings (TOML)")
    p.add_argument(
        "--root",
        type=Path,
        default=Path("/opt/hall-terminal"),
        help="apply: where the versions are installed (versions/, current)",
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    paths = DataPaths.from_settings(settings)
    if args.action == "stage":
        if args.file is None or not args.file.name.endswith(".manifest.json"):
            print("update stage: the version's <file>.manifest.json")
            return 2
        done = Updates(paths.data_dir, paths.public_key_file).stage_file(args.file)
        print(_said(paths.data_dir))
        return 0 if done == "staged" else 1
    if args.action == "apply":
        installer = Installer(
            root=args.root,
            data_dir=paths.data_dir,
            public_key_file=paths.public_key_file,
            role=settings.terminal.role.value,
        )
        done = installer.step()
        print(f"{done}: {_said(paths.data_dir)}")
        return 1 if done in ("refused", "rolled_back") else 0
    print(_said(paths.data_dir))
    staged = folder_of(paths.data_dir) / "staged.json"
    if staged.exists():
        manifest = json.loads(staged.read_text(encoding="utf-8")).get("manifest", {})
        print(f"staged: {manifest.get('version')} ({manifest.get('size', 0) / 1e6:.1f} MB)")
    return 0


def _said(data_dir: Path) -> str:
    step = report(data_dir)
    if step is None:
        return "no update taken yet"
    at = datetime.fromtimestamp(float(step.get("at", 0))).isoformat(timespec="seconds")
    detail = f" — {step['detail']}" if step.get("detail") else ""
    return f"{step.get('version')} {step.get('state')} at {at}{detail}"
