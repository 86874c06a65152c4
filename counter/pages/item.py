"""选择事项: the applicant's waiting corrections and recent applications here, and the search
for the item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from common_qt.models import RowsModel
from common_qt.qt import QtCore, QtGui, QtWidgets
from common_qt.widgets.editing import lock_down, wipe_line
from core.clock import CST
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage

if TYPE_CHECKING:
    from terminal.catalogue import SearchHit
    from terminal.operations import Progress


def _waiting_text(p: Progress) -> tuple[str]:
    return (f"待补正：{p.item_name}（{p.receipt_number}）",)


def _history_text(p: Progress) -> tuple[str]:
    return (
        f"{p.history[0].at.astimezone(CST):%Y-%m-%d} {p.item_name}　"
        f"{p.status.label}　{p.official_number or p.receipt_number}",
    )


class PickItemPage(AcceptancePage):
    step = CounterStep.PICK_ITEM

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        self.waiting = RowsModel((self.tr("待补正"),), _waiting_text, parent=self)
        self.waiting_view = QtWidgets.QListView()
        self.waiting_view.setModel(self.waiting)
        self.waiting_view.setMaximumHeight(90)
        self.waiting_view.setAccessibleName(self.tr("该申请人待补正的办件（双击继续补正）"))
        self.waiting_view.doubleClicked.connect(
            lambda i: controller.resume(self.waiting.row(i.row()).local_id)
        )
        self.waiting_view.activated.connect(
            lambda i: controller.resume(self.waiting.row(i.row()).local_id)
        )
        lay.addWidget(self.waiting_view)
        # what this applicant applied for on this terminal before, and where it stands
        self.history = RowsModel((self.tr("近期办件"),), _history_text, parent=self)
        self.history_view = QtWidgets.QListView()
        self.history_view.setModel(self.history)
        self.history_view.setMaximumHeight(90)
        self.history_view.setAccessibleName(self.tr("该申请人在本机的近期办件"))
        self.history_label = QtWidgets.QLabel(self.tr("近期办件（本机）："))
        lay.addWidget(self.history_label)
        lay.addWidget(self.history_view)
        self.query = QtWidgets.QLineEdit()
        self.query.setPlaceholderText(self.tr("事项名称、拼音或首字母"))
        self.query.setAccessibleName(self.tr("搜索事项"))
        lock_down(self.query)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(lambda: controller.search(self.query.text()))
        self.query.textChanged.connect(lambda _: self._timer.start())
        lay.addWidget(self.query)
        lay.addLayout(self.message_slot)  # under the search: what was not found, not loaded
        self.hits = RowsModel(
            (self.tr("事项"),), lambda h: (f"{h.name} · {h.department}",), parent=self
        )
        self.results = QtWidgets.QListView()
        self.results.setAccessibleName(self.tr("事项搜索结果"))
        self.results.setModel(self.hits)
        self.results.activated.connect(
            lambda i: controller.choose_item(self.hits.row(i.row()).impl_code)
        )
        self.results.clicked.connect(
            lambda i: controller.choose_item(self.hits.row(i.row()).impl_code)
        )
        lay.addWidget(self.results, 1)
        # the keyboard enters the results where a clerk expects: ↓ from the search field, and
        # Tab then ↓, land on the first row (↓ did nothing in the field; Tab+↓ took row 2)
        self.query.installEventFilter(self)
        self.results.installEventFilter(self)
        controller.search_results.connect(self._results)
        controller.waiting_found.connect(self._waiting)
        controller.history_found.connect(self._history)

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.query

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if (
            watched is self.query
            and kind == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() == QtCore.Qt.Key.Key_Down
            and self.hits.rowCount()
        ):
            self.results.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
            return True
        if (
            watched is self.results
            and kind == QtCore.QEvent.Type.FocusIn
            and not self.results.currentIndex().isValid()
            and self.hits.rowCount()
        ):
            self.results.setCurrentIndex(self.hits.index(0, 0))  # the first row, shown
        return super().eventFilter(watched, event)

    def _results(self, query: str, hits: Sequence[SearchHit]) -> None:
        if query == self.query.text():
            self.hits.set_rows(hits)

    def _waiting(self, found: Sequence[Progress]) -> None:
        self.waiting.set_rows(found)

    def _history(self, found: Sequence[Progress]) -> None:
        self.history.set_rows(found)
        self.history_label.setText(
            self.tr("近期办件（本机）：") + (self.tr("无") if not found else f"{len(found)} 件")
        )

    def wipe(self) -> None:
        self.waiting.clear()
        self.history.clear()
        self.history_label.setText(self.tr("近期办件（本机）："))
        self.hits.clear()
        self._timer.stop()
        wipe_line(self.query)
