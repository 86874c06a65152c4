"""`hall-devices ports`: each serial port with the VID:PID a technician writes as
``hwgrep://VID:PID`` in the settings."""

from __future__ import annotations

import argparse
import json

import pytest
from serial.tools import list_ports, list_ports_common

from devices.__main__ import _ports


def _port(device: str, vid: int | None = None, pid: int | None = None) -> object:
    info = list_ports_common.ListPortInfo(device, skip_link_detection=True)
    info.vid, info.pid = vid, pid
    info.description = "USB-Serial Controller" if vid else "n/a"
    info.serial_number = "A10K7" if vid else None
    return info


def test_ports_are_listed_with_their_usb_ids_as_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ports = [_port("/dev/ttyUSB0", 0x067B, 0x2303), _port("/dev/ttyS0")]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    assert _ports(argparse.Namespace(json=True)) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"device": "/dev/ttyS0", "vid_pid": "", "description": "n/a", "serial_number": ""},
        {
            "device": "/dev/ttyUSB0",
            "vid_pid": "067B:2303",
            "description": "USB-Serial Controller",
            "serial_number": "A10K7",
        },
    ]
    assert _ports(argparse.Namespace(json=False)) == 0
    said = capsys.readouterr().out
    assert 'port = "hwgrep://067B:2303"' in said


def test_no_ports_is_said_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(list_ports, "comports", list)
    assert _ports(argparse.Namespace(json=False)) == 0
    assert "未发现串口设备" in capsys.readouterr().out
