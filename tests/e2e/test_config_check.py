"""`hall-devices config check`: a technician's settings file judged as a whole — every problem
at once, each naming the key, the value, what is allowed and the fix; the annotated examples
in assets/settings/ pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = [sys.executable, "-m", "devices", "config", "check"]


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHECK, str(path)], capture_output=True, text=True, timeout=60)


def test_three_mistakes_are_three_precise_messages_at_once(tmp_path: Path) -> None:
    settings = tmp_path / "hall.toml"
    settings.write_text(
        "[terminal]\n"
        'id = "KIOSK-0001"\nrole = "kiosk"\nregion_code = "369901001000"\n'
        "[platform]\n"  # the URL forgotten
        'secret_file = "terminal.secret"\nconnect_timeout = -5\n'
        "[devices.idcard]\n"
        'type = "sam-serial"\nport = 3\n',  # a number where a port's URL goes
        encoding="utf-8",
    )
    done = _check(settings)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert f"{settings}: [platform] url: required but missing" in lines
    assert any(
        "[platform] connect_timeout: -5.0: a positive number of seconds (e.g. 5)" in x
        for x in lines
    ), lines
    assert any("[devices.idcard] port: expected str, found int 3" in x for x in lines), lines
    assert lines[-1].endswith("3 problem(s); nothing was started")


def test_a_device_of_an_unknown_type_or_without_its_port_is_said(tmp_path: Path) -> None:
    settings = tmp_path / "hall.toml"
    settings.write_text(
        '[terminal]\nid = "C1"\nrole = "counter"\nregion_code = "369901001000"\n'
        '[devices.printer]\ntype = "usb"\n'
        '[devices.pad]\ntype = "bluetooth"\n',
        encoding="utf-8",
    )
    done = _check(settings)
    assert done.returncode == 1
    assert "[devices.pad] type: 'bluetooth': one of serial, tablet, keyboard, screen" in (
        done.stdout
    )
    assert "[devices.printer] port: required for type 'usb'" in done.stdout


@pytest.mark.parametrize("role", ["kiosk", "counter", "agent", "display"])
def test_every_annotated_example_passes(role: str) -> None:
    done = _check(ROOT / "assets" / "settings" / f"{role}.toml")
    assert done.returncode == 0, done.stdout
    assert f"ok — {role}" in done.stdout
