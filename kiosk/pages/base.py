"""What every kiosk page has: a title, a body, a message line and a row of big buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common_qt.qt import QtCore, QtWidgets
from core.flows.kiosk_steps import KioskStep, Wants

if TYPE_CHECKING:
    from kiosk.controller import KioskController


def button(text: str = "", *, primary: bool = False, name: str = "") -> QtWidgets.QPushButton:
    """A touch-sized button (the theme makes it at least 64 px high); its accessible name is
    its text unless given."""
    b = QtWidgets.QPushButton()
    if primary:
        b.setObjectName("primary")
    label(b, text, name)
    return b


class ChoiceButton(QtWidgets.QRadioButton):
    """One option of an exclusive choice (the five levels of a rating), drawn as a touch
    button (the theme's ``#choiceOption``): a screen reader hears a radio button, one of
    several (a checkable push button read as a check box), and a finger anywhere on it chooses
    (a radio button takes clicks on its text only)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("choiceOption")

    def hitButton(self, pos: QtCore.QPoint) -> bool:  # noqa: N802 - Qt API
        return self.rect().contains(pos)


class ChoiceCheck(QtWidgets.QCheckBox):
    """An option that is on or off (a priority claimed), drawn as a touch button that stays
    pressed when on (the theme's ``#choiceOption``): a check box to a screen reader, and a
    finger anywhere on it toggles it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("choiceOption")

    def hitButton(self, pos: QtCore.QPoint) -> bool:  # noqa: N802 - Qt API
        return self.rect().contains(pos)


def page_entry(page: QtWidgets.QWidget) -> tuple[QtWidgets.QWidget, QtWidgets.QScrollArea]:
    """``page`` as the window's stack holds it: in a scroll area (a page that does not fit
    scrolls; the window never grows past the screen), its actions (if it has) below it, in
    view. Returns (the stack's entry, the scroll area)."""
    scroll = QtWidgets.QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(page)
    take_actions = getattr(page, "take_actions", None)
    actions = take_actions() if take_actions is not None else None
    if actions is None:
        return scroll, scroll
    entry = QtWidgets.QWidget()
    column = QtWidgets.QVBoxLayout(entry)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(scroll, 1)
    column.addWidget(actions)
    return entry, scroll


def label(b: QtWidgets.QAbstractButton, text: str, name: str = "") -> None:
    """Sets a button's text and its accessible name (its text unless given)."""
    b.setText(text)
    b.setAccessibleName(name or text)


class StepView:
    """A page of the journey as the kiosk's step table sees it (Electrum's wizard attaches each
    view to its step the same way): the step it renders, what it says aloud, the devices it
    wants awake, the field that takes the typing, and how it shows the session. The window
    builds its stack from the pages and hands the controller their ``wants``; adding a step is
    a step in core.flows.kiosk, a page declaring it, and the intents the page emits."""

    #: the journey step this page renders (None: a page outside the journey)
    step: KioskStep | None = None
    #: the devices this step wants awake (the controller wakes them, and puts the rest to sleep)
    wants: Wants = Wants.NOTHING

    def prompt(self) -> str:
        """What the kiosk says aloud when the step shows (in the current language)."""
        return ""

    def focus_widget(self) -> QtWidgets.QWidget | None:
        """The field the typing goes to when the step shows (where the citizen looks)."""
        return None

    def present(self, c: KioskController) -> None:
        """Shows what this step shows of the session (the controller's state and pages)."""

    def keys_shown(self, on: bool) -> None:
        """The on-screen keys came up (``on``) or went: what the page can put away while
        they take the lower part of the screen (the search page's title and themes)."""


class KioskPage(QtWidgets.QWidget, StepView):
    """A page of the journey: ``body`` for the content, ``buttons`` for the actions.

    A page sets its own words in :meth:`retranslate` (called by its constructor, and again by
    the window when the citizen changes the language on the welcome screen); what it shows of
    a session is set when the session gets there, in the language of the moment."""

    def __init__(self, title: str = "", parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(40, 20, 40, 20)
        outer.setSpacing(14)
        self.title = QtWidgets.QLabel(title)
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.body = QtWidgets.QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)
        # the message and the buttons, together: the window keeps them in view below a page
        # that scrolls (see take_actions)
        self.action_bar = QtWidgets.QWidget()
        bar = QtWidgets.QVBoxLayout(self.action_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(14)
        self.message = QtWidgets.QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        bar.addWidget(self.message)
        self.buttons = QtWidgets.QHBoxLayout()
        self.buttons.setSpacing(16)
        bar.addLayout(self.buttons)
        outer.addWidget(self.action_bar)

    def take_actions(self) -> QtWidgets.QWidget | None:
        """The message and the buttons, taken out of the page for the window to put under
        the page's scroll area — 下一步, 提交评价 … never below the fold, whatever the screen and
        text size, and a refusal shown where the finger is. None for a page without buttons
        (they stay where they are)."""
        outer = self.layout()
        if self.buttons.count() == 0 or outer is None:
            return None
        outer.removeWidget(self.action_bar)
        self.action_bar.setParent(None)
        margins = outer.contentsMargins()
        bar = self.action_bar.layout()
        assert bar is not None
        bar.setContentsMargins(margins.left(), 12, margins.right(), margins.bottom())
        outer.setContentsMargins(margins.left(), margins.top(), margins.right(), 8)
        return self.action_bar

    def retranslate(self) -> None:
        """Sets the page's own words in the current language."""

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reset(self) -> None:
        """Forgets everything shown (the session ended)."""
        self.show_message("")
