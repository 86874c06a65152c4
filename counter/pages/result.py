"""办理结果: the decision recorded, its notice printed, then the rating on the review pad."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from common_qt.qt import QtWidgets
from core.application import DecisionKind
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage

if TYPE_CHECKING:
    from terminal.operations import Decided
    from terminal.printing import PrintOutcome


class ResultPage(AcceptancePage):
    step = CounterStep.DONE

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        self.result = QtWidgets.QLabel()
        self.result.setObjectName("lead")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        self.print_state = QtWidgets.QLabel()
        lay.addWidget(self.print_state)
        row = QtWidgets.QHBoxLayout()
        self.reprint = QtWidgets.QPushButton(self.tr("重打通知书"))
        self.reprint.clicked.connect(controller.print_notice)
        self.transfer = QtWidgets.QPushButton(self.tr("打印物料转移单"))
        self.transfer.setToolTip(self.tr("纸质材料移交后台时的交接清单"))
        self.transfer.clicked.connect(controller.print_transfer)
        self.done_button = QtWidgets.QPushButton(self.tr("邀请评价，下一位"))
        self.consent_slip = QtWidgets.QPushButton(self.tr("打印代办委托确认单"))
        self.consent_slip.clicked.connect(controller.print_consent)
        self.consent_slip.hide()
        row.addWidget(self.reprint)
        row.addWidget(self.transfer)
        row.addWidget(self.consent_slip)
        row.addStretch(1)
        row.addWidget(self.done_button)
        lay.addLayout(row)
        lay.addLayout(self.message_slot)
        lay.addStretch(1)
        controller.decided.connect(self._decided)
        controller.printed.connect(self._printed)

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.done_button

    def _decided(self, decided: Decided) -> None:
        kind = decided.decision.kind
        self.transfer.setVisible(kind is DecisionKind.ACCEPT)  # paper goes on when accepted
        self.consent_slip.setVisible(decided.application.consent is not None)
        text = {
            DecisionKind.ACCEPT: f"已受理，回执编号 {decided.receipt_number}（已加入上报队列）。",
            DecisionKind.CORRECTION: (
                f"已告知补正，办件 {decided.receipt_number} 待补正；"
                "申请人补齐后凭编号或身份证继续办理。"
            ),
            DecisionKind.REJECT: (
                f"已决定不予受理，办件 {decided.receipt_number}（理由及救济途径已写入通知书，"
                "决定将上报平台）。"
            ),
            DecisionKind.SUBMIT: (
                f"已提交大厅受理，回执编号 {decided.receipt_number}（已加入上报队列）。"
                "受理结果同步后可在办件列表查看，申请人也可凭回执编号查询。"
            ),
        }[kind]
        self.result.setText(text)
        self.print_state.setText("正在打印…")

    def _printed(self, outcome: PrintOutcome) -> None:
        # said to the clerk (the outcome's own words are for a citizen at a kiosk)
        if outcome.state.ok:
            done = "已打印" if outcome.state.value == "confirmed" else "已发送到打印机"
            self.print_state.setText(f"{outcome.what}{done}，请交申请人签收。")
        else:
            self.print_state.setText(f"{outcome.what}未打印：{outcome.message}（可点“重打通知书”）")

    def wipe(self) -> None:
        self.result.clear()
        self.print_state.clear()
