"""The language the apps speak: Chinese (zh_CN) first, English second.

The interface's own words are marked with Qt's ``self.tr`` (context: the class) and the core's
with ``core.messages.tr`` (context ""); ``pyside6-lupdate`` gathers both into
``assets/translations/hall_en.ts`` and ``pyside6-lrelease`` builds ``hall_en.qm`` beside it
(``make translations``; a test keeps both up to date). Chinese is the source language, so
it needs no file.

:func:`say` turns whatever a page is about to show into the current language: a core text
(:class:`core.messages.Text`) is looked up by its template, its arguments said in turn; any
other string is data — a service's name, a material, a citizen's address — and shown as
published or read.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from common_qt.qt import QtCore
from core.messages import Text

log = logging.getLogger(__name__)

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
TRANSLATIONS = Path(__file__).resolve().parent.parent / "assets" / "translations"

# a core text's context in the translation (pyside6-lupdate gives plain tr("…") calls none)
CORE_CONTEXT = ""

_translator: QtCore.QTranslator | None = None
_current = CHINESE


def current() -> str:
    return _current


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"hall_{language}.qm"


def available(language: str) -> bool:
    """Whether ``language`` can be switched to (Chinese always; another with its .qm)."""
    return language == CHINESE or qm_path(language).is_file()


def set_language(language: str) -> bool:
    """Makes ``language`` the application's; returns False (and stays in Chinese) when its
    translation cannot be loaded. The caller retranslates its widgets (Qt also posts them a
    LanguageChange event)."""
    global _translator, _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    app = QtCore.QCoreApplication.instance()
    if language == _current and (language == CHINESE or _translator is not None):
        return True
    if _translator is not None and app is not None:
        app.removeTranslator(_translator)
    _translator = None
    _current = CHINESE
    if language == CHINESE:
        return True
    translator = QtCore.QTranslator()
    if not translator.load(str(qm_path(language))):
        log.error("translation %s cannot be loaded: staying in Chinese", qm_path(language))
        return False
    if app is not None:
        app.installTranslator(translator)
    _translator = translator
    _current = language
    return True


def say(text: Any) -> str:
    """``text`` in the current language: a core text translated (with its arguments said in
    turn), anything else as it is."""
    if not isinstance(text, Text):
        return "" if text is None else str(text)
    if _current == CHINESE:
        return str(text)
    template = QtCore.QCoreApplication.translate(CORE_CONTEXT, text.template)
    if not text.args:
        return template
    args = {k: say(v) if isinstance(v, Text) else v for k, v in text.args.items()}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field
        log.error("translation of %r does not fit its arguments", text.template)
        return str(text)


def translate(context: str, text: str) -> str:
    """Qt's translation of ``text`` in ``context`` (for words outside a QObject; written as a
    call with two literals, so that pyside6-lupdate finds it)."""
    return QtCore.QCoreApplication.translate(context, text)
