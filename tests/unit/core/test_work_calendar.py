"""Working days by China's published calendar (issue 26): the public holidays and 调休 of 2025
and 2026 as the State Council published them, the start day not counted, and 日历缺失 for a
year without data — never a guess."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.supervision.calendar import (
    CalendarMissing,
    calendar_from_dict,
    calendar_to_dict,
    load_calendar,
)

CALENDAR = load_calendar(Path(__file__).parents[3] / "assets" / "calendar" / "cn-workdays.toml")


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (date(2025, 1, 1), False),  # 元旦
        (date(2025, 1, 26), True),  # a Sunday worked (调休 for 春节)
        (date(2025, 1, 28), False),  # 除夕
        (date(2025, 2, 8), True),  # a Saturday worked
        (date(2025, 10, 8), False),  # 国庆、中秋, eight days
        (date(2025, 10, 11), True),  # a Saturday worked
        (date(2026, 1, 4), True),  # a Sunday worked after 元旦
        (date(2026, 2, 23), False),  # 春节, nine days
        (date(2026, 2, 28), True),  # a Saturday worked
        (date(2026, 10, 10), True),  # a Saturday worked after 国庆
        (date(2026, 12, 7), True),  # a Monday
        (date(2026, 12, 6), False),  # a Sunday
    ],
)
def test_the_published_arrangement(day: date, works: bool) -> None:
    assert CALENDAR.is_workday(day) is works


def test_a_period_counts_working_days_after_its_start() -> None:
    # accepted on a Monday, 20 working days (行政许可法 §42): the start day not counted
    assert CALENDAR.add_workdays(date(2026, 3, 2), 20) == date(2026, 3, 30)
    # across 国庆 and its Saturday worked
    assert CALENDAR.add_workdays(date(2026, 9, 28), 5) == date(2026, 10, 10)
    # across 春节 2025 and its weekend days worked
    assert CALENDAR.add_workdays(date(2025, 1, 24), 3) == date(2025, 2, 5)
    assert CALENDAR.workdays_between(date(2026, 9, 28), date(2026, 10, 10)) == 5
    assert CALENDAR.add_workdays(date(2026, 3, 2), 0) == date(2026, 3, 2)


def test_a_year_without_data_is_refused_not_guessed() -> None:
    with pytest.raises(CalendarMissing) as missing:
        CALENDAR.add_workdays(date(2026, 12, 25), 10)  # into 2027
    assert "日历缺失" in missing.value.user_message
    assert "2027" in missing.value.user_message
    with pytest.raises(CalendarMissing):
        CALENDAR.is_workday(date(2024, 12, 31))


def test_the_calendar_round_trips_and_refuses_nonsense() -> None:
    assert calendar_from_dict(calendar_to_dict(CALENDAR)) == CALENDAR
    with pytest.raises(ValueError, match="outside"):
        calendar_from_dict({"years": {"2026": {"holidays": ["2025-01-01"]}}})
    with pytest.raises(ValueError, match="both"):
        calendar_from_dict(
            {"years": {"2026": {"holidays": ["2026-01-01"], "workdays": ["2026-01-01"]}}}
        )
