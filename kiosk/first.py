"""The kiosk's first screen: its welcome screen, on screen the moment the kiosk starts.

The whole kiosk — its 23 pages, the journey's rules, the store, the catalogue, the devices'
owners, the touch keyboard's QML engine, the voice — takes several times as long to load as a
bare Qt window. So the welcome screen comes first, made of the same widgets the kiosk shows it
with (kiosk.header, kiosk.pages.welcome, kiosk.footer, the same theme) from a handful of light
modules, and the rest loads behind it (kiosk.app); then the kiosk's window takes its place,
looking the same. A citizen who taps a choice, or the other language, before that is not
ignored: the kiosk's window starts there (:meth:`FirstScreen.hand_over`).

This module and what it imports must stay light: tests/gui/test_kiosk_first.py fails when it
pulls in the journey's rules, the terminal or the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from common_qt import i18n, theme
from common_qt.qt import QtCore, QtWidgets
from core.clock import CST
from core.flows.kiosk_steps import KioskMode
from kiosk.footer import Footer
from kiosk.header import KioskHeader
from kiosk.pages.base import page_entry
from kiosk.pages.welcome import WelcomePage


class FirstScreen(QtWidgets.QMainWindow):
    def __init__(self, hall_name: str, *, large_text: bool = False) -> None:
        super().__init__()
        self._painted: list[Callable[[], None]] = []
        theme.apply(self, "kiosk", large_text=large_text, high_contrast=large_text)
        central = QtWidgets.QWidget()
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = KioskHeader(hall_name)
        self.header.show_time(datetime.now(CST))
        self.header.show_large_text(large_text)
        self.header.retranslate()
        outer.addWidget(self.header)
        pages = QtWidgets.QStackedWidget()
        self.welcome_page = WelcomePage()  # 取号 and 预约签到 once the hall's queue is known
        pages.addWidget(page_entry(self.welcome_page)[0])
        outer.addWidget(pages, 1)
        self.footer = Footer()
        outer.addWidget(self.footer)
        self.setCentralWidget(central)
        self.setWindowTitle(hall_name)
        #: what the citizen asked for before the kiosk's window was there
        self.chosen: KioskMode | None = None
        self.language = ""
        self.welcome_page.chosen.connect(self._chosen)
        self.welcome_page.language_requested.connect(self._language)

    def after_first_paint(self, then: Callable[[], None]) -> None:
        """``then`` is called once this screen has been painted (the kiosk loads behind it)."""
        self._painted.append(then)

    def event(self, e: QtCore.QEvent) -> bool:
        handled = super().event(e)
        if self._painted and e.type() == QtCore.QEvent.Type.UpdateRequest:
            waiting, self._painted = self._painted, []
            for then in waiting:
                then()
        return handled

    def _chosen(self, mode: KioskMode) -> None:
        self.chosen = mode
        self.welcome_page.setEnabled(False)  # one choice: the kiosk's window takes it

    def _language(self, language: str) -> None:
        self.language = language
        i18n.set_language(language)
        self.welcome_page.retranslate()
        self.header.retranslate()

    def hand_over(self, window: Any) -> None:
        """The kiosk's window in this screen's place (the same size and state), starting
        where the citizen already went; this screen goes."""
        # a tap made while the kiosk loaded waits in the queue: this screen takes it first
        QtCore.QCoreApplication.processEvents()
        if self.language and self.language != window.language_default:
            window.set_language(self.language)
        window.setGeometry(self.geometry())
        if self.isFullScreen():
            window.showFullScreen()
        else:
            window.show()
        window.activateWindow()  # the keys go to it (this screen closes: it is on top)
        if self.chosen is not None:
            window.start()  # the controller now, not at the next paint: the choice is waiting
            window.controller.choose(self.chosen)
        self.close()
        self.deleteLater()
