"""Staff sign-in at counters and agent stations, offline: the hall's accounts pulled from the
platform (sealed in the store), the lockout after repeated failures, and the audit of every
sign-in, failure, lock, unlock and sign-out (等保 level 3).

One :class:`StaffDesk` per store connection (it belongs to the thread's :class:`Operations`).
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass

from core.clock import CST
from core.errors import SignInRefused, StorageError
from core.messages import tr
from core.settings import Role
from core.staff import (
    SCRYPT_LOG_N,
    Attempts,
    LockoutPolicy,
    StaffMember,
    StaffRole,
    check_password,
    hash_password,
)
from sync.store import LocalStore

log = logging.getLogger(__name__)

__all__ = ["SignedIn", "StaffDesk"]

#: unknown staff numbers whose failed sign-ins are remembered (in memory)
UNKNOWN_TRACKED = 256


@dataclass(frozen=True)
class SignedIn:
    member: StaffMember  # without the hash
    unlocked: bool = False  # the same person back at a locked screen


class StaffDesk:
    def __init__(self, store: LocalStore, role: Role, policy: LockoutPolicy | None = None) -> None:
        self.store = store
        self.role = role
        self.policy = policy or LockoutPolicy()
        #: failed sign-ins of numbers on no account: kept in memory, at most UNKNOWN_TRACKED
        #: (each unknown number tried left a row in the store: 200 tries, 201 rows)
        self._unknown: OrderedDict[str, Attempts] = OrderedDict()
        self._dummy_hash = ""

    def roster_version(self) -> int:
        """0 until the first staff list has arrived from the platform."""
        return self.store.staff()[0]

    def _member(self, number: str) -> StaffMember | None:
        for doc in self.store.staff()[1]:
            if doc.get("number") == number:
                try:
                    return StaffMember(
                        number=number,
                        name=str(doc.get("name", "")),
                        role=StaffRole(str(doc.get("role", ""))),
                        password_hash=str(doc.get("password_hash", "")),
                        hall=str(doc.get("hall", "")),
                        enabled=bool(doc.get("enabled", False)),
                    )
                except ValueError:
                    return None
        return None

    def _check(self, member: StaffMember | None, password: str) -> bool:
        """The password against the account's hash — or, for a number on no account or a
        disabled one, against a dummy hash of the same cost, so that the answer takes as long
        (8 ms for an unknown number against 882 ms for a known one told them apart)."""
        if member is not None and member.enabled:
            return check_password(member.password_hash, password)
        if not self._dummy_hash:  # at the cost the hall's accounts are hashed with
            log_n = SCRYPT_LOG_N
            for doc in self.store.staff()[1]:
                parts = str(doc.get("password_hash", "")).split("$")
                if len(parts) == 6 and parts[1].isdigit():
                    log_n = int(parts[1])
                    break
            self._dummy_hash = hash_password(secrets.token_urlsafe(12), log_n=log_n)
        check_password(self._dummy_hash, password)
        return False

    def _attempts(self, number: str) -> Attempts:
        if number in self._unknown:
            return self._unknown[number]
        row = self.store.conn.execute(
            "SELECT value FROM sync_state WHERE key = ?", (f"signin:{number}",)
        ).fetchone()
        return Attempts.decode(str(row[0])) if row else Attempts()

    def _record(
        self, number: str, attempts: Attempts, event: str, detail: str, *, known: bool = True
    ) -> None:
        if not known:  # audited like any failure; its count kept in memory, bounded
            self._unknown[number] = attempts
            self._unknown.move_to_end(number)
            while len(self._unknown) > UNKNOWN_TRACKED:
                self._unknown.popitem(last=False)
            self.store.audit(event, number, detail)
            return
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (f"signin:{number}", attempts.encode()),
            )
            self.store._audit(c, event, number, detail)

    def sign_in(self, number: str, password: str, *, unlocking: str = "") -> SignedIn:
        """Checks a sign-in offline. ``unlocking`` is the number of the staff member whose
        screen is locked: only they (or another member, which signs them out) get past it.

        Raises:
            SignInRefused: with the reason in the clerk's words; the attempt is audited.
        """
        number = number.strip()
        if not number or len(number) > 32:
            raise SignInRefused("empty or long staff number", user_message=tr("请输入工号。"))
        if self.roster_version() == 0:
            raise SignInRefused(
                "no staff list yet",
                user_message=tr("本机尚未从平台取得工作人员名单：请连接网络，同步完成后再登录。"),
            )
        now = self.store.clock.now()
        attempts = self._attempts(number)
        if attempts.locked(now):
            assert attempts.locked_until is not None
            self.store.audit("staff_signin_refused_locked", number)
            until = attempts.until_text(now, CST)
            raise SignInRefused(
                "account locked",
                user_message=f"该工号因多次密码错误已锁定，请于 {until} 后再试，或联系负责人。",
            )
        member = self._member(number)
        if not self._check(member, password):
            known = member is not None
            after = attempts.after_failure(now, self.policy)
            if after.locked_until is not None:
                self._record(
                    number, after, "staff_locked", f"{after.failures} failures", known=known
                )
                raise SignInRefused(
                    "wrong password; account locked",
                    user_message=f"工号或密码错误。已连续错误 {after.failures} 次，"
                    f"该工号锁定 {self.policy.lock_minutes} 分钟。",
                )
            self._record(
                number, after, "staff_signin_failed", f"{after.failures} failures", known=known
            )
            left = after.left(self.policy)
            hint = f"再错 {left} 次将锁定 {self.policy.lock_minutes} 分钟。" if left <= 3 else ""
            disabled = member is not None and not member.enabled
            reason = "该工号已停用，请联系负责人。" if disabled else "工号或密码错误。"
            raise SignInRefused("wrong staff number or password", user_message=reason + hint)
        assert member is not None  # _check passes only an enabled account
        if not member.role.may_work_at(self.role):
            self.store.audit("staff_signin_refused_role", number, member.role.value)
            where = "代办站" if self.role is Role.AGENT else "综合受理窗口"
            raise SignInRefused(
                f"role {member.role} may not sign in at a {self.role.value} terminal",
                user_message=f"该工号为{member.role.label}，不能在{where}登录。",
            )
        unlocked = bool(unlocking) and unlocking == number
        if unlocking and not unlocked:  # another member at a locked screen: the first goes
            self.store.audit("staff_signout", unlocking, "replaced at the locked screen")
        self._record(number, Attempts(), "staff_unlocked" if unlocked else "staff_signin", "")
        return SignedIn(member.public(), unlocked=unlocked)

    def technician_exit(self, pin: str, pin_hash: str) -> None:
        """The technician's PIN to leave the locked-down kiosk: the same lockout (5 wrong →
        15 minutes, across restarts) and every attempt audited.

        Whatever the disk: a full or failing store refused even the right PIN, without a word
        (its audit write failed) — the one person who can free the disk could not reach
        退出自助程序. The right PIN lets the technician out with the exit written to the
        journal; wrong ones are still counted (in memory) and locked out.

        Raises:
            SignInRefused: wrong, locked, or no PIN configured (said for the technician).
        """
        who = "technician"
        if not pin_hash:
            self._audit_anyway("technician_exit_refused", who, "no PIN configured")
            raise SignInRefused(
                "no technician PIN configured",
                user_message=tr(
                    "本机未设置技术人员密码（[kiosk] technician_pin_hash），不能从这里退出。"
                ),
            )
        now = self.store.clock.now()
        attempts = self._attempts_anyway(who)
        if attempts.locked(now):
            assert attempts.locked_until is not None
            self._audit_anyway("technician_exit_refused", who, "locked")
            until = attempts.until_text(now, CST)
            raise SignInRefused(
                "technician PIN locked", user_message=f"已锁定，请于 {until} 后再试。"
            )
        if not check_password(pin_hash, pin):
            after = attempts.after_failure(now, self.policy)
            event = "technician_locked" if after.locked_until else "technician_pin_failed"
            self._record_anyway(who, after, event, f"{after.failures} failures")
            raise SignInRefused(
                "wrong technician PIN",
                user_message=f"密码错误（还可尝试 {after.left(self.policy)} 次）。"
                if after.locked_until is None
                else f"密码错误 {after.failures} 次，已锁定 {self.policy.lock_minutes} 分钟。",
            )
        self._record_anyway(who, Attempts(), "technician_exit", "")

    def _attempts_anyway(self, who: str) -> Attempts:
        try:
            return self._attempts(who)
        except StorageError as e:
            log.warning("technician attempts unreadable (%s): counted from now", e.detail)
            return Attempts()

    def _record_anyway(self, who: str, attempts: Attempts, event: str, detail: str) -> None:
        """Recorded in the store; when it cannot be written, kept in memory and written to
        the journal instead (the count still locks out, for this run)."""
        try:
            self._record(who, attempts, event, detail)
        except StorageError as e:
            log.warning("%s not recorded in the store (%s): %s %s", event, e.detail, who, detail)
            self._unknown[who] = attempts
            return
        self._unknown.pop(who, None)

    def _audit_anyway(self, event: str, who: str, detail: str) -> None:
        try:
            self.store.audit(event, who, detail)
        except StorageError as e:
            log.warning("%s not audited in the store (%s): %s", event, e.detail, detail)

    def sign_out(self, number: str) -> None:
        self.store.audit("staff_signout", number)

    def screen_locked(self, number: str, reason: str = "idle") -> None:
        self.store.audit("staff_screen_locked", number, reason)
