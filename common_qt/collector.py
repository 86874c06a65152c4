"""Python's cyclic garbage collection, run on the GUI thread only.

CPython collects reference cycles in whichever thread allocates past the collector's
threshold: a store worker, the card watcher, a sync lane. A cycle that holds a Qt object — a
closed window and its controller's bound slots, a page and its lambdas — is then destroyed in
that thread, while Qt's objects belong to the GUI thread: Qt warns "Timers cannot be stopped
from another thread" and may crash (make test's worker crashed this way in the touch keyboard's
test, right after a kiosk test printed that warning).

The common remedy of PyQt applications (Anki, Spyder, Camelot): automatic collection is turned
off and a timer on the GUI thread runs the collector with the same thresholds, so a cycle is
only ever freed where its Qt objects live.
"""

from __future__ import annotations

import gc

from common_qt.qt import QtCore

# How often the GUI thread looks at the collector's counts (milliseconds). Between two looks
# only cycles wait; everything else is freed by reference counting as always.
INTERVAL_MS = 500


class GuiThreadCollector(QtCore.QObject):
    """Turns automatic collection off and collects from a GUI-thread timer.

    ``stop()`` collects once more (on the calling thread, the GUI thread) and turns automatic
    collection back on — what a test does when its windows are gone.
    """

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collects the generations whose counts passed their thresholds, as CPython would."""
        count0, count1, count2 = gc.get_count()
        if count0 > self._threshold[0]:
            gc.collect(0)
            if count1 > self._threshold[1]:
                gc.collect(1)
                if count2 > self._threshold[2]:
                    gc.collect(2)

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
