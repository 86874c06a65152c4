"""Crash test: a terminal that queues and syncs is killed with SIGKILL at random moments.

After every kill the store passes integrity_check, holds no orphan and no partial application;
at the end every application acknowledged before a kill exists exactly once on the platform,
with the very payload the terminal stored.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from core.clock import SystemClock
from sync.client import Credentials, PlatformClient
from sync.documents import application_document
from sync.worker import RetryPolicy, SyncWorker
from tests.helpers.central import running_central
from tests.helpers.keys import keyring, new_store

# 40 in make test; a longer hunt: HALL_CRASH_KILLS=500 pytest tests/e2e/test_crash.py
KILLS = int(os.environ.get("HALL_CRASH_KILLS", "40"))


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_and_duplicates_nothing(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    rng = random.Random(20261124)
    term = tmp_path / "terminal"
    term.mkdir()
    store_path, key_file, ack_file = (
        term / "store.sqlite",
        tmp_path / "k" / "m.key",
        tmp_path / "ack",
    )
    ack_file.touch()
    keyring(key_file)  # the terminal's first run
    with running_central(tmp_path / "central", demo_catalogue) as central:
        secret = central.enrol("C0001")
        kills_in_work = 0
        for i in range(KILLS):
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.helpers.crash_child",
                    str(store_path),
                    str(key_file),
                    central.url,
                    "C0001",
                    secret,
                    str(ack_file),
                    str(i),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "READY"
            time.sleep(rng.uniform(0.0, 0.35))
            if child.poll() is None:
                kills_in_work += 1
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            child.stdout.close()
            # the restart after the kill
            with new_store(store_path, SystemClock(), keyring(key_file), sweep=True) as s:
                assert s.integrity_ok(), f"kill {i}: integrity_check failed"
                for lid in s.ids():  # complete or absent: every named scan opens in full
                    app = s.load(lid)
                    for a in app.attachments:
                        assert len(s.read_scan(lid, a.sha256, a.size)) == a.size
                known = {str(x) for x in s.ids()}
                leftovers = [p for p in s.blobs.root.iterdir() if p.name not in known]
                assert [p.name for p in leftovers] == [".tmp"]
                assert list(s.blobs.tmp.iterdir()) == []
        assert kills_in_work == KILLS

        acked = [uuid.UUID(x) for x in ack_file.read_text().split()]
        assert len(acked) > KILLS // 3  # the kills fell in work, not all before it
        client = PlatformClient(central.url, Credentials("C0001", secret))
        with new_store(store_path, SystemClock(), keyring(key_file)) as s:
            report = SyncWorker(s, client, policy=RetryPolicy(base=0, cap=0)).run_once()
            assert report.held == 0, report.errors
            local = {lid: s.load(lid) for lid in s.ids()}
            assert set(acked) <= set(local)
            rows = central.platform.db.conn.execute(
                "SELECT idem_key, payload_sha, official_number FROM applications"
            ).fetchall()
            on_central = {uuid.UUID(k): (sha, num) for k, sha, num in rows}
            assert len(rows) == len(on_central)  # no duplicates
            assert set(on_central) == set(local)  # all delivered, nothing foreign
            for lid, app in local.items():
                sha, number = on_central[lid]
                assert sha == hashlib.sha256(application_document(app)).hexdigest()
                assert app.official_number == number
            blobs = central.platform.db.conn.execute(
                "SELECT count(*) FROM blobs WHERE complete = 1"
            ).fetchone()[0]
            assert blobs == sum(len(a.attachments) for a in local.values())
    print(
        f"{KILLS} kills, {len(acked)} acknowledged, {len(local)} queued, all exactly once",
        file=sys.stderr,
    )
    os.sync()
