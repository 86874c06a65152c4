"""填写信息: the item's form (common_qt's FormView), pre-filled from the card, checked as the
citizen types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from common_qt.i18n import translate
from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.form import FormView
from core.flows.kiosk import KioskStep
from core.forms import FormSchema
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController


class FormPage(KioskPage):
    submitted = Signal(object)  # dict[str, str]
    back_requested = Signal()

    step = KioskStep.FORM

    def prompt(self) -> str:
        return translate("prompts", "请核对并填写申请信息。")

    def present(self, c: KioskController) -> None:
        if c.state.item is not None:
            self.show_form(c.state.form_schema, c.state.form_defaults())

    def __init__(self, today: Callable[[], date], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.lead = QtWidgets.QLabel()
        self.lead.setObjectName("hint")
        self.lead.setWordWrap(True)
        self.body.addWidget(self.lead)
        self.view = FormView(today)
        self.body.addWidget(self.view, 1)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.next_button = button(primary=True)
        self.next_button.clicked.connect(lambda: self.submitted.emit(self.values()))
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.next_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("请核对并填写申请信息"))
        self.lead.setText(self.tr("带 * 的为必填项；已根据身份证自动填写的内容请核对。"))
        label(self.back_button, self.tr("返回"))
        label(self.next_button, self.tr("下一步"))

    @property
    def fields(self) -> dict:  # type: ignore[type-arg]
        return self.view.fields

    def show_form(self, schema: FormSchema, values: Mapping[str, str]) -> None:
        self.view.show_form(schema, values)

    def values(self) -> dict[str, str]:
        return self.view.values()

    def show_field_errors(self, errors: Mapping[str, str]) -> None:
        self.view.show_field_errors(errors)

    def reset(self) -> None:
        super().reset()
        self.view.wipe()
