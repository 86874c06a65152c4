"""填写信息: the item's guide and its form, pre-filled from the card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from common_qt.qt import QtWidgets
from common_qt.widgets.form import FormView
from common_qt.widgets.guide import guide_html
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage


class FormPage(AcceptancePage):
    step = CounterStep.FORM

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        today: Callable[[], date],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        self.guide = QtWidgets.QTextBrowser()
        self.guide.setAccessibleName(self.tr("办事指南"))
        self.guide.setMaximumHeight(180)
        lay.addWidget(self.guide)
        self.form = FormView(today)
        lay.addWidget(self.form, 1)
        self.form_next = QtWidgets.QPushButton(self.tr("下一步：材料核验 (Enter)"))
        self.form_next.clicked.connect(lambda: controller.submit_form(self.form.values()))
        lay.addWidget(self.form_next)
        lay.addLayout(self.message_slot)
        controller.field_errors.connect(self.form.show_field_errors)

    def present(self) -> None:
        s = self.c.state
        if s.item is None:
            return
        self.guide.setHtml(guide_html(s.item))
        self.form.show_form(s.form_schema, s.form_defaults())

    def focus_widget(self) -> QtWidgets.QWidget | None:
        """The first field still to fill (the card filled the others): the clerk types on
        (nothing had the focus, and typing went nowhere)."""
        entries = list(self.form.fields.values())
        empty = next((e for e in entries if not e.value()), None)
        chosen = empty or (entries[0] if entries else None)
        return chosen.widget if chosen is not None else None

    def enter(self) -> bool:
        self.form_next.click()
        return True

    def wipe(self) -> None:
        self.form.wipe()
        self.guide.clear()
