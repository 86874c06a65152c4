"""A text a screen reader reads whole: a guide, an application's summary, a progress report.

A text browser was named once (办事指南, 申请内容, 办理进度) and a screen reader said only the name
of a text that changes with every citizen; :class:`ReadableText` keeps its accessible
description to what it shows, a line at a time joined with a pause.
"""

from __future__ import annotations

from common_qt.qt import QtWidgets


def spoken(text: str) -> str:
    """``text``'s lines as one line, each a short pause from the next (a space)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class ReadableText(QtWidgets.QTextBrowser):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(self._describe)

    def _describe(self) -> None:
        self.setAccessibleDescription(spoken(self.toPlainText()))
