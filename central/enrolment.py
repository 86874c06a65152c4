"""Enrolment by code: the platform issues a one-time code for a terminal (its id, role, hall,
division and an expiry); the technician types it on the new terminal (`hall-sync enrol`), which
gets its credentials and first settings in exchange — the secret never travels on paper or in a
settings file, a used or expired code is refused, and enrolling a terminal again rotates its
secret (the old one stops working at once)."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, text_field

#: letters and digits that cannot be misread for each other (no 0/O, 1/I/L)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # ≈ 59 bits: not guessable within a code's days of life and the throttle
#: wrong codes an address may try in a window before it waits
MAX_TRIES = 10
TRY_WINDOW = 600.0
#: the roles a code may enrol (the online portal is enrolled by an administrator)
ENROL_ROLES = ("kiosk", "counter", "agent", "display")


def normalise(code: str) -> str:
    """A code as typed (lower case, spaces, hyphens) as it is kept."""
    return re.sub(r"[\s-]", "", code).upper()


def _digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


class Enrolment(PlatformBase):
    _enrol_tries: dict[str, list[float]]

    def issue_enrolment_code(
        self,
        terminal_id: str,
        role: str,
        *,
        hall: str = "",
        region_code: str = "",
        hall_name: str = "",
        name: str = "",
        hours: float = 72.0,
    ) -> dict[str, Any]:
        """A one-time code enrolling ``terminal_id`` (a new one, or again: its secret then
        changes); only its digest is kept."""
        if not re.fullmatch(r"[A-Za-z0-9-]{1,32}", terminal_id):
            raise PlatformError(422, "terminal id: letters, digits and '-', at most 32")
        if role not in ENROL_ROLES:
            raise PlatformError(422, f"role must be one of {', '.join(ENROL_ROLES)}")
        if not re.fullmatch(r"\d{12}", region_code):  # a terminal's settings need it
            raise PlatformError(
                422, "region_code: the hall's 12-digit division code (the terminal needs it)"
            )
        if not 0 <= hours <= 24 * 30:
            raise PlatformError(422, "a code lives between 0 and 720 hours")
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
        expires = self.clock() + hours * 3600
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO enrolment_codes (code_hash, terminal_id, role, hall, region_code,"
                " hall_name, name, expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _digest(code),
                    terminal_id,
                    role,
                    hall,
                    region_code,
                    hall_name,
                    name,
                    expires,
                    self.now_iso(),
                ),
            )
        return {"code": code, "terminal_id": terminal_id, "role": role, "expires": expires}

    def enrol_with_code(self, body: dict[str, Any], address: str) -> Answer:
        """A terminal's credentials and first settings for a valid code, once."""
        now = self.clock()
        tries = self.__dict__.setdefault("_enrol_tries", {})
        recent = [t for t in tries.get(address, []) if t > now - TRY_WINDOW]
        if len(recent) >= MAX_TRIES:
            raise PlatformError(429, "too many wrong enrolment codes; wait", retry_after=600)
        code = text_field(body, "code", 64)
        row = self.db.conn.execute(
            "SELECT terminal_id, role, hall, region_code, hall_name, name, expires, used_at"
            " FROM enrolment_codes WHERE code_hash = ?",
            (_digest(code),),
        ).fetchone()
        if row is None:
            tries[address] = [*recent, now]
            raise PlatformError(403, "unknown enrolment code")
        terminal, role, hall, region, hall_name, name, expires, used = row
        if used:
            raise PlatformError(410, "this enrolment code was used; ask for a new one")
        if float(expires) <= now:
            raise PlatformError(410, "this enrolment code has expired; ask for a new one")
        with self.db.transaction() as c:
            taken = c.execute(
                "UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL",
                (self.now_iso(), _digest(code)),
            ).rowcount
            if not taken:  # another request used it a moment ago
                raise PlatformError(410, "this enrolment code was used; ask for a new one")
        secret = self.add_terminal(str(terminal), str(name), str(hall), str(role))
        settings: dict[str, Any] = {"terminal": {"id": terminal, "role": role}}
        if region:
            settings["terminal"]["region_code"] = region
        if hall_name:
            settings["terminal"]["hall_name"] = hall_name
        return Answer(
            200,
            {
                "terminal_id": terminal,
                "role": role,
                "hall": hall,
                "secret": secret,
                "settings": settings,
                "server_time": int(now),
                # pinned by the terminal: what it installs must be signed with this key
                "platform_key": self.public_key(),
            },
        )
