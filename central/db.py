"""The platform's own store: SQLite with the same durability rules as the terminals (WAL,
synchronous=FULL, one BEGIN IMMEDIATE transaction per change), one connection per thread.

What must survive a power cut (applications, evaluations, blobs, decisions, configuration) is
committed durably; what only says how things are (a terminal's last heartbeat) is committed
without the fsync (``durable=False``: WAL with synchronous=NORMAL — it survives a crash of
central, and at worst the last seconds of it are lost with the power). Reads take no lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS terminals (
    id TEXT PRIMARY KEY, secret TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL);
-- replay protection moved to memory (central/replay.py): a platform made before drops it
DROP TABLE IF EXISTS nonces;
CREATE TABLE IF NOT EXISTS blobs (
    terminal_id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    received INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, PRIMARY KEY (terminal_id, sha256));
CREATE TABLE IF NOT EXISTS applications (
    terminal_id TEXT NOT NULL, idem_key TEXT NOT NULL, payload_sha TEXT NOT NULL,
    official_number TEXT NOT NULL UNIQUE, item_impl_code TEXT NOT NULL, status TEXT NOT NULL,
    doc TEXT NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (terminal_id, idem_key));
CREATE TABLE IF NOT EXISTS progress (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, terminal_id TEXT NOT NULL, idem_key TEXT NOT NULL,
    official_number TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS progress_terminal ON progress (terminal_id, seq);
CREATE TABLE IF NOT EXISTS evaluations (
    terminal_id TEXT NOT NULL, idem_key TEXT NOT NULL, payload_sha TEXT NOT NULL,
    doc TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (terminal_id, idem_key));
CREATE TABLE IF NOT EXISTS daily_seq (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS catalogue_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, impl_code TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS terminal_config (
    terminal_id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS platform_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff (
    number TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hall TEXT NOT NULL,
    password_hash TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS routes (
    official_number TEXT PRIMARY KEY, region_code TEXT NOT NULL, level TEXT NOT NULL,
    department TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS routes_body ON routes (region_code, department);
CREATE TABLE IF NOT EXISTS heartbeats (
    terminal_id TEXT PRIMARY KEY, at TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queue_config (
    hall TEXT PRIMARY KEY, doc TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queue_blocks (
    hall TEXT NOT NULL, letter TEXT NOT NULL, day TEXT NOT NULL, first INTEGER NOT NULL,
    last INTEGER NOT NULL, holder TEXT NOT NULL, issued INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hall, letter, day, first));
CREATE TABLE IF NOT EXISTS queue_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, hall TEXT NOT NULL, at TEXT NOT NULL,
    kind TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS queue_events_hall ON queue_events (hall, seq);
CREATE TABLE IF NOT EXISTS queue_tickets (
    hall TEXT NOT NULL, day TEXT NOT NULL, number TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (hall, day, number));
CREATE TABLE IF NOT EXISTS queue_requests (
    hall TEXT NOT NULL, request TEXT NOT NULL, day TEXT NOT NULL, number TEXT NOT NULL,
    PRIMARY KEY (hall, request));
CREATE TABLE IF NOT EXISTS queue_appointments (
    hall TEXT NOT NULL, reference TEXT NOT NULL, day TEXT NOT NULL, person TEXT NOT NULL,
    doc TEXT NOT NULL, PRIMARY KEY (hall, reference));
CREATE INDEX IF NOT EXISTS queue_appointments_person ON queue_appointments (hall, person, day);
CREATE TABLE IF NOT EXISTS elicences (
    identifier TEXT PRIMARY KEY, holder TEXT NOT NULL, type_name TEXT NOT NULL,
    doc TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS elicences_holder ON elicences (holder, type_name);
CREATE TABLE IF NOT EXISTS licence_uses (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, terminal TEXT NOT NULL,
    window TEXT NOT NULL, application TEXT NOT NULL, item TEXT NOT NULL, purpose TEXT NOT NULL,
    authorisation TEXT NOT NULL, identifiers TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS licence_uses_terminal ON licence_uses (terminal, application);
CREATE TABLE IF NOT EXISTS instant_results (
    official_number TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, doc TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS supervision_warnings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, official_number TEXT NOT NULL, level TEXT NOT NULL,
    at TEXT NOT NULL, doc TEXT NOT NULL, UNIQUE (official_number, level));
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT, terminal_id TEXT NOT NULL, evaluation_key TEXT NOT NULL,
    official_number TEXT NOT NULL, hall TEXT NOT NULL, window TEXT NOT NULL,
    clerk TEXT NOT NULL, body TEXT NOT NULL, region_code TEXT NOT NULL, state TEXT NOT NULL,
    opened TEXT NOT NULL, deadline TEXT, closed TEXT, doc TEXT NOT NULL, updated_at TEXT NOT NULL,
    UNIQUE (terminal_id, evaluation_key));
CREATE INDEX IF NOT EXISTS cases_hall ON cases (hall, state);
CREATE INDEX IF NOT EXISTS cases_official ON cases (official_number);
CREATE TABLE IF NOT EXISTS case_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, case_id INTEGER NOT NULL, at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS case_events_case ON case_events (case_id, seq);
CREATE TABLE IF NOT EXISTS legal_clocks (
    official_number TEXT PRIMARY KEY, accepted TEXT NOT NULL, legal_days INTEGER NOT NULL,
    promised_days INTEGER NOT NULL, doc TEXT NOT NULL, calendar_version TEXT NOT NULL,
    due TEXT, level TEXT NOT NULL, finished TEXT, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS legal_clocks_open ON legal_clocks (finished, level);
CREATE TABLE IF NOT EXISTS console_sessions (
    token_hash TEXT PRIMARY KEY, number TEXT NOT NULL, csrf TEXT NOT NULL,
    created REAL NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS console_attempts (number TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS console_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    code TEXT PRIMARY KEY, official_number TEXT NOT NULL UNIQUE, terminal_id TEXT NOT NULL,
    status TEXT NOT NULL, doc TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    official_number TEXT PRIMARY KEY, carrier TEXT NOT NULL, tracking TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS portal_accounts (
    person TEXT PRIMARY KEY, account TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    phone TEXT NOT NULL, verified_by TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS portal_requests (
    request TEXT PRIMARY KEY, terminal TEXT NOT NULL, hall TEXT NOT NULL, window TEXT NOT NULL,
    person TEXT NOT NULL, name TEXT NOT NULL, phone TEXT NOT NULL, code TEXT NOT NULL,
    created REAL NOT NULL, tries INTEGER NOT NULL, done INTEGER NOT NULL,
    account TEXT, created_account INTEGER, finished TEXT);
CREATE INDEX IF NOT EXISTS portal_requests_phone ON portal_requests (phone, created);
CREATE TABLE IF NOT EXISTS queue_windows (
    hall TEXT NOT NULL, window TEXT NOT NULL, paused INTEGER NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (hall, window));
"""


class PlatformDB:
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
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(terminals)")}
        if "hall" not in columns:  # platforms made before staff accounts: terminals get a hall
            self.conn.execute("ALTER TABLE terminals ADD COLUMN hall TEXT NOT NULL DEFAULT ''")
        if "role" not in columns:  # kiosk / counter / agent ('' for terminals enrolled before)
            self.conn.execute("ALTER TABLE terminals ADD COLUMN role TEXT NOT NULL DEFAULT ''")
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(queue_tickets)")}
        if "state" not in columns:
            # a ticket's category, state and person as columns: a call reads the waiting
            # tickets alone, not every ticket of the day (filled from the documents once)
            for column in ("category", "state", "person"):
                self.conn.execute(
                    f"ALTER TABLE queue_tickets ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
                )
            self.conn.execute(
                "UPDATE queue_tickets SET category = json_extract(doc, '$.category'),"
                " state = json_extract(doc, '$.state'), person = json_extract(doc, '$.person')"
            )
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(queue_tickets)")}
        if "place_us" not in columns:
            # the call order's keys as columns (core.queue.tickets.call_order: priority, then
            # place) and the window a transfer chose: a call reads one row, not the queue
            self.conn.execute(
                "ALTER TABLE queue_tickets ADD COLUMN priority INTEGER NOT NULL DEFAULT 0"
            )
            self.conn.execute(
                "ALTER TABLE queue_tickets ADD COLUMN place_us INTEGER NOT NULL DEFAULT 0"
            )
            self.conn.execute(
                "ALTER TABLE queue_tickets ADD COLUMN for_window TEXT NOT NULL DEFAULT ''"
            )
            self.conn.execute(
                "UPDATE queue_tickets SET priority = json_extract(doc, '$.priority'),"
                " place_us = CAST(round((julianday(coalesce(json_extract(doc, '$.queued_at'),"
                " json_extract(doc, '$.issued_at'))) - 2440587.5) * 86400000000) AS INTEGER),"
                " for_window = coalesce(json_extract(doc, '$.for_window'), '')"
            )
        self.conn.execute(
            "CREATE INDEX IF NOT EXISTS queue_tickets_state ON queue_tickets (hall, day, state)"
        )
        self.conn.execute(
            "CREATE INDEX IF NOT EXISTS queue_tickets_order ON queue_tickets"
            " (hall, day, state, category, priority DESC, place_us)"
        )

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
    def transaction(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
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
