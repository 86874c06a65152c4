"""Numbered changes of central's schema that are not additive (issue 27): a column renamed or
dropped, a table split, data moved — each written once, applied once, in order, recorded in
``schema_migrations``, for SQLite and PostgreSQL alike.

What is additive needs none of this: new tables are ``CREATE … IF NOT EXISTS`` in
central.storage.schema.SCHEMA, new columns go in its ADDED_COLUMNS (added to a store made
before when it opens). A change that would break a store made before — or a replica still
running the code before it — is a :class:`Migration` here, applied under the schema's lock so
replicas starting together apply it once. Not Alembic: Alembic works through SQLAlchemy, which
central does not use (central.storage's note), and this is the part of it central needs.

A database that holds a migration this central does not know was moved on by a newer central:
this one refuses to start (its queries may no longer fit) and says to upgrade it — as in a
rolling upgrade, where the new version migrates and the old replicas are replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from central.base import PlatformError


@dataclass(frozen=True)
class Migration:
    version: int
    purpose: str
    #: the change in SQLite's dialect, one statement per ``;`` line end; PostgreSQL gets the
    #: same text with its types (as the schema does), or ``postgresql`` when it differs
    sqlite: str
    postgresql: str | None = None


#: every migration, in order; a version once released is never changed or reused
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the first numbered version: the schema as central.storage.schema makes it", ""),
)

TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
    " purpose TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


class SchemaTooNew(PlatformError):
    def __init__(self, newest: int, known: int) -> None:
        super().__init__(
            503,
            f"the database is at schema version {newest}, this central knows up to {known}:"
            " upgrade this central (a newer one moved the database on)",
        )


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in re.split(r";\s*\n", sql.strip() + "\n") if s.strip()]


def _postgres(sql: str) -> str:
    sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)


def apply(
    execute: Callable[[str, tuple[Any, ...]], Any],
    dialect: str,
    migrations: tuple[Migration, ...] | None = None,
) -> list[int]:
    """Applies the migrations the database lacks, in order, each recorded with it; to be
    called inside the transaction that holds the schema's lock. Returns the versions applied.
    Raises SchemaTooNew when the database holds one this code does not know."""
    migrations = MIGRATIONS if migrations is None else migrations
    execute(TABLE if dialect == "sqlite" else _postgres(TABLE), ())
    applied = {int(r[0]) for r in execute("SELECT version FROM schema_migrations", ()).fetchall()}
    known = {m.version for m in migrations}
    if applied - known:
        raise SchemaTooNew(max(applied), max(known, default=0))
    done = []
    for m in sorted(migrations, key=lambda m: m.version):
        if m.version in applied:
            continue
        text = m.sqlite if dialect == "sqlite" else (m.postgresql or _postgres(m.sqlite))
        for statement in _statements(text):
            execute(statement, ())
        execute(
            "INSERT INTO schema_migrations (version, purpose, applied_at) VALUES (?, ?, ?)",
            (m.version, m.purpose, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        done.append(m.version)
    return done


def applied_versions(execute: Callable[[str, tuple[Any, ...]], Any]) -> list[int]:
    return [int(r[0]) for r in execute("SELECT version FROM schema_migrations ORDER BY 1", ())]
