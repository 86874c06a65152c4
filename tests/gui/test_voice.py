"""Spoken prompts: the voice chosen by name (espeak-ng's Mandarin voices hide under locale "C"),
each step's prompt spoken on Qt's mock engine, the mute button, a wipe unmuting, and a wedged
speech daemon that leaves the kiosk silent but working."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from common_qt import i18n
from common_qt.qt import Qt, QtCore
from common_qt.voice import Voice, choose_voice
from core.flows.kiosk import KioskMode, KioskStep
from tests.helpers.kiosk import kiosk_window

ESPEAK = [
    ("Chinese (Mandarin, latin as English)", "C"),
    ("Chinese (Mandarin, latin as Pinyin)", "C"),
    ("English (Great Britain)", "C"),
    ("Bob", "en_GB"),
]


def test_the_mandarin_voice_that_reads_pinyin_is_chosen_by_name() -> None:
    assert choose_voice(ESPEAK, "zh_CN") == "Chinese (Mandarin, latin as Pinyin)"
    assert choose_voice(ESPEAK[:1] + ESPEAK[2:], "zh_CN") == ""  # tone digits in English: no
    assert choose_voice([("Tingting", "zh_CN")], "zh_CN") == "Tingting"
    assert choose_voice([("Bob", "en_GB")], "zh_CN") == ""  # silence rather than English
    assert choose_voice(ESPEAK, "en") == "Bob"
    # espeak-ng alone: its English voice, not the Mandarin one that reads Latin as English
    assert choose_voice(ESPEAK[:3], "en") == "English (Great Britain)"
    assert choose_voice(ESPEAK[:2], "en") == ""
    assert choose_voice(ESPEAK, "zh_CN", wanted="Bob") == "Bob"  # the hall's configured voice
    assert choose_voice(ESPEAK, "zh_CN", wanted="Xiaoyan") == ""  # not installed


def test_each_step_is_spoken_and_the_mute_button_silences_it(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    voice = Voice("mock", voice_name="Bob")  # Qt's mock engine: its voices are Bob and Anne
    qtbot.waitUntil(lambda: voice.available, timeout=5000)
    window = kiosk_window(demo_catalogue, mode=None, voice=voice)
    qtbot.addWidget(window)
    assert window.mute_button.isVisible()
    window.controller.choose(KioskMode.GUIDE)
    qtbot.waitUntil(
        lambda: window.step_pages[KioskStep.SEARCH].prompt() in voice.spoken, timeout=3000
    )
    qtbot.mouseClick(window.mute_button, Qt.MouseButton.LeftButton)
    assert window.mute_button.text() == "开启语音"
    said = len(voice.spoken)
    window.go_home()  # a wipe: the next person hears the prompts again
    assert not window.muted
    assert voice.spoken[said:] == [window.step_pages[KioskStep.WELCOME].prompt()]
    window.set_muted(True)
    window.controller.choose(KioskMode.GUIDE)
    qtbot.wait(100)
    assert (
        voice.spoken[-1] == window.step_pages[KioskStep.WELCOME].prompt()
    )  # muted: the search was not spoken


def test_a_wedged_speech_daemon_leaves_the_kiosk_silent_and_working(  # type: ignore[no-untyped-def]
    qtbot, demo_catalogue: Path, expected_warnings: None
) -> None:
    never = threading.Event()

    def wedged(engine: str) -> Any:
        never.wait()  # speech-dispatcher hung: the engine's constructor never returns

    started = time.monotonic()
    voice = Voice("speechd", make_engine=wedged, timeout=0.2)
    window = kiosk_window(demo_catalogue, mode=None, voice=voice)
    qtbot.addWidget(window)
    assert time.monotonic() - started < 2  # nobody waited for the engine
    window.controller.choose(KioskMode.GUIDE)
    qtbot.wait(300)  # past the time-out: said once in the log (the expected warning)
    assert not voice.available
    assert not window.mute_button.isVisible()  # no mute button for a voice that is not there
    assert voice.spoken == []
    assert window.controller.step is KioskStep.SEARCH  # the journey goes on


class _Voice:
    def __init__(self, name: str, locale: str) -> None:
        self._name, self._locale = name, locale

    def name(self) -> str:
        return self._name

    def locale(self) -> Any:
        return QtCore.QLocale(self._locale)


class _Espeak:
    """speech-dispatcher with espeak-ng as Qt lists it (every voice under "C"), recording
    which voice said what."""

    def __init__(self, names: list[str]) -> None:
        self.voices = [_Voice(n, "C") for n in names]
        self.current = ""
        self.said: list[tuple[str, str]] = []

    def availableVoices(self) -> list[_Voice]:  # Qt's API
        return self.voices

    def setVoice(self, voice: _Voice) -> None:  # Qt's API
        self.current = voice.name()

    def stop(self) -> None:
        pass

    def say(self, text: str) -> None:
        self.said.append((self.current, text))


MANDARIN = "Chinese (Mandarin, latin as Pinyin)"
ENGLISH = "English (America)"


def test_a_citizen_who_switches_to_english_hears_english(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    """Each language its own voice: the English prompts by the English voice (never read by
    the Mandarin one), the next citizen's welcome in Mandarin again."""
    engine = _Espeak(["Chinese (Mandarin, latin as English)", MANDARIN, ENGLISH])
    voice = Voice("speechd", languages=("zh_CN", "en"), make_engine=lambda _: engine)
    qtbot.waitUntil(lambda: voice.available, timeout=5000)
    assert voice.voices == {"zh_CN": MANDARIN, "en": ENGLISH}
    window = kiosk_window(demo_catalogue, mode=None, voice=voice)
    qtbot.addWidget(window)
    try:
        welcome = window.welcome_page
        qtbot.mouseClick(welcome.language_button, Qt.MouseButton.LeftButton)
        assert i18n.current() == i18n.ENGLISH
        english_welcome = window.step_pages[KioskStep.WELCOME].prompt()
        assert english_welcome == "Welcome. Please choose what you would like to do."
        qtbot.waitUntil(lambda: engine.said[-1:] == [(ENGLISH, english_welcome)], timeout=3000)
        assert window.mute_button.isVisible()
        assert window.mute_button.text() == "Mute"
        window.controller.choose(KioskMode.GUIDE)
        qtbot.waitUntil(
            lambda: engine.said[-1:] == [(ENGLISH, window.step_pages[KioskStep.SEARCH].prompt())],
            timeout=3000,
        )
        window.go_home()  # the next citizen: Chinese, in Mandarin
        qtbot.waitUntil(
            lambda: engine.said[-1:] == [(MANDARIN, "您好，请选择要办理的业务。")], timeout=3000
        )
        assert all(name == ENGLISH for name, text in engine.said if text.isascii())
        assert all(name == MANDARIN for name, text in engine.said if not text.isascii())
    finally:
        window.controller.stop()


def test_english_is_silent_without_an_english_voice(qtbot, demo_catalogue: Path) -> None:  # type: ignore[no-untyped-def]
    engine = _Espeak([MANDARIN])
    voice = Voice("speechd", languages=("zh_CN", "en"), make_engine=lambda _: engine)
    qtbot.waitUntil(lambda: voice.available, timeout=5000)
    window = kiosk_window(demo_catalogue, mode=None, voice=voice)
    qtbot.addWidget(window)
    try:
        assert window.mute_button.isVisible()
        qtbot.mouseClick(window.welcome_page.language_button, Qt.MouseButton.LeftButton)
        assert i18n.current() == i18n.ENGLISH
        assert not window.mute_button.isVisible()  # nothing to mute
        window.controller.choose(KioskMode.GUIDE)
        qtbot.wait(200)
        assert all(name == MANDARIN and not text.isascii() for name, text in engine.said)
        window.go_home()
        qtbot.waitUntil(lambda: window.mute_button.isVisible(), timeout=2000)
    finally:
        window.controller.stop()
