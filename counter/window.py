"""The counter's main window: the worklist of every local application and its sync state."""

from __future__ import annotations

import html
import time
import uuid
from collections.abc import Callable
from datetime import date

from common_qt import theme
from common_qt.devices import BackgroundLoop, CardBridge, PadSession, outcome_text
from common_qt.models import RowsModel
from common_qt.qt import QtCore, QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from common_qt.widgets.identity_card import IdentityCardView
from core.application import Channel, DecisionKind
from core.clock import CST, SystemClock, local_today
from core.errors import HallError
from core.evaluation import Evaluation, EvaluationChannel
from core.ports import (
    CardRead,
    DeviceState,
    IdCardReader,
    PadInvitation,
    PadOutcome,
    PadResult,
    ReviewPad,
)
from core.settings import CounterSettings
from counter.acceptance import AcceptancePanel
from counter.controller import AcceptanceController, staff_message
from terminal.devices import Block, CardWatcher, PhotoDecoder, ReceiptPrinter, tablet_of
from terminal.operations import (
    ApplicationSummary,
    EvaluationRequest,
    Operations,
    Progress,
    Worklist,
)
from terminal.sync import DrainReport, SyncResult

CLOSE_BUDGET_SECONDS = 0.8
CHANNEL_LABELS = {Channel.KIOSK: "自助终端", Channel.COUNTER: "窗口", Channel.AGENT: "代办"}
COLUMNS = ("回执编号", "事项", "申请人", "渠道", "本机", "平台", "办件编号", "提交时间")


def _worklist_cells(a: ApplicationSummary) -> tuple[str, ...]:
    here, platform = a.status.columns(a.hold_reason)
    return (
        a.receipt_number,
        a.item_name,
        a.applicant_masked,
        CHANNEL_LABELS[a.channel],
        here,
        platform,
        a.official_number or "—",
        a.created_at.astimezone(CST).strftime("%m-%d %H:%M"),
    )


class CounterWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        *,
        title: str,
        operations: Callable[[], Operations],
        reader: IdCardReader | None = None,
        photo_decoder: PhotoDecoder | None = None,
        pad: ReviewPad | None = None,
        staff: CounterSettings | None = None,
        window_name: str = "",
        sync_loop: BackgroundLoop | None = None,
        printer: ReceiptPrinter | None = None,
        acceptance: AcceptanceController | None = None,
        today: Callable[[], date] = date.today,
        printer_worker: ThreadWorker | None = None,
    ) -> None:
        """``operations`` builds the terminal's operations on the store thread (for the
        capturing app: with the start-up sweep of an interrupted queueing)."""
        super().__init__()
        self.setWindowTitle(title)
        self.staff = staff or CounterSettings()
        self.window_name = window_name
        self.worker = ThreadWorker(
            "counter-store",
            setup=operations,
            on_failure=lambda e: self.status.setText(user_message(e)),
        )
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QtWidgets.QWidget()
        header.setObjectName("header")
        row = QtWidgets.QHBoxLayout(header)
        row.addWidget(QtWidgets.QLabel(title))
        row.addStretch(1)
        self.sync_state = QtWidgets.QLabel()
        self.sync_state.setObjectName("syncState")
        row.addWidget(self.sync_state)
        self.sync_button = QtWidgets.QPushButton(self.tr("立即上报"))
        row.addWidget(self.sync_button)
        self.reprint_button = QtWidgets.QPushButton(self.tr("重打回执"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        row.addWidget(self.reprint_button)
        self.refresh_button = QtWidgets.QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        layout.addWidget(header)
        self.model = RowsModel(COLUMNS, _worklist_cells, parent=self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(lambda _: self.show_detail())  # Enter or double-click
        # the detail of one application: built once, filled for each (no widget per use)
        self.detail = QtWidgets.QDialog(self)
        self.detail.setWindowTitle(self.tr("办件详情"))
        self.detail.resize(640, 480)
        detail_layout = QtWidgets.QVBoxLayout(self.detail)
        self.detail_text = QtWidgets.QTextBrowser()
        detail_layout.addWidget(self.detail_text)
        close = QtWidgets.QPushButton(self.tr("关闭"))
        close.clicked.connect(self.detail.hide)
        detail_layout.addWidget(close)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.worklist_tab = QtWidgets.QWidget()
        tab = QtWidgets.QVBoxLayout(self.worklist_tab)
        filters = QtWidgets.QHBoxLayout()
        self.filter_text = QtWidgets.QLineEdit()
        self.filter_text.setPlaceholderText(self.tr("筛选：回执编号、办件编号、事项、申请人或状态"))
        self.filter_text.setAccessibleName(self.tr("筛选办件"))
        self.filter_text.textChanged.connect(lambda _: self._filter())
        self.filter_today = QtWidgets.QCheckBox(self.tr("仅今天"))
        self.filter_today.toggled.connect(lambda _: self._filter())
        filters.addWidget(self.filter_text, 1)
        filters.addWidget(self.filter_today)
        tab.addLayout(filters)
        tab.addWidget(self.table, 1)
        self._all_rows: list[ApplicationSummary] = []
        body = QtWidgets.QHBoxLayout()
        # 一窗受理 (when the terminal takes applications) and the worklist, as tabs
        self.acceptance = acceptance
        self.tabs = QtWidgets.QTabWidget()
        self.acceptance_panel: AcceptancePanel | None = None
        if acceptance is not None:
            self.acceptance_panel = AcceptancePanel(acceptance, today)
            self.tabs.addTab(self.acceptance_panel, self.tr("一窗受理"))
            self.acceptance_panel.done_button.clicked.connect(self._next_applicant)
            acceptance.decided.connect(lambda _: self.refresh())
        self.tabs.addTab(self.worklist_tab, self.tr("办件列表"))
        body.addWidget(self.tabs, 3)
        self.side = QtWidgets.QVBoxLayout()
        body.addLayout(self.side, 2)
        layout.addLayout(body, 1)
        self.status = QtWidgets.QLabel()
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self.loaded = False
        self.last_card: CardRead | None = None
        self.last_pad_result: PadResult | None = None
        self.printer = printer
        # The printer's own thread: printing (seconds on a slow or dead printer) never holds
        # up the store, and the printer is used from one thread only.
        self.printer_worker = printer_worker or ThreadWorker("printer")
        self.rated_application: uuid.UUID | None = None
        self.last_evaluation: Evaluation | None = None
        self.reprint_button.setEnabled(printer is not None)
        self.last_reprint: bytes | None = None
        self.sync_loop: BackgroundLoop | None = None
        self.last_sync: DrainReport | None = None
        self.closing = False
        self.sync_state.setText(self.tr("未连接平台（离线模式）"))
        self.sync_button.setEnabled(False)
        if sync_loop is not None:
            self.attach_sync(sync_loop)
        self._build_card_panel(reader, photo_decoder)
        self._build_pad_panel(pad)
        self.side.addStretch(1)
        theme.apply(self, "counter")

    # -- applicant's card ----------------------------------------------------------------

    def _build_card_panel(self, reader: IdCardReader | None, decoder: PhotoDecoder | None) -> None:
        box = QtWidgets.QGroupBox(self.tr("申请人证件"))
        col = QtWidgets.QVBoxLayout(box)
        self.reader_state = QtWidgets.QLabel()
        self.reader_state.setObjectName("deviceState")
        col.addWidget(self.reader_state)
        self.card_view = IdentityCardView(masked=False)
        col.addWidget(self.card_view)
        self.card_message = QtWidgets.QLabel()
        self.card_message.setObjectName("deviceError")
        self.card_message.setWordWrap(True)
        col.addWidget(self.card_message)
        self.side.addWidget(box)
        self.card_bridge = CardBridge(self)
        self.card_bridge.card_read.connect(self._on_card)
        self.card_bridge.error.connect(self._on_card_error)
        self.card_bridge.state_changed.connect(self._on_reader_state)
        self.watcher: CardWatcher | None = None
        if reader is None:
            self.reader_state.setText(self.tr("读卡器：未配置"))
            return
        self._on_reader_state(DeviceState.CLOSED)
        self.watcher = CardWatcher(
            reader,
            on_card=self.card_bridge.card,
            on_error=self.card_bridge.fail,
            on_state=self.card_bridge.state,
            today=lambda: local_today(SystemClock()),
            photo_decoder=decoder,
        )

    def attach_sync(self, loop: BackgroundLoop) -> None:
        """The background delivery (its job may call :meth:`device_health` from its thread,
        so the composition root builds it after the window)."""
        self.sync_loop = loop
        self.sync_state.setText(self.tr("正在连接平台…"))
        self.sync_button.setEnabled(True)
        self.sync_button.clicked.connect(loop.trigger)
        loop.progress.connect(self._on_sync_progress)
        loop.finished.connect(self._on_sync_done)
        loop.failed.connect(self._on_sync_failed)

    def device_health(self) -> dict[str, str]:
        """Device states for the platform's fleet view (read from the sync thread)."""
        health = {}
        if self.watcher is not None:
            health["idcard"] = self.watcher.reader.state.value
        if self.pad_session is not None:
            health["review_pad"] = self.pad_session.pad.state.value
        if self.printer is not None:
            health["printer"] = self.printer.state.value
        return health

    def start_devices(self) -> None:
        if self.watcher is not None:
            self.watcher.start()
        if self.sync_loop is not None:
            self.sync_loop.start()

    def _on_sync_progress(self, what: str, done: int, total: int) -> None:
        if self.closing:
            return
        if what == "upload" and total:
            self.sync_state.setText(self.tr("正在上报扫描件 ") + f"{done * 100 // total}%")
        elif what == "catalogue":
            self.sync_state.setText(self.tr("正在更新事项目录…"))

    def _on_sync_failed(self, error: Exception) -> None:
        if not self.closing:
            self.sync_state.setText(user_message(error))

    def _on_sync_done(self, result: SyncResult) -> None:
        if self.closing:
            return  # a drain that ended after the window closed: nothing to show
        report, queue = result.report, result.queue
        self.last_sync = report
        text = self.tr("待上报 ") + str(queue.waiting)
        if queue.held:
            text += self.tr("，待人工处理 ") + str(queue.held)
        if report.store_error:
            text += "，" + report.store_error
        elif report.errors and report.deferred:
            text += self.tr("，网络不通，稍后自动重试")
        elif queue.last_success:
            text += self.tr("，上次上报 ") + queue.last_success[11:16]
        self.sync_state.setText(text)
        self.refresh()

    def _on_reader_state(self, state: DeviceState) -> None:
        self.reader_state.setText(self.tr("读卡器：") + state.label)
        self.reader_state.setProperty("state", state.value)

    def _on_card(self, card: CardRead) -> None:
        self.last_card = card
        self.card_view.show_card(card)
        self.card_message.setText(self.card_view.photo_note)
        if self.acceptance is not None:
            self.acceptance.card(card)  # a new applicant: the previous one goes whole

    def _next_applicant(self) -> None:
        """邀请评价，下一位: the pad rates the decided application; the screen is cleared."""
        assert self.acceptance is not None
        decided = self.acceptance.last_decided
        item = self.acceptance.state.item
        if decided is not None and self.pad_session is not None:
            kept = decided.decision.kind is not DecisionKind.REJECT  # a rejection keeps nothing
            self.invite_evaluation(
                item.name if item else "", application_id=decided.local_id if kept else None
            )
        self.acceptance.finish()

    def _on_card_error(self, error: HallError) -> None:
        # the previous applicant's card goes first: an error under it would look like theirs
        self.card_view.clear()
        self.last_card = None
        self.card_message.setText(staff_message(error))

    # -- review pad ---------------------------------------------------------------------

    def _build_pad_panel(self, pad: ReviewPad | None) -> None:
        box = QtWidgets.QGroupBox(self.tr("服务评价"))
        col = QtWidgets.QVBoxLayout(box)
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
        self.side.addWidget(box)
        self.pad_session: PadSession | None = None
        self.pair_button.setVisible(tablet_of(pad) is not None)
        if pad is None:
            self.pad_state.setText(self.tr("评价器：未配置"))
            self.invite_button.setEnabled(False)
            return
        self.pad_session = PadSession(pad, self)
        self.pad_session.finished.connect(self._on_pad_result)
        self.pad_session.failed.connect(self._on_pad_error)
        self._pad_timer = QtCore.QTimer(self)
        self._pad_timer.timeout.connect(self._show_pad_state)
        self._pad_timer.start(1000)
        self._show_pad_state()

    def start_pad(self) -> None:
        """Opens the pad on its own thread; a failure is shown when it comes."""
        if self.pad_session is not None:
            self.pad_session.start()

    def _show_pad_state(self) -> None:
        if self.pad_session is not None:
            self.pad_state.setText(self.tr("评价器：") + self.pad_session.pad.state.label)

    def invite_evaluation(
        self, item_name: str = "", *, application_id: uuid.UUID | None = None
    ) -> None:
        if self.pad_session is None:
            return
        invitation = PadInvitation(
            staff_name=self.staff.staff_name or self.tr("窗口工作人员"),
            staff_id=self.staff.staff_id,
            window=self.window_name,
            item_name=item_name,
            timeout_seconds=120,
        )
        if self.pad_session.invite(invitation):
            # the rating belongs to the application just decided, or the one selected
            selected = self._selected()
            self.rated_application = application_id or (
                selected.local_id if selected is not None else None
            )
            self.invite_button.setEnabled(False)
            self.pad_message.setText(self.tr("已邀请申请人评价，请勿引导评价…"))

    def show_pairing(self) -> None:
        pad = tablet_of(self.pad_session.pad if self.pad_session is not None else None)
        if pad is not None:
            code = pad.new_pairing_code()
            self.pad_message.setText(
                f"请在评价平板浏览器打开 {pad.url()}\n输入配对码：{code}（10分钟内有效）"
            )

    def _on_pad_result(self, result: PadResult) -> None:
        self.last_pad_result = result
        self.invite_button.setEnabled(True)
        self.pad_message.setText(outcome_text(result))
        self._show_pad_state()
        if result.outcome is not PadOutcome.RATED or result.satisfaction is None:
            return
        request = EvaluationRequest(
            satisfaction=result.satisfaction,
            channel=EvaluationChannel.HALL_TABLET,
            application_id=self.rated_application,
            staff_id=self.staff.staff_id,
            window=self.window_name,
            reasons=result.reasons,
        )

        def recorded(evaluation: Evaluation) -> None:
            self.last_evaluation = evaluation
            self.pad_message.setText(outcome_text(result) + self.tr("（已保存，将上报平台）"))

        self.worker.submit(
            lambda ops: ops.record_evaluation(request),
            recorded,
            lambda e: self.pad_message.setText(outcome_text(result) + "：" + user_message(e)),
        )

    def _on_pad_error(self, error: HallError) -> None:
        self.invite_button.setEnabled(True)
        self.pad_message.setText(error.user_message)
        self._show_pad_state()

    def refresh(self) -> None:
        self.worker.submit(lambda ops: ops.worklist(), self._show)

    def _show(self, worklist: Worklist) -> None:
        rows, counts = worklist.rows, worklist.counts
        self._all_rows = list(rows)
        self._filter()
        summary = "，".join(
            f"{s.label} {n}" for s, n in sorted(counts.items(), key=lambda kv: kv[0].value)
        )
        self.status.setText(f"共 {len(rows)} 件" + (f"：{summary}" if summary else ""))
        self.loaded = True

    def _filter(self) -> None:
        """Shows the worklist rows that match the filter (text in any column, today only)."""
        text = self.filter_text.text().strip().lower()
        today = local_today(SystemClock())
        rows = [
            r
            for r in self._all_rows
            if (not text or any(text in cell.lower() for cell in _worklist_cells(r)))
            and (not self.filter_today.isChecked() or r.created_at.astimezone(CST).date() == today)
        ]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def show_detail(self) -> None:
        """The selected application's history: every state, when, and the platform's notes."""
        selected = self._selected()
        if selected is None:
            return
        code = selected.receipt_number

        def shown(progress: Progress | None) -> None:
            if progress is None:
                return
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

        self.worker.submit(lambda ops: ops.find(code), shown)

    def _selected(self) -> ApplicationSummary | None:
        """The application selected in the worklist."""
        row = self.table.currentIndex().row()
        return self.model.row(row) if 0 <= row < self.model.rowCount() else None

    def reprint_selected(self) -> None:
        """Prints the selected application's receipt again (a print that failed loses
        nothing: the receipt is rebuilt from the stored application)."""
        selected, printer = self._selected(), self.printer
        if printer is None or selected is None:
            self.status.setText(self.tr("请先在列表中选择一件申请"))
            return
        local_id = selected.local_id

        def failed(error: Exception) -> None:
            self.status.setText(user_message(error))

        def printed(data: bytes) -> None:
            self.last_reprint = data
            self.status.setText(self.tr("回执已重新打印"))

        def send(blocks: list[Block]) -> None:  # the printer's own thread does the I/O
            self.printer_worker.submit(lambda _: printer.print_document(blocks), printed, failed)

        self.status.setText(self.tr("正在打印回执…"))
        self.worker.submit(lambda ops: ops.receipt_document(local_id), send, failed)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Closes within about a second, whatever the devices are doing: every owner is asked
        to stop at once, then each is waited for within one shared budget. A read or a drain
        still running is abandoned to its thread (device I/O is read-only; delivery is
        crash-safe and finished at the next start)."""
        self.closing = True
        deadline = time.monotonic() + CLOSE_BUDGET_SECONDS
        if self.watcher is not None:
            self.watcher.request_stop()
        if self.sync_loop is not None:
            self.sync_loop.request_stop()

        def left() -> float:
            return max(deadline - time.monotonic(), 0.0)

        if self.pad_session is not None:
            self.pad_session.shutdown(left())
        if self.watcher is not None:
            self.watcher.stop(left())
        if self.sync_loop is not None:
            self.sync_loop.stop(left())
        self.worker.stop(left())
        self.printer_worker.stop(left())
        if self.acceptance is not None:
            self.acceptance.stop(left())
        super().closeEvent(event)  # type: ignore[arg-type]
