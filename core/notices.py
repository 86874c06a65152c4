"""The legal content of the notices a window issues — written once, for the notice printed at
the decision and for its reprint from the worklist.

- 一次性告知书 (补正): the basis of the duty to notify everything at once — for an
  administrative licence 《中华人民共和国行政许可法》第三十二条第一款第（四）项 — the period to
  correct in and what happens after it.
- 不予受理通知书: a document number (文号), the reason with its legal basis, and the remedies
  with the review organ (复议机关) and the court named. Under the 2023 《行政复议法》 (Art. 24,
  27) a department's act is reviewed by the people's government of its level — a township's or
  sub-district's (街道) by the county's — and an act of a vertically led organ (customs,
  taxation, financial and foreign-exchange regulators, state security) by the organ above it;
  an action goes to the basic people's court where the organ sits (《行政诉讼法》 Art. 18).
"""

from __future__ import annotations

from datetime import date, timedelta

from core.catalogue.models import ItemType, Level, ServiceItem

#: The period a one-time notice gives to correct, in days from its receipt.
CORRECTION_DAYS = 30

LICENCE_CORRECTION_BASIS = "《中华人民共和国行政许可法》第三十二条第一款第（四）项"

# Organs under vertical leadership: their acts are reviewed by the organ above them.
_VERTICAL = ("海关", "税务", "国家安全", "金融监督管理", "金融监管", "外汇")
# The levels of a region's name, outermost to innermost; a township's own part follows the
# last of them (示范市青山区｜光明街道, 示范市临江市｜城关镇).
_COUNTY_ENDS = "区县旗市"
_TOWNSHIP_MARKS = ("街道", "镇", "乡", "苏木")


def correction_basis(item: ServiceItem) -> str:
    """The law a 补正 notice rests on: the item's own 设定依据 (what the materials are asked
    under) and, for an administrative licence, the Licensing Law's duty to say everything
    missing at once ("" when the catalogue gives neither)."""
    laws = [item.legal_basis] if item.legal_basis else []
    if item.item_type is ItemType.LICENSE:
        laws.append(LICENCE_CORRECTION_BASIS)
    return "和".join(laws)


def correction_deadline(notified: date) -> date:
    """The last day to correct for a notice given on ``notified``."""
    return notified + timedelta(days=CORRECTION_DAYS)


def _county(region_name: str) -> str:
    """The county (区/县/县级市) a township's or village's region belongs to, by its name: what
    comes before the township's own name (示范市青山区｜光明街道｜幸福社区)."""
    marks = [i for m in _TOWNSHIP_MARKS if (i := region_name.find(m)) > 0]
    before = region_name[: min(marks)] if marks else region_name
    end = max(before.rfind(c) for c in _COUNTY_ENDS)
    return region_name[: end + 1] if end > 0 else region_name


def _seat(item: ServiceItem) -> str:
    """The region whose government reviews the body's acts and whose court hears actions
    against it: its own, or its county's for a township's or village's body."""
    if item.level in (Level.TOWNSHIP, Level.VILLAGE):
        return _county(item.region_name)
    return item.region_name


def review_organ(item: ServiceItem) -> str:
    """Who reviews the implementing body's act on a 行政复议 application."""
    if any(v in item.department for v in _VERTICAL):
        return f"{item.department}的上一级主管部门"
    return f"{_seat(item)}人民政府"


def competent_court(item: ServiceItem) -> str:
    """Where an administrative action against the implementing body is brought."""
    if item.level is Level.CITY:
        return f"{item.department}所在地的基层人民法院"
    return f"{_seat(item)}人民法院"


def remedies(item: ServiceItem) -> str:
    return (
        f"申请人如对本决定不服，可以自收到本通知书之日起六十日内向{review_organ(item)}"
        f"申请行政复议，或者自收到本通知书之日起六个月内依法向{competent_court(item)}"
        "提起行政诉讼。"
    )


def rejection_number(receipt_number: str, decided: date) -> str:
    """The 不予受理通知书's document number: its year and the application's receipt number
    (unique, and found again by it)."""
    return f"不予受理〔{decided.year}〕第{receipt_number}号"
