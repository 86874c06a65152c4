"""Typing by touch on a screen without a keyboard: the area below a window's pages where the
keys come — our keypad for ID card and phone numbers, the virtual keyboard (Pinyin, English)
for text — and the field being typed in kept in view above them.

A finger on a field brings its keys (a field that took the focus by itself waits for the tap:
keys would hide what the page shows before anyone asked for them); once shown they follow the
focus from field to field and go when it leaves the fields. Each scroll area the focused field
is in scrolls it into view, with room for a message line under it, whenever its room changes.
"""

from __future__ import annotations

import logging

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.widgets import touch_keyboard
from common_qt.widgets.keypad import Keypad, keypad_kind
from common_qt.widgets.touch_keyboard import TouchKeyboard

log = logging.getLogger(__name__)

#: The share of the window's height the keyboard may take (the page keeps the rest).
KEYBOARD_SHARE = 0.42


def types_text(widget: QtWidgets.QWidget) -> bool:
    """A field a person types text into (the virtual keyboard's business)."""
    if isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit | QtWidgets.QTextEdit):
        return not widget.isReadOnly()
    return False


class TouchInput(QtWidgets.QWidget):
    """The keys of ``pages`` (the widget the fields live in), hidden until a field wants
    them. ``virtual_keyboard``: the text keyboard too, when the application was prepared for
    it (``touch_keyboard.prepare``); without it the keypads still work."""

    #: the keys came (True) or went: a page may give the field and what it found more room
    shown = Signal(bool)

    def __init__(
        self,
        pages: QtWidgets.QWidget,
        *,
        virtual_keyboard: bool = True,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inputArea")
        # a QWidget subclass paints the theme's #inputArea background only when asked to
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.pages = pages
        #: the settings ask for the text keyboard (a kiosk without one types on keypads only)
        self.keyboard_wanted = virtual_keyboard
        self.keypad = Keypad()
        self.keypad.done.connect(self.typing_done)
        self.keyboard: TouchKeyboard | None = None
        if virtual_keyboard and touch_keyboard.prepared():
            try:
                self.keyboard = TouchKeyboard()
            except RuntimeError as e:  # its QML modules missing: the keypads still work
                log.warning("touch keyboard unavailable: %s", e)
        # one set of keys shown at a time; the other hidden, so it claims no height (a stack
        # would be as high as its highest page and push a 1280×800 window past the screen)
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.keys: QtWidgets.QWidget = self.keypad
        for keys in (self.keypad, self.keyboard):
            if keys is not None:
                box.addWidget(keys)
                keys.hide()
        self.hide()
        app = QtWidgets.QApplication.instance()
        assert isinstance(app, QtWidgets.QApplication)
        app.focusChanged.connect(self._focus_changed)
        app.installEventFilter(self)  # taps on fields bring their keys (see offer)
        QtGui.QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard_hidden)

    # -- the window's calls --------------------------------------------------------------

    def offer(self, field: QtWidgets.QWidget) -> None:
        """A finger on ``field``: its keys come (the scripted walk calls it too)."""
        if self.window().isAncestorOf(field) and field.isVisible():
            self._offer(field, shown_only=False)

    def fit(self, window_height: int) -> None:
        """The window was resized: the keyboard's height follows, the field stays in view."""
        if self.keyboard is not None:
            self.keyboard.set_height_limit(int(window_height * KEYBOARD_SHARE))
        if self.isVisible():
            QtCore.QTimer.singleShot(30, self.keep_focus_in_view)  # after the new layout

    def set_text_size(self, px: int) -> None:
        """The keyboard's candidates at ``px`` (large text); the field back into view."""
        if self.keyboard is not None:
            self.keyboard.set_text_size(px)
        if self.isVisible():
            QtCore.QTimer.singleShot(30, self.keep_focus_in_view)  # after the new layout

    def set_language(self, chinese: bool) -> None:
        if self.keyboard is not None:
            self.keyboard.set_language("zh_CN" if chinese else "en_US")

    def retranslate(self) -> None:
        self.keypad.retranslate()
        if self.keyboard is not None:
            self.keyboard.retranslate()

    def reset(self) -> None:
        """The person left: the keys go, nothing half-typed stays, the keyboard is back in
        简体中文."""
        self.hide()
        self.keypad.bind(None)
        if self.keyboard is not None:
            self.keyboard.reset()

    def typing_done(self) -> None:
        self.hide()
        self.keypad.bind(None)
        self.pages.setFocus()

    def keep_focus_in_view(self) -> None:
        """The focused field (above the keys, above a message that took room) in view: each
        scroll area it is in — a form's own, then the page's — scrolls to it."""
        widget = QtWidgets.QApplication.focusWidget()
        if widget is None or not widget.isVisible() or not self.pages.isAncestorOf(widget):
            return
        # room for a line under it too: a field's message ("请填写联系电话。")
        margin = max(48, 2 * widget.fontMetrics().height())
        parent = widget.parentWidget()
        while parent is not None and parent is not self.pages:
            content = parent.widget() if isinstance(parent, QtWidgets.QScrollArea) else None
            if isinstance(parent, QtWidgets.QScrollArea) and content is not None:
                # the whole field (ensureWidgetVisible stops once a line edit's text cursor
                # shows: a field cut in half by the page's edge passed for in view)
                centre = widget.mapTo(content, widget.rect().center())
                parent.ensureVisible(centre.x(), centre.y(), 0, widget.height() // 2 + margin)
            parent = parent.parentWidget()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.shown.emit(True)

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self.shown.emit(False)

    # -- following the focus and the fingers ------------------------------------------------

    def _focus_changed(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        """The keys follow the focus from field to field once shown, and go when it leaves
        the fields (a page changes, a button is tapped)."""
        if new is None or not self.window().isAncestorOf(new) or self.isAncestorOf(new):
            return
        if not new.isVisible() or not self._offer(new, shown_only=True):
            self.hide()

    def _offer(self, field: QtWidgets.QWidget, *, shown_only: bool) -> bool:
        """Shows the keys ``field`` is typed with; returns False when it takes none.
        ``shown_only``: switch the keys only if some are on screen already."""
        if keypad_kind(field) is not None and isinstance(field, QtWidgets.QLineEdit):
            keys: QtWidgets.QWidget = self.keypad
            self.keypad.bind(field)
        elif self.keyboard is not None and types_text(field):
            keys = self.keyboard
        else:
            return False
        if shown_only and not self.isVisible():
            return True
        for other in (self.keypad, self.keyboard):
            if other is not None and other is not keys:
                other.hide()
        keys.show()
        self.keys = keys
        self.show()
        if keys is self.keyboard:
            QtGui.QGuiApplication.inputMethod().show()  # its own hide key hides it again
        QtCore.QTimer.singleShot(0, self.keep_focus_in_view)
        return True

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.MouseButtonRelease and isinstance(
            watched, QtWidgets.QWidget
        ):
            owner = watched.parentWidget()  # a text box's viewport gets the finger, not the box
            field = owner if isinstance(owner, QtWidgets.QAbstractScrollArea) else watched
            if field is not None and (keypad_kind(field) is not None or types_text(field)):
                self.offer(field)
        moved = event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Move)
        if moved and self.isVisible() and isinstance(watched, QtWidgets.QWidget):
            parent = watched.parentWidget()
            inside = parent is not None and parent.objectName() == "qt_scrollarea_viewport"
            if watched is QtWidgets.QApplication.focusWidget() or (
                inside and event.type() == QtCore.QEvent.Type.Resize
            ):
                # the field, or the page it is on, grew or moved (large text: the page laid
                # out again inside a viewport whose size did not change; the field's place
                # in it moved with what is above) — back into view above the keys
                QtCore.QTimer.singleShot(0, self.keep_focus_in_view)
        if (
            event.type() == QtCore.QEvent.Type.Resize
            and isinstance(watched, QtWidgets.QWidget)
            and watched.objectName() == "qt_scrollarea_viewport"
            and self.pages.isAncestorOf(watched)
        ):
            # the page's room changed (the keys came, a message below it, a footer that
            # wrapped, a mode change): the field being typed in, the button just pressed, goes
            # back into view once the layout is done
            QtCore.QTimer.singleShot(0, self.keep_focus_in_view)
        return super().eventFilter(watched, event)

    def _keyboard_hidden(self) -> None:
        """The keyboard's own hide key (bottom row) puts it away."""
        if (
            self.keyboard is not None
            and self.keys is self.keyboard
            and not QtGui.QGuiApplication.inputMethod().isVisible()
        ):
            self.hide()
