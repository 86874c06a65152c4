"""A focus ring a clerk working from the keyboard sees: a clear frame drawn around whatever
has the keyboard's focus in a window, whatever the widget and the platform's style (the
counter's native style marks a focused combo box with a hairline: a clerk Tabbing through
the checklist could not tell which row was being worked).

The ring is a child of the window laid over the focused widget (transparent for the mouse).
It follows the widget when it or any of its parents moves or resizes (a page scrolling), and
is clipped to the scroll areas the widget is seen through.
"""

from __future__ import annotations

import contextlib

from common_qt.qt import Qt, QtCore, QtGui, QtWidgets

RING_COLOUR = "#1a73e8"
RING_WIDTH = 3

_FOLLOWED = (
    QtCore.QEvent.Type.Move,
    QtCore.QEvent.Type.Resize,
    QtCore.QEvent.Type.Show,
    QtCore.QEvent.Type.Hide,
)


class FocusRing(QtWidgets.QWidget):
    """Draws the ring around the focus widget of ``window`` (or of its descendants)."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._target: QtWidgets.QWidget | None = None
        self._watched: list[QtWidgets.QWidget] = []  # the target and its parents
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        app.focusChanged.connect(self._focus_changed)

    @property
    def target(self) -> QtWidgets.QWidget | None:
        """The widget the ring is drawn around (None: hidden)."""
        return self._target if self.isVisible() else None

    def _focus_changed(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        for widget in self._watched:
            # deleted (a page or dialog gone): nothing to stop watching
            with contextlib.suppress(RuntimeError):
                widget.removeEventFilter(self)
        self._watched = []
        self._target = None
        if new is None or new is self or not self._window.isAncestorOf(new):
            self.hide()
            return
        self._target = new
        chain: QtWidgets.QWidget | None = new
        while chain is not None and chain is not self._window:
            chain.installEventFilter(self)
            self._watched.append(chain)
            chain = chain.parentWidget()
        self._place()

    def _place(self) -> None:
        target = self._target
        if target is None or not target.isVisible():
            self.hide()
            return
        m = RING_WIDTH
        top_left = target.mapTo(self._window, QtCore.QPoint(0, 0))
        ring = QtCore.QRect(top_left, target.size()).adjusted(-m, -m, m, m)
        # seen through the scroll areas it is in: the ring no wider than what they show
        clip = QtCore.QRect(ring)
        parent = target.parentWidget()
        while parent is not None and parent is not self._window:
            if parent.objectName() == "qt_scrollarea_viewport":
                shown = QtCore.QRect(parent.mapTo(self._window, QtCore.QPoint(0, 0)), parent.size())
                clip = clip.intersected(shown.adjusted(-m, -m, m, m))
            parent = parent.parentWidget()
        if clip.isEmpty():
            self.hide()
            return
        self.setGeometry(ring)
        self.setMask(QtGui.QRegion(clip.translated(-ring.topLeft())))
        self.show()
        self.raise_()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() in _FOLLOWED and self._target is not None:
            self._place()
        return False

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(QtGui.QColor(RING_COLOUR), RING_WIDTH))
        half = RING_WIDTH / 2
        painter.drawRoundedRect(QtCore.QRectF(self.rect()).adjusted(half, half, -half, -half), 4, 4)
