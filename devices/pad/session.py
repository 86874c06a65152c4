"""The review pad's owner thread: it opens the pad, runs every invitation (one at a time),
checks the link between invitations and closes the pad — all on one thread, reporting through
callbacks (the Qt bridge in common_qt turns them into signals). A blocking pad driver never
freezes a window; ``cancel`` may come from any thread (every pad allows it).
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
from collections.abc import Callable

from core.errors import HallError
from core.ports import DeviceState, Health, PadInvitation, PadResult, ReviewPad

log = logging.getLogger(__name__)

#: How often an idle pad's link is checked (its state on screen follows within this).
PROBE_SECONDS = 1.0


def _ignore(_: object) -> None:
    pass


class PadSession:
    """Owns ``pad`` on a thread of its own (a :class:`core.ports.PadOwner`).

    Args:
        on_result: each invitation's outcome (rated, timed out, cancelled).
        on_error: a HallError (unplugged, port busy …) opening the pad or inviting on it.
        on_state: the pad's state when it changes (checked every ``probe_seconds`` between
            invitations: a pad that is gone reads DISCONNECTED, one plugged back in is
            reopened).
    """

    def __init__(
        self,
        pad: ReviewPad,
        *,
        on_result: Callable[[PadResult], None] = _ignore,
        on_error: Callable[[HallError], None] = _ignore,
        on_state: Callable[[DeviceState], None] = _ignore,
        probe_seconds: float = PROBE_SECONDS,
    ) -> None:
        self.pad = pad
        self.on_result = on_result
        self.on_error = on_error
        self.on_state = on_state
        self.probe_seconds = probe_seconds
        self._jobs: queue.Queue[PadInvitation | None] = queue.Queue()
        self._busy = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._last_state: DeviceState | None = None

    # -- any thread -----------------------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        return self.pad.state

    def health(self) -> Health:
        return Health(self.pad.state)

    @property
    def active(self) -> bool:
        return self._busy.is_set()

    def start(self) -> None:
        """Opens the pad on its thread (a failure arrives through ``on_error``)."""
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=self._run, name="review-pad", daemon=True)
            self._thread.start()

    def pause(self) -> None:
        """Nothing to pause: the pad shows nothing until it is invited."""

    def resume(self) -> None:
        """See :meth:`pause`."""

    def invite(self, invitation: PadInvitation) -> bool:
        """Starts the invitation; False when one is still running."""
        if self.active or self._stopping:
            return False
        self._busy.set()
        self.start()
        self._jobs.put(invitation)
        return True

    def cancel(self) -> None:
        self.pad.cancel()

    def request_stop(self) -> None:
        """Cancels a running invitation (the citizen walked away); the thread then closes
        the pad."""
        self._stopping = True
        self.pad.cancel()
        self._jobs.put(None)

    def stop(self, timeout: float = 3.0) -> None:
        """Ends the thread, which closes the pad; waits at most ``timeout``."""
        self.request_stop()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        else:
            self.pad.close()

    # -- the owner thread -----------------------------------------------------------------

    def _run(self) -> None:
        self._call(self._open_if_closed)
        while True:
            try:
                invitation = self._jobs.get(timeout=self.probe_seconds)
            except queue.Empty:
                self.pad.probe()  # between invitations: the state shown stays live
                self._report_state()
                continue
            if invitation is None:
                break
            self._call(functools.partial(self._invite, invitation))
        self.pad.close()
        self._report_state()

    def _open_if_closed(self) -> None:
        if self.pad.state in (DeviceState.CLOSED, DeviceState.DISCONNECTED):
            self.pad.open()

    def _invite(self, invitation: PadInvitation) -> None:
        try:
            self._open_if_closed()
            self._report_state()
            result = self.pad.invite(invitation)
        finally:
            self._busy.clear()
        self._report_state()
        self.on_result(result)

    def _call(self, action: Callable[[], None]) -> None:
        try:
            action()
        except HallError as e:
            log.warning("review pad: %s", e.detail)
            self._report_state()
            self.on_error(e)
        except Exception as e:  # a driver bug must reach the screen, not vanish
            log.exception("review pad failed unexpectedly")
            self._report_state()
            self.on_error(HallError(str(e)))
        else:
            self._report_state()

    def _report_state(self) -> None:
        state = self.pad.state
        if state is not self._last_state:
            self._last_state = state
            self.on_state(state)
