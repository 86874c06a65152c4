"""A kiosk with the virtual keyboard, in a process of its own (the input method is chosen before
the QApplication exists, so it cannot share the test session's): a citizen searches by Pinyin
on the keys, then types an ID number on our keypad, then walks away. Prints what it saw as
JSON; tests/gui/test_touch_input.py judges it.

    python -m tests.helpers.touch_child CATALOGUE OUT_DIR [WIDTH HEIGHT]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from common_qt.widgets import touch_keyboard


def _wait(app: Any, seconds: float, until: Any = None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def _lit(image: Any, bar: dict[str, Any]) -> int:
    """Light pixels (the candidates' white text) in the candidate bar at the keyboard's top."""
    height = int(bar.get("height") or 0)
    return sum(
        1
        for y in range(min(height, image.height()))
        for x in range(0, image.width(), 2)
        if min(image.pixelColor(x, y).getRgb()[:3]) > 200
    )


def _rows_in_view(window: Any, page: Any) -> int:
    """Result rows seen whole above the keys (with the keys up the page gives them its room)."""
    from common_qt.qt import QtCore

    view = page.results.viewport()
    top = view.mapTo(window, QtCore.QPoint(0, 0)).y()
    bottom = min(top + view.height(), window.touch.mapTo(window, QtCore.QPoint(0, 0)).y())
    seen = 0
    for row in range(page.hits.rowCount()):
        rect = page.results.visualRect(page.hits.index(row, 0))
        y = view.mapTo(window, rect.topLeft()).y()
        if y >= top and y + rect.height() <= bottom:
            seen += 1
    return seen


def main() -> int:
    catalogue, out = Path(sys.argv[1]), Path(sys.argv[2])
    width, height = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1920, 1080)
    touch_keyboard.prepare()
    from pytestqt.qt_compat import qt_api

    from common_qt.app import make_application

    qt_api.set_qt_api("pyside6")  # what pytest-qt does at configure: QTest for real clicks
    from common_qt.qt import Qt, QtCore
    from core.flows.kiosk import KioskMode
    from tests.helpers.kiosk import kiosk_window

    app = make_application("touch-child")
    window = kiosk_window(catalogue, mode=None)
    window.resize(width, height)
    _wait(app, 0.5)
    seen: dict[str, Any] = {"keyboard": window.touch.keyboard is not None}

    # the search: the keyboard appears below the page, Pinyin typed on its keys
    window.controller.choose(KioskMode.GUIDE)
    page = window.search_page
    page.query.setFocus()  # as the page does: the keys wait for a finger on the field
    _wait(app, 0.3)
    seen["keys_before_tap"] = window.touch.isVisible()
    qt_api.QtTest.QTest.mouseClick(page.query, Qt.MouseButton.LeftButton)
    _wait(app, 0.5, lambda: window.touch.isVisible())
    keyboard = window.touch.keyboard
    assert keyboard is not None
    seen["keyboard_shown"] = window.touch.isVisible() and (window.touch.keys is keyboard)
    seen["language"] = keyboard.language()
    _wait(app, 0.3)
    seen["disabled_labels"] = keyboard.disabled_labels()
    # the keys as a screen reader finds them: named buttons it can press
    from common_qt.qt import QtGui

    access = QtGui.QAccessible
    access.setActive(True)
    _wait(app, 0.3)
    buttons: list[Any] = []

    def walk(node: Any, depth: int = 0) -> None:
        if node is None or depth > 30:
            return
        if node.role() == access.Role.Button:
            buttons.append(node)
        for i in range(node.childCount()):
            walk(node.child(i), depth + 1)

    walk(access.queryAccessibleInterface(keyboard))
    named = {b.text(access.Text.Name): b for b in buttons}
    seen["key_names"] = [b.text(access.Text.Name) for b in buttons]
    for name in ("s", "h"):
        actions = named[name].actionInterface()
        actions.doAction(actions.actionNames()[0])  # Press
        _wait(app, 0.1)
    seen["pressed_candidates"] = keyboard.candidates()[:3]
    for _ in range(2):
        actions = named["删除"].actionInterface()
        actions.doAction(actions.actionNames()[0])
        _wait(app, 0.1)
    seen["after_delete"] = page.query.text()
    drawn = keyboard.frames_drawn()
    keyboard.type_text("shenfenzheng")
    _wait(app, 0.3)
    seen["candidates"] = keyboard.candidates()[:5]
    # what reaches the screen, not only the model: the scene drew the candidates (a shown
    # keyboard used to draw one frame and then none: an empty bar on a 1920×1080 kiosk)
    _wait(app, 2.0, lambda: keyboard.frames_drawn() > drawn)
    seen["frames_for_typing"] = keyboard.frames_drawn() - drawn
    # the candidates' items made again once their texts changed: given time to settle (a
    # loaded machine), then no more (an endless remaking never settles and fails below)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        before = keyboard.candidate_bar()["relayouts"]
        _wait(app, 0.3)
        if keyboard.candidate_bar()["relayouts"] == before:
            break
    seen["candidate_places"] = keyboard.candidate_places()[:6]
    relayouts = keyboard.candidate_bar()["relayouts"]
    _wait(app, 0.5)
    seen["relayouts_settled"] = keyboard.candidate_bar()["relayouts"] - relayouts  # none more
    seen["relayouts"] = relayouts
    bar = keyboard.view.grabFramebuffer()
    seen["bar_lit"] = _lit(bar, keyboard.candidate_bar()) if not bar.isNull() else None
    # the candidate bar at the kiosk's text size, in standard text and in 大字模式 (the
    # keyboard's own picture kept where the offscreen platform gives one)
    for mode in ("large", "standard"):
        window.set_large_text(mode == "large")
        _wait(app, 0.8)
        seen[f"candidate_bar_{mode}"] = keyboard.candidate_bar()
        image = keyboard.view.grabFramebuffer()
        if not image.isNull():
            image.save(str(out / f"candidates-{mode}-{width}x{height}.png"))
    window.set_large_text(False)
    _wait(app, 0.3)
    hints = page.query.inputMethodHints()
    seen["query_hints"] = [
        bool(hints & Qt.InputMethodHint.ImhSensitiveData),
        bool(hints & Qt.InputMethodHint.ImhNoPredictiveText),
    ]
    index = seen["candidates"].index("身份证") if "身份证" in seen["candidates"] else 0
    keyboard.choose(index)
    _wait(app, 5.0, lambda: page.hits.rowCount() > 0)
    seen["query"] = page.query.text()
    seen["results"] = page.hits.rowCount()
    field = page.query.mapTo(window, QtCore.QPoint(0, page.query.height()))
    top_of_keys = window.touch.mapTo(window, QtCore.QPoint(0, 0)).y()
    seen["field_bottom"], seen["keys_top"] = field.y(), top_of_keys
    seen["keyboard_height"] = window.touch.height()
    seen["keys_height"] = keyboard.height()
    # the area beside the keys (narrower than a wide screen) in the keys' dark colour
    shot, area = window.grab().toImage(), window.touch.geometry()
    seen["area_edge"] = shot.pixelColor(area.left() + 2, area.center().y()).name()
    seen["rows_in_view"] = _rows_in_view(window, page)
    seen["title_while_typing"] = page.title.isVisible()
    window.set_large_text(True)
    _wait(app, 0.8)
    seen["rows_in_view_large"] = _rows_in_view(window, page)
    window.grab().save(str(out / "touch-search-large.png"))
    window.set_large_text(False)
    _wait(app, 0.5)
    seen["panel_height"] = keyboard._root.property("panelHeight")
    seen["root_height"] = keyboard._root.property("height")
    seen["view_height"] = keyboard.view.height()
    window.grab().save(str(out / "touch-search.png"))

    # the card page: the ID number on our keypad, digits and X
    window.controller.cancel()
    _wait(app, 0.2)
    card = window.card_page  # the page as the APPLY journey shows it (this kiosk has no store)
    window.show_page(card)
    _wait(app, 0.3)
    card.type_button.click()
    qt_api.QtTest.QTest.mouseClick(card.number, Qt.MouseButton.LeftButton)
    _wait(app, 0.5, lambda: window.touch.keys is window.touch.keypad)
    seen["keypad_shown"] = window.touch.isVisible() and (window.touch.keys is window.touch.keypad)
    for key in "11010519491231002X":
        qt_api.QtTest.QTest.mouseClick(window.touch.keypad.keys[key], Qt.MouseButton.LeftButton)
    seen["number"] = card.number.text()
    seen["x_enabled"] = window.touch.keypad.keys["X"].isEnabled()
    seen["focus_kept"] = app.focusWidget() is card.number
    number_bottom = card.number.mapTo(window, QtCore.QPoint(0, card.number.height())).y()
    seen["number_above_keys"] = number_bottom <= window.touch.mapTo(window, QtCore.QPoint(0, 0)).y()
    window.grab().save(str(out / "touch-keypad.png"))

    # walking away: everything typed and the keys are gone, the keyboard back to Chinese
    window.wipe()
    _wait(app, 0.5)
    seen["after_wipe_input_area"] = window.touch.isVisible()
    seen["after_wipe_number"] = card.number.text()
    seen["after_wipe_language"] = keyboard.language()
    print(json.dumps(seen, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
