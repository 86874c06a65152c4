"""The Qt Virtual Keyboard with Pinyin, embedded at the bottom of the kiosk window.

Embedded, not its own window: in desktop mode Qt shows the keyboard as a separate window that
covers 55–61 % of a 1920×1080 screen and hides the results being searched. Here an
``InputPanel`` lives in a :class:`QQuickWidget` the window lays out below its pages, so the
pages shrink and the focused field stays visible above the keys. Languages: 简体中文 (Pinyin)
and English. Qt Virtual Keyboard is GPLv3 or commercial: ``[kiosk] virtual_keyboard = false``
turns it off (our keypads for ID and phone numbers remain).

:func:`prepare` must run before the QApplication exists (it selects the input method).
"""

from __future__ import annotations

import os
from typing import Any

import assets
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets, quick_widgets

IM_MODULE = "qtvirtualkeyboard"


def prepare() -> None:
    """Selects the virtual keyboard as the input method, embedded (not desktop) mode, with
    Chinese as the default locale so Pinyin is its first language."""
    os.environ["QT_IM_MODULE"] = IM_MODULE
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    QtCore.QLocale.setDefault(
        QtCore.QLocale(QtCore.QLocale.Language.Chinese, QtCore.QLocale.Country.China)
    )


def prepared() -> bool:
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


class TouchKeyboard(QtWidgets.QWidget):
    """The keyboard panel. :meth:`type_text`, :meth:`candidates` and :meth:`choose` drive it
    through the same input engine a finger on its keys does (tests, the demo)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        QtQuickWidgets = quick_widgets()  # noqa: N806 - a module

        super().__init__(parent)
        self.setObjectName("touchKeyboard")
        self.view = QtQuickWidgets.QQuickWidget(self)
        self.view.setResizeMode(QtQuickWidgets.QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        self.view.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.view.setClearColor(QtGui.QColor("#1f262e"))
        self.view.setSource(
            QtCore.QUrl.fromLocalFile(str(assets.path("qml", "touch_keyboard.qml")))
        )
        errors = [e.toString() for e in self.view.errors()]
        if errors:
            raise RuntimeError(f"virtual keyboard did not load: {errors}")
        self.view.setAccessibleName(self.tr("屏幕键盘"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._root = self.view.rootObject()
        self._limit = 10_000
        self._root.panelHeightChanged.connect(self._fit)
        self._fit()

    def set_height_limit(self, limit: int) -> None:
        """The most of the window the keys may take (the window gives ~40 % of its height):
        a wide keyboard is also a tall one, so the keys get narrower instead."""
        self._limit = max(limit, 200)
        self._root.setProperty("maxWidth", 1280)
        self._fit()

    def _fit(self) -> None:
        height = float(self._root.property("panelHeight") or 0)
        width = float(self._root.property("panelWidth") or 0)
        if height > self._limit and width > 0:
            self._root.setProperty("maxWidth", width * self._limit / height)
            return  # the panel's new height comes back through panelHeightChanged
        if height > 0:
            self.setFixedHeight(round(height))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _call(self, name: str, *args: Any) -> Any:
        result = QtCore.QMetaObject.invokeMethod(
            self._root,
            name,
            Qt.ConnectionType.DirectConnection,
            QtCore.Q_RETURN_ARG("QVariant"),
            *(QtCore.Q_ARG("QVariant", a) for a in args),
        )
        to_variant = getattr(result, "toVariant", None)  # a QJSValue (arrays, strings)
        return to_variant() if to_variant is not None else result

    def type_text(self, text: str) -> None:
        """Presses the keys of ``text`` (lower-case letters, digits) on the keyboard."""
        for ch in text:
            key = int(Qt.Key.Key_A) + ord(ch) - ord("a") if ch.isalpha() else ord(ch.upper())
            self._call("press", key, ch)

    def candidates(self) -> list[str]:
        return [str(c) for c in (self._call("candidates") or [])]

    def choose(self, index: int) -> None:
        self._call("choose", index)

    def language(self) -> str:
        return str(self._call("language") or "")

    def reset(self) -> None:
        """Back to 简体中文 with nothing half-typed (a kiosk wipe)."""
        self._call("reset")
