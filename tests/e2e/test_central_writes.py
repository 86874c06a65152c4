"""Central's hot path writes only what must survive (issue 32): authenticating a request writes
nothing (replay protection lives in memory), a GET takes no write lock, and no request makes
more than one durable write. Watched on every SQL statement central's connections run, over a
real HTTP server, with the terminal's own client."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import requests

from central.replay import ReplayGuard
from core import protocol
from sync.client import Credentials, PlatformClient
from tests.helpers.central import (
    RunningCentral,
    application_body,
    free_port,
    running_central,
    signed_headers,
)


class Statements:
    """Every statement run by central's database connections while watched."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[str] = []

    def __call__(self, statement: str) -> None:
        with self.lock:
            self.seen.append(statement.strip().upper())

    def take(self) -> list[str]:
        with self.lock:
            out, self.seen = self.seen, []
        return out


WRITES = ("BEGIN", "INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT")


def _writes(statements: list[str]) -> list[str]:
    """Writes, but the replicas' replay memory on PostgreSQL: an unlogged table (no WAL, no
    fsync), written outside any transaction — nothing durable."""
    return [s for s in statements if s.startswith(WRITES) and not s.startswith(_REPLAY_MEMORY)]


_REPLAY_MEMORY = ("INSERT INTO REPLAY_NONCES", "DELETE FROM REPLAY_NONCES")


def _durable_commits(statements: list[str]) -> int:
    """COMMITs not preceded (since the last COMMIT) by SQLite's PRAGMA synchronous = NORMAL
    or PostgreSQL's SET LOCAL synchronous_commit = off."""
    count, relaxed = 0, False
    for s in statements:
        if s.startswith(("PRAGMA SYNCHRONOUS = NORMAL", "SET LOCAL SYNCHRONOUS_COMMIT = OFF")):
            relaxed = True
        elif s == "COMMIT":
            count += 0 if relaxed else 1
            relaxed = False
    return count


def test_gets_write_nothing_and_each_request_makes_at_most_one_durable_write(
    central: RunningCentral,
) -> None:
    client = PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))
    watched = Statements()
    central.platform.db.trace = watched
    try:
        gets = {
            "blob status": lambda: client.blob_status("ab" * 32),
            "progress": lambda: client.progress(0),
            "config": client.config,
            "catalogue changes": lambda: client.catalogue_changes(0, ""),
            "lookup": lambda: client.lookup(code="K0001-NOTHING"),
            "staff": client.staff,
        }
        for name, call in gets.items():
            watched.take()
            call()
            assert _writes(watched.take()) == [], f"GET {name} wrote (or took the write lock)"

        scan = b"\xff\xd8 a page " * 1000
        key, body = application_body("K0001", [scan])
        sha = hashlib.sha256(scan).hexdigest()
        posts = {
            "blob chunk": lambda: client.put_chunk(sha, len(scan), 0, scan),
            "application": lambda: client.submit_application(key, body),
            "application again": lambda: client.submit_application(key, body),
            "heartbeat": lambda: client.heartbeat({"version": "1", "queue": 0}),
        }
        for name, call in posts.items():
            watched.take()
            call()
            statements = watched.take()
            assert _durable_commits(statements) <= 1, f"{name}: {statements}"
        assert central.platform.counts()["applications"] == 1
    finally:
        central.platform.db.trace = None
        client.close()


def test_a_replay_is_refused_and_a_restart_opens_no_window(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    """The nonce is remembered in memory: a request sent twice is refused the second time;
    after a restart (memory empty) a request signed before it is refused as off the clock —
    the terminal's own client then signs again with the platform's time and goes through."""
    port = free_port()
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        secret = central.enrol("K0001")
        path = f"/v1/blobs/{'cd' * 32}"
        headers = signed_headers("K0001", secret, "GET", path)
        assert requests.get(central.url + path, headers=headers, timeout=5).status_code == 200
        again = requests.get(central.url + path, headers=headers, timeout=5)
        assert again.status_code == 401
        assert "replay" in again.json()["error"]
    time.sleep(1.1)  # the restart comes a second later: what was signed before is older
    with running_central(tmp_path / "central", demo_catalogue, port=port) as central:
        after = requests.get(central.url + path, headers=headers, timeout=5)
        assert after.status_code == 401
        assert protocol.SERVER_TIME in after.headers
        client = PlatformClient(
            central.url, Credentials("K0001", secret), clock=lambda: time.time() - 60
        )  # a terminal whose clock is a minute behind: still within the skew window
        assert client.blob_status("cd" * 32)["received"] == 0
        client.close()


def test_the_replay_guard_forgets_after_its_window_and_holds_its_capacity(
    expected_warnings: None,
) -> None:
    guard = ReplayGuard(started=1000, window=600, capacity=3)
    assert guard.signed_before_start(999)
    assert not guard.signed_before_start(1000)
    assert guard.first_use("K1", "n1", 1000)
    assert not guard.first_use("K1", "n1", 1000)
    assert guard.first_use("K2", "n1", 1000)  # another terminal's nonce is its own
    assert not guard.first_use("K1", "n1", 1600)  # still within the window
    assert guard.first_use("K1", "n1", 1601)  # a request that old fails the skew check anyway
    for i in range(10):
        guard.first_use("K1", f"m{i}", 1700)
    assert len(guard) <= 3
