"""A review pad stand-in that answers every invitation at once with the same result, and
records what it was asked on which thread (the rule or the owner under test, not the pad)."""

from __future__ import annotations

import threading

from core.ports import DeviceState, PadInvitation, PadResult


class AnsweringPad:
    def __init__(self, result: PadResult) -> None:
        self.result = result
        self.state = DeviceState.CLOSED
        self.invitations: list[PadInvitation] = []
        self.calls: list[tuple[str, int]] = []  # (what, the thread it ran on)

    def _called(self, what: str) -> None:
        self.calls.append((what, threading.get_ident()))

    def open(self) -> None:
        self._called("open")
        self.state = DeviceState.READY

    def invite(self, invitation: PadInvitation) -> PadResult:
        self._called("invite")
        self.invitations.append(invitation)
        return self.result

    def probe(self) -> None:
        pass

    def cancel(self) -> None:
        pass

    def close(self) -> None:
        self._called("close")
        self.state = DeviceState.CLOSED
