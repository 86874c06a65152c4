"""The screen audit finds what it is there to find: small text, a small target, low contrast
read from the pixels, text cut off — and passes a screen that has none of them."""

from __future__ import annotations

import pytest

from common_qt.audit import audit
from common_qt.qt import QtWidgets
from core.accessibility import LARGE, STANDARD, contrast_ratio


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
