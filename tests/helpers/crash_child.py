"""A terminal process for the crash test: queues applications with scans and syncs them, over
and over, until it is killed (SIGKILL, at a random moment chosen by the test).

    python -m tests.helpers.crash_child STORE KEYFILE URL TERMINAL SECRET ACKFILE SEED

After ``save`` returns for an application, its local id is appended to ACKFILE (flushed and
fsynced): that is the moment a real terminal prints the receipt. Prints READY once imported.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from core.application import Applicant, Channel
from core.clock import SystemClock
from core.documents.hall import Hall
from sync.client import Credentials, PlatformClient
from sync.crypto import KeyRing
from sync.store import LocalStore
from sync.worker import RetryPolicy, SyncWorker
from terminal.operations import ItemRef, Operations, ScanInput, SubmitRequest

ITEM = ItemRef("3699010000000101001", 1, "居民身份证申领")
APPLICANT = Applicant("王五", "110101199001010031", "resident", "", "")


def main() -> None:
    store_path, key_file, url, terminal, secret, ack_file, seed = sys.argv[1:8]
    rng = random.Random(int(seed))
    clock = SystemClock()
    store = LocalStore(Path(store_path), clock, KeyRing(Path(key_file)), sweep=True)
    client = PlatformClient(url, Credentials(terminal, secret), connect_timeout=2, read_timeout=10)
    worker = SyncWorker(store, client, policy=RetryPolicy(base=0.0, cap=0.0))
    ops = Operations(
        store,
        catalogue=Path(store_path).parent / "catalogue.sqlite",
        terminal_id=terminal,
        region_code="369901001000",
        hall=Hall("示范市青山区光明街道便民服务中心"),
    )
    print("READY", flush=True)
    with open(ack_file, "a", encoding="utf-8") as ack:
        while True:
            scans = [
                ScanInput(f"m{i}", rng.randbytes(size))
                for i, size in enumerate(
                    (1_100_000 + rng.randrange(200_000), rng.randrange(400_000))
                )
            ]
            lid = ops.submit(SubmitRequest(ITEM, APPLICANT, Channel.COUNTER, scans=scans)).local_id
            ack.write(f"{lid}\n")
            ack.flush()
            os.fsync(ack.fileno())
            worker.run_once()


if __name__ == "__main__":
    main()
