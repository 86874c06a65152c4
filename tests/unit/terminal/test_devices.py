"""A terminal's devices are built once from its settings, each with its owner thread, and
every owner has the one shape the apps start, pause and stop (core.ports.DeviceOwner)."""

from __future__ import annotations

import queue
import threading
from datetime import date
from pathlib import Path

import pytest

from core.errors import SettingsError
from core.ports import DeviceState, PadInvitation, PadOutcome, PadResult
from core.settings import DeviceSettings
from devices.camera.owner import CameraOwner
from devices.idcard.watcher import CardWatcher
from devices.pad.session import PadSession
from devices.printer.printer import ReceiptPrinter
from terminal.devices import TerminalDevices
from tests.helpers.pads import AnsweringPad

TODAY = date(2026, 12, 5)


def _settings(tmp_path: Path) -> dict[str, DeviceSettings]:
    return {
        "idcard": DeviceSettings("sam-serial", "loop://", {}),
        "camera": DeviceSettings("synthetic", "", {"width": "640", "height": "480"}),
        "pad": DeviceSettings("tablet", "127.0.0.1:0", {}),
        "printer": DeviceSettings("file", str(tmp_path / "receipt.escpos"), {}),
    }


def test_each_configured_device_gets_its_owner_and_nothing_is_opened(tmp_path: Path) -> None:
    devices = TerminalDevices.from_settings(_settings(tmp_path), today=lambda: TODAY)
    assert isinstance(devices.card, CardWatcher)
    assert isinstance(devices.camera, CameraOwner)
    assert isinstance(devices.pad, PadSession)
    assert isinstance(devices.printer, ReceiptPrinter)
    assert devices.owners() == [devices.card, devices.camera, devices.pad]
    # built, not started: each owner opens its device on its own thread when started
    assert devices.health() == {
        "idcard": "closed",
        "camera": "closed",
        "review_pad": "closed",
        "printer": devices.printer.state.value,
    }
    assert not devices.card.running
    assert devices.card.today is not None
    assert devices.card.today() == TODAY


def test_a_terminal_takes_only_the_kinds_it_uses_and_an_app_built_pad(tmp_path: Path) -> None:
    kiosk = TerminalDevices.from_settings(
        _settings(tmp_path), today=lambda: TODAY, kinds=("idcard", "camera", "printer")
    )
    assert kiosk.pad is None
    assert kiosk.card is not None
    screen = AnsweringPad(PadResult(PadOutcome.TIMEOUT))
    counter = TerminalDevices.from_settings(
        {"pad": DeviceSettings("screen", "", {})}, today=lambda: TODAY, qt_pad=screen
    )
    assert counter.pad is not None
    assert counter.pad.pad is screen
    assert counter.card is None
    assert counter.camera is None
    assert counter.printer is None
    assert TerminalDevices.from_settings({}, today=lambda: TODAY).owners() == []


def test_a_device_named_wrongly_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="camera"):
        TerminalDevices.from_settings(
            {"camera": DeviceSettings("webcam", "", {})}, today=lambda: TODAY
        )


def test_the_pads_owner_uses_it_on_one_thread_and_reports_its_state(tmp_path: Path) -> None:
    """The pad's state on screen follows its owner's reports (a 1 s timer read it from the
    GUI thread before)."""
    pad = AnsweringPad(PadResult(PadOutcome.RATED))
    states: queue.Queue[DeviceState] = queue.Queue()
    results: queue.Queue[PadResult] = queue.Queue()
    owner = PadSession(pad, on_state=states.put, on_result=results.put, probe_seconds=0.05)
    owner.start()
    assert states.get(timeout=5) is DeviceState.READY  # opened on its thread
    assert owner.invite(PadInvitation("王芳", "A0123", "3号窗口"))
    assert results.get(timeout=5).outcome is PadOutcome.RATED
    owner.stop(3)
    assert states.get(timeout=5) is DeviceState.CLOSED
    assert not owner.invite(PadInvitation("王芳", "A0123", "3号窗口"))  # stopped: no more
    assert len({thread for _, thread in pad.calls}) == 1
    assert threading.get_ident() not in {thread for _, thread in pad.calls}
