"""进度查询 by receipt code or ID card, its result; and the receipt code of 服务评价."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from common_qt.i18n import published, say, translate
from common_qt.qt import Qt, QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.reading import ReadableText
from core.fees import PaymentStatus, yuan
from core.flows.kiosk import KioskStep
from kiosk.controller import Wants
from kiosk.pages.base import KioskPage, button, label
from kiosk.pages.queue import said_estimate

if TYPE_CHECKING:
    from kiosk.controller import KioskController
    from terminal.operations import ProgressReport
    from terminal.queue_desk import TicketPlace


class CodePage(KioskPage):
    """A receipt code typed in (query and rating both start so)."""

    submitted = Signal(str)
    back_requested = Signal()

    def prompt(self) -> str:
        if self.step is KioskStep.RATE_CODE:
            return translate("prompts", "请输入要评价的办件的回执编号。")
        return translate("prompts", "请输入回执编号，或放置身份证查询办理进度。")

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.code

    def __init__(self, rating: bool, parent: QtWidgets.QWidget | None = None) -> None:
        """``rating``: the receipt code of 服务评价, else of 进度查询."""
        super().__init__("", parent)
        self.rating = rating
        # 服务评价 by code, or 进度查询 (by code, the card, or the receipt's QR under the camera)
        self.step = KioskStep.RATE_CODE if rating else KioskStep.QUERY
        self.wants = Wants.CODES if rating else Wants.CARD | Wants.CODES
        self.lead = QtWidgets.QLabel()
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.code = QtWidgets.QLineEdit()
        self.code.setMaxLength(40)
        lock_down(self.code)
        # letters and digits, no Pinyin: a receipt code is Latin capitals (the keyboard opened
        # on 简体中文 and turned K into 看)
        self.code.setInputMethodHints(
            self.code.inputMethodHints()
            | Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhPreferUppercase
        )
        self.code.returnPressed.connect(self._submit)
        self.body.addWidget(self.code)
        self.body.addStretch(1)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.go_button = go = button(primary=True)
        go.clicked.connect(self._submit)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(go)
        self.retranslate()

    def retranslate(self) -> None:
        if self.rating:
            self.title.setText(self.tr("服务评价"))
            self.lead.setText(
                self.tr(
                    "请输入要评价的办件的回执编号，或将回执上的二维码放在高拍仪下"
                    "（每次办理可评价一次）。"
                )
            )
        else:
            self.title.setText(self.tr("进度查询"))
            self.lead.setText(
                self.tr(
                    "请输入回执上的回执编号，或将回执上的二维码放在高拍仪下，"
                    "或将身份证放在感应区查询本人的办件。"
                    "输入排队号（如A012）或扫排队号上的二维码，可查看排队进度。"
                )
            )
        self.code.setPlaceholderText(self.tr("回执编号，如 K0001-261130-4ABCD7，短横线可不输"))
        self.code.setAccessibleName(self.tr("回执编号"))
        label(self.back_button, self.tr("返回"))
        label(self.go_button, self.tr("确定"))

    def _submit(self) -> None:
        self.submitted.emit(self.code.text())

    def reset(self) -> None:
        super().reset()
        wipe_line(self.code)


class QueryResultPage(KioskPage):
    finished = Signal()
    back_requested = Signal()

    step = KioskStep.QUERY_RESULT

    def prompt(self) -> str:
        return translate("prompts", "这是办理进度。")

    def present(self, c: KioskController) -> None:
        self.show_waiting()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.result = ReadableText()  # a screen reader reads what it shows
        self.body.addWidget(self.result, 1)
        self.back_button = back = button()  # to the code, kept, to mend a typing slip
        back.clicked.connect(self.back_requested)
        self.done_button = done = button(primary=True)
        done.clicked.connect(self.finished)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(done)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("查询结果"))
        self.result.setAccessibleName(self.tr("办理进度"))
        label(self.back_button, self.tr("返回"), self.tr("返回，重新输入回执编号"))
        label(self.done_button, self.tr("完成"))

    def show_waiting(self) -> None:
        self.result.setHtml("<p>" + self.tr("正在查询…") + "</p>")

    def show_report(self, report: ProgressReport) -> None:
        if not report.lines:
            html = (
                "<p>"
                + self.tr("没有查到办件。请核对回执编号；刚提交的申请上报后即可查到。")
                + "</p>"
            )
        else:
            rows = []
            for line in report.lines:
                where = self.tr("（平台）") if line.platform_status else self.tr("（本机，待上报）")
                number = (
                    self.tr("办件编号 %1").replace("%1", escape(line.official_number)) + "　"
                    if line.official_number
                    else ""
                )
                note = (
                    "<br/>" + self.tr("说明：%1").replace("%1", escape(say(line.note)))
                    if line.note
                    else ""
                )
                if line.payment_status is PaymentStatus.PAID:
                    note += "<br/>" + self.tr("缴费：已缴费（电子票据 %1）").replace(
                        "%1", escape(line.payment_receipt)
                    )
                elif line.payment_status is PaymentStatus.DUE:
                    note += "<br/>" + (
                        self.tr("缴费：待缴费 %1元，缴款码 %2")
                        .replace("%1", yuan(line.payment_total_fen))
                        .replace("%2", escape(line.payment_code))
                    )
                elif line.payment_status is PaymentStatus.UNKNOWN:
                    note += "<br/>" + self.tr("缴费：缴费状态待确认（暂时无法连接平台）")
                if line.tracking:  # 物流寄递: the result is on its way
                    note += "<br/>" + self.tr("办理结果已寄出，寄递单号：%1").replace(
                        "%1", escape(line.tracking)
                    )
                if line.evaluation_answer:  # the 好差评 loop closed: the hall's answer
                    note += "<br/>" + self.tr("您的评价已得到答复：%1").replace(
                        "%1", escape(line.evaluation_answer)
                    )
                receipt = self.tr("回执编号 %1").replace("%1", escape(line.receipt_number))
                status = self.tr("当前状态：")
                rows.append(
                    f"<li><b>{escape(published(line.item_name))}</b><br/>{number}{receipt}<br/>"
                    f"{status}<b>{say(line.status.label)}</b>{where}{note}</li>"
                )
            html = "<ul>" + "".join(rows) + "</ul>"
        if report.platform_error:
            html += f"<p><i>{escape(say(report.platform_error))}</i></p>"
        self.result.setHtml(html)

    def show_ticket(self, place: TicketPlace) -> None:
        """A queue ticket followed: where it stands."""
        head = self.tr("排队号 %1（%2）").replace("%1", escape(place.number))
        head = head.replace("%2", escape(published(place.category_name)))
        if place.state == "waiting":
            state = self.tr("等候中，前面还有 %1 人").replace("%1", str(place.ahead))
            if place.estimate:
                wait = escape(said_estimate(place.estimate))
                state += self.tr("，预计等候 %1").replace("%1", wait)
        elif place.state == "called":
            state = self.tr("正在叫号，请到 %1 办理").replace("%1", escape(place.window))
        elif place.state == "serving":
            state = self.tr("正在 %1 办理").replace("%1", escape(place.window))
        elif place.state == "done":
            state = self.tr("已办结")
        elif place.state == "missed":
            state = self.tr("已过号，请到服务台咨询")
        else:
            state = self.tr("已取消")
        html = f"<p><b>{head}</b></p><p>{state}</p>"
        if not place.today:
            html += "<p><i>" + self.tr("这不是今天的排队号。") + "</i></p>"
        self.result.setHtml(html)

    def reset(self) -> None:
        super().reset()
        self.result.clear()
        self.result.document().clearUndoRedoStacks()
