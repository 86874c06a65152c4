"""即办/秒批: which applications the platform decides the moment they arrive, and the result it
issues — never a terminal: a kiosk prints a result only once the platform has decided.

An application is decided at once when its item is a 即办件 (Handling.IMMEDIATE) and either
- it asks for a certificate from the platform's own records (户籍证明, 参保证明 …) and the
  record exists: the applicant holds the licence that proves it; or
- every material the item requires came from an e-licence (nothing for a person to check).
Anything else is an ordinary application: it waits for the back office.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from core.catalogue.models import Handling, ServiceItem

#: Certificates issued from the platform's records: the item → the record that proves it
#: (the licence type the holder must hold) and the certificate's title.
RECORD_CERTIFICATES: dict[str, tuple[str, str]] = {
    "户籍证明开具": ("居民户口簿", "户籍证明"),
    "社会保险参保缴费证明开具": ("社会保障卡", "社会保险参保缴费证明"),
    "医保参保凭证查询打印": ("社会保障卡", "医疗保险参保凭证"),
}


@dataclass(frozen=True)
class InstantResult:
    """What the platform issued at once: a certificate, or the decision that it is done."""

    title: str  # 户籍证明, 办结通知书
    lines: tuple[str, ...]
    verify_code: str  # with the 办件编号: the result checked at the platform (QR)


def verify_code(key: bytes, official_number: str) -> str:
    """The code a result carries: a keyed digest of its 办件编号 (it cannot be made up)."""
    return hmac.new(key, official_number.encode(), hashlib.sha256).hexdigest()[:12].upper()


def instant_result(
    item: ServiceItem,
    *,
    holder_name: str,
    official_number: str,
    held_types: Collection[str],
    from_licences: Mapping[str, bool],
    key: bytes,
) -> InstantResult | None:
    """The result of an application decided at once, or None (an ordinary one).

    ``held_types``: the licence types the applicant holds in the platform's library;
    ``from_licences``: material code → whether an e-licence stood for it.
    """
    if item.handling is not Handling.IMMEDIATE:
        return None
    code = verify_code(key, official_number)
    record = RECORD_CERTIFICATES.get(item.name)
    if record is not None:
        proof, title = record
        if proof not in held_types:
            return None  # no record to certify from: a person looks
        return InstantResult(
            title,
            (
                f"兹证明{holder_name}，经查验政务服务平台记录（{proof}），情况属实。",
                "本证明由系统自动核验出具，与纸质证明具有同等效力。",
            ),
            code,
        )
    required = [m.code for m in item.required_materials]
    if required and all(from_licences.get(c) for c in required):
        return InstantResult(
            "办结通知书",
            (
                f"{holder_name}：您申请的“{item.name}”，所需材料均经电子证照核验，",
                "符合办理条件，准予办结。",
            ),
            code,
        )
    return None
