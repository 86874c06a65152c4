"""The platform's working-day calendar (电子监察's clock): loaded from the published arrangement
(assets/calendar/cn-workdays.toml), kept versioned, and the due date of a period computed by it —
refused for a year it has no data for (日历缺失)."""

from __future__ import annotations

import json
from datetime import date

from central.base import Answer, PlatformBase, PlatformError
from core.supervision.calendar import (
    WorkCalendar,
    calendar_from_dict,
    calendar_to_dict,
)


class Calendars(PlatformBase):
    def set_calendar(self, calendar: WorkCalendar) -> None:
        """Replaces the platform's calendar (terminals pull it with their configuration)."""
        doc = json.dumps(calendar_to_dict(calendar), ensure_ascii=False)
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO platform_meta VALUES ('work_calendar', ?) ON CONFLICT (key)"
                " DO UPDATE SET value = excluded.value",
                (doc,),
            )
            c.execute(
                "INSERT INTO platform_meta VALUES ('work_calendar_at', ?) ON CONFLICT (key)"
                " DO UPDATE SET value = excluded.value",
                (self.now_iso(),),
            )
        self.refresh_clocks()  # every running 办件's due date by the new calendar

    def calendar(self) -> WorkCalendar:
        """The calendar held (an empty one before any was loaded: every year 日历缺失)."""
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = 'work_calendar'"
        ).fetchone()
        return calendar_from_dict(json.loads(row[0])) if row else WorkCalendar("none")

    def calendar_answer(self) -> Answer:
        """The calendar as terminals fetch it (404 before one was loaded)."""
        row = self.db.conn.execute(
            "SELECT value FROM platform_meta WHERE key = 'work_calendar'"
        ).fetchone()
        if row is None:
            raise PlatformError(404, "no working-day calendar loaded on the platform")
        return Answer(200, json.loads(row[0]))

    def due(self, start: date, days: int) -> date:
        """The last day of ``days`` working days from ``start`` by the calendar held.

        Raises:
            CalendarMissing: a year the calendar has no data for.
        """
        return self.calendar().add_workdays(start, days)
