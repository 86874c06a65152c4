"""The language the apps speak: Chinese (zh_CN) first, English second.

The interface's own words are marked with Qt's ``self.tr`` (context: the class) and the core's
with ``core.messages.tr`` (context ""); ``pyside6-lupdate`` gathers both into
``assets/translations/hall_en.ts`` and ``pyside6-lrelease`` builds ``hall_en.qm`` beside it
(``make translations``; a test keeps both up to date). Chinese is the source language, so
it needs no file.

:func:`say` turns whatever a page is about to show into the current language: a core text
(:class:`core.messages.Text`) is looked up by its template, its arguments said in turn; any
other string is data — a service's name, a material, a citizen's address — and shown as
published or read, except that a term of the platform's catalogue with an English name in the
glossary (``catalogue_en``: service names, materials, form fields) is shown with it:
:func:`published`.
"""

from __future__ import annotations

import functools
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import assets
from common_qt.qt import QtCore
from core.catalogue.glossary import Glossary
from core.messages import Text

log = logging.getLogger(__name__)

CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (CHINESE, ENGLISH)
TRANSLATIONS = assets.path("translations")

# a core text's context in the translation (pyside6-lupdate gives plain tr("…") calls none)
CORE_CONTEXT = ""

# the glossary's context: the platform's published terms (see scripts/translations.py)
CATALOGUE_CONTEXT = "catalogue"
FILES = ("hall", "catalogue")  # hall_en.qm: the terminal's words; catalogue_en.qm: glossary

_translators: list[QtCore.QTranslator] = []
_current = CHINESE


_qt_chinese: list[QtCore.QTranslator] = []  # Qt's own words (dialogs, menus) in Chinese


def qt_chinese(on: bool) -> bool:
    """Qt's own words — the file dialog, a text field's context menu, message box buttons —
    in Chinese (Qt ships them in English: the counter's USB dialog was English, issue 29
    item 12), or not. Returns whether Qt's Chinese translation is in use."""
    app = QtCore.QCoreApplication.instance()
    if not on or app is None:
        for t in _qt_chinese:
            if app is not None:
                app.removeTranslator(t)
        _qt_chinese.clear()
        return False
    if _qt_chinese:
        return True
    folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QtCore.QTranslator()
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt's Chinese translation not found in %s: its dialogs speak English", folder)
        return False
    app.installTranslator(translator)
    _qt_chinese.append(translator)
    return True


def current() -> str:
    return _current


def qm_path(language: str, name: str = "hall") -> Path:
    return TRANSLATIONS / f"{name}_{language}.qm"


def available(language: str) -> bool:
    """Whether ``language`` can be switched to (Chinese always; another with its .qm)."""
    return language == CHINESE or qm_path(language).is_file()


def set_language(language: str) -> bool:
    """Makes ``language`` the application's; returns False (and stays in Chinese) when its
    translation cannot be loaded. The caller retranslates its widgets (Qt also posts them a
    LanguageChange event)."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    app = QtCore.QCoreApplication.instance()
    if language == _current and (language == CHINESE or _translators):
        return True
    for old in _translators:
        if app is not None:
            app.removeTranslator(old)
    _translators.clear()
    _current = CHINESE
    qt_chinese(language == CHINESE)
    if language == CHINESE:
        return True
    loaded = []
    for name in FILES:
        translator = QtCore.QTranslator()
        if not translator.load(str(qm_path(language, name))):
            if name == "hall":
                log.error("translation %s cannot be loaded: staying in Chinese", qm_path(language))
                return False
            log.error("glossary %s cannot be loaded: terms as published", qm_path(language, name))
            continue
        loaded.append(translator)
    for translator in loaded:
        if app is not None:
            app.installTranslator(translator)
        _translators.append(translator)
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
    args = {
        k: say(v) if isinstance(v, Text) else published(v) if isinstance(v, str) else v
        for k, v in text.args.items()
    }
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a field
        log.error("translation of %r does not fit its arguments", text.template)
        return str(text)


def translation(message: ET.Element) -> str | None:
    """A .ts message's translation; None while it has none (unfinished or empty)."""
    tr = message.find("translation")
    if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
        return None
    return tr.text


def ts_translations(path: Path) -> dict[str, str]:
    """Source → translation of every translated message of the .ts file ``path``.

    Raises:
        OSError, xml.etree.ElementTree.ParseError: the file cannot be read.
    """
    found: dict[str, str] = {}
    for m in ET.parse(path).getroot().iter("message"):
        said = translation(m)
        if said is not None:
            found[m.findtext("source") or ""] = said
    return found


@functools.cache
def glossary(language: str = ENGLISH) -> Glossary:
    """The glossary's English names of the platform's terms (read from its .ts: a QTranslator
    can look a term up but not list them, and the kiosk searches them)."""
    path = TRANSLATIONS / f"catalogue_{language}.ts"
    try:
        return Glossary(ts_translations(path))
    except (OSError, ET.ParseError) as e:
        log.error("glossary %s cannot be read: %s", path, e)
        return Glossary()


def published(term: str) -> str:
    """A term as the platform published it (a service's name, a material, a form field), with
    its English name first when the language is English and the glossary has one:
    "Phone number (联系电话)" — the Chinese stays, the name staff and papers use."""
    english = english_only(term)
    if english == term:
        return term
    if any(c in term for c in "（()）"):
        # a term with brackets of its own is set off by square ones: "(手机号码（接收短信通知）)"
        # read as a double closing bracket
        return f"{english} [{term}]"
    return f"{english} ({term})"


def english_only(term: str) -> str:
    """A published term in the current language alone (a choice button's word: 男 → Male)."""
    if _current == CHINESE or not term:
        return term
    return QtCore.QCoreApplication.translate(CATALOGUE_CONTEXT, term)


def one_line(text: str) -> str:
    """``text``'s lines joined for a screen reader: with a space between Latin words ("fill in
    the form" — joining without one read "fill inthe form"), without one in Chinese."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        end, start = out[-1:], line[:1]
        latin = (end.isascii() and end.isalnum()) or (start.isascii() and start.isalnum())
        out += (" " if latin else "") + line
    return out


def translate(context: str, text: str) -> str:
    """Qt's translation of ``text`` in ``context`` (for words outside a QObject; written as a
    call with two literals, so that pyside6-lupdate finds it)."""
    return QtCore.QCoreApplication.translate(context, text)
