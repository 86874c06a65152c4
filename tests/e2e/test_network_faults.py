"""Delivery through a hostile network (tests/helpers/fault_proxy.py): dropped answers after the
platform did the work, resets mid-body, 500/429 with Retry-After, stalls, captive-portal pages,
and a 2 Mbit/s link. Nothing may be lost, nothing duplicated, and resends stay small."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from core.application import Status
from sync.client import Credentials, PlatformClient
from sync.documents import application_document
from sync.outbox import Outbox
from sync.store import LocalStore
from sync.worker import RetryPolicy, SyncWorker
from tests.helpers.central import RunningCentral
from tests.helpers.clock import ManualClock
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.keys import keyring
from tests.helpers.outbox import evaluation, queue

pytestmark = pytest.mark.slow  # left out of the fast lane (make check)
FAULTS = ("drop", "reset", "500", "429", "stall", "captive")


def _upstream(central: RunningCentral) -> tuple[str, int]:
    u = urlsplit(central.url)
    assert u.hostname is not None
    assert u.port is not None
    return u.hostname, u.port


def _closing_session() -> requests.Session:
    s = requests.Session()
    s.headers["Connection"] = "close"  # one request per connection: one fault decision each
    return s


def _drain(worker: SyncWorker, store: LocalStore, clock: ManualClock, rounds: int = 200) -> None:
    for _ in range(rounds):
        worker.run_once()
        if not Outbox(store).due(clock.now() + timedelta(days=1)):
            return
        clock.advance(1)
    raise AssertionError(f"outbox not drained: {Outbox(store).status().counts}")


def test_every_fault_costs_nothing_but_a_little_time(
    central: RunningCentral, store: LocalStore, clock: ManualClock, expected_warnings: None
) -> None:
    rng = random.Random(5)
    apps = [
        queue(
            store,
            clock,
            [
                rng.randbytes(900_000 + rng.randrange(300_000)),
                rng.randbytes(300_000 + rng.randrange(200_000)),
            ],
        )
        for _ in range(30)
    ]
    for app in apps[:5]:
        store.save_evaluation(evaluation(clock, app))
    payload = sum(a.size for app in apps for a in app.attachments) + sum(
        len(application_document(app)) for app in apps
    )
    forced = list(FAULTS) * 2  # every fault at least twice, early, among passes

    def plan(r: random.Random) -> str:
        if forced and r.random() < 0.5:
            return forced.pop(0)
        return r.choice(FAULTS) if r.random() < 0.03 else "pass"

    proxy = FaultProxy(_upstream(central), plan, stall_seconds=2.0).start()
    try:
        client = PlatformClient(
            proxy.url,
            Credentials("K0001", central.enrol("K0001")),
            connect_timeout=2,
            read_timeout=1,
            session=_closing_session(),
        )
        _drain(SyncWorker(store, client, policy=RetryPolicy(base=0, cap=0)), store, clock)
    finally:
        proxy.stop()
    assert not forced
    assert all(proxy.faults.get(f, 0) >= 2 for f in FAULTS), proxy.faults
    # 0 lost, 0 duplicated, the platform holds what the terminal stored
    rows = central.platform.db.conn.execute(
        "SELECT idem_key, payload_sha FROM applications"
    ).fetchall()
    assert len(rows) == len({k for k, _ in rows}) == len(apps)
    by_key = dict(rows)
    for app in apps:
        local = store.load(app.local_id)
        assert local.status is Status.DELIVERED
        assert by_key[str(app.local_id)] == hashlib.sha256(application_document(local)).hexdigest()
    assert central.platform.counts()["evaluations"] == 5
    ratio = proxy.bytes_from_client / payload
    print(f"faults {proxy.faults}; sent {proxy.bytes_from_client} for {payload}: {ratio:.3f}")
    assert ratio <= 1.1


def test_three_megabytes_over_a_two_megabit_link(
    central: RunningCentral, store: LocalStore, clock: ManualClock
) -> None:
    app = queue(store, clock, [random.Random(3).randbytes(3_000_000)])
    proxy = FaultProxy(_upstream(central), lambda r: "pass", rate=2_000_000 / 8).start()
    try:
        client = PlatformClient(
            proxy.url,
            Credentials("K0001", central.enrol("K0001")),
            connect_timeout=5,
            read_timeout=30,
        )
        started = time.monotonic()
        report = SyncWorker(store, client).run_once()
        elapsed = time.monotonic() - started
    finally:
        proxy.stop()
    assert report.delivered == 1, report.errors
    assert store.load(app.local_id).status is Status.DELIVERED
    assert elapsed > 10  # the link really was slow: 3 MB at 2 Mbit/s takes 12 s


def test_a_stalled_upload_holds_one_lane_not_the_queue(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """The first connection is read and never answered (a dead mobile link holds it for ten
    minutes) while the configured read time-out is ten minutes too: the other lanes deliver
    everything else meanwhile, and the stalled request is given up by the link's own estimate
    and sent again in the same drain."""
    apps = [queue(store, clock, [random.Random(i).randbytes(400_000)]) for i in range(6)]
    connections = iter(range(10_000))
    proxy = FaultProxy(
        _upstream(central),
        lambda r: "stall" if next(connections) == 0 else "pass",
        stall_seconds=600,
    ).start()
    secret = central.enrol("K0001")
    key = tmp_path / "k" / "m.key"

    def client() -> PlatformClient:
        return PlatformClient(
            proxy.url,
            Credentials("K0001", secret),
            connect_timeout=5,
            read_timeout=600,
            session=_closing_session(),
        )

    def open_lane() -> tuple[LocalStore, PlatformClient]:
        return LocalStore(store.path, clock, keyring(key)), client()

    try:
        report = SyncWorker(store, client(), lanes=3, open_lane=open_lane).run_once()
    finally:
        proxy.stop()
    assert report.delivered == 6, report.errors
    assert len(proxy.stalled) == 1
    head = proxy.stalled[0].decode()
    # which application the stalled request carried: its scan, or its own document
    by_sha = {a.attachments[0].sha256: str(a.local_id) for a in apps}
    line = head.split("\r\n")[0]
    if line.startswith("PUT /v1/blobs/"):
        stalled = by_sha[line.split("/")[3].split("?")[0]]
    else:
        stalled = next(
            h.split(":", 1)[1].strip()
            for h in head.split("\r\n")
            if h.lower().startswith("idempotency-key:")
        )
    received = dict(
        central.platform.db.conn.execute("SELECT idem_key, received_at FROM applications")
    )
    assert len(received) == 6
    others = [at for key_, at in received.items() if key_ != stalled]
    assert max(others) < received[stalled]  # the others did not wait for it


def test_a_stalled_pull_is_given_up_by_the_links_estimate(
    central: RunningCentral, store: LocalStore, clock: ManualClock, tmp_path: Path
) -> None:
    """A drain's pulls (progress, configuration, staff, catalogue changes, heartbeat) waited
    out the configured read time-out when one stalled — 34 s behind the last application of
    the bad-link bench's mixed run; they are idempotent and answered at once, so they get the
    link's estimate and a quick retry on a new connection, as deliveries do."""
    queue(store, clock, [b"scan"])
    stall_next = [False]

    def plan(_: random.Random) -> str:
        if stall_next[0]:
            stall_next[0] = False
            return "stall"
        return "pass"

    proxy = FaultProxy(_upstream(central), plan, stall_seconds=600).start()
    client = PlatformClient(
        proxy.url,
        Credentials("K0001", central.enrol("K0001")),
        connect_timeout=5,
        read_timeout=600,
        session=_closing_session(),
    )
    worker = SyncWorker(store, client)
    try:
        assert worker.run_once().delivered == 1  # the link measured on a clean drain
        stall_next[0] = True
        started = time.monotonic()
        report = worker.run_once()  # nothing to deliver: its first request is a pull
        elapsed = time.monotonic() - started
    finally:
        proxy.stop()
    assert len(proxy.stalled) == 1
    assert proxy.stalled[0].startswith(b"GET /v1/")  # a pull
    assert not report.errors, report.errors  # tried again at once, on a new connection
    assert elapsed < 30  # the estimate's allowance, not the 600 s read time-out
