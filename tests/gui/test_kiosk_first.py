"""The kiosk's first screen (issue 31): its welcome screen on screen before the rest of the
kiosk is loaded, from light modules, looking as the kiosk's window does; what a citizen
touched on it is where the kiosk's window starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from common_qt import i18n
from common_qt.qt import QtCore, QtGui, QtWidgets
from core.flows.kiosk import KioskMode, KioskStep
from kiosk.first import FirstScreen
from tests.helpers.kiosk import HALL, kiosk_window

ROOT = Path(__file__).resolve().parents[2]
#: what the first screen must not wait for: the journey's rules, the kiosk's 23 pages and its
#: controller, the terminal, the store, the devices, the touch keyboard's QML, the voice
HEAVY = (
    "core.flows.kiosk",
    "core.application",
    "kiosk.controller",
    "kiosk.window",
    "terminal.terminal",
    "sync.store",
    "devices.factory",
    "PySide6.QtQuickWidgets",
    "PySide6.QtTextToSpeech",
)


def test_the_first_screen_is_made_of_light_modules() -> None:
    code = (
        "import sys; from kiosk.first import FirstScreen; import kiosk.app;"
        f" print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def _positions(window: QtWidgets.QWidget, page: QtWidgets.QWidget) -> list[tuple[int, int]]:
    """Where the welcome page's title and choices lie in ``window``."""
    widgets = [page.title, *page.choice_buttons.values()]  # type: ignore[attr-defined]
    return [
        (w.mapTo(window, QtCore.QPoint(0, 0)).y(), w.height()) for w in widgets if w.isVisible()
    ]


def _first(qtbot) -> FirstScreen:  # type: ignore[no-untyped-def]
    first = FirstScreen(HALL)
    qtbot.addWidget(first)
    first.resize(1280, 800)
    first.show()
    qtbot.waitExposed(first)
    return first


def test_the_kiosk_takes_the_first_screens_place_looking_the_same(
    qtbot, demo_catalogue: Path
) -> None:  # type: ignore[no-untyped-def]
    first = _first(qtbot)
    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.step is KioskStep.WELCOME, timeout=5000)
    # the header and the choices where they were: the screen does not jump when it changes
    assert first.header.height() == window.header.height()
    assert _positions(first, first.welcome_page) == _positions(window, window.welcome_page)
    assert first.header.clock_label.text() == window.clock_label.text()
    first.hand_over(window)
    assert window.isVisible()
    assert not first.isVisible()
    assert window.controller.step is KioskStep.WELCOME


def test_a_choice_and_a_language_touched_on_the_first_screen_are_where_the_kiosk_starts(
    qtbot, demo_catalogue: Path
) -> None:  # type: ignore[no-untyped-def]
    first = _first(qtbot)
    try:
        first.welcome_page.language_button.click()  # English, before the kiosk is there
        assert first.welcome_page.title.text().startswith("Welcome") or i18n.current() == "en"
        first.welcome_page.choice_buttons[KioskMode.GUIDE].click()
        assert not first.welcome_page.isEnabled()  # one choice: the kiosk takes it
        window = kiosk_window(demo_catalogue, mode=None)
        qtbot.addWidget(window)
        first.hand_over(window)
        qtbot.waitUntil(lambda: window.controller.step is KioskStep.SEARCH, timeout=5000)
        assert i18n.current() == i18n.ENGLISH
        assert window.large_button.text() == "Large text"
    finally:
        i18n.set_language(i18n.CHINESE)


def test_a_tap_made_while_the_kiosk_loads_is_taken(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """The kiosk loads on the screen's thread: a tap then waits in the queue, and reached the
    first screen after it had closed (lost). The hand-over takes it first."""
    first = _first(qtbot)
    button = first.welcome_page.choice_buttons[KioskMode.GUIDE]
    centre = QtCore.QPointF(button.rect().center())
    for kind in (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.MouseButtonRelease):
        QtCore.QCoreApplication.postEvent(  # queued, as the window system's events are
            button,
            QtGui.QMouseEvent(
                kind,
                centre,
                button.mapToGlobal(centre),
                QtCore.Qt.MouseButton.LeftButton,
                QtCore.Qt.MouseButton.LeftButton,
                QtCore.Qt.KeyboardModifier.NoModifier,
            ),
        )
    window = kiosk_window(demo_catalogue, mode=None)  # loading: the tap not yet delivered
    qtbot.addWidget(window)
    assert first.chosen is None
    first.hand_over(window)
    qtbot.waitUntil(lambda: window.controller.step is KioskStep.SEARCH, timeout=5000)
