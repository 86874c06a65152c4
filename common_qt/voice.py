"""Spoken prompts: a Mandarin voice says what each step asks, where one is installed.

On Linux Qt's text-to-speech engine is ``speechd`` (speech-dispatcher with espeak-ng). Qt lists
espeak-ng's Mandarin voices under the locale "C", so a voice is chosen by its name
(:func:`choose_voice`): "Chinese (Mandarin, latin as Pinyin)" — the plain Mandarin voice that
reads Latin letters as English would read tone digits in English. A hall may name another
installed voice (``[kiosk] voice_name``).

A wedged speech-dispatcher blocks the engine's constructor, so the engine is made and spoken to
on a daemon thread of its own: the kiosk never waits for it. If no voice is ready within the
time-out — no engine, no Mandarin voice, a hung daemon — the kiosk stays silent and says so in
its log; nothing else changes.
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
    return next((n for n in names if "English" in n), "")


def _qt_engine(engine: str) -> Any:
    """A QTextToSpeech of ``engine`` (made on the speaking thread)."""
    return text_to_speech().QTextToSpeech(engine)


class Voice(QtCore.QObject):
    """The kiosk's voice. :meth:`say` returns at once; ``spoken`` keeps what was handed to the
    engine (for the log and the tests), ``available`` tells whether a voice is ready."""

    checked = Signal(bool)  # after the time-out: whether a voice is there (the mute button)

    def __init__(
        self,
        engine: str = "speechd",
        *,
        voice_name: str = "",
        language: str = "zh_CN",
        make_engine: Callable[[str], Any] = _qt_engine,
        timeout: float = READY_TIMEOUT,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.muted = False
        self.spoken: list[str] = []
        self.voice = ""
        self._queue: queue.Queue[str] = queue.Queue()
        self._ready = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(engine, voice_name, language, make_engine),
            name="voice",
            daemon=True,  # a hung speech daemon must not keep the kiosk from exiting
        )
        self._thread.start()
        QtCore.QTimer.singleShot(int(timeout * 1000), self._check_ready)

    @property
    def available(self) -> bool:
        """A voice is ready (its engine made and a voice chosen on the speaking thread)."""
        return self._ready.is_set() and bool(self.voice)

    def _check_ready(self) -> None:
        if not self.available:
            log.warning("no voice ready: the kiosk stays silent")
        self.checked.emit(self.available)

    def _run(
        self, engine: str, wanted: str, language: str, make_engine: Callable[[str], Any]
    ) -> None:
        # an event dispatcher for this thread: the engines time their work with Qt timers
        events = QtCore.QEventLoop()
        try:
            tts = make_engine(engine)
            voices = list(tts.availableVoices())
            chosen = choose_voice([(v.name(), v.locale().name()) for v in voices], language, wanted)
            if chosen:
                tts.setVoice(next(v for v in voices if v.name() == chosen))
        except Exception as e:  # a missing plug-in, a broken daemon: silence, not a crash
            log.warning("speech engine %s unavailable: %s", engine, e)
            return
        self.voice = chosen
        self._ready.set()  # after the voice: ``available`` reads both
        if chosen:
            log.info("voice: %s", chosen)
        while True:
            try:
                text = self._queue.get(timeout=0.05)
            except queue.Empty:
                events.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
                continue
            try:
                tts.stop()
                tts.say(text)
            except Exception as e:
                log.warning("speech failed: %s", e)

    def say(self, text: str) -> None:
        """Speaks ``text`` now, cutting off what was being said (silent when muted or when no
        voice is ready)."""
        if not text or self.muted or not self.available:
            return
        self.spoken.append(text)
        self._queue.put(text)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
