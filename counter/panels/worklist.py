"""办件列表: every local application with its sync state and platform progress — filters,
the detail of one, reprints of its documents and 重新上报 of one the platform refused.
:class:`WorklistController` does the work, :class:`WorklistPanel` shows it."""

from __future__ import annotations

import dataclasses
import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from common_qt.models import DISPLAY, RowsModel
from common_qt.printing import PrintDesk
from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from common_qt.widgets.editing import wipe_line
from core.application import Channel
from core.clock import CST
from core.fees import PaymentStatus, yuan
from terminal.operations import (
    ApplicationSummary,
    Operations,
    Progress,
    ProgressLine,
    ProgressReport,
    Worklist,
)
from terminal.printing import PrintOutcome

CHANNEL_LABELS = {Channel.KIOSK: "自助终端", Channel.COUNTER: "窗口", Channel.AGENT: "代办"}
COLUMNS = ("回执编号", "事项", "申请人", "渠道", "本机", "平台", "办件编号", "提交时间")


def _states(a: ApplicationSummary) -> tuple[str, ...]:
    """The words a state filter matches: this terminal's state and the platform's."""
    here, platform = a.status.columns()
    return (here,) if platform == "—" else (here, platform)


#: the applicant's column; "…" until the row's masked name has been asked of the store
APPLICANT = COLUMNS.index("申请人")
UNKNOWN_NAME = "…"


def _worklist_cells(a: ApplicationSummary) -> tuple[str, ...]:
    here, platform = a.status.columns(a.hold_reason)
    return (
        a.receipt_number,
        a.item_name,
        a.applicant_masked or UNKNOWN_NAME,
        CHANNEL_LABELS[a.channel],
        here,
        platform,
        a.official_number or "—",
        a.created_at.astimezone(CST).strftime("%m-%d %H:%M"),
    )


def matching(
    rows: Sequence[ApplicationSummary],
    *,
    text: str = "",
    state: str = "",
    item: str = "",
    on: date | None = None,
) -> list[ApplicationSummary]:
    """The worklist's filters: ``text`` in any column, a ``state`` (of this terminal or of the
    platform), an ``item``, created ``on`` a day (the hall's date)."""
    text = text.strip().lower()
    return [
        r
        for r in rows
        if (not text or any(text in cell.lower() for cell in _worklist_cells(r)))
        and (not state or state in _states(r))
        and (not item or r.item_name == item)
        and (on is None or r.created_at.astimezone(CST).date() == on)
    ]


class WorklistModel(RowsModel):
    """The worklist's rows, thousands of them without opening one applicant's personal data:
    a row's masked name is asked for (``wanted``, coalesced per event-loop turn) when a view
    first shows it, and filled in when it comes (:meth:`fill_names`)."""

    wanted = Signal(list)  # local ids whose names a view is showing

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(COLUMNS, _worklist_cells, parent=parent)
        self._where: dict[uuid.UUID, int] = {}
        self._asked: set[uuid.UUID] = set()
        self._pending: list[uuid.UUID] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        super().set_rows(rows)
        self._where = {r.local_id: i for i, r in enumerate(self._rows)}

    def forget_names(self) -> None:
        """A new load: names are asked again (purged ones, a new member's view)."""
        self._asked.clear()

    def data(
        self, index: QtCore.QModelIndex | QtCore.QPersistentModelIndex, role: int = DISPLAY
    ) -> Any:
        if (
            role == DISPLAY
            and index.isValid()
            and index.column() == APPLICANT
            and index.row() < len(self._rows)
        ):
            row = self._rows[index.row()]
            if not row.applicant_masked and row.local_id not in self._asked:
                self._asked.add(row.local_id)
                if not self._pending:
                    QtCore.QTimer.singleShot(0, self._flush)
                self._pending.append(row.local_id)
        return super().data(index, role)

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self.wanted.emit(pending)

    def fill_names(self, names: Mapping[uuid.UUID, str]) -> None:
        for local_id, name in names.items():
            i = self._where.get(local_id)
            if i is not None:
                self._rows[i] = dataclasses.replace(self._rows[i], applicant_masked=name)
                self.set_text(i, name, APPLICANT)


#: What the worklist reprints, by its button: the document and how it is built from the store.
REPRINTS: dict[str, tuple[str, Callable[[uuid.UUID], Callable[[Operations], list[Any]]]]] = {
    "receipt": ("回执", lambda lid: lambda ops: ops.receipt_document(lid)),
    "notice": ("通知书", lambda lid: lambda ops: ops.notice_again(lid)),
    "progress": ("办理进度", lambda lid: lambda ops: ops.progress_document(lid)),
    # the payment code the platform issued at 受理 (asked of it: the terminal never makes one)
    "payment": ("缴款通知书", lambda lid: lambda ops: ops.payment_document(lid)),
    # 邮政寄递: the slip for the result's envelope, once 办结
    "post": ("寄递单", lambda lid: lambda ops: ops.post_slip_document(lid)),
}


class WorklistController(QtCore.QObject):
    """The worklist's work on the store's thread and the printer's: load it, the history of
    one application, its documents printed again, 重新上报 of one the platform refused. What it
    has to say goes out through ``said``."""

    loaded = Signal(object)  # Worklist
    named = Signal(object)  # {local id: masked applicant} of rows on screen
    detail_ready = Signal(object)  # Progress
    told = Signal(object)  # ProgressLine: what the platform says of it now (fees, post)
    said = Signal(str)
    requeued = Signal()  # an application went back into the outbox: deliver it now

    def __init__(
        self, worker: ThreadWorker, desk: PrintDesk, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        # The printer and its own thread: printing (seconds on a slow or dead printer) never
        # holds up the store, and the printer is used from one thread only.
        self.desk = desk
        self.last_reprint: PrintOutcome | None = None

    @property
    def prints(self) -> bool:
        return self.desk.printer is not None

    def refresh(self) -> None:
        self.worker.submit(lambda ops: ops.worklist(), self.loaded.emit)

    def names(self, ids: Sequence[uuid.UUID]) -> None:
        """The masked applicants of rows on screen (``named``), opened on the store's
        thread."""
        wanted = list(ids)
        self.worker.submit(lambda ops: ops.applicant_names(wanted), self.named.emit)

    def detail(self, selected: ApplicationSummary) -> None:
        code = selected.receipt_number
        self.worker.submit(
            lambda ops: ops.find(code), lambda p: self.detail_ready.emit(p) if p else None
        )

        def told(report: ProgressReport) -> None:
            line = next((x for x in report.lines if x.receipt_number == code), None)
            if line is not None:
                self.told.emit(line)

        # its fees and post as the platform says them (asked; the terminal decides neither)
        self.worker.submit(lambda ops: ops.query_progress(code=code), told)

    def retry(self, selected: ApplicationSummary) -> None:
        """重新上报, once the cause of the platform's refusal is fixed."""
        local_id, code = selected.local_id, selected.receipt_number

        def done(official: str) -> None:
            self.said.emit(
                f"{code} 平台已接收（{official}）" if official else f"{code} 已重新加入上报队列"
            )
            self.refresh()
            self.requeued.emit()

        self.worker.submit(
            lambda ops: ops.retry_held(local_id), done, lambda e: self.said.emit(user_message(e))
        )

    def reprint(self, selected: ApplicationSummary, document: str = "receipt") -> None:
        """Prints its receipt, counter notice ("notice") or progress ("progress"); a print
        that failed loses nothing: each is rebuilt from the store."""
        name, build = REPRINTS[document]
        what = name  # counter words are Chinese only

        def printed(outcome: PrintOutcome) -> None:
            self.last_reprint = outcome
            if outcome.state.ok:
                self.said.emit(what + self.tr("已重新打印"))
            else:  # nothing is lost: it prints again later
                self.said.emit(outcome.message + self.tr("可稍后在办件列表中重新打印。"))

        self.said.emit(self.tr("正在打印") + what + "…")
        self.desk.print_built(
            what,
            build(selected.local_id),
            self.worker,
            done=printed,
            failed=lambda e: self.said.emit(user_message(e)),
        )


class WorklistPanel(QtWidgets.QWidget):
    """The worklist tab over its controller; what it has to say goes to ``say`` (the window's
    status line)."""

    def __init__(
        self,
        controller: WorklistController,
        *,
        today: Callable[[], date],
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.today = today
        self.say = say
        self.loaded = False
        controller.loaded.connect(self._show)
        controller.detail_ready.connect(self._show_detail)
        controller.told.connect(self._show_told)
        controller.said.connect(say)
        controller.named.connect(self._named)
        self._all_rows: list[ApplicationSummary] = []
        self._row_of: dict[uuid.UUID, int] = {}
        self._all_named = False  # every row's name asked for (a text filter needs them)
        self._filter_waits = False  # a text filter runs again when they have come
        self.model = WorklistModel(parent=self)
        self.model.wanted.connect(controller.names)
        self.table = QtWidgets.QTableView()
        self.table.setAccessibleName(self.tr("办件列表"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(lambda _: self.show_detail())  # Enter or double-click
        self.table.horizontalHeader().setStretchLastSection(True)
        # column widths from the rows on screen: sizing from the first thousand rows would
        # open a thousand applicants' personal data (and take as long)
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        # the detail of one application: built once, filled for each (no widget per use)
        self.detail = QtWidgets.QDialog(self)
        self.detail.setWindowTitle(self.tr("办件详情"))
        self.detail.resize(640, 480)
        detail_layout = QtWidgets.QVBoxLayout(self.detail)
        self.detail_text = QtWidgets.QTextBrowser()
        self.detail_text.setAccessibleName(self.tr("办件详情"))
        detail_layout.addWidget(self.detail_text)
        close = QtWidgets.QPushButton(self.tr("关闭"))
        close.clicked.connect(self.detail.hide)
        detail_layout.addWidget(close)
        tab = QtWidgets.QVBoxLayout(self)
        filters = QtWidgets.QHBoxLayout()
        self.filter_text = QtWidgets.QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("筛选：回执编号、办件编号、事项、申请人或状态"))
        self.filter_text.setAccessibleName(self.tr("筛选办件"))
        self.filter_text.textChanged.connect(lambda _: self._filter())
        self.filter_today = QtWidgets.QCheckBox(self.tr("仅今天"))
        self.filter_today.toggled.connect(lambda _: self._filter())
        # by state (本机 or 平台 column) and by item: choices from the rows loaded
        self.filter_state = QtWidgets.QComboBox()
        self.filter_state.setAccessibleName(self.tr("按状态筛选"))
        self.filter_item = QtWidgets.QComboBox()
        self.filter_item.setAccessibleName(self.tr("按事项筛选"))
        for combo in (self.filter_state, self.filter_item):
            combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _: self._filter())
        filters.addWidget(self.filter_text, 1)
        filters.addWidget(self.filter_state)
        filters.addWidget(self.filter_item)
        filters.addWidget(self.filter_today)
        tab.addLayout(filters)
        actions = QtWidgets.QHBoxLayout()
        self.detail_button = QtWidgets.QPushButton(self.tr("详情"))
        self.detail_button.clicked.connect(self.show_detail)
        self.reprint_button = QtWidgets.QPushButton(self.tr("重打回执"))
        self.reprint_button.clicked.connect(lambda: self.reprint_selected())
        self.progress_button = QtWidgets.QPushButton(self.tr("打印进度"))
        self.progress_button.setToolTip(self.tr("为申请人打印这件申请的办理进度"))
        self.progress_button.clicked.connect(lambda: self.reprint_selected(document="progress"))
        self.notice_button = QtWidgets.QPushButton(self.tr("重打通知书"))
        self.notice_button.clicked.connect(lambda: self.reprint_selected(document="notice"))
        self.payment_button = QtWidgets.QPushButton(self.tr("打印缴款通知书"))
        self.payment_button.setToolTip(
            self.tr("收费事项受理后，打印平台生成的缴款码，申请人扫码缴费")
        )
        self.payment_button.clicked.connect(lambda: self.reprint_selected(document="payment"))
        self.post_button = QtWidgets.QPushButton(self.tr("打印寄递单"))
        self.post_button.setToolTip(self.tr("选择邮政寄递的办件办结后，打印结果的寄递单"))
        self.post_button.clicked.connect(lambda: self.reprint_selected(document="post"))
        self.retry_button = QtWidgets.QPushButton(self.tr("重新上报"))
        self.retry_button.setToolTip(self.tr("平台退回的办件，问题处理后重新上报"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.refresh_button = QtWidgets.QPushButton(self.tr("刷新 (Ctrl+R)"))
        self.refresh_button.setAccessibleName(self.tr("刷新"))
        # Ctrl+R: F9 is 叫号's (it was both: with the worklist shown, neither worked)
        self.refresh_button.setShortcut(QtGui.QKeySequence("Ctrl+R"))
        self.refresh_button.clicked.connect(self.refresh)
        for b in (
            self.detail_button,
            self.reprint_button,
            self.notice_button,
            self.payment_button,
            self.post_button,
            self.progress_button,
            self.retry_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        self.counts = QtWidgets.QLabel()  # 共 N 件：each state's count
        actions.addWidget(self.counts)
        actions.addWidget(self.refresh_button)
        tab.addLayout(actions)
        tab.addWidget(self.table, 1)
        for b in (
            self.reprint_button,
            self.notice_button,
            self.payment_button,
            self.post_button,
            self.progress_button,
        ):
            b.setEnabled(controller.prints)

    def refresh(self) -> None:
        self.controller.refresh()

    def clear(self) -> None:
        """What one member was looking at goes: the filter, the selection, the detail."""
        self.detail.hide()
        wipe_line(self.filter_text)
        self._filter()
        self.table.clearSelection()

    def _show(self, worklist: Worklist) -> None:
        rows, counts = worklist.rows, worklist.counts
        self._all_rows = list(rows)
        self._row_of = {r.local_id: i for i, r in enumerate(self._all_rows)}
        self._all_named = self._filter_waits = False
        self.model.forget_names()
        self._fill_choices(self._all_rows)
        self._filter()
        summary = "，".join(
            f"{s.label} {n}" for s, n in sorted(counts.items(), key=lambda kv: kv[0].value)
        )
        self.counts.setText(f"共 {len(rows)} 件" + (f"：{summary}" if summary else ""))
        self.loaded = True

    def _named(self, names: dict[uuid.UUID, str]) -> None:
        """Masked applicants came from the store: into the rows and the rows shown."""
        for local_id, name in names.items():
            i = self._row_of.get(local_id)
            if i is not None:
                self._all_rows[i] = dataclasses.replace(self._all_rows[i], applicant_masked=name)
        self.model.fill_names(names)
        if self._filter_waits and all(r.applicant_masked for r in self._all_rows):
            self._filter_waits = False
            if self.filter_text.text().strip():
                self._filter()  # the names a text filter was waiting for

    def _filter(self) -> None:
        """Shows the worklist rows that match the filters: text in any column, a state (of
        this terminal or of the platform), an item, today only. A text filter looks at the
        applicants too: the ones not yet opened are asked for, once, and the filter runs
        again when they come."""
        if self.filter_text.text().strip() and not self._all_named:
            self._all_named = True
            missing = [r.local_id for r in self._all_rows if not r.applicant_masked]
            if missing:
                self._filter_waits = True
                self.controller.names(missing)
        rows = matching(
            self._all_rows,
            text=self.filter_text.text(),
            state=self.filter_state.currentData() or "",
            item=self.filter_item.currentData() or "",
            on=self.today() if self.filter_today.isChecked() else None,
        )
        chosen = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if chosen is not None:  # the clerk's choice stays chosen while it is listed
            where = next((i for i, r in enumerate(rows) if r.local_id == chosen.local_id), None)
            if where is not None:
                self.table.selectRow(where)

    def _fill_choices(self, rows: list[ApplicationSummary]) -> None:
        """The state and item filters offer what the worklist holds (the choice kept)."""
        for combo, everything, values in (
            (self.filter_state, self.tr("全部状态"), {s for r in rows for s in _states(r)}),
            (self.filter_item, self.tr("全部事项"), {r.item_name for r in rows}),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in sorted(values):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    def selected(self) -> ApplicationSummary | None:
        """The application selected in the worklist."""
        row = self.table.currentIndex().row()
        return self.model.row(row) if 0 <= row < self.model.rowCount() else None

    def retry_selected(self) -> None:
        """重新上报 the selected application the platform refused, once its cause is fixed."""
        selected = self.selected()
        if selected is None:
            self.say(self.tr("请先在列表中选择一件申请"))
            return
        self.controller.retry(selected)

    def show_detail(self) -> None:
        """The selected application's history: every state, when, and the platform's notes."""
        selected = self.selected()
        if selected is not None:
            self.controller.detail(selected)

    def _show_detail(self, progress: Progress) -> None:
        here, platform = progress.status.columns()
        rows = "".join(
            f"<tr><td>{c.at.astimezone(CST):%Y-%m-%d %H:%M}</td><td>{c.status.label}</td>"
            f"<td>{html.escape(c.note)}</td></tr>"
            for c in progress.history
        )
        self.detail_text.setHtml(
            f"<h3>{html.escape(progress.item_name)}</h3>"
            f"<p>回执编号 {progress.receipt_number}　"
            f"办件编号 {progress.official_number or '—'}</p>"
            f"<p>本机：{here}　平台：{platform}</p>"
            "<table cellpadding='4'><tr><th>时间</th><th>状态</th><th>说明</th></tr>"
            f"{rows}</table>"
        )
        self.detail.show()

    def _show_told(self, line: ProgressLine) -> None:
        """The platform's word on its fees and its post, under its history."""
        parts = []
        if line.payment_status is PaymentStatus.PAID:
            parts.append(f"缴费：已缴费（电子票据 {html.escape(line.payment_receipt)}）")
        elif line.payment_status is PaymentStatus.DUE:
            parts.append(
                f"缴费：待缴费 {yuan(line.payment_total_fen)} 元（缴款码"
                f" {html.escape(line.payment_code)}，可打印缴款通知书）"
            )
        elif line.payment_status is PaymentStatus.UNKNOWN:
            parts.append("缴费：缴费状态待确认（暂时无法连接平台）")
        if line.tracking:
            parts.append(f"结果已寄出：{html.escape(line.tracking)}")
        if parts and self.detail.isVisible():
            self.detail_text.append("<p>" + "<br/>".join(parts) + "</p>")

    def reprint_selected(self, *, document: str = "receipt") -> None:
        """Prints the selected application's receipt, counter notice ("notice") or progress
        ("progress")."""
        selected = self.selected()
        if not self.controller.prints or selected is None:
            self.say(self.tr("请先在列表中选择一件申请"))
            return
        self.controller.reprint(selected, document)
