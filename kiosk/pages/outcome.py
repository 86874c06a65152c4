"""The end of an application: the one-time notice (一次性告知), confirm and submit (with the
privacy notice), the receipt (its code in large digits and what the printer did), done."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from common_qt.i18n import english_only, published, say, translate
from common_qt.qt import Qt, QtGui, QtWidgets, Signal
from common_qt.widgets.reading import ReadableText
from core.application import NoticeEntry
from core.catalogue.models import ServiceItem
from core.elicence.licences import masked_number
from core.fees import yuan
from core.flows.kiosk import KioskMode, KioskStep, NoticeChoice
from core.forms import FieldType, Prefill
from core.validators import mask_id_number
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


class NoticePage(KioskPage):
    chosen = Signal(object)  # NoticeChoice

    step = KioskStep.NOTICE

    def prompt(self) -> str:
        return translate("prompts", "材料还不齐全，请取走一次性告知书。")

    def present(self, c: KioskController) -> None:
        s = c.state
        if s.item is not None and s.check is not None:
            self.show_notice(s.item, s.check.entries)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.entries = QtWidgets.QLabel()
        self.entries.setObjectName("lead")
        self.entries.setWordWrap(True)
        self.entries.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.entries)
        self.print_state = QtWidgets.QLabel()
        self.print_state.setObjectName("hint")
        self.print_state.setWordWrap(True)
        self.body.addWidget(self.print_state)
        self.body.addStretch(1)
        self.rescan_button = rescan = button()
        rescan.clicked.connect(lambda: self.chosen.emit(NoticeChoice.RESCAN))
        self.finish_button = finish = button(primary=True)
        finish.clicked.connect(lambda: self.chosen.emit(NoticeChoice.FINISH))
        self.buttons.addWidget(rescan)
        self.buttons.addStretch(1)
        self.buttons.addWidget(finish)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("材料还不齐全（一次性告知）"))
        label(self.rescan_button, self.tr("返回补扫材料"))
        label(self.finish_button, self.tr("取走告知书，结束办理"))

    def show_notice(self, item: ServiceItem, entries: tuple[NoticeEntry, ...]) -> None:
        self.lead.setText(
            self.tr("您申请的“%1”还需要以下材料，补齐后即可提交。本次没有提交任何申请。").replace(
                "%1", published(item.name)
            )
        )
        self.entries.setText(
            "<ol>" + "".join(f"<li>{escape(say(e.text))}</li>" for e in entries) + "</ol>"
        )
        self.print_state.setText(self.tr("正在打印一次性告知书…"))

    def show_print(self, message: str) -> None:
        self.print_state.setText(say(message))

    def reset(self) -> None:
        super().reset()
        self.lead.clear()
        self.entries.clear()
        self.print_state.clear()


class ConfirmPage(KioskPage):
    confirmed = Signal()
    back_requested = Signal()

    step = KioskStep.CONFIRM

    def prompt(self) -> str:
        return translate("prompts", "请核对申请信息，确认后提交。")

    def present(self, c: KioskController) -> None:
        s, item = c.state, c.state.item
        if item is None or s.identity is None:
            return
        # the name and number taken from the card are in the 申请人 line above the fields
        # (the summary said them twice)
        fields = [
            (f.label, _shown(f.type, v))
            for f in s.form_schema.fields
            if (v := s.form.get(f.key)) and f.prefill not in (Prefill.NAME, Prefill.ID_NUMBER)
        ]
        self.show_summary(
            item,
            s.identity.display_name,
            s.identity.id_number,
            fields,
            c.pages.counts(),
            typed=s.identity_typed,
            licences={
                code: f"{u.licence.type_name} {masked_number(u.licence.number)}"
                for code, sub in s.provided.items()
                if sub.via_elicence and (u := c.licence_for(code)) is not None
            },
        )

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.summary = ReadableText()  # a screen reader reads what it shows
        # what was scanned beside what was filled in on a landscape screen, below it on a
        # portrait one (one column put the materials below the fold beside 确认提交)
        self.scanned = ReadableText()
        self.columns = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(16)
        self.columns.addWidget(self.summary, 3)
        self.columns.addWidget(self.scanned, 2)
        self.body.addLayout(self.columns, 1)
        self.privacy = QtWidgets.QLabel()
        self.privacy.setObjectName("hint")
        self.privacy.setWordWrap(True)
        self.body.addWidget(self.privacy)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.submit_button = button(primary=True)
        self.submit_button.clicked.connect(self.confirmed)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.submit_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("请确认后提交"))
        self.summary.setAccessibleName(self.tr("申请内容"))
        self.scanned.setAccessibleName(self.tr("已扫描材料"))
        self.privacy.setText(
            self.tr(
                "个人信息保护告知：本终端收集您的身份证信息、填写的内容和扫描的材料，仅用于办理您申请的"
                "事项，经加密保存在本机，上报政务服务平台后于30日内自动清除；不会用于其他用途。"
                "点击“确认提交”即表示您同意按上述方式处理。"
            )
        )
        label(self.back_button, self.tr("返回修改"))
        label(self.submit_button, self.tr("确认提交"))

    def show_summary(
        self,
        item: ServiceItem,
        name: str,
        id_number: str,
        fields: list[tuple[str, str]],
        pages: dict[str, int],
        *,
        typed: bool = False,
        licences: dict[str, str] | None = None,
    ) -> None:
        """``licences``: material code → the e-licence that stands for it (免提交)."""
        names = {m.code: published(m.name) for m in item.materials}
        colon = self.tr("：")
        rows = "".join(
            f"<tr><td>{escape(published(k))}{colon}</td><td>{escape(v)}</td></tr>"
            for k, v in fields
        )
        count = self.tr("（%1页）")
        used = self.tr("（电子证照 %1，免提交）")
        materials = "".join(
            f"<li>{escape(names.get(code, code))}{used.replace('%1', escape(what))}</li>"
            for code, what in (licences or {}).items()
        ) + "".join(
            f"<li>{escape(names.get(code, code))}{count.replace('%1', str(n))}</li>"
            for code, n in pages.items()
            if n
        )
        who = (
            self.tr("申请人：%1　证件号码：%2")
            .replace("%1", escape(name))
            .replace("%2", escape(mask_id_number(id_number)))
        )
        scanned = self.tr("已收材料：") if licences else self.tr("已扫描材料：")
        self.summary.setHtml(
            f"<h3>{escape(published(item.name))}</h3>"
            f"<p>{who}" + (self.tr("（手工录入，未读卡核验）") if typed else "") + "</p>"
            f"<table>{rows}</table>"
        )
        self.scanned.setHtml(f"<h3>{scanned}</h3><ol>{materials}</ol>" if materials else "")
        # named as headed (a screen reader heard 已扫描材料 over e-licences nobody scanned)
        self.scanned.setAccessibleName(self.tr("已收材料") if licences else self.tr("已扫描材料"))
        self.scanned.setVisible(bool(materials))
        self.submit_button.setEnabled(True)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        size = event.size()
        direction = QtWidgets.QBoxLayout.Direction
        self.columns.setDirection(
            direction.LeftToRight if size.width() > size.height() else direction.TopToBottom
        )

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)

    def reset(self) -> None:
        super().reset()
        for text in (self.summary, self.scanned):
            text.clear()
            text.document().clearUndoRedoStacks()


class ReceiptPage(KioskPage):
    reprint_requested = Signal()
    next_requested = Signal()

    step = KioskStep.RECEIPT

    def prompt(self) -> str:
        return translate("prompts", "申请已提交，请取走回执。")

    def present(self, c: KioskController) -> None:
        self.show_receipt(c.state.receipt_number)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.code_label = QtWidgets.QLabel()
        self.body.addWidget(self.code_label)
        self.code = QtWidgets.QLabel()
        self.code.setObjectName("bigCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # in large type on a portrait screen a wide code (W, Q, M) is wider than the screen:
        # it breaks after a hyphen rather than being cut off (see show_receipt)
        self.code.setWordWrap(True)
        self.body.addWidget(self.code)
        self.honest = QtWidgets.QLabel()
        self.honest.setWordWrap(True)
        self.body.addWidget(self.honest)
        self.print_state = QtWidgets.QLabel()
        self.print_state.setObjectName("lead")
        self.print_state.setWordWrap(True)
        self.body.addWidget(self.print_state)
        # 即办: the platform's decision, as it comes (or that it comes later)
        self.instant = QtWidgets.QLabel()
        self.instant.setObjectName("lead")
        self.instant.setWordWrap(True)
        self.instant.hide()
        self.body.addWidget(self.instant)
        self.body.addStretch(1)
        self.reprint_button = button()
        self.reprint_button.clicked.connect(self.reprint_requested)
        self.reprint_button.hide()
        self.next_button = button(primary=True)
        self.next_button.clicked.connect(self.next_requested)
        self.buttons.addWidget(self.reprint_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.next_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("申请已提交"))
        self.code_label.setText(self.tr("您的回执编号（查询进度时使用）："))
        label(self.reprint_button, self.tr("重新打印回执"))
        label(self.next_button, self.tr("下一步：服务评价"))

    def show_receipt(self, receipt_number: str) -> None:
        # a break allowed after each hyphen (Unicode allows none between a hyphen and a digit:
        # K0001-261201-8NVH0W was one unbreakable word, 1088 px in a 1080 px screen)
        self.code.setText(receipt_number.replace("-", "-\u200b"))
        self.code.setAccessibleName(self.tr("回执编号 %1").replace("%1", " ".join(receipt_number)))
        self.honest.setText(
            self.tr(
                "您的申请已保存在本终端，将自动上报政务服务平台；上报后生成正式办件编号，"
                "凭回执编号即可查询。"
            )
        )
        self.print_state.setText(self.tr("正在打印回执…"))
        self.reprint_button.hide()

    def show_instant_waiting(self) -> None:
        self.instant.setText(self.tr("本事项为即办件，正在提交政务服务平台即时办理…"))
        self.instant.show()

    def show_instant(self, result: dict[str, object] | None) -> None:
        """The platform's 即办 decision: done, its result printed; or not in time (offline):
        decided once the kiosk is back online — no result is printed before that."""
        if result is None:
            self.instant.setText(
                self.tr(
                    "本事项为即办件：网络恢复、上报政务服务平台后即自动办理，"
                    "请凭回执编号查询并领取办理结果。"
                )
            )
        elif result.get("awaiting_payment"):
            payment = result.get("payment")
            total_fen = payment.get("total_fen", 0) if isinstance(payment, dict) else 0
            amount = yuan(total_fen) if isinstance(total_fen, int) else "—"
            self.instant.setText(
                self.tr(
                    "本事项需缴费 %1元：缴款通知书正在打印，请用手机扫描其上的二维码缴费。"
                    "缴费成功后政务服务平台即时办结，可凭回执编号在“进度查询”中查看。"
                ).replace("%1", amount)
            )
        else:
            title = str(result.get("title", ""))
            self.instant.setText(
                self.tr("已办结！%1已由政务服务平台出具，正在打印，请取走。").replace("%1", title)
            )
        self.instant.show()

    def show_print(self, ok: bool, message: str) -> None:
        message = say(message)
        if not ok:
            message += self.tr("您也可以记下上方的回执编号，到服务窗口凭编号补打。")
        self.print_state.setText(message)
        self.reprint_button.setVisible(not ok)

    def reset(self) -> None:
        super().reset()
        self.code.clear()
        self.honest.clear()
        self.print_state.clear()
        self.instant.clear()
        self.instant.hide()
        self.reprint_button.hide()


class DonePage(KioskPage):
    finished = Signal()

    step = KioskStep.DONE

    def prompt(self) -> str:
        return translate("prompts", "感谢您的使用，再见。")

    def present(self, c: KioskController) -> None:
        s = c.state
        if s.mode is KioskMode.APPLY and s.check is not None and not s.check.complete:
            text = self.tr("请按一次性告知书带齐材料后再来办理。本次没有提交申请。")
        elif s.mode is KioskMode.GUIDE:
            text = self.tr("请按办事指南准备材料。")
        elif s.receipt_number:
            text = self.tr("请妥善保管回执，凭回执编号 %1 可随时查询进度。").replace(
                "%1", s.receipt_number
            )
        else:
            text = self.tr("感谢您的评价。")
        self.show_done(text)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.text = QtWidgets.QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("lead")
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.done_button = done = button(primary=True)
        done.clicked.connect(self.finished)
        self.buttons.addStretch(1)
        self.buttons.addWidget(done)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("办理结束，谢谢！"))
        label(self.done_button, self.tr("完成"))

    def show_done(self, text: str) -> None:
        self.text.setText(text)

    def reset(self) -> None:
        super().reset()
        self.text.clear()


def _shown(kind: FieldType, value: str) -> str:
    """A form value as the confirm page shows it: an ID number masked, a choice in the
    current language (the value itself stays as published)."""
    if kind is FieldType.ID_NUMBER:
        return mask_id_number(value)
    return english_only(value) if kind is FieldType.CHOICE else value
