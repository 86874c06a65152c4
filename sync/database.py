"""The store's SQLite file: a durable connection, its schema brought up to date, and SQLite's
failures in words a person can act on."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from core.errors import StorageError
from core.messages import tr
from sync.migrations import LATEST, MIGRATIONS

log = logging.getLogger(__name__)


def iso(dt: datetime) -> str:
    """The one way a time is written in the store and in what is sent from it."""
    return dt.isoformat(timespec="microseconds")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def storage_error(e: sqlite3.Error, path: Path | str, doing: str) -> StorageError:
    """A SQLite failure in the words a person can act on: a full disk, a damaged file, or a
    disk that fails — three different calls to a technician."""
    text = str(e).lower()
    io_error = "i/o" in text or "readonly" in text or "read-only" in text
    if "full" in text or (io_error and _no_space(path)):
        # at 0 bytes free SQLite cannot even make its -wal file and says "disk I/O error"
        said = "本机存储空间已满，本次操作未保存。请联系技术人员清理空间后重试。"
    elif any(
        sign in text
        for sign in (
            "malformed",
            "not a database",
            "corrupt",
            "no such table",
            "no such column",
            "could not decode",
        )
    ):
        said = "本机数据文件已损坏。请联系技术人员检查（hall-sync store check；不要删除数据目录）。"
    elif io_error:
        said = "本机存储读写出错（磁盘故障或只读）。请联系技术人员。"
    else:
        said = "本机存储出错，本次操作未保存。请联系技术人员。"
    return StorageError(f"store {path}: {doing}: {e}", user_message=said)


#: Free space below which an I/O failure is taken for a full disk.
NO_SPACE_BYTES = 1 << 20


def _no_space(path: Path | str) -> bool:
    try:
        return shutil.disk_usage(Path(path).parent).free < NO_SPACE_BYTES
    except OSError:
        return False


def open_connection(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with durable settings."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
        _wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed, not left readable
    except sqlite3.DatabaseError as e:
        raise storage_error(e, path, "open") from e
    return conn


def _wal(conn: sqlite3.Connection, seconds: float = 10.0) -> None:
    """WAL mode. Switching a new file to it takes an exclusive lock that SQLite does not wait
    for with the busy handler: several threads opening a new store at once (the counter at its
    first start) got "database is locked" at once. Tried again until ``seconds`` pass."""
    end = time.monotonic() + seconds
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if ("locked" not in str(e) and "busy" not in str(e)) or time.monotonic() > end:
                raise
            time.sleep(0.02)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Brings the schema to the latest version; returns the versions applied.

    Raises:
        StorageError: the file was written by a newer version of this software.
    """
    current = schema_version(conn)
    if current > LATEST:
        raise StorageError(
            f"store schema {current} is newer than this software ({LATEST}); upgrade the app",
            user_message=tr("本机数据由更新版本的软件写入，请升级终端软件。"),
        )
    if current == LATEST:
        return []
    import sqlite_utils  # ~0.15 s to import: only when a store needs migrating

    db = sqlite_utils.Database(conn)
    applied = []
    for m in MIGRATIONS:
        if m.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        if schema_version(conn) >= m.version:
            # another connection (the app's other threads open theirs at the same moment)
            # applied it while this one waited for the write lock
            conn.execute("COMMIT")
            continue
        try:
            m.apply(db)
            conn.execute(f"PRAGMA user_version = {m.version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(m.version)
    return applied
