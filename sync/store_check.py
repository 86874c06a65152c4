"""`hall-sync store check`: a verdict on a terminal's store, whatever state it is in.

The check never goes through :class:`~sync.store.LocalStore` (opening one migrates, seals
legacy rows and may sweep: it writes) and never raises: each layer is looked at in turn — the
file, SQLite's own integrity check, the schema, the master key, every sealed row, every scan,
the audit chain, the free space — and each finding says in the technician's words what is wrong
and what to do. A damaged file, a wrong key and a full disk are three different calls.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import shutil
import sqlite3
import struct
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import StorageError
from sync.blobs import BlobStore
from sync.crypto import DecryptionError, KeyRing, is_sealed, unseal
from sync.database import migrate, schema_version
from sync.migrations import LATEST
from sync.paths import DataPaths
from sync.store import audit_chain_ok, key_fits, record_aad

SQLITE_MAGIC = b"SQLite format 3\x00"
LOW_SPACE_BYTES = 200 * 1024 * 1024  # below this a day of scans may not fit


class Verdict(enum.IntEnum):
    """Worst first wins: the verdict of a report is its most serious finding."""

    OK = 0
    LOW_SPACE = 1  # usable, but the disk is nearly full
    NEEDS_MIGRATION = 2  # usable after `hall-sync store migrate`
    NEWER_SOFTWARE = 3
    KEY_MISSING = 4
    WRONG_KEY = 5
    UNREADABLE = 6  # a permission or device problem, not the data itself
    MISSING = 7
    DAMAGED = 8

    @property
    def said(self) -> str:
        return _SAID[self]


_SAID = {
    Verdict.OK: "本机数据完好。",
    Verdict.LOW_SPACE: "本机数据完好，但存储空间即将用尽：请尽快清理或上报。",
    Verdict.NEEDS_MIGRATION: "本机数据完好，需升级数据格式（hall-sync store migrate）。",
    Verdict.NEWER_SOFTWARE: "本机数据由更新版本的软件写入：请升级终端软件，不要降级。",
    Verdict.KEY_MISSING: "找不到或无法读取本机数据密钥：请从备份恢复密钥文件"
    "（新密钥打不开已有数据）。",
    Verdict.WRONG_KEY: "本机数据密钥与数据不匹配（密钥错误）：请检查配置的密钥文件或运行账户。",
    Verdict.UNREADABLE: "无法读取本机数据文件（权限或磁盘故障）：请联系技术人员。",
    Verdict.MISSING: "找不到本机数据文件：新终端请运行 hall-sync store init；"
    "已有数据的终端请从备份恢复。",
    Verdict.DAMAGED: "本机数据已损坏：请联系技术人员从备份恢复"
    "（不要删除数据目录，不要重新初始化）。",
}


@dataclass(frozen=True)
class Finding:
    check: str  # file, integrity, schema, key, sealed, scans, audit, space
    verdict: Verdict
    detail: str  # English, for the technician's log (never personal data)


@dataclass
class Report:
    store: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return max((f.verdict for f in self.findings), default=Verdict.OK)

    @property
    def usable(self) -> bool:
        return self.verdict <= Verdict.NEEDS_MIGRATION

    def add(self, check: str, verdict: Verdict, detail: str) -> None:
        self.findings.append(Finding(check, verdict, detail))

    def lines(self) -> list[str]:
        out = [f"store: {self.store}"]
        for f in self.findings:
            mark = "ok" if f.verdict == Verdict.OK else f.verdict.name
            out.append(f"  {f.check:<10} {mark:<16} {f.detail}")
        out.append(f"verdict: {self.verdict.name.lower()} — {self.verdict.said}")
        return out


def check_store(paths: DataPaths, *, deep: bool = True) -> Report:
    """Looks at every layer of the store named by ``paths``; ``deep`` also opens every scan
    (reads all of them: minutes for a station's week of scans) instead of only finding it.

    It changes nothing: SQLite reads a copy of the store file and its write-ahead log (opened
    in place, closing the connection checkpointed the log into the file and deleted it — on
    every store copied while the app had it open, and with a damaged log it lost committed
    applications and called the store sound, issue 22 item 1)."""
    report = Report(paths.store)
    with tempfile.TemporaryDirectory(prefix="hall-check-") as tmp:
        conn = _open(paths.store, paths.blobs, report, Path(tmp))
        if conn is None:
            return report
        try:
            if not _integrity(conn, report) or not _schema(conn, report):
                return report
            _orphans(conn, paths.blobs, report)
            ring = _keyring(paths, conn, report)
            if ring is not None:
                _sealed(conn, ring, report)
                _scans(conn, ring, BlobStore(paths.blobs, create=False), report, deep=deep)
            _audit(conn, report)
        except sqlite3.Error as e:  # damage the integrity check did not reach (index pages)
            report.add("read", Verdict.DAMAGED, f"reading failed: {e}")
        finally:
            conn.close()
    _space(paths.data_dir, report)
    return report


def _open(path: Path, blobs: Path, report: Report, scratch: Path) -> sqlite3.Connection | None:
    folders = len(BlobStore(blobs, create=False).folders())
    if not path.exists():
        report.add("file", Verdict.MISSING, f"no file at {path}; {folders} scan folders beside it")
        return None
    if not path.is_file():
        report.add("file", Verdict.UNREADABLE, f"{path} is not a regular file")
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        report.add("file", Verdict.UNREADABLE, f"cannot read {path}: {e}")
        return None
    if not head:
        report.add("file", Verdict.DAMAGED, f"{path} is empty; {folders} scan folders beside it")
        return None
    if head != SQLITE_MAGIC:
        report.add("file", Verdict.DAMAGED, "not an SQLite file (its header is overwritten)")
        return None
    report.add("file", Verdict.OK, f"{path.stat().st_size} bytes, {folders} scan folders")
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        page_size = int.from_bytes(head_page_size(path), "big") or 1
        damage = wal_damage(wal, 65536 if page_size == 1 else page_size)
        report.add(
            "log",
            Verdict.DAMAGED if damage else Verdict.OK,
            damage or f"write-ahead log of {wal.stat().st_size} bytes replays",
        )
    try:
        # a copy of the file and its log: whatever SQLite does on open and close (replaying
        # and checkpointing the log) happens to the copy
        copy = scratch / path.name
        shutil.copyfile(path, copy)
        if wal.exists():
            shutil.copyfile(wal, scratch / wal.name)
        return sqlite3.connect(str(copy), isolation_level=None, timeout=10)
    except (OSError, sqlite3.Error) as e:
        report.add("file", Verdict.UNREADABLE, f"cannot open a copy to check: {e}")
        return None


def head_page_size(path: Path) -> bytes:
    """The page size field of an SQLite file's header (2 bytes at offset 16)."""
    with open(path, "rb") as f:
        f.seek(16)
        return f.read(2)


_WAL_MAGIC = (0x377F0682, 0x377F0683)


def _wal_checksum(data: bytes, big_endian: bool, s0: int = 0, s1: int = 0) -> tuple[int, int]:
    """SQLite's WAL checksum over ``data`` (a multiple of 8 bytes), continuing (s0, s1)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def wal_damage(wal: Path, page_size: int) -> str:
    """What of a write-ahead log SQLite would not replay ("" when all of it replays): a
    damaged header drops every frame in it; a frame that fails its checksum drops the
    committed frames after it. SQLite says neither (it opens the store without them)."""
    try:
        data = wal.read_bytes()
    except OSError as e:
        return f"the write-ahead log cannot be read: {e}"
    frame = 24 + page_size
    frames = max(len(data) - 32, 0) // frame
    if frames == 0:
        return ""
    magic, _version, wal_page, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:32])
    big = magic == _WAL_MAGIC[1]
    if (
        magic not in _WAL_MAGIC
        or _wal_checksum(data[:24], big) != (c1, c2)
        or wal_page != page_size
    ):
        return (
            f"the write-ahead log's header is damaged: its {frames} frames of committed changes"
            " would not be replayed (lost)"
        )
    s0, s1 = c1, c2
    first_bad = 0
    committed_after_bad = 0
    for n in range(frames):
        at = 32 + n * frame
        head = data[at : at + 24]
        _page, commit, f_salt1, f_salt2, f1, f2 = struct.unpack(">6I", head)
        if (f_salt1, f_salt2) != (salt1, salt2):
            break  # frames of an earlier generation: not part of this log
        if not first_bad:
            s0, s1 = _wal_checksum(head[:8] + data[at + 24 : at + frame], big, s0, s1)
            if (s0, s1) != (f1, f2):
                first_bad = n + 1
        elif commit:
            committed_after_bad = n + 1
    if first_bad and committed_after_bad:
        lost = committed_after_bad - first_bad + 1
        return (
            f"write-ahead log frame {first_bad} is damaged: {lost} frames of committed changes"
            " after it would not be replayed (lost)"
        )
    return ""


def _orphans(conn: sqlite3.Connection, blobs: Path, report: Report) -> None:
    """Scan folders with no application row: the app's next start sweeps them away (as what
    an interrupted queueing left), so an application lost from the file loses its scans too."""
    try:
        folders = set(BlobStore(blobs, create=False).folders())
    except OSError as e:
        report.add("scans", Verdict.UNREADABLE, f"cannot list the scan folders: {e}")
        return
    known = {str(r[0]) for r in conn.execute("SELECT local_id FROM applications")}
    orphans = sorted(folders - known)
    if orphans:
        report.add(
            "scans",
            Verdict.DAMAGED,
            f"{len(orphans)} scan folders have no application in the store {orphans[:3]}: the"
            " next start of the app would delete them — keep a copy of the data folder and"
            " restore the store from a backup first",
        )


def _integrity(conn: sqlite3.Connection, report: Report) -> bool:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(10)")]
    except sqlite3.DatabaseError as e:
        report.add("integrity", Verdict.DAMAGED, f"SQLite cannot read it: {e}")
        return False
    if rows != ["ok"]:
        text = "; ".join(str(r).replace("\n", "; ") for r in rows)
        report.add("integrity", Verdict.DAMAGED, text[:300])
        return False
    report.add("integrity", Verdict.OK, "SQLite integrity check passed")
    return True


def _expected_tables() -> dict[str, set[str]]:
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(fresh)
        return _tables(fresh)
    finally:
        fresh.close()


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: {r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')} for n in names}


def _schema(conn: sqlite3.Connection, report: Report) -> bool:
    version = schema_version(conn)
    if version > LATEST:
        report.add("schema", Verdict.NEWER_SOFTWARE, f"schema {version}, this software {LATEST}")
        return False
    if version < LATEST:
        report.add("schema", Verdict.NEEDS_MIGRATION, f"schema {version}, this software {LATEST}")
        return True  # older stores are checked as they are; their tables differ by design
    have, want = _tables(conn), _expected_tables()
    missing = [t for t in want if t not in have]
    short = [f"{t}.{c}" for t in want if t in have for c in sorted(want[t] - have[t])]
    if missing or short:
        report.add("schema", Verdict.DAMAGED, f"missing tables {missing} columns {short}")
        return False
    report.add("schema", Verdict.OK, f"schema {version}")
    return True


def _keyring(paths: DataPaths, conn: sqlite3.Connection, report: Report) -> KeyRing | None:
    try:
        ring = paths.keyring()
    except StorageError as e:  # missing (MasterKeyMissing), unreadable, damaged, too open
        report.add("key", Verdict.KEY_MISSING, e.detail)
        return None
    if not key_fits(conn, ring):
        report.add(
            "key", Verdict.WRONG_KEY, f"{ring.path} is not the key this store was sealed under"
        )
        return None
    report.add("key", Verdict.OK, f"{ring.path} opens this store")
    return ring


def _sealed(conn: sqlite3.Connection, ring: KeyRing, report: Report) -> None:
    """Opens every sealed record: a flipped bit in a row SQLite's check cannot see shows here."""
    bad: list[str] = []
    total = 0

    def each(sql: str, kind: str) -> None:
        nonlocal total
        for lid, blob, kind_of in conn.execute(sql):
            total += 1
            if kind_of != "blob" or not _opens(conn, ring, kind, lid, blob):
                bad.append(f"{kind} {lid}")

    # read as bytes whatever the column holds (text there would not even decode), and text
    # where a sealed value belongs is damage: the store itself cannot read such a row
    each(
        "SELECT local_id, CAST(personal AS BLOB), typeof(personal) FROM applications"
        " WHERE length(personal) > 0",
        "personal",
    )
    each("SELECT local_id, CAST(payload AS BLOB), typeof(payload) FROM evaluations", "evaluation")
    staff = conn.execute("SELECT value FROM sync_state WHERE key = 'staff'").fetchone()
    if staff is not None:
        total += 1
        if not _try(lambda: ring.unwrap(base64.b64decode(staff[0]), b"staff")):
            bad.append("staff list")
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        report.add("sealed", Verdict.DAMAGED, f"{len(bad)} of {total} records do not open: {shown}")
    else:
        report.add("sealed", Verdict.OK, f"{total} sealed records open")


def _opens(conn: sqlite3.Connection, ring: KeyRing, kind: str, lid: str, blob: object) -> bool:
    if not isinstance(blob, bytes):
        return False
    if not is_sealed(blob):
        return kind == "personal" or kind == "evaluation"  # rows from before sealing
    try:
        local_id = uuid.UUID(lid)
    except (ValueError, TypeError):
        return False
    row = conn.execute("SELECT wrapped FROM data_keys WHERE local_id = ?", (lid,)).fetchone()
    if row is None:
        return False
    return _try(
        lambda: unseal(ring.unwrap(row[0], local_id.bytes), blob, record_aad(kind, local_id))
    )


def _scans(
    conn: sqlite3.Connection, ring: KeyRing, blobs: BlobStore, report: Report, *, deep: bool
) -> None:
    rows = conn.execute(
        "SELECT a.local_id, a.sha256, a.size, k.wrapped FROM attachments a"
        " JOIN applications p ON p.local_id = a.local_id"
        " LEFT JOIN data_keys k ON k.local_id = a.local_id"
        " WHERE p.purged_at = '' AND length(p.personal) > 0"
    ).fetchall()
    missing, bad = [], []
    for lid, sha, size, wrapped in rows:
        try:
            local_id = uuid.UUID(str(lid))
            found = blobs.exists(local_id, sha)
        except (ValueError, OSError):  # not a local id, or a folder that cannot be read
            bad.append(f"{str(lid)[:36]}/{str(sha)[:12]}")
            continue
        if not found:
            missing.append(f"{lid}/{sha[:12]}")
        elif deep and not _try(_read_all, blobs, ring, local_id, sha, size, wrapped):
            bad.append(f"{lid}/{sha[:12]}")
    if missing or bad:
        report.add(
            "scans",
            Verdict.DAMAGED,
            f"{len(missing)} of {len(rows)} scans missing {missing[:3]}, {len(bad)} do not open"
            f" {bad[:3]}",
        )
    else:
        how = "found and opened" if deep else "found (contents not read: --quick)"
        report.add("scans", Verdict.OK, f"{len(rows)} scans {how}")


def _read_all(
    blobs: BlobStore, ring: KeyRing, local_id: uuid.UUID, sha: str, size: int, wrapped: bytes
) -> None:
    digest = hashlib.sha256()
    for part in blobs.read(ring.unwrap(wrapped, local_id.bytes), local_id, sha, size):
        digest.update(part)
    if digest.hexdigest() != sha:
        raise DecryptionError(f"scan {sha[:12]} opens to other content")


def _audit(conn: sqlite3.Connection, report: Report) -> None:
    n = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    if audit_chain_ok(conn):
        report.add("audit", Verdict.OK, f"{n} events, hash chain intact")
    else:
        report.add("audit", Verdict.DAMAGED, f"{n} events, hash chain broken (a record changed)")


def _space(data_dir: Path, report: Report) -> None:
    try:
        usage = shutil.disk_usage(data_dir)
    except OSError as e:
        report.add("space", Verdict.UNREADABLE, f"cannot stat {data_dir}: {e}")
        return
    free_mb = usage.free // (1024 * 1024)
    used = 1 - usage.free / usage.total if usage.total else 1.0
    verdict = Verdict.LOW_SPACE if usage.free < LOW_SPACE_BYTES else Verdict.OK
    report.add("space", verdict, f"{free_mb} MB free ({used:.0%} of the disk used)")


def _try(action: Callable[..., object], *args: object) -> bool:
    try:
        action(*args)
    except (StorageError, OSError, ValueError, KeyError, TypeError):
        return False
    return True
