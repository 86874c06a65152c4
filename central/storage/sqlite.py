"""Central's records in SQLite — the embedded default (the demo, a hall's gateway, the tests) —
with the same durability rules as the terminals (WAL, synchronous=FULL, one BEGIN IMMEDIATE
transaction per change), one connection per thread.

What must survive a power cut (applications, evaluations, blobs, decisions, configuration) is
committed durably; what only says how things are (a terminal's last heartbeat) is committed
without the fsync (``durable=False``: WAL with synchronous=NORMAL — it survives a crash of
central, and at worst the last seconds of it are lost with the power). Reads take no lock."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from central.storage import migrations
from central.storage.schema import ADDED_COLUMNS, ADDED_INDEXES, SCHEMA


class SqliteRecords:
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        #: one writer of this process at a time, waiting its turn here: in SQLite's busy
        #: handler a waiting writer sleeps in growing steps (up to 100 ms each) and wakes to
        #: find the lock taken again — the hall queue's calls waited 1.1 s at p99 behind the
        #: kiosks' tickets; here the next writer starts as soon as the last commits (writers
        #: of other processes still meet in SQLite's lock)
        self._writer = threading.RLock()
        #: called with every SQL statement any connection runs (tests watch for writes)
        self.trace: Callable[[str], None] | None = None
        self.conn.executescript(SCHEMA)  # idempotent: CREATE … IF NOT EXISTS
        self._add_columns()
        # numbered changes (central.storage.migrations), one process at a time
        with self.transaction() as c:
            migrations.apply(lambda sql, params: c.execute(sql, params), "sqlite")

    def _add_columns(self) -> None:
        """Columns added since a store was made (central.storage.schema.ADDED_COLUMNS); a
        queue's columns filled from its tickets' documents once."""
        c = self.conn
        had: dict[str, set[str]] = {}
        for table, column, declaration in ADDED_COLUMNS:
            if table not in had:
                had[table] = {r[1] for r in c.execute(f"PRAGMA table_info({table})")}
            if column not in had[table]:
                c.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        if "state" not in had["queue_tickets"]:
            c.execute(
                "UPDATE queue_tickets SET category = json_extract(doc, '$.category'),"
                " state = json_extract(doc, '$.state'), person = json_extract(doc, '$.person')"
            )
        if "place_us" not in had["queue_tickets"]:
            c.execute(
                "UPDATE queue_tickets SET priority = json_extract(doc, '$.priority'),"
                " place_us = CAST(round((julianday(coalesce(json_extract(doc, '$.queued_at'),"
                " json_extract(doc, '$.issued_at'))) - 2440587.5) * 86400000000) AS INTEGER),"
                " for_window = coalesce(json_extract(doc, '$.for_window'), '')"
            )
        c.executescript(ADDED_INDEXES)

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.set_trace_callback(self._traced)
            self._local.conn = conn
        return conn

    def _traced(self, statement: str) -> None:
        if self.trace is not None:
            self.trace(statement)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """``name``'s lock (a scan being written), against every process of this machine."""
        folder = self.path.parent / "locks"
        folder.mkdir(exist_ok=True)
        path = folder / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextmanager
    def transaction(
        self, *, durable: bool = True, serial: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """One change (SQLite's writers always take turns: ``serial`` changes nothing)."""
        c = self.conn
        with self._writer:
            if not durable:
                c.execute("PRAGMA synchronous = NORMAL")
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    yield c
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
                c.execute("COMMIT")
            finally:
                if not durable:
                    c.execute("PRAGMA synchronous = FULL")
