"""Cycles holding Qt objects are freed on the GUI thread, never in a worker's."""

from __future__ import annotations

import threading

from common_qt.app import wait_until
from common_qt.qt import QtCore


def test_a_cycle_holding_a_qt_object_is_freed_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A worker that allocates past the collector's threshold does not free a window's cycle:
    before, CPython collected it in the worker and Qt warned "Timers cannot be stopped from
    another thread" (and could crash)."""
    freed_on: list[int] = []

    class Page(QtCore.QObject):
        def __init__(self) -> None:
            super().__init__()
            self.timer = QtCore.QTimer(self)
            self.timer.start(60_000)
            self.me = self  # only the cycle collector frees it

        def __del__(self) -> None:
            freed_on.append(threading.get_ident())

    Page()

    def allocate() -> None:
        kept = [[] for _ in range(200_000)]  # about 280 collections' worth of containers
        del kept

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert freed_on == []  # the worker collected nothing
    # (its containers freed, the counts are back where they were; the GUI thread allocates as
    # a running app does, and its timer collects)
    allocated_here = [[] for _ in range(5_000)]
    assert wait_until(lambda: bool(freed_on), timeout=10)
    del allocated_here
    assert freed_on == [threading.get_ident()]
