"""The link as the worker learns it: adaptive time-outs for delivery requests, a drain that stops
when the platform cannot be reached at all, and a loop that wakes when a back-off ends."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from core.delivery import DrainReport
from sync.client import UNMEASURED_RATE, Credentials, LinkEstimate, PlatformClient
from sync.outbox import Outbox
from sync.worker import UNREACHABLE_STOP, SyncWorker, next_wait
from tests.helpers.central import free_port
from tests.helpers.clock import ManualClock
from tests.helpers.keys import new_store
from tests.helpers.outbox import queue


def test_before_any_answer_the_time_out_assumes_a_poor_line_and_doubles_on_each_miss() -> None:
    link = LinkEstimate(3.0, 30.0)
    chunk = 256 * 1024
    assert link.read_timeout(0) == 3.0
    assert link.read_timeout(chunk) == 3.0 + chunk / UNMEASURED_RATE  # 7 s
    link.timed_out()
    assert link.read_timeout(chunk) == 14.0
    link.timed_out()
    link.timed_out()
    assert link.read_timeout(chunk) == 30.0  # never above the configured read time-out


def test_a_measured_link_gives_up_a_stalled_request_in_a_few_times_what_it_should_take() -> None:
    link = LinkEstimate(3.0, 30.0)
    link.observe(300, 0.05)  # small requests answer in 50 ms
    link.observe(1_000_000, 1.05)  # a megabyte went out in a second
    assert link.read_timeout(300) == 3.0  # the floor: 4 × 0.05 + 1 is less
    once = link.read_timeout(2_000_000)
    assert 8.0 < once < 10.0  # 4 × (0.05 + 2 s) + 1
    link.timed_out()
    assert link.read_timeout(2_000_000) == 2 * once
    link.timed_out()
    assert link.read_timeout(2_000_000) == 30.0  # doubled again, capped
    link.observe(300, 0.05)  # an answer: the allowance is back to one
    assert link.read_timeout(2_000_000) < 10.0


def test_a_slow_village_line_keeps_the_time_it_needs() -> None:
    link = LinkEstimate(3.0, 60.0)
    link.observe(300, 0.4)
    for _ in range(5):
        link.observe(256 * 1024, 0.4 + 256 * 1024 / 30_000)  # 30 kB/s
    expected = 0.4 + 1024 * 1024 / 30_000  # a 1 MiB chunk: 35 s
    assert link.read_timeout(1024 * 1024) == 60.0 > expected


@given(
    st.lists(st.tuples(st.integers(0, 8 << 20), st.floats(0, 120)), max_size=20),
    st.integers(0, 3),
    st.integers(0, 8 << 20),
)
def test_the_time_out_stays_between_the_floor_and_the_configured_one(
    samples: list[tuple[int, float]], misses: int, body: int
) -> None:
    link = LinkEstimate(3.0, 30.0)
    for size, seconds in samples:
        link.observe(size, seconds)
    for _ in range(misses):
        link.timed_out()
    assert 3.0 <= link.read_timeout(body) <= 30.0


def test_a_drain_stops_when_the_platform_cannot_be_reached(
    tmp_path: Path, clock: ManualClock
) -> None:
    with new_store(tmp_path / "store.sqlite", clock) as store:
        for _ in range(10):
            queue(store, clock, [b"scan"])
        refused = PlatformClient(
            f"http://127.0.0.1:{free_port()}", Credentials("K0001", "s"), connect_timeout=1
        )
        report = SyncWorker(store, refused).run_once()
        tried = [i for i in Outbox(store).items() if i.attempts]
        assert len(tried) == UNREACHABLE_STOP  # not ten connection failures in a row
        assert report.deferred == UNREACHABLE_STOP
        assert "platform unreachable" in report.errors[-1]
        assert report.next_due_in is None  # the loop keeps its interval: no fast retry


def test_the_loop_wakes_when_the_earliest_back_off_ends() -> None:
    assert next_wait(DrainReport(next_due_in=4.2), 30.0) == 4.2
    assert next_wait(DrainReport(next_due_in=0.0), 30.0) == 1.0  # never spins
    assert next_wait(DrainReport(next_due_in=300.0), 30.0) == 30.0
    assert next_wait(DrainReport(), 30.0) == 30.0  # nothing waits
    assert next_wait(DrainReport(next_due_in=2.0, store_error="满"), 30.0) == 30.0
