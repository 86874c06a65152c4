"""The kiosk's search page, driven as a citizen would, rendered offscreen."""

import threading
from pathlib import Path

from common_qt.app import save_screenshot
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets
from core.flows.kiosk import KioskMode
from kiosk.window import KioskWindow
from tests.helpers.kiosk import kiosk_window
from walks.kiosk import demo_hall_name


def _type(qtbot, window: KioskWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Types like a citizen: letters as key presses, Chinese as an input method commits it."""
    page = window.search_page
    page.query.clear()
    if text.isascii():
        qtbot.keyClicks(page.query, text)
    else:
        page.query.setFocus()
        event = QtGui.QInputMethodEvent()
        event.setCommitString(text)
        QtWidgets.QApplication.sendEvent(page.query, event)
    qtbot.waitUntil(lambda: page.shown_query == text, timeout=5000)


def _names(window: KioskWindow) -> list[str]:
    return [hit.name for hit in window.search_page.hits.rows]


def test_initials_find_the_identity_card(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "sfz")
    assert _names(kiosk)[0] == "居民身份证申领"
    assert "找到" in kiosk.search_page.hint.text()


def test_search_runs_off_the_gui_thread(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "社保")
    assert kiosk.controller.catalogue_worker.worker_thread_ident not in (
        None,
        threading.get_ident(),
    )


def test_nothing_found_says_what_to_do(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "qwxzqwxz")
    assert kiosk.search_page.hits.rowCount() == 0
    assert "请换个说法" in kiosk.search_page.hint.text()


def test_theme_chip_searches_the_theme(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    page = kiosk.search_page
    chip = next(b for b in page.findChildren(type(kiosk.home_button)) if b.text() == "婚姻登记")
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.shown_query == "婚姻登记", timeout=5000)
    assert any("结婚登记" in n for n in _names(kiosk))


def test_choosing_an_item_shows_its_guide_and_back(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "结婚")
    results = kiosk.search_page.results
    rect = results.visualRect(kiosk.search_page.hits.index(0, 0))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: kiosk.current_page is kiosk.guide_page, timeout=5000)
    assert kiosk.guide_page.title.text() == "内地居民结婚登记"
    guide = kiosk.guide_page.text.toPlainText()
    assert "【申请材料】" in guide
    assert "居民户口簿" in guide
    kiosk.guide_page.back_requested.emit()
    assert kiosk.current_page is kiosk.search_page


def test_a_result_opens_from_the_keys_too(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    """Arrow keys and Enter (a keyboard, a screen reader) choose as a tap does; a row selected
    without a tap offers the button that opens it."""
    _type(qtbot, kiosk, "结婚")
    page = kiosk.search_page
    assert not page.open_button.isVisible()
    page.results.setFocus()
    page.results.setCurrentIndex(page.hits.index(0, 0))
    qtbot.waitUntil(lambda: page.open_button.isVisible())
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.current_page is kiosk.guide_page, timeout=5000)
    assert kiosk.guide_page.title.text() == "内地居民结婚登记"
    kiosk.guide_page.back_requested.emit()
    page.results.selectionModel().select(
        page.hits.index(1, 0), page.results.selectionModel().SelectionFlag.ClearAndSelect
    )
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.current_page is kiosk.guide_page, timeout=5000)
    assert kiosk.guide_page.title.text() == page.hits.rows[1].name


def test_home_forgets_what_was_typed(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "身份证")
    qtbot.mouseClick(kiosk.home_button, Qt.MouseButton.LeftButton)
    assert kiosk.search_page.query.text() == ""
    assert kiosk.search_page.hits.rowCount() == 0
    assert kiosk.search_page.hint.text().startswith("常用")
    assert not kiosk.search_page.clear_button.isVisible()
    assert not kiosk.controller.catalogue_worker.busy  # going home searches for nothing
    assert kiosk.current_page is kiosk.welcome_page


def test_large_text_mode_is_one_tap(qtbot, kiosk: KioskWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, kiosk, "养老")
    normal = kiosk.search_page.query.sizeHint().height()
    qtbot.mouseClick(kiosk.large_button, Qt.MouseButton.LeftButton)
    assert kiosk.large_text
    assert kiosk.search_page.query.sizeHint().height() > normal
    shot = save_screenshot(kiosk, tmp_path / "large.png")
    assert shot.stat().st_size > 10_000  # a real picture, not an empty frame


def test_demo_hall_name_comes_from_the_region_tree() -> None:
    assert demo_hall_name("369901001000").startswith("示范市青山区")
    assert demo_hall_name("369901001000").endswith("便民服务中心")


def test_idle_kiosk_warns_then_wipes_the_session(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    window = kiosk_window(demo_catalogue, idle_timeout=1.2, idle_warning=0.8)
    qtbot.addWidget(window)
    try:
        _type(qtbot, window, "身份证")
        window.toggle_large_text()
        window.idle.poke()
        qtbot.waitUntil(window.idle_banner.isVisible, timeout=3000)
        assert "秒后将返回首页" in window.idle_text.text()
        qtbot.mouseClick(window.idle_continue, Qt.MouseButton.LeftButton)  # still here
        assert not window.idle_banner.isVisible()
        assert window.search_page.query.text() == "身份证"
        qtbot.waitUntil(lambda: window.wipes == 1, timeout=4000)  # walked away
        assert window.search_page.query.text() == ""
        assert not window.large_text
        assert window.current_page is window.welcome_page
        qtbot.wait(1500)
        assert window.wipes == 1  # the empty start page is not wiped again and again
    finally:
        window.idle.stop()
        window.controller.stop()


def test_the_untouched_start_page_never_warns_and_a_changed_one_does(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    """Touches and a moving cursor on the start page with nothing chosen arm nothing (您还在办理
    吗？ came up over the empty start page, three times in four minutes); once the start page
    holds something of a citizen (English chosen) it is wiped back when they walk away."""
    from common_qt import i18n

    window = kiosk_window(demo_catalogue, mode=None, idle_timeout=1.2, idle_warning=0.8)
    qtbot.addWidget(window)
    try:
        for _ in range(3):  # a passer-by's taps and a cursor moving
            qtbot.mouseMove(window.welcome_page, QtCore.QPoint(50, 50))
            qtbot.mouseClick(window.welcome_page, Qt.MouseButton.LeftButton)
            window.idle.poke()  # as any input does
        qtbot.wait(1600)
        assert not window.idle_banner.isVisible()
        assert window.wipes == 0
        window.set_language(i18n.ENGLISH)  # the citizen chose English, then left
        qtbot.waitUntil(window.idle_banner.isVisible, timeout=3000)
        qtbot.waitUntil(lambda: window.wipes == 1, timeout=4000)
        assert i18n.current() == i18n.CHINESE
        qtbot.wait(1600)
        assert window.wipes == 1
    finally:
        window.idle.stop()
        window.controller.stop()


def test_clear_button_is_touch_sized_and_clears(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    page = kiosk.search_page
    assert not page.clear_button.isVisible()
    _type(qtbot, kiosk, "社保")
    assert page.clear_button.isVisible()
    assert page.clear_button.height() >= 64
    assert page.clear_button.width() >= 64
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.query.text() == ""
    qtbot.waitUntil(lambda: page.shown_query == "", timeout=5000)
    assert page.hits.rowCount() == 0
    assert not page.clear_button.isVisible()


def test_an_empty_catalogue_says_it_is_not_synced(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A real kiosk with no catalogue used to fill itself with the fictional demo city."""
    window = kiosk_window(tmp_path / "catalogue.sqlite", mode=None)
    qtbot.addWidget(window)
    page = window.search_page
    try:
        # said at once on the welcome page, and again where a search would show results
        qtbot.waitUntil(lambda: "目录尚未同步" in window.welcome_page.message.text(), timeout=5000)
        window.controller.choose(KioskMode.GUIDE)
        page.set_search_delay(0)
        page.query.setText("sfz")
        qtbot.wait(300)
        assert "目录尚未同步" in page.hint.text()  # not "没有找到"
        assert page.hits.rowCount() == 0
    finally:
        window.controller.stop()


def test_the_kiosk_renders_chinese_with_a_theme_font(kiosk: KioskWindow) -> None:
    """Every screenshot renders Chinese: the product's font is present and supports it (no
    tofu boxes), on this machine as on a kiosk set up by `make setup` (fonts-noto-cjk)."""
    from common_qt.theme import FONT_FAMILIES

    families = set(
        QtGui.QFontDatabase.families(QtGui.QFontDatabase.WritingSystem.SimplifiedChinese)
    )
    assert families & set(FONT_FAMILIES), sorted(families)[:10]
    title = kiosk.welcome_page.title
    assert QtGui.QFontInfo(title.font()).family() in FONT_FAMILIES
    metrics = QtGui.QFontMetrics(title.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "您好请选择要办理的业务")


def test_the_header_clock_shows_the_halls_time_whatever_the_machines_zone(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path
) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from kiosk.controller import KioskServices
    from tests.helpers.clock import ManualClock
    from tests.helpers.kiosk import REGION

    clock = ManualClock(datetime(2026, 11, 30, 23, 5, tzinfo=UTC))  # 07:05 the next day in CST
    services = replace(KioskServices(demo_catalogue, REGION), clock=clock)
    window = kiosk_window(demo_catalogue, services=services, mode=None)
    qtbot.addWidget(window)
    assert window.clock_label.text() == "12月1日 07:05"


def test_a_search_with_more_results_than_shown_says_so(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    """Issue 30 item 12: it said 找到 20 项 whenever the cap was hit — a citizen read it as
    everything there is. Twenty are shown, and the hint says there are more."""
    _type(qtbot, kiosk, "登记")
    assert kiosk.search_page.hits.rowCount() == 20
    assert kiosk.search_page.hint.text().startswith("找到 20 项以上，请输入更具体的名称")
    _type(qtbot, kiosk, "sfz")
    assert kiosk.search_page.hits.rowCount() < 20
    assert "以上" not in kiosk.search_page.hint.text()


def test_a_screen_reader_users_actions_keep_the_session(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 30 item 3: actions through the accessibility bridge (AT-SPI's Press, a focus
    moved, text inserted) make no input event; their user was warned and wiped mid-form
    while acting all along. Here only such actions, for three times the time-out."""
    from common_qt.qt import QtGui

    window = kiosk_window(demo_catalogue, idle_timeout=1.2, idle_warning=0.8)
    qtbot.addWidget(window)
    try:
        _type(qtbot, window, "身份证")  # a session under way
        page = window.search_page

        def press(button: QtWidgets.QAbstractButton) -> None:  # as the AT-SPI bridge does
            accessible = QtGui.QAccessible.queryAccessibleInterface(button)
            assert accessible is not None
            action = accessible.actionInterface()
            assert action is not None
            action.doAction(action.pressAction())

        deadline = 3 * 1.2
        waited = 0.0
        step = 0
        while waited < deadline:
            if step % 3 == 0:
                press(window.large_button)  # 大字模式, pressed through its accessible action
            elif step % 3 == 1:
                page.results.setFocus()  # a screen reader moves to the results
            else:
                editable = QtGui.QAccessible.queryAccessibleInterface(page.query)
                assert editable is not None
                text = editable.editableTextInterface()
                assert text is not None
                text.insertText(0, "居民")  # text it inserts
            step += 1
            qtbot.wait(500)
            waited += 0.5
            assert window.wipes == 0, f"wiped after {waited:.1f} s of assistive actions"
        qtbot.waitUntil(lambda: window.wipes == 1, timeout=4000)  # and when they stop: wiped
    finally:
        window.idle.stop()
        window.controller.stop()


def test_home_is_offered_away_from_home_only(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """返回首页 showed on the start page, where it did nothing (issue 30 item 14)."""
    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    assert window.current_page is window.welcome_page
    assert not window.home_button.isVisible()
    window.controller.choose(KioskMode.GUIDE)
    assert window.home_button.isVisible()
    window.go_home()
    assert not window.home_button.isVisible()
    window.show_technician_entry()  # the PIN pad: a way back to the start
    assert window.home_button.isVisible()


def test_clearing_the_search_leaves_the_focus_in_the_field(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """清除 took the focus off the field (and the keyboard went with it; issue 30 item 14)."""
    window = kiosk_window(demo_catalogue)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    page = window.search_page
    focused: list[QtWidgets.QWidget | None] = []
    QtWidgets.QApplication.instance().focusChanged.connect(lambda _, new: focused.append(new))
    qtbot.mouseClick(page.query, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.query, "shebao")
    assert page.clear_button.isVisible()
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.query.text() == ""
    # the focus never left the field (the keys follow the focus: they went with it)
    assert page.clear_button not in focused
    assert QtWidgets.QApplication.focusWidget() is page.query


def test_the_live_view_in_portrait_is_as_high_as_a_frame(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """A portrait kiosk drew a small landscape picture inside a tall black box (issue 30 item
    14): the view is never higher than a 4:3 frame as wide as it, in portrait or landscape."""
    from common_qt.app import settle

    window = kiosk_window(demo_catalogue, mode=None)
    qtbot.addWidget(window)
    frame = QtGui.QImage(640, 480, QtGui.QImage.Format.Format_RGB888)
    frame.fill(QtGui.QColor("white"))
    for size in ((1920, 1080), (1280, 800), (1080, 1920)):
        window.resize(*size)
        window.show_page(window.scan_page)
        settle(window, 0.2)
        view = window.scan_page.preview
        window.scan_page.show_frame(frame, "画面清晰", True)
        assert view.height() <= round(view.width() * 3 / 4) + 1, (size, view.size())
        assert view.height() >= view.LEAST.height()
        picture = view.pixmap().size()
        assert picture.width() >= view.width() - 2 or picture.height() >= view.height() - 2


def test_a_screen_reader_hears_the_guide_not_only_its_name(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """The guide, the summary and the progress report were text browsers named once (办事指南):
    a screen reader said the name, not the text that changes with each service (issue 30 item
    15). Their description is what they show."""
    window = kiosk_window(demo_catalogue)
    qtbot.addWidget(window)
    c = window.controller
    hits: list[object] = []
    c.search_results.connect(lambda _, found: hits.extend(found))
    c.search("身份证换领")
    qtbot.waitUntil(lambda: bool(hits), timeout=5000)
    c.choose_item(hits[0].impl_code)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.current_page is window.guide_page, timeout=5000)
    item = c.state.item
    said = window.guide_page.text.accessibleDescription()
    assert window.guide_page.text.accessibleName() == "办事指南"
    assert all(m.name in said for m in item.materials)
    assert "\n" not in said


def test_an_english_word_finds_its_service_on_the_chinese_screen(qtbot, kiosk: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    """passport typed on the Chinese screen found nothing (issue 30 item 12): the glossary's
    English names find their services there too, after what the letters find as pinyin."""
    page = kiosk.search_page
    page.query.setText("passport")
    qtbot.waitUntil(lambda: page.shown_query == "passport", timeout=10000)
    assert "普通护照签发" in [h.name for h in page.hits.rows]
    page.query.setText("shebao")  # pinyin still finds its service first
    qtbot.waitUntil(lambda: page.shown_query == "shebao", timeout=10000)
    assert page.hits.rows[0].name == "社会保障卡申领"
