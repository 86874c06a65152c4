"""差评 cases: the 好差评 closed loop (国办发〔2019〕51号: 服务评价、实时上报、差评核实、整改反馈).

Every 差评 (不满意, 非常不满意) opens a case with a deadline, assigned to the body, window and clerk
that served. Its states::

    核实 ──verify──▶ 整改 ──rectify──▶ 回访 ──follow_up──▶ 已办结
      │                                                  ▲
      └──appeal──▶ 申诉复核 ──review(upheld)────────────────┘
                        └──review(dismissed)──▶ 核实 (the 差评 stands)

The outcome found at 核实 is one of four: 立行立改, 限期整改 (with its own deadline: a ledger),
解释说明 — or 申诉复核, for a rating the hall holds mistaken or malicious, which the supervisor
decides (once per case). 回访 is owed to every 实名 差评 (one linked to an application: the
applicant is known); an anonymous one is closed with its answer made public instead. The
deadlines are local configuration (working days by the calendar held), not code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date

from core.errors import ValidationError
from core.messages import tr


class CaseState(enum.Enum):
    VERIFYING = "verifying"  # 核实
    RECTIFYING = "rectifying"  # 整改
    FOLLOW_UP = "follow_up"  # 回访
    APPEAL = "appeal"  # 申诉复核
    CLOSED = "closed"  # 已办结

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CaseState.VERIFYING: tr("待核实"),
    CaseState.RECTIFYING: tr("整改中"),
    CaseState.FOLLOW_UP: tr("待回访"),
    CaseState.APPEAL: tr("申诉复核中"),
    CaseState.CLOSED: tr("已办结"),
}


class Outcome(enum.Enum):
    """What 核实 found: how the 差评 is answered."""

    AT_ONCE = "at_once"  # 立行立改
    BY_DEADLINE = "by_deadline"  # 限期整改
    EXPLAINED = "explained"  # 解释说明

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.AT_ONCE: tr("立行立改"),
    Outcome.BY_DEADLINE: tr("限期整改"),
    Outcome.EXPLAINED: tr("解释说明"),
}


class FollowUpResult(enum.Enum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    UNREACHABLE = "unreachable"  # 联系不上

    @property
    def label(self) -> str:
        return _FOLLOW_UP_LABELS[self]


_FOLLOW_UP_LABELS = {
    FollowUpResult.SATISFIED: tr("满意"),
    FollowUpResult.BASICALLY: tr("基本满意"),
    FollowUpResult.DISSATISFIED: tr("不满意"),
    FollowUpResult.UNREACHABLE: tr("联系不上"),
}


@dataclass(frozen=True)
class CasePolicy:
    """The city's deadlines (configuration): working days to close a case, and at most how
    many a 限期整改 may take."""

    case_days: int = 5
    rectify_max_days: int = 30


MAX_NOTE = 1000


@dataclass(frozen=True)
class Case:
    state: CaseState
    named: bool  # 实名: linked to an application, the applicant can be called back
    opened: date
    deadline: date | None  # None: 日历缺失 when it was opened
    outcome: Outcome | None = None
    finding: str = ""  # 核实 情况
    rectify_by: date | None = None  # 限期整改's deadline
    answer: str = ""  # 整改 / 解释说明: what the citizen is told (public)
    follow_up: FollowUpResult | None = None
    follow_up_note: str = ""
    appealed: bool = False
    appeal_reason: str = ""
    appeal_upheld: bool | None = None
    closed: date | None = None

    def overdue(self, today: date) -> bool:
        """Past its deadline and not closed (or closed after it)."""
        if self.deadline is None:
            return False
        end = self.closed or today
        return end > self.deadline

    def rectification_overdue(self, today: date) -> bool:
        return (
            self.state is CaseState.RECTIFYING
            and self.rectify_by is not None
            and today > self.rectify_by
        )

    @property
    def counts_as_negative(self) -> bool:
        """A 差评 upheld on appeal as mistaken or malicious leaves the statistics."""
        return self.appeal_upheld is not True

    def _expect(self, *states: CaseState) -> None:
        if self.state not in states:
            raise ValidationError(
                f"case is {self.state.value}, not {'/'.join(s.value for s in states)}",
                user_message=tr(
                    "该差评件当前为“{state}”，不能进行此操作。", state=self.state.label
                ),
            )

    def verify(
        self,
        finding: str,
        outcome: Outcome,
        today: date,
        rectify_by: date | None = None,
        latest: date | None = None,
    ) -> Case:
        """核实: what was found, and how it is answered. 限期整改 needs its deadline: after
        today, and no later than ``latest`` (the policy's limit by the calendar)."""
        self._expect(CaseState.VERIFYING)
        finding = _note(finding, tr("请填写核实情况。"))
        if outcome is Outcome.BY_DEADLINE:
            if rectify_by is None or rectify_by <= today:
                raise ValidationError(
                    "限期整改 without a later deadline",
                    user_message=tr("限期整改须填写整改期限（今天以后的日期）。"),
                )
            if latest is not None and rectify_by > latest:
                raise ValidationError(
                    f"rectification deadline {rectify_by} beyond {latest}",
                    user_message=tr("整改期限不能晚于{day}。", day=latest.isoformat()),
                )
        else:
            rectify_by = None
        return replace(
            self,
            state=CaseState.RECTIFYING,
            finding=finding,
            outcome=outcome,
            rectify_by=rectify_by,
        )

    def rectify(self, answer: str) -> Case:
        """整改 done (or the explanation written): the answer the citizen is given."""
        self._expect(CaseState.RECTIFYING)
        text = _note(answer, tr("请填写整改情况或解释说明，它将答复给评价人。"))
        return replace(self, state=CaseState.FOLLOW_UP, answer=text)

    def record_follow_up(self, result: FollowUpResult, note: str, today: date) -> Case:
        """回访: what the citizen said when called back; closes the case. An anonymous 差评
        cannot be called back: its result is 联系不上 and its answer stays public."""
        self._expect(CaseState.FOLLOW_UP)
        if not self.named and result is not FollowUpResult.UNREACHABLE:
            raise ValidationError(
                "anonymous rating followed up",
                user_message=tr("匿名评价无法回访，请选择“联系不上”并说明答复公开方式。"),
            )
        text = _note(note, tr("请填写回访情况。"))
        return replace(
            self, state=CaseState.CLOSED, follow_up=result, follow_up_note=text, closed=today
        )

    def appeal(self, reason: str) -> Case:
        """申诉复核: the hall holds the rating mistaken or malicious (once per case)."""
        self._expect(CaseState.VERIFYING)
        if self.appealed:
            raise ValidationError(
                "appealed before", user_message=tr("该差评已申诉复核过一次，不能再次申诉。")
            )
        text = _note(reason, tr("请填写申诉理由。"))
        return replace(self, state=CaseState.APPEAL, appealed=True, appeal_reason=text)

    def review(self, upheld: bool, note: str, today: date) -> Case:
        """The supervisor's 复核: upheld closes the case (the rating leaves the 差评
        statistics); dismissed sends it back to 核实 — the 差评 stands."""
        self._expect(CaseState.APPEAL)
        text = _note(note, tr("请填写复核意见。"))
        if upheld:
            return replace(
                self, state=CaseState.CLOSED, appeal_upheld=True, answer=text, closed=today
            )
        return replace(self, state=CaseState.VERIFYING, appeal_upheld=False, finding=text)


def _note(text: str, missing: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("a case step without its note", user_message=missing)
    if len(text) > MAX_NOTE:
        raise ValidationError("case note too long", user_message=tr("说明不能超过1000字。"))
    return text


def case_to_dict(case: Case) -> dict[str, object]:
    """A case as the platform stores it (dates in ISO form, enums by value)."""

    def day(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "state": case.state.value,
        "named": case.named,
        "opened": case.opened.isoformat(),
        "deadline": day(case.deadline),
        "outcome": case.outcome.value if case.outcome else None,
        "finding": case.finding,
        "rectify_by": day(case.rectify_by),
        "answer": case.answer,
        "follow_up": case.follow_up.value if case.follow_up else None,
        "follow_up_note": case.follow_up_note,
        "appealed": case.appealed,
        "appeal_reason": case.appeal_reason,
        "appeal_upheld": case.appeal_upheld,
        "closed": day(case.closed),
    }


def case_from_dict(doc: dict[str, object]) -> Case:
    def day(key: str) -> date | None:
        value = doc.get(key)
        return date.fromisoformat(str(value)) if value else None

    opened = day("opened")
    if opened is None:
        raise ValueError("a case without its opening day")
    outcome, follow_up, upheld = doc.get("outcome"), doc.get("follow_up"), doc.get("appeal_upheld")
    return Case(
        state=CaseState(str(doc["state"])),
        named=bool(doc.get("named")),
        opened=opened,
        deadline=day("deadline"),
        outcome=Outcome(str(outcome)) if outcome else None,
        finding=str(doc.get("finding", "")),
        rectify_by=day("rectify_by"),
        answer=str(doc.get("answer", "")),
        follow_up=FollowUpResult(str(follow_up)) if follow_up else None,
        follow_up_note=str(doc.get("follow_up_note", "")),
        appealed=bool(doc.get("appealed")),
        appeal_reason=str(doc.get("appeal_reason", "")),
        appeal_upheld=None if upheld is None else bool(upheld),
        closed=day("closed"),
    )
