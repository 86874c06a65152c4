"""Evaluations (好差评) per 国办发〔2019〕51号.

Satisfaction is an internal enum; platform codes exist only in the exporters, because the
national data standard (GB/T 39046-2020: 1 = 非常满意 … 5 = 非常不满意) and the provincial APIs
(1 = 非常不满意 … 5 = 非常满意) number the five levels in opposite directions.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from core.errors import ValidationError
from core.messages import tr


class Satisfaction(enum.Enum):
    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied"  # 非常不满意

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_negative(self) -> bool:
        """差评: the two lowest levels, which need a reason and are verified and answered."""
        return self in (Satisfaction.DISSATISFIED, Satisfaction.VERY_DISSATISFIED)

    @property
    def rank(self) -> int:
        """5 = best … 1 = worst; for internal ordering only, never exported as is."""
        return 5 - _ORDER.index(self)


_ORDER = (
    Satisfaction.VERY_SATISFIED,
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY_SATISFIED,
    Satisfaction.DISSATISFIED,
    Satisfaction.VERY_DISSATISFIED,
)
_LABELS = {
    Satisfaction.VERY_SATISFIED: tr("非常满意"),
    Satisfaction.SATISFIED: tr("满意"),
    Satisfaction.BASICALLY_SATISFIED: tr("基本满意"),
    Satisfaction.DISSATISFIED: tr("不满意"),
    Satisfaction.VERY_DISSATISFIED: tr("非常不满意"),
}


class EvaluationChannel(enum.Enum):
    """评价渠道. Codes 1–5 agree across sources; 6/7 differ, so they are not used."""

    PC = 1
    MOBILE = 2
    QR_CODE = 3
    HALL_TABLET = 4  # 政务大厅平板电脑 (the counter's review pad)
    HALL_TERMINAL = 5  # 其他政务大厅终端 (the kiosk)


#: Reasons offered for 差评 (the citizen picks at least one or writes a comment).
NEGATIVE_REASONS: tuple[str, ...] = (
    tr("办事指南不清楚"),
    tr("材料要求反复"),
    tr("等候时间过长"),
    tr("工作人员态度不好"),
    tr("超过承诺时限"),
    tr("系统或设备故障"),
    tr("其他"),
)


@dataclass(frozen=True, slots=True)
class Evaluation:
    local_id: uuid.UUID
    satisfaction: Satisfaction
    channel: EvaluationChannel
    at: datetime
    terminal_id: str
    application_id: uuid.UUID | None = None  # linked application (一事一评)
    official_number: str = ""  # 办件编号 when known at export
    item_basic_code: str = ""
    item_impl_code: str = ""
    staff_id: str = ""  # window staff evaluated; never the evaluator's identity
    window: str = ""
    reasons: tuple[str, ...] = ()
    comment: str = ""
    attempt: int = 1  # 评价次数: 1 first rating, 2 the added rating
    region_code: str = ""

    def __post_init__(self) -> None:
        # a record keeps every rating: a 差评 from a key pad that cannot ask why is kept
        # without reasons (the screens that can ask, ask: Rating, the tablet and on-screen pads)
        check_rating(self.satisfaction, self.reasons, self.comment, reasons_asked=False)
        if self.attempt not in (1, 2):
            raise ValidationError("attempt must be 1 or 2")


MAX_COMMENT = 500


def check_rating(
    satisfaction: Satisfaction,
    reasons: Sequence[str],
    comment: str,
    *,
    reasons_asked: bool = True,
) -> None:
    """The rules of one rating, wherever it is given: where the citizen can be asked why (the
    kiosk, an on-screen or tablet pad: ``reasons_asked``) a 差评 (不满意, 非常不满意) needs a
    reason picked or written; a key pad cannot ask, and its 差评 is kept all the same (the
    好差评 rules follow every 差评 up); reasons come from the offered list; a comment has at
    most 500 characters.

    Raises:
        ValidationError: with the words to show the citizen.
    """
    if reasons_asked and satisfaction.is_negative and not (reasons or comment.strip()):
        raise ValidationError(
            "negative evaluation without reason",
            user_message=tr("请选择或填写不满意的原因，以便我们改进。"),
        )
    unknown = set(reasons) - set(NEGATIVE_REASONS)
    if unknown:
        raise ValidationError(
            f"unknown reasons {sorted(unknown)}", user_message=tr("评价原因无效。")
        )
    if len(comment) > MAX_COMMENT:
        raise ValidationError("comment too long", user_message=tr("评价内容不能超过500字。"))


@dataclass(frozen=True)
class Rating:
    """What a citizen gave at the rating step of a journey: the level, and for a 差评 the
    reasons picked and the words written (kept through to the Evaluation)."""

    satisfaction: Satisfaction
    reasons: tuple[str, ...] = ()
    comment: str = ""

    def __post_init__(self) -> None:
        check_rating(self.satisfaction, self.reasons, self.comment)


class EvaluationExporter(Protocol):
    name: str

    def satisfaction_code(self, s: Satisfaction) -> str: ...

    def export(self, e: Evaluation) -> dict[str, Any]: ...


class NationalStandardExporter:
    """GB/T 39046-2020 table 9 record: 满意度代码 1 = 非常满意 … 5 = 非常不满意."""

    name = "gbt39046"

    def satisfaction_code(self, s: Satisfaction) -> str:
        return str(_ORDER.index(s) + 1)

    def export(self, e: Evaluation) -> dict[str, Any]:
        return {
            "办件编号": e.official_number,
            "评价渠道": str(e.channel.value),
            "评价时间": e.at.isoformat(timespec="seconds"),
            "评价次数": str(e.attempt),
            "满意度": e.satisfaction.label,
            "满意度代码": self.satisfaction_code(e.satisfaction),
            "文字评价": "；".join((*e.reasons, e.comment) if e.comment else e.reasons),
            "行政区划": e.region_code[:6],
        }


class ProvincialApiExporter:
    """Provincial 好差评 APIs: satisfaction 1 = 非常不满意 … 5 = 非常满意, plus item codes."""

    name = "provincial"

    def satisfaction_code(self, s: Satisfaction) -> str:
        return str(s.rank)

    def export(self, e: Evaluation) -> dict[str, Any]:
        return {
            "projectNo": e.official_number,
            "taskCode": e.item_basic_code,
            "taskHandleItem": e.item_impl_code,
            "channel": str(e.channel.value),
            "evaluateTime": e.at.strftime("%Y-%m-%d %H:%M:%S"),
            "evaluateNum": e.attempt,
            "satisfaction": self.satisfaction_code(e.satisfaction),
            "evaluateReasons": list(e.reasons),
            "evaluateContent": e.comment,
            "areaCode": e.region_code[:6],
            "isAnonymous": True,
        }


EXPORTERS: dict[str, EvaluationExporter] = {
    x.name: x for x in (NationalStandardExporter(), ProvincialApiExporter())
}
