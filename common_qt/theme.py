"""Themes: a QSS from assets, scaled for the large-text mode (适老化)."""

from __future__ import annotations

import logging
import re

import assets
from common_qt.qt import QtGui, QtWidgets

log = logging.getLogger(__name__)

#: The family both apps lay out with: one CJK family with Latin of its own, so a screen measures
#: the same on every machine whatever fontconfig's ``sans-serif`` is (with DejaVu installed it
#: is wider Latin). Debian: fonts-noto-cjk (make setup installs it); Windows has Microsoft
#: YaHei. The themes name the same families.
FONT_FAMILIES = ("Noto Sans CJK SC", "Microsoft YaHei")

LARGE_TEXT_SCALE = 1.5  # 24 px body → 36 px, 64 px targets → 96 px (适老化 large mode)
_SIZE = re.compile(r"(font-size|min-height|min-width):\s*(\d+)px")


def stylesheet(name: str, scale: float = 1.0, *, high_contrast: bool = False) -> str:
    """The theme ``name``; ``high_contrast`` lays ``name``-contrast.qss (colours only) over it."""
    qss = assets.read_text("themes", f"{name}.qss")
    if high_contrast:
        qss += "\n" + assets.read_text("themes", f"{name}-contrast.qss")
    if scale == 1.0:
        return qss
    return _SIZE.sub(lambda m: f"{m[1]}: {round(int(m[2]) * scale)}px", qss)


def use_product_font(app: QtWidgets.QApplication) -> str:
    """Makes the product's family the application's font — what style sheets do not reach
    (the touch keyboard's QML, painted cards, dialogs) — and returns the family in use; a
    machine without it is said in the log (the technician's detail)."""
    available = set(QtGui.QFontDatabase.families())
    families = [f for f in FONT_FAMILIES if f in available]
    if not families:
        log.warning(
            "font %s not installed (Debian: fonts-noto-cjk): screens lay out with %s",
            FONT_FAMILIES[0],
            QtGui.QFontInfo(app.font()).family(),
        )
        return QtGui.QFontInfo(app.font()).family()
    font = QtGui.QFont(app.font())
    font.setFamilies(families)
    app.setFont(font)
    return families[0]


def apply(
    widget: QtWidgets.QWidget, name: str, *, large_text: bool = False, high_contrast: bool = False
) -> None:
    widget.setStyleSheet(
        stylesheet(name, LARGE_TEXT_SCALE if large_text else 1.0, high_contrast=high_contrast)
    )
