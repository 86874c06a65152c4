"""服务评价: the review pad (评价器) on the counter. :class:`PadController` invites the applicant
to rate the service just decided (or one chosen in the worklist that has no rating yet),
records every rating bound to its application, and tells the clerk only that the applicant
rated — never what (好差评: staff must not see or steer the rating). :class:`PadPanel` shows
it: the pad's state, 邀请评价, 平板配对 and what happened."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from common_qt.devices import PadBridge, outcome_text
from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from core.errors import HallError, ValidationError
from core.evaluation import Evaluation, EvaluationChannel
from core.ports import DeviceState, PadInvitation, PadOutcome, PadOwner, PadResult, Pairable
from core.staff import StaffMember
from terminal.operations import ApplicationSummary, EvaluationRequest

log = logging.getLogger(__name__)

#: How long the applicant has to rate on the pad.
INVITATION_SECONDS = 120


class PadController(QtCore.QObject):
    """The pad's rules between its owner thread and the store: one invitation at a time, one
    rating an application (一次一评), each rating recorded as an evaluation of it."""

    said = Signal(str)  # the line for the clerk ("" clears it)
    state_changed = Signal(object)  # DeviceState
    inviting = Signal(bool)  # an invitation runs (no other may start)

    def __init__(
        self,
        worker: ThreadWorker,
        pad: PadOwner | None,
        *,
        clerk: Callable[[], StaffMember | None],
        window_name: str,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        #: the pad's owner thread (terminal.devices), reporting through the bridge
        self.pad = pad
        self.clerk = clerk
        self.window_name = window_name
        self.rated_application: uuid.UUID | None = None
        self.last_evaluation: Evaluation | None = None
        self.last_pad_result: PadResult | None = None
        if pad is not None:
            self.bridge = PadBridge(self).attach(pad)
            self.bridge.finished.connect(self._rated)
            self.bridge.failed.connect(self._failed)
            self.bridge.state_changed.connect(self.state_changed)

    @property
    def pairable(self) -> Pairable | None:
        """The pad when it pairs with a tablet's browser first, else None."""
        pad = self.pad.pad if self.pad is not None else None
        return pad if isinstance(pad, Pairable) else None

    @property
    def active(self) -> bool:
        return self.pad is not None and self.pad.active

    def start(self) -> None:
        """Opens the pad on its own thread; a failure is said when it comes."""
        if self.pad is not None:
            self.pad.start()

    def invite_selected(self, selected: ApplicationSummary | None) -> None:
        """邀请评价 with no decision just made: the application selected in the worklist, if
        it has no rating yet — never a rating bound to nothing (each press stored another
        unbound 满意)."""
        if self.pad is None:
            return
        if selected is None:
            self.said.emit(self.tr("请先办理或在办件列表中选择要评价的办件。"))
            return
        chosen = selected.local_id

        def checked(rated: bool) -> None:
            if rated:
                self.said.emit(self.tr("该办件已评价（一次一评）。"))
            else:
                self.invite(selected.item_name, chosen)

        self.worker.submit(lambda ops: ops.store.evaluated(chosen), checked)

    def invite(self, item_name: str, application_id: uuid.UUID | None) -> None:
        """Invites a rating of ``application_id`` (the decision just made) on the pad."""
        if self.pad is None:
            return
        clerk = self.clerk()
        invitation = PadInvitation(
            staff_name=clerk.name if clerk else self.tr("窗口工作人员"),
            staff_id=clerk.number if clerk else "",
            window=self.window_name,
            item_name=item_name,
            timeout_seconds=INVITATION_SECONDS,
        )
        if self.pad.invite(invitation):
            self.rated_application = application_id  # the rating belongs to it
            self.inviting.emit(True)
            self.said.emit(self.tr("已邀请申请人评价，请勿引导评价…"))

    def next_applicant(self) -> None:
        """A new applicant at the counter: the last one's rating status goes (it stayed and
        read as theirs), unless their rating is still open on the pad."""
        if not self.active:
            self.said.emit("")

    def pairing(self) -> None:
        pad = self.pairable
        if pad is not None:
            code = pad.new_pairing_code()
            self.said.emit(
                f"请在评价平板浏览器打开 {pad.url()}\n输入配对码：{code}（10分钟内有效）"
            )

    def _rated(self, result: PadResult) -> None:
        self.last_pad_result = result
        self.inviting.emit(False)
        self.said.emit(outcome_text(result))
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
            self.said.emit(outcome_text(result) + self.tr("（已保存，将上报平台）"))

        def failed(e: Exception) -> None:
            # said without the rating's content: the clerk is never told what it was
            log.error("evaluation not recorded: %s", e)
            why = "" if isinstance(e, ValidationError) else "：" + user_message(e)
            self.said.emit(outcome_text(result) + self.tr("，但未能保存") + why)

        self.worker.submit(lambda ops: ops.record_evaluation(request), recorded, failed)

    def _failed(self, error: HallError) -> None:
        self.inviting.emit(False)
        self.said.emit(error.user_message)


class PadPanel(QtWidgets.QGroupBox):
    def __init__(
        self,
        controller: PadController,
        *,
        selected: Callable[[], ApplicationSummary | None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("服务评价"), parent)
        self.controller = controller
        self.selected = selected
        col = QtWidgets.QVBoxLayout(self)
        self.pad_state = QtWidgets.QLabel()
        col.addWidget(self.pad_state)
        row = QtWidgets.QHBoxLayout()
        self.invite_button = QtWidgets.QPushButton(self.tr("邀请评价"))
        self.invite_button.clicked.connect(lambda: controller.invite_selected(self.selected()))
        row.addWidget(self.invite_button)
        self.pair_button = QtWidgets.QPushButton(self.tr("平板配对"))
        self.pair_button.clicked.connect(controller.pairing)
        row.addWidget(self.pair_button)
        col.addLayout(row)
        self.pad_message = QtWidgets.QLabel()
        self.pad_message.setWordWrap(True)
        self.pad_message.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        col.addWidget(self.pad_message)
        self.pair_button.setVisible(controller.pairable is not None)
        controller.said.connect(self.pad_message.setText)
        controller.inviting.connect(lambda on: self.invite_button.setEnabled(not on))
        controller.state_changed.connect(self._show_state)
        if controller.pad is None:
            self.pad_state.setText(self.tr("评价器：未配置"))
            self.invite_button.setEnabled(False)
        else:
            self._show_state(controller.pad.state)

    def _show_state(self, state: DeviceState) -> None:
        self.pad_state.setText(self.tr("评价器：") + state.label)
