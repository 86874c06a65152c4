"""服务评价: five levels; for the two lowest, reasons from the list (or words); skip allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common_qt.i18n import published, say, translate
from common_qt.qt import QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.flow import FlowLayout
from core.errors import ValidationError
from core.evaluation import NEGATIVE_REASONS, Rating, Satisfaction
from core.flows.kiosk import KioskStep
from kiosk.pages.base import ChoiceButton, KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController

LEVELS = (
    Satisfaction.VERY_SATISFIED,
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY_SATISFIED,
    Satisfaction.DISSATISFIED,
    Satisfaction.VERY_DISSATISFIED,
)


class EvaluatePage(KioskPage):
    rated = Signal(object)  # Rating, or None when skipped

    step = KioskStep.EVALUATE

    def prompt(self) -> str:
        return translate("prompts", "请对本次服务进行评价。")

    def present(self, c: KioskController) -> None:
        s = c.state
        self.reset()
        target = s.rate_target.item_name if s.rate_target else (s.item.name if s.item else "")
        self.show_subject(self.tr("办理事项：%1").replace("%1", published(target)))

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.subject = QtWidgets.QLabel()
        self.subject.setWordWrap(True)
        self.body.addWidget(self.subject)
        levels = QtWidgets.QWidget()
        row = FlowLayout(levels, spacing=16)  # five levels wrap rather than run off the screen
        self.level_group = QtWidgets.QButtonGroup(self)
        self.level_buttons: dict[Satisfaction, QtWidgets.QAbstractButton] = {}
        for level in LEVELS:
            option = ChoiceButton()  # one exclusive choice of five
            self.level_group.addButton(option)
            self.level_buttons[level] = option
            # toggled, not clicked: a screen reader's Toggle action checks a radio button
            # without a click (the negative reasons did not show for it)
            option.toggled.connect(lambda _on: self._level_changed())
            row.addWidget(option)
        self.body.addWidget(levels)
        self.reasons_box = QtWidgets.QGroupBox()
        box = QtWidgets.QVBoxLayout(self.reasons_box)
        reasons = QtWidgets.QWidget()
        grid = FlowLayout(reasons)
        box.addWidget(reasons)
        # each reason's button and the reason as the platform receives it (in Chinese)
        self.reason_buttons: list[QtWidgets.QPushButton] = []
        self.reasons: dict[QtWidgets.QPushButton, str] = {}
        for reason in NEGATIVE_REASONS:
            b = button()
            b.setCheckable(True)
            self.reason_buttons.append(b)
            self.reasons[b] = reason
            b.clicked.connect(lambda _=False: self.show_message(""))
            grid.addWidget(b)
        self.comment = QtWidgets.QLineEdit()
        self.comment.setMaxLength(500)
        lock_down(self.comment)
        box.addWidget(self.comment)
        self.reasons_box.hide()
        self.body.addWidget(self.reasons_box)
        self.body.addStretch(1)
        self.skip_button = skip = button()
        skip.clicked.connect(lambda: self.rated.emit(None))
        self.submit_button = button(primary=True)
        self.submit_button.clicked.connect(self._submit)
        self.buttons.addWidget(skip)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.submit_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("请对本次服务进行评价"))
        for level, b in self.level_buttons.items():
            label(b, say(level.label))
        self.reasons_box.setTitle(self.tr("请选择不满意的原因（可多选）"))
        for b, reason in self.reasons.items():
            label(b, say(reason))
        self.comment.setPlaceholderText(self.tr("其他意见（选填）"))
        self.comment.setAccessibleName(self.tr("其他意见"))
        label(self.skip_button, self.tr("跳过"))
        label(self.submit_button, self.tr("提交评价"))

    def show_subject(self, text: str) -> None:
        self.subject.setText(text)

    def level(self) -> Satisfaction | None:
        return next((lv for lv, b in self.level_buttons.items() if b.isChecked()), None)

    def _level_changed(self) -> None:
        self.show_message("")
        level = self.level()
        self.reasons_box.setVisible(level is not None and level.is_negative)

    def _submit(self) -> None:
        level = self.level()
        if level is None:
            self.show_message(self.tr("请先选择满意程度，或点击“跳过”。"))
            return
        reasons = tuple(self.reasons[b] for b in self.reason_buttons if b.isChecked())
        comment = self.comment.text().strip()
        if not level.is_negative:
            reasons, comment = (), ""
        try:
            rating = Rating(level, reasons, comment)  # the rule is core.evaluation's
        except ValidationError as e:
            self.show_message(say(e.user_message))
            return
        self.show_message("")
        self.rated.emit(rating)

    def reset(self) -> None:
        super().reset()
        self.subject.clear()
        self.level_group.setExclusive(False)
        for b in [*self.level_buttons.values(), *self.reason_buttons]:
            b.setChecked(False)
        self.level_group.setExclusive(True)
        wipe_line(self.comment)
        self.reasons_box.hide()
