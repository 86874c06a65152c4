"""Central's data moved and kept safe: a running city moved from SQLite and its data folder to
PostgreSQL and object storage without losing a row or a scan; the embedded platform backed up
online and restored; PostgreSQL's dump restored into a platform that carries on numbering."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from central.platform import Platform
from sync.client import Credentials, PlatformClient
from tests.helpers.central import application_body, running_central
from tests.helpers.postgres import postgres_bin

CENTRAL = [sys.executable, "-m", "central"]


@pytest.fixture(autouse=True)
def _embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests choose each platform's storage themselves."""
    for name in ("HALL_CENTRAL_DATABASE", "HALL_CENTRAL_BLOBS"):
        monkeypatch.delenv(name, raising=False)


def _deliver(client: PlatformClient, n: int) -> list[tuple[str, bytes]]:
    """``n`` applications with a scan each, and a 差评 on the first; (key, scan) each."""
    sent = []
    for i in range(n):
        scan = os.urandom(300_000 + i)
        sha = hashlib.sha256(scan).hexdigest()
        client.put_chunk(sha, len(scan), 0, scan[:100_000])  # resumable: in two chunks
        client.put_chunk(sha, len(scan), 100_000, scan[100_000:])
        key, body = application_body("K0001", [scan])
        client.submit_application(key, body)
        sent.append((key, scan))
    key = str(uuid.uuid4())
    client.submit_evaluation(
        key,
        json.dumps({"local_id": key, "satisfaction": "very_dissatisfied"}).encode(),
    )
    return sent


def _table_counts(platform: Platform) -> dict[str, int]:
    tables = [
        "applications", "progress", "evaluations", "blobs", "cases", "case_events",
        "daily_seq", "terminals", "routes", "platform_meta",
    ]  # fmt: skip
    return {
        t: int(platform.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables
    }


def test_a_running_city_moves_to_postgresql_and_object_storage_without_loss(
    tmp_path: Path,
    demo_catalogue: Path,
    postgres_cluster: Any,
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from central.storage.blobs import S3Blobs
    from central.storage.moves import move_to_postgres

    monkeypatch.setenv("HALL_CENTRAL_S3_ENDPOINT", s3_endpoint)
    data = tmp_path / "central"
    url = postgres_cluster.create_database("moved")
    bucket = "s3://hall/moved"
    with running_central(data, demo_catalogue) as central:
        client = PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))
        sent = _deliver(client, 3)
        release = tmp_path / "hall-terminal-0.9.0.tar.gz"  # a version offered to terminals
        release.write_bytes(os.urandom(300_000))
        offered = central.platform.add_release(release, "0.9.0")["manifest"]
        first = move_to_postgres(data, url, blobs=S3Blobs(bucket))
        assert first.rows["applications"] == 3
        assert first.scans_copied == 4  # the three scans and the release's file
        sent += _deliver(client, 1)  # the city goes on while it is moved
        client.close()
        before = _table_counts(central.platform)
    # central stopped: the last pass
    last = move_to_postgres(data, url, blobs=S3Blobs(bucket), final=True)
    assert last.scans_copied == 1  # only what came since
    moved = Platform(data, database=url, blobs=bucket)
    assert _table_counts(moved) == before
    for _key, scan in sent:
        sha = hashlib.sha256(scan).hexdigest()
        assert b"".join(moved.blobs.read("K0001", sha)) == scan
    assert b"".join(moved.release_blocks(offered, 0)) == release.read_bytes()
    assert len(moved.progress("K0001", 0).doc["changes"]) == before["progress"]
    # it carries on: the next 办件编号 and progress row follow the moved ones
    numbers = sorted(
        n for (n,) in moved.db.conn.execute("SELECT official_number FROM applications")
    )
    seqs = [r[0] for r in moved.db.conn.execute("SELECT seq FROM progress ORDER BY seq")]
    scan = b"after the move"
    sha = hashlib.sha256(scan).hexdigest()
    moved.put_chunk("K0001", sha, len(scan), 0, scan)
    answer = moved.receive_application("K0001", *application_body("K0001", [scan]))
    assert answer.status == 201
    assert int(answer.doc["official_number"][-4:]) == int(numbers[-1][-4:]) + 1
    assert moved.progress("K0001", seqs[-1]).doc["changes"][0]["seq"] == seqs[-1] + 1


def test_the_embedded_platform_is_backed_up_online_and_restored(
    tmp_path: Path, demo_catalogue: Path
) -> None:
    data, backup = tmp_path / "central", tmp_path / "backup"
    with running_central(data, demo_catalogue) as central:
        client = PlatformClient(central.url, Credentials("K0001", central.enrol("K0001")))
        sent = _deliver(client, 2)
        done = subprocess.run(
            [*CENTRAL, "backup", "--to", str(backup), "--data-dir", str(data)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "2 new scans" in done.stdout
        before = _table_counts(central.platform)
        client.close()
    restored = Platform(backup)  # the backup folder is a data folder
    assert _table_counts(restored) == before
    for _key, scan in sent:
        sha = hashlib.sha256(scan).hexdigest()
        assert b"".join(restored.blobs.read("K0001", sha)) == scan
    assert restored.lookup(code=restored.db.conn.execute(
        "SELECT official_number FROM applications LIMIT 1"
    ).fetchone()[0]).doc["applications"]  # fmt: skip


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed")
def test_a_postgresql_dump_restores_into_a_platform_that_carries_on(
    tmp_path: Path, postgres_cluster: Any
) -> None:
    source = postgres_cluster.create_database("dumped")
    platform = Platform(tmp_path / "a", database=source, blobs="")
    platform.add_terminal("K0001")
    for _ in range(3):
        platform.receive_application("K0001", *application_body("K0001"))
    before = _table_counts(platform)
    dump = tmp_path / "central.dump"
    bin_dir = postgres_bin()
    assert bin_dir is not None
    subprocess.run(
        [str(bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", source],
        check=True,
        timeout=120,
    )  # as the README says: pg_dump -Fc, then pg_restore into an empty database
    target = postgres_cluster.create_database("restored")
    subprocess.run(
        [str(bin_dir / "pg_restore"), "--no-owner", f"--dbname={target}", str(dump)],
        check=True,
        timeout=120,
    )
    restored = Platform(tmp_path / "b", database=target, blobs="")
    assert _table_counts(restored) == before
    answer = restored.receive_application("K0001", *application_body("K0001"))
    assert answer.doc["official_number"].endswith("0004")  # numbering carried on
