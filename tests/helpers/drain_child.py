"""A drain that kills itself at a chosen commit, for the deterministic crash-point test.

    python -m tests.helpers.drain_child STORE KEYFILE URL TERMINAL SECRET N WHEN

Runs one ``SyncWorker.run_once`` and sends itself SIGKILL just before (WHEN=before) or just
after (WHEN=after) the N-th COMMIT of its store connection. When the drain ends with fewer
commits it prints ``COMMITS=k`` and exits 0.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from core.clock import SystemClock
from sync.client import Credentials, PlatformClient
from sync.crypto import KeyRing
from sync.store import LocalStore
from sync.worker import RetryPolicy, SyncWorker


def main() -> None:
    store_path, key_file, url, terminal, secret, n, when = sys.argv[1:8]
    target = int(n)
    commits = 0
    armed = False

    def kill() -> None:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def trace(sql: str) -> None:
        nonlocal commits, armed
        if armed:
            kill()  # the statement after the COMMIT: the commit is durable
        if sql.lstrip().upper().startswith("COMMIT"):
            commits += 1
            if commits == target:
                if when == "before":
                    kill()
                armed = True

    store = LocalStore(Path(store_path), SystemClock(), KeyRing(Path(key_file)))
    store.conn.set_trace_callback(trace)
    client = PlatformClient(url, Credentials(terminal, secret), connect_timeout=2, read_timeout=10)
    SyncWorker(store, client, policy=RetryPolicy(base=0.0, cap=0.0)).run_once()
    if armed:
        kill()  # the N-th commit was the drain's last statement
    print(f"COMMITS={commits}", flush=True)


if __name__ == "__main__":
    main()
