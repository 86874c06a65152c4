"""取号 and 预约签到: the hall's categories to take a number in (or found from a service), the
appointments of today to check in, and the ticket — its number large, the people before it,
an honest estimate, printed with a QR the progress query follows."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from common_qt.i18n import published, say, translate
from common_qt.qt import Qt, QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.flow import FlowLayout
from core.clock import CST
from core.flows.kiosk import Claim, KioskStep, TicketChoice
from core.validators import mask_name
from kiosk.pages.base import ChoiceCheck, KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController
    from terminal.queue_desk import IssuedTicket, QueueOverview


def said_estimate(estimate: str) -> str:
    """The hall server's estimate (约15分钟, 无需等待) in the current language."""
    if estimate == "无需等待":
        return translate("queue", "无需等待")
    m = re.fullmatch(r"约(\d+)分钟", estimate)
    if m:
        return translate("queue", "约%1分钟").replace("%1", m.group(1))
    return estimate


class QueueCategoryPage(KioskPage):
    """The categories as big buttons (who waits, how long); a tap takes the number. A
    priority is claimed here where the hall grants it; a service typed finds its category."""

    chosen = Signal(object)  # TicketChoice
    find_requested = Signal(str)  # a service's name: which category is it in?
    back_requested = Signal()

    step = KioskStep.QUEUE_CATEGORY

    def prompt(self) -> str:
        return translate("prompts", "请选择要办理的业务类别，取号后请留意叫号。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.who = QtWidgets.QLabel()
        self.who.setObjectName("lead")
        self.who.setWordWrap(True)
        self.body.addWidget(self.who)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(16)
        self.body.addLayout(self.grid)
        self.category_buttons: dict[str, QtWidgets.QPushButton] = {}
        # 优先: claimed here, shown at the window (the hall enables each)
        self.claims: dict[Claim, QtWidgets.QCheckBox] = {}
        claims_box = QtWidgets.QWidget()
        claims = FlowLayout(claims_box)  # side by side where they fit, else one below the other
        for claim in (Claim.DISABLED, Claim.SERVICE_MEMBER):
            box = ChoiceCheck()
            box.toggled.connect(lambda on, c=claim: self._one_claim(c, on))
            claims.addWidget(box)
            self.claims[claim] = box
        self.body.addWidget(claims_box)
        self.claims_note = QtWidgets.QLabel()
        self.claims_note.setObjectName("hint")
        self.claims_note.setWordWrap(True)
        self.body.addWidget(self.claims_note)
        # 不知道选哪类: a service's name finds its category
        self.find_label = QtWidgets.QLabel()
        self.find_label.setWordWrap(True)
        self.body.addWidget(self.find_label)
        self.finder = QtWidgets.QLineEdit()
        self.finder.setMaxLength(30)
        lock_down(self.finder)
        self.finder.returnPressed.connect(lambda: self.find_requested.emit(self.finder.text()))
        self.finder.textChanged.connect(self._find_typed)
        self.body.addWidget(self.finder)
        self.found = QtWidgets.QWidget()
        self.found_layout = FlowLayout(self.found)
        self.found.hide()
        self.body.addWidget(self.found)
        self.body.addStretch(1)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self._overview: QueueOverview | None = None
        self._card = False
        self._name = ""
        self.retranslate()

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return None  # the keys come up only when the citizen taps the search field

    def retranslate(self) -> None:
        self.title.setText(self.tr("取号：请选择业务类别"))
        # short: a check box's words do not wrap (a portrait screen in large text)
        self.claims[Claim.DISABLED].setText(self.tr("残疾人优先"))
        self.claims[Claim.SERVICE_MEMBER].setText(self.tr("军人、消防救援人员优先"))
        self.claims_note.setText(self.tr("选择优先的，到窗口时请出示残疾人证或相关证件。"))
        self.find_label.setText(self.tr("不知道选哪一类？输入要办的事，如“身份证”“社保”："))
        self.finder.setAccessibleName(self.tr("按事项查找业务类别"))
        self.finder.setPlaceholderText(self.tr("事项名称或拼音首字母"))
        label(self.back_button, self.tr("返回"))
        self._show_who()
        if self._overview is not None:
            self.show_overview(self._overview, self._card)

    def present(self, c: KioskController) -> None:
        identity = c.state.identity
        self._card = identity is not None
        self._name = identity.name if identity is not None else ""
        self._show_who()
        if c.queue_overview is not None:
            self.show_overview(c.queue_overview, self._card)
        c.refresh_queue()  # who waits now

    def _show_who(self) -> None:
        who = (
            self.tr("已读取身份证：%1").replace("%1", mask_name(self._name))
            if self._card
            else self.tr("未刷身份证：部分业务须刷身份证取号。")
        )
        if self._overview is not None and self._overview.offline:  # one line, not two
            who += self.tr("大厅排队系统连接中断，号码照常发放，等候人数暂不显示。")
        self.who.setText(who)

    def show_overview(self, overview: QueueOverview, card: bool | None = None) -> None:
        """The categories as they stand (a card read or not: ``card``)."""
        self._overview = overview
        if card is not None:
            self._card = card
        letters = [c.letter for c in overview.categories]
        if letters != list(self.category_buttons):  # new categories: new buttons
            for b in self.category_buttons.values():
                self.grid.removeWidget(b)
                b.hide()  # gone now, not when the deferred delete comes
                b.deleteLater()
            self.category_buttons.clear()
            for i, letter in enumerate(letters):
                b = button()
                b.setObjectName("category")
                b.setSizePolicy(
                    QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
                )
                b.clicked.connect(lambda _=False, c=letter: self._choose(c))
                self.grid.addWidget(b, i // 2, i % 2)
                self.category_buttons[letter] = b
        # the same categories: their buttons say who waits now (never rebuilt under a finger)
        for category in overview.categories:
            b = self.category_buttons[category.letter]
            waiting = overview.waiting.get(category.letter)
            lines = [f"{published(category.name)}（{category.letter}）"]
            if overview.offline or waiting is None:
                pass
            elif waiting == 0:
                lines.append(self.tr("无人等候"))
            else:
                line = self.tr("等候 %1 人").replace("%1", str(waiting))
                estimate = said_estimate(overview.estimates.get(category.letter, ""))
                lines.append(f"{line}　{estimate}" if estimate else line)
            needs_card = category.card_only and not self._card
            if needs_card:
                lines.append(self.tr("须刷身份证取号"))
            label(b, "\n".join(lines), lines[0])
            b.setAccessibleDescription("，".join(lines[1:]))
            b.setEnabled(not needs_card)
        policy = overview.policy
        self.claims[Claim.DISABLED].setVisible(policy.disabled_priority)
        self.claims[Claim.SERVICE_MEMBER].setVisible(policy.service_member_priority)
        self.claims_note.setVisible(policy.disabled_priority or policy.service_member_priority)
        self._show_who()

    def _one_claim(self, claim: Claim, on: bool) -> None:
        if on:
            for other, box in self.claims.items():
                if other is not claim:
                    box.setChecked(False)

    def claim(self) -> Claim:
        return next((c for c, box in self.claims.items() if box.isChecked()), Claim.NONE)

    def _choose(self, letter: str) -> None:
        self.chosen.emit(TicketChoice(letter, self.claim()))

    def _find_typed(self, text: str) -> None:
        if len(text.strip()) >= 2:
            self.find_requested.emit(text)
        elif not text.strip():
            self.show_found([])

    def show_found(self, found: list[tuple[str, str]]) -> None:
        """Services found by the name typed, each with its category's letter: a tap takes
        the number in it."""
        while self.found_layout.count():
            item = self.found_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not when the deferred delete comes
                widget.deleteLater()
        names = {c.letter: c.name for c in self._overview.categories} if self._overview else {}
        self.found.setVisible(bool(found))  # no room taken while nothing is found
        for service, letter in found[:6]:
            b = button()
            b.setObjectName("chip")
            text = f"{say(service)} → {published(names.get(letter, letter))}（{letter}）"
            label(b, text)
            b.clicked.connect(lambda _=False, c=letter: self._choose(c))
            self.found_layout.addWidget(b)

    def keys_shown(self, on: bool) -> None:
        self.who.setVisible(not on)
        for box in self.claims.values():
            box.setVisible(
                not on
                and self._overview is not None
                and (
                    self._overview.policy.disabled_priority
                    if box is self.claims[Claim.DISABLED]
                    else self._overview.policy.service_member_priority
                )
            )

    def reset(self) -> None:
        super().reset()
        wipe_line(self.finder)
        self.show_found([])
        for box in self.claims.values():
            box.setChecked(False)
        self._card, self._name = False, ""


class AppointmentsPage(KioskPage):
    """预约签到: today's appointments of the card's holder, each checked in with a tap (one
    outside its window says when it opens)."""

    chosen = Signal(str)  # the appointment's reference
    back_requested = Signal()

    step = KioskStep.APPOINTMENTS

    def prompt(self) -> str:
        return translate("prompts", "请选择要签到的预约。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setObjectName("lead")
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.list = QtWidgets.QVBoxLayout()
        self.list.setSpacing(12)
        self.body.addLayout(self.list)
        self.body.addStretch(1)
        self.back_button = button()
        self.back_button.clicked.connect(self.back_requested)
        self.buttons.addWidget(self.back_button)
        self.buttons.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("预约签到"))
        label(self.back_button, self.tr("返回"))

    def present(self, c: KioskController) -> None:
        self.show_appointments(None)

    def show_appointments(self, found: list[dict[str, Any]] | None) -> None:
        """None: still being looked up."""
        while self.list.count():
            item = self.list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not when the deferred delete comes
                widget.deleteLater()
        if found is None:
            self.lead.setText(self.tr("正在查询您今天的预约…"))
            return
        if not found:
            self.lead.setText(self.tr("没有查到您今天的预约。请返回首页取号排队，或到服务台咨询。"))
            return
        self.lead.setText(self.tr("您今天的预约（点击签到）："))
        for a in found:
            slot = datetime.fromisoformat(str(a["slot"])).astimezone(CST)
            lines = [f"{slot:%H:%M}　{published(str(a.get('category_name', '')))}"]
            why = str(a.get("refused", ""))
            if a.get("ticket"):
                lines.append(self.tr("已签到，排队号 %1").replace("%1", str(a["ticket"])))
            elif why:
                lines.append(say(why))
            else:
                lines.append(self.tr("点击签到"))
            b = button()
            b.setObjectName("category")
            label(b, "\n".join(lines), lines[0])
            b.setAccessibleDescription("，".join(lines[1:]))
            b.setEnabled(not why and not a.get("ticket"))
            b.clicked.connect(lambda _=False, r=str(a["reference"]): self.chosen.emit(r))
            self.list.addWidget(b)

    def reset(self) -> None:
        super().reset()
        self.show_appointments(None)


class TicketPage(KioskPage):
    """The ticket: its number large, the category, the people before it, the estimate, the
    printing; a ticket issued while the hall server was away says so."""

    reprint_requested = Signal()
    finished = Signal()

    step = KioskStep.TICKET

    def prompt(self) -> str:
        return translate("prompts", "取号成功，请取走排队号，留意叫号。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.number = QtWidgets.QLabel()
        self.number.setObjectName("bigCode")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.number)
        self.details = QtWidgets.QLabel()
        self.details.setObjectName("lead")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.body.addWidget(self.details)
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.print_state = QtWidgets.QLabel()
        self.print_state.setObjectName("lead")
        self.print_state.setWordWrap(True)
        self.body.addWidget(self.print_state)
        self.body.addStretch(1)
        self.reprint_button = button()
        self.reprint_button.clicked.connect(self.reprint_requested)
        self.reprint_button.hide()
        self.done_button = button(primary=True)
        self.done_button.clicked.connect(self.finished)
        self.buttons.addWidget(self.reprint_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.done_button)
        self._ticket: IssuedTicket | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("取号成功"))
        label(self.reprint_button, self.tr("重新打印排队号"))
        label(self.done_button, self.tr("完成"))
        if self._ticket is not None:
            self._show(self._ticket)

    def present(self, c: KioskController) -> None:
        self._ticket = c.state.ticket
        if self._ticket is not None:
            self._show(self._ticket)
        self.print_state.setText(self.tr("正在打印排队号…"))
        self.reprint_button.hide()

    def _show(self, t: IssuedTicket) -> None:
        self.number.setText(t.number)
        self.number.setAccessibleName(self.tr("您的排队号 %1").replace("%1", " ".join(t.number)))
        lines = [published(t.category_name) + (self.tr("（预约）") if t.appointment else "")]
        if t.ahead is not None:
            lines.append(self.tr("前面还有 %1 人").replace("%1", str(t.ahead)))
        if t.estimate == "无需等待":
            lines.append(said_estimate(t.estimate))
        elif t.estimate:
            lines.append(self.tr("预计等候 %1").replace("%1", said_estimate(t.estimate)))
        self.details.setText("　".join(lines))
        notes = [self.tr("请留意叫号屏和语音叫号；过号请到服务台咨询。")]
        if t.provisional:
            notes.insert(0, self.tr("大厅排队系统连接中断，本号码由本机发放，叫号不受影响。"))
        if t.priority:
            notes.append(self.tr("您将被优先叫号。"))
        self.note.setText("".join(notes))

    def show_print(self, ok: bool, message: str) -> None:
        message = say(message)
        if not ok:
            message += self.tr("请记下上方的排队号，留意叫号。")
        self.print_state.setText(message)
        self.reprint_button.setVisible(not ok)

    def reset(self) -> None:
        super().reset()
        self._ticket = None
        self.number.clear()
        self.details.clear()
        self.note.clear()
        self.print_state.clear()
        self.reprint_button.hide()
