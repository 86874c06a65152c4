"""一窗受理: the clerk's acceptance screen — applicant, item and guide, the form, the materials
checklist, the decision with its notice. Renders the controller's step and emits intents; no
rule here. Keyboard first: F5 受理, F6 补正, F7 不予受理, Enter moves on.

Widgets are built once and reused (the checklist is a pool of rows): widgets created and
deleted per applicant leak references in PySide6 6.11.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from common_qt.models import RowsModel
from common_qt.qt import QtCore, QtGui, QtWidgets
from common_qt.scans import MAX_PAGES
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.form import FormView
from common_qt.widgets.guide import guide_html
from common_qt.widgets.signature import SignaturePad
from core.application import CheckState, DecisionKind
from core.catalogue.models import Material, MaterialForm
from core.clock import CST
from core.consent import CONSENT_VERSION, consent_text
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController

if TYPE_CHECKING:
    from terminal.catalogue import SearchHit
    from terminal.operations import Decided, Progress
    from terminal.printing import PrintOutcome

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
        # named before a material fills the row (fill() names them after the material)
        self.pages.setAccessibleName("页数")
        self.reason.setAccessibleName("不符合要求的原因")
        self.scanned = 0  # pages captured on the document camera
        self.state.currentIndexChanged.connect(self._changed)
        for col, w in enumerate((self.name, self.state, self.pages, self.reason, self.scan)):
            grid.addWidget(w, row, col)
        self.code = ""
        self.show(False)

    def _changed(self) -> None:
        state = STATES[self.state.currentIndex()]
        self.reason.setEnabled(state is CheckState.UNUSABLE)
        self.pages.setEnabled(state not in (CheckState.MISSING, CheckState.ELICENCE))

    def show(self, visible: bool) -> None:
        for w in (self.name, self.state, self.pages, self.reason, self.scan):
            w.setVisible(visible)

    def show_scanned(self, pages: int) -> None:
        """Pages scanned: the count follows them (what was found stays the clerk's call)."""
        self.scanned = pages
        self.scan.setText(f"扫描（{pages}页）" if pages else "扫描")
        if pages:
            self.pages.setValue(pages)

    def fill(self, m: Material, state: CheckState) -> None:
        self.code = m.code
        need = "必交" if m.required else (m.condition or "如有")
        form = "" if m.form is MaterialForm.ORIGINAL else f"（{m.form.value}）"
        el = "；可用电子证照" if m.elicence_type else ""
        self.name.setText(f"{m.name}{form}　[{need}{el}]")
        # each row's editors named after its material (a screen reader says which one)
        self.state.setAccessibleName(f"{m.name}：核验结果")
        self.pages.setAccessibleName(f"{m.name}：页数")
        self.reason.setAccessibleName(f"{m.name}：不符合要求的原因")
        self.scan.setAccessibleName(f"{m.name}：扫描")
        self.show_scanned(0)
        self.state.setCurrentIndex(STATES.index(state))
        self.pages.setValue(1)
        wipe_line(self.reason)
        self._changed()
        self.show(True)

    def clear(self) -> None:
        self.code = ""
        self.name.clear()
        self.state.setCurrentIndex(0)
        wipe_line(self.reason)
        self.show(False)


def _waiting_text(p: Progress) -> tuple[str]:
    return (f"待补正：{p.item_name}（{p.receipt_number}）",)


class AcceptancePanel(QtWidgets.QWidget):
    def __init__(
        self,
        controller: AcceptanceController,
        today: Callable[[], date],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.c = controller
        outer = QtWidgets.QVBoxLayout(self)
        self.trail = QtWidgets.QLabel()
        self.trail.setObjectName("trail")
        outer.addWidget(self.trail)
        self.stack = QtWidgets.QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        # 读取证件: the card panel beside shows it; here the applicant's waiting corrections
        card = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(card)
        lay.addWidget(QtWidgets.QLabel(self.tr("请申请人将身份证放在读卡器上。")))
        code_row = QtWidgets.QHBoxLayout()
        self.code = QtWidgets.QLineEdit()
        self.code.setPlaceholderText(self.tr("或输入一次性告知书上的编号，继续补正"))
        self.code.setAccessibleName(self.tr("一次性告知书编号"))
        lock_down(self.code)
        self.code.returnPressed.connect(lambda: controller.find_waiting(self.code.text()))
        code_row.addWidget(self.code, 1)
        lay.addLayout(code_row)
        # 人工录入: the reader failed; the clerk types what the card in hand says
        typed = QtWidgets.QGroupBox(self.tr("人工录入（读卡失败时）"))
        typed_row = QtWidgets.QHBoxLayout(typed)
        self.typed_name = QtWidgets.QLineEdit()
        self.typed_name.setPlaceholderText(self.tr("姓名"))
        self.typed_name.setAccessibleName(self.tr("人工录入：姓名"))
        self.typed_name.setMaxLength(30)
        self.typed_number = QtWidgets.QLineEdit()
        self.typed_number.setPlaceholderText(self.tr("公民身份号码（18位）"))
        self.typed_number.setAccessibleName(self.tr("人工录入：公民身份号码"))
        self.typed_number.setMaxLength(18)
        self.typed_number.setValidator(
            QtGui.QRegularExpressionValidator(QtCore.QRegularExpression("[0-9]{0,17}[0-9Xx]?"))
        )
        self.typed_button = QtWidgets.QPushButton(self.tr("确认录入"))
        self.typed_button.clicked.connect(self._typed)
        self.typed_number.returnPressed.connect(self._typed)
        for w in (self.typed_name, self.typed_number):
            lock_down(w)
        typed_row.addWidget(self.typed_name, 1)
        typed_row.addWidget(self.typed_number, 2)
        typed_row.addWidget(self.typed_button)
        lay.addWidget(typed)
        lay.addWidget(
            QtWidgets.QLabel(
                self.tr("人工录入的申请将标记为“手工录入，未读卡核验”，请核验证件原件。")
            )
        )
        lay.addStretch(1)
        self.stack.addWidget(card)

        # 选择事项: search, results, the guide alongside
        pick = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(pick)
        self.applicant = QtWidgets.QLabel()
        lay.addWidget(self.applicant)
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
        self.history = RowsModel(
            (self.tr("近期办件"),),
            lambda p: (
                f"{p.history[0].at.astimezone(CST):%Y-%m-%d} {p.item_name}　"
                f"{p.status.label}　{p.official_number or p.receipt_number}",
            ),
            parent=self,
        )
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
        split = QtWidgets.QHBoxLayout()
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
        split.addWidget(self.results, 2)
        lay.addLayout(split, 1)
        self.stack.addWidget(pick)

        # 填写信息
        form = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(form)
        self.guide = QtWidgets.QTextBrowser()
        self.guide.setAccessibleName(self.tr("办事指南"))
        self.guide.setMaximumHeight(180)
        lay.addWidget(self.guide)
        self.form = FormView(today)
        lay.addWidget(self.form, 1)
        self.form_next = QtWidgets.QPushButton(self.tr("下一步：材料核验 (Enter)"))
        self.form_next.clicked.connect(lambda: controller.submit_form(self.form.values()))
        lay.addWidget(self.form_next)
        self.stack.addWidget(form)

        # 材料核验: a pool of rows
        check = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(check)
        grid = QtWidgets.QGridLayout()
        for col, title in enumerate(("材料", "核验结果", "页数", "原因", "高拍仪")):
            head = QtWidgets.QLabel(title)
            head.setObjectName("hint")
            grid.addWidget(head, 0, col)
        self.rows = [_Row(grid, i + 1) for i in range(MAX_MATERIALS)]
        for r in self.rows:
            r.scan.clicked.connect(lambda _=False, r=r: controller.scan(r.code))
        lay.addLayout(grid)
        lay.addWidget(self._build_scan_area(controller))
        lay.addStretch(1)
        self.check_next = QtWidgets.QPushButton(self.tr("下一步：受理决定"))
        self.check_next.clicked.connect(self._submit_checklist)
        lay.addWidget(self.check_next)
        self.stack.addWidget(check)

        # 受理决定
        decide = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(decide)
        self.check_summary = QtWidgets.QLabel()
        self.check_summary.setWordWrap(True)
        lay.addWidget(self.check_summary)
        self.reason = QtWidgets.QLineEdit()
        self.reason.setPlaceholderText(self.tr("不予受理的理由及依据"))
        self.reason.setAccessibleName(self.tr("不予受理的理由及依据"))
        lock_down(self.reason)
        lay.addWidget(self.reason)
        buttons = QtWidgets.QHBoxLayout()
        self.decision_buttons: dict[DecisionKind, QtWidgets.QPushButton] = {}
        for kind, key in (
            (DecisionKind.ACCEPT, "F5"),
            (DecisionKind.CORRECTION, "F6"),
            (DecisionKind.REJECT, "F7"),
        ):
            b = QtWidgets.QPushButton(f"{kind.label} ({key})")
            b.setAccessibleName(kind.label)
            b.clicked.connect(lambda _=False, k=kind: self._decide(k))
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.activated.connect(lambda k=kind: self._shortcut(k))
            buttons.addWidget(b)
            self.decision_buttons[kind] = b
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.stack.addWidget(decide)

        # 结果: the decision, its notice printed, then the evaluation
        result = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(result)
        self.result = QtWidgets.QLabel()
        self.result.setObjectName("lead")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        self.print_state = QtWidgets.QLabel()
        lay.addWidget(self.print_state)
        row = QtWidgets.QHBoxLayout()
        self.reprint = QtWidgets.QPushButton(self.tr("重打通知书"))
        self.reprint.clicked.connect(controller.print_notice)
        self.transfer = QtWidgets.QPushButton(self.tr("打印物料转移单"))
        self.transfer.setToolTip(self.tr("纸质材料移交后台时的交接清单"))
        self.transfer.clicked.connect(controller.print_transfer)
        self.done_button = QtWidgets.QPushButton(self.tr("邀请评价，下一位"))
        self.consent_slip = QtWidgets.QPushButton(self.tr("打印代办委托确认单"))
        self.consent_slip.clicked.connect(controller.print_consent)
        self.consent_slip.hide()
        row.addWidget(self.reprint)
        row.addWidget(self.transfer)
        row.addWidget(self.consent_slip)
        row.addStretch(1)
        row.addWidget(self.done_button)
        lay.addLayout(row)
        lay.addStretch(1)
        self.stack.addWidget(result)

        # 代办委托 (agent stations): the consent text and the villager's signature
        consent = QtWidgets.QWidget()
        lay = QtWidgets.QVBoxLayout(consent)
        self.consent_who = QtWidgets.QLabel()
        self.consent_who.setObjectName("lead")
        lay.addWidget(self.consent_who)
        self.consent_text = QtWidgets.QLabel()
        self.consent_text.setWordWrap(True)
        self.consent_text.setAccessibleName(self.tr("代办委托书"))
        lay.addWidget(self.consent_text)
        self.signature = SignaturePad()
        lay.addWidget(self.signature, 1)
        row = QtWidgets.QHBoxLayout()
        clear = QtWidgets.QPushButton(self.tr("重新签名"))
        clear.clicked.connect(self.signature.clear)
        self.mandate_button = QtWidgets.QPushButton(self.tr("改为扫描签字的委托书"))
        self.mandate_button.setToolTip(self.tr("委托人已在纸质委托书上签字：放在高拍仪下拍摄"))
        self.mandate_button.clicked.connect(controller.scan_mandate)
        self.consent_button = QtWidgets.QPushButton(self.tr("确认签名，继续"))
        self.consent_button.setObjectName("primary")
        self.consent_button.clicked.connect(self._consent)
        row.addWidget(clear)
        row.addWidget(self.mandate_button)
        row.addStretch(1)
        row.addWidget(self.consent_button)
        lay.addLayout(row)
        self.stack.addWidget(consent)

        self.pages_by_step = {
            CounterStep.READ_CARD: card,
            CounterStep.CONSENT: consent,
            CounterStep.PICK_ITEM: pick,
            CounterStep.FORM: form,
            CounterStep.MATERIALS: check,
            CounterStep.DECIDE: decide,
            CounterStep.DONE: result,
        }
        controller.step_changed.connect(self._render)
        controller.error.connect(self._message)
        controller.field_errors.connect(self.form.show_field_errors)
        controller.search_results.connect(self._results)
        controller.waiting_found.connect(self._waiting)
        controller.history_found.connect(self._history)
        controller.decided.connect(self._decided)
        controller.printed.connect(self._printed)
        self._render(controller.step.value)

    def _shortcut(self, kind: DecisionKind) -> None:
        """F5/F6/F7: the decision, only on the decision step."""
        if self.c.step is CounterStep.DECIDE:
            self._decide(kind)

    def _decide(self, kind: DecisionKind) -> None:
        """The decision; a 受理 or 补正 with a 不予受理 reason typed is not taken (the reason
        was dropped without a word: typed there by habit, F5 accepted)."""
        reason = self.reason.text().strip()
        if kind is not DecisionKind.REJECT and reason:
            self._message(
                self.tr("已填写不予受理的理由。要%1，请先清空理由；要不予受理，请按 F7。").replace(
                    "%1", kind.label
                )
            )
            return
        self.c.decide(kind, reason)

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
        if controller.services.camera_bridge is not None:
            controller.services.camera_bridge.frame_ready.connect(self._frame)
        controller.pages_changed.connect(self._pages)
        return self.scan_box

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

    # -- rendering ------------------------------------------------------------------------

    def _render(self, step_name: str) -> None:
        step = CounterStep(step_name)
        s = self.c.state
        if step is CounterStep.READ_CARD:
            self._wipe()
        if s.identity is not None:
            ident = s.identity
            typed = "（人工录入）" if s.identity_typed else ""
            self.applicant.setText(f"申请人：{ident.display_name}　{ident.id_number}{typed}")
        if step is CounterStep.CONSENT and s.identity is not None:
            agent = self.c.clerk
            self.consent_who.setText(f"委托人：{s.identity.display_name}")
            self.consent_text.setText(
                consent_text(agent.display if agent else "", self.c.services.station_name)
                + f"\n（委托书文本版本 {CONSENT_VERSION}）"
            )
            self.signature.clear()
        if step is CounterStep.PICK_ITEM:
            self.query.setFocus()
        if step is CounterStep.FORM and s.item is not None:
            self.guide.setHtml(guide_html(s.item))
            self.form.show_form(s.item.form, {**self._prefill(), **s.form})
        if step is CounterStep.MATERIALS and s.item is not None:
            states = self.c.check_states()
            for row, m in zip(self.rows, s.item.materials, strict=False):
                row.fill(m, states.get(m.code, CheckState.MISSING))
            for row in self.rows[len(s.item.materials) :]:
                row.clear()
        if step is CounterStep.DECIDE and s.check is not None:
            missing = "；".join(e.text for e in s.check.entries)
            self.check_summary.setText(
                "材料齐全，可以受理。" if s.check.complete else f"尚缺或不符合要求：{missing}"
            )
        self.stack.setCurrentWidget(self.pages_by_step[step])
        position, total = self.c.journey.progress()
        self.trail.setText(f"第 {position} 步，共 {total} 步：{self.c.journey.step.label}")

    def _consent(self) -> None:
        if not self.signature.signed:
            self._message(self.tr("请委托人在签名板上签名。"))
            return
        self.c.consent_signed(self.signature.png(), self.signature.vector())

    def _prefill(self) -> dict[str, str]:
        from core.forms import prefill_values

        s = self.c.state
        if s.item is None or s.identity is None:
            return {}
        return prefill_values(s.item.form, s.identity)

    def _message(self, text: str) -> None:
        self.message.setText(text)

    def _results(self, query: str, hits: Sequence[SearchHit]) -> None:
        if query == self.query.text():
            self.hits.set_rows(hits)

    def _waiting(self, found: Sequence[Progress]) -> None:
        self.waiting.set_rows(found)
        if found and self.c.step is CounterStep.READ_CARD:
            self._message("该编号的办件需要申请人读卡后继续补正。")

    def _history(self, found: Sequence[Progress]) -> None:
        self.history.set_rows(found)
        self.history_label.setText(
            self.tr("近期办件（本机）：") + (self.tr("无") if not found else f"{len(found)} 件")
        )

    def _typed(self) -> None:
        name, number = self.typed_name.text(), self.typed_number.text().upper()
        self.c.typed_identity(name, number)
        if self.c.step is not CounterStep.READ_CARD:
            wipe_line(self.typed_name)
            wipe_line(self.typed_number)

    def _decided(self, decided: Decided) -> None:
        kind = decided.decision.kind
        self.transfer.setVisible(kind is DecisionKind.ACCEPT)  # paper goes on when accepted
        self.consent_slip.setVisible(decided.application.consent is not None)
        text = {
            DecisionKind.ACCEPT: f"已受理，回执编号 {decided.receipt_number}（已加入上报队列）。",
            DecisionKind.CORRECTION: (
                f"已告知补正，办件 {decided.receipt_number} 待补正；"
                "申请人补齐后凭编号或身份证继续办理。"
            ),
            DecisionKind.REJECT: "已决定不予受理（理由及救济途径已写入通知书）。",
        }[kind]
        self.result.setText(text)
        self.print_state.setText("正在打印…")

    def _printed(self, outcome: PrintOutcome) -> None:
        # said to the clerk (the outcome's own words are for a citizen at a kiosk)
        if outcome.state.ok:
            done = "已打印" if outcome.state.value == "confirmed" else "已发送到打印机"
            self.print_state.setText(f"{outcome.what}{done}，请交申请人签收。")
        else:
            self.print_state.setText(f"{outcome.what}未打印：{outcome.message}（可点“重打通知书”）")

    def _submit_checklist(self) -> None:
        states = {
            r.code: (STATES[r.state.currentIndex()], r.reason.text()) for r in self.rows if r.code
        }
        pages = {r.code: r.pages.value() for r in self.rows if r.code}
        self.c.submit_checklist(states, pages)

    def _wipe(self) -> None:
        """The next applicant: nothing of the previous one stays on screen."""
        self.signature.clear()
        self.consent_who.clear()
        self.preview.clear()
        self.guidance.clear()
        self._pages()  # no material scanned, no thumbnails
        self.applicant.clear()
        self.waiting.clear()
        self.history.clear()
        self.history_label.setText(self.tr("近期办件（本机）："))
        self.hits.clear()
        self._timer.stop()
        for edit in (self.query, self.code, self.reason, self.typed_name, self.typed_number):
            wipe_line(edit)
        self.form.wipe()
        self.guide.clear()
        for row in self.rows:
            row.clear()
        self.check_summary.clear()
        self.result.clear()
        self.print_state.clear()
        self.message.clear()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            step = self.c.step
            if step is CounterStep.FORM:
                self.form_next.click()
                return
            if step is CounterStep.MATERIALS:
                self.check_next.click()
                return
        super().keyPressEvent(event)
