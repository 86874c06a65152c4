"""材料核验: the item's materials checklist (a pool of rows), each scanned on the document
camera (高拍仪) when the hall keeps a copy."""

from __future__ import annotations

from collections.abc import Callable

from common_qt.qt import QtCore, QtGui, QtWidgets
from common_qt.scans import MAX_PAGES
from common_qt.widgets.editing import lock_down, wipe_line
from core.application import CheckState
from core.catalogue.models import Material, MaterialForm
from core.errors import HallError
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController
from counter.pages.base import AcceptancePage

MAX_MATERIALS = 16  # rows in the checklist pool (items list fewer)
PREVIEW_SIZE = QtCore.QSize(320, 240)
THUMB_SIZE = QtCore.QSize(96, 72)
STATES = tuple(CheckState)


class _Row:
    """One material of the checklist: its name, what the clerk found, and why not usable."""

    def __init__(self, grid: QtWidgets.QGridLayout, row: int) -> None:
        self.name = QtWidgets.QLabel()
        self.name.setWordWrap(True)
        self.state = QtWidgets.QComboBox()
        self.state.addItems([s.value for s in STATES])
        self.state.setAccessibleName("核验结果")
        self.pages = QtWidgets.QSpinBox()
        self.pages.setRange(1, 99)
        self.pages.setSuffix(" 页")
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText("不符合要求的原因")
        lock_down(self.reason)
        self.scan = QtWidgets.QPushButton("扫描")
        # one Tab a row: from what was found to the next row's (the reason joins when a
        # material is 不符合要求); the page count follows the scans and the scan button the
        # camera — a click, or F4 for the row being worked (3 Tabs a row before)
        for off_path in (self.pages, self.scan):
            off_path.setFocusPolicy(QtCore.Qt.FocusPolicy.ClickFocus)
        # named before a material fills the row (fill() names them after the material)
        self.pages.setAccessibleName("页数")
        self.reason.setAccessibleName("不符合要求的原因")
        self.scanned = 0  # pages captured on the document camera
        self.earlier = 0  # pages scanned on an earlier visit (继续补正)
        self.state.currentIndexChanged.connect(self._changed)
        for col, w in enumerate((self.name, self.state, self.pages, self.reason, self.scan)):
            grid.addWidget(w, row, col)
        self.code = ""
        self.show(False)

    def _changed(self) -> None:
        state = STATES[self.state.currentIndex()]
        self.reason.setEnabled(state is CheckState.UNUSABLE)
        self.pages.setEnabled(
            state not in (CheckState.MISSING, CheckState.ELICENCE, CheckState.CONSENT)
        )

    def _offer(self, state: CheckState, offered: bool) -> None:
        """``state`` in the list (a counter never offers 电子委托已签署: nobody signed one)."""
        index = STATES.index(state)
        model = self.state.model()
        if isinstance(model, QtGui.QStandardItemModel) and (entry := model.item(index)):
            entry.setEnabled(offered)
        view = self.state.view()
        if isinstance(view, QtWidgets.QListView):
            view.setRowHidden(index, not offered)

    def editors(self) -> tuple[QtWidgets.QWidget, ...]:
        """What the clerk works the row with (the scan button switches the camera itself)."""
        return (self.state, self.pages, self.reason)

    def show(self, visible: bool) -> None:
        for w in (self.name, self.state, self.pages, self.reason, self.scan):
            w.setVisible(visible)

    def show_scanned(self, pages: int) -> None:
        """Pages scanned: the count follows them (what was found stays the clerk's call);
        those of an earlier visit are counted too."""
        self.scanned = pages
        total = pages + self.earlier
        if self.earlier:
            self.scan.setText(f"扫描（已有{self.earlier}页，本次{pages}页）")
        else:
            self.scan.setText(f"扫描（{pages}页）" if pages else "扫描")
        if pages:
            self.pages.setValue(total)

    def fill(
        self,
        m: Material,
        state: CheckState,
        remark: str = "",
        earlier: int = 0,
        *,
        consent: bool = False,
        licence: str = "",
    ) -> None:
        """``consent``: the villager's signed consent may stand for this material (an agent
        station, the catalogue accepting an electronic 授权委托书): 电子委托已签署 is offered.
        ``licence``: the e-licence the library answered for it (电子证照 is offered only then:
        a clerk cannot claim one the library did not give)."""
        self.code = m.code
        self._offer(CheckState.CONSENT, consent or state is CheckState.CONSENT)
        self._offer(CheckState.ELICENCE, bool(licence) or state is CheckState.ELICENCE)
        need = "必交" if m.required else (m.condition or "如有")
        form = "" if m.form is MaterialForm.ORIGINAL else f"（{m.form.value}）"
        el = f"；已调取电子证照 {licence}" if licence else ""
        el = el or ("；可用电子证照（请先调取）" if m.elicence_type else "")
        el += "；可用电子委托" if consent else ""  # a station, where one was signed
        self.name.setText(f"{m.name}{form}　[{need}{el}]")
        # each row's editors named after its material (a screen reader says which one)
        self.state.setAccessibleName(f"{m.name}：核验结果")
        self.pages.setAccessibleName(f"{m.name}：页数")
        self.reason.setAccessibleName(f"{m.name}：不符合要求的原因")
        self.scan.setAccessibleName(f"{m.name}：扫描")
        self.earlier = earlier  # pages scanned on an earlier visit (继续补正)
        self.show_scanned(0)
        self.state.setCurrentIndex(STATES.index(state))
        self.pages.setValue(max(earlier, 1))
        wipe_line(self.reason)
        if remark:
            self.reason.setText(remark)  # why it was not usable then
        self._changed()
        self.show(True)

    def clear(self) -> None:
        self.code = ""
        self.earlier = 0
        self.name.clear()
        self.state.setCurrentIndex(0)
        wipe_line(self.reason)
        self.show(False)


class MaterialsPage(AcceptancePage):
    step = CounterStep.MATERIALS

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(controller, say, parent)
        lay = QtWidgets.QVBoxLayout(self)
        grid = QtWidgets.QGridLayout()
        for col, title in enumerate(("材料", "核验结果", "页数", "原因", "高拍仪 (F4)")):
            head = QtWidgets.QLabel(title)
            head.setObjectName("hint")
            grid.addWidget(head, 0, col)
        self.rows = [_Row(grid, i + 1) for i in range(MAX_MATERIALS)]
        for r in self.rows:
            r.scan.clicked.connect(lambda _=False, r=r: controller.scan(r.code))
            r.state.currentIndexChanged.connect(lambda _=0, r=r: self._working_on(r))
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.focusChanged.connect(self._focus_moved)
        # F4: the document camera for the row being worked (its button is off the Tab path)
        scan_row = QtGui.QShortcut(QtGui.QKeySequence("F4"), self)
        scan_row.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        scan_row.activated.connect(self._scan_focused_row)
        lay.addLayout(grid)
        lay.addWidget(self._build_scan_area(controller))
        lay.addStretch(1)
        # 调取电子证照: the applicant's licences for this item (the card read is their
        # authorisation, as this hall chooses); each row a licence answered offers 电子证照
        self.licences_button = QtWidgets.QPushButton(self.tr("调取电子证照 (F3)"))
        self.licences_button.setShortcut(QtGui.QKeySequence("F3"))
        self.licences_button.clicked.connect(controller.fetch_licences)
        controller.licences_changed.connect(self._licences_fetched)
        lay.addWidget(self.licences_button)
        self.check_next = QtWidgets.QPushButton(self.tr("下一步：受理决定"))
        self.check_next.clicked.connect(self._submit_checklist)
        lay.addWidget(self.check_next)
        lay.addLayout(self.message_slot)

    def _build_scan_area(self, controller: AcceptanceController) -> QtWidgets.QWidget:
        """The document camera's live view for the material being scanned, its pages to
        review (删除 to retake), 拍照 and 完成扫描. Built once: thumbnails are a pool."""
        self.scan_box = QtWidgets.QGroupBox()
        lay = QtWidgets.QHBoxLayout(self.scan_box)
        view = QtWidgets.QVBoxLayout()
        self.preview = QtWidgets.QLabel(self.tr("正在打开高拍仪…"))
        self.preview.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(self.tr("高拍仪画面"))
        view.addWidget(self.preview)
        self.guidance = QtWidgets.QLabel()
        self.guidance.setAccessibleName(self.tr("拍摄提示"))
        view.addWidget(self.guidance)
        buttons = QtWidgets.QHBoxLayout()
        self.capture_button = QtWidgets.QPushButton(self.tr("拍照 (F8)"))
        self.capture_button.setShortcut(QtGui.QKeySequence("F8"))
        self.capture_button.clicked.connect(controller.capture)
        done = QtWidgets.QPushButton(self.tr("完成扫描"))
        done.clicked.connect(lambda: controller.scan(""))
        buttons.addWidget(self.capture_button)
        buttons.addWidget(done)
        view.addLayout(buttons)
        lay.addLayout(view)
        thumbs = QtWidgets.QGridLayout()
        self._thumbs: list[tuple[QtWidgets.QLabel, QtWidgets.QPushButton]] = []
        for i in range(MAX_PAGES):
            thumb = QtWidgets.QLabel()
            thumb.setFixedSize(THUMB_SIZE)
            thumb.setAccessibleName(self.tr("第%1页").replace("%1", str(i + 1)))
            remove = QtWidgets.QPushButton(self.tr("删除第%1页").replace("%1", str(i + 1)))
            remove.clicked.connect(
                lambda _=False, n=i: controller.remove_page(controller.material, n)
            )
            thumbs.addWidget(thumb, (i // 5) * 2, i % 5)
            thumbs.addWidget(remove, (i // 5) * 2 + 1, i % 5)
            self._thumbs.append((thumb, remove))
        thumbs.setAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
        lay.addLayout(thumbs, 1)
        self.scan_box.hide()
        controller.camera_bridge.frame_ready.connect(self._frame)
        controller.camera_bridge.error.connect(self._no_picture)
        controller.pages_changed.connect(self._pages)
        return self.scan_box

    def _row_of(self, widget: QtWidgets.QWidget | None) -> _Row | None:
        """The material's row ``widget`` edits, if any."""
        return next((r for r in self.rows if r.code and widget in r.editors()), None)

    def _scan_focused_row(self) -> None:
        row = self._row_of(QtWidgets.QApplication.focusWidget())
        if row is not None:
            self.c.scan(row.code)

    def _focus_moved(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        row = self._row_of(new)
        if row is not None:
            self._working_on(row)

    def _working_on(self, row: _Row) -> None:
        """The clerk works on another material's row: the live view stops capturing into the
        one scanned before (it kept adding pages to it while the clerk was elsewhere: 1 page on
        the checklist, 5 scans sent)."""
        scanning = self.c.material
        if not scanning or not row.code or row.code == scanning or not self.isVisible():
            return
        name = next((r.name.text().split("　")[0] for r in self.rows if r.code == scanning), "")
        self.c.scan("")
        self.say(self.tr("已停止扫描“%1”；继续扫描请点该材料的“扫描”。").replace("%1", name))

    def _frame(self, image: QtGui.QImage, guidance: str, steady: bool) -> None:
        if self.scan_box.isVisible():
            self.preview.setPixmap(
                QtGui.QPixmap.fromImage(image).scaled(
                    PREVIEW_SIZE,
                    QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                    QtCore.Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.guidance.setText(guidance or (self.tr("画面稳定，正在拍照…") if steady else ""))

    def _no_picture(self, error: HallError) -> None:
        """The camera failed: no frame stays in the live view (the last may be stale)."""
        self.preview.clear()
        self.preview.setText(error.user_message)
        self.guidance.clear()

    def _pages(self) -> None:
        """The material being scanned and the pages of each material."""
        c = self.c
        for row in self.rows:
            if row.code:
                row.show_scanned(len(c.pages.of(row.code)))
        name = next((r.name.text() for r in self.rows if r.code and r.code == c.material), "")
        self.scan_box.setVisible(bool(c.material))
        self.scan_box.setTitle(self.tr("正在扫描：") + name.split("　")[0])
        pages = c.pages.of(c.material) if c.material else ()
        for i, (thumb, remove) in enumerate(self._thumbs):
            page = pages[i] if i < len(pages) else None
            if page is not None and page.thumb is not None:
                thumb.setPixmap(
                    QtGui.QPixmap.fromImage(page.thumb).scaled(
                        THUMB_SIZE, QtCore.Qt.AspectRatioMode.KeepAspectRatio
                    )
                )
            else:
                thumb.clear()
            thumb.setVisible(page is not None)
            remove.setVisible(page is not None)

    def present(self) -> None:
        item = self.c.state.item
        if item is None:
            return
        states, remarks = self.c.check_states(), self.c.check_remarks()
        signed = set(self.c.consent_materials())
        licences = self.c.licence_texts()
        self.licences_button.setVisible(self.c.may_fetch_licences())
        for row, m in zip(self.rows, item.materials, strict=False):
            state = states.get(m.code, CheckState.MISSING)
            if m.code in licences and state is CheckState.MISSING:
                state = CheckState.ELICENCE  # answered by the library: the clerk may change it
            row.fill(
                m,
                state,
                remarks.get(m.code, ""),
                self.c.earlier_pages.get(m.code, 0),
                consent=m.code in signed,
                licence=licences.get(m.code, ""),
            )
        for row in self.rows[len(item.materials) :]:
            row.clear()
        self._pages()  # the pages scanned before (coming back to the checklist) are counted

    def _licences_fetched(self) -> None:
        """The licences answered: their rows offer 电子证照 and are set to it; what the clerk
        found for the other rows stays as it was."""
        item = self.c.state.item
        if item is None:
            return
        licences = self.c.licence_texts()
        by_code = {m.code: m for m in item.materials}
        refused = self.c.licence_refusals()
        for row in self.rows:
            if row.code in refused:  # the clerk sees it, and that it cannot serve
                row.name.setText(f"{row.name.text()}　［电子证照不可用：{refused[row.code]}］")
            if row.code in licences:
                row.fill(
                    by_code[row.code],
                    CheckState.ELICENCE,
                    earlier=self.c.earlier_pages.get(row.code, 0),
                    licence=licences[row.code],
                )

    def _submit_checklist(self) -> None:
        states = {
            r.code: (STATES[r.state.currentIndex()], r.reason.text()) for r in self.rows if r.code
        }
        pages = {r.code: r.pages.value() for r in self.rows if r.code}
        self.c.submit_checklist(states, pages)

    def enter(self) -> bool:
        self.check_next.click()
        return True

    def wipe(self) -> None:
        self.preview.clear()
        self.guidance.clear()
        self._pages()  # no material scanned, no thumbnails
        for row in self.rows:
            row.clear()
