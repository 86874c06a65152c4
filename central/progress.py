"""Progress and look-up: the platform's decisions on applications and the changes terminals
pull, look-up by code or ID number, each body's queue, the configuration pushed to terminals,
and the fleet (heartbeats)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, canonical, json_object, text_field
from core.application import PLATFORM_DECISIONS
from core.ids import undashed

#: the decisions the platform takes on a delivered application, as the wire names them
PLATFORM_STATES = tuple(s.value for s in PLATFORM_DECISIONS)


class Progress(PlatformBase):
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

        def field(path: str) -> str:  # a row stored before documents were checked reads as NULL
            return f"CASE WHEN json_valid(a.doc) THEN json_extract(a.doc, '{path}') END"

        if code:
            # a receipt number typed without its hyphens is the same number
            where = (
                f"a.official_number = ? OR {field('$.receipt_number')} = ?"
                f" OR replace({field('$.receipt_number')}, '-', '') = ?"
            )
            arg = (code, code, undashed(code))
        else:
            where, arg = f"{field('$.applicant.id_number')} = ?", (id_number,)
        rows = self.db.conn.execute(
            f"SELECT a.official_number, {field('$.receipt_number')}, {field('$.item_name')},"
            " a.status, a.received_at, a.updated_at,"
            " (SELECT note FROM progress p WHERE p.official_number = a.official_number"
            "  ORDER BY seq DESC LIMIT 1)"
            f" FROM applications a WHERE {where} ORDER BY a.received_at DESC LIMIT 20",
            arg,
        ).fetchall()
        # a 差评's answer (整改 or 解释说明) is public: the citizen reads it here
        answers = self.case_answers([r[0] for r in rows])
        # what the payment platform said of its fees (the terminal never decides it)
        payments = self.payments_of([r[0] for r in rows])
        posted = self.deliveries_of([r[0] for r in rows])
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
                        **({"evaluation_answer": answers[o]} if o in answers else {}),
                        **({"payment": _payment_summary(payments[o])} if o in payments else {}),
                        **({"delivery": posted[o]} if o in posted else {}),
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
                "SELECT terminal_id, idem_key, item_impl_code FROM applications"
                " WHERE official_number = ?",
                (official_number,),
            ).fetchone()
            if row is None:
                raise PlatformError(404, f"no application {official_number}")
            now = self.now_iso()
            c.execute(
                "UPDATE applications SET status = ?, updated_at = ? WHERE official_number = ?",
                (status, now, official_number),
            )
            c.execute(
                "INSERT INTO progress (terminal_id, idem_key, official_number, status, note, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (row[0], row[1], official_number, status, note, now),
            )
            if status == "accepted":  # 受理: the legal clock starts, a fee falls due
                self._start_clock(c, official_number, row[2])
                item = self.catalogue_item(row[2])
                if item is not None:
                    self._issue_payment(c, row[0], official_number, item)
            elif status in ("completed", "rejected"):
                self._stop_clock(c, official_number)
        return Answer(200, {"official_number": official_number, "status": status})

    def set_config(self, terminal: str, doc: dict[str, Any]) -> Answer:
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT version FROM terminal_config WHERE terminal_id = ?", (terminal,)
            ).fetchone()
            version = (row[0] if row else 0) + 1
            c.execute(
                "INSERT INTO terminal_config VALUES (?, ?, ?, ?) ON CONFLICT (terminal_id)"
                " DO UPDATE SET version = excluded.version, doc = excluded.doc, at = excluded.at",
                (terminal, version, json.dumps(doc, ensure_ascii=False), self.now_iso()),
            )
        return Answer(200, {"terminal_id": terminal, "version": version})

    def set_delivery(self, official_number: str, carrier: str, tracking: str) -> Answer:
        """物流寄递: the carrier's tracking number of a result sent by post (the citizen reads it
        at the progress query)."""
        carrier, tracking = carrier.strip()[:20], tracking.strip()[:40]
        if not tracking or not tracking.replace("-", "").isalnum():
            raise PlatformError(422, "tracking: the carrier's number (letters and digits)")
        with self.db.transaction() as c:
            if (
                c.execute(
                    "SELECT 1 FROM applications WHERE official_number = ?", (official_number,)
                ).fetchone()
                is None
            ):
                raise PlatformError(404, f"no application {official_number}")
            c.execute(
                "INSERT INTO deliveries VALUES (?, ?, ?, ?) ON CONFLICT (official_number)"
                " DO UPDATE SET carrier = excluded.carrier, tracking = excluded.tracking,"
                " at = excluded.at",
                (official_number, carrier or "中国邮政", tracking, self.now_iso()),
            )
        return Answer(200, {"official_number": official_number, "carrier": carrier or "中国邮政",
                            "tracking": tracking})  # fmt: skip

    def deliveries_of(self, officials: list[str]) -> dict[str, dict[str, str]]:
        if not officials:
            return {}
        marks = ",".join("?" * len(officials))
        return {
            o: {"carrier": carrier, "tracking": tracking, "at": at}
            for o, carrier, tracking, at in self.db.conn.execute(
                "SELECT official_number, carrier, tracking, at FROM deliveries"
                f" WHERE official_number IN ({marks})",
                officials,
            )
        }

    def config(self, terminal: str) -> Answer:
        """A terminal's configuration, and the version of the working-day calendar it should
        hold (it fetches the calendar when its own differs: GET /v1/calendar)."""
        c = self.db.conn
        row = c.execute(
            "SELECT version, doc FROM terminal_config WHERE terminal_id = ?", (terminal,)
        ).fetchone()
        calendar = c.execute(
            "SELECT json_extract(value, '$.version') FROM platform_meta WHERE key = 'work_calendar'"
        ).fetchone()
        held = {"calendar_version": str(calendar[0])} if calendar else {}
        if row is None:
            return Answer(200, {"version": 0, "config": {}, **held})
        return Answer(200, {"version": row[0], "config": json.loads(row[1]), **held})

    def bodies(self) -> Answer:
        """Every implementing body with applications in its queue: open ones (not 办结 or
        不予受理) and all."""
        rows = self.db.conn.execute(
            "SELECT r.region_code, r.level, r.department, count(*),"
            " sum(CASE WHEN a.status NOT IN ('completed', 'rejected') THEN 1 ELSE 0 END)"
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

    def heartbeat(self, terminal: str, body: bytes) -> Answer:
        doc = json_object(body)
        audit = doc.get("audit")
        c = self.db.conn
        before = c.execute("SELECT doc FROM heartbeats WHERE terminal_id = ?", (terminal,))
        row = before.fetchone()
        previous = json.loads(row[0]) if row else {}
        alarm = str(previous.get("audit_alarm", ""))  # kept until someone looks into it
        if isinstance(audit, dict) and not alarm:
            alarm = _audit_alarm(previous.get("audit"), audit)
        if alarm:
            doc["audit_alarm"] = alarm
        crashes = doc.pop("crashes", None)
        # last contact: no fsync needed, and one upsert of this terminal's own row needs no
        # turn among the writers
        with self.db.transaction(durable=False, serial=False) as c:
            for crash in crashes[:3] if isinstance(crashes, list) else []:
                if isinstance(crash, dict):  # an app's crash report: kept for the fleet
                    c.execute(
                        "INSERT INTO crash_reports (terminal_id, at, doc) VALUES (?, ?, ?)",
                        (terminal, text_field(crash, "at", 40), canonical(crash)),
                    )
            c.execute(
                "INSERT INTO heartbeats VALUES (?, ?, ?) ON CONFLICT (terminal_id)"
                " DO UPDATE SET at = excluded.at, doc = excluded.doc",
                (terminal, self.now_iso(), json.dumps(doc, ensure_ascii=False)),
            )
        answer: dict[str, Any] = {"ok": True, "server_time": int(self.clock())}
        if isinstance(audit, dict) and isinstance(audit.get("count"), int):
            answer["audit_count"] = audit["count"]  # asked back as "seen" next time
        offer = self.update_offer(terminal)  # a signed new version for it (central.releases)
        if offer is not None:
            answer["update"] = offer
        return Answer(200, answer)

    def fleet(self, hall: str | None = None, stale_minutes: float = 15.0) -> Answer:
        """Every terminal (of one hall, or all): last contact, version, devices, queue depth,
        the oldest unsent item, its audit chain; stale ones (no contact for
        ``stale_minutes``) and broken or rewound audit chains flagged."""
        # the online portal delivers like a terminal but is no device in a hall
        where, args = "WHERE t.role != 'online'", []
        if hall is not None:
            where, args = where + " AND t.hall = ?", [hall]
        rows = self.db.conn.execute(
            "SELECT t.id, t.name, t.hall, t.role, t.enabled, h.at, h.doc,"
            " (SELECT count(*) FROM applications a WHERE a.terminal_id = t.id),"
            " (SELECT doc FROM crash_reports r WHERE r.terminal_id = t.id"
            " ORDER BY r.seq DESC LIMIT 1),"
            " (SELECT count(*) FROM crash_reports r WHERE r.terminal_id = t.id)"
            f" FROM terminals t LEFT JOIN heartbeats h ON h.terminal_id = t.id {where}"
            " ORDER BY t.hall, t.id",
            args,
        ).fetchall()
        now = self.clock()
        terminals = []
        for i, n, hall_, role, enabled, at, d, count, crash, crashes in rows:
            beat: dict[str, Any] = json.loads(d) if d else {}
            age = now - datetime.fromisoformat(at).timestamp() if at else None
            audit: dict[str, Any] = beat["audit"] if isinstance(beat.get("audit"), dict) else {}
            terminals.append(
                {
                    "id": i,
                    "name": n,
                    "hall": hall_,
                    "role": role,
                    "enabled": bool(enabled),
                    "last_heartbeat": at,
                    "silent_minutes": round(age / 60, 1) if age is not None else None,
                    "stale": bool(enabled) and (age is None or age > stale_minutes * 60),
                    "heartbeat": beat or None,
                    "applications": count,
                    "audit_ok": bool(audit.get("verified")) and not beat.get("audit_alarm"),
                    # the apps' crash reports: how many, and the last (error and log tail)
                    "crashes": crashes,
                    "last_crash": json.loads(crash) if crash else None,
                }
            )
        return Answer(200, {"terminals": terminals, "stale_minutes": stale_minutes})


def _payment_summary(doc: dict[str, Any]) -> dict[str, Any]:
    """A payment as the progress query tells it: status, code, total, who collects, receipt."""
    keys = ("status", "code", "total_fen", "collector", "e_receipt", "lines", "issued_at")
    return {k: doc[k] for k in keys if k in doc}


def _audit_alarm(before: object, now: dict[str, Any]) -> str:
    """What is wrong with a terminal's audit chain as its heartbeats tell it: broken (a
    record changed), rewound (fewer records than before, or another head at the same count — a
    store restored from an old copy, or records removed), or rewritten (its hash at the count
    the last heartbeat gave differs from the head given then: an earlier record edited,
    removed or reordered, the chain hashed again). "" when all is well."""
    if now.get("verified") is False:
        return "审计链校验失败"
    if not isinstance(before, dict):
        return ""
    try:
        was, count = int(before.get("count", 0)), int(now.get("count", 0))
    except (TypeError, ValueError):
        return "审计链信息无效"
    if count < was or (count == was and before.get("head") != now.get("head")):
        return "审计链回退"
    seen = now.get("seen")
    if (
        isinstance(seen, dict)
        and seen.get("count") == was
        and was > 0
        and seen.get("head") != before.get("head")
    ):
        # the chain up to what was reported last no longer hashes to what it did: a record
        # before it was edited, removed or moved (and the chain computed again)
        return "审计链被改写"
    return ""
