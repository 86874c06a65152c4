"""Working days (工作日) by China's published calendar.

Time limits in administrative law count working days (行政许可法 §42, §82): Saturdays and
Sundays are not working days unless the year's arrangement makes them so (调休), public
holidays are not, and the day a period starts from is not counted (民法典 §201). The calendar is
data published each autumn for the next year: for a year without it nothing is computed — the
clock raises :class:`CalendarMissing` (日历缺失), never guesses.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core.errors import ValidationError
from core.messages import tr


class CalendarMissing(ValidationError):
    default_user_message = tr("日历缺失：该年度的节假日安排尚未载入，无法计算办理时限。")


@dataclass(frozen=True)
class YearArrangement:
    holidays: frozenset[date]  # 法定节假日 and the days moved next to them
    workdays: frozenset[date]  # 调休: weekend days that are working days


@dataclass(frozen=True)
class WorkCalendar:
    version: str
    years: Mapping[int, YearArrangement] = field(default_factory=dict)

    def _year(self, year: int) -> YearArrangement:
        found = self.years.get(year)
        if found is None:
            raise CalendarMissing(
                f"no working-day calendar for {year} (calendar {self.version})",
                user_message=tr(
                    "日历缺失：{year}年的节假日安排尚未载入，无法计算办理时限。", year=year
                ),
            )
        return found

    def is_workday(self, day: date) -> bool:
        """A working day of ``day``'s year (raises :class:`CalendarMissing` without its data)."""
        year = self._year(day.year)
        if day in year.workdays:
            return True
        return day.weekday() < 5 and day not in year.holidays

    def add_workdays(self, start: date, days: int) -> date:
        """The last day of a period of ``days`` working days from ``start`` (the start day not
        counted): the date by which something must be done."""
        if days < 0:
            raise ValueError("a period of working days is not negative")
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        day, counted = start, 0
        while day < end:
            day += timedelta(days=1)
            counted += self.is_workday(day)
        return counted


def calendar_from_dict(doc: Mapping[str, Any]) -> WorkCalendar:
    """A calendar as its file (or the platform's copy) writes it. Raises KeyError, ValueError
    or TypeError for one that is not (a day outside its year, a day both holiday and workday)."""
    years: dict[int, YearArrangement] = {}
    for key, spec in dict(doc.get("years", {})).items():
        year = int(key)

        def days(values: Iterable[object], year: int = year) -> frozenset[date]:
            out = frozenset(
                v if isinstance(v, date) else date.fromisoformat(str(v)) for v in values
            )
            if any(d.year != year for d in out):
                raise ValueError(f"a day outside {year} in its arrangement")
            return out

        holidays, workdays = days(spec.get("holidays", ())), days(spec.get("workdays", ()))
        if holidays & workdays:
            raise ValueError(f"{year}: a day both holiday and working day")
        years[year] = YearArrangement(holidays, workdays)
    return WorkCalendar(str(doc.get("version", "")), years)


def calendar_to_dict(calendar: WorkCalendar) -> dict[str, Any]:
    return {
        "version": calendar.version,
        "years": {
            str(year): {
                "holidays": sorted(d.isoformat() for d in a.holidays),
                "workdays": sorted(d.isoformat() for d in a.workdays),
            }
            for year, a in sorted(calendar.years.items())
        },
    }


def load_calendar(path: Path) -> WorkCalendar:
    """A calendar file (TOML, as assets/calendar/cn-workdays.toml)."""
    with open(path, "rb") as f:
        return calendar_from_dict(tomllib.load(f))
