"""首页: four big choices, where to get help, and the language (中文 / English)."""

from __future__ import annotations

from common_qt.i18n import CHINESE, ENGLISH, available, current, one_line, say, translate
from common_qt.qt import QtWidgets, Signal
from core.flows.kiosk import KioskMode, KioskStep
from kiosk.pages.base import KioskPage, button, label

MODES = (KioskMode.APPLY, KioskMode.QUERY, KioskMode.GUIDE, KioskMode.RATE)


class WelcomePage(KioskPage):
    chosen = Signal(object)  # KioskMode
    language_requested = Signal(str)  # "zh_CN" or "en"

    step = KioskStep.WELCOME

    def prompt(self) -> str:
        return translate("prompts", "您好，请选择要办理的业务。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(24)
        self.choice_buttons: dict[KioskMode, QtWidgets.QPushButton] = {}
        for i, mode in enumerate(MODES):
            b = button()
            b.setObjectName("primaryChoice" if i == 0 else "choice")
            # two equal columns whatever the text: the page never grows past the screen
            b.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
            )
            b.clicked.connect(lambda _=False, m=mode: self.chosen.emit(m))
            grid.addWidget(b, i // 2, i % 2)
            self.choice_buttons[mode] = b
        self.body.addLayout(grid, 1)
        self.help_text = QtWidgets.QLabel()
        self.help_text.setObjectName("hint")
        self.help_text.setWordWrap(True)
        self.body.addWidget(self.help_text)
        # the other language, named in itself (a reader of it finds it without reading ours),
        # beside the title: on screen without scrolling, whatever the text size
        self.language_button = button()
        self.language_button.setObjectName("language")
        self.language_button.setProperty("other_language", True)  # in the other language
        self.language_button.clicked.connect(
            lambda: self.language_requested.emit(ENGLISH if current() == CHINESE else CHINESE)
        )
        self.language_button.setVisible(available(ENGLISH))
        outer = self.layout()
        assert isinstance(outer, QtWidgets.QVBoxLayout)
        outer.removeWidget(self.title)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language_button)
        outer.insertLayout(0, top)
        self._reasons: dict[KioskMode, str] = {}
        self.retranslate()

    def _texts(self) -> dict[KioskMode, tuple[str, str]]:
        # explanations in short lines: a button does not wrap its text, and in large text
        # (适老化) one long line would be wider than half the screen
        return {
            KioskMode.APPLY: (
                self.tr("我要办事"),
                self.tr("刷身份证，填写信息，\n扫描材料，提交申请"),
            ),
            KioskMode.QUERY: (self.tr("进度查询"), self.tr("用回执编号或身份证\n查询办理进度")),
            KioskMode.GUIDE: (self.tr("打印办事指南"), self.tr("查看并打印要带的材料\n和办理要求")),
            KioskMode.RATE: (self.tr("服务评价"), self.tr("用回执编号对\n办理过的事项进行评价")),
        }

    def retranslate(self) -> None:
        self.title.setText(self.tr("您好，请选择要办理的业务"))
        self.help_text.setText(self.tr("需要帮助？请到咨询台，或向身边的大厅工作人员求助。"))
        if current() == CHINESE:
            label(self.language_button, "English", "English")
            self.language_button.setAccessibleDescription("Use the kiosk in English")
        else:
            label(self.language_button, "中文", "中文")
            self.language_button.setAccessibleDescription("使用中文")
        self.show_readiness(self._reasons)

    def show_readiness(self, reasons: dict[KioskMode, str]) -> None:
        """A journey a missing device prevents is not offered, and says why (readiness)."""
        self._reasons = dict(reasons)
        for mode, (title, explain) in self._texts().items():
            b = self.choice_buttons[mode]
            reason = say(reasons.get(mode, ""))
            b.setEnabled(not reason)
            label(b, f"{title}\n{reason}" if reason else f"{title}\n{explain}", title)
            b.setAccessibleDescription(reason or one_line(explain))
