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

import logging
import os
from pathlib import Path
from typing import Any

import assets
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets, quick_widgets

log = logging.getLogger(__name__)

IM_MODULE = "qtvirtualkeyboard"
MAX_WIDTH = 1280  # wider keys are no easier to hit, only taller


def installed() -> bool:
    """Whether this Qt has the Virtual Keyboard: its input method plugin and its QML module
    (a build without it — ``make bundle KEYBOARD=0``, for a hall that wants no GPLv3 part —
    has neither). Answers before the application exists."""
    info = QtCore.QLibraryInfo
    plugins = [Path(info.path(info.LibraryPath.PluginsPath))]
    plugins += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    qml = Path(info.path(info.LibraryPath.QmlImportsPath)) / "QtQuick" / "VirtualKeyboard"
    plugin = any(
        f.name.startswith(("libqtvirtualkeyboardplugin", "qtvirtualkeyboardplugin"))
        for folder in plugins
        if (folder / "platforminputcontexts").is_dir()
        for f in (folder / "platforminputcontexts").iterdir()
    )
    return plugin and qml.is_dir()


def prepare() -> bool:
    """Selects the virtual keyboard as the input method, embedded (not desktop) mode, with
    Chinese as the default locale so Pinyin is its first language. False (and nothing
    selected) when this Qt has no Virtual Keyboard: the kiosk types on its keypads."""
    if not installed():
        log.warning(
            "the Qt Virtual Keyboard is not in this build: text is typed on the keypads only"
            " (or a keyboard); [kiosk] virtual_keyboard = false says so and silences this"
        )
        return False
    os.environ["QT_IM_MODULE"] = IM_MODULE
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"
    QtCore.QLocale.setDefault(
        QtCore.QLocale(QtCore.QLocale.Language.Chinese, QtCore.QLocale.Country.China)
    )
    return True


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
        self.view.setMaximumWidth(MAX_WIDTH)
        layout = QtWidgets.QHBoxLayout(self)  # the keys centred, the frame the window's width
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._root = self.view.rootObject()
        self.retranslate()
        self._frames = 0
        scene = self.view.quickWindow()
        if scene is not None:  # what is drawn, not only what the model holds (tests, probes)
            scene.afterRendering.connect(self._frame_drawn, Qt.ConnectionType.DirectConnection)
        self._limit = 10_000
        self._root.panelHeightChanged.connect(self._fit)
        self._root.panelWidthChanged.connect(self._fit)
        self._fit()

    def set_height_limit(self, limit: int) -> None:
        """The most of the window the keys may take (the window gives ~40 % of its height):
        a wide keyboard is also a tall one, so the keys get narrower instead."""
        self._limit = max(limit, 200)
        self.view.setMaximumWidth(MAX_WIDTH)
        self._fit()

    def _fit(self) -> None:
        height = float(self._root.property("panelHeight") or 0)
        width = float(self._root.property("panelWidth") or 0)
        if height <= 0 or width <= 0:
            return  # not laid out yet: its size comes back through the change signals
        if height > self._limit + 1:
            self.view.setMaximumWidth(int(width * self._limit / height))
            self.setFixedHeight(self._limit)  # room to lay the narrower panel out in
            QtCore.QTimer.singleShot(0, self._sync_root)
            return  # the panel's new size comes back through the change signals
        self.setFixedHeight(round(height))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        QtCore.QTimer.singleShot(0, self._sync_root)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # fitted again from the full width: narrowed for a window that has grown since (a
        # resize while hidden), the keys stayed small
        QtCore.QTimer.singleShot(0, lambda: self.set_height_limit(self._limit))
        QtCore.QTimer.singleShot(0, self._wake_renderer)

    def _wake_renderer(self) -> None:
        """Gets the view drawing again after it was hidden (issue 30 item 1).

        A QQuickWidget whose scene changed while it was hidden (the language, the text size,
        a wipe's reset) draws one frame when shown and then no more: its pending-update flag
        is left set, so every later change — the Pinyin candidates, a key pressed, the &123
        layout — stays in the scene and never reaches the screen (at 1920×1080 a citizen saw
        an empty candidate bar; at 1280×800 the keyboard's own narrowing resized the view and
        hid the fault). A resize clears the flag: the view is resized by a pixel and back."""
        size = self.view.size()
        if not self.view.isVisible() or size.isEmpty():
            return
        self.view.resize(size.width(), size.height() + 1)
        self.view.resize(size)

    def _frame_drawn(self) -> None:
        self._frames += 1

    def frames_drawn(self) -> int:
        """How many frames the keyboard's scene has drawn (counted from the first show)."""
        return self._frames

    def _sync_root(self) -> None:
        """The QML root and the view's scene window as large as the view (the view's own
        resize mode missed a narrowed view while it was hidden), then the panel's height
        fitted again.

        The scene window matters: resized while hidden, the QQuickWidget kept its window at
        height 0 — at 1920×1080 the keys were drawn from an older frame and the Pinyin
        candidates never were (an empty bar, issue 30 item 1); with the software renderer
        nothing was drawn at all."""
        size = self.view.size()
        if size.width() > 0 and size.height() > 0:
            scene = self.view.quickWindow()
            if scene is not None and scene.size() != size:
                scene.resize(size)
                self.view.update()
            self._root.setWidth(size.width())
            self._root.setHeight(size.height())
        self._fit()

    def scene_size(self) -> QtCore.QSize:
        """The size the keyboard's scene is laid out and drawn at (the view's, once synced)."""
        scene = self.view.quickWindow()
        return scene.size() if scene is not None else QtCore.QSize()

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

    def set_text_size(self, pixels: int) -> None:
        """The Pinyin candidates' text size (the kiosk's body text size: larger in 大字模式)."""
        self._root.setProperty("candidatePixelSize", pixels)

    def candidate_bar(self) -> dict[str, Any]:
        """How the candidate bar is drawn: our delegate, its height and text size."""
        return dict(self._call("candidateBar") or {})

    def candidate_places(self) -> list[tuple[str, float, float]]:
        """Where the candidates on the bar are drawn, left to right: (text, x, width) — what
        a finger finds, not what the model holds."""
        places = self._call("candidatePlaces") or []
        return [(str(p["text"]), float(p["x"]), float(p["width"])) for p in places]

    def keys(self) -> list[dict[str, Any]]:
        """The keys shown: text, displayText, key code, enabled, place and size."""
        return list(self._call("keys") or [])

    def disabled_labels(self) -> list[str]:
        """The labels drawn over disabled keys now (Pinyin's ' before any letter)."""
        return [str(t) for t in (self._call("disabledLabels") or [])]

    def retranslate(self) -> None:
        self.view.setAccessibleName(self.tr("屏幕键盘"))
        # the keys that show a sign, not a letter, named for a screen reader
        names = {
            "backspace": self.tr("删除"),
            "enter": self.tr("换行"),
            "space": self.tr("空格"),
            "hide": self.tr("收起键盘"),
            "language": self.tr("切换中文或英文"),
            "shift": self.tr("大写"),
            "symbols": self.tr("数字和符号"),
            "letters": self.tr("字母"),
        }
        self._root.setProperty("keyNames", names)

    def language(self) -> str:
        return str(self._call("language") or "")

    def set_language(self, locale: str) -> None:
        """Switches the keys to ``locale`` ("zh_CN" Pinyin or "en_US"), as its globe key does."""
        self._call("setLanguage", locale)

    def reset(self) -> None:
        """Back to 简体中文 with nothing half-typed (a kiosk wipe)."""
        self._call("reset")
