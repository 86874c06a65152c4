"""Themes: a QSS from assets, scaled for the large-text mode (适老化)."""

from __future__ import annotations

import re

import assets
from common_qt.qt import QtWidgets

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


def apply(
    widget: QtWidgets.QWidget, name: str, *, large_text: bool = False, high_contrast: bool = False
) -> None:
    widget.setStyleSheet(
        stylesheet(name, LARGE_TEXT_SCALE if large_text else 1.0, high_contrast=high_contrast)
    )
