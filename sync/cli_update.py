"""`hall-sync update status | apply`: signed updates from the technician's chair and from the
installer's timer (sync.updates); `hall-sync usb FILE…`: what a USB stick brings from the
platform — a version, the catalogue, settings — each signed (sync.usb)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from core.settings import load_settings
from sync.paths import DataPaths
from sync.updates import Installer, folder_of, report


def add_arguments(sub: Any) -> None:
    p = sub.add_parser(
        "update",
        help="signed updates: status; apply (the installer, as root: install what was staged"
        " at a quiet moment, keep it if healthy, else roll back)",
    )
    p.add_argument("action", choices=["status", "apply"])
    p.add_argument("--config", type=Path, required=True, help="the terminal's settings (TOML)")
    p.add_argument(
        "--root",
        type=Path,
        default=Path("/opt/hall-terminal"),
        help="apply: where the versions are installed (versions/, current)",
    )

    u = sub.add_parser(
        "usb",
        help="load what a USB stick brings from the platform (hall-central usb): a version"
        " (staged for the installer), the catalogue, this terminal's settings — each checked"
        " against the platform's key",
    )
    u.add_argument("files", nargs="+", type=Path, help="the stick's *.manifest.json")
    u.add_argument("--config", type=Path, required=True, help="the terminal's settings (TOML)")


def run_usb(args: argparse.Namespace) -> int:
    from sync.usb import load

    settings = load_settings(args.config)
    refused = 0
    for file in args.files:
        if not file.name.endswith(".manifest.json"):
            continue  # the payloads themselves (a shell's * gives both)
        loaded = load(file, settings)
        verdict = "taken" if loaded.done else "not taken"
        print(f"{file.name}: {loaded.kind} {loaded.version} {verdict} — {loaded.said}")
        refused += not loaded.done
    return 1 if refused else 0


def run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    paths = DataPaths.from_settings(settings)
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
