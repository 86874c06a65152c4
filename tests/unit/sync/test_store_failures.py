"""The store when its disk fails it: a full disk, a lost store file, a damaged one — each said
for what it is, nothing half-done, nothing deleted."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from core.application import Applicant, Channel
from core.documents.hall import Hall
from core.errors import StorageError
from sync.blobs import BlobStore
from sync.crypto import new_key
from sync.outbox import Outbox
from terminal.operations import ItemRef, Operations, SubmitRequest
from tests.helpers.clock import ManualClock
from tests.helpers.keys import new_store
from tests.helpers.outbox import queue


def test_a_full_disk_is_said_as_such_and_nothing_is_half_written(
    tmp_path: Path, clock: ManualClock
) -> None:
    with new_store(tmp_path / "store.sqlite", clock) as store:
        queue(store, clock, [b"first"])
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        big = SubmitRequest(
            ItemRef("3699010000000101002", 1, "居民身份证换领"),
            Applicant("张三", "110101199001010031", "resident", "13812345678", "示范路1号"),
            Channel.KIOSK,
            form={"note": "长" * 200_000},  # more than the pages left
        )
        ops = Operations(
            store,
            catalogue=tmp_path / "none.sqlite",
            terminal_id="K0001",
            region_code="369901001000",
            hall=Hall("示范大厅"),
        )
        with pytest.raises(StorageError) as e:
            ops.submit(big)
        assert "存储空间已满" in e.value.user_message
        assert "no transaction is active" not in e.value.detail
        assert "full" in e.value.detail
        assert not store.conn.in_transaction
        assert len(Outbox(store).items()) == 1  # the first one only, whole


def test_a_store_that_cannot_open_on_a_full_disk_says_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 0 bytes free SQLite cannot make its -wal file and says "disk I/O error": it was
    reported as 磁盘故障或只读. With no space left it is a full disk; a failing disk with room
    is still said as such."""
    import shutil

    from sync import database as store_module

    io = sqlite3.OperationalError("disk I/O error")
    full = shutil._ntuple_diskusage(10 << 30, 10 << 30, 0)  # type: ignore[attr-defined]
    monkeypatch.setattr(store_module.shutil, "disk_usage", lambda _: full)
    said = store_module.storage_error(io, tmp_path / "store.sqlite", "open").user_message
    assert "存储空间已满" in said
    roomy = shutil._ntuple_diskusage(10 << 30, 1 << 30, 9 << 30)  # type: ignore[attr-defined]
    monkeypatch.setattr(store_module.shutil, "disk_usage", lambda _: roomy)
    said = store_module.storage_error(io, tmp_path / "store.sqlite", "open").user_message
    assert "磁盘故障或只读" in said


def test_a_lost_store_beside_scans_refuses_to_start_and_deletes_nothing(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "store.sqlite"
    with new_store(path, clock) as store:
        apps = [queue(store, clock, [b"scan"]) for _ in range(3)]
    for p in tmp_path.glob("store.sqlite*"):
        p.unlink()
    path.touch()  # an empty file, as a failed copy leaves it
    with pytest.raises(StorageError) as e:
        new_store(path, clock, sweep=True)
    assert "数据库文件丢失或为空" in e.value.user_message
    assert "3 scan folders" in e.value.detail
    assert sorted(p.name for p in (tmp_path / "blobs").iterdir() if p.name != ".tmp") == sorted(
        str(a.local_id) for a in apps
    )


def test_a_damaged_store_is_said_as_damaged(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "store.sqlite"
    with new_store(path, clock) as store:
        queue(store, clock, [b"scan"])
    for p in tmp_path.glob("store.sqlite-*"):
        p.unlink()
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100  # the header destroyed
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as e:
        new_store(path, clock)
    assert "损坏" in e.value.user_message
    # the CLI says it too, without a traceback
    result = subprocess.run(
        [sys.executable, "-m", "sync", "status", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "损坏" in result.stderr


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "存储空间已满"),
        (errno.EIO, "磁盘故障或只读"),
        (errno.EROFS, "磁盘故障或只读"),
        (errno.EACCES, "无写入权限"),
    ],
)
def test_a_scan_that_cannot_be_written_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    blobs = BlobStore(tmp_path / "blobs")

    def failing(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("sync.blobs.os.fsync", failing)
    with pytest.raises(StorageError) as e:
        blobs.put(new_key(), uuid.uuid4(), [b"page"])
    assert said in e.value.user_message
    assert list((tmp_path / "blobs" / ".tmp").iterdir()) == []  # nothing half-written left
