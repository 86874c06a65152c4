"""Kiosk windows for tests: the real controller and window over the given services."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from core.clock import local_today
from core.flows.kiosk import KioskMode
from kiosk.controller import KioskController, KioskServices
from kiosk.window import KioskWindow

HALL = "示范市青山区光明街道便民服务中心"
REGION = "369901001000"


def kiosk_window(
    catalogue: Path,
    *,
    services: KioskServices | None = None,
    mode: KioskMode | None = KioskMode.GUIDE,
    **window: Any,
) -> KioskWindow:
    """A kiosk over ``catalogue`` (and the store, devices … of ``services``), shown at
    1280×800; ``mode`` is chosen on the welcome page (the guide search by default)."""
    base = services or KioskServices(catalogue, REGION)
    controller = KioskController(replace(base, catalogue=catalogue))
    w = KioskWindow(
        controller, hall_name=HALL, today=lambda: local_today(controller.services.clock), **window
    )
    w.resize(1280, 800)
    w.show()
    if mode is not None:
        controller.choose(mode)
    return w
