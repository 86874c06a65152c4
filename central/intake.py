"""Intake: what terminals deliver — scans uploaded resumably and verified by sha256,
applications (exactly once by Idempotency-Key, each given its 办件编号 and routed to the body that
implements its item), evaluations, and bundles carried from stations offline for long."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from datetime import UTC, datetime
from typing import Any, BinaryIO

from central.base import (
    Answer,
    PlatformBase,
    PlatformError,
    canonical,
    json_object,
    valid_sha,
)
from core.application import Status
from core.catalogue.models import Handling, ServiceItem
from core.clock import CST
from core.fees import fee_lines
from core.instant import instant_result
from core.protocol import SEGMENT

log = logging.getLogger(__name__)


class Intake(PlatformBase):
    def blob_status(self, terminal: str, sha: str) -> Answer:
        if not valid_sha(sha):
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
        """Abandoned partial uploads (a station that never came back): their chunks and rows
        go after ``older_than`` seconds without a byte. Returns how many."""
        cutoff = datetime.fromtimestamp(self.clock() - older_than, UTC).isoformat(
            timespec="microseconds"
        )
        stale = self.db.conn.execute(
            "SELECT terminal_id, sha256 FROM blobs WHERE complete = 0"
            " AND (CASE WHEN updated_at = '' THEN created_at ELSE updated_at END) < ?",
            (cutoff,),
        ).fetchall()
        removed = 0
        for terminal, sha in stale:
            with self.db.lock(f"blob {terminal} {sha}"):
                with self.db.transaction() as c:
                    gone = c.execute(
                        "DELETE FROM blobs WHERE terminal_id = ? AND sha256 = ? AND complete = 0"
                        " AND (CASE WHEN updated_at = '' THEN created_at ELSE updated_at END) < ?",
                        (terminal, sha, cutoff),
                    ).rowcount
                if gone:  # not resumed meanwhile
                    self.blobs.discard(terminal, sha)
                    removed += 1
        if removed:
            log.info("removed %d abandoned partial uploads", removed)
        return removed

    def put_chunk(
        self,
        terminal: str,
        sha: str,
        size: int,
        offset: int,
        data: bytes,
        *,
        partial: bool = False,
    ) -> Answer:
        """Keeps a chunk at ``offset``. ``partial``: the bytes a connection brought before it
        broke — kept (a link that resets every few hundred kilobytes still advances, issue 22
        item 14); the scan's sha256, checked when its last byte arrives, vouches for them as
        for every other byte."""
        if not valid_sha(sha) or size < 0 or offset < 0:
            raise PlatformError(400, "bad blob parameters")
        # one writer of a scan at a time, whichever central process (replicas share the scan
        # storage): the check of what was received, the write and its record happen under
        # the scan's lock — two replicas given the same chunk at once cannot both write it,
        # nor one drop what the other is writing
        with self.db.lock(f"blob {terminal} {sha}"):
            return self._put_chunk_locked(terminal, sha, size, offset, data, partial)

    def chunk_precheck(self, terminal: str, sha: str, size: int, offset: int) -> Answer | None:
        """What a chunk's headers alone decide, before its body is read (the terminal waits
        for ``100 Continue``, so a chunk the platform would refuse is never sent): the answer,
        or None to go on. Advisory — put_chunk checks again under the scan's lock."""
        if not valid_sha(sha) or size < 0 or offset < 0:
            raise PlatformError(400, "bad blob parameters")
        early = self._chunk_state(terminal, sha, size, offset)
        return early if isinstance(early, Answer) else None

    def _chunk_state(self, terminal: str, sha: str, size: int, offset: int) -> Answer | int:
        """The answer to a chunk at ``offset`` that needs no body, or what was received."""
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
        if offset != received:
            raise PlatformError(409, "offset does not match what was received", received=received)
        return int(received)

    def _put_chunk_locked(
        self, terminal: str, sha: str, size: int, offset: int, data: bytes, partial: bool
    ) -> Answer:
        state = self._chunk_state(terminal, sha, size, offset)
        if isinstance(state, Answer):
            return state
        if offset + len(data) > size:
            raise PlatformError(409, "offset does not match what was received", received=state)
        if partial and not data:
            return Answer(200, {"sha256": sha, "received": offset, "complete": False})
        received = offset + len(data)
        done = received == size
        mismatch = PlatformError(
            409, "content does not match its sha256; send it again", received=0
        )
        if done and offset == 0:  # the whole scan in this chunk: checked before it is kept
            if hashlib.sha256(data).hexdigest() != sha:
                raise mismatch
            self.blobs.put_whole(terminal, sha, data)
        else:
            self.blobs.write(terminal, sha, offset, data)
            if done and not self.blobs.finish(terminal, sha):  # one streamed pass
                with self.db.transaction() as c:
                    c.execute(
                        "UPDATE blobs SET received = 0 WHERE terminal_id = ? AND sha256 = ?",
                        (terminal, sha),
                    )
                raise mismatch
        now = self.now_iso()
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO blobs (terminal_id, sha256, size, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (terminal, sha, size, now),
            )
            moved = c.execute(
                "UPDATE blobs SET received = ?, complete = ?, updated_at = ?"
                " WHERE terminal_id = ? AND sha256 = ? AND received = ?",
                (received, int(done), now, terminal, sha, offset),
            ).rowcount
        if not moved:  # cannot happen under the lock; said rather than trusted
            raise PlatformError(409, "offset does not match what was received", received=offset)
        return Answer(200, {"sha256": sha, "received": received, "complete": done})

    def receive_application(self, terminal: str, key: str, body: bytes) -> Answer:
        doc = json_object(body)
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
        attachments = doc["attachments"]
        if not isinstance(attachments, list) or not all(
            isinstance(a, dict)
            and isinstance(a.get("sha256"), str)
            and isinstance(a.get("size"), int)
            and not isinstance(a.get("size"), bool)
            for a in attachments
        ):
            raise PlatformError(422, "attachments must be a list of {sha256, size, …} objects")
        decided = _counter_decision(doc.get("decisions"))
        checklist = doc.get("checklist")
        # the e-licences it names, verified again: well formed, and answered by the library
        # to this terminal for this application (central.licences)
        self.check_licences_used(
            terminal,
            key,
            [
                str(entry["elicence"])
                for entry in (checklist.values() if isinstance(checklist, dict) else ())
                if isinstance(entry, dict) and entry.get("elicence")
            ],
        )
        payload_sha = hashlib.sha256(body).hexdigest()
        # the item, read once: its implementing body (一事一码) and whether it is a 即办件
        item = self.catalogue_item(impl)
        routed = (item.region_code, str(item.level.value), item.department) if item else None
        region, level, department = routed or self.router(impl) or ("", "", "")  # "": not yet
        instant_item = item if item is not None and item.handling is Handling.IMMEDIATE else None
        given = doc.get("applicant")
        applicant: dict[str, Any] = given if isinstance(given, dict) else {}
        # the applicant's digest, for a 即办件 alone (its records are looked up by it)
        holder = self.person_digest(str(applicant.get("id_number", ""))) if instant_item else ""
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
            for a in attachments:
                got = c.execute(
                    "SELECT complete, size FROM blobs WHERE terminal_id = ? AND sha256 = ?",
                    (terminal, str(a.get("sha256", ""))),
                ).fetchone()
                if got is None or not got[0] or got[1] != a.get("size"):
                    raise PlatformError(422, f"attachment {a.get('sha256')} not uploaded")
            now = self.now_iso()
            official = self._next_number(c, impl)
            c.execute(
                "INSERT INTO applications VALUES (?, ?, ?, ?, ?, 'delivered', ?, ?, ?)",
                (terminal, key, payload_sha, official, impl, canonical(doc), now, now),
            )
            c.execute(
                "INSERT INTO progress (terminal_id, idem_key, official_number, status, at)"
                " VALUES (?, ?, ?, 'delivered', ?)",
                (terminal, key, official, now),
            )
            if decided is None and instant_item is not None:
                self._decide_at_once(
                    c, terminal, key, official, instant_item, applicant, holder, checklist
                )
            if decided is not None:  # 受理 or 不予受理 at the hall's window: the platform's too
                status, note = decided
                c.execute(
                    "UPDATE applications SET status = ? WHERE terminal_id = ? AND idem_key = ?",
                    (status, terminal, key),
                )
                c.execute(
                    "INSERT INTO progress (terminal_id, idem_key, official_number, status, note,"
                    " at) VALUES (?, ?, ?, ?, ?, ?)",
                    (terminal, key, official, status, note, now),
                )
                if status == "accepted":  # 受理 at the window: the legal clock starts today
                    self._start_clock(c, official, impl)
                    if item is not None:  # a fee falls due: its payment code
                        self._issue_payment(c, terminal, official, item)
            c.execute(  # into the implementing body's queue (市县乡村联动)
                "INSERT INTO routes VALUES (?, ?, ?, ?, ?)",
                (official, region, level, department, now),
            )
        return Answer(201, self._receipt(key, official, now, replay=False))

    def _decide_at_once(
        self,
        c: Any,
        terminal: str,
        key: str,
        official: str,
        item: ServiceItem,
        applicant: dict[str, Any],
        holder: str,
        checklist: object,
    ) -> None:
        """即办/秒批 (core.instant): a 即办件 whose result the platform can give now is 办结
        as it arrives, its result kept for the terminal to print."""
        held = {
            str(t)
            for (t,) in c.execute("SELECT type_name FROM elicences WHERE holder = ?", (holder,))
        }
        entries = checklist if isinstance(checklist, dict) else {}
        result = instant_result(
            item,
            holder_name=str(applicant.get("name", "")),
            official_number=official,
            held_types=held,
            from_licences={
                str(code): bool(e.get("via_elicence") and e.get("elicence"))
                for code, e in entries.items()
                if isinstance(e, dict)
            },
            key=self._person_key(),
        )
        if result is None:
            return
        now = self.now_iso()
        # a fee-bearing 即办件 is accepted and waits for its payment: 办结 comes with it
        # (central.payments.mark_paid), its result is not given before
        fee_due = bool(fee_lines(item))
        status, note = (
            (Status.ACCEPTED.value, "即办件：待缴费，缴费后系统即时办结")
            if fee_due
            else (Status.COMPLETED.value, "即办件：系统自动核验，当场办结")
        )
        c.execute(
            "UPDATE applications SET status = ?, updated_at = ?"
            " WHERE terminal_id = ? AND idem_key = ?",
            (status, now, terminal, key),
        )
        c.execute(
            "INSERT INTO progress (terminal_id, idem_key, official_number, status, note, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (terminal, key, official, status, note, now),
        )
        if fee_due:
            self._issue_payment(c, terminal, official, item)
        doc: dict[str, Any] = {
            "title": result.title,
            "lines": list(result.lines),
            "verify": result.verify_code,
        }
        if fee_due:
            doc["awaiting_payment"] = True
        c.execute(
            "INSERT INTO instant_results VALUES (?, ?, ?, ?)",
            (official, terminal, json.dumps(doc, ensure_ascii=False), now),
        )

    def instant_statistics(self) -> dict[str, Any]:
        c = self.db.conn
        total = int(c.execute("SELECT count(*) FROM applications").fetchone()[0])
        at_once = int(c.execute("SELECT count(*) FROM instant_results").fetchone()[0])
        items, immediate = self.catalogue_counts()
        return {
            "items": {
                "total": items,
                "immediate": immediate,
                "share": round(immediate / items, 3) if items else None,
            },
            "applications": {
                "total": total,
                "decided_at_once": at_once,
                "share": round(at_once / total, 3) if total else None,
            },
        }

    def instant_result_of(self, terminal: str, official_number: str) -> Answer:
        """The result the platform issued at once for one of this terminal's applications
        (404: none — an ordinary application, or not decided at once)."""
        row = self.db.conn.execute(
            "SELECT doc, at FROM instant_results WHERE official_number = ? AND terminal_id = ?",
            (official_number[:64], terminal),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"no instant result for {official_number[:64]}")
        doc = json.loads(row[0])
        if doc.get("awaiting_payment"):  # decided once its fee is paid, not before
            payment = self.payments_of([official_number]).get(official_number, {})
            raise PlatformError(409, "待缴费：缴费后即时办结", payment=payment)
        return Answer(200, {**doc, "official_number": official_number, "at": row[1]})

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
        cur = c.execute(
            "INSERT INTO daily_seq VALUES (?, 1) ON CONFLICT (prefix)"
            " DO UPDATE SET n = daily_seq.n + 1 RETURNING n",
            (prefix,),
        )
        n = cur.fetchone()[0]
        return f"{prefix}{n:04d}"

    def receive_evaluation(self, terminal: str, key: str, body: bytes) -> Answer:
        doc = json_object(body)
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
            now = self.now_iso()
            c.execute(
                "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?)",
                (terminal, key, payload_sha, canonical(doc), now),
            )
            self._open_case(c, terminal, key, doc, now)  # a 差评: its case, in the same commit
        return Answer(201, {"idempotency_key": key, "received_at": now, "replayed": False})

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
                if kind == "refused":  # a member the routes would refuse: said, not imported
                    result["refused"].append({"key": key, "reason": body.decode()})
                    continue
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
            # what came before the damage is delivered (each item on its own): say so
            new = result["applications_new"] + result["evaluations_new"]
            raise PlatformError(
                422,
                f"bundle refused: {e}"
                + (
                    f" — delivered before the damage: {result['applications_new']} new"
                    f" applications, {result['evaluations_new']} new evaluations"
                    if new
                    else ""
                ),
                delivered=result,
            ) from None
        return Answer(200, result)

    def _bundle_blob(self, terminal: str, sha: str, blob: Any) -> None:
        """A scan carried in a bundle, streamed into storage in segments as the upload worker
        sends it (never whole in memory), resuming from what a link already delivered (a scan
        partly uploaded before the station went offline); its sha256 checked at the end."""
        if not valid_sha(sha):
            raise PlatformError(422, "a scan must be named by its sha256")
        size = int(blob.size)
        status = self.blob_status(terminal, sha).doc
        if status.get("complete"):
            return
        received = int(status.get("received", 0))
        if status.get("size", size) != size:
            received = 0  # declared with another size: the bundle's bytes decide
        blob.skip(received)
        while True:
            data = blob.read(min(SEGMENT * 4, size - received)) if received < size else b""
            if not data and received < size:
                raise PlatformError(422, f"blob {sha[:12]} ends before its size")
            self.put_chunk(terminal, sha, size, received, data)
            received += len(data)
            if received >= size:
                return


#: a decision taken at the hall's window, as the platform records it (a station's 代办提交 and
#: a 补正 visit leave the application delivered, for the hall to decide)
_WINDOW_DECISIONS = {"accept": ("accepted", "窗口受理"), "reject": ("rejected", "不予受理")}
_DECISION_KINDS = ("accept", "correction", "reject", "submit")


def _counter_decision(decisions: object) -> tuple[str, str] | None:
    """The platform status and note the application's last counter decision gives it (None:
    none, or one that leaves the decision to the hall).

    Raises:
        PlatformError: 422 when ``decisions`` is not a list of {kind, at, …} objects.
    """
    if decisions is None:
        return None
    if not isinstance(decisions, list) or not all(
        isinstance(d, dict)
        and d.get("kind") in _DECISION_KINDS
        and isinstance(d.get("at"), str)
        and all(isinstance(d.get(k, ""), str) for k in ("clerk_id", "clerk_name", "window"))
        and isinstance(d.get("reason", ""), str)
        and isinstance(d.get("basis", ""), str)
        and isinstance(d.get("ticket", ""), str)
        for d in decisions
    ):
        raise PlatformError(
            422, "decisions must be a list of {kind: accept|correction|reject|submit, at, …}"
        )
    if not decisions:
        return None
    last = decisions[-1]
    found = _WINDOW_DECISIONS.get(last["kind"])
    if found is None:
        return None
    status, note = found
    if last["kind"] == "reject":
        if not last.get("reason", "").strip():
            raise PlatformError(422, "a rejection (不予受理) needs its reason")
        basis = last.get("basis", "").strip()
        note = f"不予受理：{last['reason']}" + (f"（依据：{basis}）" if basis else "")
    return status, note
