"""代办委托 (agent stations): the consent text and the villager's signature."""

from __future__ import annotations

from collections.abc import Callable

from common_qt.qt import QtWidgets
from common_qt.widgets.signature import SignaturePad
from core.consent import CONSENT_VERSION, consent_text
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage


class ConsentPage(AcceptancePage):
    step = CounterStep.CONSENT

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        self.consent_who = QtWidgets.QLabel()
        self.consent_who.setObjectName("lead")
        lay.addWidget(self.consent_who)
        self.consent_text = QtWidgets.QLabel()
        self.consent_text.setWordWrap(True)
        self.consent_text.setAccessibleName(self.tr("代办委托书"))
        lay.addWidget(self.consent_text)
        self.signature = SignaturePad()
        lay.addWidget(self.signature, 1)
        row = QtWidgets.QHBoxLayout()
        clear = QtWidgets.QPushButton(self.tr("重新签名"))
        clear.clicked.connect(self.signature.clear)
        self.mandate_button = QtWidgets.QPushButton(self.tr("改为扫描签字的委托书"))
        self.mandate_button.setToolTip(self.tr("委托人已在纸质委托书上签字：放在高拍仪下拍摄"))
        self.mandate_button.clicked.connect(controller.scan_mandate)
        self.consent_button = QtWidgets.QPushButton(self.tr("确认签名，继续"))
        self.consent_button.setObjectName("primary")
        self.consent_button.clicked.connect(self._consent)
        row.addWidget(clear)
        row.addWidget(self.mandate_button)
        row.addStretch(1)
        row.addWidget(self.consent_button)
        lay.addLayout(row)
        lay.addLayout(self.message_slot)

    def present(self) -> None:
        s = self.c.state
        if s.identity is None or s.item is None:
            return
        agent = self.c.clerk
        self.consent_who.setText(f"委托人：{s.identity.display_name}")
        self.consent_text.setText(
            consent_text(agent.display if agent else "", self.c.services.station_name, s.item.name)
            + f"\n（委托书文本版本 {CONSENT_VERSION}）"
        )
        self.signature.clear()

    def _consent(self) -> None:
        if not self.signature.signed:
            self.say(self.tr("请委托人在签名板上签名。"))
            return
        self.c.consent_signed(self.signature.png(), self.signature.vector())

    def wipe(self) -> None:
        self.signature.clear()
        self.consent_who.clear()
