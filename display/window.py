"""叫号屏: what the hall's TV shows — the call of now in large type (请A012号到3号窗口办理),
the last calls, who waits in each category, the hall's notice line — and speaks each call
twice in Mandarin with the same words as its caption. Laid out for a landscape (1920×1080) or
a portrait (1080×1920) screen, its type sized from the screen to be read from 5 metres.

It holds no rule: the hall server says what to show (core.queue.speech wrote the words)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from common_qt import theme
from common_qt.qt import Qt, QtCore, QtGui, QtWidgets
from core.clock import CST

#: Lines in the list of the last calls.
RECENT = 5
#: Each call is spoken this many times (the hall's rule of thumb: twice).
SPOKEN = 2
#: Type sizes as shares of the screen's short side (5 m: the caption ≥ 100 px on a 1080p TV).
CAPTION_SHARE, RECENT_SHARE, WAITING_SHARE, HEADER_SHARE = 0.105, 0.06, 0.042, 0.045


def _two_lines(caption: str) -> str:
    """请A012号 / 到3号窗口办理: the call broken where it is read in two (it broke inside 3号)."""
    return caption.replace("号到", "号\n到", 1)


class DisplayWindow(QtWidgets.QMainWindow):
    """``say(text)``: the voice (common_qt.voice.Voice.say); ``notice``: the hall's line."""

    def __init__(
        self,
        *,
        hall_name: str,
        say: Callable[[str], None] | None = None,
        notice: str = "请留意叫号，听到您的号码请到对应窗口办理；过号请到服务台咨询。",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"{hall_name} 叫号屏")
        self._say = say
        self._now = now or (lambda: datetime.now(CST))
        self.spoken: list[str] = []
        self.shown_at: float | None = None  # when the last call was drawn (monotonic)
        self.categories: dict[str, str] = {}
        central = QtWidgets.QWidget()
        outer = QtWidgets.QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        header = QtWidgets.QWidget()
        header.setObjectName("header")
        top = QtWidgets.QHBoxLayout(header)
        self.hall = QtWidgets.QLabel(hall_name)
        self.hall.setObjectName("hall")
        self.hall.setWordWrap(True)
        self.offline = QtWidgets.QLabel()
        self.offline.setObjectName("offline")
        self.clock = QtWidgets.QLabel()
        self.clock.setObjectName("clock")
        top.addWidget(self.hall, 1)
        top.addWidget(self.offline)
        top.addWidget(self.clock)
        outer.addWidget(header)
        self.body = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.body.setContentsMargins(40, 24, 40, 24)
        self.body.setSpacing(40)
        now_box = QtWidgets.QVBoxLayout()
        self.now_title = QtWidgets.QLabel("正在叫号")
        self.now_title.setObjectName("nowTitle")
        self.now = QtWidgets.QLabel("请留意叫号")
        self.now.setObjectName("now")
        self.now.setWordWrap(True)
        self.now.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.now.setAccessibleName("正在叫号")
        now_box.addWidget(self.now_title)
        now_box.addWidget(self.now, 1)
        self.body.addLayout(now_box, 3)
        side = QtWidgets.QVBoxLayout()
        self.recent_title = QtWidgets.QLabel("最近叫号")
        self.recent_title.setObjectName("recentTitle")
        side.addWidget(self.recent_title)
        recent_box = QtWidgets.QWidget()
        recent_box.setObjectName("recent")
        recent = QtWidgets.QVBoxLayout(recent_box)
        self.recent: list[QtWidgets.QLabel] = []
        for _ in range(RECENT):
            line = QtWidgets.QLabel()
            line.setWordWrap(True)  # a portrait screen's narrow column: wrapped, never wider
            recent.addWidget(line)
            self.recent.append(line)
        recent.addStretch(1)
        side.addWidget(recent_box, 1)
        self.waiting_title = QtWidgets.QLabel("等候人数")
        self.waiting_title.setObjectName("waitingTitle")
        side.addWidget(self.waiting_title)
        self.waiting = QtWidgets.QLabel()
        self.waiting.setObjectName("waiting")
        self.waiting.setWordWrap(True)
        side.addWidget(self.waiting)
        self.body.addLayout(side, 2)
        outer.addLayout(self.body, 1)
        self._notice = notice
        self.paused: list[str] = []  # windows paused (暂停服务): said on the notice line
        self.notice = QtWidgets.QLabel(notice)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(40, 12, 40, 12)
        outer.addWidget(self.notice)
        self.setCentralWidget(central)
        theme.apply(self, "display")
        self._recent: list[str] = []
        self._tick = QtCore.QTimer(self)
        self._tick.timeout.connect(self._show_time)
        self._tick.start(1000)
        self._show_time()
        self.set_connected(False)

    # -- what the hall server says ------------------------------------------------------------

    def show_event(self, kind: str, doc: dict[str, Any]) -> None:
        """An event of the hall's queue: its state on connecting, a call, a recall."""
        if kind == "state":
            self.categories = {str(k): str(v) for k, v in doc.get("categories", {}).items()}
            self._recent = [str(r.get("caption", "")) for r in doc.get("recent", ())][:RECENT]
            if self._recent:
                self.now.setText(_two_lines(self._recent[0]))
            self._show_recent()
            self._show_waiting(doc.get("waiting", {}))
            self._show_paused([str(w) for w in doc.get("paused", ())])
            return
        if kind == "windows":  # a window paused or resumed
            self._show_paused([str(w) for w in doc.get("paused", ())])
            self._show_waiting(doc.get("waiting", {}))
            return
        if kind not in ("call", "recall"):
            return
        caption = str(doc.get("caption", ""))
        self.now.setText(_two_lines(caption))
        self.now.setAccessibleDescription(caption)
        self.shown_at = time.monotonic()
        self._recent = [caption, *[c for c in self._recent if c != caption]][:RECENT]
        self._show_recent()
        self._show_waiting(doc.get("waiting", {}))
        speech = str(doc.get("speech", "")) or caption
        for _ in range(SPOKEN):
            self.spoken.append(speech)
            if self._say is not None:
                self._say(speech)

    def _show_paused(self, paused: list[str]) -> None:
        self.paused = paused
        lead = f"{'、'.join(paused)}暂停服务。" if paused else ""
        self.notice.setText(lead + self._notice)

    def set_connected(self, connected: bool) -> None:
        self.offline.setText("" if connected else "正在连接叫号服务…")

    def _show_recent(self) -> None:
        for i, line in enumerate(self.recent):
            line.setText(self._recent[i] if i < len(self._recent) else "")

    def _show_waiting(self, waiting: dict[str, Any]) -> None:
        letters = sorted(set(self.categories) | set(waiting))
        self.waiting.setText(
            "\n".join(
                f"{self.categories.get(k, k)}（{k}）：{int(waiting.get(k, 0))} 人" for k in letters
            )
        )

    def _show_time(self) -> None:
        self.clock.setText(self._now().strftime("%m月%d日 %H:%M"))

    # -- the screen -------------------------------------------------------------------------

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        size = event.size()
        portrait = size.height() > size.width()
        direction = QtWidgets.QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
        short = min(size.width(), size.height())
        # a portrait screen's caption is laid on its width: two lines of it at most
        caption = int(short * CAPTION_SHARE * (0.9 if portrait else 1.0))
        for label, px in (
            (self.now, caption),
            (self.now_title, int(short * WAITING_SHARE)),
            (self.recent_title, int(short * WAITING_SHARE)),
            (self.waiting_title, int(short * WAITING_SHARE)),
            (self.waiting, int(short * WAITING_SHARE)),
            (self.hall, int(short * HEADER_SHARE)),
            (self.clock, int(short * HEADER_SHARE)),
            (self.offline, int(short * WAITING_SHARE * 0.8)),
            (self.notice, int(short * WAITING_SHARE)),
            *((line, int(short * RECENT_SHARE)) for line in self.recent),
        ):
            font = QtGui.QFont(label.font())
            font.setPixelSize(max(12, px))
            label.setFont(font)
