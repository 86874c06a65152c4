"""The kiosk's form as drawn: a field is red only where something is wrong (issue 30 item 14:
every field had a red border before anything was wrong)."""

from __future__ import annotations

from datetime import date

from common_qt import theme
from common_qt.qt import QtGui, QtWidgets
from common_qt.widgets.form import FormView
from tests.helpers.samples import simple_item

RED = QtGui.QColor("#b4232a")


def _border(widget: QtWidgets.QWidget) -> QtGui.QColor:
    """The colour drawn on the field's left border, half-way down."""
    image = widget.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


def _is_red(colour: QtGui.QColor) -> bool:
    return abs(colour.red() - RED.red()) < 30 and colour.green() < 80 and colour.blue() < 80


def test_only_a_field_with_an_error_is_drawn_red(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = FormView(lambda: date(2026, 12, 4))
    qtbot.addWidget(form)
    theme.apply(form, "kiosk")
    form.resize(900, 700)
    form.show()
    form.show_form(simple_item().form, {"name": "张三丰"})
    name, phone = form.fields["name"].widget, form.fields["phone"].widget
    qtbot.waitExposed(form)
    assert not _is_red(_border(name)), _border(name).name()
    assert not _is_red(_border(phone)), _border(phone).name()
    form.show_field_errors({"phone": "联系电话格式不正确"})
    assert _is_red(_border(phone)), _border(phone).name()
    assert not _is_red(_border(name)), _border(name).name()
    form.show_field_errors({})  # corrected: no red left
    assert not _is_red(_border(phone)), _border(phone).name()
