"""引导网上注册 (一次认证，终身受用): a citizen whose ID card the hall's terminal has read registers
for the online portal — or binds the account they have — with a mobile number proved by a code
the platform sends. The terminal never sees a password: the account's holder is the card's
person (实名: verified by the card read at the hall), signing in on the portal and the app with
the phone and a code.

The reference platform's SMS gateway is a file (``sms-outbox.log`` in its data folder: what a
gateway would send, where tests and the demo read it). Codes are six digits, kept only as a
keyed digest, valid 5 minutes, 5 tries; one code a minute per phone."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, json_object, text_field
from core.clock import CST
from core.errors import InvalidIdNumber
from core.validators import mask_name, mask_phone, parse_id_number

CODE_SECONDS = 300
TRIES = 5
RESEND_SECONDS = 60
PORTAL = {
    "name": "示范市政务服务网",
    "url": "https://zwfw.example.gov.cn",
    "app": "示范市民通",
    "sign_in": "手机号＋短信验证码登录，无需密码",
}
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)


class Portal(PlatformBase):
    def _code_digest(self, request: str, code: str) -> str:
        return hmac.new(
            self._person_key(), f"{request}:{code}".encode(), hashlib.sha256
        ).hexdigest()

    def enrol_start(self, terminal: str, body: bytes) -> Answer:
        """A code sent to the phone for the card's person: the request to confirm with it."""
        doc = json_object(body)
        phone = text_field(doc, "phone", 11)
        if not _MOBILE.fullmatch(phone):
            raise PlatformError(422, "请输入11位手机号码。")
        try:
            number = parse_id_number(text_field(doc, "id_number", 18)).value
        except InvalidIdNumber:
            raise PlatformError(422, "证件号码无效。") from None
        name = text_field(doc, "name", 60)
        window = text_field(doc, "window", 40)
        person = self.person_digest(number)
        now = self.clock()
        c = self.db.conn
        last = c.execute(
            "SELECT max(created) FROM portal_requests WHERE phone = ?", (phone,)
        ).fetchone()[0]
        if last is not None and now - float(last) < RESEND_SECONDS:
            wait = int(RESEND_SECONDS - (now - float(last))) + 1
            raise PlatformError(429, f"验证码已发送，请{wait}秒后再重新获取。", retry_after=wait)
        hall = c.execute("SELECT hall FROM terminals WHERE id = ?", (terminal,)).fetchone()
        request = secrets.token_hex(12)
        code = f"{secrets.randbelow(10**6):06d}"
        with self.db.transaction() as t:
            t.execute(
                "INSERT INTO portal_requests (request, terminal, hall, window, person, name,"
                " phone, code, created, tries, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
                (
                    request,
                    terminal,
                    hall[0] if hall else "",
                    window,
                    person,
                    name,
                    phone,
                    self._code_digest(request, code),
                    now,
                ),
            )
        self._send_sms(phone, f"【{PORTAL['name']}】您的注册验证码为{code}，5分钟内有效。")
        return Answer(
            201,
            {"request": request, "phone": mask_phone(phone), "expires_in": CODE_SECONDS},
        )

    def _send_sms(self, phone: str, text: str) -> None:
        """The reference platform's SMS gateway: a line in its outbox file."""
        with open(self.data_dir / "sms-outbox.log", "a", encoding="utf-8") as f:
            f.write(
                json.dumps({"at": self.now_iso(), "to": phone, "text": text}, ensure_ascii=False)
            )
            f.write("\n")

    def enrol_confirm(self, terminal: str, request: str, body: bytes) -> Answer:
        """The code typed: the account created (实名, by the card read) or, for a person who
        has one, bound to this phone — never a second account for one person."""
        code = text_field(json_object(body), "code", 6)
        now = self.clock()
        with self.db.transaction() as c:
            row = c.execute(
                "SELECT person, name, phone, code, created, tries, done FROM portal_requests"
                " WHERE request = ? AND terminal = ?",
                (request[:32], terminal),
            ).fetchone()
            if row is None:
                raise PlatformError(404, "没有这次注册申请，请重新获取验证码。")
            person, name, phone, digest, created, tries, done = row
            if done:
                raise PlatformError(409, "这次注册已完成。")
            if now - float(created) > CODE_SECONDS or tries >= TRIES:
                raise PlatformError(410, "验证码已失效，请重新获取。")
            if not hmac.compare_digest(digest, self._code_digest(request, code)):
                c.execute(
                    "UPDATE portal_requests SET tries = tries + 1 WHERE request = ?", (request,)
                )
                left = TRIES - tries - 1
                raise PlatformError(
                    422,
                    f"验证码不正确，还可尝试{left}次。" if left else "验证码已失效，请重新获取。",
                )
            account = c.execute(
                "SELECT account FROM portal_accounts WHERE person = ?", (person,)
            ).fetchone()
            stamp = self.now_iso()
            if account is None:
                number = f"U{self.count_up(c, 'portal_seq'):09d}"
                c.execute(
                    "INSERT INTO portal_accounts VALUES (?, ?, ?, ?, 'card', ?, ?)",
                    (person, number, name, phone, stamp, stamp),
                )
                created_now = True
            else:
                number = str(account[0])
                c.execute(
                    "UPDATE portal_accounts SET phone = ?, updated_at = ? WHERE person = ?",
                    (phone, stamp, person),
                )
                created_now = False
            c.execute(
                "UPDATE portal_requests SET done = 1, account = ?, created_account = ?,"
                " finished = ? WHERE request = ?",
                (number, int(created_now), stamp, request),
            )
        return Answer(
            200,
            {
                "account": number,
                "created": created_now,
                "holder": mask_name(name),
                "phone": mask_phone(phone),
                "verified": "身份证现场核验（实名）",
                **PORTAL,
            },
        )

    def enrolment_counts(
        self, hall: str | None = None, since: date | None = None, until: date | None = None
    ) -> dict[str, Any]:
        """Enrolments guided at the halls' terminals, per hall and window (and how many were
        new accounts, how many bound) — of one hall, over China days ``since``..``until``."""
        where, args = "WHERE done = 1", []
        if hall is not None:
            where += " AND hall = ?"
            args.append(hall)
        if since is not None:
            where += " AND julianday(finished) >= julianday(?)"
            args.append(datetime.combine(since, time(), CST).isoformat())
        if until is not None:
            where += " AND julianday(finished) < julianday(?)"
            args.append(datetime.combine(until + timedelta(days=1), time(), CST).isoformat())
        rows = self.db.conn.execute(
            "SELECT hall, window, count(*), sum(created_account) FROM portal_requests"
            f" {where} GROUP BY hall, window ORDER BY hall, window",
            args,
        ).fetchall()
        return {
            "rows": [
                {"hall": h, "window": w, "enrolled": n, "new_accounts": int(new or 0)}
                for h, w, n, new in rows
            ],
            "total": sum(r[2] for r in rows),
        }
