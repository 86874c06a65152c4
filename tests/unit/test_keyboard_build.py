"""A build without the Qt Virtual Keyboard (``make bundle KEYBOARD=0``, issue 28): the kiosk
finds it missing before its application exists and types on its keypads, selecting no input
method that is not there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from common_qt.widgets import touch_keyboard


class _Info:
    """QLibraryInfo over a Qt laid out under ``root``."""

    root = Path()

    class LibraryPath:
        PluginsPath = "plugins"
        QmlImportsPath = "qml"

    @classmethod
    def path(cls, which: str) -> str:
        return str(cls.root / which)


def _qt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, keyboard: bool) -> None:
    (tmp_path / "plugins" / "platforminputcontexts").mkdir(parents=True)
    (
        tmp_path / "plugins" / "platforminputcontexts" / "libcomposeplatforminputcontextplugin.so"
    ).touch()
    (tmp_path / "qml" / "QtQuick" / "Controls").mkdir(parents=True)
    if keyboard:
        (tmp_path / "plugins" / "platforminputcontexts" / "libqtvirtualkeyboardplugin.so").touch()
        (tmp_path / "qml" / "QtQuick" / "VirtualKeyboard").mkdir()
    _Info.root = tmp_path
    monkeypatch.setattr(touch_keyboard.QtCore, "QLibraryInfo", _Info)
    monkeypatch.delenv("QT_PLUGIN_PATH", raising=False)
    monkeypatch.delenv("QT_IM_MODULE", raising=False)


def test_a_build_without_the_keyboard_selects_no_input_method(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected_warnings: None
) -> None:
    _qt(tmp_path, monkeypatch, keyboard=False)
    assert not touch_keyboard.installed()
    assert touch_keyboard.prepare() is False
    assert "QT_IM_MODULE" not in os.environ
    assert not touch_keyboard.prepared()


def test_a_build_with_it_selects_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from common_qt.qt import QtCore

    before = QtCore.QLocale()  # prepare() makes Chinese the default: put back after
    _qt(tmp_path, monkeypatch, keyboard=True)
    try:
        assert touch_keyboard.installed()
        assert touch_keyboard.prepare() is True
        assert touch_keyboard.prepared()
    finally:
        QtCore.QLocale.setDefault(before)


def test_this_environment_has_it() -> None:
    """The wheel's Qt carries it (the default build ships it)."""
    assert touch_keyboard.installed()
