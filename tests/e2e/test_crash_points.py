"""A drain killed at every commit in turn, before and after it: the next drain finishes the
job by itself, every application and evaluation reaches the platform exactly once, and
nothing is held for a person (issue 9: a kill between the application's status and its outbox
row used to hold the application for good)."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from core.application import Status
from core.clock import SystemClock
from sync.client import Credentials, PlatformClient
from sync.outbox import Outbox
from sync.worker import RetryPolicy, SyncWorker
from tests.helpers.central import RunningCentral
from tests.helpers.clock import ManualClock
from tests.helpers.keys import keyring, new_store
from tests.helpers.outbox import evaluation, queue


def _prepare(store_path: Path, key_file: Path) -> list[str]:
    clock = ManualClock()
    store_path.parent.mkdir(parents=True)
    with new_store(store_path, clock, keyring(key_file)) as s:
        first = queue(s, clock, [b"a" * 300_000, b"b" * 1000])
        second = queue(s, clock, [b"c" * 5000])
        s.save_evaluation(evaluation(clock, first))
    return [str(first.local_id), str(second.local_id)]


def _drain_child(
    store_path: Path, key_file: Path, central: RunningCentral, secret: str, n: int, when: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.helpers.drain_child",
            str(store_path),
            str(key_file),
            central.url,
            "C0001",
            secret,
            str(n),
            when,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("when", ["before", "after"])
def test_a_kill_at_any_commit_of_a_drain_is_finished_by_the_next(
    tmp_path: Path, central: RunningCentral, when: str
) -> None:
    secret = central.enrol("C0001")
    client = PlatformClient(central.url, Credentials("C0001", secret))
    key_file = tmp_path / "keys" / "master.key"
    n = 0
    while True:
        n += 1
        store_path = tmp_path / f"{when}-{n}" / "store.sqlite"
        ids = _prepare(store_path, key_file)
        child = _drain_child(store_path, key_file, central, secret, n, when)
        if child.returncode == 0:
            assert child.stdout.strip() == f"COMMITS={n - 1}", child.stdout + child.stderr
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        with new_store(store_path, SystemClock(), keyring(key_file)) as s:
            assert s.integrity_ok()
            report = SyncWorker(s, client, policy=RetryPolicy(base=0, cap=0)).run_once()
            assert report.held == 0, f"kill {when} commit {n}: {report.errors}"
            box = Outbox(s)
            assert {i.state for i in box.items()} == {"delivered"}, (n, box.items())
            for lid in ids:
                app = s.load(uuid.UUID(lid))
                assert app.status is Status.DELIVERED, (n, app.status)
                rows = central.platform.db.conn.execute(
                    "SELECT official_number FROM applications WHERE idem_key = ?", (lid,)
                ).fetchall()
                assert rows == [(app.official_number,)], (n, rows)
        evaluations = central.platform.db.conn.execute(
            "SELECT count(*), count(DISTINCT idem_key) FROM evaluations"
        ).fetchone()
        assert evaluations[0] == evaluations[1]
    assert n > 6, f"only {n - 1} commit points in a drain of two applications"
    print(f"killed {when} each of {n - 1} commits: exactly once, nothing held", file=sys.stderr)
