"""The supervision statistics: each metric defined once, in words on the console's page and in
code here, with its version — a change of definition is a new version, never a silent one.

The seeds' targets (000 §三.3, 001 §二.7, §二.9) name 网上申请率, 即办件比例 and 办结率; 即办件比例
counts catalogue items, not 办件 (what the seeds measure is how much of the catalogue can be
decided at once) — the share of 办件 decided at once is a metric of its own. Figures are computed
over facts gathered by the platform for a period and a scope; every figure that counts 办件
names them, so that the console clicks through to the 办件 behind a number.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from core.messages import tr

METRICS_VERSION = "2026.1"


class Channel(enum.Enum):
    KIOSK = "kiosk"  # 自助终端
    COUNTER = "counter"  # 窗口
    AGENT = "agent"  # 代办点
    ONLINE = "online"  # 网上办事大厅

    @property
    def label(self) -> str:
        return {
            Channel.KIOSK: tr("自助终端"),
            Channel.COUNTER: tr("窗口"),
            Channel.AGENT: tr("代办点"),
            Channel.ONLINE: tr("网上申请"),
        }[self]


@dataclass(frozen=True)
class Fact:
    """One 办件 of the period, as the statistics see it."""

    official_number: str
    hall: str
    window: str
    clerk: str
    item: str  # the item's name
    channel: Channel
    status: str
    received: date  # China's day it arrived
    body: str  # the implementing body (实施主体) that handles it
    accepted: bool  # 受理 (or decided at once): the 办结率's denominator
    completed: bool  # 办结
    instant: bool  # decided by the platform as it arrived (秒批)
    overdue: bool  # its clock red, or 办结 after its due date
    handling_days: int | None  # working days from 受理 to 办结
    ratings: tuple[str, ...] = ()  # the Satisfaction values of its ratings


@dataclass(frozen=True)
class RatingFact:
    hall: str
    window: str
    clerk: str
    item: str
    channel: Channel
    official_number: str
    good: bool  # 好评: 非常满意, 满意, 基本满意
    body: str = ""


@dataclass(frozen=True)
class CaseFact:
    hall: str
    window: str
    clerk: str
    item: str
    channel: Channel
    official_number: str
    closed: bool
    named: bool
    followed_up: bool
    counts: bool  # not upheld on appeal as mistaken or malicious
    overdue: bool
    body: str = ""


@dataclass(frozen=True)
class TicketFact:
    hall: str
    window: str
    clerk: str
    waited_minutes: float | None


@dataclass(frozen=True)
class Facts:
    applications: Sequence[Fact]
    ratings: Sequence[RatingFact]
    cases: Sequence[CaseFact]
    tickets: Sequence[TicketFact]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "件", "%", "工作日", "分钟"
    definition: str
    version: str
    value: Callable[[Facts], float | None]
    #: the 办件 behind the figure (None: not a count of 办件 — waiting times)
    members: Callable[[Facts], list[str]] | None


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _mean(values: Iterable[float]) -> float | None:
    got = list(values)
    return round(statistics.fmean(got), 1) if got else None


def _p90(values: Iterable[float]) -> float | None:
    got = sorted(values)
    if not got:
        return None
    return round(got[min(len(got) - 1, round(0.9 * (len(got) - 1)))], 1)


def _officials(facts: Iterable[Fact]) -> list[str]:
    return [f.official_number for f in facts]


METRICS: tuple[Metric, ...] = (
    Metric(
        "volume",
        tr("申请量"),
        "件",
        tr("期间内平台收到的办件数（各渠道合计）。"),
        "1",
        lambda f: len(f.applications),
        lambda f: _officials(f.applications),
    ),
    Metric(
        "online_rate",
        tr("网上申请率"),
        "%",
        tr("网上申请的办件数 ÷ 期间内办件总数。"),
        "1",
        lambda f: _share(
            sum(a.channel is Channel.ONLINE for a in f.applications), len(f.applications)
        ),
        lambda f: _officials(a for a in f.applications if a.channel is Channel.ONLINE),
    ),
    Metric(
        "instant_share",
        tr("即办件办件占比"),
        "%",
        tr("平台收件即办结（秒批）的办件数 ÷ 期间内办件总数。即办件比例按事项计，见总览。"),
        "1",
        lambda f: _share(sum(a.instant for a in f.applications), len(f.applications)),
        lambda f: _officials(a for a in f.applications if a.instant),
    ),
    Metric(
        "completion_rate",
        tr("办结率"),
        "%",
        tr("期间内受理（含即办）的办件中已办结的件数 ÷ 受理件数。"),
        "1",
        lambda f: _share(
            sum(a.completed for a in f.applications if a.accepted),
            sum(a.accepted for a in f.applications),
        ),
        lambda f: _officials(a for a in f.applications if a.accepted and a.completed),
    ),
    Metric(
        "overdue",
        tr("超期件"),
        "件",
        tr("受理后超过承诺时限（含延期、扣除暂停）仍未办结，或办结晚于时限的办件数。"),
        "1",
        lambda f: sum(a.overdue for a in f.applications),
        lambda f: _officials(a for a in f.applications if a.overdue),
    ),
    Metric(
        "handling_mean",
        tr("平均办理时长"),
        "工作日",
        tr("已办结办件从受理到办结的工作日数（不含受理当日）的平均值。"),
        "1",
        lambda f: _mean(a.handling_days for a in f.applications if a.handling_days is not None),
        lambda f: _officials(a for a in f.applications if a.handling_days is not None),
    ),
    Metric(
        "handling_p90",
        tr("办理时长P90"),
        "工作日",
        tr("已办结办件办理工作日数的第90百分位：九成办件不超过此数。"),
        "1",
        lambda f: _p90(a.handling_days for a in f.applications if a.handling_days is not None),
        lambda f: _officials(a for a in f.applications if a.handling_days is not None),
    ),
    Metric(
        "wait_mean",
        tr("平均等候时长"),
        "分钟",
        tr("取号到首次叫号的分钟数的平均值（叫号系统的号票）。"),
        "1",
        lambda f: _mean(t.waited_minutes for t in f.tickets if t.waited_minutes is not None),
        None,
    ),
    Metric(
        "wait_p90",
        tr("等候时长P90"),
        "分钟",
        tr("取号到首次叫号分钟数的第90百分位。"),
        "1",
        lambda f: _p90(t.waited_minutes for t in f.tickets if t.waited_minutes is not None),
        None,
    ),
    Metric(
        "good_rate",
        tr("好评率"),
        "%",
        tr("非常满意、满意、基本满意的评价数 ÷ 评价总数（申诉复核成立的差评不计）。"),
        "1",
        lambda f: _share(sum(r.good for r in f.ratings), len(f.ratings)),
        lambda f: sorted({r.official_number for r in f.ratings if r.official_number}),
    ),
    Metric(
        "case_rate",
        tr("差评整改率"),
        "%",
        tr("已办结的差评件数 ÷ 差评件总数（申诉复核成立的不计）。"),
        "1",
        lambda f: _share(
            sum(k.closed for k in f.cases if k.counts), sum(k.counts for k in f.cases)
        ),
        lambda f: sorted({k.official_number for k in f.cases if k.counts and k.official_number}),
    ),
    Metric(
        "follow_up_rate",
        tr("实名差评回访率"),
        "%",
        tr("已回访的实名差评件数 ÷ 实名差评件数（要求100%）。"),
        "1",
        lambda f: _share(
            sum(k.followed_up for k in f.cases if k.named and k.counts),
            sum(k.named and k.counts for k in f.cases),
        ),
        lambda f: sorted({k.official_number for k in f.cases if k.named and k.counts}),
    ),
    Metric(
        "case_overdue",
        tr("差评超期件"),
        "件",
        tr("超过整改反馈期限仍未办结（或办结晚于期限）的差评件数。"),
        "1",
        lambda f: sum(k.overdue for k in f.cases),
        lambda f: sorted({k.official_number for k in f.cases if k.overdue and k.official_number}),
    ),
)

METRIC_BY_KEY = {m.key: m for m in METRICS}


class Dimension(enum.Enum):
    HALL = "hall"
    WINDOW = "window"
    CLERK = "clerk"
    ITEM = "item"
    CHANNEL = "channel"
    BODY = "body"

    @property
    def label(self) -> str:
        return {
            Dimension.HALL: tr("大厅"),
            Dimension.WINDOW: tr("窗口"),
            Dimension.CLERK: tr("工作人员"),
            Dimension.ITEM: tr("事项"),
            Dimension.CHANNEL: tr("渠道"),
            Dimension.BODY: tr("实施主体"),
        }[self]


def _key(fact: object, dimension: Dimension) -> str:
    if dimension is Dimension.CHANNEL:
        channel = getattr(fact, "channel", None)
        return channel.label if isinstance(channel, Channel) else ""
    if dimension is Dimension.HALL:  # every 办件 has a hall, named or not: none is left out
        return str(getattr(fact, "hall", "")) or tr("（未分配大厅）")
    return str(getattr(fact, dimension.value, ""))


T = TypeVar("T")


def split(facts: Facts, dimension: Dimension) -> dict[str, Facts]:
    """The facts per value of ``dimension`` (tickets have no item nor channel: they count
    only where the dimension is a place or a person). Facts without the value are left out
    of the split (a kiosk's 办件 has no window)."""
    keys: set[str] = set()
    for group in (facts.applications, facts.ratings, facts.cases):
        keys.update(k for x in group if (k := _key(x, dimension)))
    if dimension in (Dimension.HALL, Dimension.WINDOW, Dimension.CLERK):
        keys.update(k for t in facts.tickets if (k := _key(t, dimension)))

    def pick(group: Sequence[T], key: str) -> list[T]:
        return [x for x in group if _key(x, dimension) == key]

    ticketed = dimension in (Dimension.HALL, Dimension.WINDOW, Dimension.CLERK)
    return {
        key: Facts(
            pick(facts.applications, key),
            pick(facts.ratings, key),
            pick(facts.cases, key),
            pick(facts.tickets, key) if ticketed else [],
        )
        for key in sorted(keys)
    }
