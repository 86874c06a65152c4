"""The reader's own worker thread: polls while enabled, reports cards, errors and state changes.

The apps never call the reader from the GUI thread; they start a :class:`CardWatcher` and
connect its callbacks to Qt signals (common_qt bridges them). Callbacks run on the watcher's
thread. A vanished port is reopened every ``reconnect_interval`` seconds, so unplugging and
replugging the reader needs no restart; an error repeated identically is reported once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from core.errors import CardRejected, CardUnreadable, DeviceUnavailable, HallError
from core.identity import check_identity
from core.ports import CardRead, DeviceState, Health, IdCardReader
from devices.idcard.photo import PhotoDecoder

log = logging.getLogger(__name__)

CardCallback = Callable[[CardRead], None]
ErrorCallback = Callable[[HallError], None]
StateCallback = Callable[[DeviceState], None]


def _ignore(_: object) -> None:
    pass


class CardWatcher:
    """Polls ``reader`` on a thread of its own.

    Args:
        photo_decoder: a licensed WLT decoder; the decoded BMP rides along in
            ``CardRead.photo_image``.
        today: when given, every card is checked (expired, invalid number) before it is
            reported; a refused card is reported through ``on_error`` with the reason.
        poll_interval: seconds between finds while idle (100–500 ms is what readers expect).
    """

    def __init__(
        self,
        reader: IdCardReader,
        *,
        on_card: CardCallback = _ignore,
        on_error: ErrorCallback = _ignore,
        on_state: StateCallback = _ignore,
        today: Callable[[], date] | None = None,
        photo_decoder: PhotoDecoder | None = None,
        poll_interval: float = 0.2,
        reconnect_interval: float = 1.0,
    ) -> None:
        self.reader = reader
        self.on_card = on_card
        self.on_error = on_error
        self.on_state = on_state
        self.today = today
        self.photo_decoder = photo_decoder
        self.poll_interval = poll_interval
        self.reconnect_interval = reconnect_interval
        self._stop = threading.Event()
        self._enabled = threading.Event()
        self._enabled.set()
        self._thread: threading.Thread | None = None
        self._last_state: DeviceState | None = None
        self._last_error: tuple[type, str] | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="idcard-watcher", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        """Asks the thread to stop; it closes the reader itself, after its current read."""
        self._stop.set()
        self._enabled.set()

    def stop(self, timeout: float = 5.0) -> None:
        """Stops polling and waits up to ``timeout`` for the reader to be closed (by the
        watcher's own thread: the one that opened and used it)."""
        self.request_stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        else:
            self._close()

    def _close(self) -> None:
        self.reader.close()
        self._report_state()

    def pause(self) -> None:
        """Stops polling (the port stays open), e.g. while no page wants a card."""
        self._enabled.clear()

    def resume(self) -> None:
        self._enabled.set()

    @property
    def state(self) -> DeviceState:
        return self.reader.state

    def health(self) -> Health:
        return self.reader.health()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._enabled.wait()
            if self._stop.is_set():
                break
            if self.reader.state not in (DeviceState.READY, DeviceState.BUSY):
                self._try_open()
                continue
            self._poll_once()
            self._report_state()
            self._stop.wait(self.poll_interval)
        self._close()

    def _try_open(self) -> None:
        try:
            self.reader.open()
        except HallError as e:
            self._report_state()
            self._report_error(e)
            self._stop.wait(self.reconnect_interval)
            return
        self._last_error = None
        self._report_state()

    def _poll_once(self) -> None:
        try:
            card = self.reader.read_card()
        except (CardUnreadable, CardRejected, DeviceUnavailable) as e:
            self._report_error(e)
            return
        except HallError as e:
            log.error("ID card read failed: %s", e.detail)
            self._report_error(e)
            return
        except Exception:  # a bug must not kill the thread silently, nor loop fast
            log.exception("unexpected error in the ID card watcher")
            self._stop.wait(self.reconnect_interval)
            return
        self._last_error = None  # the reader answered: the next error is news again
        if card is None:
            return
        if self.today is not None:
            try:
                check_identity(card.identity, self.today())
            except HallError as e:
                self._report_error(e)
                return
        if self.photo_decoder is not None and card.photo:
            image = self.photo_decoder.decode(card.photo)
            if image:
                card = replace(card, photo_image=image)
        log.info("card read: %r", card.identity)
        self.on_card(card)

    def _report_state(self) -> None:
        state = self.reader.state
        if state is not self._last_state:
            self._last_state = state
            self.on_state(state)

    def _report_error(self, e: HallError) -> None:
        if self._stop.is_set():
            return  # stopping: a read cut short by the closing app is no news
        key = (type(e), e.detail)
        if key == self._last_error:
            return
        self._last_error = key
        log.warning("ID card reader: %s", e.detail)
        self.on_error(e)
