"""Every part is asked to stop at once, then waited for within one shared budget."""

from __future__ import annotations

from core.lifecycle import stop_within


class _Part:
    def __init__(self, name: str, log: list[str], clock: list[float], takes: float) -> None:
        self.name, self.log, self.clock, self.takes = name, log, clock, takes

    def request_stop(self) -> None:
        self.log.append(f"ask {self.name}")

    def stop(self, timeout: float) -> bool:
        self.log.append(f"wait {self.name} {timeout:.1f}")
        spent = min(self.takes, timeout)
        self.clock[0] += spent
        return spent >= self.takes


class _Bare:  # a part that can only be stopped (no request_stop)
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def stop(self, timeout: float) -> None:
        self.log.append(f"wait bare {timeout:.1f}")


def test_all_are_asked_first_then_each_waited_for_with_what_is_left() -> None:
    log: list[str] = []
    now = [100.0]
    slow = _Part("reader", log, now, takes=0.6)
    stuck = _Part("printer", log, now, takes=10.0)
    quick = _Part("store", log, now, takes=0.1)
    stop_within(1.0, slow, None, stuck, _Bare(log), quick, monotonic=lambda: now[0])
    assert log == [
        "ask reader",
        "ask printer",
        "ask store",
        "wait reader 1.0",
        "wait printer 0.4",  # what the reader left of the second
        "wait bare 0.0",
        "wait store 0.0",  # the stuck printer spent the rest: abandoned, never waited longer
    ]
    assert now[0] == 101.0  # one budget for all
