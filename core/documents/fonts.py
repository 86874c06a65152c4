"""Where a CJK font is found on this machine (for what is drawn as a picture: a printer's
image lines and their preview, an e-licence's annotated copy)."""

from __future__ import annotations

import functools
from pathlib import Path

#: CJK fonts in order of preference: Noto CJK covers rare name characters (Ext-B, e.g. 𠮷).
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


@functools.cache
def cjk_font_path() -> str | None:
    """The first CJK font installed (None: none is)."""
    return next((c for c in FONT_CANDIDATES if Path(c).exists()), None)
