"""`hall-devices config check FILE`: a terminal's settings judged as a whole before it starts —
every problem at once, each naming the key, the value, what is allowed and the fix (the
settings' own rules, core.settings), then each device section's type and port."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.errors import SettingsError
from core.settings import Settings, load_settings
from devices.factory import CAMERA_TYPES, ID_READER_TYPES, PAD_TYPES

#: device sections and the types each takes
DEVICE_TYPES: dict[str, tuple[str, ...]] = {
    "idcard": ID_READER_TYPES,
    "camera": CAMERA_TYPES,
    "pad": PAD_TYPES,
    "printer": ("serial", "usb", "network", "file", "win32", "none"),  # devices.printer.TYPES
}
#: (section, type) that cannot work without a port, and what the port is
NEEDS_PORT = {
    ("idcard", "sam-serial"): "a pyserial URL (/dev/ttyUSB0, COM3, hwgrep://VID:PID)",
    ("pad", "serial"): "a pyserial URL",
    ("printer", "serial"): "a serial port",
    ("printer", "usb"): "the printer's USB VID:PID (e.g. 0416:5011)",
    ("printer", "network"): "host:port (e.g. 192.168.1.50:9100)",
    ("printer", "file"): "a file to write to",
    ("printer", "win32"): "the Windows printer's name",
}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("config", help="check a terminal's settings file before it starts")
    p.add_argument("action", choices=["check"])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run)


def device_problems(settings: Settings, source: str) -> list[str]:
    found = []
    for section, device in sorted(settings.devices.items()):
        where = f"{source}: [devices.{section}]"
        known = DEVICE_TYPES.get(section)
        if known is None:
            found.append(f"{where}: unknown device (known: {', '.join(sorted(DEVICE_TYPES))})")
            continue
        if device.type not in known:
            found.append(f"{where} type: {device.type!r}: one of {', '.join(known)}")
            continue
        port = NEEDS_PORT.get((section, device.type))
        if port and not device.port:
            found.append(f"{where} port: required for type {device.type!r}: {port}")
    return found


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        settings = load_settings(path)
    except SettingsError as e:
        print(e.detail)
        print(f"{path}: {len(e.detail.splitlines())} problem(s); nothing was started")
        return 1
    problems = device_problems(settings, str(path))
    if problems:
        print("\n".join(problems))
        print(f"{path}: {len(problems)} problem(s); nothing was started")
        return 1
    t = settings.terminal
    print(f"{path}: ok — {t.role.value} {t.id} of {t.hall_name} ({t.region_code})")
    print(f"  platform {settings.platform.url}, data in {settings.storage.data_dir}")
    for section, device in sorted(settings.devices.items()):
        print(f"  {section}: {device.type}" + (f" at {device.port}" if device.port else ""))
    return 0
