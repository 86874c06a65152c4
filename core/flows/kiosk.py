"""The kiosk journey (自助终端): card → item → guide → form → scan → pre-check → submit →
receipt → evaluation; or a progress query. A citizen alone, one decision per screen."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.application import PrecheckResult, Submission, precheck
from core.catalogue.models import ServiceItem
from core.clock import Clock, local_today
from core.errors import ValidationError
from core.evaluation import Satisfaction
from core.flows.engine import Journey, Step, StepMap
from core.forms import prefill_values, validate_form
from core.identity import Identity, check_identity


class KioskMode(enum.Enum):
    APPLY = "apply"  # 我要办事
    QUERY = "query"  # 进度查询


class NoticeChoice(enum.Enum):
    RESCAN = "rescan"  # go back and add what is missing
    FINISH = "finish"  # take the printed one-time notice and leave


@dataclass
class KioskState:
    mode: KioskMode | None = None
    identity: Identity | None = None
    item: ServiceItem | None = None
    form: dict[str, str] = field(default_factory=dict)
    provided: dict[str, Submission] = field(default_factory=dict)
    check: PrecheckResult | None = None
    receipt_number: str = ""
    notice_choice: NoticeChoice | None = None
    satisfaction: Satisfaction | None = None
    query: str = ""

    def form_defaults(self) -> dict[str, str]:
        """Values to show in the form: what the citizen typed, else what the card says."""
        if self.item is None:
            return {}
        base = prefill_values(self.item.form, self.identity) if self.identity else {}
        return {**base, **self.form}


def _need_item(s: KioskState) -> ServiceItem:
    if s.item is None:
        raise ValidationError("no item chosen", user_message="请先选择要办理的事项。")
    return s.item


def kiosk_steps(clock: Clock) -> StepMap[KioskState]:
    def choose_mode(s: KioskState, p: Any) -> None:
        s.mode = KioskMode(p)

    def take_card(s: KioskState, p: Any) -> None:
        if not isinstance(p, Identity):
            raise ValidationError("no card read", user_message="请将身份证放在读卡区。")
        check_identity(p, local_today(clock))
        s.identity = p

    def take_item(s: KioskState, p: Any) -> None:
        if not isinstance(p, ServiceItem):
            raise ValidationError("no item", user_message="请选择要办理的事项。")
        if s.item is not None and s.item.impl_code != p.impl_code:
            s.form.clear()
            s.provided.clear()
        s.item = p

    def take_form(s: KioskState, p: Any) -> None:
        s.form = validate_form(_need_item(s).form, dict(p or {}), local_today(clock))

    def take_scans(s: KioskState, p: Any) -> None:
        provided: Mapping[str, Submission] = p or {}
        s.provided = dict(provided)
        s.check = precheck(_need_item(s), s.provided)

    def after_form(s: KioskState) -> str:
        return "scan" if _need_item(s).materials else "confirm"

    def after_scan(s: KioskState) -> str:
        return "confirm" if s.check is not None and s.check.complete else "notice"

    def take_notice(s: KioskState, p: Any) -> None:
        s.notice_choice = NoticeChoice(p)

    def after_notice(s: KioskState) -> str:
        return "scan" if s.notice_choice is NoticeChoice.RESCAN else "done"

    def take_receipt(s: KioskState, p: Any) -> None:
        if not isinstance(p, str) or not p:
            raise ValidationError("no receipt number: application was not queued")
        s.receipt_number = p

    def take_rating(s: KioskState, p: Any) -> None:
        s.satisfaction = None if p is None else Satisfaction(p)

    def take_query(s: KioskState, p: Any) -> None:
        text = str(p or "").strip().upper()
        if not text:
            raise ValidationError("empty query", user_message="请输入回执编号或刷身份证查询。")
        s.query = text

    return StepMap(
        start="welcome",
        steps={
            "welcome": Step(
                "首页",
                choose_mode,
                lambda s: "read_card" if s.mode is KioskMode.APPLY else "query",
            ),
            "read_card": Step("读取证件", take_card, "search"),
            "search": Step("选择事项", take_item, "guide"),
            "guide": Step("办事指南", None, "form"),
            "form": Step("填写信息", take_form, after_form),
            "scan": Step("扫描材料", take_scans, after_scan),
            "notice": Step("一次性告知", take_notice, after_notice),
            "confirm": Step("确认提交", take_receipt, "receipt"),
            "receipt": Step("打印回执", None, "evaluate", can_go_back=False),
            "evaluate": Step("服务评价", take_rating, "done", can_go_back=False),
            "done": Step("办理完成", can_go_back=False),
            "query": Step("进度查询", take_query, "query_result"),
            "query_result": Step("查询结果"),
        },
        trail=("read_card", "search", "guide", "form", "scan", "confirm", "receipt", "evaluate"),
    )


def kiosk_journey(clock: Clock) -> Journey[KioskState]:
    return Journey(kiosk_steps(clock), KioskState)
