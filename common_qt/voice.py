"""Spoken prompts: a voice says what each step asks, in the citizen's language, where one is
installed (Mandarin; English for a citizen who switched to it).

On Linux Qt's text-to-speech engine is ``speechd`` (speech-dispatcher with espeak-ng). Qt lists
espeak-ng's Mandarin voices under the locale "C", so a voice is chosen by its name
(:func:`choose_voice`): "Chinese (Mandarin, latin as Pinyin)" — the plain Mandarin voice that
reads Latin letters as English would read tone digits in English. A hall may name another
installed voice (``[kiosk] voice_name``).

A wedged speech-dispatcher blocks the engine's constructor, so the engine is made and spoken to
on a daemon thread of its own: the kiosk never waits for it. If no voice is ready within the
time-out — no engine, no Mandarin voice, a hung daemon — the kiosk stays silent and says so in
its log; nothing else changes. A language without a voice of its own is silent too (English is
never read by the Mandarin voice, nor Chinese by an English one).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from common_qt.qt import QtCore, Signal, text_to_speech

log = logging.getLogger(__name__)

#: How long the engine and its voices may take to appear before the kiosk gives up on speech.
READY_TIMEOUT = 5.0


def choose_voice(voices: Sequence[tuple[str, str]], language: str, wanted: str = "") -> str:
    """The name of the voice to speak ``language`` with, from (name, locale) pairs; "" when
    none fits. ``wanted``: a name the hall configured (used when installed)."""
    names = [name for name, _ in voices]
    if wanted:
        return wanted if wanted in names else ""
    if language.startswith("zh"):
        for name in names:  # espeak-ng: Latin letters read as Pinyin, tones as tones
            if "Mandarin" in name and "Pinyin" in name:
                return name
        for name in names:
            if ("Mandarin" in name or "Chinese" in name) and "English" not in name:
                return name
        for name, locale in voices:  # a commercial voice listed under its locale
            if locale.startswith(("zh_CN", "cmn")):
                return name
        return ""
    for name, locale in voices:
        if locale.startswith("en"):
            return name
    # espeak-ng lists its English voices under "C" too, by names like "English (America)";
    # "Chinese (Mandarin, latin as English)" is a Mandarin voice
    return next((n for n in names if n.startswith("English")), "")


def _qt_engine(engine: str) -> Any:
    """A QTextToSpeech of ``engine`` (made on the speaking thread)."""
    return text_to_speech().QTextToSpeech(engine)


class Voice(QtCore.QObject):
    """The kiosk's voice. :meth:`say` returns at once; ``spoken`` keeps what was handed to the
    engine (for the log and the tests), ``available`` tells whether a voice is ready.

    ``languages``: the kiosk's languages, the hall's first; a voice is chosen for each on the
    speaking thread (``voice_name``, the hall's configured voice, for the first)."""

    checked = Signal(bool)  # after the time-out: whether a voice is there (the mute button)

    def __init__(
        self,
        engine: str = "speechd",
        *,
        voice_name: str = "",
        languages: Sequence[str] = ("zh_CN",),
        make_engine: Callable[[str], Any] = _qt_engine,
        timeout: float = READY_TIMEOUT,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        assert languages, "a voice speaks at least one language"
        self.muted = False
        self.spoken: list[str] = []
        self.languages = tuple(languages)
        self.voices: dict[str, str] = {}  # language → the name of its voice
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(engine, voice_name, make_engine),
            name="voice",
            daemon=True,  # a hung speech daemon must not keep the kiosk from exiting
        )
        self._thread.start()
        QtCore.QTimer.singleShot(int(timeout * 1000), self._check_ready)

    @property
    def voice(self) -> str:
        """The name of the hall's language's voice ("" for none)."""
        return self.voices.get(self.languages[0], "")

    @property
    def available(self) -> bool:
        """A voice is ready (its engine made and a voice chosen on the speaking thread)."""
        return self._ready.is_set() and bool(self.voices)

    def speaks(self, language: str) -> bool:
        """Whether a voice for ``language`` is ready."""
        return self._ready.is_set() and language in self.voices

    def _check_ready(self) -> None:
        if not self.available:
            log.warning("no voice ready: the kiosk stays silent")
        self.checked.emit(self.available)

    def _run(self, engine: str, wanted: str, make_engine: Callable[[str], Any]) -> None:
        # an event dispatcher for this thread: the engines time their work with Qt timers
        events = QtCore.QEventLoop()
        try:
            tts = make_engine(engine)
            voices = list(tts.availableVoices())
            listed = [(v.name(), v.locale().name()) for v in voices]
            chosen = {
                language: choose_voice(listed, language, wanted if i == 0 else "")
                for i, language in enumerate(self.languages)
            }
            by_name = {v.name(): v for v in voices}
        except Exception as e:  # a missing plug-in, a broken daemon: silence, not a crash
            log.warning("speech engine %s unavailable: %s", engine, e)
            return
        self.voices = {language: name for language, name in chosen.items() if name}
        self._ready.set()  # after the voices: ``available`` reads both
        for language, name in self.voices.items():
            log.info("voice for %s: %s", language, name)
        current = ""  # the engine's voice (none set yet)
        while True:
            try:
                text, language = self._queue.get(timeout=0.05)
            except queue.Empty:
                try:
                    events.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
                except RuntimeError:  # the application is gone (the kiosk closing): done
                    return
                continue
            try:
                tts.stop()
                if self.voices[language] != current:
                    current = self.voices[language]
                    tts.setVoice(by_name[current])
                tts.say(text)
            except Exception as e:
                log.warning("speech failed: %s", e)

    def say(self, text: str, language: str = "") -> None:
        """Speaks ``text`` (in ``language``; the hall's by default) now, cutting off what was
        being said — silent when muted, or when no voice for the language is ready."""
        language = language or self.languages[0]
        if not text or self.muted or not self.speaks(language):
            return
        self.spoken.append(text)
        self._queue.put((text, language))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
