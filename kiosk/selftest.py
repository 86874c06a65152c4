"""`hall-kiosk --self-test DIR`: the technician's check of an installed kiosk, without a
citizen — what an installation (or a new bundle) must get right before the kiosk is left alone:

- the catalogue is there and answers a search (``sfz`` finds 居民身份证申领 in a region that
  has it);
- the touch keyboard's Qt Quick modules load (the Pinyin input needs them) — unless the
  build leaves the keyboard out (``make bundle KEYBOARD=0``);
- the English translation loads (a citizen's language switch);
- the screen's font is the one the kiosk lays out with (``common_qt.theme``);
- each configured device opens (reader, document camera, printer).

The start screen is saved in Chinese and in English to DIR. Exit status 0 when every check
passed, 1 otherwise; each check is one line on stdout.
"""

from __future__ import annotations

from pathlib import Path

from common_qt import i18n, theme
from common_qt.app import save_screenshot, wait_until
from common_qt.qt import QtGui
from common_qt.selftest import Checks
from common_qt.widgets import touch_keyboard
from core.flows.kiosk import KioskMode
from kiosk.window import KioskWindow

QUERY = "sfz"


def self_test(window: KioskWindow, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    c = window.controller
    checks = Checks()
    check = checks.check
    keyboard_wanted = window.touch.keyboard_wanted  # a kiosk without one passes without it
    window.resize(1280, 800)
    window.show()
    window.start()
    try:
        ready = wait_until(lambda: not c.catalogue_worker.busy, 60)
        said = "ready" if c.catalogue_ready else "missing or not synced (hall-sync catalogue)"
        check(ready and c.catalogue_ready, f"catalogue: {said}")
        if c.catalogue_ready:
            c.choose(KioskMode.GUIDE)
            page = window.search_page
            page.query.setText(QUERY)
            found = wait_until(lambda: page.shown_query == QUERY and page.hits.rowCount() > 0, 20)
            names = [hit.name for hit in page.hits.rows[:3]] if found else []
            check(found, f"search {QUERY}: " + (" / ".join(names) or "nothing found"))
            c.cancel()
        # a build without the Virtual Keyboard (make bundle KEYBOARD=0: no GPLv3 part) passes
        # without it, as a kiosk configured without one does
        in_build = touch_keyboard.installed()
        check(
            window.touch.keyboard is not None or not keyboard_wanted or not in_build,
            "touch keyboard: "
            + (
                "loaded"
                if window.touch.keyboard is not None
                else "not configured"
                if not keyboard_wanted
                else "not in this build (the keypads only)"
                if not in_build
                else "its Qt Quick modules did not load"
            ),
        )
        family = QtGui.QFontInfo(window.font()).family()
        check(family in theme.FONT_FAMILIES, f"font: {family}")
        # the reader and the camera as on the technician's page: awake, each opened by its owner
        c.technician_devices(True)
        checks.devices(c.services.devices.health)
        c.technician_devices(False)
        save_screenshot(window, out / "self-test-start.png")
        window.set_language(i18n.ENGLISH)
        # what is drawn: the welcome screen's first choice in English
        apply = window.welcome_page.choice_buttons[KioskMode.APPLY].text()
        english = i18n.current() == i18n.ENGLISH and "我要办事" not in apply
        if english:
            save_screenshot(window, out / "self-test-start-en.png")
        check(english, "English: " + ("loaded" if english else "its translation did not load"))
        window.set_language(i18n.CHINESE)
    finally:
        window.close()
    return checks.finish(out)
