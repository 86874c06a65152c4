"""电子监察 on the platform: every accepted 办件's legal clock (core.supervision.clock) by the
calendar held, and its warnings — yellow before the promised limit, red when overdue — each
raised once and kept (a supervision record: 监察编号, 规则编号, type, time, result, the responsible
body; GB/T 39046 表11), so that a restart raises none again. A 办件 whose period runs into a
year without calendar data is counted as 日历缺失, never guessed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from central.base import PlatformBase, now_iso
from core.clock import CST
from core.supervision.calendar import CalendarMissing, WorkCalendar
from core.supervision.clock import LegalClock, Level, WarningRule

RULES = {Level.YELLOW: "SX-01 临近办结时限", Level.RED: "SX-02 超过办结时限"}


class Supervision(PlatformBase):
    calendar: Any  # central.calendar.Calendars.calendar

    def supervise(
        self, today: date | None = None, rule: WarningRule | None = None
    ) -> dict[str, Any]:
        """Looks at every accepted, undecided 办件 on ``today`` (China's date by default) and
        raises the warnings due, once each: the new ones, and how many could not be computed."""
        today = today or self.china_now().date()
        calendar: WorkCalendar = self.calendar()
        rows = self.db.conn.execute(
            "SELECT a.official_number, a.item_impl_code, min(p.at) FROM applications a"
            " JOIN progress p ON p.official_number = a.official_number AND p.status = 'accepted'"
            " WHERE a.status = 'accepted' GROUP BY a.official_number"
        ).fetchall()
        raised: list[dict[str, Any]] = []
        missing = 0
        for official, impl, accepted_at in rows:
            item = self.catalogue_item(impl)
            if item is None:
                continue
            accepted = datetime.fromisoformat(accepted_at).astimezone(CST).date()
            clock = LegalClock(
                accepted,
                item.legal_limit_days,
                min(item.promised_limit_days, item.legal_limit_days),
            )
            try:
                level = clock.level(calendar, today, rule)
                due = clock.due(calendar, today)
            except CalendarMissing:
                missing += 1
                continue
            if level is Level.GREEN:
                continue
            body = self.router(impl) or ("", "", "")
            doc = {
                "official_number": official,
                "rule": RULES[level],
                "level": level.value,
                "due": due.isoformat(),
                "body": body[2],
                "region_code": body[0],
                "calendar": calendar.version,
                "result": "待处理",
            }
            with self.db.transaction() as c:
                cur = c.execute(
                    "INSERT OR IGNORE INTO supervision_warnings (official_number, level, at, doc)"
                    " VALUES (?, ?, ?, ?)",
                    (official, level.value, now_iso(), json.dumps(doc, ensure_ascii=False)),
                )
                if cur.rowcount:
                    raised.append({"seq": cur.lastrowid, **doc})
        return {"raised": raised, "calendar_missing": missing, "looked_at": len(rows)}
