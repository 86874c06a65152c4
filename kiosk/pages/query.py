"""进度查询 by receipt code or ID card, its result; and the receipt code of 服务评价."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from kiosk.pages.base import KioskPage, button

if TYPE_CHECKING:
    from terminal.operations import ProgressReport


class CodePage(KioskPage):
    """A receipt code typed in (query and rating both start so)."""

    submitted = Signal(str)
    back_requested = Signal()

    def __init__(self, title: str, lead: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(title, parent)
        text = QtWidgets.QLabel(lead)
        text.setWordWrap(True)
        self.body.addWidget(text)
        self.code = QtWidgets.QLineEdit()
        self.code.setPlaceholderText(self.tr("回执编号，如 K00012611301234ABCD"))
        self.code.setAccessibleName(self.tr("回执编号"))
        self.code.setMaxLength(40)
        lock_down(self.code)
        self.code.returnPressed.connect(self._submit)
        self.body.addWidget(self.code)
        self.body.addStretch(1)
        back = button(self.tr("返回"))
        back.clicked.connect(self.back_requested)
        go = button(self.tr("确定"), primary=True)
        go.clicked.connect(self._submit)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(go)

    def _submit(self) -> None:
        self.submitted.emit(self.code.text())

    def reset(self) -> None:
        super().reset()
        wipe_line(self.code)


class QueryResultPage(KioskPage):
    finished = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(self.tr("查询结果"), parent)
        self.result = QtWidgets.QTextBrowser()
        self.result.setAccessibleName(self.tr("办理进度"))
        self.body.addWidget(self.result, 1)
        done = button(self.tr("完成"), primary=True)
        done.clicked.connect(self.finished)
        self.buttons.addStretch(1)
        self.buttons.addWidget(done)

    def show_waiting(self) -> None:
        self.result.setHtml("<p>正在查询…</p>")

    def show_report(self, report: ProgressReport) -> None:
        if not report.lines:
            html = "<p>没有查到办件。请核对回执编号；刚提交的申请上报后即可查到。</p>"
        else:
            rows = []
            for line in report.lines:
                where = "（平台）" if line.platform_status else "（本机，待上报）"
                number = (
                    f"办件编号 {escape(line.official_number)}　" if line.official_number else ""
                )
                note = f"<br/>说明：{escape(line.note)}" if line.note else ""
                rows.append(
                    f"<li><b>{escape(line.item_name)}</b><br/>{number}"
                    f"回执编号 {escape(line.receipt_number)}<br/>"
                    f"当前状态：<b>{line.status.label}</b>{where}{note}</li>"
                )
            html = "<ul>" + "".join(rows) + "</ul>"
        if report.platform_error:
            html += f"<p><i>{escape(report.platform_error)}</i></p>"
        self.result.setHtml(html)

    def reset(self) -> None:
        super().reset()
        self.result.clear()
        self.result.document().clearUndoRedoStacks()
