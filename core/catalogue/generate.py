"""Expands the seed over the demo city's implementing bodies into a catalogue of implementations.

A mid-sized city runs about 50,000 implementations (one reported 52,353): most of them are the
same few dozen items offered by every township and village service point.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.catalogue.models import Fee, Level, ServiceItem
from core.catalogue.regions import Region
from core.catalogue.seed import Seed, SeedItem
from core.fees import fee_text

_LEVEL_LETTER = {Level.CITY: "C", Level.COUNTY: "T", Level.TOWNSHIP: "S", Level.VILLAGE: "V"}
_TYPE_NO = {
    "行政许可": 1,
    "行政确认": 7,
    "行政给付": 5,
    "行政奖励": 8,
    "行政裁决": 9,
    "其他行政权力": 10,
    "公共服务": 20,
}


def basic_code(s: SeedItem) -> str:
    """An opaque basic code (≤ 10 characters): type, theme, item."""
    return f"{_TYPE_NO[s.item_type.value]:02d}{s.theme_no:02d}{s.item_no:03d}"


def _department(s: SeedItem, region: Region) -> str:
    if region.level is Level.TOWNSHIP:
        return f"{region.name}便民服务中心"
    if region.level is Level.VILLAGE:
        return f"{region.name}便民服务站"
    return f"{region.name}{s.department}"


def guide_text(item: ServiceItem) -> str:
    """The 办事指南 text shown on screen and printed on request."""
    lines = [
        f"【事项名称】{item.name}",
        f"【实施主体】{item.department}",
        f"【事项类型】{item.item_type.value}　【办件类型】{item.handling.value}",
        *([f"【设定依据】{item.legal_basis}"] if item.legal_basis else []),
        f"【服务对象】{'、'.join(sorted(a.value for a in item.audiences))}",
        f"【法定办结时限】{item.legal_limit_days}个工作日",
        "【承诺办结时限】"
        + ("即来即办" if item.promised_limit_days == 0 else f"{item.promised_limit_days}个工作日"),
        f"【到现场次数】{item.max_visits}次",
        "【收费】" + ("不收费" if item.is_free else "；".join(fee_text(f) for f in item.fees)),
        "【申请材料】",
    ]
    for i, m in enumerate(item.materials, start=1):
        need = "必需" if m.required else (m.condition or "非必需")
        replace = f"，可用电子证照“{m.elicence_type}”代替" if m.elicence_type else ""
        if m.consent_accepted:
            replace += "，在代办站当场电子签署的可代替"
        lines.append(f"  {i}. {m.name}（{m.form.value}{m.copies}份，{need}{replace}）")
    if item.conditions:
        lines.append(f"【受理条件】{item.conditions}")
    return "\n".join(lines)


def _implementation(s: SeedItem, region: Region) -> ServiceItem:
    base = basic_code(s)
    item = ServiceItem(
        impl_code=f"{region.code}{base}",
        basic_code=base,
        version=1,
        name=s.name,
        theme=s.theme,
        item_type=s.item_type,
        audiences=frozenset({s.audience}),
        department=_department(s, region),
        region_code=region.code,
        region_name=region.name,
        level=region.level,
        handling=s.handling,
        legal_limit_days=s.legal_days,
        promised_limit_days=s.promised_days,
        materials=s.materials,
        fees=s.fees or (Fee("本事项不收费", "0"),),
        post_delivery=s.post_delivery,
        online_depth=3 if s.handling.value == "即办件" else 2,
        max_visits=0 if s.item_type.value == "公共服务" else 1,
        card_required=s.item_type.value != "公共服务",  # a public service: a typed number
        conditions=f"符合{s.theme}相关规定的{s.audience.value}申请人。",
        keywords=s.keywords,
        form=s.form,
        popularity=s.popularity,
        legal_basis=s.basis,
    )
    return _with_guide(item)


def _with_guide(item: ServiceItem) -> ServiceItem:
    from dataclasses import replace

    return replace(item, guide=guide_text(item))


def expand(seed: Seed, city: Region) -> Iterator[ServiceItem]:
    """Every implementation of every seed item by every body at the item's levels."""
    for region in city.walk():
        letter = _LEVEL_LETTER[region.level]
        for s in seed.items:
            if letter in s.levels:
                yield _implementation(s, region)


def count_implementations(seed: Seed, city: Region) -> int:
    per_level: dict[str, int] = {}
    for region in city.walk():
        letter = _LEVEL_LETTER[region.level]
        per_level[letter] = per_level.get(letter, 0) + 1
    return sum(per_level.get(letter, 0) for s in seed.items for letter in s.levels)
