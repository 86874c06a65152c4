"""Moving central's data: an online backup of the embedded store, and a city's move from
SQLite to PostgreSQL (and its scans from the data folder to object storage) while it runs.

The move is a copy that can be repeated: each pass reads a consistent snapshot of the SQLite
store (SQLite's online backup: central keeps serving) and writes every row to PostgreSQL by its
primary key (inserted, or updated where it changed — an application's status, a case's step);
the last pass, with central stopped (``final``), also removes what the snapshot no longer
holds (an expired console session, an abandoned upload). Identity counters continue after the
highest number moved, so progress cursors and case numbers carry on where they were.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from central.storage.blobs import RELEASE_BLOBS, Blobs, FileBlobs
from central.storage.postgres import PostgresRecords
from central.storage.sqlite import SqliteRecords

#: rows written to PostgreSQL a statement
BATCH = 1000


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` at ``target``, taken while central
    writes to it (SQLite's online backup, a few pages at a time)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(partial) as dst,
    ):
        src.backup(dst, pages=1024)
    partial.replace(target)


def backup_data_dir(data_dir: Path, target: Path) -> dict[str, int]:
    """The embedded platform's backup: its records and catalogue (online), the admin token,
    and its scans (the folder's files, those not yet in ``target``). Restored by copying the
    folder back as a data folder."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("platform.sqlite", "catalogue.sqlite"):
        if (data_dir / name).exists():
            backup_sqlite(data_dir / name, target / name)
    if (data_dir / "admin.token").exists():
        shutil.copy2(data_dir / "admin.token", target / "admin.token")
    copied = 0
    source = data_dir / "blobs"
    for path in source.rglob("*") if source.exists() else ():
        if not path.is_file() or path.suffix in (".part", ".lock") or path.name == ".ready":
            continue
        dest = target / "blobs" / path.relative_to(source)
        if not dest.exists():  # a scan never changes once whole: copied once
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            copied += 1
    return {"scans_copied": copied}


@dataclass
class MoveReport:
    rows: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    scans_copied: int = 0


def move_to_postgres(
    data_dir: Path,
    url: str,
    *,
    blobs: Blobs | None = None,
    final: bool = False,
    say: Callable[[str], None] = print,
) -> MoveReport:
    """One pass of the move of ``data_dir``'s platform (SQLite) to the PostgreSQL at ``url``
    (and of its scans to ``blobs``, when they go to object storage)."""
    report = MoveReport()
    with tempfile.TemporaryDirectory(prefix="hall-move-") as scratch:
        snapshot = Path(scratch) / "platform.sqlite"
        backup_sqlite(data_dir / "platform.sqlite", snapshot)
        SqliteRecords(snapshot)  # a store made by an older version: brought up to date
        src = sqlite3.connect(snapshot)
        target = PostgresRecords(url)
        tables = [
            str(name)
            for (name,) in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            report.rows[table] = _move_table(src, target, table, final, report)
            say(f"{table}: {report.rows[table]} rows")
        if blobs is not None and not isinstance(blobs, FileBlobs):
            report.scans_copied = _move_scans(src, data_dir / "blobs", blobs)
            say(f"scans copied to object storage: {report.scans_copied}")
        src.close()
    return report


def _move_table(
    src: sqlite3.Connection, target: PostgresRecords, table: str, final: bool, report: MoveReport
) -> int:
    info = src.execute(f"PRAGMA table_info({table})").fetchall()
    columns = [str(r[1]) for r in info]
    keys = [str(r[1]) for r in sorted((r for r in info if r[5]), key=lambda r: int(r[5]))]
    if not keys:
        raise ValueError(f"table {table} has no primary key: cannot be moved row by row")
    column_list = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    upsert = (
        f"INSERT INTO {table} ({column_list}) VALUES ({marks})"
        f" ON CONFLICT ({', '.join(keys)}) "
        + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
    )
    moved = 0
    cursor = src.execute(f"SELECT {column_list} FROM {table}")
    while rows := cursor.fetchmany(BATCH):
        with target.transaction() as c:
            c.executemany(upsert, rows)
        moved += len(rows)
    if final:  # what the snapshot no longer holds goes
        kept = {tuple(r) for r in src.execute(f"SELECT {', '.join(keys)} FROM {table}")}
        there = target.conn.execute(f"SELECT {', '.join(keys)} FROM {table}").fetchall()
        gone = [tuple(r) for r in there if tuple(r) not in kept]
        where = " AND ".join(f"{k} = ?" for k in keys)
        for start in range(0, len(gone), BATCH):
            with target.transaction() as c:
                c.executemany(f"DELETE FROM {table} WHERE {where}", gone[start : start + BATCH])
        if gone:
            report.removed[table] = len(gone)
    # identity columns carry on after the highest number moved
    for r in info:
        if r[5] and str(r[2]).upper() == "INTEGER" and len(keys) == 1:
            column = str(r[1])
            target.conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" (SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)"
            )
    return moved


def _move_scans(src: sqlite3.Connection, folder: Path, blobs: Any) -> int:
    """Every whole scan of the data folder into object storage (those not there yet), and
    the release files offered to terminals (central.releases) with them."""
    files = FileBlobs(folder)
    copied = 0
    releases = src.execute(
        "SELECT ?, json_extract(manifest, '$.sha256') FROM releases", (RELEASE_BLOBS,)
    ).fetchall()
    scans = src.execute("SELECT terminal_id, sha256 FROM blobs WHERE complete = 1").fetchall()
    for terminal, sha in [*scans, *releases]:
        if blobs.exists(terminal, sha):
            continue
        with open(files.path(terminal, sha), "rb") as f:
            blobs.put_file(terminal, sha, f)
        copied += 1
    return copied
