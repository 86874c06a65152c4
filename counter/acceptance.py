"""一窗受理: the clerk's acceptance — applicant, item and guide, the form, the materials
checklist, the decision with its notice. The panel holds the pages (counter/pages/, one per
step of core.flows.counter), the trail, who and what is being served, the message line and the
way back (上一步, 取消本次办理); it renders the controller's step and emits intents; no rule
here. Keyboard first: F5 受理, F6 补正, F7 不予受理, Enter moves on, Alt+← goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.widgets.editing import TypeAhead
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage
from counter.pages.card import ReadCardPage
from counter.pages.consent import ConsentPage
from counter.pages.decide import DecidePage
from counter.pages.form import FormPage
from counter.pages.item import PickItemPage
from counter.pages.materials import MaterialsPage
from counter.pages.result import ResultPage

CANCEL_CONFIRM_MS = 4000  # 取消本次办理 asks again; a second press within this discards


class AcceptancePanel(QtWidgets.QWidget):
    cancelled = Signal()  # the clerk discarded the acceptance: the applicant leaves

    def __init__(
        self,
        controller: AcceptanceController,
        today: Callable[[], date],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.c = controller
        outer = QtWidgets.QVBoxLayout(self)
        self.trail = QtWidgets.QLabel()
        self.trail.setObjectName("trail")
        outer.addWidget(self.trail)
        # who is being served and for what, on every step (eight 居民身份证… items sit together)
        self.applicant = QtWidgets.QLabel()
        self.applicant.setObjectName("lead")
        self.applicant.setWordWrap(True)
        self.applicant.setAccessibleName(self.tr("正在办理"))
        outer.addWidget(self.applicant)
        self.stack = QtWidgets.QStackedWidget()
        outer.addWidget(self.stack, 1)
        # the message line: moved into each page beside its actions as the page shows
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        nav = QtWidgets.QHBoxLayout()
        self.back_button = QtWidgets.QPushButton(self.tr("上一步 (Alt+←)"))
        self.back_button.setAccessibleName(self.tr("上一步"))
        self.back_button.clicked.connect(self._back)
        back = QtGui.QShortcut(QtGui.QKeySequence("Alt+Left"), self)
        back.activated.connect(self._back)
        self.cancel_button = QtWidgets.QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        self._cancel_armed = QtCore.QTimer(self)
        self._cancel_armed.setSingleShot(True)
        self._cancel_armed.setInterval(CANCEL_CONFIRM_MS)
        self._cancel_armed.timeout.connect(self._disarm_cancel)
        self._disarm_cancel()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.cancel_button)
        outer.addLayout(nav)

        say = self._message
        self.card_page = ReadCardPage(controller, say)
        self.consent_page = ConsentPage(controller, say)
        self.item_page = PickItemPage(controller, say)
        self.form_page = FormPage(controller, say, today)
        self.materials_page = MaterialsPage(controller, say)
        self.decide_page = DecidePage(controller, say)
        self.decide_page.shortcuts(self)
        self.result_page = ResultPage(controller, say)
        self.done_button = self.result_page.done_button
        self.pages: dict[CounterStep, AcceptancePage] = {}
        for page in (
            self.card_page,
            self.consent_page,
            self.item_page,
            self.form_page,
            self.materials_page,
            self.decide_page,
            self.result_page,
        ):
            self.pages[page.step] = page
            self.stack.addWidget(page)
        # keys typed while a chosen item loads go to its form's first field to fill
        self.typeahead = TypeAhead(self)
        controller.choosing.connect(self.typeahead.start)
        controller.error.connect(self._refused)
        controller.step_changed.connect(self._render)
        controller.error.connect(self._message)
        self._render(controller.step.value)

    # -- the way back -----------------------------------------------------------------------

    def _back(self) -> None:
        if self.c.can_go_back:
            self._disarm_cancel()
            self.c.back()

    def _cancel(self) -> None:
        """取消本次办理: asks once more (the form and checklist would go), then discards the
        acceptance — nothing of it was recorded — and the applicant leaves."""
        if not self._cancel_armed.isActive():
            self.cancel_button.setText(self.tr("确认取消？再按一次"))
            self._message(self.tr("再按一次“取消本次办理”将放弃本次受理，已填写的内容不保存。"))
            self._cancel_armed.start()
            return
        self._disarm_cancel()
        self.c.next_applicant()
        self._message(self.tr("已取消本次办理，未保存任何内容。"))
        self.cancelled.emit()

    def _disarm_cancel(self) -> None:
        self._cancel_armed.stop()
        self.cancel_button.setText(self.tr("取消本次办理"))

    # -- rendering ------------------------------------------------------------------------

    def _render(self, step_name: str) -> None:
        step = CounterStep(step_name)
        s = self.c.state
        if step is CounterStep.READ_CARD:
            self._wipe()
        page = self.pages[step]
        page.present()
        page.message_slot.addWidget(self.message)  # beside the page's actions
        self.stack.setCurrentWidget(page)
        if s.identity is not None:
            ident = s.identity
            typed = "（人工录入）" if s.identity_typed else ""
            served = f"申请人：{ident.display_name}　{ident.id_number}{typed}"
            if s.item is not None and step is not CounterStep.PICK_ITEM:
                served += f"\n事项：{s.item.name}（{s.item.department}）"
            self.applicant.setText(served)
        self.back_button.setVisible(self.c.can_go_back)
        in_progress = step not in (CounterStep.READ_CARD, CounterStep.DONE)
        self.cancel_button.setVisible(in_progress)
        if not in_progress:
            self._disarm_cancel()
        focus = page.focus_widget()
        if focus is not None:
            focus.setFocus()
        self.typeahead.deliver(focus if step is CounterStep.FORM else None)
        self.show_trail()

    def show_trail(self) -> None:
        """第 n 步，共 m 步, and the queue number being served (the ticket called to this
        window is this acceptance's applicant)."""
        position, total = self.c.journey.progress()
        ticket = self.c.ticket[-4:] if self.c.ticket else ""  # its follow code ends in A012
        served = f"　·　排队号 {ticket}" if ticket else ""
        self.trail.setText(f"第 {position} 步，共 {total} 步：{self.c.journey.step.label}{served}")

    def _refused(self, text: str) -> None:
        """An intent refused (an item that could not be loaded): what was typed ahead for the
        step it did not reach is let go ("" only clears the message line)."""
        if text:
            self.typeahead.deliver(None)

    def _message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _wipe(self) -> None:
        """The next applicant: nothing of the previous one stays on screen."""
        for page in self.pages.values():
            page.wipe()
        self.applicant.clear()
        self.message.clear()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            page = self.pages[self.c.step]
            if page.enter():
                return
        super().keyPressEvent(event)
