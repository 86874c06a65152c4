"""A serial key-pad simulator on a pty: presses keys on demand or answers invitations itself."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from core.padkeys import KeyMap, Meaning
from devices.ptylink import PtyLink


class PadSimulator:
    """Args:
    keys: the pad's key map (to press a key by its meaning).
    auto: when the pad receives ``invite_bytes``, press the key of this meaning after
        ``delay`` seconds (an unattended citizen for demos and soak tests); a sequence of
        meanings answers the invitations in turn, over and over (满意, then 不满意 …).
    """

    def __init__(
        self,
        keys: KeyMap,
        *,
        link: Path | None = None,
        invite_bytes: bytes = b"",
        auto: Meaning | Sequence[Meaning] | None = None,
        delay: float = 0.5,
    ) -> None:
        self.keys = keys
        self.pty = PtyLink(link)
        self.invite_bytes = invite_bytes
        answers = () if auto is None else (auto,) if isinstance(auto, Meaning) else tuple(auto)
        self.answers: tuple[Meaning, ...] = answers
        self.delay = delay
        self.received = bytearray()
        self.invitations = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        return self.pty.port

    def start(self) -> PadSimulator:
        self.pty.plug()
        self._thread = threading.Thread(target=self._run, name="pad-sim", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.pty.unplug()

    def press(self, meaning: Meaning) -> None:
        self.press_byte(self.keys.byte_for(meaning))

    def press_byte(self, b: int) -> None:
        self.pty.write(bytes([b]))

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self.pty.read(0.1)
            if not data:
                continue
            self.received += data
            if self.invite_bytes and self.invite_bytes in self.received:
                del self.received[: self.received.index(self.invite_bytes) + len(self.invite_bytes)]
                self.invitations += 1
                if self.answers and not self._stop.wait(self.delay):
                    self.press(self.answers[(self.invitations - 1) % len(self.answers)])
