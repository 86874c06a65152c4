"""首页: the big choices — 我要办事, and where the hall keeps a queue 取号 and 预约签到, 进度查询,
打印办事指南, 服务评价 —, where to get help, and the language (中文 / English)."""

from __future__ import annotations

from common_qt.i18n import CHINESE, ENGLISH, available, current, one_line, say, translate
from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from core.flows.kiosk_steps import KioskMode, KioskStep
from kiosk.pages.base import KioskPage, button, label

MODES = (
    KioskMode.APPLY,
    KioskMode.TICKET,
    KioskMode.CHECK_IN,
    KioskMode.QUERY,
    KioskMode.GUIDE,
    KioskMode.RATE,
)
QUEUE_MODES = (KioskMode.TICKET, KioskMode.CHECK_IN)  # offered where the hall keeps a queue


class WelcomePage(KioskPage):
    chosen = Signal(object)  # KioskMode
    language_requested = Signal(str)  # "zh_CN" or "en"

    step = KioskStep.WELCOME

    def prompt(self) -> str:
        return translate("prompts", "您好，请选择要办理的业务。")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self.grid = grid = QtWidgets.QGridLayout()
        grid.setSpacing(24)
        self.choice_buttons: dict[KioskMode, QtWidgets.QPushButton] = {}
        self.queue_kept = False  # the hall keeps a queue: 取号 and 预约签到 offered
        for i, mode in enumerate(MODES):
            b = button()
            b.setParent(self)  # a choice not offered yet is still the page's (hidden), never a
            # window of its own: shown parentless, it opened as one and took the focus away
            b.setObjectName("primaryChoice" if i == 0 else "choice")
            # two equal columns whatever the text: the page never grows past the screen
            b.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
            )
            b.clicked.connect(lambda _=False, m=mode: self.chosen.emit(m))
            self.choice_buttons[mode] = b
        self.body.addLayout(grid, 1)
        self._lay_out()
        # 网上办事注册 (引导网上注册): offered below the big choices, in the page's action bar —
        # always in view, and the choices' grid keeps the size a 1280×800 screen shows whole
        enrol = button()
        enrol.setObjectName("secondaryChoice")
        enrol.clicked.connect(lambda: self.chosen.emit(KioskMode.ENROL))
        self.choice_buttons[KioskMode.ENROL] = enrol
        self.buttons.addStretch(1)
        self.buttons.addWidget(enrol)
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

    def _per_row(self, shown: list[KioskMode]) -> int:
        """Three to a row when there are six and every choice's lines fit a third of the page
        (a 1280×800 screen keeps all six in view), else two (large text, a portrait screen:
        a third of it cut the explanations off)."""
        if len(shown) <= 4:
            return 2
        width = self.width() - 80  # the page's margins
        spacing = self.grid.spacing()
        need = 0
        for mode in shown:
            b = self.choice_buttons[mode]
            metrics = b.fontMetrics()
            longest = max(metrics.horizontalAdvance(line) for line in b.text().splitlines() or [""])
            need = max(need, longest + 64)  # the button's padding and border
        return 3 if 3 * need + 2 * spacing <= width else 2

    def _lay_out(self) -> None:
        """The choices offered (取号 and 预约签到 only where there is a queue), in rows of two
        or three (see _per_row)."""
        shown = [m for m in MODES if self.queue_kept or m not in QUEUE_MODES]
        per_row = self._per_row(shown)
        self._laid = (len(shown), per_row)
        for mode in MODES:
            b = self.choice_buttons[mode]
            self.grid.removeWidget(b)
            b.setVisible(mode in shown)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < per_row else 0)
        for i, mode in enumerate(shown):
            self.grid.addWidget(self.choice_buttons[mode], i // per_row, i % per_row)

    def set_queue(self, kept: bool) -> None:
        if kept != self.queue_kept:
            self.queue_kept = kept
            self._lay_out()

    def _relay(self) -> None:
        """Laid out again when the room or the type changed the number that fits a row."""
        shown = [m for m in MODES if self.queue_kept or m not in QUEUE_MODES]
        if getattr(self, "_laid", None) != (len(shown), self._per_row(shown)):
            self._lay_out()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._relay()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._relay()

    def _texts(self) -> dict[KioskMode, tuple[str, str]]:
        # explanations in short lines: a button does not wrap its text, and in large text
        # (适老化) one long line would be wider than half the screen
        return {
            KioskMode.APPLY: (
                self.tr("我要办事"),
                self.tr("刷身份证，填写信息，\n扫描材料，提交申请"),
            ),
            KioskMode.TICKET: (self.tr("取号排队"), self.tr("到窗口办理前\n先取排队号")),
            KioskMode.CHECK_IN: (self.tr("预约签到"), self.tr("已在网上预约的，\n刷身份证签到")),
            KioskMode.QUERY: (
                self.tr("进度查询"),
                self.tr("用回执编号、排队号\n或身份证查询进度"),
            ),
            KioskMode.GUIDE: (self.tr("打印办事指南"), self.tr("查看并打印要带的材料\n和办理要求")),
            KioskMode.RATE: (self.tr("服务评价"), self.tr("用回执编号对\n办理过的事项进行评价")),
            KioskMode.ENROL: (
                self.tr("网上办事注册"),
                self.tr("刷身份证注册，一次认证终身受用"),
            ),
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
            if mode is KioskMode.ENROL:  # its name alone in the action bar (narrow screens)
                label(b, title if not reason else f"{title}：{reason}", title)
            else:
                label(b, f"{title}\n{reason}" if reason else f"{title}\n{explain}", title)
            b.setAccessibleDescription(reason or one_line(explain))
