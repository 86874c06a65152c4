"""The counter's main window: the worklist of every local application and its sync state."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from common_qt import theme
from common_qt.qt import QtWidgets
from common_qt.tasks import ThreadWorker, user_message
from core.application import Channel, Status
from core.clock import CST, SystemClock
from sync.store import ApplicationSummary, LocalStore

CHANNEL_LABELS = {Channel.KIOSK: "自助终端", Channel.COUNTER: "窗口", Channel.AGENT: "代办"}
COLUMNS = ("回执编号", "事项", "申请人", "渠道", "状态", "办件编号", "提交时间")


class CounterWindow(QtWidgets.QMainWindow):
    def __init__(self, *, title: str, store_path: Path) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.worker = ThreadWorker(
            "counter-store",
            setup=lambda: LocalStore(store_path, SystemClock()),
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
        self.refresh_button = QtWidgets.QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        layout.addWidget(header)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.status = QtWidgets.QLabel()
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self.loaded = False
        theme.apply(self, "counter")

    def refresh(self) -> None:
        self.worker.submit(lambda store: (store.summaries(), store.counts()), self._show)

    def _show(self, result: tuple[Sequence[ApplicationSummary], dict[Status, int]]) -> None:
        rows, counts = result
        self.table.setRowCount(len(rows))
        for r, a in enumerate(rows):
            values = (
                a.receipt_number,
                a.item_name,
                a.applicant_masked,
                CHANNEL_LABELS[a.channel],
                a.status.label,
                a.official_number or "—",
                a.created_at.astimezone(CST).strftime("%Y-%m-%d %H:%M"),
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QtWidgets.QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        summary = "，".join(
            f"{s.label} {n}" for s, n in sorted(counts.items(), key=lambda kv: kv[0].value)
        )
        self.status.setText(f"共 {len(rows)} 件" + (f"：{summary}" if summary else ""))
        self.loaded = True

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.worker.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
