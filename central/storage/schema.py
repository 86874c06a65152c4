"""Central's tables, written once: in SQLite's dialect for SQLite, and from the same text for
PostgreSQL (:func:`postgres_ddl`: 64-bit integers, double precision, identity columns).

The SQL of central's parts is written so that both take it (``INSERT … ON CONFLICT DO NOTHING``
rather than SQLite's ``INSERT OR IGNORE``, ``RETURNING`` rather than ``lastrowid``, ``= 1``
rather than an integer as a condition); what SQLite has and PostgreSQL lacks —
``json_extract``, ``json_valid``, ``julianday`` — PostgreSQL gets as functions
(:data:`POSTGRES_FUNCTIONS`), so no query is written twice.
"""

from __future__ import annotations

import re

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
CREATE TABLE IF NOT EXISTS crash_reports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, terminal_id TEXT NOT NULL, at TEXT NOT NULL,
    doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS crash_reports_terminal ON crash_reports (terminal_id, seq);
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, role TEXT NOT NULL,
    hall TEXT NOT NULL, region_code TEXT NOT NULL, hall_name TEXT NOT NULL, name TEXT NOT NULL,
    expires REAL NOT NULL, created_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE IF NOT EXISTS releases (
    version TEXT PRIMARY KEY, manifest TEXT NOT NULL, signature TEXT NOT NULL,
    offered TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queue_windows (
    hall TEXT NOT NULL, window TEXT NOT NULL, paused INTEGER NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (hall, window));
"""

#: columns tables gained after they were first made: (table, column, declaration); a store
#: made before gets them when it is opened
ADDED_COLUMNS = (
    # staff accounts: a terminal's hall, and its role (kiosk / counter / agent / display)
    ("terminals", "hall", "TEXT NOT NULL DEFAULT ''"),
    ("terminals", "role", "TEXT NOT NULL DEFAULT ''"),
    # a ticket's category, state and person as columns: a call reads the waiting tickets
    # alone, not every ticket of the day
    ("queue_tickets", "category", "TEXT NOT NULL DEFAULT ''"),
    ("queue_tickets", "state", "TEXT NOT NULL DEFAULT ''"),
    ("queue_tickets", "person", "TEXT NOT NULL DEFAULT ''"),
    # the call order's keys (core.queue.tickets.call_order: priority, then place) and the
    # window a transfer chose: a call reads one row, not the queue
    ("queue_tickets", "priority", "INTEGER NOT NULL DEFAULT 0"),
    ("queue_tickets", "place_us", "INTEGER NOT NULL DEFAULT 0"),
    ("queue_tickets", "for_window", "TEXT NOT NULL DEFAULT ''"),
    # when a scan's last chunk came: a partial upload without one for days is abandoned
    ("blobs", "updated_at", "TEXT NOT NULL DEFAULT ''"),
    # a catalogue change's item as it was changed: every replica serves the same from it
    ("catalogue_changes", "doc", "TEXT NOT NULL DEFAULT ''"),
)

#: indexes on the added columns
ADDED_INDEXES = """
CREATE INDEX IF NOT EXISTS queue_tickets_state ON queue_tickets (hall, day, state);
CREATE INDEX IF NOT EXISTS queue_tickets_order ON queue_tickets
    (hall, day, state, category, priority DESC, place_us);
"""

#: SQLite's functions that central's queries use, for PostgreSQL (same names, same results for
#: what central stores: JSON objects addressed by '$.key' paths, ISO times in UTC)
POSTGRES_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION json_valid(doc text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM doc::jsonb;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END $$;
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT (doc::jsonb) #>> string_to_array(substr(path, 3), '.') $$;
CREATE OR REPLACE FUNCTION julianday(t text) RETURNS double precision
    LANGUAGE sql STABLE AS $$ SELECT extract(epoch FROM t::timestamptz) / 86400.0 + 2440587.5 $$;
"""


def postgres_ddl() -> str:
    """The schema in PostgreSQL's words: the same tables, columns, keys and indexes."""
    added = "".join(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {declaration};\n"
        for table, column, declaration in ADDED_COLUMNS
    )
    ddl = re.sub(
        r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b",
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        SCHEMA + added + ADDED_INDEXES,
    )
    ddl = re.sub(r"\bINTEGER\b", "BIGINT", ddl)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", ddl)
