"""服务评价: the review pad (评价器) on the counter. It invites the applicant to rate the
service just decided (or one chosen in the worklist that has no rating yet), records every
rating bound to its application, and tells the clerk only that the applicant rated — never
what (好差评: staff must not see or steer the rating)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from common_qt.devices import PadBridge, outcome_text
from common_qt.qt import QtCore, QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from core.errors import HallError, ValidationError
from core.evaluation import Evaluation, EvaluationChannel
from core.ports import DeviceState, PadInvitation, PadOutcome, PadOwner, PadResult, Pairable
from core.staff import StaffMember
from terminal.operations import ApplicationSummary, EvaluationRequest

log = logging.getLogger(__name__)


class PadPanel(QtWidgets.QGroupBox):
    def __init__(
        self,
        worker: ThreadWorker,
        pad: PadOwner | None,
        *,
        clerk: Callable[[], StaffMember | None],
        window_name: str,
        selected: Callable[[], ApplicationSummary | None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("服务评价"), parent)
        self.worker = worker
        self.clerk = clerk
        self.window_name = window_name
        self.selected = selected
        self.rated_application: uuid.UUID | None = None
        self.last_evaluation: Evaluation | None = None
        self.last_pad_result: PadResult | None = None
        col = QtWidgets.QVBoxLayout(self)
        self.pad_state = QtWidgets.QLabel()
        col.addWidget(self.pad_state)
        row = QtWidgets.QHBoxLayout()
        self.invite_button = QtWidgets.QPushButton(self.tr("邀请评价"))
        self.invite_button.clicked.connect(lambda: self.invite_evaluation())
        row.addWidget(self.invite_button)
        self.pair_button = QtWidgets.QPushButton(self.tr("平板配对"))
        self.pair_button.clicked.connect(self.show_pairing)
        row.addWidget(self.pair_button)
        col.addLayout(row)
        self.pad_message = QtWidgets.QLabel()
        self.pad_message.setWordWrap(True)
        self.pad_message.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        col.addWidget(self.pad_message)
        #: the pad's owner thread (terminal.devices), reporting through the bridge
        self.pad_session = pad
        self.pair_button.setVisible(pad is not None and isinstance(pad.pad, Pairable))
        if pad is None:
            self.pad_state.setText(self.tr("评价器：未配置"))
            self.invite_button.setEnabled(False)
            return
        self.bridge = PadBridge(self).attach(pad)
        self.bridge.finished.connect(self._on_pad_result)
        self.bridge.failed.connect(self._on_pad_error)
        self.bridge.state_changed.connect(self._show_pad_state)
        self._show_pad_state(pad.state)

    def start(self) -> None:
        """Opens the pad on its own thread; a failure is shown when it comes."""
        if self.pad_session is not None:
            self.pad_session.start()

    def _show_pad_state(self, state: DeviceState) -> None:
        self.pad_state.setText(self.tr("评价器：") + state.label)

    def invite_evaluation(
        self, item_name: str = "", *, application_id: uuid.UUID | None = None
    ) -> None:
        """Invites the applicant to rate on the pad: the application just decided (each visit
        its own service), or the one selected in the worklist if it has no rating yet — never
        a rating bound to nothing (一次一评: each press stored another unbound 满意)."""
        if self.pad_session is None:
            return
        if application_id is None:
            selected = self.selected()
            if selected is None:
                self.pad_message.setText(self.tr("请先办理或在办件列表中选择要评价的办件。"))
                return
            chosen = selected.local_id

            def checked(rated: bool) -> None:
                if rated:
                    self.pad_message.setText(self.tr("该办件已评价（一次一评）。"))
                else:
                    self.invite(selected.item_name, chosen)

            self.worker.submit(lambda ops: ops.store.evaluated(chosen), checked)
            return
        self.invite(item_name, application_id)

    def next_applicant(self) -> None:
        """A new applicant at the counter: the last one's rating status goes (it stayed and
        read as theirs), unless their rating is still open on the pad."""
        if self.pad_session is None or not self.pad_session.active:
            self.pad_message.clear()

    def invite(self, item_name: str, application_id: uuid.UUID | None) -> None:
        """Invites a rating of ``application_id`` (the decision just made) on the pad."""
        if self.pad_session is None:
            return
        clerk = self.clerk()
        invitation = PadInvitation(
            staff_name=clerk.name if clerk else self.tr("窗口工作人员"),
            staff_id=clerk.number if clerk else "",
            window=self.window_name,
            item_name=item_name,
            timeout_seconds=120,
        )
        if self.pad_session.invite(invitation):
            self.rated_application = application_id  # the rating belongs to it
            self.invite_button.setEnabled(False)
            self.pad_message.setText(self.tr("已邀请申请人评价，请勿引导评价…"))

    def show_pairing(self) -> None:
        pad = self.pad_session.pad if self.pad_session is not None else None
        if isinstance(pad, Pairable):
            code = pad.new_pairing_code()
            self.pad_message.setText(
                f"请在评价平板浏览器打开 {pad.url()}\n输入配对码：{code}（10分钟内有效）"
            )

    def _on_pad_result(self, result: PadResult) -> None:
        self.last_pad_result = result
        self.invite_button.setEnabled(True)
        self.pad_message.setText(outcome_text(result))
        if result.outcome is not PadOutcome.RATED or result.satisfaction is None:
            return
        clerk = self.clerk()
        request = EvaluationRequest(
            satisfaction=result.satisfaction,
            channel=EvaluationChannel.HALL_TABLET,
            application_id=self.rated_application,
            staff_id=clerk.number if clerk else "",
            window=self.window_name,
            reasons=result.reasons,
        )

        def recorded(evaluation: Evaluation) -> None:
            self.last_evaluation = evaluation
            self.pad_message.setText(outcome_text(result) + self.tr("（已保存，将上报平台）"))

        def failed(e: Exception) -> None:
            # said without the rating's content: the clerk is never told what it was
            log.error("evaluation not recorded: %s", e)
            why = "" if isinstance(e, ValidationError) else "：" + user_message(e)
            self.pad_message.setText(outcome_text(result) + self.tr("，但未能保存") + why)

        self.worker.submit(lambda ops: ops.record_evaluation(request), recorded, failed)

    def _on_pad_error(self, error: HallError) -> None:
        self.invite_button.setEnabled(True)
        self.pad_message.setText(error.user_message)
