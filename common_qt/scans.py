"""Pages captured on the document camera during one session, per material — one rule for the
kiosk and the counter: at most MAX_PAGES a material, unusable captures refused with the
camera's guidance, each page as the JPEG the application keeps and a thumbnail to review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from common_qt.qt import QtGui
from core.messages import tr

if TYPE_CHECKING:  # OpenCV and the store load when a camera or a submit needs them
    from core.ports import CapturedPage
    from terminal.operations import ScanInput

MAX_PAGES = 10  # of one material


@dataclass
class Page:
    """One captured page of a material: the JPEG for the application and its thumbnail."""

    jpeg: bytes = field(repr=False)
    thumb: QtGui.QImage | None = field(repr=False)


class CapturedPages:
    def __init__(self) -> None:
        self._pages: dict[str, list[Page]] = {}  # material code → pages captured

    def add(self, code: str, page: CapturedPage, thumb: QtGui.QImage | None) -> str:
        """Keeps a capture for ``code``; returns why not (in the user's words) or ""."""
        if not page.usable:
            return tr("没有拍好：{why}", why=page.verdict.guidance)
        pages = self._pages.setdefault(code, [])
        if len(pages) >= MAX_PAGES:
            return tr("每份材料最多{n}页；如需重拍，请先删除一页。", n=MAX_PAGES)
        pages.append(Page(page.jpeg, thumb))
        return ""

    def remove(self, code: str, index: int) -> bool:
        pages = self._pages.get(code, [])
        if 0 <= index < len(pages):
            del pages[index]
            return True
        return False

    def of(self, code: str) -> Sequence[Page]:
        return self._pages.get(code, ())

    def counts(self) -> dict[str, int]:
        """Pages per material, for the materials that have any."""
        return {code: len(p) for code, p in self._pages.items() if p}

    def scan_inputs(self) -> list[ScanInput]:
        """Every page as the application stores it (one scan a page)."""
        from terminal.operations import ScanInput

        return [ScanInput(code, p.jpeg, pages=1) for code, ps in self._pages.items() for p in ps]

    def clear(self) -> None:
        self._pages.clear()
