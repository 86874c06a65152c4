"""The legal clock of a 办件 (办理时限): from the day of acceptance (受理; a 补正 before it means
the clock has not started), a legal limit and a promised one in working days, extensions with
their approver and written notice (行政许可法 §42: +10 with approval, told to the applicant),
and pauses for special procedures — hearing, testing, expert review … (GB/T 39046 A.7), told in
writing — whose working days do not count. Warnings: yellow before the limit (configurable: so
many working days left, or a share elapsed), red when overdue.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from core.errors import ValidationError
from core.messages import tr
from core.supervision.calendar import WorkCalendar


class PauseKind(enum.Enum):
    HEARING = tr("听证")
    TESTING = tr("检验、检测、检疫")
    EXPERT_REVIEW = tr("专家评审")
    SITE_CHECK = tr("现场勘查")
    OTHER = tr("其他特别程序")


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    reason: str
    notice: str  # the written notice's reference (书面告知)
    started: date
    ended: date | None = None  # None: still paused


@dataclass(frozen=True)
class Extension:
    days: int
    approver: str
    notice: str  # the written notice to the applicant


class Level(enum.Enum):
    GREEN = "green"
    YELLOW = "yellow"  # 黄牌: near the limit
    RED = "red"  # 红牌: overdue


@dataclass(frozen=True)
class WarningRule:
    """When yellow comes: ``days_left`` working days before the limit, or ``share`` of it
    elapsed, whichever first (configuration, not code)."""

    days_left: int = 3
    share: float = 0.8


@dataclass(frozen=True)
class LegalClock:
    accepted: date  # 受理: the day the period starts from (not counted)
    legal_days: int  # 法定时限
    promised_days: int  # 承诺时限 (≤ the legal one)
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()

    def __post_init__(self) -> None:
        if self.promised_days > self.legal_days or self.promised_days < 0:
            raise ValidationError(
                f"promised {self.promised_days} beyond legal {self.legal_days}",
                user_message=tr("承诺时限不能超过法定时限。"),
            )
        for p in self.pauses:
            if not p.notice.strip():
                raise ValidationError(
                    "a pause without its written notice",
                    user_message=tr("暂停计时须书面告知申请人，请填写告知书编号。"),
                )

    def paused_days(self, calendar: WorkCalendar, today: date) -> int:
        """Working days the special procedures took (a pause still running counts to today)."""
        return sum(
            calendar.workdays_between(p.started, p.ended or today)
            for p in self.pauses
            if (p.ended or today) > p.started
        )

    def limit_days(self) -> int:
        return self.promised_days + sum(e.days for e in self.extensions)

    def due(self, calendar: WorkCalendar, today: date) -> date:
        """The promised limit, extended, moved by the paused working days."""
        return calendar.add_workdays(
            self.accepted, self.limit_days() + self.paused_days(calendar, today)
        )

    def level(self, calendar: WorkCalendar, today: date, rule: WarningRule | None = None) -> Level:
        """Green, yellow (near the limit) or red (overdue) on ``today``."""
        rule = rule or WarningRule()
        due = self.due(calendar, today)
        if today > due:
            return Level.RED
        limit = self.limit_days()
        used = calendar.workdays_between(self.accepted, today) - self.paused_days(calendar, today)
        left = calendar.workdays_between(today, due)
        if left <= rule.days_left or (limit and used / limit >= rule.share):
            return Level.YELLOW
        return Level.GREEN
