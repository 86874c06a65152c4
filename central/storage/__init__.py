"""Where central keeps what it is given, behind two ports: its records (SQLite, the embedded
default, or PostgreSQL for a city of replicas: :func:`open_records`) and its scans (a folder,
or S3-compatible object storage: central.storage.blobs).

Chosen by settings: ``--database`` / ``HALL_CENTRAL_DATABASE`` (a ``postgresql://`` URL; empty:
SQLite in the data folder) and ``--blobs`` / ``HALL_CENTRAL_BLOBS`` (``s3://bucket/prefix``;
empty: the data folder's ``blobs/``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

#: the settings' names in the environment (a secret in a URL stays out of the command line)
DATABASE_ENV = "HALL_CENTRAL_DATABASE"
BLOBS_ENV = "HALL_CENTRAL_BLOBS"


class Records(Protocol):
    """Central's records: reads on :attr:`conn` (this thread's connection), each change in
    one :meth:`transaction` (writers one at a time; ``durable=False`` for what may lose its
    last moments with the power)."""

    dialect: str
    trace: Callable[[str], None] | None

    @property
    def conn(self) -> Any: ...

    def transaction(
        self, *, durable: bool = True, serial: bool = True
    ) -> AbstractContextManager[Any]: ...

    def lock(self, name: str) -> AbstractContextManager[None]:
        """A lock by name held across every process on these records (a scan's writer)."""
        ...


def database_url(given: str | None = None) -> str:
    """The records' database: ``given``, else the environment's, else "" (SQLite)."""
    return (given if given is not None else os.environ.get(DATABASE_ENV, "")).strip()


def open_records(data_dir: Path, database: str | None = None) -> Records:
    url = database_url(database)
    if url.startswith(("postgresql://", "postgres://")):
        from central.storage.postgres import PostgresRecords

        return PostgresRecords(url)
    if url:
        raise ValueError(f"database {url!r}: only postgresql:// URLs (or none: SQLite)")
    from central.storage.sqlite import SqliteRecords

    return SqliteRecords(data_dir / "platform.sqlite")
