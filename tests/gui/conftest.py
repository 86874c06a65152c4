from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.window import KioskWindow


@pytest.fixture
def kiosk(qtbot, demo_catalogue: Path) -> Iterator[KioskWindow]:  # type: ignore[no-untyped-def]
    window = KioskWindow(
        hall_name="示范市青山区光明街道便民服务中心",
        catalogue=demo_catalogue,
        region_code="369901001000",
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.worker.stop()
