"""The demo city's administrative regions (示范市), with 12-digit statistical division codes:
2 province · 2 city · 2 county · 3 township · 3 village."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.catalogue.models import Level

DEMO_CITY_CODE = "369900000000"
DEMO_CITY_NAME = "示范市"

_COUNTIES = (
    ("青山区", True),
    ("临河区", True),
    ("东湖区", True),
    ("白云县", False),
    ("石桥县", False),
    ("长宁县", False),
    ("安平县", False),
    ("丰乐县", False),
    ("清溪县", False),
)
_PLACE = (
    "城关 桥头 石门 新塘 河口 龙泉 白沙 柳林 高坪 黄田 马鞍 清水 三江 双溪 金竹 大坝 平安 永和 "
    "上塘 东山 西岭 南湖 北港 杨柳 梅岭 桃源 花桥 凤凰 青龙 长乐 太平 兴隆 福田 洪山 白马 九龙 "
    "五里 油坊 茶园 松林 竹山 田心 枫树 古城 沙坪 新华 建设 红星 向阳 和平 民主 团结 光明 幸福"
).split()
_SURNAMES = """李 王 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高
林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧""".split()
_VILLAGE_SUFFIX = ("家村", "庄村", "湾村", "坪村", "岭村", "塘村", "桥村", "冲村")


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # full name, e.g. 示范市青山区城关街道李家村
    short_name: str
    level: Level
    children: list[Region] = field(default_factory=list, compare=False, hash=False)

    def walk(self) -> Iterator[Region]:
        yield self
        for child in self.children:
            yield from child.walk()


def ancestors_and_self(code: str) -> list[str]:
    """Division codes from ``code`` up to its city.

    369901001001 → [village, township 369901001000, county 369901000000, city 369900000000].
    """
    chain = [code]
    for keep in (9, 6, 4):
        parent = code[:keep].ljust(12, "0")
        if parent != chain[-1]:
            chain.append(parent)
    return chain


def level_of(code: str) -> Level:
    if code[9:] != "000":
        return Level.VILLAGE
    if code[6:] != "000000":
        return Level.TOWNSHIP
    if code[4:] != "00000000":
        return Level.COUNTY
    return Level.CITY


def demo_city(villages_per_township: int = 6, townships_per_county: int = 13) -> Region:
    """A deterministic demo city: 9 counties/districts, their townships and villages."""
    rng = random.Random(20261124)
    city = Region(DEMO_CITY_CODE, DEMO_CITY_NAME, DEMO_CITY_NAME, Level.CITY)
    for ci, (county_name, urban) in enumerate(_COUNTIES, start=1):
        ccode = f"{DEMO_CITY_CODE[:4]}{ci:02d}000000"
        county = Region(ccode, DEMO_CITY_NAME + county_name, county_name, Level.COUNTY)
        city.children.append(county)
        places = rng.sample(_PLACE, townships_per_county)
        for ti, place in enumerate(places, start=1):
            suffix = "街道" if urban and ti <= townships_per_county // 2 else "镇"
            tcode = f"{ccode[:6]}{ti:03d}000"
            tname = place + suffix
            township = Region(tcode, county.name + tname, tname, Level.TOWNSHIP)
            county.children.append(township)
            used: set[str] = set()
            for vi in range(1, villages_per_township + 1):
                while True:
                    is_community = suffix == "街道"
                    vname = (
                        rng.choice(_PLACE) + "社区"
                        if is_community
                        else rng.choice(_SURNAMES) + rng.choice(_VILLAGE_SUFFIX)
                    )
                    if vname not in used:
                        used.add(vname)
                        break
                vcode = f"{tcode[:9]}{vi:03d}"
                township.children.append(Region(vcode, township.name + vname, vname, Level.VILLAGE))
    return city
