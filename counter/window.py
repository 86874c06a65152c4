"""The counter's main window: the header, the acceptance and the worklist as tabs, and the
side panels (applicant's card, review pad, station data). Each panel (counter/panels/) does its
own job; the window lays them out, wires one to another and closes them within a budget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from common_qt import theme
from common_qt.devices import BackgroundLoop
from common_qt.printing import PrintDesk
from common_qt.qt import QtGui, QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from common_qt.widgets.focus_ring import FocusRing
from core.application import Channel
from core.clock import SystemClock, local_today
from core.flows.counter import CounterStep
from core.lifecycle import stop_within
from core.ports import CardRead, Printer
from core.staff import StaffMember
from counter.acceptance import AcceptancePanel
from counter.controller import AcceptanceController
from counter.panels.applicant import ApplicantPanel
from counter.panels.pad import PadController, PadPanel
from counter.panels.queue import QueueController, QueuePanel
from counter.panels.shift import Shift
from counter.panels.station import StationPanel
from counter.panels.submissions import SubmissionsController, SubmissionsPanel
from counter.panels.worklist import WorklistController, WorklistPanel
from terminal.bundles import BundleDesk
from terminal.devices import TerminalDevices
from terminal.operations import Operations

if TYPE_CHECKING:  # the sync side loads on the sync thread
    from core.delivery import DrainReport, SyncResult

CLOSE_BUDGET_SECONDS = 0.8


class CounterWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        *,
        title: str,
        operations: Callable[[], Operations],
        devices: TerminalDevices | None = None,
        window_name: str = "",
        sync_loop: BackgroundLoop | None = None,
        acceptance: AcceptanceController | None = None,
        today: Callable[[], date] | None = None,
        desk: PrintDesk | None = None,
        require_sign_in: bool = False,
        lock_after_minutes: float = 10,
        bundles: BundleDesk | None = None,
    ) -> None:
        """``operations`` builds the terminal's operations on the store thread (for the
        capturing app: with the start-up sweep of an interrupted queueing).

        ``devices``: the terminal's devices and their owners (``Terminal.devices``); the
        acceptance's document camera is among them (the composition root hands it over).

        ``require_sign_in``: nothing but the sign-in screen shows until a staff member signs
        in; the screen locks after ``lock_after_minutes`` without input."""
        super().__init__()
        self.setWindowTitle(title)
        #: the hall's date (China time) by the terminal's clock (counter/app.py injects it)
        self.today = today or (lambda: local_today(SystemClock()))
        self.window_name = window_name
        self.acceptance = acceptance
        self.devices = devices or TerminalDevices()
        self.worker = ThreadWorker(
            "counter-store",
            setup=operations,
            on_failure=lambda e: self.status.setText(user_message(e)),
        )
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._header(title, require_sign_in))
        self.status = QtWidgets.QLabel()
        self.desk = desk or PrintDesk(self.devices.printer)  # every print, on one thread
        self.worklist = WorklistPanel(
            WorklistController(self.worker, self.desk, parent=self),
            today=self.today,
            say=self.status.setText,
        )
        self.worklist.controller.requeued.connect(self._deliver_now)
        body = QtWidgets.QHBoxLayout()
        # 一窗受理 (when the terminal takes applications) and the worklist, as tabs
        self.tabs = QtWidgets.QTabWidget()
        self.acceptance_panel: AcceptancePanel | None = None
        if acceptance is not None:
            self.acceptance_panel = AcceptancePanel(acceptance, self.today)
            agent = acceptance.services.channel is Channel.AGENT
            self.tabs.addTab(
                self.acceptance_panel, self.tr("代办") if agent else self.tr("一窗受理")
            )
            self.acceptance_panel.done_button.clicked.connect(self._next_applicant)
            acceptance.decided.connect(self._decided)
        self.tabs.addTab(self.worklist, self.tr("办件列表"))
        # 代办件: a hall counter decides what the village stations submitted
        self.submissions: SubmissionsPanel | None = None
        if acceptance is not None and acceptance.services.channel is Channel.COUNTER:
            self.submissions = SubmissionsPanel(
                SubmissionsController(
                    self.worker,
                    clerk=lambda: self.shift.clerk,
                    window_name=window_name,
                    parent=self,
                )
            )
            self.tabs.addTab(self.submissions, self.tr("代办件"))
        body.addWidget(self.tabs, 3)
        self.side = QtWidgets.QVBoxLayout()
        body.addLayout(self.side, 2)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        # 工作人员登录 and the lock screen in front of the work, which shows only when signed in
        self.shift = Shift(
            self.worker,
            title=title,
            work=central,
            required=require_sign_in,
            lock_after_minutes=lock_after_minutes,
            parent=self,
        )
        self.shift.started.connect(self._shift_started)
        self.shift.ending.connect(self._end_work)
        self.shift.locking.connect(self.worklist.detail.hide)
        self.shift.say.connect(self.status.setText)
        self.lock_button.clicked.connect(lambda: self.shift.lock("button"))
        self.sign_out_button.clicked.connect(self.sign_out)
        self.setCentralWidget(self.shift.pages)
        self.applicant = ApplicantPanel(
            self.devices.card,
            accepts=lambda: self.shift.open,
            serving=lambda: acceptance.state.identity if acceptance is not None else None,
        )
        self.applicant.presented.connect(self._card_presented)
        self.applicant.refused.connect(self._card_refused)
        if self.acceptance_panel is not None:  # 取消本次办理: the applicant leaves
            self.acceptance_panel.cancelled.connect(self.applicant.clear)
        self.side.addWidget(self.applicant)
        self.pad = PadPanel(
            PadController(
                self.worker,
                self.devices.pad,
                clerk=lambda: self.shift.clerk,
                window_name=window_name,
                parent=self,
            ),
            selected=self.worklist.selected,
        )
        self.side.addWidget(self.pad)
        # 叫号: a hall counter calls the next ticket of its window's categories
        self.queue: QueuePanel | None = None
        if acceptance is not None and acceptance.services.channel is Channel.COUNTER:
            calls = QueueController(
                self.worker, window_name, clerk=lambda: self.shift.clerk, parent=self
            )
            self.queue = QueuePanel(calls)
            self.side.addWidget(self.queue)
            # the ticket called is the applicant of the acceptance that follows: its number
            # travels with the decision, and the decision ends its service
            calls.changed.connect(lambda _: self._serving(calls.follow_code))
            acceptance.decided.connect(lambda d: calls.finish_with(d.application.receipt_number))
        self.station: StationPanel | None = None
        if bundles is not None:
            agent = acceptance is not None and acceptance.services.channel is Channel.AGENT
            self.station = StationPanel(self.worker, bundles, agent=agent)
            self.side.addWidget(self.station)
        self.side.addStretch(1)
        self.sync_loop: BackgroundLoop | None = None
        self.last_sync: DrainReport | None = None
        self.closing = False
        self.sync_state.setText(self.tr("未连接平台（离线模式）"))
        self.sync_button.setEnabled(False)
        if sync_loop is not None:
            self.attach_sync(sync_loop)
        theme.apply(self, "counter")
        # where the keyboard is, at a glance (the native style's hairline was not enough)
        self.focus_ring = FocusRing(self)

    def _header(self, title: str, require_sign_in: bool) -> QtWidgets.QWidget:
        """The terminal's name, the clerk signed in, 锁屏 and 退出登录 (when staff sign in),
        the delivery's state and 立即上报."""
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
        row.addWidget(self.lock_button)
        self.sign_out_button = QtWidgets.QPushButton(self.tr("退出登录"))
        row.addWidget(self.sign_out_button)
        for b in (self.lock_button, self.sign_out_button):
            b.setVisible(require_sign_in)
        self.sync_state = QtWidgets.QLabel()
        self.sync_state.setObjectName("syncState")
        row.addWidget(self.sync_state)
        self.sync_button = QtWidgets.QPushButton(self.tr("立即上报"))
        row.addWidget(self.sync_button)
        return header

    # -- the shift -------------------------------------------------------------------------

    @property
    def clerk(self) -> StaffMember | None:
        return self.shift.clerk

    @property
    def locked(self) -> bool:
        return self.shift.locked

    def _shift_started(self, member: StaffMember) -> None:
        if self.acceptance is not None:
            self.acceptance.clerk = member
        self.clerk_label.setText(f"{member.role.label} {member.display}")
        self.status.setText("")

    def sign_out(self) -> None:
        self.shift.sign_out()
        if self.acceptance is not None:
            self.acceptance.clerk = None
        self.clerk_label.setText("")

    def _end_work(self) -> None:
        """What one member was doing goes: the applicant, the form, filters, the detail."""
        if self.acceptance is not None:
            self.acceptance.next_applicant()
        self.applicant.clear()
        self.worklist.clear()

    # -- the applicant and the decision ---------------------------------------------------

    def _card_presented(self, card: CardRead) -> None:
        # a new applicant: nothing said for the previous one stays (the status line and the
        # pad's 申请人已评价 read as this one's)
        self.status.clear()
        self.pad.controller.next_applicant()
        if self.acceptance is not None:
            self.acceptance.card(card)  # a new applicant: the previous one goes whole

    def _card_refused(self, _error: object) -> None:
        acceptance = self.acceptance
        if acceptance is not None and acceptance.step is not CounterStep.READ_CARD:
            # someone put an unusable card on the reader: the person at the counter changed,
            # and the previous applicant's acceptance ends (as a valid card would end it)
            acceptance.next_applicant()

    def _decided(self, decided: object) -> None:
        """A decision recorded: the worklist shows it, and an accepted application starts on
        its way to the platform at once (the header's queue follows)."""
        self.refresh()
        self._deliver_now()

    def _serving(self, follow_code: str) -> None:
        """The ticket called here is the acceptance's applicant: said in its trail."""
        if self.acceptance is not None:
            self.acceptance.ticket = follow_code
        if self.acceptance_panel is not None:
            self.acceptance_panel.show_trail()

    def _next_applicant(self) -> None:
        """邀请评价，下一位: the pad rates the decided application; the screen is cleared."""
        assert self.acceptance is not None
        decided = self.acceptance.last_decided
        item = self.acceptance.state.item
        if decided is not None and self.pad.controller.pad is not None:
            # once per decision, bound to its application (a rejection's too: it is kept)
            self.pad.controller.invite(item.name if item else "", decided.local_id)
        self.acceptance.finish()
        self.applicant.clear()  # the applicant is done: their card's details go too

    # -- sync and devices ------------------------------------------------------------------

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

    def _deliver_now(self) -> None:
        if self.sync_loop is not None:
            self.sync_loop.trigger()

    def device_health(self) -> dict[str, str]:
        """Device states for the platform's fleet view (read from the sync thread)."""
        return self.devices.health()

    def start_devices(self) -> None:
        self.applicant.start()
        if self.acceptance is not None:
            self.acceptance.start()
        if self.sync_loop is not None:
            self.sync_loop.start()

    def start_pad(self) -> None:
        self.pad.controller.start()

    @property
    def printer(self) -> Printer | None:
        return self.desk.printer

    def refresh(self) -> None:
        self.worklist.refresh()
        if self.station is not None:
            self.station.refresh()

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

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Closes within about a second, whatever the devices are doing: every owner is asked
        to stop at once, then each is waited for within one shared budget. A read or a drain
        still running is abandoned to its thread (device I/O is read-only; delivery is
        crash-safe and finished at the next start)."""
        self.closing = True
        stop_within(
            CLOSE_BUDGET_SECONDS,
            *self.devices.owners(),
            self.sync_loop,
            self.worker,
            self.desk,
            self.station,
            self.acceptance,
        )
        super().closeEvent(event)  # type: ignore[arg-type]
