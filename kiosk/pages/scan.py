"""扫描材料: each material on the document camera — a live view with guidance, capture by
itself when the page lies still (or 拍照), review and 重拍, several pages per material."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from common_qt.i18n import published, say, translate
from common_qt.models import RowsModel
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from common_qt.scans import MAX_PAGES
from common_qt.widgets.rows import wrap_rows
from core.catalogue.models import Material, MaterialForm
from core.elicence.licences import masked_number
from core.flows.kiosk import KioskStep
from kiosk.controller import Wants
from kiosk.pages.base import KioskPage, button, label

if TYPE_CHECKING:
    from kiosk.controller import KioskController

THUMB_HEIGHT = 130


class LiveView(QtWidgets.QLabel):
    """The document camera's live view: at least 400×260, taking the height the column has
    left, never asking for more because of the frame it shows (each frame is scaled to it).

    Its least size is its size hint. With the vertical size policy Ignored (as before) a layout
    counts the view as 0 px high when it works out the page's height for its width: at
    1280×800 in large English text the page was 526 px high and the view ended at 635, below
    it, and the material's name and the guidance above the view were drawn cut off (make
    test's demo audit, kiosk-en-07-scan).
    """

    LEAST = QtCore.QSize(400, 260)

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(self.LEAST)
        # wide as the column, high as what is left of it: the frame never sets the size
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Expanding
        )

    #: A document camera's frame, width to height (4:3); the view is never taller than a frame
    #: as wide as it: in portrait a small landscape picture sat in a tall black box.
    ASPECT = 4 / 3

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.setMaximumHeight(max(self.LEAST.height(), round(event.size().width() / self.ASPECT)))

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt API
        return self.LEAST

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt API
        return self.LEAST


#: The materials' column: at least this wide, else this share of a wide page (English names in
#: large text wrapped to four lines in a 340 px column at 1920×1080).
MATERIALS_MIN_WIDTH = 340
MATERIALS_SHARE = 0.28


class ScanPage(KioskPage):
    material_chosen = Signal(str)
    capture_requested = Signal()
    remove_requested = Signal(str, int)  # material code, page index
    done = Signal()
    back_requested = Signal()

    step = KioskStep.SCAN
    wants = Wants.CAMERA

    def prompt(self) -> str:
        return translate("prompts", "请将材料平放在高拍仪下，保持不动即可自动拍摄。")

    def present(self, c: KioskController) -> None:
        if c.state.item is not None:
            self.set_materials(c.state.item.materials)
        self.show_pages(c)

    def show_pages(self, c: KioskController) -> None:
        """The captured pages: how many of each material, and the chosen one's thumbnails;
        the materials an e-licence stands for (免提交) said so."""
        self._licences.clear()
        for code, u in c.state.licences.items():
            lic = u.licence
            self._licences[code] = (lic.type_name, masked_number(lic.number), lic.issuer_name)
        self.show_counts(c.pages.counts())
        self.show_material(c.material, [p.thumb for p in c.material_pages(c.material)])

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("", parent)
        self._counts: dict[str, int] = {}
        self._licences: dict[str, tuple[str, str, str]] = {}  # code → type, number, issuer
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(16)
        self.materials = RowsModel(("",), self._material_text, parent=self)
        self.material_list = QtWidgets.QListView()
        self.material_list.setModel(self.materials)
        self.material_list.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.material_list.clicked.connect(
            lambda i: self.material_chosen.emit(self.materials.row(i.row()).code)
        )
        # a row selected without a tap (arrow keys, a screen reader's "select") chooses too
        self.material_list.selectionModel().selectionChanged.connect(self._selected)
        self.material_list.setObjectName("materials")
        wrap_rows(self.material_list)  # a long name wraps in the narrow list, never elided
        self.material_list.setFixedWidth(MATERIALS_MIN_WIDTH)  # wider on a wide page (below)
        row.addWidget(self.material_list)
        view = QtWidgets.QVBoxLayout()
        self.current = QtWidgets.QLabel()
        self.current.setObjectName("lead")
        self.current.setWordWrap(True)
        view.addWidget(self.current)
        self.guidance = QtWidgets.QLabel()
        self.guidance.setObjectName("guidance")
        self.guidance.setWordWrap(True)
        view.addWidget(self.guidance)
        self.preview = LiveView()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("preview")
        view.addWidget(self.preview, 1)
        view.addStretch()  # what a portrait column has left below a picture as high as a frame
        row.addLayout(view, 1)
        # the pages captured of this material, to review and retake: a column on the right
        self.thumbs = QtWidgets.QVBoxLayout()
        self.thumbs.setSpacing(8)
        thumbs_box = QtWidgets.QWidget()
        thumbs_box.setLayout(self.thumbs)
        # Built once and reused: a widget created and deleted per page leaks references in
        # PySide6 6.11 (bench/soak.py), and a kiosk shows thousands of pages.
        self.empty = QtWidgets.QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.thumbs.addWidget(self.empty)
        self._code = ""
        self._cells: list[tuple[QtWidgets.QWidget, QtWidgets.QLabel, QtWidgets.QPushButton]] = []
        for i in range(MAX_PAGES):
            box = QtWidgets.QWidget()
            cell = QtWidgets.QVBoxLayout(box)
            thumb = QtWidgets.QLabel()
            remove = button()
            remove.clicked.connect(lambda _=False, n=i: self.remove_requested.emit(self._code, n))
            cell.addWidget(thumb)
            cell.addWidget(remove)
            box.hide()
            self.thumbs.addWidget(box)
            self._cells.append((box, thumb, remove))
        self.thumbs.addStretch(1)
        thumbs_scroll = QtWidgets.QScrollArea()
        thumbs_scroll.setWidgetResizable(True)
        thumbs_scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        thumbs_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        thumbs_scroll.setWidget(thumbs_box)
        thumbs_scroll.setFixedWidth(210)
        self.thumbs_scroll = thumbs_scroll
        row.addWidget(thumbs_scroll)
        self.body.addLayout(row, 1)
        self.back_button = back = button()
        back.clicked.connect(self.back_requested)
        self.capture_button = button()
        self.capture_button.clicked.connect(self.capture_requested)
        self.next_button = button(primary=True)
        self.next_button.clicked.connect(self.done)
        self.buttons.addWidget(back)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.capture_button)
        self.buttons.addWidget(self.next_button)
        self.frames = 0  # preview frames shown (the live view's rate, for tests and bench)
        self.retranslate()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        wide = int(event.size().width() * MATERIALS_SHARE)
        self.material_list.setFixedWidth(max(MATERIALS_MIN_WIDTH, wide))

    def retranslate(self) -> None:
        self.title.setText(self.tr("请将材料逐页放在高拍仪下"))
        self.materials.set_headers((self.tr("材料"),))
        self.material_list.setAccessibleName(self.tr("需要扫描的材料"))
        self.guidance.setAccessibleName(self.tr("拍摄提示"))
        if self.preview.pixmap().isNull():
            self.preview.setText(self.tr("正在打开高拍仪…"))
        self.preview.setAccessibleName(self.tr("高拍仪画面"))
        self.empty.setText(self.tr("还没有拍摄。材料放平后会自动拍照。"))
        for i, (_, thumb, remove) in enumerate(self._cells):
            thumb.setAccessibleName(self.tr("第%1页").replace("%1", str(i + 1)))
            # short on the button (the column is narrow; the page is the picture above it),
            # whole for a screen reader
            label(remove, self.tr("重拍"), self.tr("重拍第%1页").replace("%1", str(i + 1)))
        self.thumbs_scroll.setAccessibleName(self.tr("已拍摄的页"))
        label(self.back_button, self.tr("返回"))
        label(self.capture_button, self.tr("拍照"))
        label(self.next_button, self.tr("扫描完成，下一步"))

    @staticmethod
    def _material_text(m: Material) -> tuple[str]:
        return (published(m.name),)

    def set_materials(self, materials: Sequence[Material]) -> None:
        self.materials.set_rows(materials)

    def show_material(self, code: str, pages: Sequence[QtGui.QImage | None]) -> None:
        """The material being captured and the pages it has so far."""
        self._code = code  # before the row is selected: that selection is not a choice
        rows = self.materials.rows
        for i, m in enumerate(rows):
            if m.code == code:
                self.material_list.setCurrentIndex(self.materials.index(i, 0))
                form = "" if m.form is MaterialForm.ORIGINAL else f"（{say(m.form.value)}）"
                need = self.tr("必交") if m.required else self.tr("如有请提交")
                text = f"{published(m.name)}{form} · {need}"
                if code in self._licences and not pages:
                    kind, number, issuer = self._licences[code]
                    text = f"{published(m.name)} · " + self.tr(
                        "已调取电子证照：%1（%2，%3），无需扫描。如要提交纸质材料，放在高拍仪下拍摄即可。"
                    ).replace("%1", published(kind)).replace("%2", number).replace("%3", issuer)
                self.current.setText(text)
        for i, (box, thumb, _) in enumerate(self._cells):
            image = pages[i] if i < len(pages) else None
            box.setVisible(i < len(pages))
            if image is not None:
                thumb.setPixmap(
                    QtGui.QPixmap.fromImage(image).scaledToHeight(
                        THUMB_HEIGHT, Qt.TransformationMode.SmoothTransformation
                    )
                )
            elif i >= len(pages):
                thumb.clear()  # the previous citizen's page is not kept in a hidden label
        self.empty.setVisible(not pages)

    def _selected(self) -> None:
        rows = self.material_list.selectionModel().selectedRows()
        if len(rows) == 1:
            code = self.materials.row(rows[0].row()).code
            if code != self._code:
                self.material_chosen.emit(code)

    def show_counts(self, counts: dict[str, int]) -> None:
        """How many pages each material has: shown in the list."""
        self._counts = dict(counts)
        self.materials.set_rows(self.materials.rows)  # refresh the texts
        rows = self.materials.rows
        for i, m in enumerate(rows):
            n = counts.get(m.code, 0)
            licensed = m.code in self._licences
            mark = "✓ " if n or licensed else ("* " if m.required else "")
            pages = self.tr("（%1页）").replace("%1", str(n))
            name = published(m.name)
            if n:
                self.materials.set_text(i, f"{mark}{name}{pages}")
            elif licensed:
                self.materials.set_text(i, f"{mark}{name}" + self.tr("（电子证照）"))
            else:
                self.materials.set_text(i, f"{mark}{name}")

    def show_frame(self, image: QtGui.QImage, guidance: str, steady: bool) -> None:
        self.frames += 1
        pixmap = QtGui.QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.preview.setPixmap(pixmap)
        said = say(guidance)
        self._guide(said + (self.tr("，保持不动即可自动拍照") if steady else ""))

    def _guide(self, text: str) -> None:
        """The capture hint, and its accessible name with it (a fixed 拍摄提示 hid the hint
        from a screen reader) — set when it changes, not with each frame."""
        if text == self.guidance.text():
            return
        self.guidance.setText(text)
        name = self.tr("拍摄提示")
        self.guidance.setAccessibleName(
            self.tr("%1：%2").replace("%1", name).replace("%2", text) if text else name
        )

    def show_no_picture(self, why: str) -> None:
        """The camera gives no picture (stopped, unplugged): no frame stays on screen — the
        last one may be the previous citizen's page."""
        self.preview.clear()
        self.preview.setText(why)
        self._guide("")

    def reset(self) -> None:
        super().reset()
        self.materials.clear()
        self.preview.clear()
        self.preview.setText(self.tr("正在打开高拍仪…"))
        self._guide("")  # and its name: nothing of the last citizen's hint stays
        self.current.clear()
        self._licences = {}
        self.show_material("", [])
        self.frames = 0
