"""差评 cases on the platform (the rules: core.supervision.cases): every 差评 received opens a
case in the same transaction as the rating, with its deadline by the calendar held and the city's
policy, assigned to the hall, window, clerk and implementing body that served; each step is
audited (case_events); the answer is public — the citizen reads it at the progress query."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from central.base import PlatformBase, PlatformError
from core.errors import ValidationError
from core.evaluation import Satisfaction
from core.supervision.calendar import CalendarMissing, WorkCalendar
from core.supervision.cases import (
    Case,
    CasePolicy,
    CaseState,
    FollowUpResult,
    Outcome,
    case_from_dict,
    case_to_dict,
)

#: the steps a console user may take, and who: an appeal is decided by the city's inspectors
STEPS = ("verify", "rectify", "follow_up", "appeal", "review")
INSPECTORS_ONLY = frozenset({"review"})


class Cases(PlatformBase):
    calendar: Any  # central.calendar.Calendars.calendar

    def case_policy(self) -> CasePolicy:
        doc = json.loads(self.meta("case_policy") or "{}")
        return CasePolicy(int(doc.get("case_days", 5)), int(doc.get("rectify_max_days", 30)))

    def set_case_policy(self, case_days: int, rectify_max_days: int) -> dict[str, int]:
        """The city's deadlines (5 working days in some cities, 15 in others)."""
        if not (1 <= case_days <= 60 and 1 <= rectify_max_days <= 120):
            raise PlatformError(422, "case_days 1-60 and rectify_max_days 1-120 working days")
        doc = {"case_days": case_days, "rectify_max_days": rectify_max_days}
        with self.db.transaction() as c:
            self.set_meta(c, "case_policy", json.dumps(doc))
        return doc

    def _open_case(self, c: Any, terminal: str, key: str, doc: dict[str, Any], now: str) -> None:
        """Opens the case of a 差评 just stored (inside its transaction); a rating that is not
        a 差评 opens none."""
        try:
            satisfaction = Satisfaction(str(doc.get("satisfaction", "")))
        except ValueError:
            return
        if not satisfaction.is_negative:
            return
        today = self.china_now().date()
        policy = self.case_policy()
        calendar: WorkCalendar = self.calendar()
        try:
            deadline: date | None = calendar.add_workdays(today, policy.case_days)
        except CalendarMissing:
            deadline = None  # 日历缺失: shown as such, never guessed
        official, window, clerk, impl = "", str(doc.get("window", "")), "", ""
        clerk = str(doc.get("staff_id", ""))
        application = str(doc.get("application_id") or "")
        if application:
            row = c.execute(
                "SELECT official_number, item_impl_code, doc FROM applications"
                " WHERE terminal_id = ? AND idem_key = ?",
                (terminal, application),
            ).fetchone()
            if row is not None:
                official, impl = row[0], row[1]
                decisions = json.loads(row[2]).get("decisions") or []
                if decisions:  # who served: the window and clerk of the last decision
                    window = window or str(decisions[-1].get("window", ""))
                    clerk = clerk or str(decisions[-1].get("clerk_id", ""))
        impl = impl or str(doc.get("item_impl_code", ""))
        body = (self.router(impl) if impl else None) or ("", "", "")
        hall_row = c.execute("SELECT hall FROM terminals WHERE id = ?", (terminal,)).fetchone()
        case = Case(CaseState.VERIFYING, bool(official), today, deadline)
        detail = {
            **case_to_dict(case),
            "satisfaction": satisfaction.value,
            "reasons": [str(r) for r in doc.get("reasons") or []][:10],
            "comment": str(doc.get("comment", ""))[:500],
            "item_impl_code": impl,
            "rated_at": str(doc.get("at", now)),
        }
        cur = c.execute(
            "INSERT INTO cases (terminal_id, evaluation_key, official_number, hall,"
            " window, clerk, body, region_code, state, opened, deadline, closed, doc, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING"
            " RETURNING id",
            (
                terminal,
                key,
                official,
                hall_row[0] if hall_row else "",
                window[:32],
                clerk[:32],
                body[2],
                body[0],
                case.state.value,
                today.isoformat(),
                deadline.isoformat() if deadline else None,
                json.dumps(detail, ensure_ascii=False),
                now,
            ),
        )
        opened = cur.fetchone()
        if opened is not None:
            self._case_event(c, opened[0], "system", "open", {"deadline": detail["deadline"]})

    def open_missing_cases(self) -> int:
        """Opens the cases of 差评 received before cases existed (or by a bundle import)."""
        rows = self.db.conn.execute(
            "SELECT e.terminal_id, e.idem_key, e.doc, e.received_at FROM evaluations e"
            " LEFT JOIN cases k ON k.terminal_id = e.terminal_id"
            " AND k.evaluation_key = e.idem_key WHERE k.id IS NULL"
            " AND json_extract(e.doc, '$.satisfaction') IN ('dissatisfied', 'very_dissatisfied')"
        ).fetchall()
        for terminal, key, doc, at in rows:
            with self.db.transaction() as c:
                self._open_case(c, terminal, key, json.loads(doc), at)
        return len(rows)

    def _case_event(self, c: Any, case_id: int | None, actor: str, action: str, doc: Any) -> None:
        c.execute(
            "INSERT INTO case_events (case_id, at, actor, action, doc) VALUES (?, ?, ?, ?, ?)",
            (case_id, self.now_iso(), actor, action, json.dumps(doc, ensure_ascii=False)),
        )

    def case_step(
        self, case_id: int, action: str, fields: dict[str, str], actor: str, *, inspector: bool
    ) -> dict[str, Any]:
        """One step of a case by a console user (``actor``: their number and name). Raises
        PlatformError 404 (no case), 403 (a step not theirs), 422 with the rule's words."""
        if action not in STEPS:
            raise PlatformError(404, f"差评件没有“{action}”这一步")
        if action in INSPECTORS_ONLY and not inspector:
            raise PlatformError(403, "申诉复核由监管人员决定。")
        today = self.china_now().date()
        policy = self.case_policy()
        calendar: WorkCalendar = self.calendar()
        with self.db.transaction() as c:
            row = c.execute("SELECT doc FROM cases WHERE id = ?", (case_id,)).fetchone()
            if row is None:
                raise PlatformError(404, f"没有差评件 {case_id}")
            detail = json.loads(row[0])
            case = case_from_dict(detail)
            try:
                case = _step(case, action, fields, today, policy, calendar)
            except ValidationError as e:
                raise PlatformError(422, e.user_message) from None
            except ValueError as e:
                raise PlatformError(422, f"无效的取值：{e}") from None
            detail.update(case_to_dict(case))
            c.execute(
                "UPDATE cases SET state = ?, closed = ?, doc = ?, updated_at = ? WHERE id = ?",
                (
                    case.state.value,
                    case.closed.isoformat() if case.closed else None,
                    json.dumps(detail, ensure_ascii=False),
                    self.now_iso(),
                    case_id,
                ),
            )
            self._case_event(c, case_id, actor, action, fields)
        return {"id": case_id, **detail}

    def case(self, case_id: int) -> dict[str, Any]:
        c = self.db.conn
        row = c.execute(
            "SELECT id, terminal_id, official_number, hall, window, clerk, body, region_code,"
            " doc FROM cases WHERE id = ?",
            (case_id,),
        ).fetchone()
        if row is None:
            raise PlatformError(404, f"没有差评件 {case_id}")
        events = [
            {"at": at, "actor": actor, "action": action, "doc": json.loads(doc)}
            for at, actor, action, doc in c.execute(
                "SELECT at, actor, action, doc FROM case_events WHERE case_id = ? ORDER BY seq",
                (case_id,),
            )
        ]
        found = _case_row(row, self.china_now().date())
        return {**found, "clerk_label": self.clerk_labeller()(found["clerk"]), "events": events}

    def case_list(
        self, *, hall: str | None = None, state: str = "", overdue: bool = False
    ) -> list[dict[str, Any]]:
        """Cases newest first — of one hall (None: every hall), in one state, or overdue."""
        where, args = ["1 = 1"], []
        if hall is not None:
            where.append("hall = ?")
            args.append(hall)
        if state:
            where.append("state = ?")
            args.append(state)
        rows = self.db.conn.execute(
            "SELECT id, terminal_id, official_number, hall, window, clerk, body, region_code, doc"
            f" FROM cases WHERE {' AND '.join(where)} ORDER BY id DESC",
            args,
        ).fetchall()
        today = self.china_now().date()
        cases = [_case_row(r, today) for r in rows]
        if overdue:
            cases = [k for k in cases if k["overdue"]]
        label = self.clerk_labeller()
        return [{**k, "clerk_label": label(k["clerk"])} for k in cases]

    def case_answers(self, officials: list[str]) -> dict[str, str]:
        """The public answer to each 办件's 差评 (整改 or 解释说明), for the progress query."""
        if not officials:
            return {}
        marks = ",".join("?" * len(officials))
        answers: dict[str, str] = {}
        for official, doc in self.db.conn.execute(
            f"SELECT official_number, doc FROM cases WHERE official_number IN ({marks})"
            " ORDER BY id",
            officials,
        ):
            detail = json.loads(doc)
            if detail.get("answer") and not detail.get("appeal_upheld"):
                answers[official] = str(detail["answer"])
        return answers


def _step(
    case: Case,
    action: str,
    fields: dict[str, str],
    today: date,
    policy: CasePolicy,
    calendar: WorkCalendar,
) -> Case:
    if action == "verify":
        outcome = Outcome(fields.get("outcome", ""))
        by = fields.get("rectify_by", "").strip()
        try:
            latest: date | None = calendar.add_workdays(today, policy.rectify_max_days)
        except CalendarMissing:
            latest = None
        return case.verify(
            fields.get("finding", ""),
            outcome,
            today,
            date.fromisoformat(by) if by else None,
            latest,
        )
    if action == "rectify":
        return case.rectify(fields.get("answer", ""))
    if action == "follow_up":
        return case.record_follow_up(
            FollowUpResult(fields.get("result", "")), fields.get("note", ""), today
        )
    if action == "appeal":
        return case.appeal(fields.get("reason", ""))
    upheld = fields.get("upheld", "")
    if upheld not in ("yes", "no"):
        raise ValueError("upheld must be yes or no")
    return case.review(upheld == "yes", fields.get("note", ""), today)


def _case_row(row: Any, today: date) -> dict[str, Any]:
    case_id, terminal, official, hall, window, clerk, body, region, doc = row
    detail = json.loads(doc)
    case = case_from_dict(detail)
    return {
        "id": case_id,
        "terminal_id": terminal,
        "official_number": official,
        "hall": hall,
        "window": window,
        "clerk": clerk,
        "body": body,
        "region_code": region,
        **detail,
        "state_label": case.state.label,
        "outcome_label": case.outcome.label if case.outcome else "",
        "follow_up_label": case.follow_up.label if case.follow_up else "",
        "satisfaction_label": Satisfaction(detail["satisfaction"]).label,
        "overdue": case.overdue(today),
        "rectification_overdue": case.rectification_overdue(today),
    }
