"""Who is signed in to the console: staff accounts of the console's roles (core.staff: a hall's
manager, the city's inspectors), the lockout after repeated failures (core.staff's one rule),
server-side sessions — the cookie holds a random token, the platform only its digest; idle
after 30 minutes, over after 12 hours, gone when the account is disabled — a CSRF token per
session, and an audit of every sign-in, failure, lockout and sign-out."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from central.base import PlatformBase
from core.clock import CST
from core.staff import Attempts, LockoutPolicy, StaffRole, check_password

IDLE_SECONDS = 30 * 60
LONGEST_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Officer:
    """A console user: their number, name, role, and the hall they see (None: every hall)."""

    number: str
    name: str
    role: StaffRole
    hall: str | None
    csrf: str

    @property
    def inspector(self) -> bool:
        return self.role is StaffRole.INSPECTOR

    @property
    def actor(self) -> str:
        return f"{self.number} {self.name}"


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleSessions:
    def __init__(self, platform: PlatformBase, policy: LockoutPolicy | None = None) -> None:
        self.platform = platform
        self.policy = policy or LockoutPolicy()

    @property
    def _db(self):  # type: ignore[no-untyped-def]
        return self.platform.db

    def audit(self, actor: str, action: str, detail: dict[str, object] | None = None) -> None:
        with self._db.transaction() as c:
            c.execute(
                "INSERT INTO console_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (
                    self.platform.now_iso(),
                    actor,
                    action,
                    json.dumps(detail or {}, ensure_ascii=False),
                ),
            )

    def sign_in(self, number: str, password: str) -> str:
        """Checks a sign-in; returns a new session's token. Raises SignInRefused with the
        words to show (the same for an unknown account and a wrong password)."""
        number = number.strip()[:32]
        now = datetime.fromtimestamp(self.platform.clock(), UTC)
        c = self._db.conn
        row = c.execute("SELECT doc FROM console_attempts WHERE number = ?", (number,)).fetchone()
        attempts = Attempts.decode(row[0]) if row else Attempts()
        if attempts.locked(now):
            self.audit(number, "sign_in_locked")
            raise SignInRefused(
                f"账号已锁定，请于{attempts.until_text(now, CST)}后再试，或联系管理员解锁。"
            )
        account = c.execute(
            "SELECT name, role, password_hash, enabled FROM staff WHERE number = ?", (number,)
        ).fetchone()
        ok = (
            account is not None
            and bool(account[3])
            and account[1] in (StaffRole.MANAGER.value, StaffRole.INSPECTOR.value)
            and check_password(account[2], password)
        )
        if not ok:
            attempts = attempts.after_failure(now, self.policy)
            with self._db.transaction() as t:
                t.execute(
                    "INSERT INTO console_attempts VALUES (?, ?) ON CONFLICT (number)"
                    " DO UPDATE SET doc = excluded.doc",
                    (number, attempts.encode()),
                )
            if attempts.locked(now):
                self.audit(number, "locked_out", {"failures": attempts.failures})
                raise SignInRefused(
                    f"密码连续错误{self.policy.max_failures}次，账号已锁定，"
                    f"请于{attempts.until_text(now, CST)}后再试。"
                )
            self.audit(number, "sign_in_failed", {"failures": attempts.failures})
            raise SignInRefused(f"工号或密码错误（还可尝试{attempts.left(self.policy)}次）。")
        token = secrets.token_urlsafe(32)
        stamp = self.platform.clock()
        with self._db.transaction() as t:
            t.execute("DELETE FROM console_attempts WHERE number = ?", (number,))
            t.execute(
                "DELETE FROM console_sessions WHERE seen < ? OR created < ?",
                (stamp - IDLE_SECONDS, stamp - LONGEST_SECONDS),
            )
            t.execute(
                "INSERT INTO console_sessions VALUES (?, ?, ?, ?, ?)",
                (_digest(token), number, secrets.token_urlsafe(32), stamp, stamp),
            )
        self.audit(f"{number} {account[0]}", "sign_in")
        return token

    def officer(self, token: str) -> Officer | None:
        """The session's user, or None (no session, idle or too old, account disabled or
        no longer of a console role). A live session's last use is moved on."""
        if not token:
            return None
        stamp = self.platform.clock()
        row = self._db.conn.execute(
            "SELECT s.number, s.csrf, s.created, s.seen, f.name, f.role, f.hall, f.enabled"
            " FROM console_sessions s JOIN staff f ON f.number = s.number"
            " WHERE s.token_hash = ?",
            (_digest(token),),
        ).fetchone()
        if row is None:
            return None
        number, csrf, created, seen, name, role, hall, enabled = row
        alive = stamp - seen < IDLE_SECONDS and stamp - created < LONGEST_SECONDS
        if not (alive and enabled) or role not in ("manager", "inspector"):
            self.sign_out(token)
            return None
        if stamp - seen > 60:  # last use, kept to the minute (no write per request)
            with self._db.transaction(durable=False) as t:
                t.execute(
                    "UPDATE console_sessions SET seen = ? WHERE token_hash = ?",
                    (stamp, _digest(token)),
                )
        staff_role = StaffRole(role)
        return Officer(
            number, name, staff_role, None if staff_role is StaffRole.INSPECTOR else hall, csrf
        )

    def sign_out(self, token: str) -> None:
        with self._db.transaction() as t:
            t.execute("DELETE FROM console_sessions WHERE token_hash = ?", (_digest(token),))

    @staticmethod
    def csrf_ok(officer: Officer, given: str) -> bool:
        return bool(given) and hmac.compare_digest(officer.csrf, given)
