"""The hall's desk on the platform: what village stations submitted for the hall to decide
(代办件), and the decision a clerk takes on one at a hall counter — 受理, 退回补正 or 不予受理 —
recorded as the platform's state with its note, which the station learns at its next sync.

Acceptance and refusal are acts of the implementing body, taken at its hall (OpenCRVS: a field
agent sends for approval, a registrar registers); a station only submits."""

from __future__ import annotations

import json
from typing import Any

from central.base import Answer, PlatformError, json_object
from central.progress import Progress
from core.application import Channel, Status

#: A clerk's decision on a station's submission, as the platform records it.
_DECISIONS = {
    "accept": Status.ACCEPTED,
    "correction": Status.CORRECTION_REQUESTED,
    "reject": Status.REJECTED,
}


def _text(doc: dict[str, Any], name: str, limit: int = 500) -> str:
    value = doc.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise PlatformError(422, f"'{name}' must be text of at most {limit} characters")
    return value.strip()


class HallDesk(Progress):
    def _counter(self, terminal: str) -> None:
        row = self.db.conn.execute(
            "SELECT role FROM terminals WHERE id = ?", (terminal,)
        ).fetchone()
        if row is None or row[0] != "counter":
            raise PlatformError(403, "only a hall's counter decides what stations submitted")

    def station_submissions(self, terminal: str, region_code: str) -> Answer:
        """What stations submitted for the bodies of ``region_code`` and nobody decided yet,
        oldest first, with what the clerk decides on: the applicant, the item, the agent and
        the villager's consent, the station's checklist and the scans it sent."""
        self._counter(terminal)
        if not (region_code.isdigit() and len(region_code) == 12):
            raise PlatformError(422, "region_code: the hall's 12-digit division code")
        rows = self.db.conn.execute(
            "SELECT a.official_number, a.terminal_id, a.received_at, a.doc, r.department,"
            " coalesce(t.name, '') FROM applications a JOIN routes r USING (official_number)"
            " LEFT JOIN terminals t ON t.id = a.terminal_id"
            " WHERE r.region_code = ? AND a.status = ? AND json_valid(a.doc)"
            " AND json_extract(a.doc, '$.channel') = ? ORDER BY a.received_at LIMIT 200",
            (region_code, Status.DELIVERED.value, Channel.AGENT.value),
        ).fetchall()
        out = []
        for official, station, received, raw, department, station_name in rows:
            doc = json.loads(raw)
            consent = doc.get("consent") or {}
            out.append(
                {
                    "official_number": official,
                    "receipt_number": doc.get("receipt_number", ""),
                    "item_impl_code": doc.get("item_impl_code", ""),
                    "item_name": doc.get("item_name", ""),
                    "department": department,
                    "station": station,
                    "station_name": station_name,  # as enrolled: 幸福村代办站
                    "received_at": received,
                    "applicant": doc.get("applicant", {}),
                    "form": doc.get("form", {}),
                    "checklist": doc.get("checklist", {}),
                    "agent_name": consent.get("agent_name", ""),
                    "consent_at": consent.get("captured_at", ""),
                    "attachments": [
                        {"material_code": a.get("material_code", ""), "pages": a.get("pages", 0)}
                        for a in doc.get("attachments", ())
                        if isinstance(a, dict)
                    ],
                }
            )
        return Answer(200, {"region_code": region_code, "submissions": out})

    def decide_submission(self, terminal: str, official_number: str, body: bytes) -> Answer:
        """A clerk's decision on a station's submission: the platform's state and its note
        (the station and the villager learn it at the station's next sync).

        Raises PlatformError: 403 (not a counter), 404, 409 (not a station's, or decided
        already), 422 (an unknown decision; a refusal without its reason and legal basis)."""
        self._counter(terminal)
        doc = json_object(body)
        kind = doc.get("decision")
        if kind not in _DECISIONS:
            raise PlatformError(422, f"decision must be one of {', '.join(_DECISIONS)}")
        reason, basis = _text(doc, "reason"), _text(doc, "basis")
        clerk, window = _text(doc, "clerk", 100), _text(doc, "window", 100)
        if kind == "reject" and not (reason and basis):
            raise PlatformError(422, "a refusal states its reason and its legal basis")
        if kind == "correction" and not reason:
            raise PlatformError(422, "a correction says what is missing")
        row = self.db.conn.execute(
            "SELECT status, CASE WHEN json_valid(doc) THEN json_extract(doc, '$.channel') END"
            " FROM applications WHERE official_number = ?",
            (official_number,),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"no application {official_number}")
        if row[1] != Channel.AGENT.value:
            raise PlatformError(409, "not a station's submission: its window decided it")
        if row[0] != Status.DELIVERED.value:
            raise PlatformError(409, f"decided already ({row[0]})")
        by = "，".join(p for p in (window, clerk) if p)
        note = {
            "accept": "大厅已受理",
            "correction": f"需补正：{reason}",
            "reject": f"不予受理：{reason}（依据：{basis}）",
        }[kind] + (f"（{by}）" if by else "")
        return self.set_status(official_number, _DECISIONS[kind].value, note)
