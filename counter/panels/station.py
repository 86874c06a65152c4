"""The station's data: what waits for the platform, the storage left, and the USB bundles
(导出到U盘 at a village station, 导入数据包 at the hall)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from terminal.bundles import (
    BundleDesk,
    Exported,
    Imported,
    StationStatus,
    export_progress_text,
    removable_drives,
)


class _ProgressBridge(QtCore.QObject):
    """Carries a job's progress from its thread to the GUI's (a queued signal)."""

    progressed = Signal(object, object)  # bytes done, in all (past a 32-bit int)


class StationPanel(QtWidgets.QGroupBox):
    def __init__(
        self,
        worker: ThreadWorker,
        bundles: BundleDesk,
        *,
        agent: bool,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("代办站离线数据") if agent else self.tr("数据包"), parent)
        self.worker = worker
        self.bundles = bundles
        col = QtWidgets.QVBoxLayout(self)
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
        # the mounted USB drives, offered by name (a directory dialog at the home folder was
        # all there was); another place only through 其他位置…
        drives_row = QtWidgets.QHBoxLayout()
        self.drives = QtWidgets.QComboBox()
        self.drives.setAccessibleName(self.tr("U盘"))
        drives_row.addWidget(self.drives, 1)
        self.other_place = QtWidgets.QPushButton(self.tr("其他位置…"))
        self.other_place.clicked.connect(self.choose_export)
        drives_row.addWidget(self.other_place)
        col.addLayout(drives_row)
        row = QtWidgets.QHBoxLayout()
        self.export_button = QtWidgets.QPushButton(self.tr("导出到U盘"))
        self.export_button.setToolTip(self.tr("把全部待上报的办件加密导出，带到大厅导入"))
        self.export_button.clicked.connect(self.export_to_drive)
        self.import_button = QtWidgets.QPushButton(self.tr("导入数据包…"))
        self.import_button.setToolTip(self.tr("导入代办站带来的数据包，上报平台"))
        self.import_button.clicked.connect(self.choose_import)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        col.addLayout(row)
        self.bundle_message = QtWidgets.QLabel()
        self.bundle_message.setWordWrap(True)
        col.addWidget(self.bundle_message)
        self.last_export: Exported | None = None
        self.last_import: Imported | None = None
        self.station: StationStatus | None = None
        self._bundle_bridge = _ProgressBridge(self)
        self._bundle_bridge.progressed.connect(self._export_progress)
        self._import_worker: ThreadWorker | None = None
        self._export_started = 0.0
        self._station_timer = QtCore.QTimer(self)
        self._station_timer.timeout.connect(self.refresh)
        self._station_timer.start(30_000)
        self.drives.currentIndexChanged.connect(lambda _: self._offer_export())
        self.find_drives()

    def refresh(self) -> None:
        self.find_drives()
        bundles = self.bundles
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

    def find_drives(self) -> None:
        """Lists the mounted USB drives with their free space (kept chosen if still there)."""
        chosen = self.drives.currentData()
        self.drives.clear()
        for drive in removable_drives():
            try:
                free = shutil.disk_usage(drive).free / (1 << 30)
            except OSError:
                continue
            self.drives.addItem(f"U盘 {drive.name}（剩余 {free:.1f} GB）", str(drive))
        if self.drives.count() == 0:
            self.drives.addItem(self.tr("未检测到U盘，请插入U盘"), "")
        self.drives.setCurrentIndex(max(self.drives.findData(chosen), 0))
        self._offer_export()

    def _offer_export(self) -> None:
        """导出到U盘 is offered while a drive is chosen."""
        self.export_button.setEnabled(bool(self.drives.currentData()))

    def export_to_drive(self) -> None:
        """导出到U盘: to the drive chosen in the list."""
        drive = self.drives.currentData()
        if drive:
            self.export_to(Path(drive))

    def choose_export(self) -> None:
        drives = removable_drives()
        start = str(drives[0]) if drives else str(Path.home())
        chosen = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("选择U盘"), start)
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, dest: Path) -> None:
        """导出到U盘: every waiting application and evaluation, sealed, with progress."""
        bundles, bridge = self.bundles, self._bundle_bridge
        self.export_button.setEnabled(False)
        self.bundle_progress.setRange(0, 1000)  # per mille: a bundle's bytes overflow an int
        self.bundle_progress.setValue(0)
        self.bundle_progress.show()
        self.bundle_message.setText(self.tr("正在导出…"))
        self._export_started = time.monotonic()

        def done(e: Exported) -> None:
            self.last_export = e
            self._offer_export()
            self.bundle_progress.hide()
            self.bundle_message.setText(
                f"已导出 {e.applications} 件申请、{e.evaluations} 条评价到 {e.path}"
                f"（{e.size / (1 << 20):.1f} MB，已加密）。"
                "请带到大厅导入；平台确认前本机保留全部数据。"
            )

        def failed(error: Exception) -> None:
            self._offer_export()
            self.bundle_progress.hide()
            self.bundle_message.setText(user_message(error))

        self.worker.submit(
            lambda ops: bundles.export(ops, dest, bridge.progressed.emit), done, failed
        )

    def _export_progress(self, done: int, total: int) -> None:
        """Bytes written of the bundle's: the bar and the time left."""
        self.bundle_progress.setValue(done * 1000 // max(total, 1))
        elapsed = time.monotonic() - self._export_started
        self.bundle_message.setText(export_progress_text(done, total, elapsed))

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

    def stop(self, budget: float) -> None:
        """The import's thread, if one ran, within the budget (an upload is abandoned to it)."""
        self._station_timer.stop()
        if self._import_worker is not None:
            self._import_worker.stop(budget)
