"""The screen audit finds what it is there to find: small text, a small target, low contrast
read from the pixels, text cut off — and passes a screen that has none of them."""

from __future__ import annotations

import pytest

from common_qt.qt import QtWidgets
from core.accessibility import LARGE, STANDARD, contrast_ratio
from walks.audit import audit


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def _screen(qtbot, style: str, text: str = "请将身份证放在感应区") -> QtWidgets.QWidget:  # type: ignore[no-untyped-def]
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    layout = QtWidgets.QVBoxLayout(window)
    label = QtWidgets.QLabel(text)
    label.setObjectName("probe")
    label.setMaximumWidth(400)  # a box narrower than a long line: the line is cut off
    layout.addWidget(label)
    button = QtWidgets.QPushButton("确定")
    layout.addWidget(button)
    window.setStyleSheet(style)
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_sound_screen_has_no_findings(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _screen(
        qtbot,
        "QWidget { font-size: 24px; color: #1a1a1a; background: #ffffff; }"
        "QPushButton { min-height: 64px; min-width: 96px; }",
    )
    assert audit(window, "probe", STANDARD) == []


def test_each_shortfall_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _screen(
        qtbot,
        "QWidget { font-size: 16px; color: #aaaaaa; background: #ffffff; }"
        "QPushButton { min-height: 30px; max-width: 40px; }",
        text="一段很长很长的说明文字，放不下也不换行，会被截断" * 3,
    )
    problems = " | ".join(f.problem for f in audit(window, "probe", STANDARD))
    assert "text 16px < 24px" in problems
    assert "contrast" in problems
    assert "< 4.5:1" in problems
    assert "text cut off" in problems
    assert "target" in problems
    assert "text 16px < 36px" in " | ".join(f.problem for f in audit(window, "probe", LARGE))


def test_a_page_wider_than_its_scroll_area_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A page whose least width is more than the screen's is cut off at the right inside
    its scroll area (no horizontal scroll bar on a kiosk): the English theme chips were."""
    from common_qt.qt import Qt

    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet("QWidget { font-size: 24px; } QPushButton { min-height: 64px; }")
    scroll = QtWidgets.QScrollArea(window)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page = QtWidgets.QWidget()
    row = QtWidgets.QHBoxLayout(page)
    for name in ("Household registration", "Social insurance", "Medical insurance"):
        row.addWidget(QtWidgets.QPushButton(name))
    scroll.setWidget(page)
    QtWidgets.QVBoxLayout(window).addWidget(scroll)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    assert any(
        "cut off" in f.problem and "wide in" in f.problem for f in audit(window, "p", STANDARD)
    )
    from common_qt.widgets.flow import FlowLayout  # the same chips, wrapping: nothing found

    wrapped = QtWidgets.QWidget()
    flow = FlowLayout(wrapped)
    for name in ("Household registration", "Social insurance", "Medical insurance"):
        flow.addWidget(QtWidgets.QPushButton(name))
    scroll.setWidget(wrapped)
    qtbot.wait(50)
    assert not [f for f in audit(window, "p", STANDARD) if "wide in" in f.problem]
    assert wrapped.height() > 2 * 64  # on more than one row


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)])
def test_every_pages_actions_stay_in_view(qtbot, demo_catalogue, size) -> None:  # type: ignore[no-untyped-def]
    """下一步, 提交评价, 跳过 … and the refusal above them are below the page's scroll area, not
    in it: in view on every screen in large text without scrolling — the rating page with its
    reasons shown was 跳过 / 提交评价 below the fold at 1280×800."""
    from common_qt.qt import Qt
    from core.evaluation import Satisfaction
    from tests.helpers.kiosk import kiosk_window

    window = kiosk_window(demo_catalogue, mode=None, large_text=True)
    qtbot.addWidget(window)
    window.resize(*size)
    try:
        for page in window.step_pages.values():
            buttons = getattr(page, "buttons", None)
            if buttons is None or buttons.count() == 0:
                continue
            scroll = window._scrolls[page]
            assert not scroll.isAncestorOf(page.action_bar), type(page).__name__
        qtbot.wait(300)  # the controller's first screen shown
        rating = window.evaluate_page
        window.show_page(rating)
        rating.level_buttons[Satisfaction.VERY_DISSATISFIED].click()  # its reasons shown
        qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)  # no reason: refused
        qtbot.waitUntil(lambda: rating.message.isVisible())
        window.grab()  # laid out
        scroll = window._scrolls[rating]
        assert scroll.verticalScrollBar().maximum() > 0 or size != (1280, 800)  # it scrolls
        for shown in (rating.skip_button, rating.submit_button, rating.message):
            assert shown.visibleRegion().contains(shown.rect().center()), shown.text()
            assert window.rect().contains(shown.mapTo(window, shown.rect().bottomRight()))
    finally:
        window.controller.stop()


def test_a_list_row_cut_short_is_found_and_wrapping_rows_are_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A QListView measures a wrapped row on one line (it does not tell its delegate the
    width): in the kiosk's 340 px materials list in large text 代办人居民身份证 was drawn
    "代办人居民身…". The audit finds such rows; wrap_rows makes them wrap."""
    from common_qt.qt import Qt, QtGui
    from common_qt.widgets.rows import wrap_rows
    from walks.audit import cut_rows

    names = ["* 申请人居民身份证", "* 数码相片回执", "代办人居民身份证", "授权委托书"]
    lists = []
    for wrapped in (False, True):
        window = QtWidgets.QWidget()
        qtbot.addWidget(window)
        window.setStyleSheet(
            "QWidget { font-size: 36px; } QListView::item { padding: 14px; min-height: 72px; }"
        )
        model = QtGui.QStandardItemModel(window)
        for name in names:
            model.appendRow(QtGui.QStandardItem(name))
        view = QtWidgets.QListView()
        view.setModel(model)
        view.setFixedWidth(340)
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if wrapped:
            wrap_rows(view)
        QtWidgets.QVBoxLayout(window).addWidget(view)
        window.resize(500, 800)
        window.show()
        qtbot.waitExposed(window)
        lists.append((window, view))  # the windows kept: pytest-qt holds them weakly
    (plain_window, plain), (_, wrapping) = lists
    assert cut_rows(plain) == ["* 申请人居民身份证"]  # 324 px of text in 310
    assert cut_rows(wrapping) == []
    assert "row cut off: '* 申请人居民身份证'" in " | ".join(
        f.problem for f in audit(plain_window, "probe", LARGE)
    )


def test_a_receipt_code_fits_a_portrait_screen_in_large_text(qtbot, demo_catalogue) -> None:  # type: ignore[no-untyped-def]
    """Unicode allows no break between a hyphen and a digit: K0001-261201-8NVH0W was one
    unbreakable word in large type, its page 1088 px wide on a 1080 px screen (the demo's
    audit found it; it depends on the random code). It breaks after its hyphens now."""
    from common_qt.app import settle
    from tests.helpers.kiosk import kiosk_window

    window = kiosk_window(demo_catalogue, mode=None, large_text=True)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    try:
        qtbot.wait(300)  # the controller's first screen shown
        page = window.receipt_page
        window.show_page(page)
        page.show_receipt("K0001-261201-8NVH0W")
        settle(window, 0.3)  # laid out (a wrapped label takes its height in a second pass)
        assert window.current_page is page
        assert page.minimumSizeHint().width() <= window._scrolls[page].viewport().width()
        assert page.code.minimumSizeHint().width() < page.code.width() / 2
        assert audit(window, "receipt", LARGE) == []
    finally:
        window.controller.stop()


def test_no_state_of_a_kiosk_control_changes_its_font() -> None:
    """A font that comes with a state (bold when checked) is wider than the one the control was
    sized for: the checked "Dissatisfied" was clipped in large English text. The audit cannot
    see it (it measures the widget's own font, not a style sheet's state), so the theme must
    not do it."""
    import re

    from common_qt.theme import stylesheet

    for high_contrast in (False, True):
        qss = stylesheet("kiosk", 1.5, high_contrast=high_contrast)
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", qss):
            states = re.findall(r":(checked|pressed|hover|focus|selected|disabled)", selectors)
            if states:
                assert "font" not in body, selectors.strip()


def test_a_part_laid_out_below_the_end_of_its_page_is_found(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A part a layout placed below the end of its scroll area's page is out of reach of the
    scrolling: the kiosk's live view, counted 0 px high, ended 109 px below its page."""
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet("QWidget { font-size: 24px; }")
    scroll = QtWidgets.QScrollArea(window)
    scroll.setWidgetResizable(True)
    page = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(page)
    column.addWidget(QtWidgets.QLabel("说明"))
    scroll.setWidget(page)
    QtWidgets.QVBoxLayout(window).addWidget(scroll)
    window.resize(500, 300)
    window.show()
    qtbot.waitExposed(window)
    assert not [f for f in audit(window, "probe", STANDARD) if "below the end" in f.problem]
    view = QtWidgets.QLabel(page)  # placed by hand where the layout's page ends
    view.setObjectName("view")
    view.setGeometry(0, page.height() - 100, 200, 260)
    view.show()
    problems = [f"{f.widget}: {f.problem}" for f in audit(window, "probe", STANDARD)]
    assert any("view" in p and "below the end" in p for p in problems), problems
