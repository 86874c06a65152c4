"""A card as read from the reader: photo (or a placeholder) and the fields of its layout.

The photo is shown only when a licensed decoder produced it (``CardRead.photo_image``);
otherwise a neutral silhouette says so, and nothing fails. ``masked=True`` shows 张*丰 and
1101**********0031 (the kiosk screen faces a queue; the counter shows the full card).
"""

from __future__ import annotations

import functools

from common_qt.qt import QtCore, QtGui, QtWidgets
from core.identity import LONG_TERM, CardType, Identity
from core.ports import CardRead

PHOTO_SIZE = QtCore.QSize(102 * 3 // 2, 126 * 3 // 2)


@functools.cache
def _countries() -> dict[str, str]:
    """ISO 3166-1 alpha-3 and numeric codes → the Chinese short name."""
    import assets

    names: dict[str, str] = {}
    for line in assets.read_text("reference", "countries_zh.txt").splitlines():
        if line and not line.startswith("#"):
            alpha3, name, numeric = line.split("\t")
            names[alpha3] = names[numeric] = name
    return names


def country_name(code: str) -> str:
    """A card's nationality in Chinese (美国, not USA): the 2017 foreigner card holds the ISO
    3166-1 alpha-3 code, the 2023 card the numeric one (法国, not 250); an unknown code stays
    as printed on the card."""
    return _countries().get(code.strip().upper(), code)


def placeholder_photo(size: QtCore.QSize = PHOTO_SIZE) -> QtGui.QPixmap:
    """A neutral head-and-shoulders silhouette with "照片" under it."""
    pix = QtGui.QPixmap(size)
    pix.fill(QtGui.QColor("#e6eaf0"))
    p = QtGui.QPainter(pix)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(QtGui.QColor("#aab4c3"))
    w, h = size.width(), size.height()
    p.drawEllipse(QtCore.QRectF(w * 0.32, h * 0.16, w * 0.36, w * 0.40))
    p.drawRoundedRect(QtCore.QRectF(w * 0.18, h * 0.50, w * 0.64, h * 0.32), w * 0.2, w * 0.2)
    p.setPen(QtGui.QColor("#5f6b7a"))
    font = p.font()
    font.setPixelSize(max(h // 12, 10))
    p.setFont(font)
    p.drawText(QtCore.QRectF(0, h * 0.86, w, h * 0.14), QtCore.Qt.AlignmentFlag.AlignCenter, "照片")
    p.end()
    return pix


def card_rows(identity: Identity, *, masked: bool) -> list[tuple[str, str]]:
    name = identity.masked_name if masked else identity.display_name
    number = identity.masked_id if masked else identity.id_number
    valid_to = LONG_TERM if identity.valid_to is None else f"{identity.valid_to:%Y.%m.%d}"
    rows = [("证件类型", identity.card_type.label), ("姓名", name)]
    if identity.english_name and identity.name and not masked:
        rows.append(("英文姓名", identity.english_name))
    rows.append(("性别", identity.sex.label))
    if identity.card_type is CardType.RESIDENT:
        rows.append(("民族", identity.nation))
    if identity.nationality:
        rows.append(("国籍", country_name(identity.nationality)))
    rows.append(("出生", f"{identity.birth:%Y年%m月%d日}"))
    if identity.address:
        rows.append(("住址", "（已隐藏）" if masked else identity.address))
    rows.append(("证件号码", number))
    if identity.pass_number and not masked:
        rows.append(("通行证号码", identity.pass_number))
    if identity.authority:
        rows.append(("签发机关", identity.authority))
    rows.append(("有效期限", f"{identity.valid_from:%Y.%m.%d}-{valid_to}"))
    return rows


# Every field card_rows() can produce, so the view builds its rows once.
MAX_ROWS = 12


class IdentityCardView(QtWidgets.QFrame):
    """Builds its labels once and only changes their texts: widgets created and destroyed
    per card would churn memory at every read (and each leaked a reference to None in
    PySide6 6.11, tests/gui/test_refcounts.py)."""

    def __init__(self, *, masked: bool, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityCard")
        self.masked = masked
        row = QtWidgets.QHBoxLayout(self)
        self.photo = QtWidgets.QLabel()
        self.photo.setFixedSize(PHOTO_SIZE)
        self.photo.setScaledContents(True)
        self._placeholder = placeholder_photo()
        row.addWidget(self.photo, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.form = QtWidgets.QFormLayout()
        row.addLayout(self.form, 1)
        self.prompt = QtWidgets.QLabel(self.tr("请将证件放在读卡区"))
        self.form.addRow(self.prompt)
        self._rows: list[tuple[QtWidgets.QLabel, QtWidgets.QLabel]] = []
        for _ in range(MAX_ROWS):
            label, value = QtWidgets.QLabel(), QtWidgets.QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(value)
            self.form.addRow(label, value)
            self._rows.append((label, value))
        self.photo_note = ""
        self.clear()

    def clear(self) -> None:
        """Nothing of the last card stays on screen."""
        for i, (label, value) in enumerate(self._rows):
            label.clear()
            value.clear()
            self.form.setRowVisible(i + 1, False)
        self.form.setRowVisible(0, True)
        self.photo.setPixmap(self._placeholder)
        self.photo.setToolTip("")
        self.photo_note = ""

    def show_card(self, card: CardRead) -> None:
        image = QtGui.QImage.fromData(card.photo_image) if card.photo_image else QtGui.QImage()
        if image.isNull():
            self.photo.setPixmap(self._placeholder)
            self.photo_note = "未配置证件照解码库，显示占位图"
            self.photo.setToolTip(self.photo_note)
        else:
            self.photo.setPixmap(QtGui.QPixmap.fromImage(image))
            self.photo_note = ""
        rows = card_rows(card.identity, masked=self.masked)
        self.form.setRowVisible(0, False)
        for i, (label, value) in enumerate(self._rows):
            shown = i < len(rows)
            label.setText(f"{rows[i][0]}：" if shown else "")
            value.setText(rows[i][1] if shown else "")
            self.form.setRowVisible(i + 1, shown)
