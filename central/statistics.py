"""The supervision statistics (definitions: core.supervision.metrics) over the platform's records:
the facts of a period and a scope — one hall, or every hall — gathered once, then split by hall,
window, clerk, item or channel; and the 办件 behind any figure, for the console to click
through to."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from central.base import PlatformBase, PlatformError
from core.clock import CST
from core.evaluation import Satisfaction
from core.queue.codec import ticket_from_dict
from core.supervision.calendar import CalendarMissing, WorkCalendar
from core.supervision.cases import case_from_dict
from core.supervision.metrics import (
    METRIC_BY_KEY,
    METRICS,
    METRICS_VERSION,
    CaseFact,
    Channel,
    Dimension,
    Fact,
    Facts,
    RatingFact,
    TicketFact,
    split,
)


def _channel(role: str | None) -> Channel:
    try:
        return Channel(role or "")
    except ValueError:
        return Channel.COUNTER


class Statistics(PlatformBase):
    calendar: Any  # central.calendar.Calendars.calendar

    def facts(self, hall: str | None, since: date, until: date) -> Facts:
        """Everything the statistics count for ``since``..``until`` (China days, inclusive)."""
        if until < since:
            raise PlatformError(422, "统计期间的结束日期早于开始日期。")
        c = self.db.conn
        start = datetime.combine(since, time(), CST)
        end = datetime.combine(until + timedelta(days=1), time(), CST)
        calendar: WorkCalendar = self.calendar()
        today = self.china_now().date()
        clerk = self.clerk_labeller()

        def place(hall_: str, window: str) -> str:
            """A window, named with its hall where several halls are counted (every hall
            has its 1号窗口)."""
            return f"{hall_} {window}" if hall is None and window and hall_ else window

        scope, args = "", []
        if hall is not None:
            scope, args = " AND t.hall = ?", [hall]

        def in_period(column: str) -> str:
            # timestamps are stored in UTC ISO form; compare as instants
            return f"julianday({column}) >= julianday(?) AND julianday({column}) < julianday(?)"

        apps: list[Fact] = []
        by_key: dict[tuple[str, str], Fact] = {}
        for row in c.execute(
            "SELECT a.terminal_id, a.idem_key, a.official_number, a.status, a.doc, t.hall,"
            " t.role, k.accepted, k.due, k.finished, k.level,"
            " (SELECT 1 FROM instant_results i WHERE i.official_number = a.official_number),"
            " a.received_at, r.department"
            " FROM applications a LEFT JOIN terminals t ON t.id = a.terminal_id"
            " LEFT JOIN legal_clocks k ON k.official_number = a.official_number"
            " LEFT JOIN routes r ON r.official_number = a.official_number"
            f" WHERE {in_period('a.received_at')}{scope} ORDER BY a.received_at",
            [start.isoformat(), end.isoformat(), *args],
        ):
            terminal, key, official, status, doc, hall_, role = row[:7]
            accepted, due, finished, level, instant, received_at, department = row[7:]
            detail = json.loads(doc)
            decisions = detail.get("decisions") or []
            last = decisions[-1] if decisions else {}
            handling = None
            if accepted and finished:
                try:
                    handling = calendar.workdays_between(
                        date.fromisoformat(accepted), date.fromisoformat(finished)
                    )
                except CalendarMissing:
                    handling = None
            fact = Fact(
                official_number=official,
                hall=hall_ or "",
                window=place(hall_ or "", str(last.get("window", ""))),
                clerk=clerk(str(last.get("clerk_id", "")), str(last.get("clerk_name", ""))),
                item=str(detail.get("item_name", "")),
                channel=_channel(role),
                status=status,
                received=datetime.fromisoformat(received_at).astimezone(CST).date(),
                body=department or "",
                accepted=status in ("accepted", "completed"),
                completed=status == "completed",
                instant=bool(instant),
                overdue=level == "red" or bool(finished and due and finished > due),
                handling_days=handling if instant is None else 0,
            )
            apps.append(fact)
            by_key[(terminal, key)] = fact

        upheld: set[tuple[str, str]] = set()
        cases: list[CaseFact] = []
        for terminal, key, official, hall_, window, clerk_no, doc, role, body in c.execute(
            "SELECT k.terminal_id, k.evaluation_key, k.official_number, k.hall, k.window,"
            " k.clerk, k.doc, t.role, k.body FROM cases k"
            " LEFT JOIN terminals t ON t.id = k.terminal_id"
            f" WHERE k.opened >= ? AND k.opened <= ?{scope.replace('t.hall', 'k.hall')}",
            [since.isoformat(), until.isoformat(), *args],
        ):
            detail = json.loads(doc)
            case = case_from_dict(detail)
            if not case.counts_as_negative:
                upheld.add((terminal, key))
            item = self.catalogue_item(str(detail.get("item_impl_code", "")))
            cases.append(
                CaseFact(
                    hall=hall_,
                    window=place(hall_, window),
                    clerk=clerk(clerk_no),
                    item=item.name if item else "",
                    channel=_channel(role),
                    official_number=official,
                    closed=case.closed is not None,
                    named=case.named,
                    followed_up=case.follow_up is not None,
                    counts=case.counts_as_negative,
                    overdue=case.overdue(today),
                    body=body,
                )
            )

        ratings: list[RatingFact] = []
        for terminal, key, doc, hall_, role in c.execute(
            "SELECT e.terminal_id, e.idem_key, e.doc, t.hall, t.role FROM evaluations e"
            " LEFT JOIN terminals t ON t.id = e.terminal_id"
            f" WHERE {in_period('e.received_at')}{scope}",
            [start.isoformat(), end.isoformat(), *args],
        ):
            if (terminal, key) in upheld:
                continue  # a 差评 found mistaken or malicious on appeal
            detail = json.loads(doc)
            try:
                satisfaction = Satisfaction(str(detail.get("satisfaction", "")))
            except ValueError:
                continue
            served = by_key.get((terminal, str(detail.get("application_id") or "")))
            item = self.catalogue_item(str(detail.get("item_impl_code", "")))
            ratings.append(
                RatingFact(
                    hall=hall_ or "",
                    window=served.window
                    if served
                    else place(hall_ or "", str(detail.get("window", ""))),
                    clerk=served.clerk if served else clerk(str(detail.get("staff_id", ""))),
                    item=served.item if served else (item.name if item else ""),
                    channel=_channel(role),
                    official_number=served.official_number if served else "",
                    good=not satisfaction.is_negative,
                    body=served.body if served else "",
                )
            )

        tickets: list[TicketFact] = []
        where = "day >= ? AND day <= ?" + (" AND hall = ?" if hall is not None else "")
        for hall_, doc in c.execute(
            f"SELECT hall, doc FROM queue_tickets WHERE {where}",
            [since.isoformat(), until.isoformat(), *args],
        ):
            ticket = ticket_from_dict(json.loads(doc))
            waited = ticket.waited
            tickets.append(
                TicketFact(
                    hall=hall_,
                    window=place(hall_, ticket.window),
                    clerk=clerk(ticket.clerk),
                    waited_minutes=waited.total_seconds() / 60 if waited is not None else None,
                )
            )
        return Facts(apps, ratings, cases, tickets)

    def statistics(
        self,
        hall: str | None,
        since: date,
        until: date,
        by: str = "",
        facts: Facts | None = None,
    ) -> dict[str, Any]:
        """Every metric for the period and scope, and per value of ``by`` (a Dimension's
        value, "" for none), with the definitions and their versions. ``facts``: those of
        :meth:`facts` for the same period and scope, when the caller has them already (a page
        that splits them several ways gathers them once)."""
        facts = facts if facts is not None else self.facts(hall, since, until)
        dimension = Dimension(by) if by else None
        groups = split(facts, dimension) if dimension else {}
        items, immediate = self.catalogue_counts()

        def figures(f: Facts) -> dict[str, float | None]:
            return {m.key: m.value(f) for m in METRICS}

        return {
            "version": METRICS_VERSION,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "hall": hall,
            "by": by,
            "metrics": [
                {
                    "key": m.key,
                    "label": m.label,
                    "unit": m.unit,
                    "definition": m.definition,
                    "version": m.version,
                    "counts_applications": m.members is not None,
                }
                for m in METRICS
            ],
            "items": {
                "total": items,
                "immediate": immediate,
                "share": round(100 * immediate / items, 1) if items else None,
            },
            "all": figures(facts),
            "rows": [{"key": k, "figures": figures(f)} for k, f in groups.items()],
        }

    def statistics_members(
        self, hall: str | None, since: date, until: date, metric: str, by: str, key: str
    ) -> list[str]:
        """The 办件 behind one figure: ``metric`` over the period, for ``by`` = ``key`` (or
        the whole scope when ``by`` is empty)."""
        found = METRIC_BY_KEY.get(metric)
        if found is None or found.members is None:
            raise PlatformError(404, f"no 办件 behind {metric}")
        facts = self.facts(hall, since, until)
        if by:
            facts = split(facts, Dimension(by)).get(key, Facts([], [], [], []))
        return found.members(facts)
