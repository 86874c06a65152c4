"""The local store: applications and evaluations, durable before anything says "saved".

SQLite in WAL mode with ``synchronous=FULL``; every write is one ``BEGIN IMMEDIATE``
transaction. The schema is migrated on open (see sync.migrations).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from core.application import (
    AgentConsent,
    Applicant,
    Application,
    Attachment,
    Channel,
    ConsentMethod,
    Status,
    StatusChange,
)
from core.clock import Clock
from core.errors import StorageError
from core.identity import mask_name
from sync.migrations import LATEST, MIGRATIONS


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def open_connection(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with durable settings."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise StorageError(f"cannot open store {path}: {e}") from e
    return conn


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Brings the schema to the latest version; returns the versions applied.

    Raises:
        StorageError: the file was written by a newer version of this software.
    """
    current = schema_version(conn)
    if current > LATEST:
        raise StorageError(
            f"store schema {current} is newer than this software ({LATEST}); upgrade the app",
            user_message="本机数据由更新版本的软件写入，请升级终端软件。",
        )
    db = sqlite_utils.Database(conn)
    applied = []
    for m in MIGRATIONS:
        if m.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            m.apply(db)
            conn.execute(f"PRAGMA user_version = {m.version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(m.version)
    return applied


@dataclass(frozen=True, slots=True)
class ApplicationSummary:
    local_id: uuid.UUID
    receipt_number: str
    item_name: str
    channel: Channel
    status: Status
    official_number: str
    created_at: datetime
    applicant_masked: str


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="microseconds")


class LocalStore:
    """Applications and evaluations on this terminal. One instance per thread."""

    def __init__(self, path: Path | str, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self.conn = open_connection(path)
        self.migrated = migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT; durable (synchronous=FULL) when the block returns."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StorageError(f"store busy or unwritable: {e}") from e
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as e:  # disk full, I/O error
            self.conn.execute("ROLLBACK")
            raise StorageError(
                f"commit failed: {e}", user_message="本机存储空间不足或出错，请联系工作人员。"
            ) from e

    # --- applications -------------------------------------------------------------------

    @staticmethod
    def _personal(app: Application) -> bytes:
        consent = None
        if app.consent is not None:
            c = app.consent
            consent = {
                "agent_id": c.agent_id,
                "agent_name": c.agent_name,
                "method": c.method.value,
                "captured_at": _iso(c.captured_at),
                "evidence_sha256": c.evidence_sha256,
            }
        a = app.applicant
        doc = {
            "applicant": {
                "name": a.name,
                "id_number": a.id_number,
                "card_type": a.card_type,
                "phone": a.phone,
                "address": a.address,
            },
            "form": app.form_data,
            "consent": consent,
        }
        return json.dumps(doc, ensure_ascii=False).encode()

    def save(self, app: Application) -> None:
        """Writes the application, its attachments and its whole history in one transaction."""
        now = _iso(self.clock.now())
        with self.transaction() as c:
            exists = c.execute(
                "SELECT 1 FROM applications WHERE local_id = ?", (str(app.local_id),)
            ).fetchone()
            row = (
                app.receipt_number,
                app.item_impl_code,
                app.item_version,
                app.item_name,
                app.channel.value,
                app.terminal_id,
                app.status.value,
                app.official_number,
                app.hold_reason,
                _iso(app.created_at),
                now,
                self._personal(app),
                str(app.local_id),
            )
            if exists:
                c.execute(
                    "UPDATE applications SET receipt_number=?, item_impl_code=?, item_version=?,"
                    " item_name=?, channel=?, terminal_id=?, status=?, official_number=?,"
                    " hold_reason=?, created_at=?, updated_at=?, personal=? WHERE local_id=?",
                    row,
                )
            else:
                c.execute(
                    "INSERT INTO applications (receipt_number, item_impl_code, item_version,"
                    " item_name, channel, terminal_id, status, official_number, hold_reason,"
                    " created_at, updated_at, personal, local_id)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    row,
                )
            lid = str(app.local_id)
            c.execute("DELETE FROM status_history WHERE local_id = ?", (lid,))
            c.executemany(
                "INSERT INTO status_history VALUES (?, ?, ?, ?, ?)",
                [(lid, i, h.status.value, _iso(h.at), h.note) for i, h in enumerate(app.history)],
            )
            c.execute("DELETE FROM attachments WHERE local_id = ?", (lid,))
            c.executemany(
                "INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (lid, i, a.material_code, a.sha256, a.pages, a.media_type, a.size)
                    for i, a in enumerate(app.attachments)
                ],
            )
            if app.status in (Status.QUEUED, Status.DELIVERING):
                c.execute(
                    "INSERT OR IGNORE INTO outbox (kind, ref_id, state, attempts, created_at,"
                    " last_error) VALUES ('application', ?, 'pending', 0, ?, '')",
                    (lid, now),
                )

    def load(self, local_id: uuid.UUID) -> Application:
        c = self.conn
        row = c.execute(
            "SELECT receipt_number, item_impl_code, item_version, item_name, channel,"
            " terminal_id, status, official_number, hold_reason, created_at, personal"
            " FROM applications WHERE local_id = ?",
            (str(local_id),),
        ).fetchone()
        if row is None:
            raise KeyError(str(local_id))
        (receipt, impl, version, name, channel, terminal, status, official, hold, created, blob) = (
            row
        )
        personal: dict[str, Any] = json.loads(blob)
        consent = None
        if personal["consent"] is not None:
            p = personal["consent"]
            consent = AgentConsent(
                p["agent_id"],
                p["agent_name"],
                ConsentMethod(p["method"]),
                datetime.fromisoformat(p["captured_at"]),
                p["evidence_sha256"],
            )
        history = [
            StatusChange(Status(s), datetime.fromisoformat(at), note)
            for s, at, note in c.execute(
                "SELECT status, at, note FROM status_history WHERE local_id = ? ORDER BY seq",
                (str(local_id),),
            )
        ]
        attachments = [
            Attachment(code, sha, pages, media, size)
            for code, sha, pages, media, size in c.execute(
                "SELECT material_code, sha256, pages, media_type, size FROM attachments"
                " WHERE local_id = ? ORDER BY position",
                (str(local_id),),
            )
        ]
        return Application(
            local_id=local_id,
            receipt_number=receipt,
            item_impl_code=impl,
            item_version=version,
            item_name=name,
            channel=Channel(channel),
            applicant=Applicant(**personal["applicant"]),
            created_at=datetime.fromisoformat(created),
            terminal_id=terminal,
            form_data=personal["form"],
            attachments=attachments,
            consent=consent,
            official_number=official,
            status=Status(status),
            history=history,
            hold_reason=hold,
        )

    def ids(self, status: Status | None = None) -> list[uuid.UUID]:
        """Local ids in creation order (UUIDv7 sorts by time), optionally of one status."""
        if status is None:
            rows = self.conn.execute("SELECT local_id FROM applications ORDER BY local_id")
        else:
            rows = self.conn.execute(
                "SELECT local_id FROM applications WHERE status = ? ORDER BY local_id",
                (status.value,),
            )
        return [uuid.UUID(r[0]) for r in rows]

    def summaries(self, limit: int = 500) -> list[ApplicationSummary]:
        """The worklist: newest first, applicant masked (nothing personal leaves in clear)."""
        rows = self.conn.execute(
            "SELECT local_id, receipt_number, item_name, channel, status, official_number,"
            " created_at, personal FROM applications ORDER BY local_id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        out = []
        for lid, receipt, item, channel, status, official, created, blob in rows:
            applicant = json.loads(blob)["applicant"]
            out.append(
                ApplicationSummary(
                    uuid.UUID(lid),
                    receipt,
                    item,
                    Channel(channel),
                    Status(status),
                    official,
                    datetime.fromisoformat(created),
                    mask_name(applicant["name"]),
                )
            )
        return out

    def counts(self) -> dict[Status, int]:
        return {
            Status(s): n
            for s, n in self.conn.execute(
                "SELECT status, count(*) FROM applications GROUP BY status"
            )
        }

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
