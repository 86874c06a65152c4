"""The local store: applications and evaluations, durable before anything says "saved".

SQLite in WAL mode with ``synchronous=FULL``; every write is one ``BEGIN IMMEDIATE``
transaction. The schema is migrated on open (see sync.migrations).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

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
from core.delivery import OutboxKind
from core.errors import StorageError, StoreBusy, WrongMasterKey
from core.evaluation import Evaluation
from core.ids import undashed
from core.messages import tr
from core.validators import mask_name
from sync.blobs import BlobStore
from sync.crypto import DecryptionError, KeyRing, is_sealed, new_key, seal, unseal
from sync.database import iso, migrate, open_connection, storage_error
from sync.documents import (
    PURGED,
    decision_from,
    evaluation_document,
    personal_digest,
    personal_document,
    submission_from,
)
from sync.outbox import enqueue, follow_application

log = logging.getLogger(__name__)


#: the worklist's applicant once an application's personal data is purged
PURGED_NAME = "（已清除）"


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
    hold_reason: str = ""  # the platform's refusal, when held


def default_key_path(db_path: Path | str) -> Path:
    """Where the master key of a store lives when the settings name none: outside the data
    directory, under ``$HALL_KEY_DIR`` or ``~/.local/share/hall-terminal/keys``."""
    base = os.environ.get("HALL_KEY_DIR") or str(
        Path.home() / ".local" / "share" / "hall-terminal" / "keys"
    )
    digest = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]
    return Path(base) / f"{digest}.key"


def key_path(db_path: Path | str, key_file: str | Path = "") -> Path:
    """The master key of a store: ``[storage] key_file`` when set, else the default place.
    Every opener of one store must use this, or they would each make a key of their own."""
    return Path(key_file) if key_file else default_key_path(db_path)


def _chain(prev: str, at: str, event: str, ref: str, detail: str) -> str:
    return hashlib.sha256("\x1f".join((prev, at, event, ref, detail)).encode()).hexdigest()


def record_aad(kind: str, local_id: uuid.UUID) -> bytes:
    """What a sealed record is bound to: its kind (personal, evaluation) and its owner's id,
    so a sealed value moved to another row or column does not open."""
    return kind.encode() + b":" + local_id.bytes


def _recorded_key_check(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = 'master_key_check'").fetchone()
    return None if row is None else str(row[0])


def key_fits(conn: sqlite3.Connection, keyring: KeyRing) -> bool:
    """Whether ``keyring`` is the key this store's data is sealed under: its recorded check
    value, or — a store from before the value was recorded — a data key that unwraps."""
    recorded = _recorded_key_check(conn)
    if recorded is not None:
        return recorded == keyring.check_value()
    sample = conn.execute("SELECT local_id, wrapped FROM data_keys LIMIT 1").fetchone()
    if sample is not None:
        try:
            keyring.unwrap(sample[1], uuid.UUID(sample[0]).bytes)
        except DecryptionError:
            return False
    return True


def audit_chain_ok(conn: sqlite3.Connection) -> bool:
    """Whether every audit record still hashes to the next (no record changed or removed
    from the middle)."""
    prev = ""
    for at, event, ref, detail, digest in conn.execute(
        "SELECT at, event, ref, detail, hash FROM audit ORDER BY seq"
    ):
        if _chain(prev, at, event, ref, detail or "") != digest:
            return False
        prev = digest
    return True


class LocalStore:
    """Applications and evaluations on this terminal. One instance per thread.

    Personal fields are sealed with a per-application data key (sync.crypto) and scans live
    sealed in the blob folder beside the database; the master key comes from ``keyring``.
    Opening seals rows written by versions that stored personal data in clear. The app that
    captures applications opens its store with ``sweep=True`` once at start: scans and keys
    of applications that never committed are removed then, and only then — another
    connection (a CLI, the sync thread) must not sweep while an application is being queued.
    """

    def __init__(
        self,
        path: Path | str,
        clock: Clock,
        keyring: KeyRing | None = None,
        blobs_dir: Path | None = None,
        *,
        sweep: bool = False,
    ) -> None:
        self.path = path
        self.clock = clock
        self.keyring = keyring or KeyRing(default_key_path(path))
        #: the digest of each personal record as this connection last sealed or opened it
        self._sealed_as: dict[uuid.UUID, str] = {}
        self.seals = 0  # personal records sealed by this connection (a benchmark counts them)
        data_dir = Path(path).resolve().parent
        self.blobs = BlobStore(blobs_dir or data_dir / "blobs")
        if self.keyring.path.resolve().parent in (data_dir, self.blobs.root.resolve()):
            raise StorageError(
                f"key file {self.keyring.path} lies beside the data it protects",
                user_message=tr("数据密钥不能与数据存放在同一目录，请联系技术人员调整配置。"),
            )
        self._refuse_lost_store(Path(path))
        self.conn = open_connection(path)
        try:
            self.migrated = migrate(self.conn)
            self._check_key()
            self.sealed_legacy = self._seal_legacy()
            self.swept = self._sweep() if sweep else []
        except sqlite3.Error as e:  # damage found on the way in: said, not a traceback
            self.conn.close()
            raise storage_error(e, path, "open") from e
        except BaseException:
            self.conn.close()
            raise

    def _refuse_lost_store(self, path: Path) -> None:
        """A missing or empty store beside scan folders is a lost store, not a new terminal:
        re-creating it would make the start-up sweep delete every scan. Refuse, delete
        nothing, say why."""
        if path.exists() and path.stat().st_size > 0:
            return
        folders = self.blobs.folders()
        if folders:
            raise StorageError(
                f"store {path} is missing or empty but {len(folders)} scan folders exist in"
                f" {self.blobs.root}: refusing to start (restore the store from a backup)",
                user_message=tr(
                    "本机数据库文件丢失或为空，但仍有扫描件：为免丢失数据已停止运行。"
                    "请联系技术人员从备份恢复（不要删除数据目录）。"
                ),
            )

    # --- keys and sealing ------------------------------------------------------------------

    def _check_key(self) -> None:
        """Refuses a master key other than the one this store's data is sealed under, at
        once and by name (not as a failure of the first row that will not open)."""
        expected = self.keyring.check_value()
        wrong = WrongMasterKey(
            f"master key {self.keyring.path} is not the key of store {self.path}: its data"
            " was sealed under another key (a different [storage] key_file or user account?)"
        )
        if not key_fits(self.conn, self.keyring):
            raise wrong
        if _recorded_key_check(self.conn) is not None:
            return
        with self.transaction() as c:
            # OR IGNORE: another thread of the app may record it at the same moment; then the
            # value recorded is compared below like any other
            c.execute(
                "INSERT OR IGNORE INTO sync_state (key, value) VALUES ('master_key_check', ?)",
                (expected,),
            )
            row = c.execute(
                "SELECT value FROM sync_state WHERE key = 'master_key_check'"
            ).fetchone()
        if row[0] != expected:
            raise wrong

    def _data_key(self, local_id: uuid.UUID, *, create: bool) -> bytes | None:
        row = self.conn.execute(
            "SELECT wrapped FROM data_keys WHERE local_id = ?", (str(local_id),)
        ).fetchone()
        if row is not None:
            return self.keyring.unwrap(row[0], local_id.bytes)
        if not create:
            return None
        key = new_key()
        self.conn.execute(
            "INSERT INTO data_keys (local_id, wrapped) VALUES (?, ?)",
            (str(local_id), self.keyring.wrap(key, local_id.bytes)),
        )
        return key

    def _open_personal(self, local_id: uuid.UUID, blob: bytes) -> dict[str, Any] | None:
        if not blob:
            return None  # purged
        if not is_sealed(blob):
            return dict(json.loads(blob))  # legacy row not yet sealed (no write access)
        key = self._data_key(local_id, create=False)
        if key is None:
            raise StorageError(f"application {local_id}: data key missing")
        return dict(json.loads(unseal(key, blob, record_aad("personal", local_id))))

    def _seal_legacy(self) -> int:
        rows = self.conn.execute(
            "SELECT local_id, personal FROM applications WHERE personal != X''"
            " AND substr(personal, 1, 4) != CAST('HTS1' AS BLOB)"
        ).fetchall()
        if not rows:
            return 0
        with self.transaction() as c:
            for lid, blob in rows:
                local_id = uuid.UUID(lid)
                key = self._data_key(local_id, create=True)
                assert key is not None
                c.execute(
                    "UPDATE applications SET personal = ? WHERE local_id = ?",
                    (seal(key, bytes(blob), record_aad("personal", local_id)), lid),
                )
        self.checkpoint()
        log.info("sealed the personal data of %d applications stored in clear", len(rows))
        return len(rows)

    def _sweep(self) -> list[str]:
        known = {r[0] for r in self.conn.execute("SELECT local_id FROM applications")}
        with self.transaction() as c:
            c.execute(
                "DELETE FROM data_keys WHERE local_id NOT IN (SELECT local_id FROM applications)"
                " AND local_id NOT IN (SELECT local_id FROM evaluations)"
            )
        return self.blobs.sweep(known)

    # --- staff accounts (pulled from the platform, for sign-in offline) ----------------------

    def put_staff(self, version: int, members: list[dict[str, Any]]) -> None:
        """Replaces this terminal's copy of its hall's staff (names and password hashes,
        sealed under the master key) in one transaction."""
        doc = json.dumps({"version": version, "staff": members}, ensure_ascii=False).encode()
        sealed = base64.b64encode(self.keyring.wrap(doc, b"staff")).decode()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO sync_state (key, value) VALUES ('staff', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (sealed,),
            )
            self._audit(c, "staff_list_updated", str(version), f"{len(members)} accounts")

    def staff(self) -> tuple[int, list[dict[str, Any]]]:
        """The staff copy: (version, members); (0, []) before the first pull."""
        row = self.conn.execute("SELECT value FROM sync_state WHERE key = 'staff'").fetchone()
        if row is None:
            return 0, []
        doc = json.loads(self.keyring.unwrap(base64.b64decode(row[0]), b"staff"))
        return int(doc["version"]), list(doc["staff"])

    # --- audit log ------------------------------------------------------------------------

    def _audit(self, c: sqlite3.Connection, event: str, ref: str, detail: str = "") -> None:
        """Appends to the hash chain (inside the caller's transaction). Never personal data."""
        row = c.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else ""
        at = iso(self.clock.now())
        digest = _chain(prev, at, event, ref, detail)
        c.execute(
            "INSERT INTO audit (at, event, ref, detail, hash) VALUES (?, ?, ?, ?, ?)",
            (at, event, ref, detail, digest),
        )

    def audit(self, event: str, ref: str, detail: str = "") -> None:
        """Records an event in the audit chain on its own (never personal data)."""
        with self.transaction() as c:
            self._audit(c, event, ref, detail)

    def audit_head(self) -> str:
        row = self.conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return str(row[0]) if row else ""

    def audit_hash_at(self, count: int) -> str:
        """The chain's hash after its first ``count`` records ("" when it has fewer)."""
        if count <= 0:
            return ""
        row = self.conn.execute(
            "SELECT hash FROM audit ORDER BY seq LIMIT 1 OFFSET ?", (count - 1,)
        ).fetchone()
        return str(row[0]) if row else ""

    def audit_verify(self) -> bool:
        return audit_chain_ok(self.conn)

    def audit_status(self) -> dict[str, object]:
        """The audit chain as the platform's fleet view checks it: how many records, the
        head, and whether every record still hashes to the next."""
        count = int(self.conn.execute("SELECT count(*) FROM audit").fetchone()[0])
        return {"count": count, "head": self.audit_head(), "verified": self.audit_verify()}

    def checkpoint(self) -> None:
        """Moves the WAL into the database and truncates it (after purges and sealing)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- scans ---------------------------------------------------------------------------

    def put_scans(
        self, local_id: uuid.UUID, sources: Sequence[Path | bytes]
    ) -> list[tuple[str, int]]:
        """Seals the scans of an application about to be saved; durable when this returns.

        Returns (sha256, size) of each for its Attachment. One transaction (the application's
        data key) whatever their number. If the application is never saved, the scans are
        removed at the next start.
        """
        if not sources:
            return []
        with self.transaction():
            key = self._data_key(local_id, create=True)
        assert key is not None
        return self.blobs.put(key, local_id, sources)

    def scan_segment(self, local_id: uuid.UUID, sha256: str, size: int, index: int) -> bytes:
        key = self._data_key(local_id, create=False)
        if key is None:
            raise StorageError(f"application {local_id}: data key missing (purged?)")
        return self.blobs.segment(key, local_id, sha256, size, index)

    def read_scan(self, local_id: uuid.UUID, sha256: str, size: int) -> bytes:
        return b"".join(self.scan_segments(local_id, sha256, size))

    def sealed_scan(self, local_id: uuid.UUID, sha256: str) -> tuple[Path, bytes]:
        """A scan's sealed file as it lies on disk and the application's data key that opens
        it (a bundle carries both, the key sealed again for the platform: sync.bundle)."""
        key = self._data_key(local_id, create=False)
        if key is None:
            raise StorageError(f"application {local_id}: data key missing (purged?)")
        return self.blobs.path(local_id, sha256), key

    def scan_segments(self, local_id: uuid.UUID, sha256: str, size: int) -> Iterator[bytes]:
        """A scan's plaintext a segment at a time (a bundle streams it, never whole)."""
        key = self._data_key(local_id, create=False)
        if key is None:
            raise StorageError(f"application {local_id}: data key missing (purged?)")
        return self.blobs.read(key, local_id, sha256, size)

    # --- evaluations --------------------------------------------------------------------

    def save_evaluation(self, e: Evaluation) -> None:
        """Queues an evaluation (好差评) for delivery, durably; idempotent by its local id."""
        doc = evaluation_document(e)
        with self.transaction() as c:
            key = self._data_key(e.local_id, create=True)
            assert key is not None
            sealed = seal(
                key,
                json.dumps(doc, ensure_ascii=False, sort_keys=True).encode(),
                record_aad("evaluation", e.local_id),
            )
            c.execute(
                "INSERT OR IGNORE INTO evaluations (local_id, application_id, satisfaction,"
                " channel, at, terminal_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    str(e.local_id),
                    str(e.application_id or ""),
                    e.satisfaction.value,
                    e.channel.value,
                    iso(e.at),
                    e.terminal_id,
                    sealed,  # the comment is free text a citizen typed: sealed like the rest
                ),
            )
            enqueue(c, OutboxKind.EVALUATION, str(e.local_id), iso(self.clock.now()))
            self._audit(c, "evaluation_queued", str(e.local_id), e.satisfaction.value)

    def evaluated(self, application_id: uuid.UUID) -> bool:
        """Whether an evaluation of this application is already recorded (一次一评)."""
        row = self.conn.execute(
            "SELECT 1 FROM evaluations WHERE application_id = ? LIMIT 1", (str(application_id),)
        ).fetchone()
        return row is not None

    def evaluation_payload(self, local_id: str) -> bytes:
        row = self.conn.execute(
            "SELECT payload FROM evaluations WHERE local_id = ?", (local_id,)
        ).fetchone()
        if row is None:
            raise KeyError(local_id)
        blob = bytes(row[0])
        if not is_sealed(blob):
            return blob  # written before evaluations were sealed (schema v2 rows)
        lid = uuid.UUID(local_id)
        key = self._data_key(lid, create=False)
        if key is None:
            raise StorageError(f"evaluation {local_id}: data key missing (purged?)")
        return unseal(key, blob, record_aad("evaluation", lid))

    # --- retention -------------------------------------------------------------------------

    def purge(self, local_id: uuid.UUID) -> None:
        """Destroys the application's data key, its personal fields and its scans; keeps the
        non-personal record (receipt, item, status, official number) for the worklist."""
        lid = str(local_id)
        with self.transaction() as c:
            c.execute("DELETE FROM data_keys WHERE local_id = ?", (lid,))
            c.execute(
                "UPDATE applications SET personal = X'', purged_at = ? WHERE local_id = ?",
                (iso(self.clock.now()), lid),
            )
            self._audit(c, "purged", lid)
        self._sealed_as.pop(local_id, None)
        self.blobs.remove(local_id)
        self.checkpoint()
        log.info("purged personal data and scans of application %s", lid)

    def purge_due(self, retention_days: int) -> list[uuid.UUID]:
        """Purges applications the platform confirmed more than ``retention_days`` ago, and
        corrections (待补正) the applicant has not come back to complete in that time."""
        cutoff = iso(self.clock.now() - timedelta(days=retention_days))
        confirmed = [s.value for s in Status if s.purgeable]
        rows = self.conn.execute(
            "SELECT local_id FROM applications WHERE purged_at = '' AND updated_at < ?"
            f" AND status IN ({','.join('?' * len(confirmed))})",
            (cutoff, *confirmed),
        ).fetchall()
        purged = [uuid.UUID(r[0]) for r in rows]
        for local_id in purged:
            self.purge(local_id)
        delivered_evaluations = self.conn.execute(
            "SELECT e.local_id FROM evaluations e JOIN outbox o ON o.kind = 'evaluation'"
            " AND o.ref_id = e.local_id WHERE o.state = 'delivered' AND e.payload != X''"
            " AND e.at < ?",
            (cutoff,),
        ).fetchall()
        if delivered_evaluations:
            with self.transaction() as c:
                for (lid,) in delivered_evaluations:
                    c.execute("DELETE FROM data_keys WHERE local_id = ?", (lid,))
                    c.execute("UPDATE evaluations SET payload = X'' WHERE local_id = ?", (lid,))
                    self._audit(c, "evaluation_purged", lid)
            self.checkpoint()
        return purged

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
            if "locked" in str(e) or "busy" in str(e):
                # another connection kept the write lock past the busy timeout: wait, retry
                raise StoreBusy(f"store {self.path} busy: {e}") from e
            raise StorageError(f"store {self.path} unwritable: {e}") from e
        try:
            yield self.conn
        except BaseException as e:
            self._rollback()
            # the disk failing the store (full mid-statement, a damaged page …); a constraint
            # that refuses a write is the caller's to handle, as it was
            if type(e) in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise storage_error(e, self.path, "write") from e  # type: ignore[arg-type]
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as e:  # disk full, I/O error
            self._rollback()
            raise storage_error(e, self.path, "commit") from e

    def _rollback(self) -> None:
        """Rolls back what is still open: after a full disk SQLite may have rolled back on
        its own, and a ROLLBACK then raised "no transaction is active" over the real cause."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error as e:
                log.warning("rollback failed: %s", e)

    # --- applications -------------------------------------------------------------------

    def save(self, app: Application) -> None:
        """Writes the application, its attachments and its whole history in one transaction.

        Raises:
            StorageError: a scan it names was not stored with :meth:`put_scan` first.
        """
        now = iso(self.clock.now())
        for a in app.attachments:
            if not self.blobs.exists(app.local_id, a.sha256) and app.status is not Status.DRAFT:
                purged = self.conn.execute(
                    "SELECT purged_at FROM applications WHERE local_id = ?",
                    (str(app.local_id),),
                ).fetchone()
                if not (purged and purged[0]):
                    raise StorageError(f"scan {a.sha256[:12]}… of {app.local_id} not stored")
        doc = personal_document(app)
        digest = personal_digest(doc)
        with self.transaction() as c:
            exists = c.execute(
                "SELECT status FROM applications WHERE local_id = ?", (str(app.local_id),)
            ).fetchone()
            # a status change leaves the personal record as sealed (it was sealed again at
            # every change: a kiosk submit with 3 scans encrypted it 3 times, issue 21 item 5)
            keep_sealed = exists is not None and self._sealed_as.get(app.local_id) == digest
            personal = b""
            if not keep_sealed:
                key = self._data_key(app.local_id, create=True)
                assert key is not None
                personal = seal(
                    key,
                    json.dumps(doc, ensure_ascii=False).encode(),
                    record_aad("personal", app.local_id),
                )
                self.seals += 1
            if exists is None or exists[0] != app.status.value:
                detail = app.official_number if app.status is Status.DELIVERED else ""
                self._audit(c, app.status.value, str(app.local_id), detail)
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
                iso(app.created_at),
                now,
                personal,
                str(app.local_id),
            )
            if exists and keep_sealed:
                c.execute(
                    "UPDATE applications SET receipt_number=?, item_impl_code=?, item_version=?,"
                    " item_name=?, channel=?, terminal_id=?, status=?, official_number=?,"
                    " hold_reason=?, created_at=?, updated_at=? WHERE local_id=?",
                    row[:-2] + row[-1:],
                )
            elif exists:
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
                [(lid, i, h.status.value, iso(h.at), h.note) for i, h in enumerate(app.history)],
            )
            c.execute("DELETE FROM attachments WHERE local_id = ?", (lid,))
            c.executemany(
                "INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (lid, i, a.material_code, a.sha256, a.pages, a.media_type, a.size)
                    for i, a in enumerate(app.attachments)
                ],
            )
            follow_application(c, app, now)
        self._sealed_as[app.local_id] = digest  # committed: what the record holds now

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
        opened = self._open_personal(local_id, blob)
        personal = opened or PURGED
        if opened is not None:  # what is sealed now: a save that changes none of it keeps it
            self._sealed_as[local_id] = personal_digest(opened)
        consent = None
        if personal["consent"] is not None:
            p = personal["consent"]
            consent = AgentConsent(
                p["agent_id"],
                p["agent_name"],
                ConsentMethod(p["method"]),
                datetime.fromisoformat(p["captured_at"]),
                p["evidence_sha256"],
                p.get("text_version", ""),  # consents stored before versions were kept
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
            checklist={
                code: submission_from(c) for code, c in personal.get("checklist", {}).items()
            },
            attachments=attachments,
            consent=consent,
            official_number=official,
            status=Status(status),
            history=history,
            hold_reason=hold,
            decisions=[decision_from(d) for d in personal.get("decisions", ())],
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

    def find(self, code: str) -> uuid.UUID | None:
        """The application whose provisional receipt number or 办件编号 is ``code`` (as
        :func:`core.ids.typed_code` makes it; a receipt number typed without its hyphens too)."""
        if not code:
            return None
        row = self.conn.execute(
            "SELECT local_id FROM applications WHERE receipt_number = ? OR official_number = ?"
            " OR replace(receipt_number, '-', '') = ? ORDER BY created_at DESC LIMIT 1",
            (code, code, undashed(code)),
        ).fetchone()
        return uuid.UUID(row[0]) if row else None

    def find_by_id_number(self, id_number: str, limit: int = 2000) -> list[uuid.UUID]:
        """Applications of one applicant, newest first (the number is sealed: each recent
        row is opened in turn; a kiosk keeps at most ``retention_days`` of them)."""
        rows = self.conn.execute(
            "SELECT local_id, personal FROM applications ORDER BY local_id DESC LIMIT ?", (limit,)
        ).fetchall()
        found = []
        for lid, blob in rows:
            personal = self._open_personal(uuid.UUID(lid), blob)
            if personal and personal["applicant"]["id_number"] == id_number:
                found.append(uuid.UUID(lid))
        return found

    def summaries(self, limit: int | None = 500, *, names: bool = True) -> list[ApplicationSummary]:
        """The worklist: newest first, applicant masked (nothing personal leaves in clear).
        ``names`` False: no application's personal data is opened — its applicant is ""
        (ask :meth:`masked_applicants` for the rows shown) or "（已清除）" once purged; a list
        of thousands opens only what is on screen."""
        rows = self.conn.execute(
            "SELECT local_id, receipt_number, item_name, channel, status, official_number,"
            " created_at, personal IS NULL OR length(personal) = 0,"
            " CASE WHEN ? THEN personal END, hold_reason"
            " FROM applications ORDER BY local_id DESC LIMIT ?",
            (int(names), -1 if limit is None else limit),
        ).fetchall()
        out = []
        for lid, receipt, item, channel, status, official, created, purged, blob, held in rows:
            local_id = uuid.UUID(lid)
            if purged:
                applicant = PURGED_NAME
            elif names:
                personal = self._open_personal(local_id, blob)
                applicant = mask_name(personal["applicant"]["name"]) if personal else PURGED_NAME
            else:
                applicant = ""
            out.append(
                ApplicationSummary(
                    local_id,
                    receipt,
                    item,
                    Channel(channel),
                    Status(status),
                    official,
                    datetime.fromisoformat(created),
                    applicant,
                    held,
                )
            )
        return out

    def masked_applicants(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The masked applicant of each of ``ids`` (the worklist's rows on screen): their
        personal data opened, nothing else's."""
        out: dict[uuid.UUID, str] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):  # within SQLite's bound parameters
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            for lid, blob in self.conn.execute(
                f"SELECT local_id, personal FROM applications WHERE local_id IN ({marks})",
                [str(i) for i in batch],
            ):
                local_id = uuid.UUID(lid)
                personal = self._open_personal(local_id, blob) if blob else None
                out[local_id] = (
                    mask_name(personal["applicant"]["name"]) if personal else PURGED_NAME
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
