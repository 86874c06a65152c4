"""Fees (收费) and their payment through the non-tax payment platform (非税收入统一公共支付平台).

Amounts are whole fen (分) — parsed from the catalogue's yuan text, added as integers, written
back as yuan with two decimals; never a float. A payment code (缴款码) is 20 digits, its first two
the province's code (the provinces' pay pages check ``^NN\\d{18}$``: "缴款码必须等于20位且NN开头").
Whether a fee is paid is known only from the platform (which learns it from the payment
platform): a terminal never marks one paid, and without the platform it says 缴费状态待确认.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.catalogue.models import Fee, ServiceItem
from core.errors import ValidationError
from core.messages import tr

_YUAN = re.compile(r"(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?", re.ASCII)  # ASCII: not １２
_CODE = re.compile(r"\d{20}", re.ASCII)


def fen(yuan: str) -> int:
    """An amount in yuan as the catalogue writes it ("120", "15.5", "80.00") in fen.

    Raises:
        ValueError: anything else (a sign, more than two decimals, letters, a float's
            exponent) — an amount is never guessed.
    """
    found = _YUAN.fullmatch(yuan.strip())
    if found is None:
        raise ValueError(f"not an amount in yuan: {yuan!r}")
    whole, part = found.group(1), (found.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(part)


def yuan(amount_fen: int) -> str:
    """Fen as yuan with two decimals (12000 → "120.00")."""
    if amount_fen < 0:
        raise ValueError("an amount is not negative")
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


@dataclass(frozen=True)
class FeeLine:
    name: str
    amount_fen: int
    basis: str = ""


def fee_lines(item: ServiceItem) -> tuple[FeeLine, ...]:
    """The fees an application of ``item`` owes (those with an amount; 不收费 owes none)."""
    return tuple(
        FeeLine(f.name, fen(f.amount_yuan), f.basis) for f in item.fees if fen(f.amount_yuan) > 0
    )


def total(lines: Sequence[FeeLine]) -> int:
    return sum(line.amount_fen for line in lines)


def fee_text(fee: Fee) -> str:
    """A fee as a guide states it: 护照证件费 120.00元, or 本事项不收费."""
    amount = fen(fee.amount_yuan)
    return fee.name if amount == 0 else f"{fee.name} {yuan(amount)}元"


def check_payment_code(code: str, province: str) -> str:
    """A payment code as typed or scanned, without spaces; raises ValidationError (the
    payment platform's own words) for one that is not 20 digits starting with the province's
    two."""
    cleaned = re.sub(r"\s", "", code)
    if not (_CODE.fullmatch(cleaned) and cleaned.startswith(province[:2])):
        raise ValidationError(
            f"payment code {cleaned!r} for province {province[:2]}",
            user_message=tr("缴款码必须等于20位且{p}开头。", p=province[:2]),
        )
    return cleaned


class PaymentStatus(enum.Enum):
    DUE = "due"  # 待缴费: a payment code issued, not paid yet
    PAID = "paid"  # 已缴费: the payment platform confirmed it (with its e-receipt)
    UNKNOWN = "unknown"  # 缴费状态待确认: the platform could not be asked

    @property
    def label(self) -> str:
        return {
            PaymentStatus.DUE: tr("待缴费"),
            PaymentStatus.PAID: tr("已缴费"),
            PaymentStatus.UNKNOWN: tr("缴费状态待确认"),
        }[self]


@dataclass(frozen=True)
class Payment:
    """What the platform says of an application's fees: the code to pay with, who collects,
    the lines and their total, and once paid, the fiscal e-receipt's number (电子票据)."""

    code: str
    collector: str  # 收费单位
    lines: tuple[FeeLine, ...]
    issued_at: str
    status: PaymentStatus
    e_receipt: str = ""
    paid_at: str = ""

    @property
    def total_fen(self) -> int:
        return total(self.lines)


def payment_to_dict(p: Payment) -> dict[str, object]:
    return {
        "code": p.code,
        "collector": p.collector,
        "lines": [{"name": x.name, "amount_fen": x.amount_fen, "basis": x.basis} for x in p.lines],
        "total_fen": p.total_fen,
        "issued_at": p.issued_at,
        "status": p.status.value,
        "e_receipt": p.e_receipt,
        "paid_at": p.paid_at,
    }


def payment_from_dict(d: dict[str, object]) -> Payment:
    """Raises KeyError, TypeError or ValueError for a document that is not a payment."""
    raw = d["lines"]
    if not isinstance(raw, list):
        raise TypeError("payment lines must be a list")
    lines = tuple(
        FeeLine(str(x["name"]), int(x["amount_fen"]), str(x.get("basis", ""))) for x in raw
    )
    if any(x.amount_fen <= 0 for x in lines):
        raise ValueError("a fee line without an amount")
    return Payment(
        code=str(d["code"]),
        collector=str(d["collector"]),
        lines=lines,
        issued_at=str(d.get("issued_at", "")),
        status=PaymentStatus(str(d["status"])),
        e_receipt=str(d.get("e_receipt", "")),
        paid_at=str(d.get("paid_at", "")),
    )
