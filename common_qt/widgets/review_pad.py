"""The on-screen review pad for kiosks, and the same port for keyboard (HID) pads.

:class:`ReviewPadWidget` shows who served the citizen and five large buttons; 不满意 and
非常不满意 lead to a page of reasons (at least one reason or a comment is required, as the
policy asks). :class:`OnScreenPad` and :class:`KeyboardPad` implement core.ports.ReviewPad, so
a kiosk or a counter with a keyboard-emulating pad uses the same code path as a serial or tablet
pad: ``invite`` blocks on the device thread while the GUI thread shows the widget or watches
the keys.
"""

from __future__ import annotations

import threading

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from core.errors import DeviceUnavailable, ValidationError
from core.evaluation import NEGATIVE_REASONS, Satisfaction, check_rating
from core.padkeys import KeyMap, PadAction
from core.ports import DeviceState, PadInvitation, PadOutcome, PadResult

_COLOURS = {
    Satisfaction.VERY_SATISFIED: "#1e8e3e",
    Satisfaction.SATISFIED: "#4caf50",
    Satisfaction.BASICALLY_SATISFIED: "#f0a500",
    Satisfaction.DISSATISFIED: "#e8710a",
    Satisfaction.VERY_DISSATISFIED: "#d93025",
}


class ReviewPadWidget(QtWidgets.QWidget):
    """Emits ``answered(PadResult)`` once per invitation: rated or cancelled."""

    answered = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPad")
        self._chosen: Satisfaction | None = None
        self.pages = QtWidgets.QStackedWidget()
        outer = QtWidgets.QVBoxLayout(self)
        outer.addWidget(self.pages)

        # page 0: five levels
        rate = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(rate)
        title = QtWidgets.QLabel(self.tr("请您对本次服务进行评价"))
        title.setObjectName("padTitle")
        col.addWidget(title)
        note = QtWidgets.QLabel(self.tr("评价匿名，工作人员看不到您的身份信息"))
        note.setObjectName("padNote")
        col.addWidget(note)
        self.staff = QtWidgets.QLabel()
        self.staff.setObjectName("padStaff")
        self.staff.setWordWrap(True)
        col.addWidget(self.staff)
        row = QtWidgets.QHBoxLayout()
        self.level_buttons: dict[Satisfaction, QtWidgets.QPushButton] = {}
        for level in Satisfaction:
            b = QtWidgets.QPushButton(level.label)
            b.setMinimumHeight(120)
            b.setStyleSheet(
                f"QPushButton {{ background: {_COLOURS[level]}; color: white; border: 0;"
                " border-radius: 14px; font-size: 26px; }"
            )
            b.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            self.level_buttons[level] = b
            row.addWidget(b)
        col.addLayout(row)
        self.cancel_button = QtWidgets.QPushButton(self.tr("暂不评价"))
        self.cancel_button.clicked.connect(self.cancel)
        col.addWidget(self.cancel_button, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(rate)

        # page 1: reasons for a negative rating
        why = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(why)
        self.why_title = QtWidgets.QLabel()
        self.why_title.setObjectName("padTitle")
        col.addWidget(self.why_title)
        self.reason_boxes: list[QtWidgets.QCheckBox] = []
        for reason in NEGATIVE_REASONS:
            box = QtWidgets.QCheckBox(reason)
            box.setMinimumHeight(48)
            self.reason_boxes.append(box)
            col.addWidget(box)
        self.comment = QtWidgets.QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("其他意见（选填，500字以内）"))
        self.comment.setMaximumHeight(100)
        col.addWidget(self.comment)
        self.why_message = QtWidgets.QLabel()
        self.why_message.setObjectName("padError")
        col.addWidget(self.why_message)
        buttons = QtWidgets.QHBoxLayout()
        self.back_button = QtWidgets.QPushButton(self.tr("返回"))
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.submit_button = QtWidgets.QPushButton(self.tr("提交评价"))
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit_reasons)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        col.addLayout(buttons)
        self.pages.addWidget(why)

    def start(self, invitation: PadInvitation) -> None:
        lines = [f"工作人员：{invitation.staff_name}（工号 {invitation.staff_id}）"]
        if invitation.window:
            lines.append(f"窗口：{invitation.window}")
        if invitation.item_name:
            lines.append(f"事项：{invitation.item_name}")
        self.staff.setText("\n".join(lines))
        self._chosen = None
        for box in self.reason_boxes:
            box.setChecked(False)
        self.comment.clear()
        self.why_message.clear()
        self.pages.setCurrentIndex(0)

    def choose(self, level: Satisfaction) -> None:
        if not level.is_negative:
            self.answered.emit(PadResult(PadOutcome.RATED, level))
            return
        self._chosen = level
        self.why_title.setText(f"您选择了“{level.label}”，请告诉我们原因")
        self.pages.setCurrentIndex(1)

    def submit_reasons(self) -> None:
        assert self._chosen is not None
        reasons = tuple(b.text() for b in self.reason_boxes if b.isChecked())
        comment = self.comment.toPlainText().strip()
        try:
            check_rating(self._chosen, reasons, comment)
        except ValidationError as e:
            self.why_message.setText(e.user_message)
            return
        self.answered.emit(PadResult(PadOutcome.RATED, self._chosen, reasons, comment))

    def cancel(self) -> None:
        self.answered.emit(PadResult(PadOutcome.CANCELLED))


class _GuiPad(QtCore.QObject):
    """Shared machinery: ``invite`` on a device thread waits for an answer from the GUI."""

    _show = Signal(object)
    _hide = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._answer: PadResult | None = None
        self._event = threading.Event()
        self._state = DeviceState.CLOSED
        self._pending = False

    @property
    def state(self) -> DeviceState:
        return self._state

    def open(self) -> None:
        self._state = DeviceState.READY

    def close(self) -> None:
        self.cancel()
        self._state = DeviceState.CLOSED

    def probe(self) -> None:
        """Part of this machine: always there while open."""

    def cancel(self) -> None:
        self._deliver(PadResult(PadOutcome.CANCELLED))

    def _deliver(self, result: PadResult) -> None:
        if self._pending and not self._event.is_set():
            self._answer = result
            self._event.set()

    def invite(self, invitation: PadInvitation) -> PadResult:
        if self._state is DeviceState.CLOSED:
            raise DeviceUnavailable("pad not open")
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("invite() blocks: call it from a device thread (PadSession)")
        self._answer = None
        self._event.clear()
        self._pending = True
        self._state = DeviceState.BUSY
        self._show.emit(invitation)
        try:
            got = self._event.wait(invitation.timeout_seconds)
        finally:
            self._pending = False
            self._state = DeviceState.READY
            self._hide.emit()
        if not got or self._answer is None:
            return PadResult(PadOutcome.TIMEOUT)
        return self._answer


class OnScreenPad(_GuiPad):
    """The kiosk's own screen is the pad: ``widget`` is shown for each invitation."""

    def __init__(self, widget: ReviewPadWidget) -> None:
        super().__init__()
        self.widget = widget
        self._show.connect(widget.start)
        self._show.connect(lambda _: widget.show())
        self._hide.connect(widget.hide)
        widget.answered.connect(self._deliver)


class KeyboardPad(_GuiPad):
    """A pad that types keys (HID): an application-wide key filter, active only during an
    invitation, mapping key names (F1, 1, Return…) through the explicit key map."""

    def __init__(self, keys: KeyMap, app: QtCore.QCoreApplication) -> None:
        super().__init__()
        self.keys = keys
        self._active = False
        self._show.connect(self._arm)
        self._hide.connect(self._disarm)
        app.installEventFilter(self)

    def _arm(self, _: object) -> None:
        self._active = True

    def _disarm(self) -> None:
        self._active = False

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if not self._active or event.type() != QtCore.QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QtGui.QKeyEvent)
        name = QtGui.QKeySequence(event.key()).toString()
        meaning = self.keys.meaning_of_name(name)
        if meaning is None:
            return False
        if meaning is PadAction.CANCEL:
            self._deliver(PadResult(PadOutcome.CANCELLED))
        else:
            assert isinstance(meaning, Satisfaction)
            self._deliver(PadResult(PadOutcome.RATED, meaning))
        return True  # the pad's key never reaches the focused widget
