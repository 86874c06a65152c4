"""Several central processes behind one PostgreSQL, as a city's or a province's platform runs:
the same applications delivered to every replica at once by many terminals are each stored
once, with 办件编号 unique and without gaps; every progress row reaches its terminal whichever
replica it asks; a scan whose upload a killed replica left half done is finished on another.

Run by `make test-postgresql` (and so by `make test`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from central.platform import Platform
from core.catalogue.codec import item_to_dict
from core.errors import HallError
from sync.catalogue import CatalogueStore
from sync.client import Credentials, PlatformClient
from tests.helpers.central import application_body, free_port, signed_headers

pytestmark = pytest.mark.slow  # on PostgreSQL alone (tests/conftest.py POSTGRES_ONLY)


@contextmanager
def replicas(data: Path, database: str, n: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``n`` `hall-central serve` processes on one PostgreSQL and one scan folder."""
    env = {**os.environ, "HALL_CENTRAL_DATABASE": database}
    procs = []
    for _ in range(n):
        port = free_port()
        command = [sys.executable, "-m", "central", "serve", "--data-dir", str(data)]
        p = subprocess.Popen(
            [*command, "--port", str(port), "--max-in-work", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        p.url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
        procs.append(p)
    try:
        for p in procs:
            _wait_ready(p.url)  # type: ignore[attr-defined]
        yield procs
    finally:
        for p in procs:
            p.kill()
            p.wait(10)


def _wait_ready(url: str) -> None:
    for _ in range(300):
        try:
            if requests.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never became ready")


def _deliver(
    c: PlatformClient,
    gate: threading.Barrier,
    scan: bytes,
    key: str,
    body: bytes,
    answers: list[tuple[int, str]],
) -> None:
    """A terminal's scan and application sent to one replica, as it is sent to the others."""
    sha = hashlib.sha256(scan).hexdigest()
    gate.wait()
    with contextlib.suppress(HallError):  # another replica took the chunk first …
        c.put_chunk(sha, len(scan), 0, scan)
    for _ in range(100):  # … and finishes it
        if c.blob_status(sha)["complete"]:
            break
        time.sleep(0.05)
    got = c.submit_application(key, body)
    answers.append((200 if got["replayed"] else 201, got["official_number"]))


@pytest.fixture
def city_data(tmp_path: Path, demo_catalogue: Path, postgres_cluster: Any) -> tuple[Path, str]:
    data = tmp_path / "central"
    data.mkdir()
    shutil.copy(demo_catalogue, data / "catalogue.sqlite")
    return data, postgres_cluster.create_database(f"replicas_{uuid.uuid4().hex[:8]}")


@pytest.mark.parametrize("n", [2, 4])
def test_replicas_store_each_application_once_numbered_without_gaps(
    city_data: tuple[Path, str], n: int
) -> None:
    data, database = city_data
    terminals = [f"K{i:04d}" for i in range(6)]
    platform = Platform(data, database=database)
    secrets = {t: platform.add_terminal(t, role="kiosk") for t in terminals}
    per_terminal = 6
    with replicas(data, database, n) as procs:
        urls = [p.url for p in procs]  # type: ignore[attr-defined]
        answers: dict[str, list[tuple[int, str]]] = {}

        def terminal_delivers(t: str) -> None:
            clients = [PlatformClient(u, Credentials(t, secrets[t])) for u in urls]
            try:
                for i in range(per_terminal):
                    scan = f"{t} page {i} ".encode() * 2000
                    key, body = application_body(t, [scan])
                    got = answers.setdefault(key, [])  # each thread appends (list: atomic)
                    # the same scan and the same application to every replica at the same time
                    gate = threading.Barrier(len(clients))
                    threads = [
                        threading.Thread(target=_deliver, args=(c, gate, scan, key, body, got))
                        for c in clients
                    ]
                    for th in threads:
                        th.start()
                    for th in threads:
                        th.join(60)
            finally:
                for c in clients:
                    c.close()

        workers = [threading.Thread(target=terminal_delivers, args=(t,)) for t in terminals]
        for w in workers:
            w.start()
        for w in workers:
            w.join(300)
        assert len(answers) == len(terminals) * per_terminal
        for key, got in answers.items():
            assert len(got) == n, key
            assert sorted(s for s, _ in got) == [200] * (n - 1) + [201], got  # stored once
            assert len({number for _, number in got}) == 1, got  # one 办件编号, told to all
        numbers = sorted(platform.db.conn.execute("SELECT official_number FROM applications"))
        assert len(numbers) == len(answers)
        tails = sorted(int(number[-4:]) for (number,) in numbers)
        assert tails == list(range(1, len(answers) + 1))  # unique and without gaps

        # every progress row reaches its terminal, asking a replica at random each time
        for t in terminals:
            clients = [PlatformClient(u, Credentials(t, secrets[t])) for u in urls]
            seen, cursor = [], 0
            while True:
                page = random.choice(clients).progress(cursor)
                if not page["changes"]:
                    break
                seen += page["changes"]
                cursor = page["next"]
            assert len(seen) == per_terminal
            for c in clients:
                c.close()


def test_a_progress_row_committed_late_is_not_stepped_over(
    city_data: tuple[Path, str],
) -> None:
    """Two replicas write progress at once, one of them slowly: a reader polling between
    the commits never moves its cursor past a row that is not yet visible."""
    data, database = city_data
    a = Platform(data, database=database)
    b = Platform(data, database=database)
    seen: list[int] = []
    stop = threading.Event()

    def write(platform: Platform, k: int, slow: bool) -> None:
        for i in range(40):
            with platform.db.transaction() as c:
                c.execute(
                    "INSERT INTO progress (terminal_id, idem_key, official_number, status, at)"
                    " VALUES ('K1', ?, ?, 'delivered', '2026-12-05')",
                    (f"{k}-{i}", f"N{k}{i}"),
                )
                if slow:
                    time.sleep(0.003)

    def read() -> None:
        cursor = 0
        while not stop.is_set() or cursor < 80:
            for change in a.progress("K1", cursor).doc["changes"]:
                seen.append(change["seq"])
            cursor = max([cursor, *seen])

    reader = threading.Thread(target=read)
    reader.start()
    writers = [
        threading.Thread(target=write, args=(a, 1, True)),
        threading.Thread(target=write, args=(b, 2, False)),
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join(30)
    assert sorted(seen) == list(range(1, 81))  # every row once, none stepped over


def test_an_upload_a_killed_replica_left_half_done_is_finished_on_another(
    city_data: tuple[Path, str],
) -> None:
    data, database = city_data
    platform = Platform(data, database=database)
    secret = platform.add_terminal("K0001", role="kiosk")
    scan = os.urandom(3 << 20)
    sha = hashlib.sha256(scan).hexdigest()
    half = len(scan) // 2
    with replicas(data, database, 2) as (first, second):
        c1 = PlatformClient(first.url, Credentials("K0001", secret))  # type: ignore[attr-defined]
        assert c1.put_chunk(sha, len(scan), 0, scan[:half])["received"] == half
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        c2 = PlatformClient(second.url, Credentials("K0001", secret))  # type: ignore[attr-defined]
        status = c2.blob_status(sha)
        assert status["received"] == half  # resumed where the dead replica stopped
        assert c2.put_chunk(sha, len(scan), half, scan[half:])["complete"]
        key, body = application_body("K0001", [scan])
        assert c2.submit_application(key, body)["official_number"]
        c1.close()
        c2.close()


def test_a_request_replayed_to_another_replica_is_refused(city_data: tuple[Path, str]) -> None:
    data, database = city_data
    secret = Platform(data, database=database).add_terminal("K0001", role="kiosk")
    with replicas(data, database, 2) as (first, second):
        time.sleep(1.1)  # signed after both started (what was signed before is refused)
        headers = signed_headers("K0001", secret, "GET", "/v1/config")
        assert requests.get(first.url + "/v1/config", headers=headers, timeout=10).ok  # type: ignore[attr-defined]
        again = requests.get(second.url + "/v1/config", headers=headers, timeout=10)  # type: ignore[attr-defined]
        assert again.status_code == 401
        assert again.json()["error"] == "replayed request"


def test_an_item_changed_through_one_replica_is_served_the_same_by_every_other(
    city_data: tuple[Path, str],
) -> None:
    data, database = city_data
    secret = Platform(data, database=database).add_terminal("K0001", role="kiosk")
    # each replica its own catalogue file, as on machines of their own
    other = data.parent / "other"
    other.mkdir()
    shutil.copy(data / "catalogue.sqlite", other / "catalogue.sqlite")
    with replicas(data, database, 1) as (first,), replicas(other, database, 1) as (second,):
        token = (data / "admin.token").read_text().strip()
        c2 = PlatformClient(second.url, Credentials("K0001", secret))  # type: ignore[attr-defined]
        cursor = c2.catalogue_changes(0, "")["next"]
        with CatalogueStore(data / "catalogue.sqlite") as cat:
            hit = cat.search("居民身份证申领", limit=1)[0]
            item = item_to_dict(cat.get(hit.impl_code))
        code = item["impl_code"]
        item["name"] = "居民身份证申领（新）"
        put = requests.put(
            first.url + f"/v1/admin/catalogue/items/{code}",  # type: ignore[attr-defined]
            json=item,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert put.status_code == 200, put.text
        changes = c2.catalogue_changes(cursor, "")["changes"]
        assert [c["item"]["name"] for c in changes] == ["居民身份证申领（新）"]
        for _ in range(50):  # the other replica's own catalogue catches up within a second
            served = requests.get(second.url + f"/v1/catalogue/items/{code}", timeout=10)  # type: ignore[attr-defined]
            if served.json()["name"] == "居民身份证申领（新）":
                break
            time.sleep(0.1)
        assert served.json()["name"] == "居民身份证申领（新）"
        hits = requests.get(second.url + "/v1/catalogue/search", params={"q": "身份证申领（新）"})  # type: ignore[attr-defined]
        assert code in [h["impl_code"] for h in hits.json()]
        c2.close()
