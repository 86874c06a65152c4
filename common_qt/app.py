"""What both apps do at start: a QApplication with the product's name, and helpers to drive
it from a script (the offscreen demo and screenshots)."""

from __future__ import annotations

import faulthandler
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common_qt import theme
from common_qt.collector import GuiThreadCollector
from common_qt.qt import QtCore, QtWidgets
from core.errors import HallError


def make_application(name: str, argv: list[str] | None = None) -> QtWidgets.QApplication:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        # No screen (CI, a headless demo): render offscreen instead of aborting.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QtWidgets.QApplication.instance()
    if isinstance(existing, QtWidgets.QApplication):
        return existing
    if not faulthandler.is_enabled():
        # A crash in Qt's C++ (a segfault, an abort) leaves the Python stacks of every thread
        # on stderr — the journal of a kiosk session — instead of nothing.
        faulthandler.enable()
    app = QtWidgets.QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName(name)
    app.setOrganizationName("Hall Terminal")
    theme.use_product_font(app)
    # Cycles holding Qt objects are freed on the GUI thread, never in a worker's.
    GuiThreadCollector(app)
    return app


def refuse_start(error: HallError) -> int:
    """An app that may not start says why — on stderr (the journal) and, on a screen, in a
    dialog the person who started it sees — and returns the exit status 2."""
    print(f"{error.user_message}\n{error.detail}", file=sys.stderr)
    if QtWidgets.QApplication.platformName() not in ("offscreen", "minimal"):
        QtWidgets.QMessageBox.warning(
            None, QtWidgets.QApplication.applicationName(), error.user_message
        )
    return 2


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Processes events until ``predicate()`` holds or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QtWidgets.QApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def save_screenshot(widget: QtWidgets.QWidget, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    QtWidgets.QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def settle(widget: QtWidgets.QWidget, seconds: float = 0.05) -> None:
    """Lets layouts and style changes take effect (after a resize or a new style sheet)."""
    widget.ensurePolished()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QtWidgets.QApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)
