"""What the apps' controllers share: a journey (core.flows) walked by intents, one session at
a time, with its errors said in one place.

A session counter makes late results harmless: a worker's answer to a session that has ended
(the citizen walked away, the clerk moved to the next applicant) is dropped, never shown to the
next person. :meth:`advance` takes an intent's payload into the journey; a refusal (a HallError)
goes out through ``error`` — and a form's per-field messages through ``field_errors`` — and the
journey stays where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from common_qt.i18n import say
from common_qt.qt import QtCore, Signal
from common_qt.tasks import user_message
from core.errors import HallError
from core.flows.engine import Journey


class JourneyController(QtCore.QObject):
    step_changed = Signal(str)  # the journey's current step
    error = Signal(str)  # what went wrong, in the user's words ("" clears it)
    field_errors = Signal(object)  # form: field key → message
    busy = Signal(str)  # what is happening ("" when idle)

    def __init__(self, journey: Journey[Any], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.journey = journey
        self.session = 0

    def new_session(self) -> None:
        """Ends the session: the journey is wiped and late results of it are dropped."""
        self.session += 1
        self.journey.cancel()
        self.busy.emit("")
        self.error.emit("")

    def guard(self, callback: Callable[[Any], object]) -> Callable[[Any], None]:
        """``callback`` for a worker's result, dropped if its session has ended by then."""
        session = self.session

        def guarded(result: Any) -> None:
            if session == self.session:
                callback(result)

        return guarded

    def advance(self, payload: Any = None, *, show: bool = True) -> bool:
        """Takes ``payload`` into the journey; False (and the reason said) when refused."""
        self.error.emit("")
        try:
            self.journey.advance(payload)
        except HallError as e:
            errors = getattr(e, "field_errors", None)
            if errors:
                self.field_errors.emit(dict(errors))
            shown = bool(errors) and self.shown_on_fields(dict(errors or {}))
            self.error.emit("" if shown else self.message_for(e))
            return False
        if show:
            self.show_step()
        return True

    def show_step(self) -> None:
        self.step_changed.emit(str(self.journey.current))

    def shown_on_fields(self, errors: dict[str, str]) -> bool:
        """Whether the form on screen shows each of ``errors`` under its field (then the
        page does not say the first of them again below: a line of the form's room)."""
        return False

    def message_for(self, error: HallError) -> str:
        """How a refusal is said (the counter rewords the citizen's messages for staff)."""
        return say(error.user_message)

    def failed(self, error: Exception) -> None:
        """The one place a worker's failure is said."""
        self.busy.emit("")
        self.error.emit(
            self.message_for(error) if isinstance(error, HallError) else say(user_message(error))
        )
