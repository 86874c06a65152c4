"""Settings the platform pushes reach a running kiosk (issue 28): its idle time-outs from the
next session, its starting language at once on an untouched welcome screen, else when the
screen next returns to it — a citizen at the screen keeps what they were given."""

from __future__ import annotations

from pathlib import Path

from common_qt import i18n
from core.flows.kiosk import KioskMode, KioskStep
from core.pushed import Pushed
from tests.helpers.kiosk import kiosk_window


def test_an_untouched_kiosk_takes_pushed_settings_at_once(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    try:
        assert window.idle.timeout == 90.0
        window.apply_pushed(Pushed(idle_timeout=120.0, idle_warning=30.0, language="en"))
        assert (window.idle.timeout, window.idle.warn_after) == (120.0, 90.0)
        assert i18n.current() == i18n.ENGLISH
        assert window.windowTitle().endswith("Self-service")
        assert not window.idle.in_session  # a new default is no session to wipe
    finally:
        window.controller.stop()


def test_a_citizen_at_the_screen_keeps_what_they_were_given(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    window = kiosk_window(demo_catalogue, mode=KioskMode.GUIDE)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.controller.step is KioskStep.SEARCH, timeout=5000)
        assert window.idle.in_session
        window.apply_pushed(Pushed(idle_timeout=300.0, idle_warning=60.0, language="en"))
        assert window.idle.timeout == 90.0  # not in the middle of a session
        assert i18n.current() == i18n.CHINESE  # nor a language switched under them
        window.wipe()  # they walked away
        qtbot.waitUntil(lambda: window.controller.step is KioskStep.WELCOME, timeout=5000)
        assert window.idle.timeout == 300.0
        assert i18n.current() == i18n.ENGLISH  # the next person starts in it
    finally:
        window.controller.stop()


def test_the_kiosks_background_sync_hands_the_push_to_the_window(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    """The composition root's wiring (kiosk.app.attach_sync): a drain's report carries what
    the platform pushed, and the window applies it."""
    from common_qt.devices import BackgroundLoop
    from core.delivery import DrainReport, QueueStatus, SyncResult
    from kiosk.app import attach_sync

    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    result = SyncResult(
        DrainReport(pushed=Pushed(idle_timeout=240.0, idle_warning=40.0)), QueueStatus({})
    )
    loop = BackgroundLoop("sync", lambda progress: result, 3600, window)
    try:
        attach_sync(window, loop)
        qtbot.waitUntil(lambda: window.idle.timeout == 240.0, timeout=10000)
        assert window.idle.warn_after == 200.0
    finally:
        loop.stop()
        window.controller.stop()
