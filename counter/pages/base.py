"""What every acceptance page is: a step of the counter journey, rendered."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from common_qt.qt import QtWidgets
from core.flows.counter import CounterStep
from counter.controller import AcceptanceController


class AcceptancePage(QtWidgets.QWidget):
    """A page of the acceptance. It holds no rule: it shows the controller's state at its
    step (:meth:`present`), emits intents to the controller, and forgets the applicant
    (:meth:`wipe`). What it has to tell the clerk goes to ``say`` (the panel's message line,
    which the panel puts in the page's ``message_slot``: beside the action it is about — it
    was one line at the window's bottom edge, far from the decision buttons).

    Widgets are built once and reused: widgets created and deleted per applicant leak
    references in PySide6 6.11."""

    step: ClassVar[CounterStep]

    def __init__(
        self,
        controller: AcceptanceController,
        say: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.c = controller
        self.say = say
        #: where the message line goes on this page: laid out by each page after its actions
        self.message_slot = QtWidgets.QVBoxLayout()

    def present(self) -> None:
        """Shows what this step shows of the session."""

    def focus_widget(self) -> QtWidgets.QWidget | None:
        """The field the typing goes to when the step shows."""
        return None

    def wipe(self) -> None:
        """The next applicant: nothing of the previous one stays on this page."""

    def enter(self) -> bool:
        """Enter pressed on the page: True when the page moved on with it."""
        return False
