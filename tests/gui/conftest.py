from collections.abc import Iterator
from pathlib import Path

import pytest

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
