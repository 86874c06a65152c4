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
            self.set_meta(c, "work_calendar", doc)
            self.set_meta(c, "work_calendar_at", self.now_iso())
        self.refresh_clocks()  # every running 办件's due date by the new calendar

    def calendar(self) -> WorkCalendar:
        """The calendar held (an empty one before any was loaded: every year 日历缺失)."""
        held = self.meta("work_calendar")
        return calendar_from_dict(json.loads(held)) if held else WorkCalendar("none")

    def calendar_answer(self) -> Answer:
        """The calendar as terminals fetch it (404 before one was loaded)."""
        held = self.meta("work_calendar")
        if held is None:
            raise PlatformError(404, "no working-day calendar loaded on the platform")
        return Answer(200, json.loads(held))

    def due(self, start: date, days: int) -> date:
        """The last day of ``days`` working days from ``start`` by the calendar held.

        Raises:
            CalendarMissing: a year the calendar has no data for.
        """
        return self.calendar().add_workdays(start, days)
