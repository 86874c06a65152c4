"""Item models over plain Python rows, for every list and table the apps show.

Why a model instead of ``QListWidget``/``QTableWidget`` items: each item a view paints that was
created from Python (``QListWidgetItem``, ``QTableWidgetItem``, ``QStandardItem``) leaks one
reference to ``None`` in PySide6 6.11 (tests/gui/test_refcounts.py); a model answering
``data()`` from Python leaks nothing, keeps the rows typed, and holds thousands of worklist rows
without creating an object per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from common_qt.qt import Qt, QtCore

DISPLAY = Qt.ItemDataRole.DisplayRole
_Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
_ROOT = QtCore.QModelIndex()


class RowsModel(QtCore.QAbstractTableModel):
    """Read-only rows of any Python objects; ``cells(row)`` gives the texts of its columns.

    Args:
        headers: column titles (one column for a list).
        cells: a row's texts, one per column.
        tooltip: optional text shown on hover and read by screen readers as description.
    """

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[Any], Sequence[str]],
        tooltip: Callable[[Any], str] | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._cells = cells
        self._tooltip = tooltip
        self._rows: list[Any] = []
        self._texts: list[Sequence[str]] = []

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [tuple(self._cells(r)) for r in self._rows]
        self.endResetModel()

    def set_headers(self, headers: Sequence[str]) -> None:
        """New column titles (the language changed), as many as before."""
        assert len(headers) == len(self._headers)
        self._headers = tuple(headers)
        if self._headers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def clear(self) -> None:
        self.set_rows(())

    def set_text(self, row: int, text: str, column: int = 0) -> None:
        """Changes one cell's text (the row object stays)."""
        cells = list(self._texts[row])
        cells[column] = text
        self._texts[row] = tuple(cells)
        index = self.index(row, column)
        self.dataChanged.emit(index, index, [DISPLAY])

    def row(self, index: int) -> Any:
        return self._rows[index]

    def text(self, row: int, column: int = 0) -> str:
        return str(self._texts[row][column])

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role == DISPLAY:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(self._rows[index.row()])
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None
