"""受理决定: what the checklist found, and 受理 (F5) / 补正 (F6) / 不予受理 (F7) — at a village
station 提交大厅受理 (F5) / 补正 (F6): the hall decides."""

from __future__ import annotations

from collections.abc import Callable

from common_qt.qt import QtGui, QtWidgets
from common_qt.widgets.editing import lock_down, wipe_line
from core.application import DecisionKind, decisions_for
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage

#: the decision keys: F5 moves the application on (受理, or a station's 提交大厅受理)
_KEYS = {
    DecisionKind.ACCEPT: "F5",
    DecisionKind.SUBMIT: "F5",
    DecisionKind.CORRECTION: "F6",
    DecisionKind.REJECT: "F7",
}


class DecidePage(AcceptancePage):
    step = CounterStep.DECIDE

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        self.check_summary = QtWidgets.QLabel()
        self.check_summary.setWordWrap(True)
        lay.addWidget(self.check_summary)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText(self.tr("不予受理的理由（事实）"))
        self.reason.setAccessibleName(self.tr("不予受理的理由"))
        lock_down(self.reason)
        lay.addWidget(self.reason)
        # the law the refusal rests on: printed on the notice, sent to the platform
        self.basis = QtWidgets.QLineEdit()
        self.basis.setPlaceholderText(self.tr("法律依据，如：《婚姻登记条例》第六条"))
        self.basis.setAccessibleName(self.tr("不予受理的法律依据"))
        lock_down(self.basis)
        lay.addWidget(self.basis)
        buttons = QtWidgets.QHBoxLayout()
        self.decision_buttons: dict[DecisionKind, QtWidgets.QPushButton] = {}
        # what this terminal may decide: a station submits to the hall, which decides
        self.allowed = decisions_for(controller.services.channel)
        self.reason.setVisible(DecisionKind.REJECT in self.allowed)
        self.basis.setVisible(DecisionKind.REJECT in self.allowed)
        for kind in self.allowed:
            key = _KEYS[kind]
            b = QtWidgets.QPushButton(f"{kind.label} ({key})")
            b.setAccessibleName(kind.label)
            b.clicked.connect(lambda _=False, k=kind: self._decide(k))
            buttons.addWidget(b)
            self.decision_buttons[kind] = b
        lay.addLayout(buttons)
        lay.addLayout(self.message_slot)  # under the decision buttons
        lay.addStretch(1)

    def shortcuts(self, owner: QtWidgets.QWidget) -> None:
        """F5/F6/F7 anywhere in ``owner`` (the panel): the decision, only on this step."""
        for kind in self.allowed:
            key = _KEYS[kind]
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), owner)
            shortcut.activated.connect(lambda k=kind: self._shortcut(k))

    def _shortcut(self, kind: DecisionKind) -> None:
        if self.c.step is CounterStep.DECIDE:
            self._decide(kind)

    def _decide(self, kind: DecisionKind) -> None:
        """The decision; a 受理 or 补正 with a 不予受理 reason typed is not taken (the reason
        was dropped without a word: typed there by habit, F5 accepted)."""
        reason, basis = self.reason.text().strip(), self.basis.text().strip()
        if kind is not DecisionKind.REJECT and (reason or basis) and self.reason.isVisible():
            self.say(
                self.tr("已填写不予受理的理由。要%1，请先清空理由；要不予受理，请按 F7。").replace(
                    "%1", kind.label
                )
            )
            return
        self.c.decide(kind, reason, basis)

    def present(self) -> None:
        check = self.c.state.check
        if check is None:
            return
        missing = "；".join(e.text for e in check.entries)
        self.check_summary.setText(
            "材料齐全，可以受理。" if check.complete else f"尚缺或不符合要求：{missing}"
        )

    def wipe(self) -> None:
        wipe_line(self.reason)
        wipe_line(self.basis)
        self.check_summary.clear()
