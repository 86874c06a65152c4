"""The technician's self-test of an installed app (``--self-test DIR``): each check said on one
line as it is made (``ok`` or ``FAIL`` and what), and an exit status that says whether all
passed — the apps' own checks (kiosk/selftest.py, counter/selftest.py) are made through it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from common_qt.app import wait_until
from core.ports import DeviceState

#: How long each configured device's owner has to open it.
OPEN_SECONDS = 5.0


class Checks:
    def __init__(self) -> None:
        self.results: list[tuple[bool, str]] = []

    def check(self, ok: bool, what: str) -> None:
        self.results.append((ok, what))
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)

    def devices(
        self, health: Callable[[], Mapping[str, str]], *, besides: Collection[str] = ()
    ) -> None:
        """Each configured device (but ``besides``) is opened by its owner: given a moment,
        it is ready (a reader that is not plugged in fails by name)."""
        waiting = {DeviceState.CLOSED.value, DeviceState.OPENING.value}
        wait_until(lambda: not set(health().values()) & waiting, OPEN_SECONDS)
        for name, value in sorted(health().items()):
            if name not in besides:
                state = DeviceState(value)
                ok = state in (DeviceState.READY, DeviceState.BUSY)
                self.check(ok, f"{name}: {state.label}")

    def finish(self, out: Path) -> int:
        """The tally; 0 when every check passed, else 1."""
        failed = [what for ok, what in self.results if not ok]
        passed = len(self.results) - len(failed)
        print(f"self-test: {passed} of {len(self.results)} checks passed; pictures in {out}")
        return 1 if failed else 0
