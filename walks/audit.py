"""A screen audit: every visible control of a window measured as it was rendered — text size,
touch-target size, contrast from the rendered pixels, and text cut off by its box (a list's
rows too) — against a
text mode of core.accessibility. The kiosk's scripted walk runs it on every screen, at each
screen size, in both modes (``python -m walks kiosk DIR --audit``)."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common_qt.qt import QtCore, QtGui, QtWidgets
from core.accessibility import LINE_SPACING, TextMode, contrast_ratio
from core.messages import Text


@dataclass(frozen=True)
class Finding:
    screen: str
    size: str  # "1920x1080"
    mode: str
    widget: str
    problem: str

    def __str__(self) -> str:
        return f"{self.screen} {self.size} {self.mode}: {self.widget}: {self.problem}"


def audit(window: QtWidgets.QWidget, screen: str, mode: TextMode) -> list[Finding]:
    """What on ``window`` as shown now falls short of ``mode``."""
    # the layouts of texts changed since the last events (a live view's guidance changes with
    # each frame) are done first: measured before, a label longer than its box was reported
    # cut off (kiosk-en-07-scan's guidance, under load) while the screen drawn was whole
    for _ in range(4):  # a child's layout request can post its parent's
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    size = f"{window.width()}x{window.height()}"
    image = window.grab().toImage()
    found: list[Finding] = []

    def note(w: QtWidgets.QWidget, problem: str) -> None:
        found.append(Finding(screen, size, mode.name, _describe(w), problem))

    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisibleTo(window) or _exempt(w, window):
            continue
        inner = w.widget() if isinstance(w, QtWidgets.QScrollArea) else None
        if (
            isinstance(w, QtWidgets.QScrollArea)
            and inner is not None
            and w.horizontalScrollBarPolicy() == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and inner.width() > w.viewport().width() + 1
        ):  # a page wider than the screen is cut off at the right, with no way to see it
            note(inner, f"{inner.width()} px wide in {w.viewport().width()} px: cut off")
        if isinstance(w, QtWidgets.QScrollArea) and inner is not None:
            for part in beyond_the_page(inner):
                note(part, f"drawn below the end of its {inner.height()} px page: cut off")
        if isinstance(w, QtWidgets.QAbstractItemView):
            for row in cut_rows(w):
                note(w, f"row cut off: {row!r}")
        text = _text(w)
        if text:
            px = _pixel_size(w)
            least = mode.heading_px if w.objectName() == "pageTitle" else mode.body_px
            if px < least:
                note(w, f"text {px}px < {least}px")
            if _clipped(w, text):
                note(w, "text cut off")
            if (
                mode.body_px > 24
                and isinstance(w, QtWidgets.QLabel)
                and w.wordWrap()
                and w.fontMetrics().lineSpacing() < LINE_SPACING * px - 0.5
            ):
                note(w, f"line spacing {w.fontMetrics().lineSpacing() / px:.2f} < {LINE_SPACING}")
            ratio = _rendered_contrast(image, w, window)
            if ratio is not None and ratio < mode.contrast and w.isEnabled():
                note(w, f"contrast {ratio:.1f}:1 < {mode.contrast}:1")
        if isinstance(w, QtWidgets.QAbstractButton | QtWidgets.QLineEdit) and w.isEnabled():
            least_side = min(w.width(), w.height())
            if least_side < mode.target_px:
                note(w, f"target {w.width()}×{w.height()} < {mode.target_px}px")
    focus = QtWidgets.QApplication.focusWidget()
    keys = window.findChild(QtWidgets.QWidget, "inputArea")
    if (
        focus is not None
        and keys is not None
        and keys.isVisibleTo(window)
        and window.isAncestorOf(focus)
        and not keys.isAncestorOf(focus)
    ):
        bottom = focus.mapTo(window, QtCore.QPoint(0, focus.height())).y()
        if not _shown_whole(focus, window) or bottom > keys.mapTo(window, QtCore.QPoint()).y():
            note(focus, "the field being typed in is hidden by the keys")
    return found


def beyond_the_page(page: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The parts of a scroll area's ``page`` laid out below its end: no scrolling reaches
    them (the kiosk's live view once ended 109 px below its page, its layout having counted
    it 0 px high)."""
    out: list[QtWidgets.QWidget] = []
    for part in page.findChildren(QtWidgets.QWidget):
        if not part.isVisibleTo(page) or part.objectName().startswith("qt_"):
            continue
        holder = part.parentWidget()
        while holder is not None and holder is not page:  # inside a scroll area of its own
            if isinstance(holder, QtWidgets.QAbstractScrollArea):
                break
            holder = holder.parentWidget()
        if holder is not page:
            continue
        if part.mapTo(page, QtCore.QPoint(0, part.height())).y() > page.height() + 1:
            out.append(part)
    return out


def cut_rows(view: QtWidgets.QAbstractItemView) -> list[str]:
    """The rows of ``view`` shown with less height than their text needs at the row's width
    (cut short or elided: a QListView measures wrapped rows on one line unless told the width,
    see common_qt.widgets.rows)."""
    model = view.model()
    if model is None:
        return []
    out: list[str] = []
    style = view.style()
    metrics = QtGui.QFontMetrics(view.font())
    margins = 2 * (style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    shown = view.viewport().width()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        if rect.isEmpty():
            continue
        opt = QtWidgets.QStyleOptionViewItem()
        view.initViewItemOption(opt)
        opt.rect = rect
        text = str(index.data(QtCore.Qt.ItemDataRole.DisplayRole) or "")
        area = style.subElementRect(QtWidgets.QStyle.SubElement.SE_ItemViewItemText, opt, view)
        needed = metrics.boundingRect(
            QtCore.QRect(0, 0, max(1, area.width() - margins), 100_000),
            int(QtCore.Qt.TextFlag.TextWordWrap),
            text,
        )
        wider = rect.width() > shown + 1  # elided at the edge, or scrolled sideways
        if wider or needed.height() > area.height() + 2:
            out.append(text)
    return out


def _exempt(w: QtWidgets.QWidget, window: QtWidgets.QWidget) -> bool:
    """Parts Qt builds inside other widgets, scroll bars (sized by the theme's own rule), and
    the embedded keyboard (drawn by QML, its keys sized by the keyboard)."""
    if w.objectName().startswith("qt_") or isinstance(w, QtWidgets.QScrollBar):
        return True
    p: QtCore.QObject | None = w
    while p is not None and p is not window:
        if p.objectName() == "touchKeyboard":
            return True
        p = p.parent()
    return False


def _text(w: QtWidgets.QWidget) -> str:
    if isinstance(w, QtWidgets.QLabel):
        return "" if w.pixmap() is not None and not w.pixmap().isNull() else w.text().strip()
    if isinstance(w, QtWidgets.QAbstractButton):
        return w.text().strip()
    if isinstance(w, QtWidgets.QLineEdit):
        return (w.text() or w.placeholderText()).strip()
    return ""


def _pixel_size(w: QtWidgets.QWidget) -> int:
    w.ensurePolished()
    f = w.font()
    if f.pixelSize() > 0:
        return f.pixelSize()
    return round(f.pointSizeF() * w.logicalDpiY() / 72)


def _clipped(w: QtWidgets.QWidget, text: str) -> bool:
    if isinstance(w, QtWidgets.QLabel):
        if w.textFormat() == QtCore.Qt.TextFormat.RichText or "<" in text:
            return False  # rich text lays out its own way; its box grows with the layout
        box = w.contentsRect()
        if w.wordWrap():  # heightForWidth is of the whole label, its padding and border in it
            return w.heightForWidth(w.width()) > w.height() + 2
        return _widest(w, text) > box.width() + 2
    if isinstance(w, QtWidgets.QPushButton):
        lines = len(text.splitlines())
        return _widest(w, text) > w.width() - 8 or lines * w.fontMetrics().height() > w.height()
    return False


def _widest(w: QtWidgets.QWidget, text: str) -> int:
    """The width of the longest of ``text``'s lines in ``w``'s font."""
    return max(w.fontMetrics().horizontalAdvance(line) for line in text.splitlines())


def _rendered_contrast(
    image: QtGui.QImage, w: QtWidgets.QWidget, window: QtWidgets.QWidget
) -> float | None:
    """The contrast between a widget's background (its commonest colour) and its text (the
    colour farthest from that), read from the pixels drawn, inside its borders."""
    inner = w.contentsRect().adjusted(4, 4, -4, -4)
    if isinstance(w, QtWidgets.QAbstractButton):
        inner = w.rect().adjusted(10, 8, -10, -8)
    top_left = w.mapTo(window, inner.topLeft())
    area = QtCore.QRect(top_left, inner.size()).intersected(image.rect())
    if area.width() < 4 or area.height() < 4 or not _shown_whole(w, window):
        return None
    part = image.copy(area).convertToFormat(QtGui.QImage.Format.Format_RGB888)
    stride = part.bytesPerLine()
    data = bytes(part.constBits())
    counts: Counter[tuple[int, int, int]] = Counter()
    step = 2
    for y in range(0, part.height(), step):
        row = data[y * stride : y * stride + part.width() * 3]
        for x in range(0, len(row) - 2, 3 * step):
            counts[(row[x], row[x + 1], row[x + 2])] += 1
    if len(counts) < 2:
        return None
    background = counts.most_common(1)[0][0]
    text = max(counts, key=lambda c: contrast_ratio(c, background))
    return contrast_ratio(text, background)


def _shown_whole(w: QtWidgets.QWidget, window: QtWidgets.QWidget) -> bool:
    """Whether the widget lies wholly inside what its scroll areas show now."""
    rect = QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size())
    p = w.parentWidget()
    while p is not None and p is not window:
        if isinstance(p, QtWidgets.QAbstractScrollArea):
            view = p.viewport()
            shown = QtCore.QRect(view.mapTo(window, QtCore.QPoint(0, 0)), view.size())
            if not shown.contains(rect):
                return False
        p = p.parentWidget()
    return True


def _describe(w: QtWidgets.QWidget) -> str:
    name = w.objectName()
    text = _text(w).replace("\n", " ")
    return f"{type(w).__name__}{'#' + name if name else ''} {text[:24]!r}"


# -- words left in Chinese on an English screen ---------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def published_strings(*objects: Any) -> set[str]:
    """Every text inside ``objects`` (dataclasses, sequences, mappings, strings) that is data —
    a service as the platform published it, a card as it was read, what a citizen typed — and
    so shown as it is in any language. The terminal's own words (core texts) are not data."""
    found: set[str] = set()

    def visit(o: Any) -> None:
        if isinstance(o, Text | enum.Enum):
            return
        if isinstance(o, str):
            if o.strip():
                found.add(o)
        elif dataclasses.is_dataclass(o) and not isinstance(o, type):
            for f in dataclasses.fields(o):
                visit(getattr(o, f.name))
        elif isinstance(o, Mapping):
            for v in o.values():
                visit(v)
        elif isinstance(o, list | tuple | set | frozenset):
            for v in o:
                visit(v)

    for o in objects:
        visit(o)
    return found


def untranslated(
    window: QtWidgets.QWidget, screen: str, data: set[str], mode: str = "English"
) -> list[Finding]:
    """Chinese words on ``window`` that are not data: every text a visible widget shows or
    gives a screen reader (labels, buttons, placeholders, rich text, list rows, accessible
    names and descriptions), with the data in it taken out, must have no Han characters left.
    A widget may declare itself in the other language on purpose (property "other_language":
    the 中文 button on an English welcome screen)."""
    size = f"{window.width()}x{window.height()}"
    # rich text shows a published text's lines apart and its spaces collapsed: taken out line
    # by line, in the same spacing
    pieces = {_spaced(line) for d in data for line in (d, *d.splitlines())}
    # the longest first: 居民身份证换领 taken out before 身份证
    ordered = sorted((p for p in pieces if p), key=len, reverse=True)
    found: list[Finding] = []
    for w in [window, *window.findChildren(QtWidgets.QWidget)]:
        if w is not window and (not w.isVisibleTo(window) or _exempt(w, window)):
            continue
        if w.property("other_language"):
            continue
        for text in _all_texts(w):
            rest = _spaced(text)
            for d in ordered:
                if d in rest:
                    rest = rest.replace(d, " ")
            left = _HAN.findall(rest)
            if left:
                found.append(
                    Finding(screen, size, mode, _describe(w), f"untranslated {'/'.join(left)!r}")
                )
    return found


def _all_texts(w: QtWidgets.QWidget) -> list[str]:
    texts = [w.accessibleName(), w.accessibleDescription(), w.toolTip()]
    if w.isWindow():
        texts.append(w.windowTitle())
    if isinstance(w, QtWidgets.QLabel):
        texts.append(_plain(w.text()))
    elif isinstance(w, QtWidgets.QAbstractButton):
        texts.append(w.text())
    elif isinstance(w, QtWidgets.QLineEdit):
        texts.append(w.placeholderText())  # the typed text is the citizen's
    elif isinstance(w, QtWidgets.QTextEdit):
        texts.append(w.toPlainText())
    elif isinstance(w, QtWidgets.QGroupBox):
        texts.append(w.title())
    elif isinstance(w, QtWidgets.QComboBox):
        texts += [w.itemText(i) for i in range(w.count())]
    if isinstance(w, QtWidgets.QAbstractItemView) and w.model() is not None:
        model = w.model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                value = model.data(model.index(row, column))
                if isinstance(value, str):
                    texts.append(value)
        for column in range(model.columnCount()):
            header = model.headerData(column, QtCore.Qt.Orientation.Horizontal)
            if isinstance(header, str):
                texts.append(header)
    return [t for t in texts if t]


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    """A label's text as read (rich text's tags and entities gone)."""
    if "<" not in text and "&" not in text:
        return text
    document = QtGui.QTextDocument()
    document.setHtml(text)
    return document.toPlainText()
