from collections.abc import Iterator
from pathlib import Path

import pytest

from common_qt.collector import GuiThreadCollector
from kiosk.window import KioskWindow
from tests.helpers.kiosk import kiosk_window


@pytest.fixture
def kiosk(qtbot, demo_catalogue: Path) -> Iterator[KioskWindow]:  # type: ignore[no-untyped-def]
    """The kiosk on its search (打印办事指南 chosen on the welcome page)."""
    window = kiosk_window(demo_catalogue)
    qtbot.addWidget(window)
    yield window
    window.controller.stop()


@pytest.fixture(autouse=True)
def chinese_again() -> Iterator[None]:
    """The application's language is process-wide: each test starts and ends in Chinese."""
    from common_qt import i18n

    i18n.set_language(i18n.CHINESE)
    yield
    i18n.set_language(i18n.CHINESE)


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As in the apps (common_qt.app.make_application): cycles are freed on the GUI thread
    while a test's windows live, and all of them when it ends (then automatic collection is
    back for tests without Qt)."""
    collector = GuiThreadCollector()
    yield
    collector.stop()
    collector.deleteLater()
