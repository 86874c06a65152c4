"""Fees on the platform (core.fees): a payment code issued where a fee falls due — at 受理, or as
a fee-bearing 即办件 arrives — and the platform's reference stand-in for the non-tax payment
platform (非税收入统一公共支付平台): codes of the item's province, marked paid by the
administrator (as the payment platform's notice would), with the fiscal e-receipt's number. A
即办件's result waits for its payment: 办结 comes with the payment, never before it."""

from __future__ import annotations

import json
import secrets
from typing import Any

from central.base import Answer, PlatformBase, PlatformError
from core.application import Status
from core.catalogue.models import ServiceItem
from core.fees import Payment, PaymentStatus, fee_lines, payment_from_dict, payment_to_dict


class Payments(PlatformBase):
    def _issue_payment(self, c: Any, terminal: str, official: str, item: ServiceItem) -> None:
        """A payment code for ``official`` if its item charges (inside the transaction that
        accepts it); nothing for a free item, nothing twice."""
        lines = fee_lines(item)
        if not lines:
            return
        province = (item.region_code or "00")[:2]
        for _ in range(5):  # a new code (18 random digits after the province's two)
            code = f"{province}{secrets.randbelow(10**18):018d}"
            if c.execute("SELECT 1 FROM payments WHERE code = ?", (code,)).fetchone() is None:
                break
        payment = Payment(
            code, item.department, lines, self.china_now().isoformat(), PaymentStatus.DUE
        )
        c.execute(
            "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                code,
                official,
                terminal,
                PaymentStatus.DUE.value,
                json.dumps(payment_to_dict(payment), ensure_ascii=False),
                self.now_iso(),
            ),
        )

    def payment_of(self, official: str) -> dict[str, Any] | None:
        row = self.db.conn.execute(
            "SELECT doc FROM payments WHERE official_number = ?", (official,)
        ).fetchone()
        return dict(json.loads(row[0])) if row else None

    def payments_of(self, officials: list[str]) -> dict[str, dict[str, Any]]:
        if not officials:
            return {}
        marks = ",".join("?" * len(officials))
        return {
            o: json.loads(doc)
            for o, doc in self.db.conn.execute(
                f"SELECT official_number, doc FROM payments WHERE official_number IN ({marks})",
                officials,
            )
        }

    def mark_paid(self, code: str) -> Answer:
        """The payment platform's notice that ``code`` was paid: the e-receipt's number given,
        a 即办件 waiting for it decided now. Paying twice changes nothing."""
        now = self.now_iso()
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT official_number, terminal_id, doc FROM payments WHERE code = ?",
                (code[:20],),
            ).fetchone()
            if row is None:
                raise PlatformError(404, f"没有缴款码 {code[:20]}")
            official, terminal, doc = row
            payment = payment_from_dict(json.loads(doc))
            if payment.status is PaymentStatus.PAID:
                return Answer(200, payment_to_dict(payment))
            n = self.count_up(c, "e_receipt_seq")
            # 电子票据: 票据代码 (province, kind, year) and 票据号码
            receipt = f"{code[:2]}0106{self.china_now():%y}-{n:010d}"
            paid = payment_to_dict(payment)
            paid.update(status=PaymentStatus.PAID.value, e_receipt=receipt, paid_at=now)
            c.execute(
                "UPDATE payments SET status = ?, doc = ? WHERE code = ?",
                (PaymentStatus.PAID.value, json.dumps(paid, ensure_ascii=False), code[:20]),
            )
            waiting = c.execute(
                "SELECT doc FROM instant_results WHERE official_number = ?", (official,)
            ).fetchone()
            if waiting is not None and json.loads(waiting[0]).get("awaiting_payment"):
                result = json.loads(waiting[0])
                result.pop("awaiting_payment")
                c.execute(
                    "UPDATE instant_results SET doc = ?, at = ? WHERE official_number = ?",
                    (json.dumps(result, ensure_ascii=False), now, official),
                )
                key = c.execute(
                    "SELECT idem_key FROM applications WHERE official_number = ?", (official,)
                ).fetchone()[0]
                c.execute(
                    "UPDATE applications SET status = ?, updated_at = ? WHERE official_number = ?",
                    (Status.COMPLETED.value, now, official),
                )
                c.execute(
                    "INSERT INTO progress (terminal_id, idem_key, official_number, status, note,"
                    " at) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        terminal,
                        key,
                        official,
                        Status.COMPLETED.value,
                        "即办件：已缴费，系统自动核验办结",
                        now,
                    ),
                )
        return Answer(200, paid)
