"""What the platform does, without HTTP: terminals and their credentials, replay-safe request
authentication, resumable blob uploads verified by sha256, idempotent applications with
official numbers, evaluations, progress, heartbeats. central/app.py maps it onto routes."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO

from central.db import PlatformDB
from central.replay import ReplayGuard
from core.staff import StaffRole, check_new_password, hash_password
from sync import protocol

CST = timezone(timedelta(hours=8))
log = logging.getLogger(__name__)
#: 办件编号 = item implementation code + yyyyMMdd + 4-digit daily sequence (≤ 50 characters).
PLATFORM_STATES = ("accepted", "correction_requested", "rejected", "completed")
_SHA = frozenset("0123456789abcdef")
SECRET_TTL = 10.0  # seconds a terminal's secret is used from memory


class PlatformError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _valid_sha(text: str) -> bool:
    return len(text) == 64 and set(text) <= _SHA


@dataclass(frozen=True)
class Answer:
    status: int
    doc: dict[str, Any]


class Platform:
    def __init__(
        self, data_dir: Path, *, clock: Any = time.time, quota_bytes: int = 200 << 30
    ) -> None:
        #: what one terminal may store on the platform (scans, whole and partial)
        self.quota_bytes = quota_bytes
        self.data_dir = data_dir
        self.blob_dir = data_dir / "blobs"
        self.blob_dir.mkdir(parents=True, exist_ok=True)
        self.db = PlatformDB(data_dir / "platform.sqlite")
        self.clock = clock
        #: nonces of the skew window, in memory: no durable write to authenticate a request
        self.replays = ReplayGuard(clock())
        #: terminal secrets read lately: terminal id → (secret, when read)
        self._secrets: dict[str, tuple[str, float]] = {}
        #: 一事一码: an item's implementation code names the body that implements it; the
        #: router finds that body (region code, level, department) in the catalogue.
        self.router: Callable[[str], tuple[str, str, str] | None] = lambda impl: None

    # -- terminals and authentication ---------------------------------------------------

    def add_terminal(self, terminal_id: str, name: str = "", hall: str = "") -> str:
        """Enrols a terminal (or rotates its secret) in a hall; returns the new secret."""
        secret = protocol.new_secret()
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO terminals (id, secret, name, hall, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, enabled = 1,"
                " hall = excluded.hall",
                (terminal_id, secret, name, hall, _now()),
            )
        self._secrets.pop(terminal_id, None)
        return secret

    # -- staff accounts -------------------------------------------------------------------

    def add_staff(
        self, number: str, name: str, role: str, password: str, hall: str = ""
    ) -> dict[str, Any]:
        """Creates a staff account or replaces its name, role, hall and password (enabled)."""
        if not (number and len(number) <= 32 and number.isprintable() and "|" not in number):
            raise PlatformError(422, "staff number required (at most 32 printable characters)")
        if not name or len(name) > 64:
            raise PlatformError(422, "name required (at most 64 characters)")
        try:
            staff_role = StaffRole(role)
            check_new_password(password)
        except ValueError as e:
            raise PlatformError(422, f"{e}") from None
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO staff VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (number) DO UPDATE"
                " SET name = excluded.name, role = excluded.role, hall = excluded.hall,"
                " password_hash = excluded.password_hash, enabled = 1,"
                " updated_at = excluded.updated_at",
                (number, name, staff_role.value, hall, hash_password(password), _now()),
            )
            self._bump_staff_version(c)
        return {"number": number, "name": name, "role": staff_role.value, "hall": hall}

    def disable_staff(self, number: str) -> dict[str, Any]:
        with self.db.transaction() as c:
            n = c.execute(
                "UPDATE staff SET enabled = 0, updated_at = ? WHERE number = ?", (_now(), number)
            ).rowcount
            if not n:
                raise PlatformError(404, "no such staff account")
            self._bump_staff_version(c)
        return {"number": number, "enabled": False}

    @staticmethod
    def _bump_staff_version(c: Any) -> None:
        c.execute(
            "INSERT INTO platform_meta VALUES ('staff_version', '1') ON CONFLICT (key)"
            " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def staff_list(self, terminal: str | None = None) -> Answer:
        """The accounts a terminal may sign in (its hall's and those of every hall, disabled
        ones too so that terminals drop them), or every account for the administrator —
        without hashes."""
        c = self.db.conn
        row = c.execute("SELECT value FROM platform_meta WHERE key = 'staff_version'").fetchone()
        version = int(row[0]) if row else 0
        query = "SELECT number, name, role, hall, password_hash, enabled FROM staff"
        args: tuple[str, ...] = ()
        if terminal is not None:
            hall_row = c.execute("SELECT hall FROM terminals WHERE id = ?", (terminal,)).fetchone()
            query += " WHERE hall = '' OR hall = ?"
            args = (hall_row[0] if hall_row else "",)
        members = [
            {
                "number": number,
                "name": name,
                "role": role,
                "hall": hall,
                "enabled": bool(enabled),
                **({"password_hash": digest} if terminal is not None and enabled else {}),
            }
            for number, name, role, hall, digest, enabled in c.execute(
                query + " ORDER BY number", args
            )
        ]
        return Answer(200, {"version": version, "staff": members})

    def precheck(self, headers: dict[str, str]) -> str:
        """What can be checked before a body is read: the authentication headers' form, the
        clock, and an enabled terminal. Returns the terminal id; raises PlatformError(401) —
        with one message for an unknown terminal and a bad signature (which ids exist is not
        told) — or 401 with the server time for a clock too far off."""
        tid = headers.get(protocol.TERMINAL.lower(), "")
        ts = headers.get(protocol.TIMESTAMP.lower(), "")
        nonce = headers.get(protocol.NONCE.lower(), "")
        sig = headers.get(protocol.SIGNATURE.lower(), "")
        well_formed = (
            0 < len(tid) <= 64
            and tid.isascii()
            and tid.isprintable()
            and ts.isascii()
            and ts.isdigit()
            and len(ts) <= 12
            and 16 <= len(nonce) <= 64
            and nonce.isascii()
            and nonce.isalnum()
            and len(sig) == 64
            and set(sig) <= _SHA
        )
        if not well_formed:
            raise PlatformError(401, "missing or malformed authentication headers")
        now = int(self.clock())
        if abs(now - int(ts)) > protocol.MAX_SKEW:
            raise PlatformError(401, "clock skew too large", server_time=now)
        if self.replays.signed_before_start(int(ts)):  # its nonce may have been seen before
            raise PlatformError(401, "signed before the platform started", server_time=now)
        if self._secret(tid) is None:
            raise PlatformError(401, "authentication failed")
        return tid

    def authenticate_digest(
        self, method: str, path_query: str, headers: dict[str, str], digest: str
    ) -> str:
        """The signature over the request with its body's sha256, then the nonce (replays
        refused). Call :meth:`precheck` first (the headers' form and the clock are its)."""
        tid = headers[protocol.TERMINAL.lower()]
        ts = headers[protocol.TIMESTAMP.lower()]
        nonce = headers[protocol.NONCE.lower()]
        sig = headers[protocol.SIGNATURE.lower()]

        def verified(secret: str | None) -> bool:
            return secret is not None and protocol.verify(
                secret, method, path_query, ts, nonce, digest, sig, headers
            )

        if not verified(self._secret(tid)) and not verified(self._secret(tid, fresh=True)):
            raise PlatformError(401, "authentication failed")
        if not self.replays.first_use(tid, nonce, int(self.clock())):
            raise PlatformError(401, "replayed request")
        return tid

    def authenticate(
        self, method: str, path_query: str, headers: dict[str, str], body: bytes
    ) -> str:
        """Returns the terminal id, or raises PlatformError(401) saying why."""
        self.precheck(headers)
        return self.authenticate_digest(method, path_query, headers, protocol.body_digest(body))

    # -- blobs ----------------------------------------------------------------------------

    def _blob_path(self, terminal: str, sha: str, *, part: bool) -> Path:
        folder = self.blob_dir / hashlib.sha256(terminal.encode()).hexdigest()[:16]
        folder.mkdir(exist_ok=True)
        return folder / (sha + (".part" if part else ""))

    def blob_status(self, terminal: str, sha: str) -> Answer:
        if not _valid_sha(sha):
            raise PlatformError(400, "not a sha256")
        row = self.db.conn.execute(
            "SELECT size, received, complete FROM blobs WHERE terminal_id = ? AND sha256 = ?",
            (terminal, sha),
        ).fetchone()
        if row is None:
            return Answer(200, {"sha256": sha, "received": 0, "complete": False})
        return Answer(
            200, {"sha256": sha, "size": row[0], "received": row[1], "complete": bool(row[2])}
        )

    def cleanup_partial_uploads(self, older_than: float = 7 * 86400.0) -> int:
        """Abandoned partial uploads (a station that never came back): their .part files and
        rows go after ``older_than`` seconds without a byte. Returns how many."""
        now = self.clock()
        cutoff = datetime.fromtimestamp(now - older_than, UTC).isoformat(timespec="microseconds")
        removed = 0
        for (terminal,) in self.db.conn.execute("SELECT id FROM terminals").fetchall():
            folder = self._blob_path(terminal, "0" * 64, part=True).parent
            for part in folder.glob("*.part"):
                if part.stat().st_mtime >= now - older_than:
                    continue  # still being uploaded, or resumed lately
                with self.db.transaction() as c:
                    c.execute(
                        "DELETE FROM blobs WHERE terminal_id = ? AND sha256 = ? AND NOT complete",
                        (terminal, part.name.removesuffix(".part")),
                    )
                part.unlink(missing_ok=True)
                removed += 1
        with self.db.transaction() as c:  # declared, never a byte received
            removed += c.execute(
                "DELETE FROM blobs WHERE NOT complete AND received = 0 AND created_at < ?",
                (cutoff,),
            ).rowcount
        if removed:
            log.info("removed %d abandoned partial uploads", removed)
        return removed

    def put_chunk(self, terminal: str, sha: str, size: int, offset: int, data: bytes) -> Answer:
        if not _valid_sha(sha) or size < 0 or offset < 0:
            raise PlatformError(400, "bad blob parameters")
        row = self.db.conn.execute(
            "SELECT size, received, complete FROM blobs WHERE terminal_id = ? AND sha256 = ?",
            (terminal, sha),
        ).fetchone()
        declared, received, complete = row if row is not None else (size, 0, 0)
        if row is None:  # a new blob: within this terminal's quota
            used = self.db.conn.execute(
                "SELECT coalesce(sum(size), 0) FROM blobs WHERE terminal_id = ?", (terminal,)
            ).fetchone()[0]
            if used + size > self.quota_bytes:
                raise PlatformError(
                    507,
                    f"terminal quota of {self.quota_bytes} bytes reached ({used} used);"
                    " ask the platform's administrator",
                    retry_after=3600,
                )
        if complete:
            return Answer(200, {"sha256": sha, "received": declared, "complete": True})
        if declared != size:
            raise PlatformError(422, f"blob size {size} differs from the declared {declared}")
        if offset != received or offset + len(data) > size:
            raise PlatformError(409, "offset does not match what was received", received=received)
        part = self._blob_path(terminal, sha, part=True)
        with open(part, "r+b" if part.exists() else "wb") as f:
            f.seek(offset)
            f.write(data)
            f.truncate(offset + len(data))  # drop bytes of a chunk the DB never recorded
            f.flush()
            os.fsync(f.fileno())
        received = offset + len(data)
        done = received == size
        if done:
            h = hashlib.sha256()
            if offset == 0:  # the whole blob came in this chunk: no need to read it back
                h.update(data)
            else:
                with open(part, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
            if h.hexdigest() != sha:
                part.unlink()
                with self.db.transaction() as c:
                    c.execute(
                        "UPDATE blobs SET received = 0 WHERE terminal_id = ? AND sha256 = ?",
                        (terminal, sha),
                    )
                raise PlatformError(
                    409, "content does not match its sha256; send it again", received=0
                )
            os.replace(part, self._blob_path(terminal, sha, part=False))
        with self.db.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO blobs (terminal_id, sha256, size, created_at)"
                " VALUES (?, ?, ?, ?)",
                (terminal, sha, size, _now()),
            )
            moved = c.execute(
                "UPDATE blobs SET received = ?, complete = ? WHERE terminal_id = ? AND sha256 = ?"
                " AND received = ?",
                (received, int(done), terminal, sha, offset),
            ).rowcount
        if not moved:  # a concurrent upload of the same blob got there first
            raise PlatformError(409, "offset does not match what was received", received=offset)
        return Answer(200, {"sha256": sha, "received": received, "complete": done})

    # -- applications ---------------------------------------------------------------------

    def receive_application(self, terminal: str, key: str, body: bytes) -> Answer:
        doc = _json_object(body)
        for field in (
            "local_id",
            "receipt_number",
            "item_impl_code",
            "item_name",
            "applicant",
            "attachments",
        ):
            if field not in doc:
                raise PlatformError(422, f"missing field {field}")
        if doc["local_id"] != key:
            raise PlatformError(422, "Idempotency-Key must equal the application's local_id")
        impl = str(doc["item_impl_code"])
        if not (1 <= len(impl) <= 32 and impl.isalnum()):
            raise PlatformError(422, "item_impl_code must be 1-32 letters or digits")
        payload_sha = hashlib.sha256(body).hexdigest()
        region, level, department = self.router(impl) or ("", "", "")  # "": not routed yet
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT payload_sha, official_number, received_at FROM applications"
                " WHERE terminal_id = ? AND idem_key = ?",
                (terminal, key),
            ).fetchone()
            if row is not None:
                if row[0] != payload_sha:
                    raise PlatformError(
                        422, "this Idempotency-Key was used with a different application"
                    )
                return Answer(200, self._receipt(key, row[1], row[2], replay=True))
            for a in doc["attachments"]:
                got = c.execute(
                    "SELECT complete, size FROM blobs WHERE terminal_id = ? AND sha256 = ?",
                    (terminal, str(a.get("sha256", ""))),
                ).fetchone()
                if got is None or not got[0] or got[1] != a.get("size"):
                    raise PlatformError(422, f"attachment {a.get('sha256')} not uploaded")
            now = _now()
            official = self._next_number(c, impl)
            c.execute(
                "INSERT INTO applications VALUES (?, ?, ?, ?, ?, 'delivered', ?, ?, ?)",
                (terminal, key, payload_sha, official, impl, body.decode(), now, now),
            )
            c.execute(
                "INSERT INTO progress (terminal_id, idem_key, official_number, status, at)"
                " VALUES (?, ?, ?, 'delivered', ?)",
                (terminal, key, official, now),
            )
            c.execute(  # into the implementing body's queue (市县乡村联动)
                "INSERT INTO routes VALUES (?, ?, ?, ?, ?)",
                (official, region, level, department, now),
            )
        return Answer(201, self._receipt(key, official, now, replay=False))

    def bodies(self) -> Answer:
        """Every implementing body with applications in its queue: open ones (not 办结 or
        不予受理) and all."""
        rows = self.db.conn.execute(
            "SELECT r.region_code, r.level, r.department, count(*),"
            " sum(a.status NOT IN ('completed', 'rejected'))"
            " FROM routes r JOIN applications a USING (official_number)"
            " GROUP BY r.region_code, r.level, r.department ORDER BY r.region_code, r.department"
        ).fetchall()
        return Answer(
            200,
            {
                "bodies": [
                    {
                        "region_code": region,
                        "level": level,
                        "department": department,
                        "applications": n,
                        "open": int(open_ or 0),
                    }
                    for region, level, department, n, open_ in rows
                ]
            },
        )

    def body_queue(self, region_code: str, department: str = "") -> Answer:
        """One body's queue, oldest first: what it has to handle and where each stands."""
        query = (
            "SELECT a.official_number, a.item_impl_code, a.status, a.received_at, a.terminal_id,"
            " r.department FROM routes r JOIN applications a USING (official_number)"
            " WHERE r.region_code = ?"
        )
        args: tuple[str, ...] = (region_code,)
        if department:
            query += " AND r.department = ?"
            args += (department,)
        rows = self.db.conn.execute(query + " ORDER BY a.received_at LIMIT 1000", args).fetchall()
        return Answer(
            200,
            {
                "region_code": region_code,
                "applications": [
                    {
                        "official_number": o,
                        "item_impl_code": impl,
                        "status": status,
                        "received_at": at,
                        "terminal_id": t,
                        "department": d,
                    }
                    for o, impl, status, at, t, d in rows
                ],
            },
        )

    @staticmethod
    def _receipt(key: str, official: str, at: str, *, replay: bool) -> dict[str, Any]:
        return {
            "idempotency_key": key,
            "official_number": official,
            "received_at": at,
            "replayed": replay,
        }

    def _next_number(self, c: Any, impl: str) -> str:
        day = datetime.fromtimestamp(self.clock(), CST).strftime("%Y%m%d")
        prefix = impl + day
        c.execute(
            "INSERT INTO daily_seq VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET n = n + 1",
            (prefix,),
        )
        n = c.execute("SELECT n FROM daily_seq WHERE prefix = ?", (prefix,)).fetchone()[0]
        return f"{prefix}{n:04d}"

    def receive_evaluation(self, terminal: str, key: str, body: bytes) -> Answer:
        doc = _json_object(body)
        if doc.get("local_id") != key:
            raise PlatformError(422, "Idempotency-Key must equal the evaluation's local_id")
        if "satisfaction" not in doc:
            raise PlatformError(422, "missing field satisfaction")
        payload_sha = hashlib.sha256(body).hexdigest()
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT payload_sha, received_at FROM evaluations"
                " WHERE terminal_id = ? AND idem_key = ?",
                (terminal, key),
            ).fetchone()
            if row is not None:
                if row[0] != payload_sha:
                    raise PlatformError(422, "this Idempotency-Key was used with another record")
                return Answer(
                    200, {"idempotency_key": key, "received_at": row[1], "replayed": True}
                )
            now = _now()
            c.execute(
                "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?)",
                (terminal, key, payload_sha, body.decode(), now),
            )
        return Answer(201, {"idempotency_key": key, "received_at": now, "replayed": False})

    # -- progress -------------------------------------------------------------------------

    def progress(self, terminal: str, since: int, limit: int = 500) -> Answer:
        rows = self.db.conn.execute(
            "SELECT seq, idem_key, official_number, status, note, at FROM progress"
            " WHERE terminal_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (terminal, since, limit),
        ).fetchall()
        changes = [
            {
                "seq": s,
                "idempotency_key": k,
                "official_number": o,
                "status": st,
                "note": n,
                "at": at,
            }
            for s, k, o, st, n, at in rows
        ]
        return Answer(200, {"changes": changes, "next": rows[-1][0] if rows else since})

    def lookup(self, *, code: str = "", id_number: str = "") -> Answer:
        """Progress for a citizen at any terminal: by the receipt's query code or the 办件编号,
        or (the ID card read on the terminal's reader) every application of that ID number."""
        if bool(code) == bool(id_number):
            raise PlatformError(422, "give exactly one of code and id_number")
        arg: tuple[str, ...]
        if code:
            where = "official_number = ? OR json_extract(doc, '$.receipt_number') = ?"
            arg = (code, code)
        else:
            where, arg = "json_extract(doc, '$.applicant.id_number') = ?", (id_number,)
        rows = self.db.conn.execute(
            "SELECT a.official_number, json_extract(a.doc, '$.receipt_number'),"
            " json_extract(a.doc, '$.item_name'), a.status, a.received_at, a.updated_at,"
            " (SELECT note FROM progress p WHERE p.official_number = a.official_number"
            "  ORDER BY seq DESC LIMIT 1)"
            f" FROM applications a WHERE {where} ORDER BY a.received_at DESC LIMIT 20",
            arg,
        ).fetchall()
        return Answer(
            200,
            {
                "applications": [
                    {
                        "official_number": o,
                        "receipt_number": r,
                        "item_name": n,
                        "status": st,
                        "received_at": rec,
                        "updated_at": up,
                        "note": note or "",
                    }
                    for o, r, n, st, rec, up, note in rows
                ]
            },
        )

    def set_status(self, official_number: str, status: str, note: str = "") -> Answer:
        if status not in PLATFORM_STATES:
            raise PlatformError(422, f"status must be one of {', '.join(PLATFORM_STATES)}")
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT terminal_id, idem_key FROM applications WHERE official_number = ?",
                (official_number,),
            ).fetchone()
            if row is None:
                raise PlatformError(404, f"no application {official_number}")
            now = _now()
            c.execute(
                "UPDATE applications SET status = ?, updated_at = ? WHERE official_number = ?",
                (status, now, official_number),
            )
            c.execute(
                "INSERT INTO progress (terminal_id, idem_key, official_number, status, note, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (row[0], row[1], official_number, status, note, now),
            )
        return Answer(200, {"official_number": official_number, "status": status})

    # -- configuration pushed to terminals ---------------------------------------------------

    def set_config(self, terminal: str, doc: dict[str, Any]) -> Answer:
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT version FROM terminal_config WHERE terminal_id = ?", (terminal,)
            ).fetchone()
            version = (row[0] if row else 0) + 1
            c.execute(
                "INSERT INTO terminal_config VALUES (?, ?, ?, ?) ON CONFLICT (terminal_id)"
                " DO UPDATE SET version = excluded.version, doc = excluded.doc, at = excluded.at",
                (terminal, version, json.dumps(doc, ensure_ascii=False), _now()),
            )
        return Answer(200, {"terminal_id": terminal, "version": version})

    def config(self, terminal: str) -> Answer:
        row = self.db.conn.execute(
            "SELECT version, doc FROM terminal_config WHERE terminal_id = ?", (terminal,)
        ).fetchone()
        if row is None:
            return Answer(200, {"version": 0, "config": {}})
        return Answer(200, {"version": row[0], "config": json.loads(row[1])})

    # -- catalogue changes ------------------------------------------------------------------

    def set_catalogue_base(self, version: str) -> None:
        """The catalogue every terminal starts from; changes are counted after it."""
        with self.db.transaction() as c:
            c.execute(
                "INSERT OR IGNORE INTO platform_meta VALUES ('catalogue_base', ?)", (version,)
            )

    def catalogue_base(self) -> str:
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = 'catalogue_base'"
        ).fetchone()
        return str(row[0]) if row else ""

    def record_catalogue_change(self, op: str, impl_code: str) -> int:
        with self.db.transaction() as c:
            cur = c.execute(
                "INSERT INTO catalogue_changes (op, impl_code, at) VALUES (?, ?, ?)",
                (op, impl_code, _now()),
            )
            return int(cur.lastrowid or 0)

    def catalogue_cursor(self) -> int:
        """The sequence number of the latest catalogue change (0: none yet)."""
        row = self.db.conn.execute("SELECT max(seq) FROM catalogue_changes").fetchone()
        return int(row[0] or 0)

    def catalogue_changes(self, since: int, limit: int) -> tuple[list[tuple[int, str, str]], int]:
        rows = self.db.conn.execute(
            "SELECT seq, op, impl_code FROM catalogue_changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (since, limit),
        ).fetchall()
        return [(int(a), str(b), str(c)) for a, b, c in rows], (rows[-1][0] if rows else since)

    # -- bundles (stations offline for very long) ----------------------------------------

    def _secret(self, terminal_id: str, *, fresh: bool = False) -> str | None:
        """An enabled terminal's secret, read at most every SECRET_TTL seconds (two reads a
        request were 5 % of central's busy time). A secret rotated by another process (the
        `hall-central terminal add` CLI) is read again when a signature does not verify; a
        terminal disabled elsewhere is refused within SECRET_TTL."""
        now = time.monotonic()
        known = self._secrets.get(terminal_id)
        if known is not None and not fresh and now - known[1] < SECRET_TTL:
            return known[0]
        row = self.db.conn.execute(
            "SELECT secret FROM terminals WHERE id = ? AND enabled", (terminal_id,)
        ).fetchone()
        if row is None:
            self._secrets.pop(terminal_id, None)
            return None
        self._secrets[terminal_id] = (str(row[0]), now)
        return str(row[0])

    def import_bundle(self, data: bytes | BinaryIO, carried_by: str = "") -> Answer:
        """Delivers a bundle's items as if its terminal had sent them, as they stream out of
        it: deduplicated by their Idempotency-Keys (a second import, or the station's own
        later delivery, adds nothing)."""
        from sync.bundle import iter_bundle

        source = io.BytesIO(data) if isinstance(data, bytes) else data
        result: dict[str, Any] = {
            "terminal_id": "",
            "carried_by": carried_by,
            "applications_new": 0,
            "applications_known": 0,
            "evaluations_new": 0,
            "evaluations_known": 0,
            "refused": [],
        }
        try:
            for kind, key, body in iter_bundle(source, self._secret):
                if kind == "header":
                    result["terminal_id"] = json.loads(body)["terminal_id"]
                    continue
                terminal = str(result["terminal_id"])
                if kind == "blob":
                    self._bundle_blob(terminal, key, body)
                    continue
                try:
                    a = (
                        self.receive_application
                        if kind == "application"
                        else self.receive_evaluation
                    )(terminal, key, body)
                except PlatformError as e:
                    result["refused"].append({"key": key, "reason": e.message})
                    continue
                plural = "applications" if kind == "application" else "evaluations"
                result[f"{plural}_new" if a.status == 201 else f"{plural}_known"] += 1
        except PlatformError:
            raise
        except Exception as e:
            raise PlatformError(422, f"bundle refused: {e}") from None
        return Answer(200, result)

    def _bundle_blob(self, terminal: str, sha: str, data: bytes) -> None:
        """A scan carried in a bundle: stored as the upload worker would, resuming from what
        a link already delivered (a scan partly uploaded before the station went offline)."""
        for _ in range(3):  # a concurrent upload may move the offset under us
            status = self.blob_status(terminal, sha).doc
            if status.get("complete"):
                return
            received = int(status.get("received", 0))
            if status.get("size", len(data)) != len(data):
                received = 0  # declared with another size: the bundle's bytes decide
            try:
                self.put_chunk(terminal, sha, len(data), received, data[received:])
                return
            except PlatformError as e:
                if e.status != 409:
                    raise
        raise PlatformError(409, f"blob {sha} could not be stored from the bundle")

    # -- fleet ----------------------------------------------------------------------------

    def heartbeat(self, terminal: str, body: bytes) -> Answer:
        doc = _json_object(body)
        with self.db.transaction(durable=False) as c:  # last contact: no fsync needed
            c.execute(
                "INSERT INTO heartbeats VALUES (?, ?, ?) ON CONFLICT (terminal_id)"
                " DO UPDATE SET at = excluded.at, doc = excluded.doc",
                (terminal, _now(), json.dumps(doc, ensure_ascii=False)),
            )
        return Answer(200, {"ok": True, "server_time": int(self.clock())})

    def fleet(self) -> Answer:
        rows = self.db.conn.execute(
            "SELECT t.id, t.name, h.at, h.doc,"
            " (SELECT count(*) FROM applications a WHERE a.terminal_id = t.id)"
            " FROM terminals t LEFT JOIN heartbeats h ON h.terminal_id = t.id ORDER BY t.id"
        ).fetchall()
        return Answer(
            200,
            {
                "terminals": [
                    {
                        "id": i,
                        "name": n,
                        "last_heartbeat": at,
                        "heartbeat": json.loads(d) if d else None,
                        "applications": count,
                    }
                    for i, n, at, d, count in rows
                ]
            },
        )

    def counts(self) -> dict[str, int]:
        c = self.db.conn
        return {
            "applications": c.execute("SELECT count(*) FROM applications").fetchone()[0],
            "evaluations": c.execute("SELECT count(*) FROM evaluations").fetchone()[0],
            "blobs": c.execute("SELECT count(*) FROM blobs WHERE complete").fetchone()[0],
        }


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PlatformError(400, "body is not JSON") from None
    if not isinstance(doc, dict):
        raise PlatformError(400, "body must be a JSON object")
    return doc
