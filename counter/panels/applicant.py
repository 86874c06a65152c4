"""申请人证件: the applicant's card, read on the reader's own thread and shown in full to the
clerk — and only while its holder is served."""

from __future__ import annotations

from collections.abc import Callable

from common_qt.devices import CardBridge
from common_qt.qt import QtCore, QtWidgets, Signal
from common_qt.widgets.identity_card import IdentityCardView
from core.errors import CardExpired, CardRejected, HallError, InvalidIdNumber
from core.identity import Identity
from core.ports import CardOwner, CardRead, DeviceState
from counter.controller import staff_message

CARD_SHOWN_SECONDS = 120  # a card's details with no acceptance under way for its holder


class ApplicantPanel(QtWidgets.QGroupBox):
    """Emits ``presented`` with each valid card read while ``accepts()`` says cards open
    something (signed in, not locked), and ``refused`` with the error of a card presented but
    unusable (expired, invalid number, refused) — the person at the counter changed either way.
    """

    presented = Signal(object)  # CardRead
    refused = Signal(object)  # HallError

    def __init__(
        self,
        reader: CardOwner | None,
        *,
        accepts: Callable[[], bool],
        serving: Callable[[], Identity | None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("申请人证件"), parent)
        self.accepts = accepts
        self.serving = serving
        # 未配置证件照解码库: said beside the reader's state once a card showed it (the photo
        # decoder is this terminal's setting, not a fault of a card)
        self._photo_note = ""
        self._reader = DeviceState.CLOSED
        self.last_card: CardRead | None = None
        col = QtWidgets.QVBoxLayout(self)
        self.reader_state = QtWidgets.QLabel()
        self.reader_state.setObjectName("deviceState")
        col.addWidget(self.reader_state)
        self.card_view = IdentityCardView(masked=False)
        col.addWidget(self.card_view)
        self.card_message = QtWidgets.QLabel()
        self.card_message.setObjectName("deviceError")
        self.card_message.setWordWrap(True)
        col.addWidget(self.card_message)
        self.card_bridge = CardBridge(self)
        self.card_bridge.card_read.connect(self._on_card)
        self.card_bridge.error.connect(self._on_card_error)
        # A SAM reader halts a card once read: it cannot tell whether the card still lies
        # there. So the card's details (number, address, photo) leave the screen when its
        # applicant is done, at a lock or sign-out, and after CARD_SHOWN_SECONDS when no
        # acceptance is under way for it.
        self.card_timer = QtCore.QTimer(self)
        self.card_timer.setSingleShot(True)
        self.card_timer.setInterval(CARD_SHOWN_SECONDS * 1000)
        self.card_timer.timeout.connect(self._shown_long_enough)
        self.card_bridge.state_changed.connect(self._on_reader_state)
        #: the reader's owner thread (terminal.devices), reporting through the bridge
        self.watcher = reader
        if reader is None:
            self.reader_state.setText(self.tr("读卡器：未配置"))
            return
        self._on_reader_state(DeviceState.CLOSED)
        self.card_bridge.attach(reader)

    def start(self) -> None:
        if self.watcher is not None:
            self.watcher.start()

    def _on_reader_state(self, state: DeviceState) -> None:
        self._reader = state
        note = f"（{self._photo_note}）" if self._photo_note else ""
        self.reader_state.setText(self.tr("读卡器：") + state.label + note)
        self.reader_state.setProperty("state", state.value)

    def _on_card(self, card: CardRead) -> None:
        if not self.accepts():
            return  # nobody signed in, or locked: a card does not open anything behind it
        self.last_card = card
        self.card_timer.start()
        self.card_view.show_card(card)
        # a placeholder photo is this terminal's setting, not a fault of the card: said once
        # beside the reader's state (it was a red line under every card read)
        self.card_message.clear()
        if self.card_view.photo_note and not self._photo_note and self.watcher is not None:
            self._photo_note = self.card_view.photo_note
            self._on_reader_state(self._reader)
        self.presented.emit(card)

    def _on_card_error(self, error: HallError) -> None:
        # the previous applicant's card goes first: an error under it would look like theirs
        self.clear(staff_message(error))
        if isinstance(error, CardExpired | InvalidIdNumber | CardRejected):
            self.refused.emit(error)

    def _shown_long_enough(self) -> None:
        if self.last_card is not None and self.serving() == self.last_card.identity:
            self.card_timer.start()  # its holder is being served: it stays
            return
        self.clear()

    def clear(self, message: str = "") -> None:
        """Nothing of the last card stays on screen."""
        self.card_timer.stop()
        self.card_view.clear()
        self.last_card = None
        self.card_message.setText(message)
