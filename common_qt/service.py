"""The apps as systemd services (packaging/debian/*.service): READY=1 once the window is up,
then WATCHDOG=1 from the UI thread itself at half the unit's WatchdogSec — an event loop that
hangs stops the pings and systemd restarts the app (the queue is on disk; it comes back on its
welcome screen). Nothing happens outside systemd (no NOTIFY_SOCKET)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from common_qt.qt import QtCore


def notify(state: str) -> bool:
    """sd_notify(3) without libsystemd: ``state`` sent to $NOTIFY_SOCKET (False: none)."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # the abstract namespace
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        try:
            s.sendto(state.encode(), address)
        except OSError:
            return False
    return True


def watchdog_seconds() -> float | None:
    """The unit's WatchdogSec (None: no watchdog for this process)."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 1e6


def keep_alive(
    parent: QtCore.QObject,
    healthy: Callable[[], None] | None = None,
    healthy_after: float = 60.0,
) -> QtCore.QTimer | None:
    """READY=1 now, and the watchdog's pings from this (the UI) thread; the timer, if any.
    ``healthy`` is called once the UI thread has run ``healthy_after`` seconds (the update
    installer keeps a new version when its apps say so: sync.updates.mark_healthy)."""
    if healthy is not None:
        QtCore.QTimer.singleShot(int(healthy_after * 1000), parent, healthy)
    if not notify("READY=1"):
        return None
    seconds = watchdog_seconds()
    if not seconds:
        return None
    timer = QtCore.QTimer(parent)
    timer.setInterval(max(int(seconds * 1000 / 2), 100))
    timer.timeout.connect(lambda: notify("WATCHDOG=1"))
    timer.start()
    return timer
