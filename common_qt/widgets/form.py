"""A form generated from an item's schema (core.forms), for the kiosk and the counter: the
editors, the message under each field as it is typed, and values in and out. The rules are
core.forms'; this widget only shows what they say.

Editors are built once per schema and reused: widgets created and deleted per citizen leak
references in PySide6 6.11 (bench/soak.py); items share a few dozen schemas. A reused form is
emptied of the previous person's values (and undo histories) by :meth:`FormView.wipe`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from common_qt.i18n import english_only, published, say
from common_qt.qt import QtCore, QtWidgets
from common_qt.widgets.editing import lock_down, wipe_line
from common_qt.widgets.flow import FlowLayout
from common_qt.widgets.keypad import KeypadKind, use_keypad
from core import postal
from core.forms import FieldType, FormField, FormSchema, check_field

EMPTY_DATE = QtCore.QDate(1900, 1, 1)  # shown blank: "not chosen yet"
CHOICE_BUTTONS_MAX = 4  # more choices than this: a drop-down list


class _Field:
    """One field's editor and its error line."""

    def __init__(self, f: FormField, value: str) -> None:
        self.field = f
        self.label = QtWidgets.QLabel()
        self.label.setWordWrap(True)  # a long label (English beside the Chinese) wraps
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.group: QtWidgets.QButtonGroup | None = None
        self.widget: QtWidgets.QWidget
        match f.type:
            case FieldType.CHOICE if 0 < len(f.choices) <= CHOICE_BUTTONS_MAX:
                box = QtWidgets.QWidget()
                row = FlowLayout(box)  # long choices wrap rather than run off the screen
                self.group = QtWidgets.QButtonGroup(box)
                for choice in f.choices:
                    b = QtWidgets.QPushButton(choice)
                    b.setObjectName("option")  # a square target at least (themes size it)
                    b.setProperty("value", choice)  # the value as published, whatever is shown
                    b.setCheckable(True)
                    b.setChecked(choice == value)
                    self.group.addButton(b)
                    row.addWidget(b)
                self.widget = box
            case FieldType.CHOICE:
                combo = QtWidgets.QComboBox()
                for choice in ("", *f.choices):
                    combo.addItem(choice, choice)  # shown in the language, the value as published
                combo.setCurrentIndex(max(combo.findData(value), 0))
                self.widget = combo
            case FieldType.DATE:
                edit = QtWidgets.QDateEdit()
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("yyyy-MM-dd")
                edit.setMinimumDate(EMPTY_DATE)
                edit.setSpecialValueText(" ")
                edit.setDate(QtCore.QDate.fromString(value, "yyyy-MM-dd") if value else EMPTY_DATE)
                self.widget = edit
            case FieldType.TEXTAREA:
                text = QtWidgets.QPlainTextEdit()
                text.setPlainText(value)
                text.setMaximumHeight(140)
                lock_down(text)
                self.widget = text
            case _:
                line = QtWidgets.QLineEdit(value)
                if f.max_length:
                    line.setMaxLength(f.max_length + 2)  # room to show the length message
                if f.type in (FieldType.PHONE, FieldType.MOBILE, FieldType.NUMBER):
                    use_keypad(line, KeypadKind.DIGITS)  # a kiosk types these on its keypad
                elif f.type is FieldType.ID_NUMBER:
                    use_keypad(line, KeypadKind.ID_NUMBER)
                lock_down(line)
                self.widget = line
        self.retranslate()

    def retranslate(self) -> None:
        """The field's published words in the current language (its label with the English
        name the glossary gives, its choices' words); the values stay as published."""
        f = self.field
        label = published(f.label)
        self.label.setText(f"{label}{' *' if f.required else ''}")
        self.widget.setAccessibleName(label)
        if f.help:
            self.widget.setAccessibleDescription(f.help)
        if self.group is not None:
            for b in self.group.buttons():
                shown = english_only(str(b.property("value")))
                b.setText(shown)
                b.setAccessibleName(f"{label}: {shown}")
        elif isinstance(self.widget, QtWidgets.QComboBox):
            for i in range(self.widget.count()):
                self.widget.setItemText(i, english_only(str(self.widget.itemData(i))))

    def value(self) -> str:
        w = self.widget
        if self.group is not None:
            checked = self.group.checkedButton()
            return str(checked.property("value")) if checked is not None else ""
        if isinstance(w, QtWidgets.QComboBox):
            return str(w.currentData() or "")
        if isinstance(w, QtWidgets.QDateEdit):
            return "" if w.date() == EMPTY_DATE else w.date().toString("yyyy-MM-dd")
        if isinstance(w, QtWidgets.QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QtWidgets.QLineEdit)
        return w.text()

    def show_error(self, text: str) -> None:
        """The field's error under it — and in its editor's description, so that a screen
        reader on the field hears what is wrong with it (the error was a label of its own,
        tied to nothing)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        described = text or self.field.help
        self.widget.setAccessibleDescription(described)
        if self.group is not None:
            for b in self.group.buttons():
                b.setAccessibleDescription(described)

    def set_value(self, value: str) -> None:
        """Shows ``value`` with no undo history behind it."""
        w = self.widget
        if self.group is not None:
            self.group.setExclusive(False)
            for b in self.group.buttons():
                b.setChecked(b.property("value") == value)
            self.group.setExclusive(True)
        elif isinstance(w, QtWidgets.QComboBox):
            w.setCurrentIndex(max(w.findData(value), 0))
        elif isinstance(w, QtWidgets.QDateEdit):
            w.setDate(QtCore.QDate.fromString(value, "yyyy-MM-dd") if value else EMPTY_DATE)
        elif isinstance(w, QtWidgets.QPlainTextEdit):
            w.setPlainText(value)
            w.document().clearUndoRedoStacks()
        elif isinstance(w, QtWidgets.QLineEdit):
            wipe_line(w)
            w.setText(value)  # setText starts a new undo history
        self.show_error("")

    def wipe(self) -> None:
        self.set_value("")


class FormView(QtWidgets.QScrollArea):
    """The editors of one schema at a time, in a scroll area."""

    def __init__(self, today: Callable[[], date], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.stack = QtWidgets.QStackedWidget()
        self.stack.addWidget(QtWidgets.QWidget())  # nothing shown between people
        self.setWidget(self.stack)
        self._forms: dict[FormSchema, tuple[QtWidgets.QWidget, dict[str, _Field]]] = {}
        self.fields: dict[str, _Field] = {}

    def show_form(self, schema: FormSchema, values: Mapping[str, str]) -> None:
        """Shows the editors of ``schema`` with ``values`` (card prefill, earlier input)."""
        if schema not in self._forms:
            self._forms[schema] = self._build(schema)
        holder, fields = self._forms[schema]
        for key, entry in fields.items():
            entry.retranslate()  # in the language of the moment
            entry.set_value(values.get(key, ""))
        self.fields = fields
        self._show_address(holder, fields)
        self.stack.setCurrentWidget(holder)
        self.verticalScrollBar().setValue(0)

    def _show_address(self, holder: QtWidgets.QWidget, fields: Mapping[str, _Field]) -> None:
        """A postal address's rows only once 邮政寄递 is chosen (core.postal's rule)."""
        if postal.PICKUP not in fields:
            return
        grid = holder.layout()
        assert isinstance(grid, QtWidgets.QFormLayout)
        wanted = postal.address_wanted({postal.PICKUP: fields[postal.PICKUP].value()})
        for key in postal.ADDRESS_KEYS:
            if key in fields:
                grid.setRowVisible(fields[key].label, wanted)

    def _build(self, schema: FormSchema) -> tuple[QtWidgets.QWidget, dict[str, _Field]]:
        holder = QtWidgets.QWidget()
        grid = QtWidgets.QFormLayout(holder)
        grid.setRowWrapPolicy(QtWidgets.QFormLayout.RowWrapPolicy.WrapLongRows)
        grid.setVerticalSpacing(10)
        fields: dict[str, _Field] = {}
        for f in schema.fields:
            entry = _Field(f, "")
            fields[f.key] = entry
            cell = QtWidgets.QVBoxLayout()
            cell.addWidget(entry.widget)
            cell.addWidget(entry.error)
            entry.label.setBuddy(entry.widget)
            grid.addRow(entry.label, cell)
            self._watch(entry)
        group = fields[postal.PICKUP].group if postal.PICKUP in fields else None
        if group is not None:  # 窗口自取 / 邮政寄递 chosen: the address's rows follow
            group.buttonClicked.connect(lambda _: self._show_address(holder, fields))
        self.stack.addWidget(holder)
        return holder, fields

    def _watch(self, entry: _Field) -> None:
        def check() -> None:
            entry.show_error(say(check_field(entry.field, entry.value(), self.today())))

        w = entry.widget
        if isinstance(w, QtWidgets.QLineEdit):
            w.editingFinished.connect(check)
            # once a message shows, it follows the typing (and goes when the value is right)
            w.textEdited.connect(lambda _: check() if entry.error.isVisible() else None)
        elif isinstance(w, QtWidgets.QComboBox):
            w.currentIndexChanged.connect(lambda _: check())
        elif isinstance(w, QtWidgets.QDateEdit):
            w.dateChanged.connect(lambda _: check())
        elif entry.group is not None:
            entry.group.buttonClicked.connect(lambda _: check())

    def values(self) -> dict[str, str]:
        return {key: entry.value() for key, entry in self.fields.items()}

    def show_field_errors(self, errors: Mapping[str, str]) -> None:
        for key, entry in self.fields.items():
            entry.show_error(say(errors.get(key, "")))
        first = next((self.fields[k].widget for k in errors if k in self.fields), None)
        if first is not None:
            self.ensureWidgetVisible(first)
            first.setFocus()

    def wipe(self) -> None:
        """Empties every form ever shown (values, messages and undo histories)."""
        for _, fields in self._forms.values():
            for entry in fields.values():
                entry.wipe()
        self.fields = {}
        self.stack.setCurrentIndex(0)
