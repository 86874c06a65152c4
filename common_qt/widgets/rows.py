"""Lists whose rows wrap at the list's width instead of being cut short, and whose rows a
screen reader hears only while the list is on screen."""

from __future__ import annotations

from common_qt.qt import Qt, QtCore, QtWidgets


class WrappingDelegate(QtWidgets.QStyledItemDelegate):
    """Measures each row at the width of its list.

    A QListView asks its delegate for a row's size without telling it the width there is, so
    a row with word wrap on is measured on one line and then drawn elided in a narrow list
    ("代办人居民身…" in the kiosk's 340 px materials list in large text). Here the row is
    measured at the width its text gets once the style's padding is taken off.
    """

    def __init__(self, view: QtWidgets.QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(  # noqa: N802 - Qt API
        self,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> QtCore.QSize:
        view = self._view
        width = view.viewport().width()
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.features |= QtWidgets.QStyleOptionViewItem.ViewItemFeature.WrapText
        opt.rect = QtCore.QRect(0, 0, width, 10_000)
        text = view.style().subElementRect(
            QtWidgets.QStyle.SubElement.SE_ItemViewItemText, opt, view
        )
        # the base style takes its own text margins off again; the style sheet's padding it
        # does not know about: hand it the text's width
        opt.rect = QtCore.QRect(0, 0, max(1, text.width()), 10_000)
        size = super().sizeHint(opt, index)
        return QtCore.QSize(width, size.height())


def wrap_rows(view: QtWidgets.QListView) -> None:
    """``view``'s rows wrap at its width (and are measured again when it changes), and are
    heard only while it is on screen (:func:`rows_only_when_shown`)."""
    rows_only_when_shown(view)
    view.setWordWrap(True)
    view.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setItemDelegate(WrappingDelegate(view))


class _RowsOffScreen(QtCore.QObject):
    """Hides a list's rows while the list is hidden (see :func:`rows_only_when_shown`)."""

    def __init__(self, view: QtWidgets.QListView) -> None:
        super().__init__(view)
        self._view = view
        model = view.model()
        if model is not None:  # rows found while the list is hidden (a late answer) hide too
            model.modelReset.connect(lambda: self._rows(hidden=not view.isVisible()))

    def _rows(self, *, hidden: bool) -> None:
        view, model = self._view, self._view.model()
        for row in range(model.rowCount() if model is not None else 0):
            if view.isRowHidden(row) != hidden:
                view.setRowHidden(row, hidden)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self._view and kind in (QtCore.QEvent.Type.Hide, QtCore.QEvent.Type.Show):
            self._rows(hidden=kind == QtCore.QEvent.Type.Hide)
        return False


def rows_only_when_shown(view: QtWidgets.QListView) -> None:
    """``view``'s rows leave the accessibility tree with the list: Qt says a row is showing
    when it lies within the list's place, even on a page left behind, and a screen reader
    read the search results on the guide. While the list is hidden its rows are hidden too
    (its model set before)."""
    view.installEventFilter(_RowsOffScreen(view))
