"""A finger's signature on the signature pad, as the touch screen delivers it (mouse events
synthesised from touches): the villager's in the station's walk and in the tests."""

from __future__ import annotations

from common_qt.qt import Qt, QtCore, QtGui, QtWidgets


def sign(pad: QtWidgets.QWidget, wobble: int = 0) -> None:
    """Two strokes of 20 points each; ``wobble`` varies their shape (a signature per villager)."""

    def send(kind: QtCore.QEvent.Type, x: int, y: int, buttons: Qt.MouseButton) -> None:
        point = QtCore.QPointF(x, y)
        QtWidgets.QApplication.sendEvent(
            pad,
            QtGui.QMouseEvent(
                kind,
                point,
                pad.mapToGlobal(point),
                Qt.MouseButton.LeftButton,
                buttons,
                Qt.KeyboardModifier.NoModifier,
            ),
        )

    for y0 in (60, 100):
        send(QtCore.QEvent.Type.MouseButtonPress, 40, y0, Qt.MouseButton.LeftButton)
        for i in range(1, 20):
            y = y0 + ((i + wobble) % 4) * 6
            send(QtCore.QEvent.Type.MouseMove, 40 + i * 15, y, Qt.MouseButton.LeftButton)
        send(QtCore.QEvent.Type.MouseButtonRelease, 330, y0, Qt.MouseButton.NoButton)
