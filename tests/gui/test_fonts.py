"""The apps lay out with a family they name (common_qt.theme.FONT_FAMILIES), so a screen
measures the same on every machine: here, a machine whose fontconfig makes ``sans-serif`` a
wide monospace font (as installing a browser makes it DejaVu Sans) measures what this one does.
Each measurement runs in a process of its own (fontconfig is read once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MEASURE = """
import json
from common_qt.app import make_application
from common_qt import theme
from common_qt.qt import QtGui, QtWidgets

app = make_application("font-probe")
page = QtWidgets.QWidget()
theme.apply(page, "kiosk", large_text=True)
label = QtWidgets.QLabel("The picture is clear — keep the page still 请保持材料平稳", page)
unstyled = QtGui.QFont()  # what the touch keyboard's QML and painted widgets start from
page.show()
app.processEvents()
print(json.dumps({
    "app": QtGui.QFontInfo(app.font()).family(),
    "unstyled": QtGui.QFontInfo(unstyled).family(),
    "label": QtGui.QFontInfo(label.font()).family(),
    "width": label.fontMetrics().horizontalAdvance(label.text()),
    "line": label.fontMetrics().lineSpacing(),
}))
"""

WIDE_SANS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test qual="any" name="family"><string>sans-serif</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>DejaVu Sans Mono</string></edit>
  </match>
</fontconfig>
"""


def _measure(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_a_screen_measures_the_same_whatever_sans_serif_is(tmp_path: Path) -> None:
    from common_qt.theme import FONT_FAMILIES

    config = tmp_path / "fonts.conf"
    config.write_text(WIDE_SANS, encoding="utf-8")
    here = _measure({})
    elsewhere = _measure({"FONTCONFIG_FILE": str(config)})
    assert here["app"] in FONT_FAMILIES
    assert here["unstyled"] in FONT_FAMILIES  # QML and painted text too, not sans-serif
    assert elsewhere == here
