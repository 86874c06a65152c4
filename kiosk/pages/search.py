"""找事项: the citizen types Chinese, pinyin or initials and picks an item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from common_qt.i18n import published, say, translate
from common_qt.models import RowsModel
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.flow import FlowLayout
from common_qt.widgets.rows import wrap_rows
from core.catalogue.models import Handling
from core.flows.kiosk import KioskStep
from kiosk.controller import SEARCH_LIMIT
from kiosk.pages.base import StepView, button, label

if TYPE_CHECKING:
    from terminal.catalogue import SearchHit

SEARCH_DELAY_MS = 150  # debounce: search when typing pauses


class SearchPage(QtWidgets.QWidget, StepView):
    search_requested = Signal(str)
    item_chosen = Signal(str)  # impl_code

    step = KioskStep.SEARCH

    def prompt(self) -> str:
        return translate("prompts", "请输入或选择要办理的事项。")

    def focus_widget(self) -> QtWidgets.QWidget | None:
        return self.query

    def __init__(self, themes: Sequence[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        self.title = QtWidgets.QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.query = QtWidgets.QLineEdit()
        lock_down(self.query)
        # Our own clear button: a touch-sized target (Qt's is 14 px), and Qt's fading one
        # leaks about 2 KB each time it appears (bench/soak.py).
        self.clear_button = QtWidgets.QPushButton()
        self.clear_button.setObjectName("clearQuery")
        # a tap on it leaves the focus — and the keys — on the field being cleared (it took
        # the focus, and the keyboard went with it: the citizen had to tap the field again)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear_query)
        self.clear_button.hide()
        field = QtWidgets.QHBoxLayout()
        field.addWidget(self.query, 1)
        field.addWidget(self.clear_button)
        layout.addLayout(field)
        # the theme chips wrap to a second row when their names do not fit one (English,
        # large text, a portrait or small screen)
        chip_box = QtWidgets.QWidget()
        chips = FlowLayout(chip_box)
        self.chips: list[tuple[QtWidgets.QPushButton, str]] = []
        for theme in themes:  # catalogue themes: searched in Chinese, named in the language
            chip = QtWidgets.QPushButton()
            chip.clicked.connect(lambda _=False, t=str(theme): self.query.setText(t))
            chips.addWidget(chip)
            self.chips.append((chip, theme))
        layout.addWidget(chip_box)
        self.chip_box = chip_box
        self.hint = QtWidgets.QLabel()
        self.hint.setObjectName("hint")
        layout.addWidget(self.hint)
        self.shown_query: str | None = None  # the query whose answer is on screen
        self._keys_up = False
        self.hits = RowsModel(("",), self._hit_text, parent=self)
        self.results = QtWidgets.QListView()
        self.results.setModel(self.hits)
        self.hits.modelReset.connect(self._place_hint)
        wrap_rows(self.results)  # a long English name on a portrait screen wraps
        self.results.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.clicked.connect(self._chosen)
        self.results.installEventFilter(self)  # Enter opens the row too (keys, screen readers)
        layout.addWidget(self.results, 1)
        # a row chosen without a tap (arrow keys, a screen reader's "select") opens with this
        # button; a tap opens the guide at once and never shows it
        self.open_button = button(primary=True)
        self.open_button.clicked.connect(lambda: self._chosen(self.results.currentIndex()))
        self.open_button.hide()
        layout.addWidget(self.open_button)
        self.results.selectionModel().selectionChanged.connect(self._selected)

        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.search_requested.emit(self.query.text()))
        self.query.textChanged.connect(self._typed)
        self.retranslate()

    def keys_shown(self, on: bool) -> None:
        # with the keys up, the field and what it finds: the title and the themes go (at
        # 1280×800 no result showed above the keys, at 1920×1080 in large text none either)
        self.title.setVisible(not on)
        self.chip_box.setVisible(not on)
        margin = 8 if on else 24
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(40, margin, 40, margin)
        layout.setSpacing(8 if on else 16)
        self._keys_up = on
        self._place_hint()

    def _place_hint(self) -> None:
        # with the keys up and results found, the rows are the answer: their count goes (a
        # line a row needs on a small screen in large text); "nothing found" always shows
        self.hint.setVisible(not (self._keys_up and self.hits.rowCount()))

    def retranslate(self) -> None:
        self.title.setText(self.tr("您要办理什么事？"))
        self.query.setAccessibleName(self.tr("搜索事项"))
        self.query.setPlaceholderText(
            self.tr("输入事项名称、拼音或首字母，如：身份证、shebao、sfz")
        )
        self.clear_button.setText(self.tr("清除"))
        self.clear_button.setAccessibleName(self.tr("清除输入的内容"))
        for chip, theme in self.chips:
            chip.setText(say(theme))
        self.hits.set_headers((self.tr("事项"),))
        self.results.setAccessibleName(self.tr("搜索结果（选择一项查看办事指南）"))
        label(self.open_button, self.tr("查看所选事项的办事指南"))
        if self.shown_query is None:
            self.hint.setText(self._common_hint())

    def _typed(self, text: str) -> None:
        self.clear_button.setVisible(bool(text))
        self._timer.start()

    def _clear_query(self) -> None:
        self.query.clear()
        self.query.setFocus()

    def _common_hint(self) -> str:
        return self.tr("常用：身份证 · 社保 · 医保 · 户口 · 公积金 · 结婚登记")

    def set_search_delay(self, milliseconds: int) -> None:
        """How long typing must pause before a search starts (0: at once, for scripts)."""
        self._timer.setInterval(milliseconds)

    def show_results(self, query: str, hits: Sequence[SearchHit]) -> None:
        if query != self.query.text():
            return  # an answer to an older query: a newer one is on its way
        self.shown_query = query
        self.hits.clear()
        self.open_button.hide()
        if not query.strip():
            self.hint.setText(self._common_hint())
            return
        if not hits:
            self.hint.setText(
                self.tr("没有找到“%1”，请换个说法，或咨询工作人员。").replace("%1", query)
            )
            return
        if len(hits) > SEARCH_LIMIT:  # the controller asks for one more than is shown
            hits = hits[:SEARCH_LIMIT]
            said = self.tr("找到 %1 项以上，请输入更具体的名称；或点击查看办事指南")
        else:  # it said 找到 20 项 whenever the cap was hit
            said = self.tr("找到 %1 项，点击查看办事指南")
        self.hint.setText(said.replace("%1", str(len(hits))))
        self.hits.set_rows(hits)

    def _hit_text(self, hit: SearchHit) -> tuple[str]:
        more = (
            self.tr("（另有%1个办理点）").replace("%1", str(hit.other_bodies))
            if hit.other_bodies
            else ""
        )
        handling = say(Handling(hit.handling).value)
        name = published(hit.name)
        return (f"{name}\n{hit.department} · {say(hit.level.label)} · {handling}{more}",)

    def show_error(self, message: str) -> None:
        self.hits.clear()
        self.open_button.hide()
        self.hint.setText(message)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        """Enter or Space on a result opens its guide, as a tap does: the way a keyboard or a
        screen reader's user chooses (the list only reacted to the mouse)."""
        if (
            watched is self.results
            and event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
            and self.results.currentIndex().isValid()
        ):
            self._chosen(self.results.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _selected(self) -> None:
        rows = self.results.selectionModel().selectedRows()
        if rows and rows[0] != self.results.currentIndex():
            self.results.setCurrentIndex(rows[0])
        self.open_button.setVisible(bool(rows))

    def _chosen(self, index: QtCore.QModelIndex) -> None:
        if not index.isValid():
            return
        self.item_chosen.emit(self.hits.row(index.row()).impl_code)

    def reset(self) -> None:
        """Back to the start: nothing typed, nothing found (and no search for nothing)."""
        self._timer.stop()
        self.shown_query = None
        wipe_line(self.query)  # and its undo history: nothing of the citizen stays
        self.clear_button.hide()
        self.hits.clear()
        self.open_button.hide()
        self.hint.setText(self._common_hint())
