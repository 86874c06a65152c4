"""Idle detection for kiosks: no time pressure without warning, then a full wipe.

:class:`IdleGuard` watches every input event of the application (touch, mouse, keys). After
``warning_seconds`` without input it emits ``warning(seconds_left)`` once a second; any input
cancels the warning (``resumed``); after ``timeout_seconds`` it emits ``expired`` — the kiosk
then clears everything the citizen entered and returns to the start.

With ``assistive=True`` (the kiosk) what assistive technology does counts too, though it makes
no input event: a switch device or a screen reader driving the kiosk through AT-SPI presses
buttons (Qt's accessible "Press" action: ``animateClick``), moves the focus and inserts text —
its user was warned and wiped mid-form after the time-out while acting all along, and the
technician's PIN pad closed under them. A button pressed, the focus moved and a text field's
text changed are taken for input.
"""

from __future__ import annotations

import time

from common_qt.qt import QtCore, QtWidgets, Signal

_INPUT = {
    QtCore.QEvent.Type.MouseButtonPress,
    QtCore.QEvent.Type.MouseMove,
    QtCore.QEvent.Type.KeyPress,
    QtCore.QEvent.Type.TouchBegin,
    QtCore.QEvent.Type.TouchUpdate,
    QtCore.QEvent.Type.Wheel,
    QtCore.QEvent.Type.InputMethod,
}


class IdleGuard(QtCore.QObject):
    warning = Signal(int)  # seconds left before the wipe
    resumed = Signal()
    expired = Signal()

    def __init__(
        self,
        app: QtCore.QCoreApplication,
        *,
        timeout_seconds: float,
        warning_seconds: float,
        assistive: bool = False,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 < warning_seconds < timeout_seconds:
            raise ValueError("need 0 < warning_seconds < timeout_seconds")
        self.timeout = timeout_seconds
        self.warn_after = timeout_seconds - warning_seconds
        self._last = time.monotonic()
        self._warning = False
        self._armed = False  # armed by the first input: an untouched start page never warns
        self._session = True  # there is something to wipe (see set_session)
        self._tick = QtCore.QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._check)
        self._assistive = assistive
        app.installEventFilter(self)
        if assistive and isinstance(app, QtWidgets.QApplication):
            app.focusChanged.connect(self._focus_moved)
            for widget in app.allWidgets():  # those polished before this guard existed
                self._watch(widget)
        self._tick.start()

    def _focus_moved(self, _old: object, new: object) -> None:
        if new is not None:
            self.poke()

    def _watch(self, widget: QtCore.QObject) -> None:
        """A widget's own signals of use, for what comes without input events."""
        mark = f"idleWatched{id(self)}"
        if widget.property(mark):
            return
        widget.setProperty(mark, True)
        if isinstance(widget, QtWidgets.QAbstractButton):
            widget.pressed.connect(self.poke)
        elif isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit):
            widget.textChanged.connect(self.poke)

    def poke(self) -> None:
        """Counts as input (e.g. a card placed on the reader)."""
        self._last = time.monotonic()
        self._armed = self._session
        if self._warning:
            self._warning = False
            self.resumed.emit()

    def set_session(self, active: bool) -> None:
        """Whether there is a session to wipe. On the untouched start page there is none: a
        passer-by's touch or a cursor moving arms nothing (您还在办理吗？ came up over the empty
        start page). A session that begins is timed from then."""
        if active == self._session:
            return
        self._session = active
        if active:
            self._last = time.monotonic()
            self._armed = True
        else:
            self._armed = False
            if self._warning:
                self._warning = False
                self.resumed.emit()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT:
            self.poke()
        elif self._assistive and event.type() == QtCore.QEvent.Type.Polish:
            self._watch(watched)  # every widget is polished once before it shows
        return False

    def _check(self) -> None:
        if not self._armed:
            return
        idle = time.monotonic() - self._last
        if idle >= self.timeout:
            self._warning = False
            self._armed = False  # once per idle period: the start page itself is not re-wiped
            self.expired.emit()
        elif idle >= self.warn_after:
            self._warning = True
            self.warning.emit(max(int(self.timeout - idle + 0.999), 1))

    @property
    def in_session(self) -> bool:
        """Someone is using the screen: a session to wipe, touched since the last wipe."""
        return self._session and self._armed

    def set_timeouts(self, timeout_seconds: float, warning_seconds: float) -> None:
        """New time-outs (pushed by the platform), from the next idle period."""
        if not 0 < warning_seconds < timeout_seconds:
            raise ValueError("need 0 < warning_seconds < timeout_seconds")
        self.timeout = timeout_seconds
        self.warn_after = timeout_seconds - warning_seconds

    def stop(self) -> None:
        self._tick.stop()
