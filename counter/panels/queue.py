"""叫号 beside the acceptance: the window calls the next ticket of its categories (F9), calls
it again (F10, not before the hall's gap), marks a no-show (F11), starts the service when the
person is at the window and ends it (F12), transfers the ticket to another category or window
(Ctrl+F11) and pauses or resumes the window (Ctrl+F12) — by keys as by buttons; the hall
server keeps the queue and its rules, the display shows and speaks each call.

The ticket called becomes the applicant of the acceptance that follows: its number travels
with the decision (:attr:`counter.controller.AcceptanceController.ticket`), and a decision
ends its service with the application's receipt number.

:class:`QueueController` does the work on the store's thread (the operations hold the hall
server's client), :class:`QueuePanel` shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message
from core.queue.numbers import follow_code
from core.staff import StaffMember

#: The keys of the calls (F4 scans, F5–F7 decide, F8 captures).
KEYS = {
    "call": "F9",
    "recall": "F10",
    "no-show": "F11",
    "finish": "F12",
    "transfer": "Ctrl+F11",
    "pause": "Ctrl+F12",
}


class QueueController(QtCore.QObject):
    changed = Signal(object)  # the ticket at this window (dict) or None
    waiting = Signal(object)  # letter → people waiting, with the names
    paused_changed = Signal(bool)
    said = Signal(str)

    def __init__(
        self,
        worker: ThreadWorker,
        window_name: str,
        clerk: Callable[[], StaffMember | None] = lambda: None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.window_name = window_name
        self._clerk = clerk
        self.ticket: dict[str, Any] | None = None
        self.paused = False

    @property
    def follow_code(self) -> str:
        """The ticket at the window as it travels with the application ("" none)."""
        t = self.ticket
        return follow_code(date.fromisoformat(t["day"]), str(t["number"])) if t else ""

    def _failed(self, error: Exception) -> None:
        self.said.emit(user_message(error))

    def refresh(self) -> None:
        window = self.window_name

        def shown(overview: dict[str, Any]) -> None:
            self.paused = bool(overview.get("paused"))
            self.paused_changed.emit(self.paused)
            self.waiting.emit(overview)

        self.worker.submit(lambda ops: ops.queue.window_overview(window), shown, self._failed)

    def _done(self, ticket: dict[str, Any] | None, said: str) -> None:
        self.ticket = ticket
        self.changed.emit(ticket)
        self.said.emit(said)
        self.refresh()

    def call(self) -> None:
        """叫号: the next ticket (the one at the window, if any, is left as it is)."""
        window = self.window_name
        clerk = self._clerk()
        number = clerk.number if clerk else ""

        def called(ticket: dict[str, Any] | None) -> None:
            if ticket is None:
                self._done(None, "暂无等候的群众")
            else:
                self._done(ticket, f"已呼叫 {ticket['number']}，请留意来人")

        self.worker.submit(lambda ops: ops.queue.call(window, number), called, self._failed)

    def act(self, action: str, **doc: str) -> None:
        ticket = self.ticket
        if ticket is None:
            self.said.emit("请先叫号")
            return
        number = str(ticket["number"])
        words = {
            "recall": f"已重呼 {number}",
            "no-show": f"{number} 已过号",
            "serve": f"{number} 开始办理",
            "finish": f"{number} 办结",
            "transfer": f"{number} 已转移",
        }

        def acted(changed: dict[str, Any]) -> None:
            kept = changed if changed.get("state") in ("called", "serving") else None
            self._done(kept, words.get(action, ""))

        self.worker.submit(lambda ops: ops.queue.act(number, action, **doc), acted, self._failed)

    def finish_with(self, application: str) -> None:
        """A decision on the called applicant: the service ends with the application it made
        (started first if the clerk went straight to the acceptance)."""
        ticket = self.ticket
        if ticket is None:
            return
        number = str(ticket["number"])

        def finish(ops: Any) -> dict[str, Any]:
            if ticket.get("state") == "called":
                ops.queue.act(number, "serve")
            return dict(ops.queue.act(number, "finish", application=application))

        self.worker.submit(
            finish, lambda _: self._done(None, f"{number} 办结（{application}）"), self._failed
        )

    def transfer(self, category: str, window: str = "") -> None:
        """转移 to ``category`` (and ``window`` alone, when given)."""
        self.act("transfer", category=category, window=window)

    def toggle_pause(self) -> None:
        """暂停服务 / 恢复服务: a paused window calls nobody and is shown on the displays."""
        window, paused = self.window_name, not self.paused

        def done(now: bool) -> None:
            self.paused = now
            self.paused_changed.emit(now)
            self.said.emit(f"{window}已暂停服务" if now else f"{window}恢复服务")

        self.worker.submit(lambda ops: ops.queue.pause(window, paused), done, self._failed)


class QueuePanel(QtWidgets.QGroupBox):
    def __init__(
        self, controller: QueueController, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__("叫号", parent)
        self.controller = controller
        lay = QtWidgets.QVBoxLayout(self)
        self.current = QtWidgets.QLabel("当前：—")
        self.current.setObjectName("lead")
        self.current.setAccessibleName("当前叫号")
        lay.addWidget(self.current)
        row = QtWidgets.QHBoxLayout()
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for action, label in (
            ("call", "叫号"),
            ("recall", "重呼"),
            ("no-show", "过号"),
            ("serve", "开始办理"),
            ("finish", "办结"),
        ):
            row.addWidget(self._button(action, label))
        lay.addLayout(row)
        # 转移: to another category, or to one window of it
        move = QtWidgets.QHBoxLayout()
        self.target = QtWidgets.QComboBox()
        self.target.setAccessibleName("转移至")
        move.addWidget(QtWidgets.QLabel("转至"))
        move.addWidget(self.target, 1)
        move.addWidget(self._button("transfer", "转移"))
        move.addWidget(self._button("pause", "暂停服务"))
        lay.addLayout(move)
        self.waiting = QtWidgets.QLabel()
        self.waiting.setWordWrap(True)
        lay.addWidget(self.waiting)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)  # beside the buttons
        controller.changed.connect(self._show)
        controller.waiting.connect(self._show_waiting)
        controller.paused_changed.connect(self._show_paused)
        controller.said.connect(self.message.setText)
        self._show(None)

    def _button(self, action: str, label: str) -> QtWidgets.QPushButton:
        key = KEYS.get(action)
        b = QtWidgets.QPushButton(f"{label} ({key})" if key else label)
        b.setAccessibleName(label)
        b.clicked.connect(lambda _=False, a=action: self._act(a))
        self.buttons[action] = b
        if key:
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda a=action: self._act(a))
        return b

    def _act(self, action: str) -> None:
        if action == "call":
            self.controller.call()
        elif action == "pause":
            self.controller.toggle_pause()
        elif action == "transfer":
            target = self.target.currentData()
            if not target:
                self.message.setText("请选择转至的业务类别或窗口")
                return
            self.controller.transfer(*target)
        else:
            self.controller.act(action)

    def _show(self, ticket: dict[str, Any] | None) -> None:
        if ticket is None:
            self.current.setText("当前：—")
        else:
            state = "办理中" if ticket.get("state") == "serving" else "已呼叫"
            calls = len(ticket.get("calls", ()))
            self.current.setText(f"当前：{ticket['number']}（{state}，呼叫 {calls} 次）")
        for action in ("recall", "no-show", "serve", "finish", "transfer"):
            self.buttons[action].setEnabled(ticket is not None)

    def _show_paused(self, paused: bool) -> None:
        b = self.buttons["pause"]
        label = "恢复服务" if paused else "暂停服务"
        b.setText(f"{label} ({KEYS['pause']})")
        b.setAccessibleName(label)
        self.buttons["call"].setEnabled(not paused)

    def _show_waiting(self, overview: dict[str, Any]) -> None:
        names = overview.get("names", {})
        self.waiting.setText(
            "等候："
            + "　".join(
                f"{names.get(k, k)}（{k}）{n}人" for k, n in overview.get("waiting", {}).items()
            )
        )
        chosen = self.target.currentData()
        self.target.clear()
        for letter, name in names.items():
            self.target.addItem(f"{name}（{letter}）", (letter, ""))
            for window in overview.get("windows", {}).get(letter, ()):
                if window != self.controller.window_name:
                    self.target.addItem(f"{name}（{letter}）· {window}", (letter, window))
        if chosen is not None:
            index = self.target.findData(chosen)
            self.target.setCurrentIndex(max(index, 0))
