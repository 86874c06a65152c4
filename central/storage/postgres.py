"""Central's records in PostgreSQL: what a city or a province runs on, with any number of
central processes (replicas) on one database.

The parts of central write their SQL once, in the subset both SQLite and PostgreSQL take
(central.storage.schema); this module only spells it for psycopg: ``?`` placeholders become
``%s``, and Python's numbers and booleans are sent untyped, as SQLite takes them (PostgreSQL
infers the column's type, as it does for a literal).

Transactions keep SQLite's guarantee, which central's rules were written against: a writing
transaction runs alone (a transaction-level advisory lock taken at its start, held to its
commit), so a read-then-write inside it cannot interleave with another replica's — a ticket
number, a case's step, a payment's state. Two consequences are the point:

- the progress feed's ``seq`` is assigned in commit order, so a terminal's cursor never steps
  over a row that commits late (an identity column alone is not commit order under concurrent
  writers);
- the 办件编号 of a day is gapless and unique across replicas (its counter row is read and
  moved inside the lock; a transaction that rolls back takes its number back with it).

What only says how things are (a heartbeat, ``durable=False``) commits with
``synchronous_commit = off``: no wait for the WAL's fsync, and at worst the last moments are
lost with the power — as SQLite's synchronous=NORMAL on the embedded store.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Dumper, Loader

from central.storage import migrations
from central.storage.schema import POSTGRES_FUNCTIONS, postgres_ddl

#: the advisory lock writers take in turn (any constant; "hallterm" in ASCII)
WRITER_LOCK = 0x68616C6C7465726D
#: the advisory lock the schema is made under (replicas starting together)
SCHEMA_LOCK = WRITER_LOCK + 1

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%|\bwindow\b")


@lru_cache(maxsize=2048)
def to_psycopg(sql: str) -> str:
    """``sql`` with SQLite's ``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` as
    ``%%``), and the column ``window`` quoted (a reserved word in PostgreSQL, not in SQLite);
    quoted text is left as it is."""
    return _TOKENS.sub(_spell, sql)


def _spell(m: re.Match[str]) -> str:
    token = m.group(0)
    return _SPELLING.get(token, token)


_SPELLING = {"?": "%s", "%": "%%", "window": '"window"'}


class _Untyped(Dumper):
    """A Python number or truth value sent as text of no declared type: PostgreSQL types it
    by where it goes (an integer column, a comparison with text), as SQLite does."""

    oid = 0  # unknown

    def dump(self, obj: Any) -> bytes:
        if isinstance(obj, bool):
            return b"1" if obj else b"0"
        return str(obj).encode()


class _Number(Loader):
    """``numeric`` (what sum() of integers gives) as an int when whole, else a float — as
    SQLite answers; never a Decimal that JSON cannot say."""

    def load(self, data: Any) -> Any:
        text = bytes(data).decode()
        try:
            return int(text)
        except ValueError:
            return float(text)


class PgConnection:
    """One psycopg connection, taking central's SQL as the SQLite connection does."""

    def __init__(self, raw: psycopg.Connection[Any], trace: Callable[[str], None]) -> None:
        self.raw = raw
        self._trace = trace

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        self._trace(sql)
        return self.raw.execute(to_psycopg(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        self._trace(sql)
        cur = self.raw.cursor()
        cur.executemany(to_psycopg(sql), [tuple(r) for r in rows])
        return cur

    def close(self) -> None:
        self.raw.close()


class _Connection(psycopg.Connection[Any]):
    def __del__(self, *args: Any) -> None:
        # a thread that ends, or a platform let go: its connection closed (psycopg would
        # warn and leave the server to notice)
        if hasattr(self, "pgconn") and not self.closed:
            self.close()


class PostgresRecords:
    """Central's records in one PostgreSQL database (``url``: ``postgresql://user@host/db``);
    one connection per thread, as the SQLite store."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        #: called with every SQL statement any connection runs (tests watch for writes)
        self.trace: Callable[[str], None] | None = None
        self._nonces = 0
        #: when the database server started (read with each new connection)
        self.server_started = 0.0
        with self.conn.raw.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))
            self.conn.raw.execute(POSTGRES_FUNCTIONS)
            self.conn.raw.execute(to_psycopg(postgres_ddl()).replace("%%", "%"))
            # the replicas' replay memory: unlogged (no WAL, no fsync; emptied by a crash
            # of the database — central.replay refuses what was signed before its start)
            self.conn.raw.execute(
                "CREATE UNLOGGED TABLE IF NOT EXISTS replay_nonces (terminal_id TEXT NOT NULL,"
                " nonce TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (terminal_id, nonce))"
            )
            # numbered changes (central.storage.migrations), under the same lock
            migrations.apply(lambda sql, params: self.conn.execute(sql, params), "postgresql")

    def first_nonce(self, terminal: str, nonce: str, now: int, window: int) -> bool:
        """True the first time any replica sees ``nonce`` of ``terminal`` in ``window``
        seconds (and remembers it); False for a replay."""
        c = self.conn
        fresh = c.execute(
            "INSERT INTO replay_nonces VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING at",
            (terminal, nonce, now),
        ).fetchone()
        self._nonces += 1
        if self._nonces % 1000 == 0:  # the window's end, now and then
            c.execute("DELETE FROM replay_nonces WHERE at < ?", (now - window,))
        return fresh is not None

    @property
    def conn(self) -> PgConnection:
        conn: PgConnection | None = getattr(self._local, "conn", None)
        if conn is None or conn.raw.closed or conn.raw.broken:
            raw = _Connection.connect(
                self.url,
                autocommit=True,  # reads see what is committed; writes take transaction()
                options="-c TimeZone=UTC",  # julianday() of a day is its midnight in UTC
                application_name="hall-central",
            )
            for kind in (int, bool, float):
                raw.adapters.register_dumper(kind, _Untyped)
            raw.adapters.register_loader("numeric", _Number)
            conn = PgConnection(raw, self._traced)
            self._local.conn = conn
            row = raw.execute("SELECT extract(epoch FROM pg_postmaster_start_time())").fetchone()
            self.server_started = float(row[0]) if row else 0.0
        return conn

    def _traced(self, statement: str) -> None:
        if self.trace is not None:
            self.trace(statement)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """``name``'s lock (a scan being written), against every replica: a session-level
        advisory lock, released when the block ends — or by PostgreSQL when a replica dies."""
        c = self.conn
        c.execute("SELECT pg_advisory_lock(hashtextextended(?, 0))", (name,))
        try:
            yield
        finally:
            if not c.raw.closed:
                c.execute("SELECT pg_advisory_unlock(hashtextextended(?, 0))", (name,))

    @contextmanager
    def transaction(self, *, durable: bool = True, serial: bool = True) -> Iterator[PgConnection]:
        """One change, committed at the end of the block (rolled back by an exception).
        ``serial=False``: without the writers' turn — only for a change that is one statement
        safe on its own under concurrency (an upsert of a terminal's own row)."""
        c = self.conn
        # one round trip opens it: BEGIN, the commit's durability, the writers' turn
        opening = "BEGIN"
        if not durable:
            opening += "; SET LOCAL synchronous_commit = off"
        if serial:
            opening += f"; SELECT pg_advisory_xact_lock({WRITER_LOCK})"
        for statement in opening.split("; "):
            self._traced(statement)
        c.raw.execute(opening)
        try:
            yield c
        except BaseException:
            self._traced("ROLLBACK")
            with contextlib.suppress(psycopg.Error):  # a broken connection: nothing to undo
                c.raw.execute("ROLLBACK")
            raise
        self._traced("COMMIT")
        c.raw.execute("COMMIT")
