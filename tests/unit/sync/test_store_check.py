"""`hall-sync store check` and `hall-sync status` on a damaged store: every case gets a verdict
that names what is wrong (damage, a wrong or lost key, newer software, a missing file) and
neither command ever ends in a traceback. The check changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from sync.__main__ import main
from sync.store import default_key_path
from tests.helpers.clock import ManualClock
from tests.helpers.keys import new_store
from tests.helpers.outbox import evaluation, queue


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with 12 applications (one scan each) and an evaluation, checkpointed."""
    from datetime import UTC, datetime

    clock = ManualClock(datetime(2026, 11, 30, 8, tzinfo=UTC))
    root = tmp_path_factory.mktemp("pristine") / "data"
    root.mkdir()
    with new_store(root / "store.sqlite", clock) as store:
        apps = [queue(store, clock, [os.urandom(3000 + i)]) for i in range(12)]
        store.save_evaluation(evaluation(clock, apps[0]))
        store.checkpoint()
    return root


def _copy(pristine: Path, to: Path) -> Path:
    data = to / "data"
    shutil.copytree(pristine, data)
    key = default_key_path(data / "store.sqlite")
    key.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(default_key_path(pristine / "store.sqlite"), key)
    return data / "store.sqlite"


def _first_scan(db: Path) -> Path:
    return next(p for p in (db.parent / "blobs").rglob("*") if p.is_file() and ".tmp" not in str(p))


def _overwrite_header(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[:100] = b"\xff" * 100
    db.write_bytes(bytes(data))


def _truncate(db: Path) -> None:
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def _noise_in_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    rng = __import__("random").Random(7)
    for page in range(2, len(data) // 4096, 3):
        data[page * 4096 + 10 : page * 4096 + 200] = rng.randbytes(190)
    db.write_bytes(bytes(data))


def _sql(statement: str) -> Callable[[Path], None]:
    def run(db: Path) -> None:
        conn = sqlite3.connect(db)
        conn.execute(statement)
        conn.commit()
        conn.close()

    return run


def _flip_sealed_bit(db: Path) -> None:
    conn = sqlite3.connect(db)
    lid, blob = conn.execute(
        "SELECT local_id, personal FROM applications LIMIT 1 OFFSET 4"
    ).fetchone()
    flipped = bytearray(blob)
    flipped[40] ^= 1
    conn.execute("UPDATE applications SET personal = ? WHERE local_id = ?", (bytes(flipped), lid))
    conn.commit()
    conn.close()


def _flip_scan_bit(db: Path) -> None:
    scan = _first_scan(db)
    data = bytearray(scan.read_bytes())
    data[100] ^= 4
    scan.write_bytes(bytes(data))


def _other_key(db: Path) -> None:
    default_key_path(db).write_bytes(hashlib.sha256(b"another terminal").digest())


def _damaged_key(db: Path) -> None:
    key = default_key_path(db)
    key.write_bytes(key.read_bytes()[:10])


def _store_is_a_folder(db: Path) -> None:
    for p in db.parent.glob("store.sqlite*"):
        p.unlink()
    db.mkdir()


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    # name, damage, the check's verdict, words `status` must say
    ("header overwritten", _overwrite_header, "damaged", "已损坏"),
    ("truncated", _truncate, "damaged", "已损坏"),
    ("emptied beside scans", lambda db: db.write_bytes(b""), "damaged", "丢失或为空"),
    ("noise in b-tree pages", _noise_in_pages, "damaged", "已损坏"),
    (
        "text where a sealed value was",
        _sql("UPDATE applications SET personal = CAST(personal AS TEXT) WHERE rowid = 3"),
        "damaged",
        "已损坏",
    ),
    ("a table dropped", _sql("DROP TABLE outbox"), "damaged", "已损坏"),
    ("written by newer software", _sql("PRAGMA user_version = 999"), "newer_software", "升级"),
    ("another master key", _other_key, "wrong_key", "密钥错误"),
    ("master key lost", lambda db: default_key_path(db).unlink(), "key_missing", "密钥"),
    ("master key damaged", _damaged_key, "key_missing", "密钥文件已损坏"),
    ("store file missing", lambda db: db.unlink(), "missing", "找不到本机数据"),
    ("a folder where the file was", _store_is_a_folder, "unreadable", "存储"),
    # damage SQLite cannot see: only opening every record and scan finds it
    ("a bit flipped in a sealed record", _flip_sealed_bit, "damaged", ""),
    ("a bit flipped in a scan", _flip_scan_bit, "damaged", ""),
    ("a scan deleted", lambda db: _first_scan(db).unlink(), "damaged", ""),
    ("an audit record edited", _sql("UPDATE audit SET detail = 'x' WHERE seq = 3"), "damaged", ""),
]


@pytest.mark.parametrize(
    ("damage", "verdict", "status_says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_damage_gets_a_verdict_and_no_traceback(
    pristine: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path], None],
    verdict: str,
    status_says: str,
) -> None:
    db = _copy(pristine, tmp_path)
    for p in db.parent.glob("store.sqlite-*"):
        p.unlink()
    damage(db)
    before = _snapshot(tmp_path)

    assert main(["store", "--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert f"verdict: {verdict} — " in out, out
    assert _snapshot(tmp_path) == before  # the check changed nothing

    rc = main(["status", "--db", str(db)])  # raises on a traceback; a verdict or the counts
    said = capsys.readouterr()
    if status_says:
        assert rc == 2
        assert status_says in said.err, said.err
    else:
        assert rc == 0  # the queue itself is readable; the check names the damaged record
        assert "application:pending\t12" in said.out


def test_a_sound_store_is_said_sound_and_a_quick_check_skips_reading_scans(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(pristine, tmp_path)
    assert main(["store", "--db", str(db), "check"]) == 0
    out = capsys.readouterr().out
    assert "verdict: ok — 本机数据完好。" in out
    assert "13 sealed records open" in out  # 12 applications and the evaluation
    assert "12 scans found and opened" in out
    _flip_scan_bit(db)
    assert main(["store", "--db", str(db), "check", "--quick"]) == 0
    assert "12 scans found (contents not read: --quick)" in capsys.readouterr().out


def test_an_older_schema_is_usable_and_says_it_needs_migrating(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(pristine, tmp_path)
    _sql("PRAGMA user_version = 4")(db)
    assert main(["store", "--db", str(db), "check"]) == 0
    assert "verdict: needs_migration" in capsys.readouterr().out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_a_store_copied_while_open_is_checked_without_a_change_and_its_log_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22 item 1: the check opened the store read-write, so closing it checkpointed the
    write-ahead log into the file and deleted it; with 4 salt bytes of the log's header
    overwritten it said "ok — 本机数据完好", deleted the log, and the store held 2 of its 3
    queued applications (the third's scans left to the next start's sweep). Now it reads a
    copy, calls a log that would not replay damage, and names scan folders without rows."""
    from datetime import UTC, datetime

    clock = ManualClock(datetime(2026, 11, 30, 8, tzinfo=UTC))
    live = tmp_path / "live"
    live.mkdir()
    with new_store(live / "store.sqlite", clock) as store:
        store.checkpoint()
        for i in range(3):
            queue(store, clock, [os.urandom(2000 + i)])
        assert (live / "store.sqlite-wal").stat().st_size > 32  # committed, in the log only
        copied = tmp_path / "copied"
        shutil.copytree(live, copied)  # as a technician copies a running terminal's data
    key = default_key_path(copied / "store.sqlite")
    key.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(default_key_path(live / "store.sqlite"), key)
    db = copied / "store.sqlite"
    before = _snapshot(copied)
    assert main(["store", "--db", str(db), "check"]) == 0
    out = capsys.readouterr().out
    assert "verdict: ok" in out, out
    assert "replays" in out
    assert "3 scans found and opened" in out
    assert _snapshot(copied) == before  # the log is still there, the file unchanged

    wal = db.with_name("store.sqlite-wal")
    data = bytearray(wal.read_bytes())
    data[16:20] = b"\x00\x01\x02\x03"  # the header's first salt
    wal.write_bytes(bytes(data))
    damaged = _snapshot(copied)
    assert main(["store", "--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert "verdict: damaged" in out, out
    assert "would not be replayed (lost)" in out
    assert "scan folders have no application in the store" in out  # its scans would go
    assert _snapshot(copied) == damaged
