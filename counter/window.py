"""The counter's main window: the worklist of every local application and its sync state."""

from __future__ import annotations

import html
import logging
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from common_qt import theme
from common_qt.devices import BackgroundLoop, CardBridge, PadSession, outcome_text
from common_qt.idle import IdleGuard
from common_qt.models import RowsModel
from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from common_qt.widgets.editing import wipe_line
from common_qt.widgets.identity_card import IdentityCardView
from core.application import Channel, DecisionKind
from core.clock import CST, SystemClock, local_today
from core.errors import CardExpired, CardRejected, HallError, InvalidIdNumber, ValidationError
from core.evaluation import Evaluation, EvaluationChannel
from core.flows.counter import CounterStep
from core.ports import (
    CardRead,
    DeviceState,
    IdCardReader,
    PadInvitation,
    PadOutcome,
    PadResult,
    ReviewPad,
)
from core.staff import StaffMember
from counter.acceptance import AcceptancePanel
from counter.controller import AcceptanceController, staff_message
from counter.signin import SignInPage
from terminal.bundles import BundleDesk, Exported, Imported, StationStatus, removable_drives
from terminal.devices import Block, CardWatcher, PhotoDecoder, ReceiptPrinter, tablet_of
from terminal.operations import (
    ApplicationSummary,
    EvaluationRequest,
    Operations,
    Progress,
    SignedIn,
    Worklist,
)

if TYPE_CHECKING:  # the sync side loads on the sync thread
    from terminal.sync import DrainReport, SyncResult

CLOSE_BUDGET_SECONDS = 0.8
CARD_SHOWN_SECONDS = 120  # a card's details with no acceptance under way for its holder
CHANNEL_LABELS = {Channel.KIOSK: "自助终端", Channel.COUNTER: "窗口", Channel.AGENT: "代办"}
COLUMNS = ("回执编号", "事项", "申请人", "渠道", "本机", "平台", "办件编号", "提交时间")

log = logging.getLogger(__name__)


class _ProgressBridge(QtCore.QObject):
    """Carries a job's progress from its thread to the GUI's (a queued signal)."""

    progressed = Signal(int, int)


def _states(a: ApplicationSummary) -> tuple[str, ...]:
    """The words a state filter matches: this terminal's state and the platform's."""
    here, platform = a.status.columns()
    return (here,) if platform == "—" else (here, platform)


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
        window_name: str = "",
        sync_loop: BackgroundLoop | None = None,
        printer: ReceiptPrinter | None = None,
        acceptance: AcceptanceController | None = None,
        today: Callable[[], date] | None = None,
        printer_worker: ThreadWorker | None = None,
        require_sign_in: bool = False,
        lock_after_minutes: float = 10,
        bundles: BundleDesk | None = None,
    ) -> None:
        """``operations`` builds the terminal's operations on the store thread (for the
        capturing app: with the start-up sweep of an interrupted queueing).

        ``require_sign_in``: nothing but the sign-in screen shows until a staff member signs
        in; the screen locks after ``lock_after_minutes`` without input."""
        super().__init__()
        self.setWindowTitle(title)
        #: the hall's date (China time) by the terminal's clock (counter/app.py injects it)
        self.today = today or (lambda: local_today(SystemClock()))
        self.clerk: StaffMember | None = None
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
        self.clerk_label = QtWidgets.QLabel()
        self.clerk_label.setObjectName("clerk")
        row.addWidget(self.clerk_label)
        self.lock_button = QtWidgets.QPushButton(self.tr("锁屏"))
        self.lock_button.setShortcut(QtGui.QKeySequence("Ctrl+L"))
        self.lock_button.setToolTip(self.tr("锁定屏幕（Ctrl+L）"))
        self.lock_button.clicked.connect(lambda: self.lock_screen("button"))
        row.addWidget(self.lock_button)
        self.sign_out_button = QtWidgets.QPushButton(self.tr("退出登录"))
        self.sign_out_button.clicked.connect(self.sign_out)
        row.addWidget(self.sign_out_button)
        for b in (self.lock_button, self.sign_out_button):
            b.setVisible(require_sign_in)
        self.sync_state = QtWidgets.QLabel()
        self.sync_state.setObjectName("syncState")
        row.addWidget(self.sync_state)
        self.sync_button = QtWidgets.QPushButton(self.tr("立即上报"))
        row.addWidget(self.sync_button)
        layout.addWidget(header)
        self.model = RowsModel(COLUMNS, _worklist_cells, parent=self)
        self.table = QtWidgets.QTableView()
        self.table.setAccessibleName(self.tr("办件列表"))
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
        self.detail_text.setAccessibleName(self.tr("办件详情"))
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
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.progress_button = QtWidgets.QPushButton(self.tr("打印进度"))
        self.progress_button.setToolTip(self.tr("为申请人打印这件申请的办理进度"))
        self.progress_button.clicked.connect(lambda: self.reprint_selected(document="progress"))
        self.notice_button = QtWidgets.QPushButton(self.tr("重打通知书"))
        self.notice_button.clicked.connect(lambda: self.reprint_selected(document="notice"))
        self.retry_button = QtWidgets.QPushButton(self.tr("重新上报"))
        self.retry_button.setToolTip(self.tr("平台退回的办件，问题处理后重新上报"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.refresh_button = QtWidgets.QPushButton(self.tr("刷新"))
        self.refresh_button.setShortcut(QtGui.QKeySequence("F9"))
        self.refresh_button.clicked.connect(self.refresh)
        for b in (
            self.detail_button,
            self.reprint_button,
            self.notice_button,
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
        self._all_rows: list[ApplicationSummary] = []
        body = QtWidgets.QHBoxLayout()
        # 一窗受理 (when the terminal takes applications) and the worklist, as tabs
        self.acceptance = acceptance
        self.tabs = QtWidgets.QTabWidget()
        self.acceptance_panel: AcceptancePanel | None = None
        if acceptance is not None:
            self.acceptance_panel = AcceptancePanel(acceptance, self.today)
            agent = acceptance.services.channel is Channel.AGENT
            title = self.tr("代办") if agent else self.tr("一窗受理")
            self.tabs.addTab(self.acceptance_panel, title)
            self.acceptance_panel.done_button.clicked.connect(self._next_applicant)
            acceptance.decided.connect(self._decided)
        self.tabs.addTab(self.worklist_tab, self.tr("办件列表"))
        body.addWidget(self.tabs, 3)
        self.side = QtWidgets.QVBoxLayout()
        body.addLayout(self.side, 2)
        layout.addLayout(body, 1)
        self.status = QtWidgets.QLabel()
        layout.addWidget(self.status)
        # 工作人员登录 and the lock screen in front of the work, which shows only when signed in
        self.pages = QtWidgets.QStackedWidget()
        self.sign_in_page = SignInPage(title)
        self.sign_in_page.submitted.connect(self._sign_in)
        self.pages.addWidget(self.sign_in_page)
        self.pages.addWidget(central)
        self.work = central
        self.setCentralWidget(self.pages)
        self.require_sign_in = require_sign_in
        self.pages.setCurrentWidget(self.sign_in_page if require_sign_in else central)
        self.idle_lock: IdleGuard | None = None
        if require_sign_in:
            app = QtCore.QCoreApplication.instance()
            assert app is not None
            self.idle_lock = IdleGuard(
                app,
                timeout_seconds=lock_after_minutes * 60,
                warning_seconds=min(30.0, lock_after_minutes * 30),
                parent=self,
            )
            self.idle_lock.warning.connect(
                lambda s: self.status.setText(self.tr("无操作，%n 秒后锁屏", "", s))
            )
            self.idle_lock.resumed.connect(lambda: self.status.setText(""))
            self.idle_lock.expired.connect(lambda: self.lock_screen("idle"))
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
        self.notice_button.setEnabled(printer is not None)
        self.progress_button.setEnabled(printer is not None)
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
        self.bundles = bundles
        if bundles is not None:
            self._build_station_panel(bundles)
        self.side.addStretch(1)
        theme.apply(self, "counter")

    # -- the station: what waits, storage, USB bundles ---------------------------------------

    def _build_station_panel(self, bundles: BundleDesk) -> None:
        agent = self.acceptance is not None and self.acceptance.services.channel is Channel.AGENT
        box = QtWidgets.QGroupBox(self.tr("代办站离线数据") if agent else self.tr("数据包"))
        col = QtWidgets.QVBoxLayout(box)
        self.station_waiting = QtWidgets.QLabel()
        self.station_waiting.setWordWrap(True)
        col.addWidget(self.station_waiting)
        self.station_storage = QtWidgets.QLabel()
        self.station_storage.setWordWrap(True)
        col.addWidget(self.station_storage)
        self.bundle_progress = QtWidgets.QProgressBar()
        self.bundle_progress.setAccessibleName(self.tr("导出进度"))
        self.bundle_progress.hide()
        col.addWidget(self.bundle_progress)
        row = QtWidgets.QHBoxLayout()
        self.export_button = QtWidgets.QPushButton(self.tr("导出到U盘…"))
        self.export_button.setToolTip(self.tr("把全部待上报的办件加密导出，带到大厅导入"))
        self.export_button.clicked.connect(self.choose_export)
        self.import_button = QtWidgets.QPushButton(self.tr("导入数据包…"))
        self.import_button.setToolTip(self.tr("导入代办站带来的数据包，上报平台"))
        self.import_button.clicked.connect(self.choose_import)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        col.addLayout(row)
        self.bundle_message = QtWidgets.QLabel()
        self.bundle_message.setWordWrap(True)
        col.addWidget(self.bundle_message)
        self.side.addWidget(box)
        self.last_export: Exported | None = None
        self.last_import: Imported | None = None
        self.station: StationStatus | None = None
        self._bundle_bridge = _ProgressBridge(self)
        self._bundle_bridge.progressed.connect(self._export_progress)
        self._import_worker: ThreadWorker | None = None
        self._station_timer = QtCore.QTimer(self)
        self._station_timer.timeout.connect(self.refresh_station)
        self._station_timer.start(30_000)

    def refresh_station(self) -> None:
        bundles = self.bundles
        if bundles is not None:
            self.worker.submit(lambda ops: bundles.status(ops), self._show_station)

    def _show_station(self, s: StationStatus) -> None:
        self.station = s
        oldest = f"，最早 {s.oldest_waiting[5:16].replace('T', ' ')}" if s.oldest_waiting else ""
        held = f"，待人工处理 {s.held} 件" if s.held else ""
        self.station_waiting.setText(f"待上报 {s.waiting} 件{oldest}{held}")
        free_gb = s.disk_free / (1 << 30)
        text = f"本机存储：已用 {s.disk_used:.0%}，剩余 {free_gb:.1f} GB"
        if s.warn:
            text += "。存储空间即将用尽：请尽快联网上报或导出到U盘"
        if s.purged:  # the retention rule, visible: what was removed, and when last
            text += (
                f"\n已按保存期限清除 {s.purged} 件已办结申请的个人资料和扫描件"
                f"（最近一次 {s.last_purge[5:16].replace('T', ' ')}）"
            )
        self.station_storage.setText(text)
        self.station_storage.setObjectName("deviceError" if s.warn else "")
        self.station_storage.style().polish(self.station_storage)

    def choose_export(self) -> None:
        drives = removable_drives()
        start = str(drives[0]) if drives else str(Path.home())
        chosen = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("选择U盘"), start)
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, dest: Path) -> None:
        """导出到U盘: every waiting application and evaluation, sealed, with progress."""
        bundles, bridge = self.bundles, self._bundle_bridge
        if bundles is None:
            return
        self.export_button.setEnabled(False)
        self.bundle_progress.setValue(0)
        self.bundle_progress.show()
        self.bundle_message.setText(self.tr("正在导出…"))

        def done(e: Exported) -> None:
            self.last_export = e
            self.export_button.setEnabled(True)
            self.bundle_progress.hide()
            self.bundle_message.setText(
                f"已导出 {e.applications} 件申请、{e.evaluations} 条评价到 {e.path}"
                f"（{e.size / (1 << 20):.1f} MB，已加密）。"
                "请带到大厅导入；平台确认前本机保留全部数据。"
            )

        def failed(error: Exception) -> None:
            self.export_button.setEnabled(True)
            self.bundle_progress.hide()
            self.bundle_message.setText(user_message(error))

        self.worker.submit(
            lambda ops: bundles.export(ops, dest, bridge.progressed.emit), done, failed
        )

    def _export_progress(self, done: int, total: int) -> None:
        self.bundle_progress.setMaximum(max(total, 1))
        self.bundle_progress.setValue(done)

    def choose_import(self) -> None:
        drives = removable_drives()
        start = str(drives[0]) if drives else str(Path.home())
        chosen, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("选择数据包"), start, self.tr("数据包 (*.htb)")
        )
        if chosen:
            self.import_from(Path(chosen))

    def import_from(self, path: Path) -> None:
        """导入数据包: a bundle carried from a station, delivered to the platform from here
        (on a thread of its own: the upload may take minutes)."""
        bundles = self.bundles
        if bundles is None:
            return
        if self._import_worker is None:
            self._import_worker = ThreadWorker("bundle-import")
        self.import_button.setEnabled(False)
        self.bundle_message.setText(self.tr("正在导入并上报平台…"))

        def done(r: Imported) -> None:
            self.last_import = r
            self.import_button.setEnabled(True)
            refused = f"，{len(r.refused)} 件被平台拒收" if r.refused else ""
            self.bundle_message.setText(
                f"导入完成：新上报 {r.applications_new} 件，平台已有 {r.applications_known} 件；"
                f"评价新 {r.evaluations_new} 条{refused}。"
            )

        def failed(error: Exception) -> None:
            self.import_button.setEnabled(True)
            self.bundle_message.setText(user_message(error))

        self._import_worker.submit(lambda _: bundles.carry_in(path), done, failed)

    # -- staff sign-in and the lock screen ------------------------------------------------

    def _sign_in(self, number: str, password: str) -> None:
        unlocking = self.clerk.number if self.clerk is not None else ""

        def signed_in(done: SignedIn) -> None:
            if self.clerk is not None and done.member.number != self.clerk.number:
                self._end_work()  # another member at the locked screen: the first one's goes
            self.start_shift(done.member)

        self.worker.submit(
            lambda ops: ops.staff.sign_in(number, password, unlocking=unlocking),
            signed_in,
            lambda e: self.sign_in_page.say(user_message(e)),
        )

    def start_shift(self, member: StaffMember) -> None:
        """Signed in (or unlocked): the work shows, named after the member."""
        self.clerk = member
        if self.acceptance is not None:
            self.acceptance.clerk = member
        self.clerk_label.setText(f"{member.role.label} {member.display}")
        self.sign_in_page.show_sign_in()
        self.pages.setCurrentWidget(self.work)
        self.status.setText("")
        if self.idle_lock is not None:
            self.idle_lock.poke()

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.sign_in_page

    def lock_screen(self, reason: str = "idle") -> None:
        """锁屏: the work stays as it was behind the lock; only this member's password (or
        another member signing in, which ends this session) opens it."""
        if not self.require_sign_in or self.clerk is None or self.locked:
            return
        number = self.clerk.number
        self.detail.hide()
        self.sign_in_page.show_locked(number, self.clerk.display)
        self.pages.setCurrentWidget(self.sign_in_page)
        self.worker.submit(lambda ops: ops.staff.screen_locked(number, reason))

    def sign_out(self) -> None:
        """退出登录: the applicant on screen, the form and the selection go with the clerk."""
        if self.clerk is None:
            return
        number = self.clerk.number
        self.worker.submit(lambda ops: ops.staff.sign_out(number))
        self._end_work()
        self.clerk = None
        if self.acceptance is not None:
            self.acceptance.clerk = None
        self.clerk_label.setText("")
        self.sign_in_page.show_sign_in(self.tr("已退出登录。"))
        self.pages.setCurrentWidget(self.sign_in_page)

    def _end_work(self) -> None:
        """What one member was doing goes: the applicant, the form, filters, the detail."""
        if self.acceptance is not None:
            self.acceptance.next_applicant()
        self.clear_card()
        self.detail.hide()
        wipe_line(self.filter_text)
        self._filter()
        self.table.clearSelection()

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
        # A SAM reader halts a card once read: it cannot tell whether the card still lies
        # there. So the card's details (number, address, photo) leave the screen when its
        # applicant is done, at a lock or sign-out, and after CARD_SHOWN_SECONDS when no
        # acceptance is under way for it.
        self.card_timer = QtCore.QTimer(self)
        self.card_timer.setSingleShot(True)
        self.card_timer.setInterval(CARD_SHOWN_SECONDS * 1000)
        self.card_timer.timeout.connect(self._card_shown_long_enough)
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
            today=self.today,
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
        camera = self.acceptance.services.camera if self.acceptance is not None else None
        if camera is not None:
            health["camera"] = camera.state.value
        return health

    def start_devices(self) -> None:
        if self.watcher is not None:
            self.watcher.start()
        if self.acceptance is not None:
            self.acceptance.start()
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
        if result.purged:
            text += self.tr("，已按保存期限清除 ") + str(result.purged) + self.tr(" 件")
        self.sync_state.setText(text)
        self.refresh()

    def _on_reader_state(self, state: DeviceState) -> None:
        self.reader_state.setText(self.tr("读卡器：") + state.label)
        self.reader_state.setProperty("state", state.value)

    def _on_card(self, card: CardRead) -> None:
        if self.require_sign_in and (self.clerk is None or self.locked):
            return  # nobody signed in, or locked: a card does not open anything behind it
        self.last_card = card
        self.card_timer.start()
        self.card_view.show_card(card)
        self.card_message.setText(self.card_view.photo_note)
        if self.acceptance is not None:
            self.acceptance.card(card)  # a new applicant: the previous one goes whole

    def _decided(self, decided: object) -> None:
        """A decision recorded: the worklist shows it, and an accepted application starts on
        its way to the platform at once (the header's queue follows)."""
        self.refresh()
        if self.sync_loop is not None:
            self.sync_loop.trigger()

    def _next_applicant(self) -> None:
        """邀请评价，下一位: the pad rates the decided application; the screen is cleared."""
        assert self.acceptance is not None
        decided = self.acceptance.last_decided
        item = self.acceptance.state.item
        if decided is not None and self.pad_session is not None:
            # once per decision; a rejection keeps no application to bind the rating to yet
            kept = decided.decision.kind is not DecisionKind.REJECT
            self._invite(item.name if item else "", decided.local_id if kept else None)
        self.acceptance.finish()
        self.clear_card()  # the applicant is done: their card's details go too

    def _card_shown_long_enough(self) -> None:
        serving = self.acceptance.state.identity if self.acceptance is not None else None
        if self.last_card is not None and serving == self.last_card.identity:
            self.card_timer.start()  # its holder is being served: it stays
            return
        self.clear_card()

    def clear_card(self, message: str = "") -> None:
        """Nothing of the last card stays on screen."""
        self.card_timer.stop()
        self.card_view.clear()
        self.last_card = None
        self.card_message.setText(message)

    def _on_card_error(self, error: HallError) -> None:
        # the previous applicant's card goes first: an error under it would look like theirs
        self.clear_card(staff_message(error))
        presented = isinstance(error, CardExpired | InvalidIdNumber | CardRejected)
        acceptance = self.acceptance
        if presented and acceptance is not None and acceptance.step is not CounterStep.READ_CARD:
            # someone put an unusable card on the reader: the person at the counter changed,
            # and the previous applicant's acceptance ends (as a valid card would end it)
            acceptance.next_applicant()

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
        """Invites the applicant to rate on the pad: the application just decided (each visit
        its own service), or the one selected in the worklist if it has no rating yet — never
        a rating bound to nothing (一次一评: each press stored another unbound 满意)."""
        if self.pad_session is None:
            return
        if application_id is None:
            selected = self._selected()
            if selected is None:
                self.pad_message.setText(self.tr("请先办理或在办件列表中选择要评价的办件。"))
                return
            chosen = selected.local_id

            def checked(rated: bool) -> None:
                if rated:
                    self.pad_message.setText(self.tr("该办件已评价（一次一评）。"))
                else:
                    self._invite(selected.item_name, chosen)

            self.worker.submit(lambda ops: ops.store.evaluated(chosen), checked)
            return
        self._invite(item_name, application_id)

    def _invite(self, item_name: str, application_id: uuid.UUID | None) -> None:
        assert self.pad_session is not None
        invitation = PadInvitation(
            staff_name=self.clerk.name if self.clerk else self.tr("窗口工作人员"),
            staff_id=self.clerk.number if self.clerk else "",
            window=self.window_name,
            item_name=item_name,
            timeout_seconds=120,
        )
        if self.pad_session.invite(invitation):
            self.rated_application = application_id  # the rating belongs to it
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
            staff_id=self.clerk.number if self.clerk else "",
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
        self._show_pad_state()

    def refresh(self) -> None:
        self.worker.submit(lambda ops: ops.worklist(), self._show)
        self.refresh_station()

    def _show(self, worklist: Worklist) -> None:
        rows, counts = worklist.rows, worklist.counts
        self._all_rows = list(rows)
        self._fill_choices(self._all_rows)
        self._filter()
        summary = "，".join(
            f"{s.label} {n}" for s, n in sorted(counts.items(), key=lambda kv: kv[0].value)
        )
        self.counts.setText(f"共 {len(rows)} 件" + (f"：{summary}" if summary else ""))
        self.loaded = True

    def _filter(self) -> None:
        """Shows the worklist rows that match the filters: text in any column, a state (of
        this terminal or of the platform), an item, today only."""
        text = self.filter_text.text().strip().lower()
        state, item = self.filter_state.currentData(), self.filter_item.currentData()
        today = self.today()
        rows = [
            r
            for r in self._all_rows
            if (not text or any(text in cell.lower() for cell in _worklist_cells(r)))
            and (not state or state in _states(r))
            and (not item or r.item_name == item)
            and (not self.filter_today.isChecked() or r.created_at.astimezone(CST).date() == today)
        ]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

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

    def retry_selected(self) -> None:
        """重新上报 the selected application the platform refused, once its cause is fixed."""
        selected = self._selected()
        if selected is None:
            self.status.setText(self.tr("请先在列表中选择一件申请"))
            return
        local_id, code = selected.local_id, selected.receipt_number

        def done(official: str) -> None:
            said = f"{code} 平台已接收（{official}）" if official else f"{code} 已重新加入上报队列"
            self.status.setText(said)
            self.refresh()
            if self.sync_loop is not None:
                self.sync_loop.trigger()

        self.worker.submit(
            lambda ops: ops.retry_held(local_id),
            done,
            lambda e: self.status.setText(user_message(e)),
        )

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

    def reprint_selected(self, *, document: str = "receipt") -> None:
        """Prints the selected application's receipt, counter notice ("notice") or progress
        ("progress"); a print that failed loses nothing: each is rebuilt from the store."""
        selected, printer = self._selected(), self.printer
        if printer is None or selected is None:
            self.status.setText(self.tr("请先在列表中选择一件申请"))
            return
        local_id = selected.local_id

        def failed(error: Exception) -> None:
            self.status.setText(user_message(error))

        what = {"notice": self.tr("通知书"), "progress": self.tr("办理进度")}.get(
            document, self.tr("回执")
        )
        build = {
            "notice": lambda ops: ops.notice_again(local_id),
            "progress": lambda ops: ops.progress_document(local_id),
        }.get(document, lambda ops: ops.receipt_document(local_id))

        def printed(data: bytes) -> None:
            self.last_reprint = data
            self.status.setText(what + self.tr("已重新打印"))

        def not_printed(error: Exception) -> None:  # nothing is lost: it prints again later
            self.status.setText(
                what
                + self.tr("未能打印：")
                + user_message(error)
                + self.tr("可稍后在办件列表中重新打印。")
            )

        def send(blocks: list[Block]) -> None:  # the printer's own thread does the I/O
            self.printer_worker.submit(
                lambda _: printer.print_document(blocks), printed, not_printed
            )

        self.status.setText(self.tr("正在打印") + what + "…")
        self.worker.submit(build, send, failed)

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
        if self.bundles is not None and self._import_worker is not None:
            self._import_worker.stop(left())
        if self.acceptance is not None:
            self.acceptance.stop(left())
        super().closeEvent(event)  # type: ignore[arg-type]
