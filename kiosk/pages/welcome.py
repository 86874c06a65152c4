"""首页: four big choices and where to get help."""

from __future__ import annotations

from common_qt.qt import QtWidgets, Signal
from core.flows.kiosk import KioskMode
from kiosk.pages.base import KioskPage, button

CHOICES = (
    # explanations in short lines: a button does not wrap its text, and in large text (适老化)
    # one long line would be wider than half the screen
    (KioskMode.APPLY, "我要办事", "刷身份证，填写信息，\n扫描材料，提交申请"),
    (KioskMode.QUERY, "进度查询", "用回执编号或身份证\n查询办理进度"),
    (KioskMode.GUIDE, "打印办事指南", "查看并打印要带的材料\n和办理要求"),
    (KioskMode.RATE, "服务评价", "用回执编号对\n办理过的事项进行评价"),
)


class WelcomePage(KioskPage):
    chosen = Signal(object)  # KioskMode

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(self.tr("您好，请选择要办理的业务"), parent)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(24)
        self.choice_buttons: dict[KioskMode, QtWidgets.QPushButton] = {}
        for i, (mode, label, explain) in enumerate(CHOICES):
            b = button(f"{label}\n{explain}", name=label)
            b.setObjectName("primaryChoice" if i == 0 else "choice")
            b.setAccessibleDescription(explain.replace("\n", ""))
            # two equal columns whatever the text: the page never grows past the screen
            b.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
            )
            b.clicked.connect(lambda _=False, m=mode: self.chosen.emit(m))
            grid.addWidget(b, i // 2, i % 2)
            self.choice_buttons[mode] = b
        self._texts = {mode: (label, explain) for mode, label, explain in CHOICES}
        self.body.addLayout(grid, 1)
        self.help_text = help_text = QtWidgets.QLabel(
            self.tr("需要帮助？请到咨询台，或向身边的大厅工作人员求助。")
        )
        help_text.setObjectName("hint")
        help_text.setWordWrap(True)
        self.body.addWidget(help_text)

    def show_readiness(self, reasons: dict[KioskMode, str]) -> None:
        """A journey a missing device prevents is not offered, and says why (readiness)."""
        for mode, b in self.choice_buttons.items():
            label, explain = self._texts[mode]
            reason = reasons.get(mode, "")
            b.setEnabled(not reason)
            b.setText(f"{label}\n{reason}" if reason else f"{label}\n{explain}")
            b.setAccessibleDescription(reason or explain.replace("\n", ""))
