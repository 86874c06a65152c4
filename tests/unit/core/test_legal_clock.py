"""The legal clock of a 办件 (issue 26): working days from acceptance, extensions, pauses for
special procedures (told in writing), yellow before the limit and red when overdue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.errors import ValidationError
from core.supervision.calendar import load_calendar
from core.supervision.clock import (
    Extension,
    LegalClock,
    Level,
    Pause,
    PauseKind,
    WarningRule,
)

CALENDAR = load_calendar(Path(__file__).parents[3] / "assets" / "calendar" / "cn-workdays.toml")
MONDAY = date(2026, 3, 2)


def test_the_promised_limit_extended_and_paused() -> None:
    clock = LegalClock(MONDAY, legal_days=20, promised_days=5)
    assert clock.due(CALENDAR, MONDAY) == date(2026, 3, 9)  # 5 working days, start not counted
    extended = LegalClock(
        MONDAY, 20, 5, extensions=(Extension(10, "局长 王某", "延字〔2026〕1号"),)
    )
    assert extended.due(CALENDAR, MONDAY) == date(2026, 3, 23)
    # an expert review from Wednesday to the next Wednesday: five working days do not count
    paused = LegalClock(
        MONDAY,
        20,
        5,
        pauses=(
            Pause(PauseKind.EXPERT_REVIEW, "技术方案评审", "告字〔2026〕3号", date(2026, 3, 4),
                  date(2026, 3, 11)),
        ),
    )  # fmt: skip
    assert paused.paused_days(CALENDAR, date(2026, 3, 20)) == 5
    assert paused.due(CALENDAR, date(2026, 3, 20)) == date(2026, 3, 16)
    # still paused: the due date moves on with each working day of it
    running = LegalClock(
        MONDAY, 20, 5, pauses=(Pause(PauseKind.HEARING, "听证", "告字4号", date(2026, 3, 4)),)
    )
    assert running.due(CALENDAR, date(2026, 3, 6)) == date(2026, 3, 11)


def test_yellow_before_the_limit_and_red_when_overdue() -> None:
    clock = LegalClock(MONDAY, legal_days=20, promised_days=10)  # due 2026-03-16
    assert clock.level(CALENDAR, date(2026, 3, 3)) is Level.GREEN
    assert clock.level(CALENDAR, date(2026, 3, 11)) is Level.YELLOW  # 3 working days left
    assert clock.level(CALENDAR, date(2026, 3, 16)) is Level.YELLOW  # the last day
    assert clock.level(CALENDAR, date(2026, 3, 17)) is Level.RED
    strict = WarningRule(days_left=1, share=0.5)  # configuration, not code
    assert clock.level(CALENDAR, date(2026, 3, 9), strict) is Level.YELLOW  # half elapsed


def test_a_pause_needs_its_written_notice_and_a_promise_its_law() -> None:
    with pytest.raises(ValidationError) as refused:
        LegalClock(MONDAY, 20, 5, pauses=(Pause(PauseKind.TESTING, "检测", " ", MONDAY),))
    assert "书面告知" in refused.value.user_message
    with pytest.raises(ValidationError):
        LegalClock(MONDAY, 20, 25)
