"""A signature on the touch screen (代办委托): strokes drawn with a finger, a stylus or a mouse,
kept as a vector (each stroke a list of points, in the pad's own coordinates) and rendered as a
PNG — both are stored with the application, sealed like a scan."""

from __future__ import annotations

import itertools
import json

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal

Stroke = list[tuple[int, int]]
MIN_POINTS = 12  # fewer points in all: a tap, not a signature


class SignaturePad(QtWidgets.QWidget):
    changed = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 180)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAccessibleName(self.tr("签名板"))
        self.setAccessibleDescription(self.tr("请委托人在此处手写签名"))
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self._strokes: list[Stroke] = []

    # -- what was signed ------------------------------------------------------------------

    @property
    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    @property
    def signed(self) -> bool:
        return sum(len(s) for s in self._strokes) >= MIN_POINTS

    def vector(self) -> bytes:
        """The strokes as JSON: the pad's size and each stroke's points."""
        doc = {"width": self.width(), "height": self.height(), "strokes": self._strokes}
        return json.dumps(doc, separators=(",", ":")).encode()

    def png(self) -> bytes:
        """The signature as a black-on-white PNG of the pad's size."""
        image = QtGui.QImage(self.size(), QtGui.QImage.Format.Format_Grayscale8)
        image.fill(QtCore.Qt.GlobalColor.white)
        painter = QtGui.QPainter(image)
        self._draw(painter)
        painter.end()
        buffer = QtCore.QBuffer()
        buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs lack QIODevice+str
        return bytes(buffer.data().data())

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.changed.emit()

    # -- drawing --------------------------------------------------------------------------

    def _draw(self, painter: QtGui.QPainter) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        pen = QtGui.QPen(QtCore.Qt.GlobalColor.black, 3)
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(*stroke[0])
            for (x0, y0), (x1, y1) in itertools.pairwise(stroke):
                painter.drawLine(x0, y0, x1, y1)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtCore.Qt.GlobalColor.white)
        painter.setPen(QtGui.QPen(QtGui.QColor("#8a8f98"), 1, QtCore.Qt.PenStyle.DashLine))
        base = self.height() - 36
        painter.drawLine(24, base, self.width() - 24, base)  # the line to sign on
        if not self._strokes:
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -48),
                QtCore.Qt.AlignmentFlag.AlignCenter,
                self.tr("请委托人在此签名"),
            )
        self._draw(painter)
        painter.end()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt override
        # a touch arrives here too, synthesised by Qt as a mouse press
        p = event.position().toPoint()
        self._strokes.append([(p.x(), p.y())])
        self.update()

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt override
        if not self._strokes or not event.buttons():
            return
        p = event.position().toPoint()
        if self.rect().contains(p) and self._strokes[-1][-1] != (p.x(), p.y()):
            self._strokes[-1].append((p.x(), p.y()))
            self.update()

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.changed.emit()
