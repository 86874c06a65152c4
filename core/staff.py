"""Staff accounts and sign-in rules: roles, password hashes, the lockout policy.

The platform keeps the accounts (central/); each terminal pulls its hall's staff with their
password hashes so that sign-in works offline. Both sides use the rules here: one hash format,
one lockout rule (等保 level 3: limited attempts, lockout, every event audited).

Password hashes are scrypt (RFC 7914, in the standard library) in a self-describing text form
``scrypt$<log2 n>$<r>$<p>$<salt, base64>$<hash, base64>`` so the cost can be raised later
without breaking stored hashes.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from core.settings import Role

#: scrypt cost: 2**15 × 8 × 1 takes ~0.1 s and 32 MiB, slow enough against guessing a stolen
#: hash list, quick enough for a clerk.
SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P = 15, 8, 1
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 64  # NIST 800-63B: at least 64 allowed; a bound, not 100,001
MIN_PASSWORD_SCORE = 3  # zxcvbn's 0–4: 3 'safely unguessable' against online attacks


class StaffRole(enum.StrEnum):
    CLERK = "clerk"  # 窗口工作人员: one-window acceptance at a hall counter
    AGENT = "agent"  # 代办员: submits for villagers at an agent station
    SUPERVISOR = "supervisor"  # 负责人: any station
    # the supervision console's (served by central), never a terminal's
    MANAGER = "manager"  # 大厅负责人: their hall's 差评 cases, time limits and statistics
    INSPECTOR = "inspector"  # 监管人员 (city): every hall, and the 申诉复核 of 差评

    @property
    def label(self) -> str:
        return {
            "clerk": "窗口工作人员",
            "agent": "代办员",
            "supervisor": "负责人",
            "manager": "大厅负责人",
            "inspector": "监管人员",
        }[self.value]

    @property
    def signs_in_console(self) -> bool:
        """The supervision console's accounts: a hall's manager, the city's inspectors."""
        return self in (StaffRole.MANAGER, StaffRole.INSPECTOR)

    def may_work_at(self, terminal: Role) -> bool:
        """Who may sign in where: clerks at counters, agents at agent stations."""
        if self is StaffRole.SUPERVISOR:
            return terminal in (Role.COUNTER, Role.AGENT)
        return (self, terminal) in ((StaffRole.CLERK, Role.COUNTER), (StaffRole.AGENT, Role.AGENT))


@dataclass(frozen=True)
class StaffMember:
    number: str  # 工号
    name: str
    role: StaffRole
    password_hash: str = ""
    hall: str = ""  # the hall's code; empty: every hall
    enabled: bool = True

    def public(self) -> StaffMember:
        """The member without the hash, for windows and logs."""
        return StaffMember(self.number, self.name, self.role, "", self.hall, self.enabled)

    @property
    def display(self) -> str:
        return f"{self.name}（工号 {self.number}）"


def check_new_password(password: str, *, context: Sequence[str] = ()) -> None:
    """Raises ValueError, in words for the administrator, for a password not allowed — by
    NIST SP 800-63B's rules rather than composition rules: 8 to 64 characters, and not easy
    to guess, as zxcvbn estimates it (its lists of common passwords, names and words, and its
    patterns: repeats, sequences, keyboard walks, dates), with ``context`` (the staff number,
    the name, the hall) counted as known to an attacker. 8 spaces, '--------', 'password1' and
    the staff number twice passed the old letters-and-digits rule's check, which did not even
    hold it."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise ValueError(f"密码须为 {MIN_PASSWORD_LENGTH} 至 {MAX_PASSWORD_LENGTH} 位")
    from zxcvbn import zxcvbn  # its dictionaries load on the first new password, not at start

    words = [w for c in context for w in (c, *c.split()) if w]
    if zxcvbn(password, user_inputs=words)["score"] < MIN_PASSWORD_SCORE:
        raise ValueError(
            "密码太容易被猜到（常见密码、重复或连续的字符、含工号或姓名等），"
            "请换一个更长、更不规则的密码，例如几个不相关的词加数字"
        )


def hash_password(password: str, *, salt: bytes | None = None, log_n: int = SCRYPT_LOG_N) -> str:
    salt = salt or os.urandom(16)
    digest = _scrypt(password, salt, log_n, SCRYPT_R, SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${log_n}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored``; False for any malformed or unknown hash."""
    try:
        scheme, log_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or not (10 <= int(log_n) <= 20 and 1 <= int(r) <= 16):
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(
            password, base64.b64decode(salt, validate=True), int(log_n), int(r), int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def _scrypt(password: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    n = 1 << log_n
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n, dklen=32
    )


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


@dataclass(frozen=True)
class Attempts:
    """Consecutive failed sign-ins of one account on this terminal, and its lock: from
    ``locked_at`` to ``locked_until``. A lock never lasts longer than its length whatever the
    clock does: taken while the clock was a year ahead and then corrected (a bad RTC set right
    by NTP), the clock is before ``locked_at`` and the lock is over (it lasted the year)."""

    failures: int = 0
    locked_until: datetime | None = None
    locked_at: datetime | None = None

    def locked(self, now: datetime) -> bool:
        if self.locked_until is None:
            return False
        started = self.locked_at or self.locked_until - timedelta(minutes=15)  # older records
        return started <= now < self.locked_until

    def after_failure(self, now: datetime, policy: LockoutPolicy) -> Attempts:
        """One more failure; the last allowed one locks the account for the policy's time."""
        failures = 0 if self.locked_until is not None and not self.locked(now) else self.failures
        failures += 1
        if failures >= policy.max_failures:
            return Attempts(failures, now + timedelta(minutes=policy.lock_minutes), now)
        return Attempts(failures, None)

    def left(self, policy: LockoutPolicy) -> int:
        return max(policy.max_failures - self.failures, 0)

    def encode(self) -> str:
        until = self.locked_until.isoformat() if self.locked_until else ""
        at = self.locked_at.isoformat() if self.locked_at else ""
        return f"{self.failures}|{until}|{at}"

    @classmethod
    def decode(cls, text: str) -> Attempts:
        try:
            count, until, *rest = text.split("|")
            at = rest[0] if rest else ""
            return cls(
                int(count),
                datetime.fromisoformat(until) if until else None,
                datetime.fromisoformat(at) if at else None,
            )
        except ValueError:
            return cls()

    def until_text(self, now: datetime, zone: tzinfo) -> str:
        """When the lock ends, as the message says it: the time, and the date too when it is
        not today's (a bare 10:00 read as minutes)."""
        assert self.locked_until is not None
        until = self.locked_until.astimezone(zone)
        same_day = until.date() == now.astimezone(zone).date()
        return f"{until:%H:%M}" if same_day else f"{until.month}月{until.day}日 {until:%H:%M}"
