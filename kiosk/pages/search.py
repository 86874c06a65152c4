"""找事项: the citizen types Chinese, pinyin or initials and picks an item."""

from __future__ import annotations

from collections.abc import Sequence

from common_qt.qt import Qt, QtCore, QtWidgets, Signal
from sync.catalogue import SearchHit

SEARCH_DELAY_MS = 150  # debounce: search when typing pauses


class SearchPage(QtWidgets.QWidget):
    search_requested = Signal(str)
    item_chosen = Signal(str)  # impl_code

    def __init__(self, themes: Sequence[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        title = QtWidgets.QLabel(self.tr("您要办理什么事？"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.query = QtWidgets.QLineEdit()
        self.query.setPlaceholderText(
            self.tr("输入事项名称、拼音或首字母，如：身份证、shebao、sfz")
        )
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        chips = QtWidgets.QHBoxLayout()
        for theme in themes:
            button = QtWidgets.QPushButton(theme)
            button.clicked.connect(lambda _=False, t=theme: self.query.setText(t))
            chips.addWidget(button)
        chips.addStretch(1)
        layout.addLayout(chips)
        self.hint = QtWidgets.QLabel(
            self.tr("常用：身份证 · 社保 · 医保 · 户口 · 公积金 · 结婚登记")
        )
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.shown_query: str | None = None  # the query whose answer is on screen
        self.results = QtWidgets.QListWidget()
        self.results.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.itemClicked.connect(self._chosen)
        layout.addWidget(self.results, 1)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.search_requested.emit(self.query.text()))
        self.query.textChanged.connect(lambda _: self._timer.start())

    def show_results(self, query: str, hits: Sequence[SearchHit]) -> None:
        if query != self.query.text():
            return  # an answer to an older query: a newer one is on its way
        self.shown_query = query
        self.results.clear()
        if not query.strip():
            self.hint.setText(self.tr("常用：身份证 · 社保 · 医保 · 户口 · 公积金 · 结婚登记"))
            return
        if not hits:
            self.hint.setText(
                self.tr("没有找到“%1”，请换个说法，或咨询工作人员。").replace("%1", query)
            )
            return
        self.hint.setText(self.tr("找到 %1 项，点击查看办事指南").replace("%1", str(len(hits))))
        for hit in hits:
            more = (
                self.tr("（另有%1个办理点）").replace("%1", str(hit.other_bodies))
                if hit.other_bodies
                else ""
            )
            text = f"{hit.name}\n{hit.department} · {hit.level.label} · {hit.handling}{more}"
            item = QtWidgets.QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, hit.impl_code)
            self.results.addItem(item)

    def show_error(self, message: str) -> None:
        self.results.clear()
        self.hint.setText(message)

    def _chosen(self, item: QtWidgets.QListWidgetItem) -> None:
        self.item_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def reset(self) -> None:
        self._timer.stop()
        self.shown_query = None
        self.query.clear()
        self.results.clear()
