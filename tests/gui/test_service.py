"""The apps under systemd (packaging/debian/*.service, Type=notify with WatchdogSec): READY=1
once running, then WATCHDOG=1 from the UI thread — pings that stop while the event loop is
stuck, so systemd restarts a hung kiosk. A real notify socket, the real event loop."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any

import pytest

from common_qt import service


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    path = tmp_path / "notify"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(str(path))
    s.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # WatchdogSec=0.2: a ping every 0.1 s
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield s
    s.close()


def _received(s: socket.socket) -> list[tuple[float, str]]:
    got = []
    while True:
        try:
            got.append((time.monotonic(), s.recv(256).decode()))
        except BlockingIOError:
            return got


def test_ready_then_pings_from_the_ui_thread_that_stop_while_it_hangs(
    qapp: Any, qtbot: Any, notify_socket: socket.socket
) -> None:
    timer = service.keep_alive(qapp)
    assert timer is not None
    qtbot.wait(450)
    first = _received(notify_socket)
    assert first[0][1] == "READY=1"
    assert sum(1 for _, m in first if m == "WATCHDOG=1") >= 3
    time.sleep(0.6)  # the UI thread stuck: no ping while it is
    assert _received(notify_socket) == []
    qtbot.wait(250)
    assert any(m == "WATCHDOG=1" for _, m in _received(notify_socket))  # back when it is
    timer.stop()


def test_nothing_is_sent_outside_systemd(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert service.keep_alive(qapp) is None
    assert service.notify("READY=1") is False
