"""叫号 beside the acceptance: the window calls the next ticket of its categories (F9), calls
it again (F10, not before the hall's gap), marks a no-show (F11), starts the service when the
person is at the window and ends it (F12) — by keys as by buttons; the hall server keeps the
queue and its rules, the display shows and speaks each call. :class:`QueueController` does the
work on the store's thread (the operations hold the platform's client), :class:`QueuePanel`
shows it."""

from __future__ import annotations

from typing import Any

from common_qt.qt import QtCore, QtGui, QtWidgets, Signal
from common_qt.tasks import ThreadWorker, user_message

#: The keys of the calls (F4 scans, F5–F7 decide).
KEYS = {"call": "F9", "recall": "F10", "no-show": "F11", "finish": "F12"}


class QueueController(QtCore.QObject):
    changed = Signal(object)  # the ticket at this window (dict) or None
    waiting = Signal(object)  # letter → people waiting, with the names
    said = Signal(str)

    def __init__(
        self, worker: ThreadWorker, window_name: str, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.window_name = window_name
        self.ticket: dict[str, Any] | None = None

    def refresh(self) -> None:
        window = self.window_name
        self.worker.submit(
            lambda ops: ops.queue_overview(window),
            self.waiting.emit,
            lambda e: self.said.emit(user_message(e)),
        )

    def _done(self, ticket: dict[str, Any] | None, said: str) -> None:
        self.ticket = ticket
        self.changed.emit(ticket)
        self.said.emit(said)
        self.refresh()

    def call(self) -> None:
        """叫号: the next ticket (the one at the window, if still being served, ends first)."""
        window = self.window_name

        def called(ticket: dict[str, Any] | None) -> None:
            if ticket is None:
                self._done(None, "暂无等候的群众")
            else:
                self._done(ticket, f"已呼叫 {ticket['number']}，请留意来人")

        self.worker.submit(
            lambda ops: ops.queue_call(window), called, lambda e: self.said.emit(user_message(e))
        )

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
        }

        def acted(changed: dict[str, Any]) -> None:
            kept = changed if changed.get("state") in ("called", "serving") else None
            self._done(kept, words.get(action, ""))

        self.worker.submit(
            lambda ops: ops.queue_act(number, action, **doc),
            acted,
            lambda e: self.said.emit(user_message(e)),
        )


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
            key = KEYS.get(action)
            b = QtWidgets.QPushButton(f"{label} ({key})" if key else label)
            b.setAccessibleName(label)
            b.clicked.connect(lambda _=False, a=action: self._act(a))
            row.addWidget(b)
            self.buttons[action] = b
            if key:
                shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
                shortcut.setContext(QtCore.Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(lambda a=action: self._act(a))
        lay.addLayout(row)
        self.waiting = QtWidgets.QLabel()
        self.waiting.setWordWrap(True)
        lay.addWidget(self.waiting)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)  # beside the buttons
        controller.changed.connect(self._show)
        controller.waiting.connect(self._show_waiting)
        controller.said.connect(self.message.setText)
        self._show(None)

    def _act(self, action: str) -> None:
        if action == "call":
            self.controller.call()
        else:
            self.controller.act(action)

    def _show(self, ticket: dict[str, Any] | None) -> None:
        if ticket is None:
            self.current.setText("当前：—")
        else:
            state = "办理中" if ticket.get("state") == "serving" else "已呼叫"
            calls = len(ticket.get("calls", ()))
            self.current.setText(f"当前：{ticket['number']}（{state}，呼叫 {calls} 次）")
        for action in ("recall", "no-show", "serve", "finish"):
            self.buttons[action].setEnabled(ticket is not None)

    def _show_waiting(self, overview: dict[str, Any]) -> None:
        names = overview.get("names", {})
        self.waiting.setText(
            "等候："
            + "　".join(
                f"{names.get(k, k)}（{k}）{n}人" for k, n in overview.get("waiting", {}).items()
            )
        )
