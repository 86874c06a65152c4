"""Schema migrations of the local store, versioned with ``PRAGMA user_version``.

Each migration runs in the same ``BEGIN IMMEDIATE`` transaction as the version bump, so a
crash leaves the database at the old or the new version, never between. Every past version
has a committed fixture database under tests/fixtures/db/ that the tests upgrade.

Never edit a released migration: add a new one (and a fixture of the version before it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the migrations get a Database; sqlite-utils loads when a store migrates
    import sqlite_utils


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite_utils.Database], None]


def _v1_applications(db: sqlite_utils.Database) -> None:
    db.table("applications").create(
        {
            "local_id": str,  # UUIDv7, also the idempotency key
            "receipt_number": str,
            "item_impl_code": str,
            "item_version": int,
            "item_name": str,
            "channel": str,
            "terminal_id": str,
            "status": str,
            "official_number": str,
            "hold_reason": str,
            "created_at": str,
            "updated_at": str,
            "personal": bytes,  # applicant, form data, consent: JSON, sealed at rest
        },
        pk="local_id",
        not_null={"receipt_number", "item_impl_code", "status", "created_at", "personal"},
    )
    db.table("applications").create_index(["status"])
    db.table("applications").create_index(["receipt_number"], unique=True)
    db.table("status_history").create(
        {"local_id": str, "seq": int, "status": str, "at": str, "note": str},
        pk=("local_id", "seq"),
        foreign_keys=[("local_id", "applications", "local_id")],
    )
    db.table("attachments").create(
        {
            "local_id": str,
            "position": int,
            "material_code": str,
            "sha256": str,
            "pages": int,
            "media_type": str,
            "size": int,
        },
        pk=("local_id", "position"),
        foreign_keys=[("local_id", "applications", "local_id")],
    )
    db.table("attachments").create_index(["sha256"])


def _v2_evaluations_and_outbox(db: sqlite_utils.Database) -> None:
    db.table("evaluations").create(
        {
            "local_id": str,
            "application_id": str,
            "satisfaction": str,
            "channel": int,
            "at": str,
            "terminal_id": str,
            "payload": bytes,  # the full record as JSON (reasons, comment, staff, codes)
        },
        pk="local_id",
    )
    db.table("outbox").create(
        {
            "seq": int,
            "kind": str,  # application | evaluation | attachment
            "ref_id": str,
            "state": str,  # pending | delivering | delivered | held
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "created_at": str,
        },
        pk="seq",
        not_null={"kind", "ref_id", "state", "created_at"},
        defaults={"attempts": 0, "last_error": ""},
    )
    db.table("outbox").create_index(["state", "next_attempt_at"])
    db.table("outbox").create_index(["kind", "ref_id"], unique=True)
    # Existing applications that were queued before the outbox existed get an entry.
    db.execute(
        "INSERT INTO outbox (kind, ref_id, state, attempts, created_at, last_error)"
        " SELECT 'application', local_id, 'pending', 0, created_at, ''"
        " FROM applications WHERE status IN ('queued', 'delivering')"
    )


def _v3_keys_and_purge(db: sqlite_utils.Database) -> None:
    # Per-application data keys, wrapped by the master key (sync.crypto). Existing plaintext
    # personal data is sealed by the store when it opens with its key ring (a migration has
    # no access to keys).
    db.table("data_keys").create({"local_id": str, "wrapped": bytes}, pk="local_id")
    db.table("applications").add_column("purged_at", str, not_null_default="")
    db.table("outbox").add_column("priority", int, not_null_default=0)
    db.table("outbox").add_column("size", int, not_null_default=0)


def _v4_sync_state(db: sqlite_utils.Database) -> None:
    # Small facts of the sync worker: progress cursor, last success, last error.
    db.table("sync_state").create({"key": str, "value": str}, pk="key")


def _v5_audit(db: sqlite_utils.Database) -> None:
    # Append-only, hash-chained record of what happened to each item (no personal data):
    # each row's hash covers the previous one, so a removed or edited row breaks the chain.
    db.table("audit").create(
        {"seq": int, "at": str, "event": str, "ref": str, "detail": str, "hash": str},
        pk="seq",
        not_null={"at", "event", "ref", "hash"},
    )


def _v6_queue(db: sqlite_utils.Database) -> None:
    # A kiosk's side of the hall's queue: the configuration last pulled (to issue while the
    # hall server is away), its blocks of numbers, and the tickets it issued from them — the
    # ticket sealed (it keeps the ID number until the server has taken it in), the person a
    # keyed digest (one ticket per person while the server is away).
    db.table("queue_config").create({"hall": str, "doc": str, "at": str}, pk="hall")
    db.table("queue_blocks").create(
        {"letter": str, "day": str, "first": int, "last": int, "issued": int},
        pk=("letter", "day", "first"),
        not_null={"issued"},
    )
    db.table("queue_provisional").create(
        {
            "day": str,
            "number": str,
            "letter": str,
            "person": str,
            "sealed": bytes,
            "sent": int,
        },
        pk=("day", "number"),
        not_null={"sent"},
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "applications, status history, attachments", _v1_applications),
    Migration(2, "evaluations and the outbox", _v2_evaluations_and_outbox),
    Migration(3, "data keys, purge marks, outbox priority", _v3_keys_and_purge),
    Migration(4, "sync worker state", _v4_sync_state),
    Migration(5, "hash-chained audit log", _v5_audit),
    Migration(6, "the hall queue's blocks and provisional tickets", _v6_queue),
)
LATEST = MIGRATIONS[-1].version
