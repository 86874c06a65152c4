"""代办件: at a hall counter, what the village stations submitted for this hall to decide —
the applicant, the item, the agent and the villager's consent, what the station found of each
material — and the clerk's 受理, 退回补正 (saying what is missing) or 不予受理 (with its reason and
legal basis). The decision goes to the platform at once; the station and the villager learn it
at the station's next sync. :class:`SubmissionsController` does the work on the store's thread,
:class:`SubmissionsPanel` shows it."""

from __future__ import annotations

import html
from collections.abc import Callable

from common_qt.models import RowsModel
from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from common_qt.widgets.editing import lock_down, wipe_line
from core.application import Decision, DecisionKind
from core.staff import StaffMember
from terminal.operations import StationSubmission

COLUMNS = ("回执编号", "事项", "申请人", "代办站", "代办人", "提交平台时间")
#: the decisions a hall takes on a station's submission, with their keys
DECISIONS = (
    (DecisionKind.ACCEPT, "受理"),
    (DecisionKind.CORRECTION, "退回补正"),
    (DecisionKind.REJECT, "不予受理"),
)


def _cells(s: StationSubmission) -> tuple[str, ...]:
    return (
        s.receipt_number,
        s.item_name,
        s.applicant_name,
        s.station,
        s.agent_name or "—",
        s.received_at[:16].replace("T", " "),
    )


class SubmissionsController(QtCore.QObject):
    """Asks the platform for the hall's 代办件 and records the clerk's decisions, on the
    store's thread (the operations own the platform's client)."""

    loaded = Signal(object)  # list[StationSubmission]
    decided = Signal(str)  # the official number decided
    said = Signal(str)

    def __init__(
        self,
        worker: ThreadWorker,
        *,
        clerk: Callable[[], StaffMember | None],
        window_name: str = "",
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.clerk = clerk
        self.window_name = window_name
        self.submissions: list[StationSubmission] = []
        self.last_decided = ""

    def refresh(self, *, count: bool = True) -> None:
        """Asks again; ``count``: says how many wait (not after a decision: its words stay)."""

        def done(rows: list[StationSubmission]) -> None:
            self.submissions = rows
            self.loaded.emit(rows)
            if count:
                self.said.emit(f"待受理的代办件 {len(rows)} 件" if rows else "暂无待受理的代办件")

        self.worker.submit(
            lambda ops: ops.station_submissions(),
            done,
            lambda e: self.said.emit(user_message(e)),
        )

    def decide(self, s: StationSubmission, kind: DecisionKind, reason: str, basis: str) -> None:
        decision = Decision(kind, reason, basis)
        clerk, window = self.clerk(), self.window_name
        label = dict(DECISIONS)[kind]

        def done(_: object) -> None:
            self.last_decided = s.official_number
            self.said.emit(f"{s.receipt_number} 已{label}，代办站将在下次同步时收到结果")
            self.decided.emit(s.official_number)
            self.refresh(count=False)

        self.worker.submit(
            lambda ops: ops.decide_submission(
                s.official_number, decision, clerk=clerk, window=window
            ),
            done,
            lambda e: self.said.emit(user_message(e)),
        )


class SubmissionsPanel(QtWidgets.QWidget):
    def __init__(
        self, controller: SubmissionsController, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        lay = QtWidgets.QVBoxLayout(self)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel("各代办站提交、待本大厅作出受理决定的申请"), 1)
        self.refresh_button = QtWidgets.QPushButton("刷新")
        self.refresh_button.clicked.connect(lambda: controller.refresh())
        top.addWidget(self.refresh_button)
        lay.addLayout(top)
        self.model = RowsModel(COLUMNS, _cells, parent=self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("待受理的代办件")
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        lay.addWidget(self.table, 2)
        self.detail = QtWidgets.QTextBrowser()
        self.detail.setAccessibleName("代办件详情")
        lay.addWidget(self.detail, 2)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText("退回补正：需要补正的材料或内容；不予受理：理由（事实）")
        self.reason.setAccessibleName("补正内容或不予受理理由")
        lock_down(self.reason)
        lay.addWidget(self.reason)
        self.basis = QtWidgets.QLineEdit()
        self.basis.setPlaceholderText("不予受理的法律依据，如：《婚姻登记条例》第六条")
        self.basis.setAccessibleName("不予受理的法律依据")
        lock_down(self.basis)
        lay.addWidget(self.basis)
        row = QtWidgets.QHBoxLayout()
        self.buttons: dict[DecisionKind, QtWidgets.QPushButton] = {}
        for kind, label in DECISIONS:
            b = QtWidgets.QPushButton(label)
            b.clicked.connect(lambda _=False, k=kind: self._decide(k))
            b.setEnabled(False)
            row.addWidget(b)
            self.buttons[kind] = b
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)  # under the decision buttons
        controller.loaded.connect(self._loaded)
        controller.said.connect(self.message.setText)
        controller.decided.connect(lambda _: self._clear_decision())

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        self.controller.refresh()  # what came in since the tab was last seen

    @property
    def selected(self) -> StationSubmission | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _loaded(self, rows: list[StationSubmission]) -> None:
        chosen = self.selected
        self.model.set_rows(rows)
        if chosen is not None:  # the same one stays selected after a refresh
            for i, s in enumerate(rows):
                if s.official_number == chosen.official_number:
                    self.table.selectRow(i)
        self._show_selected()

    def _show_selected(self) -> None:
        s = self.selected
        for b in self.buttons.values():
            b.setEnabled(s is not None)
        if s is None:
            self.detail.clear()
            return
        e = html.escape
        materials = "".join(f"<li>{e(m)}</li>" for m in s.materials)
        self.detail.setHtml(
            f"<h3>{e(s.item_name)}</h3>"
            f"<p>回执编号：{e(s.receipt_number)}　办件编号：{e(s.official_number)}</p>"
            f"<p>申请人：{e(s.applicant_name)}　证件号码：{e(s.id_number)}"
            f"　联系电话：{e(s.phone) or '—'}</p>"
            f"<p>代办站：{e(s.station)}　代办人：{e(s.agent_name) or '—'}"
            f"　委托签署：{e(s.consent_at[:16].replace('T', ' ')) or '—'}</p>"
            f"<p><b>代办站核验的材料</b>（扫描 {s.pages} 页已随件上报）：</p><ol>{materials}</ol>"
        )

    def _decide(self, kind: DecisionKind) -> None:
        s = self.selected
        if s is None:
            return
        self.controller.decide(s, kind, self.reason.text(), self.basis.text())

    def _clear_decision(self) -> None:
        wipe_line(self.reason)
        wipe_line(self.basis)
